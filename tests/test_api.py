"""citekit.api as a library user meets it: cheap to import, names listed, a path is a
path (never its characters), a Bibliography you can loop over and index by key."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from citekit import api

ENTRIES = [("doe2001", "Doe, Jane", "First work", 2001), ("roe2002", "Roe, Kim", "Second work", 2002),
           ("poe2003", "Poe, Al", "Third work", 2003)]


@pytest.fixture()
def bib(tmp_path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text("".join(f"@book{{{k},\n  author = {{{a}}},\n  title = {{{t}}},\n  publisher = {{P}},\n"
                            f"  year = {{{y}}}\n}}\n\n" for k, a, t, y in ENTRIES), encoding="utf-8")
    return path


def test_import_is_cheap():
    code = "import sys, citekit.api; print(sorted(m for m in sys.modules if m.startswith(('citekit.', 'pybtex', 'bibtexparser'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['citekit.api']"


def test_dir_lists_the_api():
    assert set(api.__all__) <= set(dir(api))
    assert {"check", "render", "load", "fmt", "Bibliography", "RenderResult"} <= set(dir(api))


@pytest.mark.parametrize("shape", [str, Path, lambda p: [str(p)], lambda p: [Path(p)], lambda p: (p,)])
def test_a_path_a_str_or_a_list_of_them(bib, shape):
    sources = shape(bib)
    expected = api.check([str(bib)])
    assert api.check(sources) == expected
    assert [e.key for e in api.render(sources).entries] == [e.key for e in api.render([str(bib)]).entries]
    assert len(api.load(sources)) == len(ENTRIES)
    assert api.fmt(sources).files[0].path == str(bib)


def test_check_of_a_missing_file_names_the_file(tmp_path):
    from citekit.errors import CitekitError

    with pytest.raises(CitekitError) as info:
        api.check(str(tmp_path / "nope.bib"))
    assert "nope.bib" in str(info.value)


def test_bibliography_is_iterable_and_indexable(bib):
    b = api.load(bib)
    assert [entry.key for entry in b] == [k for k, *_ in ENTRIES]
    assert b.keys() == [k for k, *_ in ENTRIES]
    for key, author, title, year in ENTRIES:
        assert key in b
        entry = b[key]
        assert entry.key == key
        assert b.fields(entry)["title"] == title
        assert b[key.upper()] is entry  # keys are case-insensitive, as BibTeX's
    assert "nobody" not in b and 42 not in b
    with pytest.raises(KeyError):
        b["nobody"]


def test_import_sources_takes_one_path(tmp_path):
    refs = tmp_path / "refs.txt"
    refs.write_text("Doe, J. (2001). A title. Journal of Things, 2(1), 1-5.\n", encoding="utf-8")
    assert len(api.import_sources(str(refs), as_list=True).entries) == 1
    assert len(api.import_sources(refs, as_list=True).entries) == 1


def test_result_classes_say_what_they_are():
    for name in ("RenderResult", "FmtReport", "ImportResult", "CiteResult", "InsertResult",
                 "AddResult", "Diagnostic", "Bibliography", "ParsedReference"):
        cls = getattr(api, name)
        doc = cls.__doc__ or ""
        assert doc.strip() and not doc.startswith(cls.__name__ + "("), name  # not dataclass's default
        if dataclasses.is_dataclass(cls):
            assert dataclasses.fields(cls)
