"""Imported entries: parsed references and document entries with keys and provenance.

Every entry citekit invents from free text must say where it came from (file and line) and
how sure the parser was, so ``check`` and the user can tell solid fields from guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from citekit.importer.lists import RawReference
from citekit.keys import make_key

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
        return data


# --- the reference parser -------------------------------------------------------------


def _parser() -> Callable[[Sequence[str]], list[Any]]:
    """``citekit.refparse.parse_references``, or a stand-in that invents nothing."""
    try:
        from citekit.refparse import parse_references
    except ImportError:
        return _unparsed
    return parse_references


@dataclass
class _Unparsed:
    """What is known of a reference without a parser: its text, as a note."""

    text: str
    entry_type: str = "misc"
    confidence: float = 0.0
    fields: dict[str, str] = field(default_factory=dict)
    field_confidence: dict[str, float] = field(default_factory=dict)
    segments: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fields = {"note": self.text}
        self.field_confidence = {"note": 0.0}


def _unparsed(texts: Sequence[str]) -> list[Any]:
    return [_Unparsed(text) for text in texts]


def parse_raw_references(refs: list[RawReference], source: str) -> list[ImportedEntry]:
    """Parse raw references in one batch; "———." items get the previous item's authors."""
    parse = _parser()
    parsed = list(parse([ref.text for ref in refs])) if refs else []
    entries: list[ImportedEntry] = []
    for index, (ref, result) in enumerate(zip(refs, parsed)):
        if ref.same_authors and entries:
            result = _with_previous_authors(parse, ref, parsed[index - 1], entries[-1], result)
            parsed[index] = result
        fields = {k: v for k, v in dict(result.fields).items() if v and str(v).strip()}
        field_confidence = dict(getattr(result, "field_confidence", {}) or {})
        if ref.same_authors and entries and "author" in entries[-1].fields:
            fields = {"author": entries[-1].fields["author"], **fields}
            fields["author"] = entries[-1].fields["author"]
            field_confidence["author"] = entries[-1].field_confidence.get("author", 0.8)
        if ref.annotation:
            fields["annotation"] = ref.annotation
            field_confidence["annotation"] = 0.8  # copied text; only its start is a judgement
        entries.append(
            ImportedEntry(
                entry_type=result.entry_type or "misc",
                fields=fields,
                source=source,
                line=ref.line,
                confidence=round(float(result.confidence), 2),
                field_confidence=field_confidence,
                raw=ref.raw,
                label=ref.label,
                start=ref.start,
                end=ref.end,
            )
        )
    return entries


def _with_previous_authors(parse, ref, previous_parse, previous_entry, result):
    """Re-parse a "———." reference with the previous reference's author text in front."""
    author_text = " ".join(
        text for label, text in (getattr(previous_parse, "segments", None) or [])
        if label in ("author", "editor")
    ).strip()
    if not author_text and "author" in previous_entry.fields:
        author_text = previous_entry.fields["author"].replace(" and ", "; ") + "."
    if not author_text:
        return result
    return parse([f"{author_text} {ref.text}"])[0]


# --- keys -----------------------------------------------------------------------------


def assign_keys(entries: list[ImportedEntry], taken: set[str] | None = None) -> None:
    """Give every entry a unique key (``citekit.keys.make_key``), in order."""
    taken = set() if taken is None else taken
    for entry in entries:
        entry.key = make_key(entry.fields, taken)
        taken.add(entry.key)


def same_work(a: ImportedEntry, b: ImportedEntry) -> bool:
    """Two references to the same work (same authors, title and year, ignoring case/space)."""

    def norm(entry: ImportedEntry, name: str) -> str:
        return re.sub(r"\W+", " ", entry.fields.get(name, "")).strip().lower()

    return bool(norm(a, "title")) and all(norm(a, n) == norm(b, n) for n in ("author", "title", "year"))
