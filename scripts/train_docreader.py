#!/usr/bin/env python3
"""Rebuild the document reader's models (zones and spans) from synthetic documents.

    nice -n 10 .venv/bin/python scripts/train_docreader.py [--docs 1500] [--seed 12]

Writes ``src/citekit/importer/models/{zones,spans}.crfsuite`` and ``models/meta.json``
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

from citekit.importer import spans as span_mod  # noqa: E402
from citekit.importer import zones as zone_mod  # noqa: E402
from citekit.importer.text import split_lines  # noqa: E402
from docreader_synth import make_documents  # noqa: E402

MODELS = ROOT / "src" / "citekit" / "importer" / "models"
VERSION = "1"


def _train(xs, ys, path: Path, iterations: int) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys):
        trainer.append(x, y)
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    trainer.train(str(path))


def _accuracy(tagger, xs, ys) -> float:
    right = total = 0
    for x, y in zip(xs, ys):
        for a, b in zip(tagger.tag(x), y):
            right += a == b
            total += 1
    return round(right / max(1, total), 4)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--iterations", type=int, default=80)
    args = ap.parse_args()
    t0 = time.time()
    docs = make_documents(args.docs, seed=args.seed)
    held = max(1, len(docs) // 10)
    print(f"generated {len(docs)} documents in {time.time() - t0:.0f}s", flush=True)
    MODELS.mkdir(parents=True, exist_ok=True)

    zx, zy = [], []
    for text, zones, _ in docs:
        lines = split_lines(text)
        zx.append([zone_mod._crf(f) for f in zone_mod.line_features(lines)])
        zy.append(zones)
    _train(zx[held:], zy[held:], MODELS / zone_mod.MODEL_NAME, args.iterations)
    ztag = pycrfsuite.Tagger()
    ztag.open(str(MODELS / zone_mod.MODEL_NAME))
    zone_acc = _accuracy(ztag, zx[:held], zy[:held])
    print(f"zones trained ({time.time() - t0:.0f}s), held-out line accuracy {zone_acc}", flush=True)

    sx, sy = [], []
    for (text, _, labels), feats in zip(docs, zx):
        lines = split_lines(text)
        predicted = ztag.tag(feats) if feats else []
        line_zone = {}
        k = 0
        for i, line in enumerate(lines):
            if not line.blank:
                line_zone[i] = predicted[k]
                k += 1
        tokens = span_mod.tokenize(text)
        tz = [line_zone.get(t.line, "BODY") for t in tokens]
        for a, b in span_mod.sequences(tokens):
            sx.append(span_mod.token_features(tokens[a:b], tz[a:b]))
            sy.append(labels[a:b])
    cut = max(1, len(sx) // 10)
    _train(sx[cut:], sy[cut:], MODELS / span_mod.MODEL_NAME, args.iterations)
    stag = pycrfsuite.Tagger()
    stag.open(str(MODELS / span_mod.MODEL_NAME))
    span_acc = _accuracy(stag, sx[:cut], sy[:cut])
    print(f"spans trained ({time.time() - t0:.0f}s), held-out token accuracy {span_acc}", flush=True)
    meta = {
        "version": VERSION, "seed": args.seed, "documents": args.docs, "iterations": args.iterations,
        "heldout_zone_line_accuracy": zone_acc, "heldout_span_token_accuracy": span_acc,
    }
    (MODELS / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    for p in sorted(MODELS.iterdir()):
        print(p.name, p.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
