#!/usr/bin/env python3
"""Reference import throughput, timed as a user runs it: ``citekit import --one-per-line --to json``.

  python benchmarks/bench_refparse.py [--sizes 1000 10000] [--repeat 3]

For each size N, writes N reference lines (the texts of ../shared/refparse/dev.jsonl and
grobid-citation.jsonl, shuffled with a fixed seed; numbered variants of a few built-in
strings when the shared data is absent) to a file and runs the whole CLI on it in a fresh
process: start-up, model load, parsing, duplicate detection, keys, title protection, JSON.
Prints CPU seconds (user + system of the child; the machine is shared, so wall time is
pessimistic and printed only for reference), references per CPU second, and the ratio of
the largest to the smallest size.  Targets (issue 13): >= 1,000 references/s at 10,000 lines,
10,000 lines taking at most 11x the time of 1,000 (import is linear).  Last measured
(2026-12-02, ``--baseline`` main 71fb90b, median of 3, load 3-4): 10,000 lines 7.77 CPU s
(1,287 refs/s; main 8.40 s, 1,190 refs/s), 1,000 lines 1.08 s (main 1.10 s), 7.2x.
``--parser-only`` times ``parse_references`` alone in this process, as before.
``--baseline CHECKOUT`` runs another checkout's code in turn with this one (before/after
figures from the same minutes on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "refparse"

FALLBACK = [
    "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, {y}.",
    "Ulam, Adam. Expansion and Coexistence: Soviet Foreign Policy, 1917–1973. {n}nd ed. New York: Praeger, {y}.",
    "Brillon, P., Marchand, A., & Stephenson, R. ({y}). Modèles comportementaux. Santé mentale au Québec, {n}(1), 129-144.",
    "Worden, B. 'Toleration and the Cromwellian Protectorate', in W. J. Sheils (ed.), Persecution and Toleration {n} (Oxford, {y}), pp. 199-233.",
]


def reference_lines(n: int) -> list[str]:
    """N distinct-looking reference lines (real ones when the shared data is there)."""
    texts: list[str] = []
    for name in ("dev.jsonl", "grobid-citation.jsonl"):
        path = SHARED / name
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                texts.extend(" ".join(json.loads(line)["text"].split()) for line in fh if line.strip())
    texts = [t for t in texts if t]
    random.Random(13).shuffle(texts)
    if not texts:
        texts = [FALLBACK[i % len(FALLBACK)].format(y=1900 + i % 120, n=i % 97 + 1) for i in range(n)]
    return [texts[i % len(texts)] for i in range(n)]


def citekit_command() -> list[str]:
    exe = Path(sys.executable).with_name("citekit")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("citekit")
    return [found] if found else [sys.executable, "-m", "citekit"]


def run_cli(path: Path, source: Path | None = None) -> dict:
    """One fresh ``citekit import`` process: CPU and wall seconds, entries written.

    ``source``: a ``src`` directory of another checkout to run instead of the installed code.
    """
    env = None
    if source is not None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(source), os.environ.get("PYTHONPATH")]))}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(citekit_command() + ["import", "--one-per-line", "--to", "json", str(path)],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"citekit import failed ({proc.returncode}):\n{proc.stderr[-800:]}")
    (source,) = json.loads(proc.stdout)["sources"]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu": cpu, "wall": wall, "entries": len(source["references"])}


def parser_only(n: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from citekit.refparse import model_version, parse_reference, parse_references

    texts = reference_lines(n)
    parse_reference(texts[0])  # load the model
    runs = []
    for _ in range(3):
        t0 = time.process_time()
        parse_references(texts)
        runs.append(time.process_time() - t0)
    sec = statistics.median(runs)
    print(f"model {model_version()}: parse_references on {n} references: {sec:.2f} CPU s "
          f"(median of 3), {n / sec:,.0f} refs/s")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--parser-only", type=int, metavar="N", help="time parse_references on N strings instead")
    ap.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                    help="also time another checkout's code (its src/ first on PYTHONPATH), run in turn "
                         "with this one, so both see the same load")
    a = ap.parse_args()
    if a.parser_only:
        return parser_only(a.parser_only)
    variants: dict[str, Path | None] = {"this": None}
    if a.baseline:
        variants = {"baseline": (a.baseline / "src").resolve(), "this": None}
    results: dict[tuple[str, int], dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for n in a.sizes:
            paths[n] = Path(tmp) / f"refs-{n}.txt"
            paths[n].write_text("\n".join(reference_lines(n)) + "\n", encoding="utf-8")
        runs: dict[tuple[str, int], list[dict]] = {(v, n): [] for v in variants for n in a.sizes}
        for _ in range(a.repeat):  # sizes and variants take turns, so a busy spell slows them alike
            for n in a.sizes:
                for name, source in variants.items():
                    runs[name, n].append(run_cli(paths[n], source))
        for name in variants:
            for n in a.sizes:
                cpu = statistics.median(r["cpu"] for r in runs[name, n])
                wall = statistics.median(r["wall"] for r in runs[name, n])
                entries = runs[name, n][0]["entries"]
                results[name, n] = {"cpu": cpu, "wall": wall, "entries": entries}
                label = f"{name}: " if a.baseline else ""
                print(f"{label}{n:>7} lines -> {entries} entries: {cpu:7.2f} CPU s ({n / cpu:,.0f} refs/s), "
                      f"wall {wall:.2f} s  (median of {a.repeat})")
            small, large = min(a.sizes), max(a.sizes)
            if small != large:
                print(f"{large} lines take {results[name, large]['cpu'] / results[name, small]['cpu']:.1f}x the "
                      f"CPU time of {small} (linear would be {large / small:.0f}x plus start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
