"""Imported entries -> BibTeX text (through the foundation's writer), with provenance fields.

Field order is fixed (the usual reading order, then anything else, then citekit's own
``x-citekit-*`` fields) so that the output is stable and diffs stay small.
"""

from __future__ import annotations

import re

from bibtexparser.model import Entry, Field

from citekit.bibfile.values import balance_braces
from citekit.bibfile.write import Layout, render_entry
from citekit.importer.entries import ImportedEntry
from citekit.provenance import CONFIDENCE_FIELD, GUESSED_FIELD, SOURCE_FIELD

_LAYOUT = Layout(align=True, trailing_comma=True)


_ORDER = [
    "author", "editor", "translator", "title", "subtitle", "booktitle", "journal",
    "journaltitle", "series", "edition", "volume", "number", "pages", "chapter", "type",
    "institution", "school", "organization", "publisher", "address", "location", "year",
    "month", "date", "doi", "isbn", "issn", "url", "urldate", "note", "annotation",
]
_VERBATIM = {"url", "doi", "file", "eprint", SOURCE_FIELD}
_STRAY_BACKSLASH = re.compile(r"\\(?![A-Za-z&%#$_'`^\"~=.])")
_SPECIAL = re.compile(r"(?<!\\)([&%#$_])")


def format_entry(entry: ImportedEntry) -> str:
    """One entry as BibTeX; values are braced, LaTeX specials escaped outside URLs."""
    names = [n for n in _ORDER if n in entry.fields]
    names += sorted(n for n in entry.fields if n not in _ORDER)
    if entry.structured:  # LaTeX as read from a .bib (or made by citekit.interchange)
        values = [(n, entry.fields[n]) for n in names]
    else:
        values = [(n, _value(n, entry.fields[n])) for n in names]
    if not (entry.structured and SOURCE_FIELD in entry.fields):  # (re-imported: first provenance kept)
        values.append((SOURCE_FIELD, _value(SOURCE_FIELD, entry.provenance)))
        values.append((CONFIDENCE_FIELD, f"{entry.confidence:.2f}"))
        guessed = entry.guessed
        if guessed:
            values.append((GUESSED_FIELD, ", ".join(guessed)))
    bib_entry = Entry(entry.entry_type, entry.key, [Field(n, "{" + v + "}") for n, v in values])
    return render_entry(bib_entry, _LAYOUT) + "\n"


def format_entries(entries: list[ImportedEntry]) -> str:
    return "\n".join(format_entry(entry) for entry in entries)


def _value(name: str, value: str) -> str:
    value = " ".join(str(value).split())
    if name not in _VERBATIM:
        # A backslash that starts no LaTeX command would swallow the closing brace.
        value = _STRAY_BACKSLASH.sub(r"\\textbackslash{}", value)
        value = _SPECIAL.sub(r"\\\1", value)
    else:
        value = value.replace("\\", "/")
    return balance_braces(value)

