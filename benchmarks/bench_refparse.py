#!/usr/bin/env python3
"""Reference-parser throughput: references parsed per second with the shipped model.

  python benchmarks/bench_refparse.py [--n 4000]

Parses the first N reference strings of ../shared/refparse/dev.jsonl (falls back to a few
built-in strings repeated when the shared data is absent) through parse_references,
after one warm-up call that loads the model, and prints refs/s and tokens/s (median of 3).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citekit.refparse import model_version, parse_reference, parse_references  # noqa: E402

FALLBACK = [
    "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.",
    "Ulam, Adam. Expansion and Coexistence: Soviet Foreign Policy, 1917–1973. 2nd ed. New York: Praeger, 1974.",
    "Brillon, P., Marchand, A., & Stephenson, R. (1996). Modèles comportementaux. Santé mentale au Québec, 21(1), 129-144.",
    "Worden, B. 'Toleration and the Cromwellian Protectorate', in W. J. Sheils (ed.), Persecution and Toleration (Oxford, 1984), pp. 199-233.",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    a = ap.parse_args()
    dev = ROOT.parent / "shared" / "refparse" / "dev.jsonl"
    if dev.exists():
        with open(dev, encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for _, line in zip(range(a.n), fh)]
    else:
        texts = (FALLBACK * (a.n // len(FALLBACK) + 1))[: a.n]
    parse_reference(texts[0])  # load the model
    tokens = sum(len(t.split()) for t in texts)
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        parse_references(texts)
        runs.append(time.perf_counter() - t0)
    sec = statistics.median(runs)
    print(f"model {model_version()}")
    print(f"parsed {len(texts)} references ({tokens} tokens) in {sec:.2f}s (median of 3): "
          f"{len(texts) / sec:,.0f} refs/s, {tokens / sec:,.0f} tokens/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
