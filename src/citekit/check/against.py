"""``--against DOC``: citations no entry answers (with a did-you-mean) and entries nothing cites.

A document is read by what it is: ``.aux`` (BibTeX/biblatex records), ``.tex``
(the \\cite family, \\nocite), anything else as Markdown with pandoc citations
plus plain-prose author-date citations ("(Allen 1964)", "Gaddis (2007)") and numeric
ones ("[3]", "[2]–[4]"). Key citations match by key; prose citations by first
author's surname and year; a numeric citation through the document's own numbered
reference list: item n is matched to the entry ``citekit import`` made of it (its
``x-citekit-source`` line), else by the item's first author and year.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from rapidfuzz import fuzz, process

from citekit.check.fields import split_names
from citekit.check.records import Record
from citekit.diagnostics import Diagnostic, Severity
from citekit.provenance import SOURCE_FIELD
from citekit.errors import UsageError


@dataclass
class Cited:
    """One citation found in a document: by key, or by author(s) and year (prose)."""

    file: str
    line: int
    column: int
    raw: str
    key: str | None = None
    authors: tuple[str, ...] = ()
    year: str | None = None
    #: numeric citations: the number, and the (file name, line) of the reference-list item it
    #: points to, or None when the document's list has no such item
    number: int | None = None
    item: tuple[str, int] | None = None


# ----------------------------------------------------------------- reading documents
def read_citations(path: str | Path) -> tuple[list[Cited], bool]:
    """(citations, cites everything) found in one document."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix in (".pdf", ".docx", ".html", ".htm"):
        from citekit.importer.read import document_text

        text = document_text(name)  # the text layer / main text; then read as plain text
        suffix = ".txt"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    found: list[Cited] = []
    everything = False
    if suffix == ".aux":
        from citekit.citations.latex import read_aux

        for key, line in read_aux(text):
            if key == "*":
                everything = True
            else:
                found.append(Cited(name, line, 1, key, key=key))
        return found, everything
    if suffix in (".tex", ".ltx", ".latex"):
        from citekit.citations.latex import find_clusters, nocite_keys

        for cluster in find_clusters(text):
            for item in cluster.items:
                found.append(Cited(name, item.line or cluster.line, item.column or cluster.column,
                                   cluster.raw, key=item.id))
        for key in nocite_keys(text):
            everything = everything or key == "*"
        return found, everything
    from citekit.citations.pandoc import find_clusters as pandoc_clusters

    syntax = "markdown" if suffix in (".md", ".markdown", ".qmd", ".rmd", ".mdx") else "text"
    for cluster in pandoc_clusters(text, syntax):
        for item in cluster.items:
            found.append(Cited(name, item.line or cluster.line, item.column or cluster.column,
                               cluster.raw, key=item.id))
    found.extend(_prose(name, text))
    return found, everything


def _numeric(name: str, text: str, citations) -> list[Cited]:
    """Numeric citations, each number pointing into the document's own numbered list.

    A document without a numbered reference list gives none: its numbers may point
    anywhere (footnotes, a list in another file), so nothing can be said about them.
    """
    from citekit.importer.reader import read_document
    from citekit.refparse import parse_reference

    numeric = [c for c in citations if c.kind == "numeric"]
    if not numeric:
        return []
    items = {}
    for ref in read_document(text, name).references:
        if ref.label and ref.label.isdecimal():
            items.setdefault(int(ref.label), ref)
    if not items:
        return []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    base = Path(name).name
    parsed: dict[int, tuple[tuple[str, ...], str | None]] = {}
    out = []
    for citation in numeric:
        line = bisect_right(starts, citation.start)
        column = citation.start - starts[line - 1] + 1
        for number in citation.numbers:
            ref = items.get(number)
            if ref is None:
                out.append(Cited(name, line, column, citation.raw, number=number))
                continue
            if number not in parsed:
                fields = parse_reference(ref.text).fields
                first = split_names(fields["author"])[0] if fields.get("author") else ""
                year = re.search(r"\d{4}", fields.get("year", ""))
                parsed[number] = ((first.split(",")[0],) if first else (), year.group() if year else None)
            authors, year = parsed[number]
            out.append(Cited(name, line, column, citation.raw, authors=authors, year=year,
                             number=number, item=(base, ref.line)))
    return out


def _prose(name: str, text: str) -> list[Cited]:
    """Author-date (and MLA author-page) citations in prose (citekit.citations.prose)."""
    from citekit.citations.prose import find_citations

    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found = find_citations(text)
    out = _numeric(name, text, found)
    for citation in found:
        if citation.kind in ("numeric", "footnote"):
            continue
        if not citation.authors:
            continue
        line = bisect_right(starts, citation.start)
        out.append(Cited(name, line, citation.start - starts[line - 1] + 1, citation.raw,
                         authors=tuple(citation.authors), year=citation.year))
    return out


# ----------------------------------------------------------------- matching
def fold(text: str) -> str:
    """Surnames compared as lower-case ASCII letters only ("Mc Dougall" = "McDougall")."""
    text = re.sub(r"\\[A-Za-z]+\s*|\\.|[{}]", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", text)


def surnames(rec: Record) -> list[list[str]]:
    """For each author (or editor): the forms a citation may use (full last name, last word)."""
    source = rec.inherited if rec.inherited is not None else rec.fields
    value = source.get("author") or source.get("editor") or ""
    out = []
    for person in split_names(" ".join(value.split())) if value.strip() else []:
        if "," in person:
            last = person.split(",")[0]
        else:
            words = person.split()
            # "van Gennep": lower-case words before the last one are the von part
            tail = [w for w in words[1:] if w[:1].islower()]
            last = " ".join(tail + words[-1:]) if words else ""
        forms = {fold(last)}
        words = last.split()
        if len(words) > 1:
            forms.add(fold(words[-1]))
            forms.add(fold(" ".join(w for w in words if not w[:1].islower())))
        out.append(sorted(f for f in forms if f))
    if not out:
        org = source.get("organization") or source.get("institution") or ""
        if org:
            out.append([fold(org)])
    return out


def year_of(rec: Record) -> str:
    source = rec.inherited if rec.inherited is not None else rec.fields
    match = re.search(r"\d{4}", source.get("year") or source.get("date") or "")
    return match.group() if match else ""


def check_against(records: list[Record], documents: Sequence[str | Path]) -> list[Diagnostic]:
    keys = {rec.key: rec for rec in records if rec.entry_type != "xdata"}
    folded_keys = {k.lower(): k for k in keys}
    by_author_year: dict[tuple[str, str], list[Record]] = defaultdict(list)
    by_author: dict[str, list[Record]] = defaultdict(list)
    for rec in keys.values():
        names = surnames(rec)
        year = year_of(rec)
        if names:
            for form in names[0]:
                by_author_year[(form, year)].append(rec)
                by_author[form].append(rec)
    by_source: dict[tuple[str, int], Record] = {}
    for rec in keys.values():
        file_name, _, line = (rec.fields.get(SOURCE_FIELD) or "").rpartition(":")
        if line.isdecimal():
            by_source.setdefault((Path(file_name).name, int(line)), rec)
    findings: list[Diagnostic] = []
    cited: set[str] = set()
    everything = False
    for document in documents:
        citations, all_cited = read_citations(document)
        everything = everything or all_cited
        for c in citations:
            if c.key is not None:
                if c.key in keys:
                    cited.add(c.key)
                    continue
                findings.append(_unknown_key(c, keys, folded_keys, by_author_year))
            elif c.number is not None and c.item is None:
                findings.append(Diagnostic(
                    c.file, c.line, "C701", Severity.ERROR,
                    f"{c.raw.strip()}: the document's reference list has no item {c.number}",
                    c.column, None, "add the reference to the document's list"))
            elif c.item is not None and c.item in by_source:
                cited.add(by_source[c.item].key)
            elif c.number is not None and not c.authors:
                findings.append(_unknown_item(c))
            else:
                match = _match_prose(c, by_author_year, by_author)
                if match is not None:
                    cited.add(match.key)
                    continue
                findings.append(_unknown_item(c) if c.number is not None
                                else _unknown_prose(c, by_author, by_author_year))
    # parents of cited entries are part of what is cited
    for key in list(cited):
        rec = keys.get(key)
        for link in ("crossref", "xref", "xdata"):
            for target in ((rec.fields.get(link) or "") if rec else "").split(","):
                real = folded_keys.get(target.strip().lower())
                if real:
                    cited.add(real)
    if not everything:
        for rec in keys.values():
            if rec.key not in cited and rec.entry_type not in ("set",):
                findings.append(Diagnostic(rec.file, rec.line, "C702", Severity.INFO,
                                           "nothing in the documents cites this entry", 1, rec.key,
                                           "cite it or remove it"))
    return findings


def _match_prose(c: Cited, index: dict[tuple[str, str], list[Record]],
                 by_author: dict[str, list[Record]]) -> Record | None:
    first = fold(c.authors[0])
    if not c.year or not re.match(r"\d{4}", c.year):
        # "(Taubman 45)" (MLA), "n.d.", "in press": the author alone decides
        candidates = by_author.get(first, [])
        if c.year and c.year.startswith("n"):
            candidates = [r for r in candidates if not year_of(r)] or candidates
        return candidates[0] if candidates else None
    year = re.sub(r"[a-z]$", "", c.year)
    candidates = index.get((first, year), [])
    if len(candidates) > 1 and len(c.authors) > 1:
        second = fold(c.authors[1])
        narrowed = [r for r in candidates if any(second in forms for forms in surnames(r)[1:2])]
        candidates = narrowed or candidates
    if len(candidates) > 1 and c.year and c.year[-1:].isalpha():
        # "2007b": the second entry of that author and year, in key order as BibTeX labels them
        ordered = sorted(candidates, key=lambda r: r.key)
        position = ord(c.year[-1]) - ord("a")
        if position < len(ordered):
            return ordered[position]
    return candidates[0] if candidates else None


def _unknown_key(c: Cited, keys, folded_keys, by_author_year) -> Diagnostic:
    suggestions: list[str] = []
    exact_case = folded_keys.get(c.key.lower())
    if exact_case:
        suggestions.append(exact_case)
    guess = re.match(r"([A-Za-z\u00c0-\u024f]+)[_:\-]?(\d{4})", c.key)
    if guess:
        for rec in by_author_year.get((fold(guess.group(1)), guess.group(2)), []):
            suggestions.append(rec.key)
    for key, score, _ in process.extract(c.key, list(keys), scorer=fuzz.WRatio, limit=3, score_cutoff=75):
        suggestions.append(key)
    near = list(dict.fromkeys(suggestions))[:3]
    hint = f"did you mean {', '.join(near)}?" if near else None
    message = f"no entry has the key {c.key!r}" + (f" ({hint})" if hint else "")
    return Diagnostic(c.file, c.line, "C701", Severity.ERROR, message, c.column, c.key, hint)


def _unknown_prose(c: Cited, by_author, by_author_year) -> Diagnostic:
    first = fold(c.authors[0])
    year = re.sub(r"[a-z]$", "", c.year or "")
    suggestions = []
    for rec in by_author.get(first, []):  # same author, another year
        suggestions.append(f"{rec.key} ({c.authors[0]} {year_of(rec)})")
    if not suggestions and first and year:
        same_year = [(form, recs) for (form, y), recs in by_author_year.items() if y == year]
        names = [form for form, _ in same_year]
        for form, score, index in process.extract(first, names, scorer=fuzz.ratio, limit=2, score_cutoff=70):
            for rec in same_year[index][1]:
                suggestions.append(f"{rec.key} ({form} {year})")
    near = list(dict.fromkeys(suggestions))[:3]
    hint = f"did you mean {', '.join(near)}?" if near else "add an entry for it"
    who = " and ".join(c.authors) if len(c.authors) <= 2 else f"{c.authors[0]} et al."
    when = f" from {c.year}" if c.year else ""
    message = f"{c.raw.strip()}: no entry by {who}{when}" + (f" ({hint})" if near else "")
    return Diagnostic(c.file, c.line, "C701", Severity.ERROR, message, c.column, None, hint)


def _unknown_item(c: Cited) -> Diagnostic:
    who = f" by {c.authors[0]}" if c.authors else ""
    when = f" from {c.year}" if c.year else ""
    message = (f"{c.raw.strip()}: item {c.number} of the document's reference list (line "
               f"{c.item[1]}){who}{when} has no entry")
    return Diagnostic(c.file, c.line, "C701", Severity.ERROR, message, c.column, None,
                      "import the document's reference list (citekit import)")
