"""Multi-word names that recur in the training data: journals, publishers, places.

Word features tell the labeller that "University" and "Press" are publisher-ish; a
gazetteer tells it that "Cambridge University Press" *as a phrase* has been a publisher
before, and "Journal of Peace Research" a journal.  It is built from the training data
only (in cross-validation: from the training folds only, never the scored fold) and
keeps names seen in at least two references, so the labeller learns how far to trust
a match on names it will meet again rather than on one-off strings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

from .lexicons import fold

GAZ_FILE = "gazetteer.tsv"  # under data/
LABELS = ("journal", "publisher", "location")
MAX_LEN = 8

Gazetteer = dict[tuple[str, ...], frozenset[str]]


def _key(text: str) -> tuple[str, ...]:
    words = [fold(w) for w in text.split()]
    while words and words[0] in ("in", "in:", "dans", "im", "en"):
        words = words[1:]
    return tuple(w for w in words if w)


def build(records: Iterable[dict], min_count: int = 2) -> Gazetteer:
    """Names labelled journal/publisher/location in >= ``min_count`` references."""
    seen: dict[tuple[tuple[str, ...], str], set[str]] = defaultdict(set)
    for rec in records:
        for label, text in rec["segments"]:
            if label in LABELS:
                key = _key(text)
                if 0 < len(key) <= MAX_LEN:
                    seen[(key, label)].add(rec.get("id", id(rec)))
    gaz: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for (key, label), ids in seen.items():
        if len(ids) >= min_count:
            gaz[key].add(label)
    return {k: frozenset(v) for k, v in gaz.items()}


def dumps(gaz: Gazetteer) -> str:
    lines = [f"{','.join(sorted(labels))}\t{' '.join(key)}" for key, labels in gaz.items()]
    return "# label(s) <TAB> folded words; built by scripts/train_refparse.py\n" + "\n".join(sorted(lines)) + "\n"


def loads(text: str) -> Gazetteer:
    gaz: Gazetteer = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        labels, _, words = line.partition("\t")
        gaz[tuple(words.split(" "))] = frozenset(labels.split(","))
    return gaz


@lru_cache(maxsize=1)
def shipped() -> Gazetteer:
    path = resources.files(__package__).joinpath("data", GAZ_FILE)
    try:
        return loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def tag(folded: Sequence[str], gaz: Gazetteer) -> list[list[str]]:
    """Per token: 'gz=<label>' for tokens inside the longest known name starting at each point."""
    n = len(folded)
    out: list[list[str]] = [[] for _ in range(n)]
    if not gaz:
        return out
    i = 0
    while i < n:
        best = 0
        labels: frozenset[str] = frozenset()
        for length in range(min(MAX_LEN, n - i), 0, -1):
            hit = gaz.get(tuple(folded[i:i + length]))
            if hit:
                best, labels = length, hit
                break
        if best:
            for j in range(i, i + best):
                out[j].extend("gz=" + lab for lab in labels)
            out[i].extend("gzB=" + lab for lab in labels)
            i += best
        else:
            i += 1
    return out
