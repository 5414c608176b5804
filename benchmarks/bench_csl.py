"""Render N synthetic CSL-JSON items in APA: bibliography plus one citation each; prints items/s.

    python benchmarks/bench_csl.py [N ...]      (default: 1000 10000)
"""

from __future__ import annotations

import random
import sys
import time

from citekit.csl import Processor, load_style

# Surnames from syllables (a few thousand distinct, like a real library) plus common ones
# that collide, so disambiguation (add-names, given names, year-suffix) does real work.
_SYL = ["ka", "lo", "mi", "ren", "sa", "to", "vel", "dor", "an", "ber", "chi", "fu", "gar",
        "hol", "jin", "mar", "ne", "os", "pra", "qui", "ru", "sten", "ul", "wi", "yo", "zel"]
FAMILIES = ["Smith", "Jones", "García", "van der Berg", "Nguyen", "Müller", "O'Brien"] + [
    (a + b + c).capitalize() for a in _SYL for b in _SYL[:12] for c in ("", "son", "ez")]
GIVENS = ["Anna", "John Paul", "Marie-Claire", "Wei", "Olusegun", "Sofia", "Lars", "Priya"]
WORDS = ("analysis of the effects learning social model network theory data evidence "
         "climate health policy reading children history method").split()
TYPES = ["article-journal", "book", "chapter", "paper-conference", "report", "webpage"]


def make_items(n: int, seed: int = 1):
    rnd = random.Random(seed)
    items = []
    for i in range(n):
        t = TYPES[i % len(TYPES)]
        authors = [{"family": rnd.choice(FAMILIES), "given": rnd.choice(GIVENS)}
                   for _ in range(rnd.choice([1, 1, 2, 3, 5, 8, 21]))]
        item = {
            "id": f"item{i}", "type": t, "author": authors,
            "title": " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 9))).capitalize(),
            "issued": {"date-parts": [[rnd.randint(1950, 2024), rnd.randint(1, 12)]]},
        }
        if t == "article-journal":
            item.update({"container-title": "Journal of " + rnd.choice(WORDS).title(),
                         "volume": str(rnd.randint(1, 80)), "issue": str(rnd.randint(1, 12)),
                         "page": f"{rnd.randint(1, 400)}-{rnd.randint(401, 900)}",
                         "DOI": f"10.1000/{i}"})
        elif t in ("book", "report"):
            item.update({"publisher": rnd.choice(["Oxford University Press", "Routledge"]),
                         "publisher-place": "London"})
        elif t in ("chapter", "paper-conference"):
            item.update({"container-title": "Handbook of " + rnd.choice(WORDS).title(),
                         "editor": [{"family": rnd.choice(FAMILIES), "given": "E."}],
                         "publisher": "Springer", "page": f"{rnd.randint(1, 99)}-{rnd.randint(100, 200)}"})
        else:
            item.update({"URL": f"https://example.org/{i}",
                         "accessed": {"date-parts": [[2024, 5, 1]]}})
        items.append(item)
    return items


def bench(n: int) -> float:
    style = load_style("apa")
    items = make_items(n)
    t0 = time.perf_counter()
    c0 = time.process_time()
    proc = Processor(style, items)
    cites = proc.process_citations([{"items": [{"id": it["id"]}], "note_index": k + 1}
                                    for k, it in enumerate(items)])
    bib = proc.bibliography()
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    assert len(bib) == n and len(cites) == n
    print(f"APA {n:>6} items: {dt:6.2f} s wall ({cpu:6.2f} s CPU)  {n / dt:8.0f} items/s"
          f"  (bibliography + 1 citation each)")
    return dt


if __name__ == "__main__":
    load_style("apa")  # compile once, outside the timing
    for arg in sys.argv[1:] or ["1000", "10000"]:
        bench(int(arg))
