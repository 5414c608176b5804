"""Run the CSL test suite in-process and print pass counts per category.

    python -m citekit.csl.suite [FIXTURE_DIR] [-k SUBSTRING] [--diff N] [--failing FILE]

(The suite's own runner, run_suite.py, scores the ``citekit.csl.fixture`` entry point the same
way but one process per fixture.)
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import traceback
from collections import Counter

from .fixture import parse_fixture, run_fixture

DEFAULT_DIR = os.path.join(os.getcwd(), "..", "shared", "csl-suite", "fixtures")


def normalise(s: str) -> str:
    return s.replace("\r\n", "\n").rstrip("\n")


def run_one(path):
    fx = parse_fixture(path)
    try:
        got = run_fixture(fx)
    except Exception:  # a crash is a failure, reported with its traceback
        return fx, None, traceback.format_exc()
    return fx, got, None


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=DEFAULT_DIR)
    ap.add_argument("-k", default="")
    ap.add_argument("--diff", type=int, default=0)
    ap.add_argument("--failing", help="write failing fixture names to this file")
    args = ap.parse_args(argv)
    paths = sorted(glob.glob(os.path.join(args.dir, "*.txt")))
    paths = [p for p in paths if args.k in os.path.basename(p)]
    total, passed = Counter(), Counter()
    failing = []
    shown = 0
    for p in paths:
        fx, got, err = run_one(p)
        cat = fx["NAME"].split("_")[0]
        total[cat] += 1
        ok = got is not None and normalise(got) == normalise(fx["RESULT"])
        if ok:
            passed[cat] += 1
        else:
            failing.append(fx["NAME"])
            if shown < args.diff:
                shown += 1
                print(f"--- {fx['NAME']}")
                print("expected:\n" + fx["RESULT"])
                print("got:\n" + (got if got is not None else err))
    for cat in sorted(total, key=lambda c: -total[c]):
        print(f"{cat:14s} {passed[cat]:4d}/{total[cat]:<4d}")
    n, m = sum(passed.values()), sum(total.values())
    print(f"passed {n}/{m} ({100.0 * n / max(m, 1):.1f}%)")
    if args.failing:
        with open(args.failing, "w") as f:
            f.write("\n".join(failing) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
