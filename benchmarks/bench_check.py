"""Benchmark: ``citekit check`` on scaled-60k (load included) against the fmt time.

Each measurement runs in a fresh process (so peak RSS is the whole process's) and
reports CPU seconds and peak RSS, median of --repeat runs, the kinds taking turns.
Targets (issue 4): check <= 1.5x the time of ``citekit fmt --check`` on the same file,
peak RSS < 300 MB.
If fmt is not available yet, the loader alone is measured as its lower bound.

    python benchmarks/bench_check.py [--file ../shared/corpora/scaled/scaled-60k.bib.gz] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "corpora" / "scaled" / "scaled-60k.bib.gz"

_CHILD = r"""
import json, resource, sys, time
what, path = sys.argv[1], sys.argv[2]
start = time.process_time()
wall = time.perf_counter()
extra = {}
if what == "check":
    from citekit.check import check
    findings = check([path])
    extra["findings"] = len(findings)
elif what == "load":
    from citekit.bibfile import load
    extra["entries"] = len(load([path]))
elif what == "fmt":
    from citekit.api import fmt
    extra["changed"] = fmt([path]).changed
cpu = time.process_time() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"cpu": cpu, "wall": time.perf_counter() - wall, "rss_mb": rss, **extra}))
"""


def run(what: str, path: str) -> dict | None:
    proc = subprocess.run([sys.executable, "-c", _CHILD, what, path], capture_output=True, text=True,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    if proc.returncode != 0:
        sys.stderr.write(f"{what}: failed\n{proc.stderr[-600:]}\n")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def medians(kinds: list[str], path: str, repeat: int) -> dict[str, dict | None]:
    """Median figures per kind. The kinds take turns (load, fmt, check, load, ...) so a
    background job's busy spell slows them alike instead of one kind's whole series."""
    runs: dict[str, list[dict]] = {what: [] for what in kinds}
    for _ in range(repeat):
        for what in kinds:
            result = run(what, path)
            if result:
                runs[what].append(result)
    out: dict[str, dict | None] = {}
    for what, results in runs.items():
        if not results:
            out[what] = None
            continue
        figures = {k: statistics.median(r[k] for r in results) for k in ("cpu", "wall", "rss_mb")}
        figures.update({k: v for k, v in results[0].items() if k not in figures})
        out[what] = figures
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not Path(args.file).exists():
        print(f"skipped: {args.file} not found")
        return 0
    try:
        from citekit.api import fmt  # noqa: F401
        import citekit.fmt  # noqa: F401
        baseline = "fmt"
    except ImportError:
        baseline = "load"
    kinds = ([] if baseline == "load" else ["load"]) + [baseline, "check"]
    figures = medians(kinds, args.file, args.repeat)
    loader = figures.get("load") if baseline != "load" else None
    base, chk = figures[baseline], figures["check"]
    print(f"file: {args.file}  (median of {args.repeat}, CPU seconds, peak RSS)")
    for name, r in (("load", loader), (baseline, base), ("check", chk)):
        if r:
            extra = ", ".join(f"{k}={v}" for k, v in r.items() if k not in ("cpu", "wall", "rss_mb"))
            print(f"  {name:6s} cpu {r['cpu']:6.1f} s  wall {r['wall']:6.1f} s  rss {r['rss_mb']:6.0f} MB  {extra}")
    if base and chk:
        ratio = chk["cpu"] / base["cpu"]
        print(f"  check/{baseline} = {ratio:.2f}x (target <= 1.5x vs fmt); "
              f"check rss {'<' if chk['rss_mb'] < 300 else '>='} 300 MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
