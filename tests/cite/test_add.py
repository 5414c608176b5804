"""citekit add: from flags and from a free-text reference; duplicates; lossless append."""

from __future__ import annotations

import sys
import types

import pytest
from click.testing import CliRunner

from citekit.add import add, format_entry, normalise_fields
from citekit.cli import main

EXISTING = (
    "% my library\n@string{nor = {Norton}}\n\n"
    "@book{taubman2003,\n  author = {Taubman, William},\n  title = {Khrushchev: The Man and His Era},\n"
    "  publisher = nor, year = 2003\n}\n"
    "@article{x, title={Something}, author={Roe, Jane}, year={1990}, doi={10.1000/XYZ}}\n"
)


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(EXISTING, encoding="utf-8")
    return path


def test_add_from_flags_appends_without_touching_existing_bytes(bib):
    result = add(None, str(bib), entry_type="book",
                 fields={"author": "Adam B. Ulam", "title": "Expansion & Coexistence",
                         "year": "1974", "publisher": "Praeger", "pages": "1 - 20"})
    assert result.written and result.key == "ulam1974expansion"
    text = bib.read_text(encoding="utf-8")
    assert text.startswith(EXISTING)
    assert text[len(EXISTING):] == "\n" + result.entry_text
    assert "author = {Ulam, Adam B.}," in result.entry_text
    assert "title = {Expansion \\& Coexistence}," in result.entry_text
    assert "pages = {1--20}," in result.entry_text
    # the file still loads, with the new entry
    from citekit.bibfile import load

    loaded = load([str(bib)])
    assert loaded.get("ulam1974expansion") is not None


def test_dry_run_writes_nothing(bib):
    result = add(None, str(bib), entry_type="book",
                 fields={"author": "Ulam, Adam", "title": "Titans", "year": "1987"}, dry_run=True)
    assert not result.written and bib.read_text(encoding="utf-8") == EXISTING


def test_duplicate_by_title_author_year_is_reported_not_added(bib):
    result = add(None, str(bib), entry_type="book",
                 fields={"author": "William Taubman", "title": "Khrushchev: the man & his era",
                         "year": "2003"})
    assert result.duplicate is not None and result.duplicate.key == "taubman2003"
    assert result.duplicate.line == 4
    assert not result.written and bib.read_text(encoding="utf-8") == EXISTING


def test_duplicate_by_doi(bib):
    result = add(None, str(bib), entry_type="article",
                 fields={"title": "Other", "doi": "https://doi.org/10.1000/xyz", "year": "2000"})
    assert result.duplicate is not None and result.duplicate.key == "x"


def test_key_collision_gets_a_suffix(bib):
    result = add(None, str(bib), entry_type="book",
                 fields={"author": "Taubman, William", "title": "Khrushchev", "year": "2003",
                         "note": "second printing"}, dry_run=True)
    # same author/year/short title as taubman2003's pattern -> new key differs
    assert result.key != "taubman2003"


def test_free_text_goes_through_the_reference_parser(bib, monkeypatch):
    calls = []

    def parse_reference(text):
        calls.append(text)
        return types.SimpleNamespace(
            entry_type="book", confidence=0.9,
            fields={"author": "Ulam, Adam B.", "title": "Stalin", "year": "1973",
                    "publisher": "Viking", "address": "New York"})

    fake = types.ModuleType("citekit.refparse")
    fake.parse_reference = parse_reference
    monkeypatch.setitem(sys.modules, "citekit.refparse", fake)
    result = add("Ulam, Adam B. Stalin. New York: Viking, 1973.", str(bib))
    assert calls == ["Ulam, Adam B. Stalin. New York: Viking, 1973."]
    assert result.entry_type == "book" and result.written
    assert "@book{ulam1973stalin," in bib.read_text(encoding="utf-8")


def test_crlf_and_latin1_files_are_appended_in_kind(tmp_path):
    path = tmp_path / "old.bib"
    original = "@book{a, title={Caf\xe9}, year=1999}\r\n".encode("latin-1")
    path.write_bytes(original)
    add(None, str(path), entry_type="misc", fields={"title": "Na\xefve", "year": "2001"})
    data = path.read_bytes()
    assert data.startswith(original) and b"\r\n" in data[len(original):]
    assert "Na\xefve".encode("latin-1") in data


def test_cli_add_and_duplicate_exit_code(bib):
    runner = CliRunner()
    ok = runner.invoke(main, ["add", "--to", str(bib), "--type", "book", "--author", "Ulam, Adam",
                              "--title", "The Bolsheviks", "--year", "1965", "--dry-run"])
    assert ok.exit_code == 0, ok.output
    assert "@book{ulam1965bolsheviks," in ok.output
    dup = runner.invoke(main, ["add", "--to", str(bib), "--type", "book", "--author",
                               "Taubman, William", "--title", "Khrushchev: The Man and His Era",
                               "--year", "2003"])
    assert dup.exit_code == 1 and "already there as taubman2003" in dup.output


def test_normalise_and_format_roundtrip():
    fields = normalise_fields({"author": "Jane  Roe and John Doe", "doi": "doi: 10.1/x",
                               "year": "c. 1999", "title": "A {B} 50% C_d"})
    assert fields == {"author": "Roe, Jane and Doe, John", "doi": "10.1/x", "year": "1999",
                      "title": "A {B} 50% C_d"}
    text = format_entry("k", "misc", fields)
    from citekit.bibfile import loads

    loaded = loads(text)
    entry = loaded.get("k")
    assert loaded.fields(entry)["title"] == "A {B} 50\\% C\\_d"


def test_check_findings_point_at_the_new_entry_lines(bib):
    result = add(None, str(bib), entry_type="article", fields={"title": "Something", "year": "20001"},
                 dry_run=True)
    assert result.fields["year"] == "20001"  # not silently "fixed": check judges it
    missing = [d for d in result.diagnostics if "author" in d.message]
    assert missing and missing[0].line == EXISTING.count("\n") + 2
    assert normalise_fields({"year": "c. 1999"}) == {"year": "1999"}


def test_real_reference_parser_when_available(bib):
    pytest.importorskip("citekit.refparse")
    result = add("Zubok, Vladislav M. A Failed Empire: The Soviet Union in the Cold War from "
                 "Stalin to Gorbachev. Chapel Hill: University of North Carolina Press, 2007.",
                 str(bib), dry_run=True)
    assert result.entry_type == "book" and result.key.startswith("zubok2007")
    assert result.fields["author"] == "Zubok, Vladislav M."
    dup = add("Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.",
              str(bib))
    assert dup.duplicate is not None and dup.duplicate.key == "taubman2003"


def test_new_entry_follows_the_projects_fmt_settings(bib, tmp_path, monkeypatch):
    (tmp_path / "citekit.toml").write_text("[fmt]\nalign = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = add(None, str(bib), entry_type="book", fields={"author": "Ulam, Adam",
                 "title": "Titans", "year": "1987", "month": "March"}, dry_run=True)
    assert "month  = mar" in result.entry_text  # month macro and aligned '=' as fmt writes
