"""insert's own work (markers, notes, bibliography placement, missing keys) on a stand-in
engine; the real engine is exercised by test_insert_engine.py and the pandoc comparison."""

from __future__ import annotations

import pytest

from citekit.errors import UnresolvedCitationsError
from citekit.insert import insert_text

from .fake_engine import FakeProcessor, library, style


def run(text, syntax="markdown", note=False, title="Fake Style", **kw):
    processors = []

    def factory():
        processors.append(FakeProcessor(note))
        return processors[-1]

    result = insert_text(text, syntax, style(note, title), library(), factory, file="essay.md", **kw)
    return result, (processors[0] if processors else None)


def test_in_text_markers_replaced_and_bibliography_at_end_under_heading():
    result, engine = run("# Essay\n\nPeace [see @taubman2003, p. 45; @ulam1974].\n")
    assert "Peace (see Taubman 2003, pa. 45; Ulam 1974)." in result.output
    assert result.output.rstrip().endswith("# References\n\nTaubman. *Khrushchev*.\n\nUlam. *Expansion and Coexistence*.")
    assert engine.calls[0]["items"][0] == {"id": "taubman2003", "prefix": "see ", "locator": "45", "label": "page"}


def test_narrative_and_suppress_author():
    result, engine = run("@taubman2003 [p. 45] says; [-@ulam1974] too.\n")
    assert result.output.startswith("Taubman (2003, pa. 45) says; (1974) too.")
    assert engine.calls[0]["items"] == [
        {"id": "taubman2003", "locator": "45", "label": "page", "suppress-author": True}]
    assert engine.calls[1]["items"] == [{"id": "ulam1974", "suppress-author": True}]


def test_note_style_makes_footnotes_after_punctuation_with_positions():
    text = "A [see @taubman2003, p. 4]. B [@taubman2003, p. 5], C @ulam1974 says.\n"
    result, engine = run(text, note=True)
    first, rest = result.output.split("\n\n", 1)
    assert first == "A.[^1] B,[^2] C Ulam[^3] says."
    assert "[^1]: See Taubman, *Khrushchev*, pa. 4." in rest
    assert "[^2]: Ibid, pa. 5." in rest
    assert "[^3]: *Expansion and Coexistence*." in rest
    assert [c["note_index"] for c in engine.calls] == [1, 2, 3]
    assert "\n# Bibliography\n" in result.output


def test_note_numbers_share_the_sequence_with_existing_footnotes():
    text = "One[^a] two [@taubman2003] three^[inline [@ulam1974]].\n\n[^a]: A note [@allen1964].\n"
    result, engine = run(text, note=True)
    # reading order: the [^a] note (referenced first) is note 1 and goes to the engine first
    assert [c["note_index"] for c in engine.calls] == [1, 2, 3]
    assert [c["items"][0]["id"] for c in engine.calls] == ["allen1964", "taubman2003", "ulam1974"]
    # inside a note: parentheses, no full stop of its own (as pandoc)
    assert "three^[inline (Ulam, *Expansion and Coexistence*)]" in result.output
    assert "[^a]: A note (Allen, *A Paper*)." in result.output
    assert "two.[^2]" not in result.output and "two[^2] three" in result.output


def test_narrative_note_moves_after_punctuation_and_keeps_its_space():
    result, _ = run("So does @ulam1974 [p. 3]. Then @ulam1974 says.\n", note=True)
    assert result.output.startswith("So does Ulam.[^1] Then Ulam-short[^2] says.")


def test_citation_in_note_loses_the_full_stop_inside_quotes():
    from citekit.citations.core import drop_final_period as _drop_final_period

    assert _drop_final_period("“Peaceful Coexistence.”") == "“Peaceful Coexistence”"
    assert _drop_final_period("<i>Title</i>.") == "<i>Title</i>"
    assert _drop_final_period("*Title.*") == "*Title*"
    assert _drop_final_period("Title, 3") == "Title, 3"


def test_footnote_labels_do_not_collide():
    result, _ = run("Text [@taubman2003].\n\n[^1]: Mine.\n\nRef[^1].\n", note=True)
    assert "Text.[^cite1]" in result.output and "[^cite1]: " in result.output


@pytest.mark.parametrize("marker", ["::: {#refs}\n:::", "<!-- bibliography -->"])
def test_bibliography_at_marker(marker):
    result, _ = run(f"Text [@ulam1974].\n\n## Sources\n\n{marker}\n\n## Appendix\n")
    before, after = result.output.split("## Appendix")
    assert "Ulam. *Expansion and Coexistence*." in before and "References" not in result.output


def test_refs_div_keeps_its_fences():
    result, _ = run("T [@ulam1974].\n\n::: {#refs .small}\n:::\n")
    assert "::: {#refs .small}\nUlam. *Expansion and Coexistence*.\n:::" in result.output


def test_heading_names_follow_the_style():
    result, _ = run("T [@ulam1974].\n", title="Modern Language Association 9th edition")
    assert "# Works Cited" in result.output


def test_missing_keys_all_reported_with_lines_and_nothing_rendered():
    text = "Ok [@ulam1974].\nBad [@taubmann2003] and\n@nobody.\n"
    with pytest.raises(UnresolvedCitationsError) as info:
        run(text)
    message = str(info.value)
    assert "essay.md:2:6: cite-unknown-key" in message and "taubman2003" in message
    assert "essay.md:3:1:" in message and "'nobody'" in message


def test_allow_missing_keeps_marker_and_drops_missing_items():
    result, _ = run("A [@nobody]. B [@ulam1974; @nobody].\n", allow_missing=True)
    assert result.output.startswith("A [@nobody]. B (Ulam 1974).")
    assert len(result.diagnostics) == 2


def test_code_is_left_alone():
    text = "Use `[@ulam1974]` in code.\n\n```\n[@ulam1974]\n```\n"
    result, _ = run(text)
    assert result.output.startswith(text.rstrip("\n"))
    assert result.bibliography == []


def test_html_document():
    text = "<html><body><p>See [@ulam1974, p. 3] &amp; more.</p>\n<!-- bibliography -->\n</body></html>"
    result, _ = run(text, syntax="html")
    assert "<p>See (Ulam 1974, pa. 3) &amp; more.</p>" in result.output
    assert '<div class="csl-entry" id="ref-ulam1974">Ulam. <i>Expansion and Coexistence</i>.</div>' in result.output


def test_html_note_style_footnotes_before_body_end():
    result, _ = run("<body><p>See [@ulam1974].</p></body>", syntax="html", note=True)
    assert '<p>See.<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup></p>' in result.output
    assert result.output.index('<section class="footnotes">') < result.output.index("</body>")


def test_latex_document_note_style_and_footcite():
    text = ("\\begin{document}\nAs \\citet{ulam1974} shows \\citep[see][p.~5]{taubman2003}.\n"
            "\\printbibliography\n\\end{document}\n")
    result, engine = run(text, syntax="latex", note=True)
    assert "As Ulam\\footnote{\\textit{Expansion and Coexistence}.} shows.\\footnote{See Taubman, \\textit{Khrushchev}, pa. 5.}" in result.output
    assert "\\section*{Bibliography}" in result.output and "\\printbibliography" not in result.output


def test_latex_footcite_in_in_text_style_is_a_footnote():
    result, engine = run("Text\\footcite[45]{ulam1974}.\n", syntax="latex")
    assert result.output.startswith("Text.\\footnote{(Ulam 1974, pa. 45)}")
    assert engine.calls[0]["note_index"] == 1


def test_plain_text_document():
    result, _ = run("He wrote [@ulam1974].\n", syntax="text")
    assert result.output == "He wrote (Ulam 1974).\n\nReferences\n\nUlam. Expansion and Coexistence.\n"


def test_nocite_in_yaml_front_matter():
    result, _ = run("---\ntitle: X\nnocite: |\n  @allen1964\n---\n\nT [@ulam1974].\n")
    assert [k for k, _ in result.bibliography] == ["allen1964", "ulam1974"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_MARKERS = st.sampled_from([
    "[@ulam1974]", "[see @taubman2003, p. 4]", "@allen1964", "@ulam1974 [chap. 2]",
    "[-@taubman2003]", "[@ulam1974; @allen1964, sec. 3]",
])
_WORDS = st.sampled_from(["Peace", "was", "brief", "and", ".", ",", "\n", "\n\n", "so"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_MARKERS, _WORDS), min_size=1, max_size=25), st.booleans())
def test_property_insert_is_idempotent_and_leaves_no_markers(parts, note):
    text = " ".join(parts) + "\n"
    once, _ = run(text, note=note)
    assert "@" not in once.output.split("# Bibliography")[0].split("# References")[0]
    twice, _ = run(once.output, note=note)
    assert twice.output == once.output


def test_note_style_citation_first_in_a_footnote_is_not_parenthesised():
    result, _ = run("Text[^a].\n\n[^a]: [@allen1964] and more.\n", note=True)
    assert "[^a]: Allen, *A Paper*. and more." in result.output


def test_note_style_in_text_author_inside_a_footnote():
    result, _ = run("Text[^a].\n\n[^a]: As @ulam1974 says.\n\n[^b]: End @allen1964\n\nX[^b]", note=True)
    assert "[^a]: As Ulam, *Expansion and Coexistence* says." in result.output
    assert "[^b]: End Allen, *A Paper*." in result.output  # end of the note: full stop kept


def test_punctuation_moves_inside_closing_quotes_en_us():
    result, _ = run("He called it “peace” [@ulam1974]. Next.\n", note=True)
    assert result.output.startswith("He called it “peace.”[^1] Next.")


def test_bibliography_goes_under_a_final_heading():
    result, _ = run("Text [@ulam1974].\n\n# Sources\n")
    assert result.output.endswith("# Sources\n\nUlam. *Expansion and Coexistence*.\n")
    assert "References" not in result.output


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("[]@;-{}`^\n *_:.,\"”ab") + ["ulam1974", "allen1964",
                                                                     "p. 3", "[^n]: "]),
                max_size=60).map("".join),
       st.sampled_from(["markdown", "text", "html"]), st.booleans())
def test_property_any_text_is_handled(text, syntax, note):
    result, _ = run(text, syntax=syntax, note=note, allow_missing=True)
    assert isinstance(result.output, str)
    for record in result.citations:
        assert text[record.cluster.start:record.cluster.end] == record.cluster.raw


def test_affix_markup_per_syntax():
    _, engine = run("[@ulam1974, p. 3 and *passim*]")
    assert engine.calls[0]["items"][0]["suffix"] == " and <i>passim</i>"
    _, engine = run("<p>[@ulam1974, p. 3 and <em>passim</em> &amp; more]</p>", syntax="html")
    assert engine.calls[0]["items"][0]["suffix"] == " and <i>passim</i> & more"


def test_citeauthor_is_a_name_not_a_citation():
    result, engine = run("\\citeauthor{ulam1974} argued \\citep{ulam1974}.\n", syntax="latex",
                         note=True)
    assert result.output.startswith("Ulam argued.[^1]") or result.output.startswith("Ulam argued.\\footnote{")
    assert len(engine.calls) == 1  # only the real citation went to the engine
