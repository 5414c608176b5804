#!/usr/bin/env python3
"""Rebuild the shipped reference-parser model in one command.

  python scripts/train_refparse.py                 # ../shared/refparse/dev.jsonl plus 1,000 references
                                                   # rendered by citekit's CSL engine from the corpora's
                                                   # .bib files (refparse/synthetic.py, fixed seed; written
                                                   # to .bench/synthetic.jsonl first), ugly.xml and the
                                                   # rendered ones with domain copies of their features
  python scripts/train_refparse.py --synthetic 0 --adapt ''   # dev.jsonl alone, as before

Writes src/citekit/refparse/model.crfsuite and data/model.json (version, feature version,
labels, parameters, training data).  Measure a change first with scripts/eval_refparse.py.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citekit.refparse.features import FEATURES_VERSION  # noqa: E402
from citekit.refparse.model import META_FILE, MODEL_FILE  # noqa: E402
from citekit.refparse.training import DEFAULT_ADAPT, load_records, record_tokens_labels, train  # noqa: E402

SHARED = ROOT.parent / "shared" / "refparse"
OUT = ROOT / "src" / "citekit" / "refparse"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", action="append", help="labelled JSONL (default: ../shared/refparse/dev.jsonl)")
    ap.add_argument("--grobid", action="store_true", help="also train on grobid-citation.jsonl")
    ap.add_argument("--out-dir", default=str(OUT))
    ap.add_argument("--synthetic", type=int, default=1000, metavar="N",
                    help="also train on N references rendered by citekit's CSL engine (seeded)")
    ap.add_argument("--syn-focus", type=float, default=0.6,
                    help="share of chapters, papers and edited works among the synthetic items")
    ap.add_argument("--syn-gold-share", type=float, default=0.0,
                    help="share of synthetic items made from the training records' gold fields (rest: corpora)")
    ap.add_argument("--adapt", action="append", default=None, metavar="SOURCE",
                    help="records whose source contains SOURCE train with domain copies of their features "
                         f"(training.adapted; default: {' '.join(DEFAULT_ADAPT)})")
    ap.add_argument("--skip-train", action="append", default=[], metavar="SOURCE",
                    help="leave out records whose source contains SOURCE (e.g. ugly.xml)")
    a = ap.parse_args()
    paths = [Path(p) for p in (a.data or [SHARED / "dev.jsonl"])]
    if a.grobid:
        paths.append(SHARED / "grobid-citation.jsonl")
    records = [r for p in paths for r in load_records(p)
               if not any(x in r.get("source", "") for x in a.skip_train)]
    if a.synthetic:
        from citekit.refparse.synthetic import synthetic_for

        made = synthetic_for(records, a.synthetic, seed=13, corpora=ROOT.parent / "shared" / "corpora",
                             gold_share=a.syn_gold_share, focus=a.syn_focus)
        syn_path = ROOT / ".bench" / "synthetic.jsonl"
        syn_path.parent.mkdir(parents=True, exist_ok=True)
        syn_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in made), encoding="utf-8")
        print(f"{len(made)} synthetic references -> {syn_path}")
        records += made
        paths.append(syn_path)
    out = Path(a.out_dir)
    model = out / MODEL_FILE
    adapt = DEFAULT_ADAPT if a.adapt is None else [x for x in a.adapt if x]
    info = train(records, model, adapt=adapt)
    labels = sorted({lab for r in records for lab in record_tokens_labels(r)[1]})
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:12]
    version = f"{datetime.date.today():%Y.%m.%d}-{FEATURES_VERSION}-{digest}"
    meta = {
        "version": version,
        "features_version": FEATURES_VERSION,
        "labels": labels,
        "trained_on": ", ".join(p.name for p in paths) + f" ({info['records']} references)",
        "params": info["params"],
        "adapt": list(adapt),
        "synthetic": {"n": a.synthetic, "focus": a.syn_focus, "gold_share": a.syn_gold_share} if a.synthetic else None,
        "sha256_12": digest,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"model {version}: {info['records']} references, {info['seconds']}s, "
          f"{model.stat().st_size / 1e6:.2f} MB -> {model}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
