"""The long profile of the fuzz suite: many generated .bib files through fmt, check, render.

    nice -n 10 .venv/bin/python scripts/fuzz.py --cases 1000000 --render-fraction 0.02

Per case (in-process, one worker: the machine is shared): generate a file with the hard
parts (tests/bibfuzz.py: keyless entries, duplicate keys, escaped braces, ``\\ ``, Unicode
spaces, ``#``, @string/@comment/@preamble, mixed newlines, truncation, several
encodings); fmt --no-passes (bytes back), fmt twice (idempotent, --check agrees), load
before and after (no entry, field, letter lost), check; render (APA text and HTML) on
the given fraction of cases. Failures are saved to --out with their message; the run
goes on. The process's peak RSS is a property too (a long-lived process must not grow:
a million cases once reached 23 GB through garbage the collector never saw): past
--max-rss MB at a progress line it counts as a failure. Exit 1 if any case failed.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bibfuzz import PropertyFailure, check_case, generate  # noqa: E402


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0, help="case i uses Random(seed * 10**9 + i)")
    parser.add_argument("--render-fraction", type=float, default=0.02)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--blocks", type=int, default=4, help="at most this many blocks per file")
    parser.add_argument("--every", type=int, default=20_000, help="progress line every N cases")
    parser.add_argument("--max-rss", type=int, default=400, metavar="MB",
                        help="peak RSS beyond this at a progress line is a failure")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    outcomes: Counter = Counter()
    failures: Counter = Counter()
    start, cpu = time.time(), time.process_time()
    for i in range(args.cases):
        rnd = random.Random(args.seed * 10**9 + i)
        data = generate(rnd, args.blocks)
        try:
            outcomes[check_case(data, work, render_it=rnd.random() < args.render_fraction)] += 1
        except PropertyFailure as exc:
            message = str(exc).splitlines()[0][:200]
            kind = message.split(":")[0][:60]
            failures[kind] += 1
            if failures[kind] <= 5:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"case-{args.seed}-{i}.bib").write_bytes(data)
                (args.out / f"case-{args.seed}-{i}.txt").write_text(message + "\n")
        if (i + 1) % args.every == 0:
            rss = peak_rss_mb()
            if rss > args.max_rss and not failures["memory"]:
                failures["memory"] += 1
                print(f"memory: peak RSS {rss} MB > {args.max_rss} MB after {i + 1} cases")
            print(f"{i + 1} cases, {sum(failures.values())} failures, "
                  f"{time.process_time() - cpu:.0f} s CPU, {time.time() - start:.0f} s wall, "
                  f"peak RSS {rss} MB, {dict(outcomes)}", flush=True)
    print(f"done: {args.cases} cases, {sum(failures.values())} failures, "
          f"{time.process_time() - cpu:.0f} s CPU, {time.time() - start:.0f} s wall, "
          f"peak RSS {peak_rss_mb()} MB, {dict(outcomes)}")
    for kind, n in failures.most_common():
        print(f"  {n:7d}  {kind}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
