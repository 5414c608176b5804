"""Imported entries: parsed references and document entries with keys and provenance.

Every entry citekit invents from free text must say where it came from (file and line) and
how sure the parser was, so ``check`` and the user can tell solid fields from guesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from citekit.batch import gc_paused
from citekit.importer.lists import RawReference
from citekit.keys import make_key
from citekit.importer.parsing import parse_all

#: Fields whose parser confidence is below this are listed in ``x-citekit-guessed``.
GUESS_THRESHOLD = 0.75


@dataclass
class ImportedEntry:
    """One BibTeX entry made from a source, before and after key generation."""

    entry_type: str
    fields: dict[str, str]
    source: str
    line: int
    confidence: float
    field_confidence: dict[str, float] = field(default_factory=dict)
    raw: str | None = None
    role: str = "reference"  # "document" | "reference"
    key: str = ""
    also_from: list[str] = field(default_factory=list)  # same work found elsewhere
    label: str | None = None
    start: int | None = None  # character offsets of ``raw`` in the source
    end: int | None = None
    recognised: bool = True  # False: no reference found in the text; it is kept in ``note``
    #: read from a bibliography file (BibTeX, CSL-JSON, RIS): values are LaTeX, the key is kept
    structured: bool = False

    @property
    def guessed(self) -> list[str]:
        return [
            name for name in self.fields
            if self.field_confidence.get(name, 1.0) < GUESS_THRESHOLD
        ]

    @property
    def provenance(self) -> str:
        return "; ".join([f"{self.source}:{self.line}", *self.also_from])

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "type": self.entry_type,
            "fields": dict(self.fields),
            "source": self.source,
            "line": self.line,
            "confidence": self.confidence,
            "guessed": self.guessed,
        }
        if self.raw is not None:
            data["raw"] = self.raw
            data["start"], data["end"] = self.start, self.end
        if self.label:
            data["label"] = self.label
        if self.also_from:
            data["also_from"] = list(self.also_from)
        if not self.recognised:
            data["recognised"] = False
        return data


# --- the reference parser -------------------------------------------------------------

#: A parse that found none of these found no reference (names alone, "Ibid., 45.", "***").
_WORK_FIELDS = ("title", "journal", "booktitle", "year", "url", "doi", "publisher", "isbn",
                "institution", "school")
#: The confidence given to a line kept as a note because no reference was found in it.
UNRECOGNISED_CONFIDENCE = 0.1

_LINE_LABEL = re.compile(r"^\s*(?:\[(?P<a>\d{1,4})\]|\((?P<b>\d{1,4})\)|(?P<c>\d{1,4})[.)])(?:\s+(?=\S)|\s*$)")
_AUTHOR_DASH = re.compile(r"^\s*(?:[—―]+|[-_–]{2,})\s*[.,:]?\s*(?=\S)")


def references_per_line(text: str, first_line: int = 1) -> list[RawReference]:
    """``--one-per-line``: every non-blank line is exactly one reference, in order.

    Nothing is joined, split or skipped, so entry N answers the N-th non-blank line; a
    leading "[3]" / "3." / "(3)" becomes the label and "———." flags the previous item's
    authors, as in a list.
    """
    refs: list[RawReference] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=first_line):  # "\n" only, as line numbers count
        line += "\n"
        start, body = offset, line.rstrip("\r\n")
        offset += len(line)
        if not body.strip():
            continue
        content, label = body, None
        m = _LINE_LABEL.match(content)
        if m:
            label = m.group("a") or m.group("b") or m.group("c")
            content = content[m.end():]
        refs.append(RawReference(
            text=" ".join(content.split()),
            raw=body,
            line=number,
            start=start,
            end=start + len(body),
            label=label,
            same_authors=bool(_AUTHOR_DASH.match(content)),
        ))
    return refs


def _recognised(fields: dict[str, str], text: str) -> bool:
    return any(ch.isalnum() for ch in text) and any(fields.get(name) for name in _WORK_FIELDS)


def parse_raw_references(refs: list[RawReference], source: str) -> list[ImportedEntry]:
    """Parse raw references in one batch; "———." items get the previous item's authors.

    The dash is left in the text the parser sees (it was trained on such lists: that labels
    the rest better than a copied author name would) and replaced afterwards.  A text in
    which the parser finds no reference (no title, year, container, publisher or link)
    still gives one entry, a ``@misc`` whose ``note`` is the text, with a low confidence
    and ``recognised=False``: nothing the user gave is dropped, and entry N stays item N.
    """
    with gc_paused():  # a batch of acyclic objects (citekit.batch)
        return _entries_of(refs, source)


def _entries_of(refs: list[RawReference], source: str) -> list[ImportedEntry]:
    todo = [ref.text for ref in refs if ref.parsed is None]
    fresh = iter(parse_all(todo) if todo else [])
    parsed = [ref.parsed if ref.parsed is not None else next(fresh) for ref in refs]
    entries: list[ImportedEntry] = []
    for ref, result in zip(refs, parsed):
        fields = {k: v for k, v in dict(result.fields).items() if v and str(v).strip()}
        field_confidence = dict(getattr(result, "field_confidence", {}) or {})
        entry_type = result.entry_type or "misc"
        confidence = round(float(result.confidence), 2)
        recognised = _recognised(fields, ref.text)
        if not recognised:
            fields = {"note": ref.text or ref.raw.strip()}
            field_confidence = {"note": UNRECOGNISED_CONFIDENCE}
            entry_type, confidence = "misc", UNRECOGNISED_CONFIDENCE
        elif ref.same_authors:
            # "———." : the previous reference's authors (whatever the parser made of the dash)
            fields.pop("author", None)
            previous = entries[-1].fields.get("author") if entries else None
            if previous:
                fields = {"author": previous, **fields}
                field_confidence["author"] = entries[-1].field_confidence.get("author", 0.8)
        _doi_link_to_doi(fields, field_confidence)
        if ref.annotation:
            fields["annotation"] = ref.annotation
            field_confidence["annotation"] = 0.8  # copied text; only its start is a judgement
        entries.append(
            ImportedEntry(
                entry_type=entry_type,
                fields=fields,
                source=source,
                line=ref.line,
                confidence=confidence,
                field_confidence=field_confidence,
                raw=ref.raw,
                label=ref.label,
                start=ref.start,
                end=ref.end,
                recognised=recognised,
            )
        )
    return entries


def _doi_link_to_doi(fields: dict[str, str], confidence: dict[str, float]) -> None:
    """A DOI link is the work's DOI, not a web address: ``url`` -> ``doi`` (fmt's url-doi)."""
    from citekit.fmt.passes import doi_of_url

    bare = doi_of_url(fields.get("url", ""))
    if bare and (not fields.get("doi") or fields["doi"].lower() == bare.lower()):
        fields.pop("url")
        fields["doi"] = bare
        if "url" in confidence:
            confidence["doi"] = confidence.pop("url")


# --- keys -----------------------------------------------------------------------------


def assign_keys(entries: list[ImportedEntry], taken: set[str] | None = None) -> None:
    """Give every entry a unique key (``citekit.keys.make_key``), in order."""
    taken = set() if taken is None else taken
    for entry in entries:
        if entry.structured and entry.key and entry.key not in taken:
            taken.add(entry.key)
            continue
        entry.key = make_key(entry.fields, taken)
        taken.add(entry.key)


def _norm(entry: ImportedEntry, name: str) -> str:
    return re.sub(r"\W+", " ", entry.fields.get(name, "")).strip().lower()


def same_work(a: ImportedEntry, b: ImportedEntry) -> bool:
    """Two references to the same work (same authors, title and year, ignoring case/space)."""
    return bool(_norm(a, "title")) and all(_norm(a, n) == _norm(b, n) for n in ("author", "title", "year"))


def find_duplicates(entries: Iterable[ImportedEntry]) -> list[tuple[ImportedEntry, ImportedEntry]]:
    """(later, first) for every entry that is the same work as an earlier one, in order.

    The same answers as comparing every entry with every kept one (``same_work``), in
    linear time: only entries whose normalised titles are equal can be the same work, so
    candidates are blocked by that key and compared within their block only.  A 5,000-item
    list no longer costs 12 million comparisons.
    """
    blocks: dict[str, list[ImportedEntry]] = {}
    pairs: list[tuple[ImportedEntry, ImportedEntry]] = []
    for entry in entries:
        key = _norm(entry, "title")
        if not key:
            continue  # no title: never the same work as anything (same_work's rule)
        block = blocks.setdefault(key, [])
        original = next((kept for kept in block if same_work(kept, entry)), None)
        if original is None:
            block.append(entry)
        else:
            pairs.append((entry, original))
    return pairs
