"""Every edge-case file of ../shared/corpora/tricky/ (other projects' parser tests) through
fmt, check and render: no exception but citekit's own errors, fmt idempotent, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibfuzz import check_case

TRICKY = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "tricky"
FILES = sorted(TRICKY.rglob("*.bib")) if TRICKY.is_dir() else []


@pytest.mark.skipif(not FILES, reason="../shared/corpora/tricky not available")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(TRICKY)))
def test_tricky_file(path, tmp_path):
    check_case(path.read_bytes(), tmp_path, render_it=True)
