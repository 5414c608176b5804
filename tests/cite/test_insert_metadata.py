"""``insert`` keeps a pandoc document's metadata and reads ``nocite`` as pandoc does.

Each case is run through ``citekit insert`` and ``pandoc --citeproc`` (pypandoc-binary, the
test extra) with the same .bib and CSL file: the front matter must come back byte for byte,
the reference list must hold the same works in the same order (nocite-only works after the
cited ones, ``@*`` every entry), and the running text must read the same.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from citekit.insert import insert
from citekit.styles import resolve_style

BIB = r"""
@article{kahneman1979,
  author = {Kahneman, Daniel and Tversky, Amos},
  title = {Prospect Theory: An Analysis of Decision under Risk},
  journal = {Econometrica}, volume = {47}, number = {2}, pages = {263--291}, year = {1979}}
@article{lecun2015,
  author = {LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey},
  title = {Deep Learning}, journal = {Nature}, volume = {521}, pages = {436--444}, year = {2015}}
@article{smith2020a, author = {Smith, John}, title = {Alpha Results}, journal = {Journal of Tests}, year = {2020}}
@article{smith2020b, author = {Smith, John}, title = {Beta Results}, journal = {Journal of Tests}, year = {2020}}
@book{roe2019, editor = {Roe, Richard}, title = {The Tenth Workshop}, publisher = {ACM}, address = {New York}, year = {2019}}
"""

BODY = "Prospect theory [@kahneman1979] and deep learning [@lecun2015; @smith2020a].\n"


def _pandoc() -> str:
    pypandoc = pytest.importorskip("pypandoc")
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        pytest.skip("pandoc not installed")


def _pandoc_run(path, bib, style: str) -> str:
    return subprocess.run(
        [_pandoc(), str(path), "--citeproc", "--bibliography", str(bib), "--csl",
         str(resolve_style(style)), "-t", "markdown-citations", "--wrap=none"],
        check=True, capture_output=True, text=True).stdout


def _front(text: str) -> str:
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    assert match, text
    return match.group(0)


def _sentence(text: str) -> str:
    """The running text's first paragraph, with pandoc's markdown escapes and quotes undone."""
    line = next(l for l in text.split("\n\n") if l.startswith(("Prospect", "As ", "This")))
    return line.replace("\\[", "[").replace("\\]", "]").replace("\u2019", "'").strip()


@pytest.mark.parametrize("nocite", ['"@smith2020b"', "|\n  @roe2019", '"@*"',
                                    '["@roe2019", "@smith2020b"]'])
@pytest.mark.parametrize("style", ["ieee", "apa"])
def test_nocite_and_front_matter_as_pandoc(tmp_path, nocite, style):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    front = f"---\ntitle: \"Metadata stays\"\nnocite: {nocite}\n---\n"
    doc = tmp_path / "essay.md"
    doc.write_text(front + "\n" + BODY, encoding="utf-8")

    result = insert(str(doc), [str(bib)], style=style)
    expected = _pandoc_run(doc, bib, style)

    assert result.output.startswith(front)  # as written, not formatted
    assert [key for key, _ in result.bibliography] == re.findall(r"#ref-([^\s}]+)", expected)
    assert _sentence(result.output.replace("\\[", "[").replace("\\]", "]")) == _sentence(expected)


def test_nocite_only_work_numbered_after_cited_ones(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    doc = tmp_path / "essay.md"
    doc.write_text('---\nnocite: "@roe2019"\n---\n\n' + BODY, encoding="utf-8")
    result = insert(str(doc), [str(bib)], style="ieee")
    plain = dict(result.bibliography_plain)
    assert plain["roe2019"].startswith("[4]")
    assert plain["kahneman1979"].startswith("[1]")


@pytest.mark.parametrize("body", [
    "As @lecun2015 argue, deep nets work. Later @lecun2015 again.\n",
    "This was shown by @lecun2015. Also by @kahneman1979.\n",
])
def test_et_al_keeps_its_period_before_the_note_as_pandoc(tmp_path, body):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    doc = tmp_path / "essay.md"
    doc.write_text(body, encoding="utf-8")
    result = insert(str(doc), [str(bib)], style="chicago-notes")
    expected = _pandoc_run(doc, bib, "chicago-notes")
    assert _sentence(result.output) == _sentence(expected)
    assert "et al.[^1]" in result.output


def test_cite_for_a_note_style_leaks_no_markup_into_text(tmp_path):
    from citekit.cite import cite

    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    [result] = cite(["@lecun2015"], str(bib), style="chicago-notes", to="text")
    name, note = result.text.split("\n")
    assert name == "Yann LeCun et al.[1]"
    assert note.startswith("[1] “Deep Learning,” Nature 521")
    assert "^[" not in result.text and "*" not in result.text
    assert "<sup>1</sup>" in result.html and "^[" not in result.html
    [md] = cite(["@lecun2015"], str(bib), style="chicago-notes", to="md")
    assert md.output.startswith("Yann LeCun et al.^[“Deep Learning,” *Nature* 521")


_WORDS = st.sampled_from(["@kahneman1979", "@lecun2015", "[@smith2020a]", "@*", "see", "p. 4",
                          "[-@roe2019]", "`@code`", "**bold**", "x@y.org"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=4))
def test_front_matter_is_never_rewritten(tmp_path, values):
    """Whatever citation-like text the metadata holds, it comes back byte for byte."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    lines = [f"field{n}: {json.dumps(value)}" for n, value in enumerate(values)]
    front = "---\n" + "\n".join(lines) + "\n---\n"
    doc = tmp_path / "essay.md"
    doc.write_text(front + "\n" + BODY, encoding="utf-8")
    result = insert(str(doc), [str(bib)], style="apa")
    assert result.output.startswith(front)
    assert all(c.cluster.start >= len(front) for c in result.citations)
