#!/usr/bin/env python3
"""Scale: fmt, check and render (APA to HTML) of 100,000 generated entries, and of one
entry with a 10 MB field; CPU seconds (user + sys) and peak RSS of each CLI process.

    .venv/bin/python benchmarks/bench_scale.py                 # 100,000 entries, 10 MB field
    .venv/bin/python benchmarks/bench_scale.py --entries 20000 --commands render

Inputs are made by benchmarks/make_entries.py (deterministic) in a temporary directory.
Targets (issue 16): render < 20 s and < 300 MB; fmt and check < 5 s and < 200 MB.
CPU seconds, not wall time, because the machine may be shared. Measured figures:
docs/render.md ("Scale") for render; docs/fmt.md and docs/check.md for fmt and check
(2 December 2026, merged main, quiet machine: render 100k 49.0 s / 255 MB, the 20 s target
not met; fmt 3.3 s / 135 MB; check 3.8 s / 179 MB). Branch renderfast, old and new in
turn on a loaded machine (CPU inflated ~3x): render 100k 155.8/155.1 -> 136.7/141.5 s
CPU, 256 MB both (about -10%; docs/render.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITEKIT = [sys.executable, "-m", "citekit"]


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """(CPU s, wall s, peak RSS MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--big-field", type=float, default=10, metavar="MB")
    parser.add_argument("--commands", default="fmt,check,render")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "entries.bib"
        big = Path(tmp) / "big.bib"
        make = [sys.executable, str(ROOT / "benchmarks" / "make_entries.py")]
        subprocess.run([*make, str(args.entries), "-o", str(bib)], check=True)
        subprocess.run([*make, "0", "--big-field", str(args.big_field), "-o", str(big)], check=True)
        print(f"{args.entries} entries, {bib.stat().st_size / 1e6:.1f} MB; "
              f"big field {big.stat().st_size / 1e6:.1f} MB")
        runs = {
            "fmt": ["fmt", "{bib}", "-o", "{out}.bib"],
            "check": ["check", "{bib}"],
            "render": ["render", "{bib}", "--style", "apa", "--to", "html", "-o", "{out}.html"],
        }
        for name in args.commands.split(","):
            for label, path in ((f"{args.entries} entries", bib), ("10 MB field", big)):
                cmd = CITEKIT + [a.format(bib=path, out=Path(tmp) / "out") for a in runs[name]]
                cpu, wall, rss = measure(cmd)
                print(f"{name:7s} {label:16s} {cpu:7.1f} s CPU  {wall:7.1f} s wall  {rss:5d} MB peak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
