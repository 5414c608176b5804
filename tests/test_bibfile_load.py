"""The loader: contract (fields/get/iter_entries) and its diagnostics."""

from pathlib import Path

import pytest

from citekit.bibfile import load, loads
from citekit.errors import UsageError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def codes(bib):
    return [(d.line, d.code) for d in bib.diagnostics]


def test_fields_resolve_macros_concatenation_and_months():
    bib = loads(
        '@string{acm = "ACM"}\n'
        "@Article{Key1,\n"
        "  Author = {Doe, Jane},\n"
        '  publisher = acm # " Press",\n'
        "  month = jan,\n"
        "  year = 2004,\n"
        "  title = {The {DNA}\n     of   things},\n"
        "}\n"
    )
    (bib_file, entry), = list(bib.iter_entries())
    assert bib.get("Key1") is entry and bib.get("key1") is entry
    assert bib.fields(entry) == {
        "author": "Doe, Jane",
        "publisher": "ACM Press",
        "month": "1",
        "year": "2004",
        "title": "The {DNA} of things",
    }
    # values in the library stay as written
    assert [f.value for f in entry.fields][:3] == ["{Doe, Jane}", 'acm # " Press"', "jan"]
    assert bib.diagnostics == []


def test_file_month_string_overrides_builtin():
    bib = loads('@string{jan = "Janvier"}\n@misc{a, month = jan}\n')
    assert bib.fields(bib.get("a"))["month"] == "Janvier"


def test_syntax_errors_reported_and_loading_carries_on():
    text = (
        "@article{broken,\n"
        "  title = {Unclosed\n"
        "@article{good1, title = {Fine}}\n"
        "@article{nocomma, title = {A} year = {2000}}\n"
        "@article{good2, title = {Also fine}}\n"
    )
    bib = loads(text, "x.bib")
    assert [e.key for _, e in bib.iter_entries()] == ["good1", "nocomma", "good2"]
    found = codes(bib)
    assert (1, "X407") in found and (4, "X407") in found
    messages = " ".join(d.message for d in bib.diagnostics)
    assert "unbalanced braces" in messages and "missing comma before 'year ='" in messages
    assert all(d.file == "x.bib" for d in bib.diagnostics)


def test_duplicate_keys_fields_and_undefined_macros():
    text = (
        "@misc{a, title = {One}, Title = {Two}}\n"
        "@misc{a, title = {Again}}\n"
        "@misc{b, journal = nosuchmacro}\n"
        "@misc{B, note = {case only}}\n"
    )
    bib = loads(text)
    assert codes(bib) == [
        (1, "D502"),
        (2, "D501"),
        (3, "D503"),
        (4, "D501"),
    ]
    # an entry with a repeated field is still an entry; BibTeX's first value wins
    assert bib.fields(bib.get("a"))["title"] == "One"


def test_undecodable_bytes_assumed_and_reported(tmp_path):
    path = tmp_path / "latin.bib"
    path.write_bytes("@misc{x, author = {Müller}}\n".encode("latin-1"))
    bib = load(path)
    (diag,) = bib.diagnostics
    assert diag.code == "X408" and diag.line == 1 and "cp1252" in diag.message
    assert bib.fields(bib.get("x"))["author"] == "Müller"
    assert bib.files[0].encoding == "cp1252"


def test_missing_file_is_usage_error(tmp_path):
    with pytest.raises(UsageError):
        load(tmp_path / "nope.bib")


def test_stdin_source():
    bib = load("-", stdin=b"@misc{s, title={From stdin}}")
    assert bib.files[0].path == "<stdin>" and bib.get("s") is not None


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_gbk_file_does_not_crash():
    bib = load(SHARED / "corpora/tricky/bibtexparser-v2/gbk_test.bib")
    assert len(bib) == 1
    assert [d.code for d in bib.diagnostics] == ["X408"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_tugboat_entries_bibtexparser_drops_are_reported_and_kept():
    import bibtexparser

    path = SHARED / "corpora/real/tugboat.bib"
    plain = bibtexparser.parse_file(str(path))
    bib = load(path)
    assert len(plain.failed_blocks) == 2
    assert len(bib) == len(plain.entries) + 2 == 4839
    lines = {d.line for d in bib.diagnostics if d.code == "D502"}
    for failed in plain.failed_blocks:
        assert any(failed.start_line + 1 <= line < failed.start_line + 40 for line in lines)
