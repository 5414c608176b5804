"""Imported entries: parsed references and document entries with keys and provenance.

Every entry citekit invents from free text must say where it came from (file and line) and
how sure the parser was, so ``check`` and the user can tell solid fields from guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from citekit.importer.lists import RawReference
from citekit.keys import make_key
from citekit.refparse import parse_references

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
        return data


# --- the reference parser -------------------------------------------------------------


def parse_raw_references(refs: list[RawReference], source: str) -> list[ImportedEntry]:
    """Parse raw references in one batch; "———." items get the previous item's authors.

    The dash is left in the text the parser sees (it was trained on such lists: that labels
    the rest better than a copied author name would) and replaced afterwards.
    """
    parsed = parse_references([ref.text for ref in refs]) if refs else []
    entries: list[ImportedEntry] = []
    for ref, result in zip(refs, parsed):
        fields = {k: v for k, v in dict(result.fields).items() if v and str(v).strip()}
        field_confidence = dict(getattr(result, "field_confidence", {}) or {})
        if ref.same_authors:
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


def same_work(a: ImportedEntry, b: ImportedEntry) -> bool:
    """Two references to the same work (same authors, title and year, ignoring case/space)."""

    def norm(entry: ImportedEntry, name: str) -> str:
        return re.sub(r"\W+", " ", entry.fields.get(name, "")).strip().lower()

    return bool(norm(a, "title")) and all(norm(a, n) == norm(b, n) for n in ("author", "title", "year"))
