"""``check()``: load, run every check, return the findings in file order.

The runner owns location (file, line, column) and severity; the checks only say
what is wrong with which field. Selection (--select/--ignore) is applied here so a
library user gets the same result as the CLI.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

from citekit.check import codes as code_table
from citekit.check import datamodel
from citekit.check.duplicates import check_duplicate_works, check_links
from citekit.check.entries import check_model
from citekit.check.fields import FIELD_CHECKS, Hit
from citekit.check.inherit import Resolver, default_resolver
from citekit.check.records import LineIndex, Record, records_from_bibliography
from citekit.diagnostics import Diagnostic, Severity
from citekit.errors import UsageError

SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def load_bibliography(sources: Sequence[str | Path]):
    """The foundation loader (its diagnostics: syntax, duplicate keys/fields, undefined macros)."""
    from citekit.bibfile import load

    return load([str(s) for s in sources])


def check(
    sources: Sequence[str | Path] | None = None,
    *,
    bibliography=None,
    style: str | None = None,
    against: Sequence[str | Path] = (),
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    dialect: str = "auto",
    resolver: Resolver | None = None,
) -> list[Diagnostic]:
    """Every finding about ``sources`` (.bib paths or "-"), sorted by file and line.

    ``style``: also report what that CSL style needs (see style_readiness).
    ``against``: documents whose citations are matched against the entries.
    ``select``/``ignore``: code prefixes ("D5", "T301"). ``resolver``: crossref/xdata
    inheritance, default citekit.crossref.resolve_crossrefs.
    """
    if bibliography is None:
        if not sources:
            raise UsageError("check: no .bib file given")
        bibliography = load_bibliography(sources)
    if dialect not in ("auto", "bibtex", "biblatex"):
        raise UsageError(f"unknown dialect {dialect!r}: use auto, bibtex or biblatex")
    records, texts = records_from_bibliography(bibliography)
    lines = LineIndex(texts)
    wanted = _Selector(select, ignore)
    findings: list[Diagnostic] = []

    def emit(rec: Record, hit: Hit) -> None:
        if not wanted(hit.code):
            return
        line = lines.entry_line(rec.file, rec.key, rec.line)
        column = lines.column_of(rec.file, line, "@")
        if hit.field:
            place = lines.field_position(rec.file, line, hit.field, hit.nth)
            if place is not None:
                line, column = place
        findings.append(Diagnostic(rec.file, line, hit.code, code_table.severity(hit.code),
                                   hit.message, column, rec.key, hit.fix))

    _inherit(records, resolver or default_resolver())
    dialects = _dialects(records) if dialect == "auto" else {}
    for rec in records:
        for hit in check_model(rec, dialects.get(rec.file, dialect)):
            emit(rec, hit)
        for field_check in FIELD_CHECKS:
            for hit in field_check(rec):
                emit(rec, hit)
    for producer in (check_links, check_duplicate_works):
        for rec, hit in producer(records):
            emit(rec, hit)

    for diag in bibliography.diagnostics:
        if wanted(diag.code):
            if not diag.column:  # the loader leaves columns unknown: point at the text
                diag = replace(diag, column=lines.first_column(diag.file, diag.line))
            findings.append(diag)

    if style:
        from citekit.check.style_readiness import check_style

        for rec, hit in check_style(records, style):
            emit(rec, hit)
    if against:
        from citekit.check.against import check_against

        for diag in check_against(records, against):
            if wanted(diag.code):
                findings.append(diag)

    order = {str(f.path): i for i, f in enumerate(bibliography.files)}
    findings.sort(key=lambda d: (order.get(d.file, len(order)), d.file, d.line, d.column, d.code))
    return findings


def _inherit(records: list[Record], resolver: Resolver) -> None:
    linked = [r for r in records if r.fields.get("crossref") or r.fields.get("xdata")]
    if not linked:
        return
    entries = {r.key: r.fields for r in records}
    types = {r.key: r.entry_type for r in records}
    resolved = resolver(entries, types)
    for rec in linked:
        rec.inherited = resolved.get(rec.key, rec.fields)


def _dialects(records: list[Record]) -> dict[str, str]:
    types: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    for rec in records:
        types.setdefault(rec.file, set()).add(rec.entry_type)
        names.setdefault(rec.file, set()).update(rec.fields)
    return {file: datamodel.guess_dialect(types[file], names[file]) for file in types}


class _Selector:
    """--select / --ignore by code or prefix ("D5" selects D501..D509)."""

    def __init__(self, select: Iterable[str], ignore: Iterable[str]):
        self.select = tuple(s.strip().upper() for s in select if s.strip())
        self.ignore = tuple(s.strip().upper() for s in ignore if s.strip())
        self._cache: dict[str, bool] = {}

    def __call__(self, code: str) -> bool:
        ok = self._cache.get(code)
        if ok is None:
            upper = code.upper()
            ok = (not self.select or upper.startswith(self.select)) and not upper.startswith(self.ignore or ("\0",))
            self._cache[code] = ok
        return ok


def at_or_above(findings: Iterable[Diagnostic], threshold: str) -> bool:
    """True if any finding has severity ``threshold`` ("error"|"warning"|"info") or worse."""
    limit = SEVERITY_RANK[Severity(threshold)]
    return any(SEVERITY_RANK[d.severity] >= limit for d in findings)
