#!/usr/bin/env python3
"""How long ``citekit insert`` takes on the test essay against a big .bib.

    python benchmarks/insert_speed.py [--bib BIG.bib] [--style chicago-notes] [--repeat 3]

By default the essay's own .bib is concatenated with ../shared/corpora/real/tugboat.bib
(4,839 entries), so the time shows what reading a large library costs when only a few of
its entries are cited. Prints the median wall time of whole-process runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESSAY = ROOT / "tests" / "fixtures" / "insert" / "essay.md"
OWN_BIB = ROOT / "tests" / "fixtures" / "insert" / "essay.bib"
TUGBOAT = ROOT.parent / "shared" / "corpora" / "real" / "tugboat.bib"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bib", type=Path)
    parser.add_argument("--style", default="chicago-notes")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bib = args.bib
        if bib is None:
            if not TUGBOAT.exists():
                sys.exit(f"{TUGBOAT} not found: give --bib")
            bib = Path(tmp) / "big.bib"
            bib.write_bytes(OWN_BIB.read_bytes() + b"\n" + TUGBOAT.read_bytes())
        entries = bib.read_bytes().count(b"\n@")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "citekit", "insert", str(ESSAY), "--bib", str(bib),
                            "--style", args.style], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    print(f"insert {ESSAY.name} ({args.style}) against {entries} entries: "
          f"median {statistics.median(times):.2f} s wall over {args.repeat} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
