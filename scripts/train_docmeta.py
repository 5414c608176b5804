#!/usr/bin/env python3
"""Rebuild the document-title ranker (``src/citekit/importer/models/docmeta.json``).

    nice -n 10 .venv/bin/python scripts/train_docmeta.py [--docs 1500] [--real ../shared/docs-dev
        --folds 3 --span-folds DIR --save-folds DIR]

Training data: synthetic document headers from ``docmeta_synth.py`` (the generator knows the
title) and, with ``--real``, documents with hand-written gold (their ``document.fields.title``;
no title in the gold = "no title"). Each document is read by ``read_document`` exactly as at run
time and its title candidates (``citekit.importer.docmeta``) collected; a candidate is right when
its text agrees with the true title (the scorer's rule, ratio >= 0.8). The ranker is a linear
softmax over a document's candidates ("no title" is one of them), fitted by SGD with an L2 penalty.

``--folds K``: cross-validation by document over the real documents (document i of the sorted
gold files is in fold i mod K, as ``eval_documents.py --fold-models`` assigns them); the fold
models are kept as ``docmeta_fold1..K.json`` in ``--save-folds`` (put them beside the span fold
models so that ``eval_documents.py --fold-models DIR`` reads both). The real documents are read
with the span fold model that was trained without them (``--span-folds``) when given.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from citekit.importer import docmeta  # noqa: E402
from citekit.importer import spans as span_mod  # noqa: E402
from citekit.importer.reader import read_document  # noqa: E402
from docmeta_synth import make_headers  # noqa: E402
from eval_documents import ratio  # noqa: E402

OUT = ROOT / "src" / "citekit" / "importer" / "models" / docmeta.MODEL_NAME
VERSION = "1"


def collect(text: str, title: str | None) -> tuple[list[dict], list[int]] | None:
    """(candidate features, indices of the right candidates) of one document, None if no candidate is right."""
    docmeta._capture = []
    try:
        read_document(text, "x.txt")
        cands = docmeta._capture[-1] if docmeta._capture else []
    finally:
        docmeta._capture = None
    if not cands:
        return None
    if title:
        right = [i for i, c in enumerate(cands) if c.kind != "none" and ratio(c.text, title) >= 0.8]
    else:
        right = [i for i, c in enumerate(cands) if c.kind == "none"]
    if not right:
        return None
    return [c.features for c in cands], right


def train(data: list[tuple[list[dict], list[int], float]], epochs: int = 12, rate: float = 0.1,
          l2: float = 1e-4, seed: int = 1) -> dict[str, float]:
    """Listwise softmax: maximise the probability mass on a document's right candidates."""
    w: dict[str, float] = {}
    avg: dict[str, float] = {}
    n_avg = 0
    rng = random.Random(seed)
    order = list(range(len(data)))
    for epoch in range(epochs):
        rng.shuffle(order)
        lr = rate / (1 + epoch * 0.5)
        for i in order:
            feats, right, weight = data[i]
            scores = [sum(w.get(k, 0.0) * v for k, v in f.items() if v) for f in feats]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            z = sum(exps)
            p = [e / z for e in exps]
            pr = sum(p[j] for j in right) or 1e-12
            # gradient of -log sum_{right} p: sum_j (p_j - q_j) x_j, q = p restricted to right, renormalised
            for j, f in enumerate(feats):
                g = p[j] - (p[j] / pr if j in right else 0.0)
                if abs(g) < 1e-6:
                    continue
                for k, v in f.items():
                    if v:
                        w[k] = w.get(k, 0.0) - lr * weight * g * v
        for k in list(w):
            w[k] *= 1 - l2
        if epoch >= epochs // 2:  # the average of the later epochs' weights: steadier than the last
            for k, v in w.items():
                avg[k] = avg.get(k, 0.0) + v
            n_avg += 1
    return {k: round(v / n_avg, 4) for k, v in sorted(avg.items()) if abs(v / n_avg) >= 1e-3}


def accuracy(data, weights) -> float:
    right = 0
    for feats, good, _ in data:
        scores = [sum(weights.get(k, 0.0) * v for k, v in f.items() if v) for f in feats]
        right += max(range(len(scores)), key=scores.__getitem__) in good
    return round(right / max(1, len(data)), 3)


def real_documents(folder: Path, span_folds: Path | None, folds: int):
    """(stem, fold, collected) of every gold document in ``folder``, read as eval_documents reads it."""
    spans = sorted(span_folds.glob("fold*.crfsuite"), key=lambda p: int(p.stem[4:])) if span_folds else []
    out = []
    for index, gold_path in enumerate(sorted(folder.glob("*.gold.json"))):
        stem = gold_path.name[: -len(".gold.json")]
        doc = folder / f"{stem}.txt"
        if not doc.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        title = ((gold.get("document") or {}).get("fields") or {}).get("title")
        if spans:
            span_mod.use_model(str(spans[index % len(spans)]))
        got = collect(doc.read_text(encoding="utf-8"), title)
        out.append((stem, index % folds if folds else 0, title, got))
    span_mod.use_model(None)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--real", type=Path, help="documents with gold (../shared/docs-dev)")
    ap.add_argument("--repeat", type=float, default=3.0, help="weight of a real document")
    ap.add_argument("--folds", type=int, default=0)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--span-folds", type=Path, help="span fold models to read the real documents with")
    ap.add_argument("--save-folds", type=Path, help="where to keep docmeta_fold1..K.json")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, help="keep/reuse the collected candidates here (a pickle; delete it "
                                               "when the features change)")
    args = ap.parse_args()
    t0 = time.time()
    # (the candidates and their features do not depend on the ranker that is loaded: the
    # "rule" feature is the rules' title, taken before the ranker runs)
    import pickle

    synthetic = []
    skipped = 0
    if args.cache and args.cache.exists():
        synthetic, real = pickle.loads(args.cache.read_bytes())
    else:
        for text, title in make_headers(args.docs, seed=args.seed):
            got = collect(text, title)
            if got is None:
                skipped += 1
                continue
            synthetic.append((got[0], got[1], 1.0))
        real = real_documents(args.real, args.span_folds, args.folds) if args.real else []
        if args.cache:
            args.cache.write_bytes(pickle.dumps((synthetic, real)))
    print(f"synthetic: {len(synthetic)} documents ({skipped} without a right candidate), {time.time() - t0:.0f}s",
          flush=True)
    held = len(synthetic) // 10
    meta: dict = {"version": VERSION, "seed": args.seed, "documents": args.docs, "epochs": args.epochs,
                  "real_repeat": args.repeat, "l2": args.l2}
    if real and args.folds:
        rows, hits, titled = [], 0, 0
        for k in range(args.folds):
            train_real = [(g[0], g[1], args.repeat) for _, fold, _, g in real if fold != k and g]
            weights = train(synthetic[held:] + train_real, args.epochs, l2=args.l2)
            if args.save_folds:
                args.save_folds.mkdir(parents=True, exist_ok=True)
                (args.save_folds / f"docmeta_fold{k + 1}.json").write_text(
                    json.dumps({"version": VERSION, "weights": weights}, indent=0) + "\n", encoding="utf-8")
            for stem, fold, title, g in real:
                if fold != k:
                    continue
                ok = None
                if g:
                    ok = accuracy([(g[0], g[1], 1.0)], weights) == 1.0
                rows.append((stem, title, ok))
                if title:
                    titled += 1
                    hits += bool(ok)
            print(f"fold {k + 1}/{args.folds} done ({time.time() - t0:.0f}s)", flush=True)
        for stem, title, ok in sorted(rows):
            print(f"  {stem}: {'right' if ok else 'wrong'} (gold title: {title!r})")
        meta["cross_validation"] = {"folds": args.folds, "title_accuracy_titled": round(hits / max(1, titled), 3),
                                    "measured_by": "candidate choice per held-out document; "
                                                   "eval_documents.py --fold-models gives the full figures"}
        print("cross-validated title accuracy (documents with a gold title):", meta["cross_validation"], flush=True)
    weights = train(synthetic[held:] + [(g[0], g[1], args.repeat) for _, _, _, g in real if g], args.epochs,
                    l2=args.l2)
    meta["heldout_synthetic_title_accuracy"] = accuracy(synthetic[:held], weights)
    meta["real_documents"] = len(real)
    meta["features"] = len(weights)
    print("held-out synthetic accuracy:", meta["heldout_synthetic_title_accuracy"], "features:", len(weights))
    args.out.write_text(json.dumps({**meta, "weights": weights}, indent=0) + "\n", encoding="utf-8")
    print(args.out, args.out.stat().st_size, "bytes", f"{time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
