"""Stage 4 of the document reader: assemble zones and spans into items, citations and the entry.

The zones of the lines (``citekit.importer.zones``) and the reference and citation spans
among the tokens (``citekit.importer.spans``) come from the trained models in ``models/``
(``scripts/train_docreader.py`` rebuilds them). Here they become raw references (cut where
the zone model starts an item, item numbers as labels, annotations attached), citations
(interpreted by ``citekit.citations.prose``) and the document's own entry (the by-line and
copyright rules of ``citekit.importer.documents``). Not yet the default reader: select it
with ``citekit import --reader trained`` or ``import_sources(..., reader="trained")``
(docs/import.md says why).
"""

from __future__ import annotations

import re

from citekit.citations.prose import Citation, find_citations
from citekit.importer.documents import (
    ListSplit,
    Note,
    RawReference,
    ReferenceSection,
    SourceDocument,
    _document_entry,
    _find_copyright,
    _junk_lines,
    _line_of,
)
from citekit.importer.lists import reference_likeness
from citekit.importer.spans import Span, decode, label_spans, tokenize
from citekit.importer.text import Line, join_wrapped, split_lines, vocabulary_of
from citekit.importer.zones import label_zones
from citekit.refparse import parse_references

__all__ = ["read_document"]


def read_document(text: str, path: str, *, force_list: bool = False) -> SourceDocument:
    """Read one source: the document's entry, reference items and in-text citations.

    The zones of the lines (``citekit.importer.zones``) and the reference and citation spans
    among the tokens (``citekit.importer.spans``) come from the trained models; this function
    only assembles them. ``force_list``: the source is a bare reference list (no entry).
    """
    lines = split_lines(text)
    vocabulary = vocabulary_of(text)
    notes: list[Note] = []
    junk = _junk_lines(lines, notes)
    copyright_ = _find_copyright(lines, junk, notes)
    zones = {z.line.number: z.label for z in label_zones(lines)}
    # page chrome by the zone model: no citations there (the entry keeps its own junk rules)
    chrome = {n for n, z in zones.items() if z == "CHROME"} | set(junk)
    tokens = tokenize(text)
    token_zones = [zones.get(t.line + 1, "BODY") for t in tokens]
    found = decode(tokens, label_spans(tokens, token_zones, text))
    # no reference on a line the page-junk rules set aside (a copyright or "Powered by" footer)
    references = [
        r for r in _references(text, lines, zones, [s for s in found if s.kind == "REF"], vocabulary)
        if r.line not in junk and not (copyright_ and r.line == copyright_.line)
    ]
    split = ListSplit(references)
    sections = _sections(lines, zones)
    for section in sections:
        count = sum(1 for r in references if section.first_line <= r.line <= section.last_line)
        notes.append(Note(section.line, f"reference section '{section.heading}': {count} reference(s)",
                          section.last_line))
    # the lines of the references kept, their headings and annotations: not the document's own
    # (a signature line the zones call an item, but no reference came of, stays for the entry)
    section_lines = {n for n, z in zones.items() if z in ("HEAD", "ANNOT")}
    for ref in references:
        section_lines.update(range(ref.line, _line_of(lines, ref.end) + 1))
    body_lines = [n for n, z in zones.items() if z not in _LIST_ZONES and n not in junk]
    first = next((n for n in sorted(zones) if n not in junk), None)
    opens_list = first is not None and zones[first] in _LIST_ZONES
    if force_list or (references and opens_list and not [n for n in body_lines if zones[n] == "BODY"]):
        return SourceDocument(path, text, None, sections, split, [], notes, is_list=True)
    entry = _document_entry(lines, junk, section_lines, copyright_, vocabulary, notes, sections)
    citations = []
    for span in found:
        line = _line_of(lines, span.start)
        inside = any(r.start <= span.start < r.end for r in references)  # part of a reference
        if span.kind == "CIT" and line not in chrome and not inside and zones.get(line) not in _NOTE_ZONES:
            citations.extend(_citations_of(text, span))
    return SourceDocument(path, text, entry, sections, split, citations, notes)


_LIST_ZONES = {"HEAD", "REF_B", "REF_I", "NOTE_B", "NOTE_I", "ANNOT"}
_NOTE_ZONES = {"HEAD", "REF_B", "REF_I", "NOTE_B", "NOTE_I"}
_ITEM_LABEL = re.compile(r"^\s*(?:\[(?P<a>\d{1,3})\]|\(?(?P<b>\d{1,3})[.)]?)\s*$")
_LABEL_IN_SPAN = re.compile(r"^(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)])\s+")
_DASH_START = re.compile(r"^(?:[—―]+|[-_–]{2,})\s*[.,:]?")
_MIN_REFERENCE = 12  # characters: shorter spans are fragments, not works
_MIN_PROSE_REFERENCE = 40  # inside prose a short span is an aside ("Stalinist era (1929–1953)")
_MAX_REFERENCE = 500  # a longer span is a paragraph the labeller misread
_MIN_LIKENESS = 0.35  # citekit.importer.lists.reference_likeness
_MIN_PARSE_CONFIDENCE = 0.8  # the parser's mean token probability; every true docs-dev reference >= 0.84


def _references(
    text: str, lines: list[Line], zones: dict[int, str], spans: list[Span], vocabulary: set[str]
) -> list[RawReference]:
    """Reference spans -> raw references (parser text joined from wrapped lines, the item's
    number as its label, the annotation lines after it)."""
    out: list[RawReference] = []
    for span in _cut_at_item_starts(text, lines, zones, spans):
        raw = text[span.start : span.end]
        line_no = _line_of(lines, span.start)
        shortest = _MIN_PROSE_REFERENCE if zones.get(line_no) in ("BODY", "TITLE", "META") else _MIN_REFERENCE
        if len(raw.strip()) < shortest or not re.search(r"[^\W\d_]{2}", raw):
            continue
        line = lines[line_no - 1]
        inner = _LABEL_IN_SPAN.match(raw)
        if inner and len(raw) - inner.end() >= _MIN_REFERENCE:  # "1. Smith, ..." : the number is a label
            span = Span(span.kind, span.start + inner.end(), span.end)
            raw = text[span.start : span.end]
        before = text[line.start : span.start]
        m = _ITEM_LABEL.match(before)
        label = (m.group("a") or m.group("b")) if m else None
        joined = join_wrapped(raw.split("\n"), vocabulary)
        # the parser's view is the gate: a span must read like a work, not like a paragraph
        if len(joined) > _MAX_REFERENCE or reference_likeness(joined) < _MIN_LIKENESS:
            continue
        out.append(RawReference(joined, raw, line_no, span.start, span.end, label=label,
                                same_authors=bool(_DASH_START.match(joined))))
    # and the reference parser's: a span it reads with little confidence is a sentence that
    # happens to hold a year or a name ("George Orwell's dystopian novel 1984 examines", a
    # page's title-and-course header), not a work; this is what keeps documents without a
    # reference list without references
    for ref, parsed in zip(out, parse_references([r.text for r in out]) if out else []):
        ref.parsed = parsed
    out = [r for r in out if r.parsed.confidence >= _MIN_PARSE_CONFIDENCE]
    # annotations: ANNOT lines after an item, up to the next item
    for ref, nxt in zip(out, out[1:] + [None]):
        last = _line_of(lines, ref.end)
        limit = nxt.line if nxt else len(lines) + 1
        parts = [lines[n - 1].text for n in range(last + 1, limit) if zones.get(n) == "ANNOT"]
        if parts:
            ref.annotation = join_wrapped(parts, vocabulary).strip("() ")
    return out


def _cut_at_item_starts(text: str, lines: list[Line], zones: dict[int, str], spans: list[Span]) -> list[Span]:
    """The zone model says where an item starts (REF_B, NOTE_B): a span running over such a
    line start is two references (the span model missed the boundary)."""
    out: list[Span] = []
    for span in spans:
        start = span.start
        first = _line_of(lines, span.start)
        last = _line_of(lines, span.end)
        for number in range(first + 1, last + 1):
            if zones.get(number) in ("REF_B", "NOTE_B"):
                line = lines[number - 1]
                m = _LEADING_LABEL.match(line.text)
                cut = line.start + (m.end() if m else 0)
                if cut >= span.end:
                    break
                end = line.start
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    out.append(Span(span.kind, start, end))
                start = cut
        out.append(Span(span.kind, start, span.end))
    for span in out:  # a list item keeps its final period ("... Press, 2000.; Next, A. ...")
        if text[span.end : span.end + 1] == "." and zones.get(_line_of(lines, span.end)) in ("REF_B", "REF_I"):
            span.end += 1
    return out


_LEADING_LABEL = re.compile(r"^\s*(?:\[\d{1,3}\]|\(?\d{1,3}[.)]|[•*\-–·▪◦]|\^|↑)?\s*")


def _sections(lines: list[Line], zones: dict[int, str]) -> list[ReferenceSection]:
    """Headed runs of list zones (for the report and the entry type)."""
    sections: list[ReferenceSection] = []
    for line in lines:
        label = zones.get(line.number)
        if label == "HEAD":
            sections.append(ReferenceSection(line.stripped.rstrip(":"), line.number, line.number,
                                             line.number, line.start, line.end))
        elif label in _LIST_ZONES and sections:
            sections[-1].last_line = line.number
            sections[-1].end = line.end
    return sections


def _citations_of(text: str, span: Span) -> list[Citation]:
    """A citation span -> citations (a cluster "(A 1990; B 2001)" gives one per item)."""
    raw = text[span.start : span.end]
    found = find_citations(raw)
    if found:
        for c in found:
            c.start += span.start
            c.end += span.start
        return found
    digits = re.fullmatch(r"\[?(\d{1,3})(?:[,–-]\s*(\d{1,3}))?\]?", raw)
    if digits:
        glued = span.start > 0 and not text[span.start - 1].isspace()
        if not raw.startswith("[") and not glued:
            return []  # a bare number after a space or at a line start is a list number
        numbers = [int(g) for g in digits.groups() if g]
        kind = "numeric" if raw.startswith("[") else "footnote"
        return [Citation(raw, [], None, None, span.start, span.end, kind, numbers=numbers)]
    # what the prose grammar does not read: page-only "(13)", title-page "(The Road Ahead 13)",
    # "(Macionis: Chapter 4)", a lower-case author "(smith)"; anything else is not a citation
    if _PAGE_LIKE.fullmatch(raw) or _LOWER_AUTHOR.fullmatch(raw):
        return [Citation(raw, [], None, None, span.start, span.end, "mla")]
    return []


_PAGE_LIKE = re.compile(r"\([^()]{0,60}\d[^()]{0,20}\)")
_LOWER_AUTHOR = re.compile(r"\([a-z][a-z'’\-]{2,20}\)")
