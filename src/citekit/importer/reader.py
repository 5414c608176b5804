"""Stage 4 of the document reader: assemble zones and spans into items, citations and the entry.

The zones of the lines (``citekit.importer.zones``) and the reference and citation spans
among the tokens (``citekit.importer.spans``) come from the trained models in ``models/``
(``scripts/train_docreader.py`` rebuilds them). Here they become raw references (cut where
the zone model starts an item, item numbers as labels, annotations attached), citations
(interpreted by ``citekit.citations.prose``) and the document's own entry (the by-line and
copyright rules of ``citekit.importer.documents``). Between the models and the output stand
a few gates that say what a reference is: the parser must read it confidently, a work named
in prose must have a title, someone and a year, and a document without a list gives none.
Works named inside prose and notes that the span model leaves or runs together are found by
``citekit.importer.mentions`` (candidate stretches, parsed, scored by a trained model).
"""

from __future__ import annotations

import bisect
import dataclasses
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
from citekit.importer import mentions
from citekit.importer.docmeta import refine_entry
from citekit.importer.lists import reference_likeness, split_references
from citekit.importer.parsing import parse_all
from citekit.importer.spans import Span, decode, label_spans, tokenize
from citekit.importer.text import URL_TAIL, Line, join_wrapped, split_lines, vocabulary_of
from citekit.importer.zones import label_zones

__all__ = ["read_document"]


def read_document(text: str, path: str, *, force_list: bool = False) -> SourceDocument:
    """Read one source: the document's entry, reference items and in-text citations.

    The zones of the lines (``citekit.importer.zones``) and the reference and citation spans
    among the tokens (``citekit.importer.spans``) come from the trained models; this function
    only assembles them. ``force_list``: the source is a bare reference list (no entry).
    """
    vocabulary = vocabulary_of(text)
    if force_list:
        return _bare_list(text, path, vocabulary, keep_all=True)
    lines = split_lines(text)
    notes: list[Note] = []
    junk = _junk_lines(lines, notes)
    copyright_ = _find_copyright(lines, junk, notes)
    zones = _orphan_annotations_are_prose({z.line.number: z.label for z in label_zones(lines)})
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
    # a "heading" on the first line that no reference follows is the document's own title
    # ("Paragraphs and References" above the essay's prose)
    first_content = next((n for n in sorted(zones)
                          if n not in junk and re.search(r"[^\W\d_]{2}", lines[n - 1].text)), None)
    if first_content is not None and zones[first_content] == "HEAD":
        after = next((n for n in sorted(zones) if n > first_content and n not in junk), None)
        if after is None or not any(r.line == after for r in references):
            section_lines.discard(first_content)
    for ref in references:
        section_lines.update(range(ref.line, _line_of(lines, ref.end) + 1))
    body_lines = [n for n, z in zones.items() if z not in _LIST_ZONES and n not in junk]
    first = next((n for n in sorted(zones) if n not in junk), None)
    opens_list = first is not None and zones[first] in _LIST_ZONES
    # a bare list: no prose, and nothing above the list but at most its own heading line
    # ("Annotated Bibliography: Peaceful Coexistence" heads the list, it is no work's title)
    above = [n for n in body_lines if zones[n] != "BODY" and (not references or n < references[0].line)]
    headed_list = len(above) <= 1 and not [n for n in body_lines if n not in above]
    if force_list or (references and (opens_list or headed_list) and _items_fill_lines(lines, zones, references)
                      and not [n for n in body_lines if zones[n] == "BODY"]):
        bare = _bare_list(text, path, vocabulary, keep_all=False)
        # the list splitter's items, unless the reader found more (notes run into one line:
        # "1. Web searches ... 2. Ann Poe, Explained ..." the splitter keeps whole)
        if force_list or len(bare.split.references) >= len(references):
            return bare
        return SourceDocument(path, text, None, [], split, [], notes, is_list=True)
    entry = _document_entry(lines, junk, section_lines, copyright_, vocabulary, notes, sections)
    entry = refine_entry(entry, lines, zones, junk, notes, vocabulary, references)  # the ranker's title, the header's fields
    # an item line no reference came of is prose the zones misread ("Khrushchev changed course
    # in 1956 (Taubman 2003)." called an item): its citations count
    touched = {n for r in references for n in range(r.line, _line_of(lines, r.end) + 1)}
    # (reference items only: a note is commentary, not the body; and from such a line only a
    # bracketed citation, which the line's own shape does not explain away)
    prose = {n: ("PROSE" if z in ("REF_B", "REF_I") and n not in touched else z) for n, z in zones.items()}
    citations = []
    for span in found:
        line = _line_of(lines, span.start)
        inside = any(r.start <= span.start < r.end for r in references)  # part of a reference
        if span.kind == "CIT" and line not in chrome and not inside and prose.get(line) not in _NOTE_ZONES:
            citations.extend(_citations_of(text, span))
    citations = _with_grammar_citations(text, lines, prose, chrome, references, citations)
    citations = _same_shape_citations(text, lines, prose, chrome, references, citations)
    return SourceDocument(path, text, entry, sections, split, citations, notes)


def _bare_list(text: str, path: str, vocabulary: set[str], *, keep_all: bool) -> SourceDocument:
    """A source that is only a reference list: split by ``citekit.importer.lists`` (its
    layouts, numbered, hanging, wrapped, run-together, recover 90-97% of the items of lists
    built from real references, scripts/eval_list_splitting.py; the span model, 47-85%)."""
    split = split_references(text, vocabulary=vocabulary, keep_all=keep_all)
    notes = [Note(item.line, f"skipped ({item.skip_reason}): {item.text[:60]}") for item in split.skipped]
    return SourceDocument(path, text, None, [], split, [], notes, is_list=True)


_LIST_ZONES = {"HEAD", "REF_B", "REF_I", "NOTE_B", "NOTE_I", "ANNOT"}
_NOTE_ZONES = {"HEAD", "REF_B", "REF_I", "NOTE_B", "NOTE_I"}


def _orphan_annotations_are_prose(zones: dict[int, str]) -> dict[int, str]:
    """An annotation follows an item: "annotation" lines before any item or heading are the
    body (the zone model's guess for plain sentences that repeat, say)."""
    out = dict(zones)
    seen_item = False
    for n in sorted(out):
        if out[n] in ("REF_B", "REF_I", "NOTE_B", "NOTE_I", "HEAD"):
            seen_item = True
        elif out[n] == "ANNOT" and not seen_item:
            out[n] = "BODY"
    return out


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
    spans = _join_continuations(text, lines, zones, spans)
    spans = sorted(spans + _uncovered_items(text, lines, zones, spans), key=lambda s: s.start)
    for span in _cut_after_links(text, lines, _cut_at_item_starts(text, lines, zones, spans)):
        raw = text[span.start : span.end]
        line_no = _line_of(lines, span.start)
        shortest = _MIN_PROSE_REFERENCE if zones.get(line_no) in ("BODY", "TITLE", "META") else _MIN_REFERENCE
        if len(raw.strip()) < shortest or not re.search(r"[^\W\d_]{2}", raw):
            continue
        lead = mentions.lead_in_end(raw)  # prose the span ran in with ("... is", "See", "Sources:")
        if lead and len(raw) - lead >= _MIN_REFERENCE:
            span = Span(span.kind, span.start + lead, span.end)
            raw = text[span.start : span.end]
        line = lines[line_no - 1]
        inner = _LABEL_IN_SPAN.match(raw) or _BACKLINK.match(raw)
        if inner and len(raw) - inner.end() >= _MIN_REFERENCE:  # "1. Smith, ..." : the number is a label
            span = Span(span.kind, span.start + inner.end(), span.end)
            raw = text[span.start : span.end]
        before = text[line.start : span.start]
        m = _ITEM_LABEL.match(before)
        label = (m.group("a") or m.group("b")) if m else None
        joined = mentions.as_reference(join_wrapped(raw.split("\n"), vocabulary))
        # the parser's view is the gate: a span must read like a work, not like a paragraph
        if len(joined) > _MAX_REFERENCE or reference_likeness(joined) < _MIN_LIKENESS:
            continue
        out.append(RawReference(joined, raw, line_no, span.start, span.end, label=label,
                                same_authors=bool(_DASH_START.match(joined))))
    # and the reference parser's: a span it reads with little confidence is a sentence that
    # happens to hold a year or a name ("George Orwell's dystopian novel 1984 examines", a
    # page's title-and-course header), not a work; this is what keeps documents without a
    # reference list without references
    for ref, parsed in zip(out, parse_all([r.text for r in out]) if out else []):
        ref.parsed = parsed
    # a work named in prose (no list around it) must also read as one: someone's (or some
    # body's) title, not a heading run on into a by-line and a date
    # (and a title that opens with a bracket is a dated aside run into prose: "(1619-1659)Welsh
    # poet born in ...")
    out = [r for r in out if r.parsed.confidence >= _MIN_PARSE_CONFIDENCE and not _title_alone(r.parsed.fields)
           and _names_read_as_people(r.parsed.fields)
           and (not r.parsed.fields.get("title") or _real_title(r.parsed.fields))
           and (zones.get(r.line) not in ("BODY", "TITLE", "META") or _names_a_work(r.parsed.fields))]
    out = sorted(_mentioned_works(text, lines, zones, out, vocabulary), key=lambda r: r.start)
    for ref in out:
        ref.parsed = _periodical_issue(ref.parsed)
    # annotations: ANNOT lines after an item, up to the next item
    for ref, nxt in zip(out, out[1:] + [None]):
        last = _line_of(lines, ref.end)
        limit = nxt.line if nxt else len(lines) + 1
        parts = [lines[n - 1].text for n in range(last + 1, limit) if zones.get(n) == "ANNOT"]
        if parts:
            ref.annotation = join_wrapped(parts, vocabulary).strip("() ")
    return out


def _mentioned_works(text: str, lines: list[Line], zones: dict[int, str], found: list[RawReference],
                     vocabulary: set[str]) -> list[RawReference]:
    """The references, with the works named in prose and notes that the span model left or
    ran together (``citekit.importer.mentions``: candidate stretches, parsed, scored by the
    mention model). A reference of the span model stands unless candidates inside it that
    the mention model believes add up to more (two works the span ran into one)."""
    if not mentions.available():
        return found
    # (not the document's own title and by-line lines: they name the document itself)
    regions = [r for r in mentions.regions_of(lines, zones, set()) if r[2] not in ("TITLE", "META")]
    # a document with a reference list cites its works in the body ("as Nicholas (1992)
    # shows"): its prose names no new ones, only its notes and list lines may
    if sum(1 for r in found if zones.get(r.line) in ("REF_B", "REF_I")) >= 2:
        regions = [r for r in regions if r[2] not in ("BODY", "TITLE", "META")]
    # a span reference that reads like one work is left alone (and not searched again: speed);
    # one that may hold two (two years, or long) is searched for the works inside it
    settled = [(r.start, r.end) for r in found if not _may_hold_two(r.text)]
    regions = _without(regions, settled)
    cands = mentions.prefilter(text, mentions.candidates(text, regions))
    if not cands:
        return found
    for c, parsed in zip(cands, parse_all([mentions.as_reference(join_wrapped(text[c.start : c.end].split("\n"),
                                                                               vocabulary))
                                                 for c in cands])):
        c.parsed = parsed
    mentions.score(text, cands)
    mentions.judge_chains(cands)
    for c in cands:
        if (not (_dated_work(c.parsed, c.zone) or _untitled_in_list(c) or _note_work(c))
                or c.parsed.confidence < _MIN_PARSE_CONFIDENCE
                or not _names_read_as_people(c.parsed.fields) or (c.zone == "BODY" and _CITED_SENTENCE.search(text, c.start, c.end))):
            c.prob = 0.0
    kept = [mentions.Candidate(r.start, r.end, 0, "span", "span", "", prob=mentions.THRESHOLD + _SPAN_WEIGHT)
            for r in found]
    by_span = {(r.start, r.end): r for r in found}
    out = []
    for c in mentions.select(cands + kept):
        if c.start_kind == "span":
            out.append(by_span[(c.start, c.end)])
            continue
        start = c.start + mentions.lead_in_end(text[c.start : c.end])  # (the parser's text has it cut too)
        ref = RawReference(c.parsed.text, text[start : c.end], _line_of(lines, start), start, c.end)
        ref.parsed = c.parsed
        out.append(ref)
    return out


# in running text, a sentence with its citation after it ("... the ‘Perfectly Enlightened One’.
# (Kyokai, 8:1992)"): a work named in prose has its bracket before the sentence ends ("Reform
# and Revolt (London, 1974).")
_CITED_SENTENCE = re.compile(r"[a-z’”\"'][.!?][’”\"']?\s*\([^()]*\d{4}[^()]*\)")
_SPAN_WEIGHT = 0.6  # a span-model reference counts as much as a candidate believed at 1.1


def _may_hold_two(text: str) -> bool:
    """Two years, or a span longer than most references: the span model may have run two
    works together."""
    return len(text) > 200 or len(re.findall(r"(?<!\d)(?:1[5-9]\d\d|20[0-4]\d)(?!\d)", text)) >= 2


def _without(regions: list[tuple[int, int, str]], taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """``regions`` with the stretches in ``taken`` cut out."""
    out = []
    for a, b, zone in regions:
        at = a
        for s, e in sorted(t for t in taken if t[0] < b and a < t[1]):
            if s > at:
                out.append((at, s, zone))
            at = max(at, e)
        if b > at:
            out.append((at, b, zone))
    return out


_WHERE = ("publisher", "address", "journal", "booktitle", "url")


def _dated_work(parsed, zone: str = "") -> bool:
    """A work named in running text says when or where it appeared: a title (not a bracketed
    aside) and a year, publisher, place, journal or link. A title and a person alone ("Harper
    Lee's To Kill A Mockingbird features ...") is as often the subject of an essay as a
    reference to read. In the body, a title and a year alone are a sentence after a date
    ("2012 Da Vinci versus Michelangelo ... shared many similarities"): someone or somewhere too."""
    fields = parsed.fields
    if not _real_title(fields):
        return False
    if zone == "BODY" and not any(fields.get(k) for k in ("author", "editor") + _WHERE):
        return False
    return any(fields.get(k) for k in ("year",) + _WHERE)


_ISSUE_PARTS = {"volume", "date", "pages", "note", "journal", "number", "issue"}
_MONTH_OR_SEASON = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|spt|oct|nov|dec|spring|summer|autumn|fall|winter)",
                              re.I)
_IN_PERIODICAL = re.compile(r"(?P<who>(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w’'\-]+)\s+in\s+(?P<journal>[A-Z].*)")


def _periodical_issue(parsed):
    """A periodical cited by its issue, with no article title ("Ann Poe in Harbour
    Weekly, March-April 1991, pp. 15-16", "Blätter für die Landeskunde, 4,
    1902, no 45, 178-179"): the parser, which learnt that a reference opens with its author
    or title, reads the periodical's name as the title. When nothing but the issue follows
    that "title" (a number, a month or season and year, pages) and no author, publisher or
    place was read, it is the journal, and "Name in Journal" names the article's author."""
    if parsed is None:
        return parsed
    fields = parsed.fields
    segs = [(lab, seg) for lab, seg in parsed.segments if lab != "citation-number"]
    if not segs or segs[0][0] != "title" or not fields.get("year") or any(
            fields.get(k) for k in ("author", "editor", "publisher", "address", "booktitle")):
        return parsed
    rest = segs[1:]
    if not rest or any(lab not in _ISSUE_PARTS for lab, _ in rest):
        return parsed
    name = segs[0][1]
    if rest[0][0] == "journal" and name.rstrip().endswith(("&", " and", " of")):
        name = name.rstrip() + " " + rest[0][1]  # "Past &" + "Present"
        rest = rest[1:]
    elif rest[0][0] == "journal":
        rest = rest[1:]  # a misspelt month read as the journal ("Sptember")
    issue = " ".join(seg for _, seg in rest)
    name = name.strip().rstrip(",.;: ")
    who = _IN_PERIODICAL.fullmatch(name)
    numbered = bool(rest) and rest[0][0] in ("volume", "number") and re.fullmatch(r"(?:no\.?\s*)?\d{1,4}[,.]?",
                                                                                   rest[0][1].strip())
    if not (who or numbered or _MONTH_OR_SEASON.search(issue)):
        return parsed
    new = {k: v for k, v in fields.items() if k not in ("title", "journal")}
    new["journal"] = who.group("journal") if who else name
    if who:
        from citekit.refparse.names import format_names

        new = {"author": format_names(who.group("who")), **new}
    return dataclasses.replace(parsed, fields=new, entry_type="article")


def _note_work(c) -> bool:
    """A note names a work by its author and title alone ("8. Richard Doe, The Long
    Winter (UK paperback edition), pp. 481, 484."): in a note zone, someone's title is
    enough (it is the essay's body where a named book is as often the essay's subject)."""
    fields = c.parsed.fields
    return c.zone == "NOTE" and _real_title(fields) and bool(fields.get("author") or fields.get("editor"))


def _real_title(fields) -> bool:
    """A title that opens with a letter, digit or quote (not a bracketed aside)."""
    title = fields.get("title", "")
    return bool(title) and (title[0].isalnum() or title[0] in "“\"‘’'")


def _untitled_in_list(c) -> bool:
    """An older work a bibliography names by its author and year alone ("those by Ann Poe
    (1879), R. T. Doe (1902), ..."): only in a list or note zone, where the
    body's narrative citations ("as Gaddis (2007) shows") are not; the mention model decides."""
    fields = c.parsed.fields
    return c.zone in ("REF", "NOTE") and not fields.get("title") and bool(fields.get("author")) \
        and bool(fields.get("year"))


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


_LINK_END = re.compile(r"(?:https?://|www\.)\S+$|:$")


def _cut_after_links(text: str, lines: list[Line], spans: list[Span]) -> list[Span]:
    """A line that ends in a link (or a colon: "See also:") ends a reference: a span run
    over a page's list of links ("... by Edward Gibbon" / "http://..." / "See also:" / "The
    Fall of Rome by Adrian Dorington" / "http://...") is one reference per link."""
    out: list[Span] = []
    for span in spans:
        start = span.start
        first, last = _line_of(lines, span.start), _line_of(lines, span.end)
        for number in range(first, last):
            line = lines[number - 1]
            if line.end <= start or not _LINK_END.search(line.text.rstrip()) or URL_TAIL.search(line.text.rstrip()):
                continue  # (a link broken at "/" goes on over the next line)
            if line.text.rstrip().endswith(":"):
                if text[start:line.end].strip().endswith(":") and len(text[start:line.end].split()) <= 4:
                    start = lines[number].start  # a "See also:" line alone: left out
                continue
            out.append(Span(span.kind, start, line.start + len(line.text.rstrip())))
            start = lines[number].start
        if start < span.end:
            out.append(Span(span.kind, start, span.end))
    return out


def _items_fill_lines(lines: list[Line], zones: dict[int, str], references: list[RawReference]) -> bool:
    """The references make up most of the item lines' text (a list, not a paragraph of prose
    that the zones call an item and that names works in passing)."""
    item_lines = [ln for ln in lines if zones.get(ln.number) in ("REF_B", "REF_I", "NOTE_B", "NOTE_I")]
    total = sum(len(ln.stripped) for ln in item_lines)
    covered = sum(len(r.raw.strip()) for r in references)
    return total > 0 and covered >= 0.6 * total


def _title_alone(fields) -> bool:
    """A span the parser reads as nothing but a title is a sentence, not a work (the parser
    trained on rendered references is sure of a lone title, so its confidence cannot say);
    one it reads as nothing but a date and numbers ("July 28, 2009.") is a date."""
    return set(fields) <= {"title"} or not any(
        fields.get(k) for k in ("title", "author", "editor", "journal", "booktitle", "publisher", "url", "note"))


def _names_read_as_people(fields) -> bool:
    """Every author and editor the parser found could be a person's name: no digits and at
    most six words. A page header run into a sentence ("versus Michelangelo Violet ... ART
    101 Carrie Ann Wills") gives a name no one has, however sure the parser is of the shape
    around it. (Stray lower-case words, "that Pat Hudson", are left: the work is still named.)
    Braced names are bodies, not people."""
    for role in ("author", "editor"):
        for name in re.split(r"\s+and\s+", fields.get(role, "")):
            if name.startswith("{"):
                continue
            if len(name.replace(",", " ").split()) > 6 or any(ch.isdigit() for ch in name):
                return False
    return True


def _names_a_work(fields) -> bool:
    """Whom, what and when: an author or editor (or a publisher, journal or address standing
    for one), a title and a year or a link (a sentence's "July, Khrushchev traveled to ..." has
    neither; a work named in an essay's prose is dated, "Cromwell: A Life (2001)", or linked,
    "The Fall of Rome by Adrian Dorington http://...")."""
    return bool(fields.get("title")) and bool(fields.get("year") or fields.get("url")) and any(
        fields.get(k) for k in ("author", "editor", "publisher", "journal", "booktitle", "url"))


def _uncovered_items(text: str, lines: list[Line], zones: dict[int, str], spans: list[Span]) -> list[Span]:
    """An item of a headed list (REF_B or NOTE_B and its continuation lines) that no
    reference span touches is still an item: a span over the whole of it, offered to the
    same gates as the model's spans (length, reference-likeness, the parser's confidence)."""
    if not any(z == "HEAD" for z in zones.values()):
        return []
    out: list[Span] = []
    # the REF spans by start, with the furthest end so far: "does any REF span overlap
    # [start, end)" by bisection (a 300-page PDF has thousands of items and spans)
    refs = sorted((sp.start, sp.end) for sp in spans if sp.kind == "REF")
    starts = [a for a, _ in refs]
    reach: list[int] = []
    for _, b in refs:
        reach.append(max(b, reach[-1]) if reach else b)
    n = 1
    while n <= len(lines):
        if zones.get(n) not in ("REF_B", "NOTE_B"):
            n += 1
            continue
        last = n
        cont = "REF_I" if zones[n] == "REF_B" else "NOTE_I"
        while last + 1 <= len(lines) and zones.get(last + 1) == cont:
            last += 1
        first_line, last_line = lines[n - 1], lines[last - 1]
        label = _LEADING_LABEL.match(first_line.text)
        back = _BACKLINK.match(first_line.text)
        start = first_line.start + max(label.end() if label else 0, back.end() if back else 0)
        end = last_line.start + len(last_line.text.rstrip())
        k = bisect.bisect_left(starts, end)  # the spans that start before the item ends
        if end > start and not (k and reach[k - 1] > start):
            out.append(Span("REF", start, end))
        n = last + 1
    return out


_BACKLINK = re.compile(r"^\s*(?:\^|↑)(?:\s+[a-z](?=\s))*\s*")


def _join_continuations(text: str, lines: list[Line], zones: dict[int, str], spans: list[Span]) -> list[Span]:
    """The zone model says where an item goes on: a reference span that starts on a
    continuation line (REF_I) of the previous span's item is the rest of that item ("...
    the inside story of an" / "American adversary. W. W. Norton."), and an item cut off
    mid-sentence at a line's end goes on over the next line even when the zones call that
    line an annotation (an indented wrapped line looks like one)."""
    out: list[Span] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == span.kind == "REF":
            a, b = _line_of(lines, prev.end), _line_of(lines, span.start)
            between = range(a + 1, b + 1)
            if b > a and all(zones.get(n) in ("REF_I", "NOTE_I") for n in between if not lines[n - 1].blank) \
                    and zones.get(b) in ("REF_I", "NOTE_I"):
                prev.end = span.end
                continue
        out.append(Span(span.kind, span.start, span.end))
    for span in out:
        if span.kind != "REF":
            continue
        last = _line_of(lines, span.end)
        rest = text[span.end : lines[last - 1].end].strip()
        if rest or last >= len(lines) or zones.get(last) not in ("REF_B", "REF_I"):
            continue
        nxt = lines[last]
        if zones.get(nxt.number) == "ANNOT" and not nxt.blank and _UNFINISHED.search(text[span.start : span.end]):
            span.end = nxt.start + len(nxt.text.rstrip())
    return out


_UNFINISHED = re.compile(r"(?:\b(?:to|of|and|the|an?|in|for|on|from|with)|[,:;–-])\s*$")


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


def _with_grammar_citations(text, lines, zones, chrome, references, citations):
    """The span model's citations, and those the prose grammar reads in the body that no
    span covers (an author-date or numeric citation the model left unsure: the grammar's
    reading is exact where it applies)."""
    taken = [(c.start, c.end) for c in citations]
    out = list(citations)
    for c in find_citations(text):
        line = _line_of(lines, c.start)
        zone = zones.get(line, "BODY")
        if zone not in ("BODY", "PROSE") or line in chrome:
            continue
        if zone == "PROSE" and c.kind == "narrative":
            continue
        if any(r.start <= c.start < r.end for r in references):
            continue
        if any(a < c.end and c.start < b for a, b in taken):
            continue
        if c.kind in _GRAMMAR_KINDS:
            out.append(c)
    return sorted(out, key=lambda c: c.start)


_GRAMMAR_KINDS = {"parenthetical", "narrative", "numeric"}


def _shape(raw: str) -> str:
    """A citation's shape: words -> W, years -> Y, other numbers -> 9 ("(Snelling 23:2000)"
    -> "(W 9:Y)", "(13)" -> "(9)")."""
    shape = re.sub(r"\b\d{4}\b", "Y", raw)
    shape = re.sub(r"\d+", "9", shape)
    return re.sub(r"[^\W\d_]+", "W", shape)


def _same_shape_citations(text, lines, zones, chrome, references, citations):
    """A document cites one way throughout: a parenthesis of the very shape of a citation
    the models found in it ("(13)" after "(8)", a second "(Macionis: Chapter 4)") is one too."""
    # shapes with a page or locator number only: "(1956)" alone is as often a date as a citation
    shapes = {shape for c in citations if c.raw.startswith("(") and "9" in (shape := _shape(c.raw))}
    if not shapes:
        return citations
    taken = [(c.start, c.end) for c in citations]
    out = list(citations)
    for m in _PAREN_GROUP.finditer(text):
        if _shape(m.group()) not in shapes or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        line = _line_of(lines, m.start())
        if zones.get(line, "BODY") not in ("BODY", "PROSE") or line in chrome:
            continue
        if any(r.start <= m.start() < r.end for r in references):
            continue
        out.extend(_citations_of(text, Span("CIT", m.start(), m.end())))
    return sorted(out, key=lambda c: c.start)


_PAREN_GROUP = re.compile(r"\([^()\n]{1,40}\)")


def _citations_of(text: str, span: Span) -> list[Citation]:
    """A citation span -> citations (a cluster "(A 1990; B 2001)" gives one per item)."""
    if text[span.start - 1 : span.start] == "[" and text[span.end : span.end + 1] == "]":
        span = Span(span.kind, span.start - 1, span.end + 1)  # "[2]" whose brackets the span left out
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
        if not raw.startswith("[") and text[span.start - 1] in "-‐–/":
            return []  # a name's number ("the U-2 Crisis", "B-52"), not a note mark
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
