"""Minimal finder of author-date citations in prose, used until citekit.citations.prose lands.

Same contract as the importer's module: ``find_citations(text) -> list[Citation]``
with raw, authors (surnames), year, locator, start, end, kind. It knows the common
shapes only: "(Allen 1964)", "(Allen 1964, 23; Gaddis 2007)", "(Smith and Jones
2001)", "(Smith et al. 2001)", "(Allen 1964, 1966)" and narrative "Gaddis (2007)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Citation:
    raw: str
    authors: list[str]
    year: str
    locator: str | None
    start: int
    end: int
    kind: str  # "parenthetical" | "narrative"


_PARTICLE = r"(?:(?:van|von|de|der|den|del|della|di|da|du|le|la|Mc|Mac|St\.?)\s+)"
_SURNAME = rf"{_PARTICLE}*[A-Z][\w'’\-]+(?:\s+[A-Z][a-z][\w'’\-]+)?"
_YEAR = r"(?:1[4-9]\d\d|20\d\d)[a-z]?"
_PAREN = re.compile(r"\(([^()]{0,300}?\b" + _YEAR + r"\b[^()]{0,120})\)")
_PART = re.compile(
    r"^\s*(?:(?:see(?:\s+also)?|cf\.|e\.g\.,?|i\.e\.,?|also|compare)\s+)*"
    r"(?P<authors>[A-Z\u00c0-\u024f][^\d()]*?|" + _PARTICLE + r"[^\d()]*?),?\s+"
    r"(?P<years>" + _YEAR + r"(?:\s*,\s*" + _YEAR + r")*)\b(?P<rest>.*)$",
    re.S,
)
_NARRATIVE = re.compile(
    r"(?<![\w.])(?P<authors>" + _SURNAME + r"(?:\s*(?:,|and|&)\s*" + _SURNAME + r")*(?:\s+et\s+al\.?)?)"
    r"\s+\((?P<year>" + _YEAR + r")(?P<rest>(?:,\s*[^()]{0,40})?)\)"
)
_NOT_NAMES = frozenset(
    "In On At By For From During Since Until Before After The This That These Those A An And "
    "January February March April May June July August September October November December "
    "Spring Summer Autumn Fall Winter Circa Ca See Also Cf Figure Table Chapter Vol".split()
)


def _authors(text: str) -> list[str] | None:
    text = re.sub(r"\bet\s+al\.?", "", text).strip(" ,")
    parts = [p.strip() for p in re.split(r"\s*(?:,|\band\b|&)\s*", text) if p.strip()]
    if not parts or len(parts) > 6:
        return None
    for part in parts:
        words = part.split()
        if len(words) > 4 or words[-1] in _NOT_NAMES or words[0] in _NOT_NAMES:
            return None
        if not words[-1][:1].isupper():
            return None
    return parts


def find_citations(text: str) -> list[Citation]:
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for m in _PAREN.finditer(text):
        inner_start = m.start(1)
        offset = 0
        before = len(found)
        for chunk in m.group(1).split(";"):
            part = _PART.match(chunk)
            chunk_start = inner_start + offset
            offset += len(chunk) + 1
            if not part:
                continue
            authors = _authors(part.group("authors"))
            if not authors:
                continue
            locator = part.group("rest").strip(" ,") or None
            for year in re.findall(_YEAR, part.group("years")):
                found.append(Citation(m.group(0), authors, year, locator, chunk_start,
                                      chunk_start + len(chunk), "parenthetical"))
        if len(found) > before:
            taken.append((m.start(), m.end()))
    for m in _NARRATIVE.finditer(text):
        if any(a <= m.start("year") < b for a, b in taken):
            continue
        authors = _authors(m.group("authors"))
        if not authors:
            continue
        found.append(Citation(m.group(0), authors, m.group("year"), m.group("rest").strip(" ,") or None,
                              m.start(), m.end(), "narrative"))
    found.sort(key=lambda c: c.start)
    return found
