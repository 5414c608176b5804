#!/usr/bin/env python3
"""Write N small, varied BibTeX entries made by program (the scale benchmarks' input).

    .venv/bin/python benchmarks/make_entries.py 100000 -o /tmp/entries-100k.bib

Deterministic (seeded): articles, books, chapters, conference papers, theses, reports
and web pages, with 1-6 authors from a pool of surnames (so years and names repeat and
APA's disambiguation has work to do), titles from a word list, DOIs, pages, volumes.
With ``--big-field MB`` one extra entry holds a note of that many megabytes.
"""

from __future__ import annotations

import argparse
import random
import sys

SURNAMES = ("Smith Jones Müller García Rossi Dubois Nakamura Kowalski Olsen Novák Silva Kim "
            "Nguyen Cohen O'Brien van~der~Berg de~la~Cruz Lee Chen Wang Ivanova Schmidt Brown "
            "Taylor Wilson Martin Anderson Thomas Moore Jackson White Harris Clark Lewis").split()
GIVEN = "Anna Ben Carla David Eva Frank Greta Hiro Ines Jan Kai Lena Marek Nora Omar Pia".split()
WORDS = ("analysis of the effects learning deep neural networks climate change evidence from "
         "a survey on models in social history and theory practice towards understanding "
         "measurement error causal inference large scale data systems design").split()
JOURNALS = ["Journal of Testing", "Nature", "Physical Review {B}", "Annals of Statistics",
            "{IEEE} Transactions on Software Engineering", "Journal of the {ACM}"]
PUBLISHERS = ["Oxford University Press", "Springer", "MIT Press", "Routledge", "Wiley"]


def entry(rnd: random.Random, i: int) -> str:
    kind = rnd.choices(["article", "book", "incollection", "inproceedings", "phdthesis",
                        "techreport", "online"], [50, 12, 8, 15, 5, 5, 5])[0]
    authors = " and ".join(f"{rnd.choice(SURNAMES)}, {rnd.choice(GIVEN)}"
                           for _ in range(rnd.choice([1, 1, 2, 2, 3, 4, 6])))
    words = rnd.sample(WORDS, rnd.randint(3, 9))
    title = " ".join(words).capitalize()
    year = rnd.randint(1950, 2025)
    fields = [("author", authors), ("title", title), ("year", str(year))]
    if kind == "article":
        fields += [("journal", rnd.choice(JOURNALS)), ("volume", str(rnd.randint(1, 80))),
                   ("number", str(rnd.randint(1, 12))),
                   ("pages", f"{(p := rnd.randint(1, 900))}--{p + rnd.randint(1, 30)}")]
    elif kind in ("book", "incollection"):
        fields += [("publisher", rnd.choice(PUBLISHERS)), ("address", "New York")]
        if kind == "incollection":
            fields += [("booktitle", "Handbook of " + rnd.choice(WORDS).capitalize()),
                       ("editor", f"{rnd.choice(SURNAMES)}, {rnd.choice(GIVEN)}"),
                       ("pages", f"{rnd.randint(1, 300)}--{rnd.randint(301, 600)}")]
    elif kind == "inproceedings":
        fields += [("booktitle", f"Proceedings of the {rnd.randint(1, 40)}th Conference on "
                                 f"{rnd.choice(WORDS).capitalize()}"),
                   ("pages", f"{rnd.randint(1, 300)}--{rnd.randint(301, 600)}")]
    elif kind == "phdthesis":
        fields += [("school", "University of " + rnd.choice(["Oslo", "Tokyo", "Lyon"]))]
    elif kind == "techreport":
        fields += [("institution", "National Laboratory"), ("number", f"TR-{i}")]
    else:
        fields += [("url", f"https://example.org/page/{i}"), ("urldate", "2024-01-15")]
    if rnd.random() < 0.6:
        fields.append(("doi", f"10.{rnd.randint(1000, 9999)}/x{i}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{e{i},\n{body}\n}}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--big-field", type=float, default=0, metavar="MB")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    for i in range(args.n):
        out.write(entry(rnd, i))
        out.write("\n")
    if args.big_field:
        words = int(args.big_field * 1_000_000 / 8)
        note = " ".join(rnd.choice(WORDS) for _ in range(words))
        out.write(f"@misc{{big, author = {{Doe, Jane}}, title = {{One big field}}, year = 2020,\n"
                  f"  note = {{{note}}}}}\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
