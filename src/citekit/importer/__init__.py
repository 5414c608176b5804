"""``citekit import``: free-text reference lists and whole source documents -> BibTeX.

Pipeline per source, one module per stage: read the file as text (``read``: PDF, HTML,
DOCX, Markdown, text, stdin) -> label each line's zone (``zones``, a CRF) -> find reference
and citation spans among the tokens (``spans``, a CRF) -> assemble the document's entry,
items and citations (``reader``; page junk and the entry's rules in ``documents``) -> parse each reference (``citekit.refparse``) ->
entries with keys and provenance (``entries``) -> BibTeX (``bibtex``) or JSON. :func:`import_sources` is the library entry
point the CLI calls.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from citekit.batch import collect_young_if_paused, gc_paused
from citekit.citations.prose import Citation
from citekit.importer.bibtex import format_entries
from citekit.importer.capitals import CaseEvidence, protect_entries
from citekit.importer.documents import Note, SourceDocument
from citekit.importer.entries import (
    ImportedEntry,
    assign_keys,
    find_duplicates,
    parse_raw_references,
    references_per_line,
)
from citekit.importer.read import read_source
from citekit.importer.reader import read_document

__all__ = ["import_sources", "ImportResult", "SourceResult", "ImportedEntry"]

@dataclass
class SourceResult:
    """What one source gave: its own entry, its reference list, its citations."""

    path: str
    document: ImportedEntry | None
    references: list[ImportedEntry]
    citations: list[Citation]
    notes: list[Note]
    text: str = ""
    duplicates: list[tuple[ImportedEntry, ImportedEntry]] = field(default_factory=list)
    _originals: dict[int, ImportedEntry] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def column_of(self, offset: int) -> int:
        """1-based column of a character offset: the convention of ``check``'s positions."""
        return offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def keys_for(self, citation: Citation) -> list[str]:
        """Keys of this source's own references that a citation points to ("[3]" -> label 3;
        "(Taubman 2003)" -> Taubman's 2003 work), when that is unambiguous."""
        refs = [self._kept(e) for e in self.references]
        if citation.numbers:
            by_label = {e.label: e.key for e in refs if e.label}
            return [by_label[str(n)] for n in citation.numbers if str(n) in by_label]
        if citation.authors and citation.year:
            year = citation.year.rstrip("abcdefghijklmnopqrstuvwxyz")
            matches = [
                e.key for e in refs
                if e.fields.get("year", "")[:4] == year[:4] and _first_surname(e) == _fold(citation.authors[0])
            ]
            return matches if len(matches) == 1 else []
        return []

    def _kept(self, entry: ImportedEntry) -> ImportedEntry:
        return self.original_of(entry) or entry

    def _reference_dict(self, entry: ImportedEntry) -> dict[str, Any]:
        data = entry.to_dict()
        original = self.original_of(entry)
        if original is not None:  # every item keeps its place; this one points to its twin
            data["same_as"] = original.key
        return data

    def original_of(self, entry: ImportedEntry) -> ImportedEntry | None:
        """The earlier entry ``entry`` duplicates, or None (a dict, so lookups stay O(1))."""
        if len(self._originals) != len(self.duplicates):
            self._originals = {id(a): b for a, b in self.duplicates}
        return self._originals.get(id(entry))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.path,
            "document": self.document.to_dict() if self.document else None,
            "references": [self._reference_dict(entry) for entry in self.references],
            "citations": [
                {**c.to_dict(), "line": self.line_of(c.start), "column": self.column_of(c.start),
                 "keys": self.keys_for(c)}
                for c in self.citations
            ],
            "notes": [note.format() for note in sorted(self.notes, key=lambda n: n.line)],
        }


@dataclass
class ImportResult:
    """What :func:`import_sources` found, per source; ``entries`` is the list to write
    and :meth:`to_bibtex` / :meth:`to_json` / :meth:`report` its three renderings."""

    sources: list[SourceResult]

    @property
    def entries(self) -> list[ImportedEntry]:
        """Every entry to write, in source order: a document, then its references."""
        out: list[ImportedEntry] = []
        for source in self.sources:
            if source.document:
                out.append(source.document)
            out.extend(e for e in source.references if not _is_duplicate(source, e))
        return out

    def to_bibtex(self) -> str:
        """The entries in fmt's canonical form (with the project's fmt settings), so
        ``citekit fmt --check`` and the pre-commit hook accept what import wrote."""
        from citekit.config import section
        from citekit.fmt import fmt_text
        from citekit.fmt.settings import FmtSettings

        text = format_entries(self.entries)
        if not text.strip():
            return text
        return fmt_text(text, FmtSettings.from_config(dict(section("fmt"))))

    def to_json(self) -> str:
        # plain dicts and lists made just now hold no cycles: the encoder need not track every one
        return json.dumps({"sources": [s.to_dict() for s in self.sources]}, ensure_ascii=False, indent=2,
                          check_circular=False) + "\n"

    def report(self) -> str:
        """What was found where, one block per source."""
        out: list[str] = []
        for source in self.sources:
            out.append(f"{source.path}:")
            rows: list[tuple[int, str]] = [(n.line, n.format()) for n in source.notes]
            if source.document:
                d = source.document
                rows.append((d.line, f"line {d.line}: entry {d.key} @{d.entry_type} "
                             f"(confidence {d.confidence:.2f})"))
            for entry in source.references:
                dup = source.original_of(entry)
                what = f"same work as {dup.key}" if dup else f"@{entry.entry_type}"
                if not entry.recognised:
                    what += ", no reference recognised (the text is kept in note)"
                where = f"{entry.line}:{source.column_of(entry.start)}" if entry.start is not None else f"{entry.line}"
                shown = entry.raw or entry.fields.get("title", "")  # a structured entry: its title
                rows.append((entry.line, f"line {where}: reference {entry.key or '-'} {what} "
                             f"(confidence {entry.confidence:.2f}): {_short(shown)}"))
            for c in source.citations:
                line = source.line_of(c.start)
                rows.append((line, f"line {line}:{source.column_of(c.start)}: {c.kind} citation {c.raw!r}"))
            rows.sort(key=lambda row: row[0])
            out.extend(f"  {text}" for _, text in rows)
            total = (1 if source.document else 0) + len(source.references)
            out.append(f"  = {total} entr{'y' if total == 1 else 'ies'}, "
                       f"{len(source.citations)} in-text citation(s)")
        return "\n".join(out) + "\n"


def import_sources(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    one_per_line: bool = False,
    as_list: bool = False,
    stdin_text: str | None = None,
) -> ImportResult:
    """Import source documents or reference lists (paths; "-" reads standard input).

    ``one_per_line``: every non-blank input line is exactly one reference.
    ``as_list``: the inputs are reference lists (no document entry, no prose citations).
    """
    from citekit.bibfile.load import source_list

    names = source_list(sources) or ["-"]
    results: list[SourceResult] = []
    for name in names:
        source = read_source(name, stdin_text)
        collect_young_if_paused()  # a PDF reader's object graph is cyclic garbage now
        text, label = source.text, source.label
        from citekit.interchange import structured_format

        if not one_per_line and structured_format(text, label):
            results.append(_import_structured(text, label))
            continue
        result = _import_one(text, label, one_per_line=one_per_line, as_list=as_list)
        _add_metadata(result, source.metadata)
        results.append(result)
    # the parser pauses the cyclic collector for its batch; so do these passes over every
    # entry (citekit.batch: a third of title protection was the collector's)
    with gc_paused():
        _dedupe(results)
        taken: set[str] = set()
        for result in results:
            entries = ([result.document] if result.document else []) + [
                e for e in result.references if not _is_duplicate(result, e)
            ]
            assign_keys(entries, taken)
        protect_titles(results)
    return ImportResult(results)


def protect_titles(results: list[SourceResult]) -> None:
    """Brace the names and acronyms of every title, on the evidence of the whole import.

    Evidence: the prose of the documents (without their reference lists) and every entry's
    authors, places, publishers and sentence-case titles (``citekit.importer.capitals``).
    Keys are made before this, so they do not depend on it.
    """
    evidence = CaseEvidence()
    for result in results:
        if result.document is not None:
            evidence.add_prose(_body_text(result))
        for entry in ([result.document] if result.document else []) + result.references:
            evidence.add_entry_fields(entry.fields)
    protect_entries(
        (e.fields for r in results for e in ([r.document] if r.document else []) + r.references
         if not e.structured),
        evidence,
    )


def _body_text(result: SourceResult) -> str:
    """The document's text with its reference items blanked out (they are not prose)."""
    chars = list(result.text)
    for entry in result.references:
        if entry.start is not None and entry.end is not None:
            for i in range(entry.start, min(entry.end, len(chars))):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)


def _import_structured(text: str, label: str) -> SourceResult:
    """A BibTeX, CSL-JSON or RIS file: its entries as they are (confidence 1), keys kept;
    what the loader had to say about the file becomes notes of the report."""
    from citekit.bibfile.load import parse_text
    from citekit.bibfile.model import Bibliography
    from citekit.interchange import as_bibtex

    bib_text = as_bibtex(text.encode("utf-8"), label).decode("utf-8")
    bibliography = Bibliography(files=[parse_text(bib_text, label)])
    from citekit.bibfile.load import _link

    _link(bibliography)
    refs = [
        ImportedEntry(entry_type=entry.entry_type, fields=bibliography.fields(entry), source=label,
                      line=(entry.start_line or 0) + 1, confidence=1.0, key=entry.key,
                      structured=True)
        for _, entry in bibliography.iter_entries()
    ]
    notes = [Note(d.line, f"{d.code} {d.message}") for d in bibliography.diagnostics]
    return SourceResult(label, None, refs, [], notes, text)


def _import_one(text: str, label: str, *, one_per_line: bool, as_list: bool) -> SourceResult:
    if one_per_line:
        refs = parse_raw_references(references_per_line(text), label)
        return SourceResult(label, None, refs, [], [], text)
    document: SourceDocument = read_document(text, label, force_list=as_list)
    refs = parse_raw_references(document.references, label)
    own = None
    if document.entry is not None and document.entry.fields:  # an empty text is no work
        entry = document.entry
        own = ImportedEntry(
            entry_type=entry.entry_type,
            fields=dict(entry.fields),
            source=label,
            line=entry.line,
            confidence=entry.confidence,
            field_confidence={k: v for k, v in entry.field_confidence.items() if k != "type"},
            role="document",
        )
    return SourceResult(label, own, refs, document.citations, document.notes, text)


def _add_metadata(result: SourceResult, metadata: dict[str, str]) -> None:
    """What an HTML, PDF or DOCX file states about itself fills the fields its text left empty."""
    if not metadata or result.document is None:
        return
    for name, value in metadata.items():
        if name == "date":
            continue
        if value and not result.document.fields.get(name):
            result.document.fields[name] = value
            result.document.field_confidence[name] = 0.9


def _dedupe(results: list[SourceResult]) -> None:
    """The same work in two lists becomes one entry that names both places."""
    source_of = {id(e): r for r in results for e in r.references}
    for entry, original in find_duplicates(e for r in results for e in r.references):
        original.also_from.append(f"{entry.source}:{entry.line}")
        source_of[id(entry)].duplicates.append((entry, original))


def _is_duplicate(result: SourceResult, entry: ImportedEntry) -> bool:
    return result.original_of(entry) is not None


def _fold(name: str) -> str:
    from unidecode import unidecode

    return "".join(ch for ch in unidecode(name).lower() if ch.isalpha())


def _first_surname(entry: ImportedEntry) -> str:
    names = entry.fields.get("author") or entry.fields.get("editor") or ""
    first = names.split(" and ")[0]
    surname = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    return _fold(surname)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
