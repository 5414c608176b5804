"""``check()``: load, run every check, return the findings in file order.

The runner owns location (file, line, column) and severity; the checks only say
what is wrong with which field. Selection (--select/--ignore) is applied here so a
library user gets the same result as the CLI.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from citekit.bibfile.load import source_list
from citekit.bibfile.model import Bibliography
from citekit.check import codes as code_table
from citekit.check import datamodel
from citekit.check.duplicates import check_duplicate_works, check_links
from citekit.check.entries import check_model
from citekit.check.fields import FIELD_CHECKS, FIELDS_READ, Hit, clear_caches
from citekit.check.inherit import Resolver, default_resolver
from citekit.check.records import LineIndex, Record, lower_type
from citekit.diagnostics import Diagnostic, Severity
from citekit.errors import UsageError
from citekit.progress import active, track

SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def load_bibliography(sources: Sequence[str | Path]):
    """The foundation loader (its diagnostics: syntax, duplicate keys/fields, undefined macros)."""
    from citekit.bibfile import load

    return load([str(s) for s in sources])


def check(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    *,
    bibliography: Bibliography | None = None,
    style: str | None = None,
    against: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (),
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
    sources = source_list(sources) if sources is not None else None
    against = source_list(against)
    for document in against:  # fail before the (possibly long) checks, not after
        if not Path(document).is_file():
            raise UsageError(f"{document}: no such document")
    if bibliography is None and not sources:
        raise UsageError("check: no .bib file given")
    if dialect not in ("auto", "bibtex", "biblatex"):
        raise UsageError(f"unknown dialect {dialect!r}: use auto, bibtex or biblatex")
    if bibliography is None:
        from citekit.check.stream import StreamedBibliography

        from citekit.bibfile.load import gc_paused

        streamed = StreamedBibliography([str(s) for s in sources])
        with gc_paused():  # no reference cycles among the records: the collector only costs time
            findings = _check(streamed, streamed.texts, streamed.iter_entries(), streamed.parent,
                              style, against, select, ignore, dialect, resolver)
        if not streamed.stale:
            return findings
        # an @string defined after an entry used it: only a whole load resolves that
        bibliography = load_bibliography(sources)

    def entries():
        for bibfile, entry in bibliography.iter_entries():
            yield str(bibfile.path), entry, bibliography.fields(entry)

    def parent(key: str):
        found = bibliography.get(key)
        return None if found is None else (found.key, found.entry_type.lower(), bibliography.fields(found))

    texts = {str(f.path): f.text for f in bibliography.files}
    return _check(bibliography, texts, entries(), parent, style, against, select, ignore, dialect, resolver)


def _check(bibliography, texts, entries, parent, style, against, select, ignore, dialect, resolver):
    """The checks over ``entries`` ((path, entry, fields) in file order); ``parent(key)``
    gives a crossref/xdata target's (key, type, fields) once ``entries`` is exhausted."""
    lines = LineIndex(texts)
    wanted = _Selector(select, ignore)
    findings: list[Diagnostic] = []

    last: list = [None, 0, 0]  # the record of the previous finding, its line and column
    places: dict[tuple[str, int], tuple[Record, tuple[int, int] | None]] = {}  # field -> last place

    def emit(rec: Record, hit: Hit) -> None:
        if not wanted(hit.code):
            return
        if last[0] is rec:  # an entry's findings come together: find its place once
            line, column = last[1], last[2]
        else:
            line = lines.entry_line(rec.file, rec.key, rec.line)
            column = lines.column_of(rec.file, line, "@")
            last[:] = rec, line, column
        if hit.field:
            where = (hit.field, hit.nth)
            if where in places and places[where][0] is rec:
                place = places[where][1]
            else:
                place = lines.field_position(rec.file, line, hit.field, hit.nth)
                places[where] = (rec, place)
            if place is not None:
                line, column = place
        findings.append(Diagnostic(rec.file, line, hit.code, code_table.severity(hit.code),
                                   hit.message, column, rec.key, hit.fix))

    style_check = None
    if style:
        from citekit.check.style_readiness import check_style_entry, style_profile

        style_profile(style)  # an unknown style is a usage error before any work
        style_check = check_style_entry
    dialects = _dialects(texts) if dialect == "auto" else {}

    def check_needs(rec: Record) -> None:
        """Checks that need the inherited fields (crossref/xdata count as present)."""
        for hit in check_model(rec, dialects.get(rec.file, dialect)):
            emit(rec, hit)
        if style_check is not None:
            for hit in style_check(rec, style):
                emit(rec, hit)

    # One entry at a time: resolve, check, keep only what the cross-entry checks need,
    # so memory stays near the loader's own on 60,000 entries. Entries with crossref or
    # xdata wait for their parents' fields.
    records: list[Record] = []
    linked: list[Record] = []
    checks = [(fn, FIELDS_READ.get(fn)) for fn in FIELD_CHECKS]
    for path, entry, fields in track(entries, "checking", _estimate(texts) if active() else None):
        rec = Record(path, entry.key, lower_type(entry.entry_type), (entry.start_line or 0) + 1, fields)
        names = fields.keys()
        for field_check, reads in checks:
            if reads is not None and names.isdisjoint(reads):
                continue
            for hit in field_check(rec):
                emit(rec, hit)
        if "crossref" in rec.fields or "xdata" in rec.fields:
            linked.append(rec)
        else:
            check_needs(rec)
            rec.fields = {name: value for name, value in rec.fields.items() if name in CROSS_ENTRY_FIELDS}
        records.append(rec)
    if linked:
        inherited = _inherited(parent, linked, resolver or default_resolver())
        for rec in linked:
            rec.inherited = inherited.get(rec.key, rec.fields)
            check_needs(rec)
    for rec, hit in check_links(records):
        emit(rec, hit)
    for rec, hit in check_duplicate_works(records, lambda r: lines.entry_line(r.file, r.key, r.line)):
        emit(rec, hit)

    for diag in bibliography.diagnostics:
        if wanted(diag.code):
            if not diag.column:  # the loader leaves columns unknown: point at the text
                diag = replace(diag, column=lines.first_column(diag.file, diag.line))
            findings.append(diag)

    if against:
        from citekit.check.against import check_against

        for diag in check_against(records, against):
            if wanted(diag.code):
                findings.append(diag)

    clear_caches()
    order = {path: i for i, path in enumerate(texts)}
    findings.sort(key=lambda d: (order.get(d.file, len(order)), d.file, d.line, d.column, d.code))
    return findings


def _estimate(texts: dict[str, str]) -> int:
    """About how many entries ``texts`` hold (for a progress bar): '@' at a line start."""
    return sum(text.count("\n@") + text.startswith("@") for text in texts.values())


#: What the checks across entries (duplicates, links, --against) read from an entry.
CROSS_ENTRY_FIELDS = frozenset(
    "author editor title year date doi volume number pages issue chapter eid edition crossref "
    "xref xdata related ids entryset organization institution journal journaltitle booktitle "
    "publisher x-citekit-source".split()
)


def _inherited(parent_of, linked: list[Record], resolver: Resolver) -> dict[str, dict[str, str]]:
    """Fields after crossref/xdata inheritance for the linked entries (and only them:
    their ancestors are fetched by key, not the whole bibliography resolved)."""
    family: dict[str, dict[str, str]] = {rec.key: rec.fields for rec in linked}
    types: dict[str, str] = {rec.key: rec.entry_type for rec in linked}
    todo = list(family)
    while todo:
        fields = family[todo.pop()]
        for link in ("crossref", "xdata"):
            for target in (fields.get(link) or "").split(","):
                parent = parent_of(target.strip()) if target.strip() else None
                if parent is not None and parent[0] not in family:
                    key, entry_type, fields = parent
                    family[key] = fields
                    types[key] = entry_type
                    todo.append(key)
    return resolver(family, types)


_BIBLATEX_MARKERS = re.compile(
    r"^[ \t]*(?:@[ \t]*(?:" + "|".join(sorted(datamodel.BIBLATEX_TYPES)) + r")[ \t]*[{(]"
    r"|(?:" + "|".join(sorted(datamodel.BIBLATEX_FIELDS)) + r")[ \t]*=)",
    re.I | re.M,
)


def _dialects(texts: dict[str, str]) -> dict[str, str]:
    """Each file's dialect: biblatex if its text uses a biblatex-only type or field."""
    return {path: "biblatex" if _BIBLATEX_MARKERS.search(text) else "bibtex"
            for path, text in texts.items()}


class _Selector:
    """--select / --ignore by code or prefix ("D5" selects D501..D509)."""

    def __init__(self, select: Iterable[str], ignore: Iterable[str]):
        renamed = code_table.RENAMED
        self.select = tuple(renamed.get(s.strip(), s.strip()).upper() for s in select if s.strip())
        self.ignore = tuple(renamed.get(s.strip(), s.strip()).upper() for s in ignore if s.strip())
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
