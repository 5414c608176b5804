"""The reference parser as the importer calls it: each distinct string parsed once per process.

A document's reader parses its span references and then a dozen candidate stretches of its
prose and notes; the entries stage parses what the reader left unparsed. One ``citekit
import`` run over a folder of documents meets the same works again and again (a course's
essays cite the same books; a long PDF repeats its running heads and its "Ibid." notes), and
a parse costs about half a millisecond. ``citekit.refparse`` is deterministic and its results
are not changed by the importer, so a string's parse is kept and handed out again. A parse
that found no title after a name in reading order is read a second time (``_second_readings``).
"""

from __future__ import annotations

import dataclasses
import re

from citekit.importer.mentions import PERSON
from citekit.refparse import ParsedReference, parse_references

__all__ = ["parse_all"]

MAX_KEPT = 50_000  # parses kept per process (a few KB each); past this the memo starts over

_kept: dict[str, ParsedReference] = {}


def parse_all(texts: list[str]) -> list[ParsedReference]:
    """The parse of each of ``texts`` (new strings parsed together in one batch)."""
    if len(_kept) + len(texts) > MAX_KEPT:
        _kept.clear()
    new = list(dict.fromkeys(t for t in texts if t not in _kept))
    if new:
        _kept.update(zip(new, _second_readings(new, parse_references(new))))
    return [_kept[t] for t in texts]


# a person named in reading order ("J. H. Roe", "Christopher Doe", "A. von Poe"),
# then a comma and the rest of what the parser took for names
_NAMED_FIRST = re.compile(r"(?P<person>" + PERSON + r"),\s+(?=[A-Z0-9“\"‘’'])")


def _second_readings(texts: list[str], parses: list[ParsedReference]) -> list[ParsedReference]:
    """A note names a work "J. H. Roe, Kartenkunde (1896)", "Christopher Doe, Elizabeth I
    (London, 1988)": the parser, which learnt lists of inverted names ("Roe, J. H."), reads
    a short title after a name in reading order as one more name and finds no title. Such a
    parse (no title, the first segment a name list that opens with a person in reading
    order and a comma) is read again with a period for that comma, the way lists part an
    author from a title, and the second reading stands when it finds a title."""
    again: dict[int, str] = {}
    for k, (text, parsed) in enumerate(zip(texts, parses)):
        if parsed.fields.get("title") or not parsed.segments or parsed.segments[0][0] not in ("author", "editor"):
            continue
        m = _NAMED_FIRST.match(text)
        if m and m.end("person") < len(parsed.segments[0][1]):  # the comma is inside the name list
            again[k] = text[: m.end("person")] + "." + text[m.end("person") + 1 :]  # (same offsets)
    if not again:
        return parses
    out = list(parses)
    for k, parsed in zip(again, parse_references(list(again.values()))):
        if parsed.fields.get("title") and (parsed.fields.get("author") or parsed.fields.get("editor")):
            out[k] = dataclasses.replace(parsed, text=texts[k])
    return out
