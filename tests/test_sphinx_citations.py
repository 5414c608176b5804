"""citekit in Sphinx (sphinxcontrib-bibtex) and pybtex: real builds, checked against citekit's
own commands.

Each style is built for real (sphinx-build in-process into tmp_path). What the page must
say is not written here: the list must read as ``citekit render`` renders the same works in
the same order, in-text citations as ``citekit insert`` formats them in a Markdown essay, and a note style's
footnotes as ``citekit insert`` makes the notes of the same citations in a Markdown essay
(which tests/cite/test_pandoc_agreement.py holds to ``pandoc --citeproc``).
"""

from __future__ import annotations

import html
import io
import re

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("sphinxcontrib.bibtex")

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
@proceedings{procs, editor = {Roe, Richard}, title = {Proceedings of the Tenth Workshop},
  publisher = {ACM}, address = {New York}, year = {2019}}
@inproceedings{doe2019, author = {Doe, Jane}, title = {A Paper on Parsing}, pages = {1--9}, crossref = {procs}}
"""

#: (role, keys) in reading order; the same citations in pandoc's syntax for insert
CITATIONS = [("p", ["kahneman1979"]), ("t", ["kahneman1979"]), ("p", ["lecun2015", "kahneman1979"]),
             ("p", ["smith2020b"]), ("p", ["smith2020a"]), ("p", ["doe2019"]), ("t", ["lecun2015"])]


def _build(tmp_path, style: str, body: str, bibliography: str = ".. bibliography::") -> str:
    from sphinx.cmd.build import build_main

    src = tmp_path / f"src-{style}"
    src.mkdir()
    (src / "refs.bib").write_text(BIB, encoding="utf-8")
    (src / "conf.py").write_text(
        'extensions = ["citekit.sphinxext"]\nbibtex_bibfiles = ["refs.bib"]\n'
        f'citekit_style = "{style}"\nproject = "t"\n', encoding="utf-8")
    (src / "index.rst").write_text(f"Essay\n=====\n\n{body}\n\n{bibliography}\n", encoding="utf-8")
    out = tmp_path / f"html-{style}"
    assert build_main(["-q", "-W", "-b", "html", str(src), str(out)]) == 0
    return (out / "index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def _citations(page: str) -> list[str]:
    return [_text(m) for m in re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', page, re.S)]


def _list(page: str) -> list[tuple[str, str, str]]:
    """(html id, label or "", text) of each entry of the reference list."""
    out = []
    for ident, inner in re.findall(r'<div class="citation[^"]*" id="([^"]+)" role="doc-biblioentry">(.*?)</div>',
                                   page, re.S):
        label = re.search(r'<span class="label">(.*?)</span></span>', inner, re.S)
        text = re.search(r"<p>(.*?)</p>", inner, re.S)
        out.append((ident, _text(label.group(1)) if label else "", _text(text.group(1))))
    return out


def _body(roles=CITATIONS) -> str:
    return " ".join(f"Text :cite:{role}:`{','.join(keys)}`." for role, keys in roles)


def _bib_file(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return str(path)


def _pandoc(role: str, keys: list[str]) -> str:
    if role == "t":
        return f"@{keys[0]}"
    return "[" + "; ".join(f"@{k}" for k in keys) + "]"


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_citations_and_list_agree_with_citekit(tmp_path, style):
    from citekit.insert import insert
    from citekit.render import render

    page = _build(tmp_path, style, _body())
    entries = _list(page)
    # the list is what `citekit render` makes of the cited works (crossrefs filled in)
    cited = list(dict.fromkeys(k for _, keys in CITATIONS for k in keys))
    order = cited if style == "ieee" else None
    rendered = render(_bib_file(tmp_path), style=style, keys=order or cited).entries
    expected = [re.sub(r"^\[\d+\]\s*", "", e.text) for e in rendered]
    assert [text for _, _, text in entries] == expected
    assert "proceedings of the" in next(t for _, _, t in entries if "parsing" in t.lower()).lower()

    texts = _citations(page)
    assert len(texts) == len(CITATIONS)
    by_id = {ident: (label, text) for ident, label, text in entries}
    # parenthetical citations read as `citekit insert` formats the same essay in Markdown
    essay = tmp_path / "essay.md"
    essay.write_text(" ".join(f"Text {_pandoc(r, k)}." for r, k in CITATIONS) + "\n", encoding="utf-8")
    inserted = insert(str(essay), [_bib_file(tmp_path)], style=style).citations
    for (role, keys), text, done in zip(CITATIONS, texts, inserted):
        if role == "p":
            assert text == done.plain
    # (target entry, linked text) of every link, citation by citation
    links = [re.findall(r'<a class="reference internal" href="#([^"]+)"[^>]*>(.*?)</a>', span, re.S)
             for span in re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', page, re.S)]
    assert all(links)
    if style == "apa":
        assert texts[1] == "Kahneman and Tversky (1979)"  # APA's "and" in running text
        assert texts[0] == "(Kahneman & Tversky, 1979)"
        # no bracketed labels in an author-date list; a hanging indent instead
        assert all(label == "" for _, label, _ in entries)
        assert 'class="citation citekit-entry citekit-hanging"' in page
        # disambiguation: each citation's year (2020a/2020b) is the one its entry shows
        for target, linked in (pair for citation in links for pair in citation):
            year = re.search(r"\d{4}[a-z]?", _text(linked)).group(0)
            assert f"({year})" in by_id[target][1]
    else:
        # numbers in order of first citation, as the list's labels
        assert [label for _, label, _ in entries] == [f"[{n}]" for n in range(1, len(cited) + 1)]
        for target, linked in (pair for citation in links for pair in citation):
            assert by_id[target][0].strip("[]") in re.findall(r"\d+", _text(linked))
        assert texts[1].startswith("Kahneman and Tversky [")


def test_chicago_notes_footnotes_are_notes_and_the_list_is_the_bibliography(tmp_path):
    from citekit.insert import insert

    roles = [("p", ["kahneman1979"]), ("p", ["lecun2015"]), ("p", ["kahneman1979"]),
             ("p", ["doe2019"]), ("t", ["lecun2015"]), ("p", ["lecun2015"])]
    body = " ".join(f"Text{'' if r == 't' else '.'}\\ :footcite:{r}:`{','.join(k)}`" + (" says." if r == "t" else "")
                    for r, k in roles)
    page = _build(tmp_path, "chicago-notes", body + "\n\n.. footbibliography::",
                  ".. bibliography::\n   :filter: key % \"kahneman|lecun|doe\"")
    notes = [_text(n) for n in re.findall(r'<aside class="footnote brackets"[^>]*>.*?<p>(.*?)</p>', page, re.S)]

    essay = tmp_path / "essay.md"
    essay.write_text(" ".join(f"Text{'' if r == 't' else '.'}{' ' + _pandoc(r, k) if r == 't' else _pandoc(r, k)}"
                              + (" says." if r == "t" else "") for r, k in roles) + "\n", encoding="utf-8")
    result = insert(str(essay), [_bib_file(tmp_path)], style="chicago-notes")
    expected_notes = [c.plain for c in result.citations if c.own_note]
    assert notes == expected_notes
    assert notes[0] != notes[2]  # first full, then short
    assert len(notes) == len(roles)
    # the list is the bibliography, in bibliography form and without labels
    entries = _list(page)
    assert [text for _, _, text in entries] == [text for _, text in result.bibliography_plain]
    assert all(label == "" for _, label, _ in entries)


def test_pybtex_latex_labels_are_escaped_and_crossrefs_resolved(tmp_path):
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    from citekit.render import render

    bib_data = parse_string(BIB, "bibtex")
    style = find_plugin("pybtex.style.formatting", "citekit-apa")()
    formatted = style.format_bibliography(bib_data, ["kahneman1979", "doe2019"])
    out = io.StringIO()
    find_plugin("pybtex.backends", "latex")().write_to_stream(formatted, out)
    latex = out.getvalue()
    assert r"\bibitem[Kahneman \& Tversky, 1979]{kahneman1979}" in latex
    assert "\\bibitem[Kahneman &" not in latex
    # the child is filled from its uncited parent, as `citekit render` does
    plain = find_plugin("pybtex.backends", "citekit-text")()
    child = next(e for e in formatted if e.key == "doe2019")
    [expected] = render(_bib_file(tmp_path), style="apa", keys=["doe2019"]).entries
    assert child.text.render(plain) == expected.text
    assert "n.d." not in expected.text
