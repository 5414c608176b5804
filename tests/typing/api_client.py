"""A user's code against citekit's public API, type-checked by tests/test_typing.py
(``mypy --strict``; never run). Every ``assert_type`` fails the check if mypy sees a
different type, e.g. ``Any`` from a lazy import it cannot follow."""

from __future__ import annotations

from pathlib import Path

from bibtexparser.model import Entry
from pybtex.richtext import Text
from typing_extensions import assert_type

from citekit import api, csl
from citekit.bibfile.model import Bibliography
from citekit.diagnostics import Diagnostic
from citekit.render import RenderedEntry, RenderResult


def user_code() -> None:
    findings = api.check("refs.bib")
    assert_type(findings, list[Diagnostic])
    assert_type(api.check(Path("refs.bib")), list[Diagnostic])
    assert_type(api.check(["a.bib", Path("b.bib")], style="apa"), list[Diagnostic])
    for finding in findings:
        assert_type(finding.line, int)
        assert_type(finding.code, str)

    result = api.render(Path("refs.bib"), style="ieee", to="html")
    assert_type(result, RenderResult)
    assert_type(result.output, str)
    assert_type(result.entries, list[RenderedEntry])
    assert_type(result.entries[0].key, str)

    bib = api.load("refs.bib")
    assert_type(bib, Bibliography)
    assert_type(bib["taubman2003"], Entry)
    assert_type([entry for entry in bib], list[Entry])
    assert_type("x" in bib, bool)
    assert_type(bib.fields(bib["x"]), dict[str, str])

    assert_type(api.fmt("refs.bib").changed, bool)
    assert_type(api.fmt(["a.bib"]), api.FmtReport)
    assert_type(api.import_sources("refs.txt"), api.ImportResult)
    assert_type(api.import_sources("refs.txt").to_bibtex(), str)
    assert_type(api.parse_reference("Doe, J. (2001). T."), api.ParsedReference)
    assert_type(api.cite(["[@doe2001]"], "refs.bib"), list[api.CiteResult])
    assert_type(api.insert("essay.md", "refs.bib"), api.InsertResult)
    assert_type(api.add("Doe, J. (2001). T.", "refs.bib", dry_run=True), api.AddResult)

    style = csl.load_style("apa")
    assert_type(style, csl.Style)
    processor = csl.Processor(style, [{"id": "a", "type": "book", "title": "T"}], lang="en-US")
    assert_type(processor, csl.Processor)
    entries = processor.bibliography(["a"])
    assert_type(entries, list[csl.BibEntry])
    assert_type(entries[0].id, str)
    assert_type(processor.cite([{"id": "a"}]), Text)  # pybtex has no types: Any to mypy
    assert_type(processor.process_citations([{"items": [{"id": "a"}], "note_index": 1}]), list[Text])
