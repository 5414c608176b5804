"""The scanner's plain records (fastscan.iter_records) read exactly as its blocks do:
check's and render's stream give the same entries, fields and diagnostics either way."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import citekit.check.stream as stream
from citekit.errors import CitekitError
from citekit.bibfile.fastscan import iter_blocks, iter_records

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bibfuzz import generate  # noqa: E402

TRICKY = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "tricky"


def _read(paths: list[str]):
    streamed = stream.StreamedBibliography(paths)
    entries = []
    try:
        for path, e, fields in streamed.iter_entries():
            entries.append((path, e.key, e.entry_type, e.start_line, fields))
    except CitekitError as error:  # the same error, after the same entries
        return entries, repr(error)
    return entries, streamed.diagnostics, streamed.stale


def _both(paths: list[str], monkeypatch: pytest.MonkeyPatch):
    fast = _read(paths)
    with monkeypatch.context() as m:
        m.setattr(stream, "iter_records", iter_blocks)  # every entry as a block
        slow = _read(paths)
    return fast, slow


def _tricky_files() -> list[Path]:
    return sorted(TRICKY.rglob("*.bib")) if TRICKY.is_dir() else []


@pytest.mark.skipif(not _tricky_files(), reason="../shared/corpora/tricky not present")
def test_tricky_corpora_read_the_same(monkeypatch):
    for path in _tricky_files():
        fast, slow = _both([str(path)], monkeypatch)
        assert fast == slow, path


def test_records_are_used_and_lines_counted(tmp_path, monkeypatch):
    bib = tmp_path / "a.bib"
    bib.write_text('@article{a,\n  title = {T},\n  journal = jou,\n\n  year = 20 # x\n}\n'
                   '@misc{b, title = "Q", Title = {R}}\n@misc{a, note = {dup}}\n')
    kinds = [type(b).__name__ for b in iter_records(bib.read_text())]
    assert kinds == ["tuple", "tuple", "tuple"]  # a repeated name is found by the reader
    fast, slow = _both([str(bib)], monkeypatch)
    assert fast == slow
    entries, diagnostics, _ = fast
    assert [e[1] for e in entries] == ["a", "b"]
    assert entries[0][4] == {"title": "T", "journal": "jou", "year": "20x"}
    assert sorted(d.line for d in diagnostics) == [3, 5, 7, 8]  # macros jou, x; repeated title, key


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_generated_files_read_the_same(tmp_path, monkeypatch, rnd: random.Random):
    bib = tmp_path / "g.bib"
    bib.write_bytes(generate(rnd))
    fast, slow = _both([str(bib)], monkeypatch)
    assert fast == slow
