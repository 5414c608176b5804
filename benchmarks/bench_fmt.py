#!/usr/bin/env python3
"""Speed and memory of ``citekit fmt`` (load + default passes + write) against
bibtexparser's own plain parse of the same data, in the same run.

Each measurement runs in a fresh subprocess so its peak RSS is its own (the
figure includes the interpreter and imports, like ``/usr/bin/time``). Inputs
that end in .gz are decompressed in memory by both tools.

Usage: python benchmarks/bench_fmt.py [FILE ...] [--repeat N]
Default files: ../shared/corpora/scaled/concat-12k.bib.gz and scaled-60k.bib.gz.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALED = ROOT.parent / "shared/corpora/scaled"
DEFAULT_FILES = [SCALED / "concat-12k.bib.gz", SCALED / "scaled-60k.bib.gz"]


def _read_text(path: str) -> str:
    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8")


def worker(tool: str, path: str) -> dict:
    """Run one tool on one file in this process and report its figures."""
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if tool == "citekit":
        from citekit.fmt import fmt

        report = fmt([path], use_config=False)
        entries = report.entries
        out_chars = sum(len(f.formatted) for f in report.files)
    elif tool == "citekit-load":
        from citekit.bibfile import load

        bib = load([path])
        entries, out_chars = len(bib), 0
    elif tool == "bibtexparser":
        import bibtexparser

        if path.endswith(".gz"):
            library = bibtexparser.parse_string(_read_text(path))
        else:
            library = bibtexparser.parse_file(path)
        entries, out_chars = len(library.entries), 0
    else:
        raise SystemExit(f"unknown tool {tool}")
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"tool": tool, "file": Path(path).name, "entries": entries, "cpu": cpu,
            "wall": wall, "rss_mb": peak_kb / 1024, "out_chars": out_chars}


def measure(tool: str, path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", tool, str(path)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{tool} on {path} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the median is shown")
    parser.add_argument("--tools", default="citekit,bibtexparser",
                        help="comma-separated: citekit, citekit-load, bibtexparser")
    parser.add_argument("--worker", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    files = args.files or DEFAULT_FILES
    missing = [f for f in files if not f.exists()]
    if missing:
        print(f"missing input: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    print(f"{'tool':<14} {'file':<20} {'entries':>8} {'CPU s':>7} {'wall s':>7} {'entries/s':>10} {'peak RSS MB':>12}")
    for path in files:
        for tool in args.tools.split(","):
            runs = sorted((measure(tool, path) for _ in range(args.repeat)), key=lambda r: r["cpu"])
            r = runs[len(runs) // 2]
            rate = r["entries"] / r["cpu"] if r["cpu"] else float("inf")
            print(f"{tool:<14} {r['file']:<20} {r['entries']:>8} {r['cpu']:>7.2f} {r['wall']:>7.2f} "
                  f"{rate:>10.0f} {r['rss_mb']:>12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
