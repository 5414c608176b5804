#!/usr/bin/env python3
"""Speed: ``citekit convert`` on concat-12k (12,005 entries), each direction, as a user runs it.

BibTeX -> CSL-JSON, CSL-JSON -> BibTeX, CSL-JSON -> RIS, RIS -> CSL-JSON, and pandoc's
``-f biblatex -t csljson`` on the same file for scale. Whole processes; prints wall and
CPU seconds and entries per CPU second.

    .venv/bin/python benchmarks/bench_convert.py
    .venv/bin/python benchmarks/bench_convert.py --bib other.bib
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_render import DEFAULT_BIB, find_pandoc, timed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bib", default=str(DEFAULT_BIB))
    args = parser.parse_args()
    source = Path(args.bib)
    if not source.exists():
        print(f"{source}: not found (needs ../shared)", file=sys.stderr)
        return 2
    citekit = shutil.which("citekit", path=str(Path(sys.executable).parent)) or "citekit"
    with tempfile.TemporaryDirectory() as tmp:
        bib = Path(tmp) / "in.bib"
        data = source.read_bytes()
        bib.write_bytes(gzip.decompress(data) if source.suffix == ".gz" else data)
        steps = [
            ("BibTeX -> CSL-JSON", [citekit, "convert", str(bib), "-o", f"{tmp}/a.json"]),
            ("CSL-JSON -> BibTeX", [citekit, "convert", f"{tmp}/a.json", "-o", f"{tmp}/b.bib"]),
            ("CSL-JSON -> RIS", [citekit, "convert", f"{tmp}/a.json", "-o", f"{tmp}/c.ris"]),
            ("RIS -> CSL-JSON", [citekit, "convert", f"{tmp}/c.ris", "-o", f"{tmp}/d.json"]),
        ]
        pandoc = find_pandoc()
        n = None
        print(f"{'step':<32} {'wall s':>8} {'CPU s':>8} {'entries/CPU s':>14}")
        for name, cmd in steps:
            wall, cpu, _ = timed(cmd)
            if n is None:
                n = len(json.loads(Path(f"{tmp}/a.json").read_text(encoding="utf-8")))
            print(f"{name:<32} {wall:8.2f} {cpu:8.2f} {n / cpu if cpu else 0:14.0f}")
        if pandoc:
            wall, cpu, _ = timed([pandoc, "-f", "biblatex", "-t", "csljson", str(bib), "-o", f"{tmp}/p.json"])
            print(f"{'pandoc biblatex -> csljson':<32} {wall:8.2f} {cpu:8.2f} {n / cpu if cpu else 0:14.0f}")
        print(f"({n} entries; timings on a shared machine are pessimistic)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
