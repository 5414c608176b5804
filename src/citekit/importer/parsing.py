"""The reference parser as the importer calls it: each distinct string parsed once per process.

A document's reader parses its span references and then a dozen candidate stretches of its
prose and notes; the entries stage parses what the reader left unparsed. One ``citekit
import`` run over a folder of documents meets the same works again and again (a course's
essays cite the same books; a long PDF repeats its running heads and its "Ibid." notes), and
a parse costs about half a millisecond. ``citekit.refparse`` is deterministic and its results
are not changed by the importer, so a string's parse is kept and handed out again.
"""

from __future__ import annotations

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
        _kept.update(zip(new, parse_references(new)))
    return [_kept[t] for t in texts]
