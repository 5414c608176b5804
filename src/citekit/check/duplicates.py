"""Checks across entries: the same work twice, broken crossref/xdata links.

Duplicate keys, duplicate fields and undefined @string macros are the loader's
(citekit.bibfile reports them; check passes its diagnostics through).

Duplicate works are found by blocking, never by comparing every pair: entries are
grouped by (year, first author's surname) and compared only within a group, so the
cost stays near-linear on 60,000 entries. Two entries with the same title are NOT the
same work when their locators disagree (different volume, number, pages or DOI): that
is what keeps recurring column titles ("Editorial comments", every issue of a
journal) from being reported, the false alarm other tools raise on TUGboat.
Findings carry the evidence; nothing is merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterator

from rapidfuzz import fuzz, process

from citekit.check.fields import _AND, Hit, split_names
from citekit.check.records import Record

TITLE_SIMILARITY = 92.0  # rapidfuzz ratio on normalised titles, 0-100


def _where(first: Record, rec: Record, line_of=None) -> str:
    line = line_of(first) if line_of else first.line
    return f"line {line}" if first.file == rec.file else f"{first.file}:{line}"


#: link fields whose target must exist -> the code when it does not
_TARGETS = {"crossref": "D506", "xref": "D506", "xdata": "D507", "entryset": "D507"}


def check_links(records: list[Record]) -> Iterator[tuple[Record, Hit]]:
    """crossref/xref/xdata/entryset targets that no entry has."""
    linking = [rec for rec in records if not rec.fields.keys().isdisjoint(_TARGETS)]
    if not linking:  # most files: no key index needed
        return
    keys = {rec.key for rec in records}
    folded = {key.lower(): key for key in keys}
    for rec in linking:
        for link, code in _TARGETS.items():
            value = rec.fields.get(link)
            if not value or not value.strip():
                continue
            targets = [t.strip() for t in value.split(",")] if link in ("xdata", "entryset") else [value.strip()]
            for target in targets:
                if not target or target in keys:
                    continue
                near = folded.get(target.lower())
                if near is not None:
                    yield rec, Hit("D509", link, f"{link} target {target!r} differs in case from {near!r}",
                                   f"{link} = {{{near}}}")
                else:
                    yield rec, Hit(code, link, f"{link} target {target!r} not found", "add the entry or fix the key")


# ----------------------------------------------------------------- duplicate works
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_LATEX_CMD = re.compile(r"\\[A-Za-z]+\s*|\\.")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"\d+")


#: every byte that is not [0-9a-z] -> a space (what _NON_WORD matches, byte by byte:
#: a table lookup in C, three times faster than the substitution)
_WORD_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


def normalise_title(title: str) -> str:
    """Lower-case ASCII words: LaTeX commands, braces, accents and punctuation removed."""
    text = _LATEX_CMD.sub("", title) if "\\" in title else title
    if text.isascii():  # NFKD leaves ASCII as it is
        data = text.lower().encode("ascii")
    else:
        data = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").lower()
    return b" ".join(data.translate(_WORD_BYTES).split()).decode("ascii")


def first_surname(rec: Record) -> str:
    return surname_of(rec.fields.get("author") or rec.fields.get("editor") or "")


#: a list's first name as written -> its normalised surname (people recur, lists less)
_surnames: dict[str, str] = {}


def surname_of(names: str) -> str:
    """The first name's surname in a name list, normalised (blocking key)."""
    if not names.strip():
        return ""
    names = " ".join(names.split())
    # only the first name is needed: split once unless braces need the careful split
    first = _AND.split(names, 1)[0].strip() if "{" not in names else split_names(names)[0]
    surname = _surnames.get(first)
    if surname is None:
        if len(_surnames) > 50_000:
            _surnames.clear()  # a cache: endless distinct names would only fill memory
        surname = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
        surname = _surnames[first] = normalise_title(surname).replace(" ", "")
    return surname


def normalise_doi(doi: str) -> str:
    return _DOI_PREFIX.sub("", doi.strip()).lower().replace("\\_", "_")


def _shared(a: Record, b: Record) -> str:
    """More evidence: the venue fields both entries have with the same value."""
    same = [name for name in ("journal", "journaltitle", "booktitle", "publisher", "volume", "pages", "doi")
            if a.fields.get(name) and _NON_WORD.sub("", a.fields[name].lower()) == _NON_WORD.sub("", (b.fields.get(name) or "").lower())]
    return f", same {', '.join(same)}" if same else ""


_LOCATORS = ("doi", "volume", "number", "pages", "issue", "chapter", "eid", "edition")


def _locators_conflict(a: Record, b: Record) -> str | None:
    """The first locator both entries have with different values, if any."""
    fields_a, fields_b = a.fields, b.fields
    for name in _LOCATORS:
        if name not in fields_a or name not in fields_b:
            continue
        va, vb = fields_a[name], fields_b[name]
        if va != vb and va.strip() and vb.strip():
            if name == "doi":
                if normalise_doi(va) != normalise_doi(vb):
                    return name
            elif _NON_WORD.sub("", va.lower()) != _NON_WORD.sub("", vb.lower()):
                return name
    return None


_PART_TYPES = frozenset(
    "inbook bookinbook suppbook incollection suppcollection inproceedings inreference "
    "article suppperiodical".split()
)
_WHOLE_TYPES = frozenset(
    "book mvbook collection mvcollection proceedings mvproceedings reference mvreference "
    "periodical".split()
)
_LINKS = ("crossref", "xref", "xdata", "related", "ids", "entryset")


def _related(a: Record, b: Record) -> bool:
    """One entry points at the other, or one is a part and the other the whole."""
    for x, y in ((a, b), (b, a)):
        if x.fields.keys().isdisjoint(_LINKS):  # most entries point nowhere
            continue
        for link in _LINKS:
            value = x.fields.get(link)
            if value and y.key.lower() in (t.strip().lower() for t in value.split(",")):
                return True
    types = {a.entry_type, b.entry_type}
    return bool(types & _PART_TYPES) and bool(types & _WHOLE_TYPES)


def check_duplicate_works(records: list[Record], line_of=None) -> Iterator[tuple[Record, Hit]]:
    """Same DOI, or similar title + same first author + same year (with evidence).

    ``line_of(record)`` gives the line shown for the other entry (default: the parser's)."""
    reported: set[int] = set()
    by_doi: dict[str, int] = {}
    by_title: dict[str, str] = {}  # title -> normalised: each title once, however often it recurs

    def title_of(index: int) -> str:
        title = records[index].fields.get("title", "")
        norm = by_title.get(title)
        if norm is None:
            if len(by_title) > 50_000:
                by_title.clear()  # a cache: unique titles would only fill memory
            norm = by_title[title] = normalise_title(title)
        return norm

    # one pass over the entries: the DOI index and findings, and the blocks (indexes
    # only); a block's normalised titles are made when it is compared and dropped
    # after, so they are never all held at once
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    surnames: dict[str, str] = {}  # name list -> first surname (authors recur)
    for index, rec in enumerate(records):
        fields = rec.fields
        title = fields.get("title")
        if title:
            year = (fields.get("year") or fields.get("date") or "").strip()[:4]
            if year:
                names = fields.get("author") or fields.get("editor") or ""
                author = surnames.get(names)
                if author is None:
                    if len(surnames) > 50_000:
                        surnames.clear()  # a cache: unique name lists would only fill memory
                    author = surnames[names] = surname_of(names)
                if author:
                    blocks[(year, author)].append(index)
        doi = fields.get("doi")
        if not doi or not doi.strip():
            continue
        norm = normalise_doi(doi)
        first_index = by_doi.get(norm)
        if first_index is None:
            by_doi[norm] = index
            continue
        first = records[first_index]
        if first.key != rec.key:
            reported.add(index)
            titles_differ = fuzz.token_set_ratio(title_of(first_index), title_of(index)) < 80
            if titles_differ:
                yield rec, Hit("D504", "doi", f"same DOI {norm} as {first.key!r} ({_where(first, rec, line_of)}) but a "
                               "different title: one of them probably has the DOI of its container",
                               "check which entry the DOI belongs to")
            else:
                yield rec, Hit("D504", "doi", f"same DOI {norm} as {first.key!r} ({_where(first, rec, line_of)})",
                               f"keep one of {first.key!r} and {rec.key!r}")

    found: list[tuple[int, list[tuple[Record, Hit]]]] = []
    for block in blocks.values():
        if len(block) < 2:
            continue
        titles: dict[int, str] = {}
        for index in block:
            norm = title_of(index)
            if len(norm) >= 4:
                titles[index] = norm
        members = list(titles)
        if len(members) < 2:
            continue
        hits = list(_similar_titles(records, members, titles, reported, line_of))
        if hits:
            found.append((members[0], hits))
    found.sort(key=lambda pair: pair[0])  # in the order of the blocks' first entries
    for _, hits in found:
        yield from hits


def _similar_titles(records, members, titles, reported, line_of) -> Iterator[tuple[Record, Hit]]:
    """D505 within one block of entries with the same year and first author."""
    # sub-block big groups by the title's first word so no group is compared pairwise in bulk
    groups = [members] if len(members) <= 64 else _sub_blocks(members, titles)
    for group in groups:
        # each entry against the group's earlier distinct works, in their order: the
        # similar ones are found by one rapidfuzz call, not a Python loop of ratios
        representatives: list[int] = []
        rep_titles: list[str] = []
        for index in group:
            rec = records[index]
            title = titles[index]
            similar = process.extract(title, rep_titles, scorer=fuzz.ratio,
                                      score_cutoff=TITLE_SIMILARITY, limit=None) if rep_titles else ()
            if len(similar) > 1:
                similar.sort(key=lambda match: match[2])
            for other_title, score, position in similar:
                other = records[representatives[position]]
                if other.key == rec.key:
                    continue
                if _locators_conflict(rec, other) or _related(rec, other):
                    continue
                if title != other_title and _DIGITS.findall(title) != _DIGITS.findall(other_title):
                    continue  # "TUG 2003 Announcement" vs "TUG 2004 ...", "Part 1" vs "Part 2"
                if index not in reported:
                    reported.add(index)
                    yield rec, Hit(
                        "D505", "title",
                        f"probably the same work as {other.key!r} ({_where(other, rec, line_of)}): "
                        f"title {score:.0f}% similar, same first author and year"
                        + _shared(rec, other),
                        f"keep one of {other.key!r} and {rec.key!r}",
                    )
                break
            else:
                representatives.append(index)
                rep_titles.append(title)


def _sub_blocks(members: list[int], titles: dict[int, str]) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index in members:
        groups[titles[index][:6]].append(index)
    return list(groups.values())
