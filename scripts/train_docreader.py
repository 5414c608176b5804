#!/usr/bin/env python3
"""Rebuild the document reader's models (zones, spans, mentions) from synthetic documents.

    nice -n 10 .venv/bin/python scripts/train_docreader.py [--docs 1500] [--seed 12]

Writes ``src/citekit/importer/models/{zones,spans,mentions,mention_filter}.crfsuite`` and ``models/meta.json``
(version, seed, sizes, held-out synthetic scores). No network; the material comes from
``../shared/refparse/dev.jsonl`` and ``../shared/corpora`` (see ``docreader_synth.py``).
The span model is trained on the zones the zone model predicts, as it sees them at run time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import pycrfsuite  # noqa: E402

import docreader_mentions  # noqa: E402

from citekit.importer import mentions  # noqa: E402
from citekit.importer import spans as span_mod  # noqa: E402
from citekit.importer import zones as zone_mod  # noqa: E402
from citekit.importer.text import split_lines  # noqa: E402
from docreader_synth import make_documents  # noqa: E402

MODELS = ROOT / "src" / "citekit" / "importer" / "models"
VERSION = "3"  # 2: span features include the citation grammar's marks in body zones; 3: the mention model
C1 = 0.2


def _train(xs, ys, path: Path, iterations: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        trainer.append(x, y)
    trainer.set_params({"c1": C1, "c2": 0.01, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 3})
    trainer.train(str(path))


def _accuracy(tagger, xs, ys) -> float:
    right = total = 0
    for x, y in zip(xs, ys):
        for a, b in zip(tagger.tag(x), y):
            right += a == b
            total += 1
    return round(right / max(1, total), 4)


def _span_sequences(text: str, ztag, labels: list[str]):
    """(features, labels) per paragraph sequence, with the zones the zone model predicts."""
    lines = split_lines(text)
    feats = zone_mod.line_features(lines)
    predicted = ztag.tag(feats) if feats else []
    line_zone = {}
    k = 0
    for i, line in enumerate(lines):
        if not line.blank:
            line_zone[i] = predicted[k]
            k += 1
    tokens = span_mod.tokenize(text)
    tz = [line_zone.get(t.line, "BODY") for t in tokens]
    marks = span_mod.grammar_marks(text, tokens)
    out = []
    for a, b in span_mod.sequences(tokens):
        out.append((span_mod.token_features(tokens[a:b], tz[a:b], marks[a:b]), labels[a:b]))
    return out


def _cross_validate(real_dir: Path, real, synthetic, folds: int, repeat: int, iterations: int,
                    save: Path | None = None, mention_data=None, mention_repeat: int = 10,
                    keep_spans: bool = False):
    """Span models trained without each fold's real documents, scored on that fold (kept in
    ``save`` as fold1..foldK.crfsuite, so ``eval_documents.py --fold-models`` can re-score the
    reader's assembly code by the same cross-validation without training again)."""
    import tempfile

    from eval_documents import f1, score_document, table

    from citekit.importer import import_sources

    rows = []
    for k in range(folds):
        test = [r for i, r in enumerate(real) if i % folds == k]
        train = [r for i, r in enumerate(real) if i % folds != k]
        xs = [x for x, _ in synthetic] + [x for _, seqs in train for x, _ in seqs] * repeat
        ys = [y for _, y in synthetic] + [y for _, seqs in train for _, y in seqs] * repeat
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "spans.crfsuite"
            if keep_spans and save and (save / f"fold{k + 1}.crfsuite").exists():
                path.write_bytes((save / f"fold{k + 1}.crfsuite").read_bytes())
            else:
                _train(xs, ys, path, iterations)
            if save:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"fold{k + 1}.crfsuite").write_bytes(path.read_bytes())
            span_mod.use_model(str(path))
            if mention_data is not None:
                syn_m, real_m = mention_data
                train_m = [ex for i, (_, exs) in enumerate(real_m) if i % folds != k for ex in exs]
                mention_dir = save or Path(tmp)
                mention_dir.mkdir(parents=True, exist_ok=True)
                docreader_mentions.train_pair(syn_m + train_m * mention_repeat, mention_dir, str(k + 1))
                mentions.use_model(str(mention_dir / f"mentions{k + 1}.crfsuite"),
                                   str(mention_dir / f"mention_filter{k + 1}.crfsuite"))
            for stem, _ in test:
                doc = real_dir / f"{stem}.txt"
                gold = json.loads((real_dir / f"{stem}.gold.json").read_text(encoding="utf-8"))
                source = json.loads(import_sources([str(doc)]).to_json())["sources"][0]
                rows.append((stem, score_document(gold, source)))
            span_mod.use_model(None)
            mentions.use_model(None)
        print(f"fold {k + 1}/{folds} done", flush=True)
    rows.sort()
    total = {key: sum((r[key] or 0) for _, r in rows) for key in rows[0][1]}
    titled = [r["title_ok"] for _, r in rows if r["title_ok"] is not None]
    summary = {
        "reference_f1": round(f1(total["ref_hits"], total["gold_refs"], total["pred_refs"]), 3),
        "citation_f1": round(f1(total["cite_hits"], total["gold_cites"], total["pred_cites"]), 3),
        "field_accuracy": round(total["field_right"] / max(1, total["field_total"]), 3),
        "document_field_accuracy": round(total["doc_right"] / max(1, total["doc_total"]), 3),
        "document_title_accuracy": round(sum(titled) / max(1, len(titled)), 3),
    }
    return summary, table(rows)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--iterations", type=int, default=60)
    ap.add_argument("--real", type=Path, help="also train the span model on these gold documents")
    ap.add_argument("--folds", type=int, default=0, help="cross-validate by document over --real first")
    ap.add_argument("--repeat", type=int, default=3, help="weight of a real document (copies)")
    ap.add_argument("--keep-zones", action="store_true", help="reuse the shipped zone model")
    ap.add_argument("--c1", type=float, default=0.2, help="L1 weight (larger: a smaller model)")
    ap.add_argument("--out", type=Path, default=MODELS, help="where to write the models")
    ap.add_argument("--save-folds", type=Path, help="keep the cross-validation span models here")
    ap.add_argument("--mention-docs", type=int, default=300,
                    help="synthetic documents whose candidates train the mention model")
    ap.add_argument("--mention-repeat", type=int, default=10, help="weight of a real document's candidates")
    ap.add_argument("--keep-spans", action="store_true",
                    help="reuse the shipped span model (and --save-folds' span models): train the mention model only")
    args = ap.parse_args()
    global C1
    C1 = args.c1
    out = args.out
    t0 = time.time()
    docs = make_documents(args.docs, seed=args.seed)
    held = max(1, len(docs) // 10)
    print(f"generated {len(docs)} documents in {time.time() - t0:.0f}s", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    meta = {"version": VERSION, "seed": args.seed, "documents": args.docs, "iterations": args.iterations,
            "c1": args.c1}
    zone_path = MODELS / zone_mod.MODEL_NAME if args.keep_zones else out / zone_mod.MODEL_NAME
    zx, zy = [], []
    for text, zones, _ in docs[:held] if args.keep_zones else docs:
        zx.append(zone_mod.line_features(split_lines(text)))
        zy.append(zones)
    if not args.keep_zones:
        _train(zx[held:], zy[held:], zone_path, args.iterations)
    ztag = pycrfsuite.Tagger()
    ztag.open(str(zone_path))
    meta["heldout_zone_line_accuracy"] = _accuracy(ztag, zx[:held], zy[:held])
    print(f"zones ready ({time.time() - t0:.0f}s), held-out line accuracy {meta['heldout_zone_line_accuracy']}",
          flush=True)

    synthetic = [seq for text, _, labels in docs for seq in _span_sequences(text, ztag, labels)]
    cut = max(1, len(synthetic) // 10)
    real = []
    if args.real:
        from docreader_real import load

        real = [(stem, _span_sequences(text, ztag, labels)) for stem, text, labels in load(args.real)]
        meta["real_documents"] = len(real)
        meta["real_repeat"] = args.repeat
    # the mention model's examples: candidates of synthetic documents and of the real ones
    # (their own documents: the prose bibliographies there also name works undated, "Name's
    # Title", which the span model is not taught: it would read them in essays too)
    mention_docs = make_documents(args.mention_docs, seed=args.seed + 1, undated=True)
    mention_syn = docreader_mentions.synthetic_examples(mention_docs)
    mention_real = docreader_mentions.real_examples(args.real) if args.real else []
    meta["mention_documents"] = args.mention_docs
    meta["mention_real_repeat"] = args.mention_repeat
    meta["mention_examples"] = len(mention_syn) + sum(len(e) for _, e in mention_real)
    print(f"mention examples ready ({time.time() - t0:.0f}s): {meta['mention_examples']}", flush=True)
    if real and args.folds:
        summary, rows = _cross_validate(args.real, real, synthetic[cut:], args.folds, args.repeat, args.iterations,
                                       args.save_folds, (mention_syn, mention_real), args.mention_repeat,
                                       args.keep_spans)
        meta["cross_validation"] = {"folds": args.folds, **summary}
        print("cross-validated:", summary, flush=True)
        print(rows)
    docreader_mentions.train_pair(mention_syn + [ex for _, exs in mention_real for ex in exs] * args.mention_repeat,
                                  out)
    if args.keep_spans:
        old = json.loads((MODELS / "meta.json").read_text(encoding="utf-8"))
        meta["heldout_span_token_accuracy"] = old.get("heldout_span_token_accuracy")
        if out != MODELS:
            (out / span_mod.MODEL_NAME).write_bytes((MODELS / span_mod.MODEL_NAME).read_bytes())
    else:
        xs = [x for x, _ in synthetic[cut:]] + [x for _, seqs in real for x, _ in seqs] * args.repeat
        ys = [y for _, y in synthetic[cut:]] + [y for _, seqs in real for _, y in seqs] * args.repeat
        _train(xs, ys, out / span_mod.MODEL_NAME, args.iterations)
        stag = pycrfsuite.Tagger()
        stag.open(str(out / span_mod.MODEL_NAME))
        meta["heldout_span_token_accuracy"] = _accuracy(stag, [x for x, _ in synthetic[:cut]],
                                                        [y for _, y in synthetic[:cut]])
    print(f"spans and mentions trained ({time.time() - t0:.0f}s), held-out synthetic token accuracy "
          f"{meta['heldout_span_token_accuracy']}", flush=True)
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    for p in sorted(out.iterdir()):
        print(p.name, p.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
