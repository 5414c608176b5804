"""The fast scanner gives bibtexparser's own blocks (and true line numbers)."""

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from citekit.bibfile.decode import decode
from citekit.bibfile.fastscan import split
from citekit.bibfile.scan import split_with_bibtexparser

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def describe(block, inner=False, spans=True):
    """Everything bibtexparser's splitter decides about a block, except line numbers
    (bibtexparser does not count a newline after a backslash; citekit does)."""
    span = None if inner or not spans else block.parser_metadata.get("span")
    if type(block).__name__ == "DuplicateBlockKeyBlock":  # made by Library, not the splitter
        block = block.ignore_error_block
    kind = type(block).__name__.replace("SourceEntry", "Entry")  # lazy-raw subclass of Entry
    out = [kind, block.raw, span]
    for attr in ("key", "entry_type", "value", "comment"):
        if hasattr(block, attr):
            out.append(getattr(block, attr))
    if hasattr(block, "fields"):
        out.append([(f.key, f.value, f.enclosing) for f in block.fields])
    if hasattr(block, "error"):
        out.append(str(getattr(block.error, "abort_reason", block.error)))
    if getattr(block, "ignore_error_block", None) is not None:
        out.append(describe(block.ignore_error_block, inner=True))
    return out


def assert_same_blocks(text, spans=True):
    mine = split(text)
    theirs = split_with_bibtexparser(text)
    assert [describe(b, spans=spans) for b in mine] == [describe(b, spans=spans) for b in theirs]
    for block in mine:  # each block's span holds exactly its text
        start, end = block.parser_metadata["span"]
        assert text[start:end] == (block.raw or "")
    for block in mine:  # lines are 0-based lines of the block's first character
        start = block.parser_metadata["span"][0]
        assert block.start_line == text.count("\n", 0, start)


def corpus_files():
    if not SHARED.is_dir():
        return []
    root = SHARED / "corpora"
    return sorted(p for sub in ("real", "tricky") for p in (root / sub).rglob("*.bib"))


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_same_blocks_as_bibtexparser_on_corpora(path):
    assert_same_blocks(decode(path.read_bytes()).text)


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_same_blocks_on_concat_12k():
    data = gzip.decompress((SHARED / "corpora/scaled/concat-12k.bib.gz").read_bytes())
    text = data.decode("utf-8")
    mine, theirs = split(text), split_with_bibtexparser(text)
    assert [describe(b) for b in mine] == [describe(b) for b in theirs]


PIECES = st.sampled_from([
    "@article{k1,", "@Book(k2,", "@string{s = {x}}", "@comment{c}", "@preamble{\"p\"}",
    " title = {A {B} C},", " author = \"D \\\"o e\",", " year = 2000", " x = {\\{}", "}", ")",
    "\n", "\n@misc{m,", " = ", ",", "\"", "{", "}", " text @ here ", "{\"}", "\\", "@",
    " note = a # {b} # \"c\"", "% comment\n", "  @inproceedings{p, a={1}}\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=25))
def test_same_blocks_on_generated_garbage(pieces):
    # Spans are not compared with the reference here: for blocks that overlap a failed
    # one, recovering the reference's spans from its raw text is itself a guess.
    assert_same_blocks("".join(pieces), spans=False)
