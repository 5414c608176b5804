"""The five sample documents against entries written by hand (tests/expected/samples/).

The expected files were written after reading each sample, not generated: they say what a
careful person would take from the text, and nothing the text does not state.
"""

import json
import unicodedata
from pathlib import Path

import pytest

from citekit.importer import import_sources

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = sorted((ROOT / "tests" / "expected" / "samples").glob("*.json"))


def _norm(value):
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


@pytest.fixture(scope="module")
def imported():
    sources = sorted((ROOT / "bib" / "sources").glob("*.txt"))
    result = import_sources([str(p) for p in sources])
    return {Path(s.path).stem: s for s in result.sources}


def test_every_sample_has_expectations():
    assert [p.stem for p in EXPECTED] == sorted(p.stem for p in (ROOT / "bib" / "sources").glob("*.txt"))


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.stem)
def test_document_entry(imported, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["document"]
    got = imported[expected_path.stem].document
    assert got is not None
    assert got.entry_type == expected["type"]
    assert got.line == expected["line"]
    for name, value in expected["fields"].items():
        assert _norm(got.fields.get(name, "")) == _norm(value), name
    for name in expected["absent"]:
        assert name not in got.fields, f"{name} invented: {got.fields.get(name)!r}"


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.stem)
def test_reference_list_split(imported, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["references"]
    got = imported[expected_path.stem].references
    assert [_norm(e.raw) for e in got] == [_norm(e["raw"]) for e in expected]
    assert [e.line for e in got] == [e["line"] for e in expected]


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.stem)
def test_reference_fields(imported, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["references"]
    got = imported[expected_path.stem].references
    for want, entry in zip(expected, got):
        assert entry.entry_type == want["type"], want["raw"]
        for name, value in want["fields"].items():
            assert _norm(entry.fields.get(name, "")) == _norm(value), (want["raw"], name)


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.stem)
def test_in_text_citations(imported, expected_path):
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["citations"]
    source = imported[expected_path.stem]
    got = [
        {"raw": c.raw, "authors": c.authors, "year": c.year, "locator": c.locator,
         "kind": c.kind, "line": source.line_of(c.start)}
        for c in source.citations
    ]
    assert got == expected
    for c in source.citations:
        assert source.text[c.start : c.end] == c.raw
