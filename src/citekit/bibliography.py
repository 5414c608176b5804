"""``citekit bibliography``: an essay in, its reference list in a style out, and what does not match.

The student's whole job in one step: read the essay (any input ``citekit import`` reads:
.docx, PDF, HTML, Markdown, text), take its reference list and its in-text citations
(the trained document reader), match every citation to an entry, render the entries in
the chosen CSL style, and report citations no entry answers and entries nothing cites.
It is ``import`` + ``check --against`` + ``render`` on one document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from citekit.importer import ImportedEntry, SourceResult, import_sources

__all__ = ["BibliographyResult", "make_bibliography"]


@dataclass
class Unanswered:
    raw: str
    line: int

    def format(self, path: str) -> str:
        return f"{path}:{self.line}: citation {self.raw!r} matches no entry of the reference list"


@dataclass
class BibliographyResult:
    path: str
    output: str  #: the reference list in the style
    entries: list[ImportedEntry]
    unanswered: list[Unanswered] = field(default_factory=list)
    uncited: list[ImportedEntry] = field(default_factory=list)
    bibtex: str = ""

    def report(self) -> list[str]:
        lines = [u.format(self.path) for u in self.unanswered]
        lines += [f"{self.path}:{e.line}: entry {e.key} is cited nowhere in the text" for e in self.uncited]
        return lines


def make_bibliography(path: str, style: str = "apa", to: str = "text", output: str | None = None,
                      stdin_text: str | None = None) -> BibliographyResult:
    """Read ``path``, match citations to its reference list, render the list in ``style``."""
    from citekit.render import render

    if output:
        from citekit.atomic import check_writable

        check_writable(output)  # a missing directory fails before any work, as in every command
    result = import_sources([path], stdin_text=stdin_text)
    source = result.sources[0]
    entries = [e for e in source.references if not any(a is e for a, _ in source.duplicates)]
    cited: set[str] = set()
    unanswered: list[Unanswered] = []
    for citation in source.citations:
        keys = source.keys_for(citation) or _by_author(source, citation, entries)
        if keys:
            cited.update(keys)
        else:
            unanswered.append(Unanswered(citation.raw, source.line_of(citation.start)))
    from citekit.importer.bibtex import format_entries

    bibtex = format_entries(entries) if entries else ""  # the essay's own entry is not in its list
    rendered = ""
    if entries:
        rendered = render(["-"], style=style, to=to, output=output,
                          keys=[e.key for e in entries], stdin=bibtex.encode("utf-8")).output
    uncited = [e for e in entries if e.key not in cited]
    return BibliographyResult(source.path, rendered, entries, unanswered, uncited, bibtex)


def _by_author(source: SourceResult, citation, entries: list[ImportedEntry]) -> list[str]:
    """Author-only and author-page citations ("(Taubman 45)"): the one entry by that surname."""
    from citekit.importer import _first_surname, _fold

    if not citation.authors or citation.numbers:
        return []
    want = _fold(citation.authors[0])
    matches = [e.key for e in entries if _first_surname(e) == want]
    if citation.year:
        year = citation.year[:4]
        matches = [e.key for e in entries if _first_surname(e) == want and e.fields.get("year", "")[:4] == year]
    return matches if len(matches) == 1 else []
