#!/usr/bin/env python3
"""k-fold cross-validation of the reference parser, scored with ../shared/refparse/score.py.

Every reference is parsed by a model trained on the other folds only, so no score comes
from a record the model saw.  Prints the scorer's per-field table (P/R/F1, macro) for all
records and for the humanities/social-science records, then both again without AnyStyle's
ugly.xml (the issue's target figures), and the wall time.

  python scripts/eval_refparse.py                 # 5 folds, the shipped recipe: dev.jsonl + 1,000 rendered
                                                  # references (60% chapters/papers/edited works), with
                                                  # domain copies for ugly.xml and the rendered ones
  python scripts/eval_refparse.py --errors 30     # plus sample errors to learn from
  python scripts/eval_refparse.py --reuse         # rules changes: parse with the kept fold models
  python scripts/eval_refparse.py --only-fold 0 --synthetic 0 --adapt ''   # one fold, dev.jsonl alone, no adaptation
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citekit.refparse.training import DEFAULT_ADAPT, DEFAULT_PARAMS, cross_validate, load_records  # noqa: E402

SHARED = ROOT.parent / "shared" / "refparse"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(SHARED / "dev.jsonl"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"])
    ap.add_argument("--max-iterations", type=int, default=DEFAULT_PARAMS["max_iterations"])
    ap.add_argument("--grobid", action="store_true", help="also train on grobid-citation.jsonl")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N records (quick runs)")
    ap.add_argument("--errors", type=int, default=0, help="print N sample errors from the scorer")
    ap.add_argument("--out", default=str(ROOT / ".bench" / "refparse-cv.jsonl"), help="predictions file")
    ap.add_argument("--models", default=str(ROOT / ".bench" / "cv-models"), help="where the fold models are kept")
    ap.add_argument("--skip-train", action="append", default=[], metavar="SOURCE",
                    help="do not train on records whose source contains SOURCE (e.g. ugly.xml); still scored")
    ap.add_argument("--synthetic", type=int, default=1000, metavar="N",
                    help="add N references rendered by citekit's CSL engine to each fold's training data "
                         "(made from that fold's training records and ../shared/corpora .bib files only)")
    ap.add_argument("--syn-gold-share", type=float, default=0.0,
                    help="share of the synthetic items made from the training folds' gold fields (the rest: "
                         "corpora .bib entries); 0 makes one set for every fold (made once, kept in .bench/synthetic-N-fF.jsonl: "
                         "delete it after changing synthetic.py)")
    ap.add_argument("--syn-focus", type=float, default=0.6,
                    help="share of chapters, papers and edited works among the synthetic items")
    ap.add_argument("--adapt", action="append", default=None, metavar="SOURCE",
                    help="train records whose source contains SOURCE with domain copies of their features "
                         f"(training.adapted; default: {' '.join(DEFAULT_ADAPT)}; --adapt '' for none)")
    ap.add_argument("--only-fold", type=int, default=None, help="train and parse one fold only (exploration)")
    ap.add_argument("--reuse", action="store_true", help="parse with the kept fold models (rules changes only)")
    a = ap.parse_args()

    gold_path = Path(a.gold)
    if not gold_path.exists():
        print(f"no gold data at {gold_path}", file=sys.stderr)
        return 3
    records = load_records(gold_path)
    if a.limit:
        records = records[: a.limit]
    extra = load_records(SHARED / "grobid-citation.jsonl") if a.grobid else []
    params = {"c1": a.c1, "c2": a.c2, "max_iterations": a.max_iterations}
    t0 = time.time()
    extra_for_fold = None
    if a.synthetic:
        from citekit.refparse.synthetic import synthetic_for

        def extra_for_fold(j, train_recs):
            t = time.time()
            shared_set = a.syn_gold_share == 0
            cache = ROOT / ".bench" / f"synthetic-{a.synthetic}-f{a.syn_focus}.jsonl"
            if shared_set and cache.exists():
                return load_records(cache)
            made = synthetic_for(train_recs, a.synthetic, seed=13 if shared_set else 13 + j,
                                 corpora=ROOT.parent / "shared" / "corpora", gold_share=a.syn_gold_share,
                                 focus=a.syn_focus)
            if shared_set:
                cache.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in made), encoding="utf-8")
            print(f"fold {j + 1}: {len(made)} synthetic references in {time.time() - t:.0f}s", flush=True)
            return made
    preds = cross_validate(records, a.folds, params, extra_train=extra, model_dir=a.models, reuse=a.reuse,
                           train_filter=(lambda r: not any(x in r.get("source", "") for x in a.skip_train)),
                           extra_for_fold=extra_for_fold, only_fold=a.only_fold,
                           adapt=DEFAULT_ADAPT if a.adapt is None else [x for x in a.adapt if x])
    if a.only_fold is not None:
        records = [r for r in records if r["id"] in preds]
    elapsed = time.time() - t0
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(preds[rec["id"]], ensure_ascii=False) + "\n")
    gold_used = gold_path
    if a.limit or a.only_fold is not None:  # score only the records that were parsed
        gold_used = out.with_name("refparse-cv-gold.jsonl")
        gold_used.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"{a.folds}-fold CV on {len(records)} records ({'+grobid, ' if a.grobid else ''}"
          f"c1={a.c1} c2={a.c2} max_iterations={a.max_iterations}): {elapsed:.0f}s")
    score = [sys.executable, str(SHARED / "score.py"), str(out), str(gold_used)]
    print("\n== all records")
    subprocess.run(score + (["--errors", str(a.errors)] if a.errors else []), check=True)
    print("\n== --filter domain=hum_soc")
    subprocess.run(score + ["--filter", "domain=hum_soc"], check=True)
    clean = "source=" + ",".join(sorted({r["source"] for r in records if "ugly" not in r.get("source", "")}))
    print(f"\n== without ugly.xml: --filter {clean}")
    subprocess.run(score + ["--filter", clean], check=True)
    print("\n== without ugly.xml, --filter domain=hum_soc")
    subprocess.run(score + ["--filter", clean, "--filter", "domain=hum_soc"], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
