"""Streaming fmt (the default path of citekit.fmt.fmt) equals load + format_bibliography."""

from pathlib import Path

import pytest

from citekit.bibfile import load
from citekit.fmt import FmtSettings, fmt, format_bibliography

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

SETTINGS = {
    "default": FmtSettings(),
    "no-layout": FmtSettings().with_passes(disable=["layout", "field-order"]),
    "off": FmtSettings().with_passes(none=True),
}


def both(paths, settings):
    streamed = fmt(paths, settings=settings)
    loaded = format_bibliography(load(paths), settings)
    return streamed, loaded


def assert_same(streamed, loaded):
    assert [f.formatted for f in streamed.files] == [f.formatted for f in loaded.files]
    assert sorted(d.format_line() for d in streamed.diagnostics if d.code != "K901") == sorted(
        d.format_line() for d in loaded.diagnostics if d.code != "K901"
    )
    assert streamed.renamed == loaded.renamed and streamed.entries == loaded.entries


@pytest.mark.parametrize("name", SETTINGS)
def test_small_files_with_problems(tmp_path, name):
    a, b = tmp_path / "a.bib", tmp_path / "b.bib"
    a.write_text(
        "% top\n@string{pub = {P}}\n@misc{x, title = {T}, publisher = pub # nope}\n"
        "@misc{x, title = {dup}}\n@misc{, author = {Doe, J.}, year = 2000, title = {On it}}\n"
        "@article{bad, title = {A} year = {1}}\n@book{open,\n title = {x\n"
    )
    b.write_text("@misc{X, title = {case}}\n@misc{, author = {Doe, J.}, year = 2000, title = {On it}}\n")
    assert_same(*both([str(a), str(b)], SETTINGS[name]))


def corpus_files():
    if not SHARED.is_dir():
        return []
    root = SHARED / "corpora"
    return sorted(p for sub in ("real", "tricky") for p in (root / sub).rglob("*.bib"))


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
@pytest.mark.parametrize("name", ["default", "no-layout"])
def test_corpora(name):
    files = corpus_files()
    mismatched = []
    for path in files:
        streamed, loaded = both([str(path)], SETTINGS[name])
        if [f.formatted for f in streamed.files] != [f.formatted for f in loaded.files]:
            mismatched.append(path.name)
    assert mismatched == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_multi_file_bibliography_diagnostics():
    paths = [str(p) for p in sorted((SHARED / "corpora/real/plume-bib").glob("*.bib"))]
    assert_same(*both(paths, SETTINGS["default"]))
