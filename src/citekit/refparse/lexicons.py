"""Word lists that give the labeller knowledge the training data alone lacks.

A CRF only learns weights for words it has seen; a list of given names, places,
publishers and journal words lets it generalise to the ones it has not.  The lists in
``data/`` are hand-written general knowledge (never derived from the evaluation data).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources


def fold(word: str) -> str:
    """Lower-case, NFC, edge punctuation stripped: the form lexicons are keyed on."""
    return unicodedata.normalize("NFC", word).strip(".,;:()[]{}\"'“”‘’«»<>!?*").casefold()


def _read(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """All words of ``data/<name>``; multi-word entries use ``_`` and are split into words."""
    words: set[str] = set()
    for line in _read(name):
        for w in line.split():
            for part in w.split("_"):
                words.add(unicodedata.normalize("NFC", part).casefold())
    return frozenset(words)


@lru_cache(maxsize=None)
def case_sensitive_set(name: str) -> frozenset[str]:
    """Words of ``data/<name>`` written in upper case (postal abbreviations like NY, MA)."""
    return frozenset(w for line in _read(name) for w in line.split() if w.isupper())


@lru_cache(maxsize=None)
def markers() -> dict[str, str]:
    """Marker word (as written, lower-cased, punctuation kept) -> class, from ``markers.txt``."""
    out: dict[str, str] = {}
    for line in _read("markers.txt"):
        cls, *words = line.split()
        for w in words:
            out.setdefault(w.replace("_", " ").casefold(), cls)
    return out
