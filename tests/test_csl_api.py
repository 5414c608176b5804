"""The CSL engine's public API: styles, processor, errors, robustness on odd data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.csl import CSLError, Processor, StyleNotFound, load_style
from citekit.csl.html import bibliography_html, to_html
from citekit.errors import CitekitError

KUHN = {"id": "kuhn", "type": "book", "title": "The structure of scientific revolutions",
        "author": [{"family": "Kuhn", "given": "Thomas S."}], "issued": {"date-parts": [[1962]]},
        "publisher": "University of Chicago Press", "publisher-place": "Chicago"}
SHANNON = {"id": "shannon", "type": "article-journal",
           "title": "A mathematical theory of communication",
           "author": [{"family": "Shannon", "given": "Claude E."}],
           "issued": {"date-parts": [[1948, 7]]}, "container-title": "Bell System Technical Journal",
           "volume": "27", "issue": "3", "page": "379-423"}


def test_apa_citation_and_bibliography():
    proc = Processor(load_style("apa"), [KUHN, SHANNON])
    assert str(proc.cite([{"id": "kuhn"}, {"id": "shannon", "locator": "12"}])) == \
        "(Kuhn, 1962; Shannon, 1948, p. 12)"
    bib = proc.bibliography()
    assert [e.id for e in bib] == ["kuhn", "shannon"]
    assert str(bib[0].text) == ("Kuhn, T. S. (1962). The structure of scientific revolutions. "
                                "University of Chicago Press.")
    assert to_html(bib[0].text).count("<i>") == 1  # the book title is italic
    assert str(bib[1].text).endswith("Bell System Technical Journal, 27(3), 379–423.")
    assert proc.bibliography_settings["hanging-indent"] is True


def test_numeric_style_numbers_in_citation_order():
    proc = Processor(load_style("ieee"), [KUHN, SHANNON])
    out = proc.process_citations([{"items": [{"id": "shannon"}], "note_index": 1},
                                  {"items": [{"id": "kuhn"}], "note_index": 2}])
    assert [str(t) for t in out] == ["[1]", "[2]"]
    assert [e.id for e in proc.bibliography()] == ["shannon", "kuhn"]


def test_note_style_ibid_and_subsequent():
    proc = Processor(load_style("chicago-notes-bibliography") if _has("chicago-notes-bibliography")
                     else load_style("chicago-fullnote-bibliography"), [KUHN, SHANNON])
    first, again, other, back = proc.process_citations([
        {"items": [{"id": "kuhn", "locator": "5"}], "note_index": 1},
        {"items": [{"id": "kuhn", "locator": "5"}], "note_index": 2},
        {"items": [{"id": "shannon"}], "note_index": 3},
        {"items": [{"id": "kuhn"}], "note_index": 4},
    ])
    assert "Structure of Scientific Revolutions" in str(first)
    assert "Chicago" in str(first) and "1962" in str(first)
    # CMOS 18 prefers short notes to "ibid.": repeated and later cites use the short form
    # (no title-short in the data: the short form falls back to the title, as CSL says)
    assert str(again) == "Kuhn, The Structure of Scientific Revolutions, 5."
    assert str(back) == "Kuhn, The Structure of Scientific Revolutions."


def _has(name):
    try:
        load_style(name)
        return True
    except StyleNotFound:
        return False


def test_style_info_and_dependent_style():
    apa = load_style("apa")
    assert apa.info["class"] == "in-text" and "APA" in apa.info["title"]
    dep = load_style("accounting-forum")  # a dependent style whose parent is apa
    assert dep.info["title"] == apa.info["title"]
    assert dep.info["dependent"]["title"]
    assert load_style("apa") is apa  # compiled once


def test_unknown_style_is_a_usage_error():
    with pytest.raises(StyleNotFound) as exc:
        load_style("no-such-style-anywhere")
    assert isinstance(exc.value, CitekitError)


def test_malformed_style_names_file_and_element(tmp_path):
    bad = tmp_path / "broken.csl"
    bad.write_text('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text">'
                   "<citation><layout><text variable='title'></layout></citation></style>")
    with pytest.raises(CSLError, match="broken.csl"):
        load_style(str(bad))
    unknown = tmp_path / "unknown-term.csl"
    unknown.write_text('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text">\n'
                       "<citation><layout>\n<text term='no-such-term'/>"
                       "</layout></citation></style>")
    with pytest.raises(CSLError, match=r"unknown-term.csl.*<text term=\"no-such-term\">.*line 3"):
        load_style(str(unknown))
    nomacro = tmp_path / "no-macro.csl"
    nomacro.write_text('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text">'
                       "<citation><layout><text macro='missing'/></layout></citation></style>")
    with pytest.raises(CSLError, match="no macro named 'missing'"):
        load_style(str(nomacro))


@pytest.mark.parametrize("style", ["apa", "modern-language-association", "ieee",
                                   "chicago-author-date", "harvard-cite-them-right"])
def test_missing_variables_never_crash(style):
    if not _has(style):
        pytest.skip(f"{style} not installed")
    items = [{"id": "empty", "type": "book"}, {"id": "notype"},
             {"id": "odd", "type": "article-journal", "author": [{"literal": "WHO"}],
              "issued": {"raw": "spring 2001"}, "page": "iv-xii"}]
    proc = Processor(load_style(style), items)
    proc.cite([{"id": "empty"}, {"id": "notype"}, {"id": "odd"}])
    assert len(proc.bibliography()) >= 1
    assert bibliography_html(proc.bibliography()).startswith('<div class="csl-bib-body">')


NAME = st.fixed_dictionaries({"family": st.text(max_size=12)},
                             optional={"given": st.text(max_size=12),
                                       "non-dropping-particle": st.sampled_from(["van", "de", "d'"]),
                                       "literal": st.text(max_size=10)})
ITEM = st.fixed_dictionaries(
    {"id": st.just("x"), "type": st.sampled_from(["book", "article-journal", "chapter", "webpage",
                                                  "thesis", "report", "legal_case"])},
    optional={
        "title": st.text(max_size=40),
        "author": st.lists(NAME, max_size=8),
        "editor": st.lists(NAME, max_size=3),
        "issued": st.one_of(
            st.fixed_dictionaries({"date-parts": st.lists(
                st.lists(st.integers(-500, 2100), min_size=1, max_size=3), min_size=1, max_size=2)}),
            st.fixed_dictionaries({"raw": st.text(max_size=15)}),
            st.fixed_dictionaries({"literal": st.text(max_size=15)})),
        "page": st.text(max_size=10), "volume": st.one_of(st.text(max_size=5), st.integers(0, 999)),
        "container-title": st.text(max_size=20), "edition": st.text(max_size=5),
    })


@settings(max_examples=60, deadline=None)
@given(ITEM)
def test_any_item_renders_in_apa(item):
    """Property: whatever CSL-JSON arrives, citation and bibliography render, with the
    locator in the citation and no bibliography entry but the item's own (an item that
    renders nothing at all, such as a bare legal_case in APA, is left out)."""
    proc = Processor(load_style("apa"), [item])
    citation = str(proc.cite([{"id": "x", "locator": "3-5"}]))
    assert "3–5" in citation
    entries = proc.bibliography()
    assert [e.id for e in entries] in (["x"], [])
    assert all(str(e.text) for e in entries)


# ---- agreement with pandoc's citeproc on clusters and labels (issues 6 and 7)

def _book(key, family, year, **extra):
    item = {"id": key, "type": "book", "title": f"Title {key}", "publisher": "P",
            "author": [{"family": family, "given": "A."}], "issued": {"date-parts": [[year]]}}
    item.update(extra)
    return item


def test_suppress_author_cite_groups_later_cites_by_the_same_author():
    items = [_book("k55", "Khrushchev", 1955), _book("k56", "Khrushchev", 1956)]
    proc = Processor(load_style("apa"), items)
    out = proc.cite([{"id": "k55", "suppress-author": True, "locator": "40"}, {"id": "k56"}])
    assert str(out) == "(1955, p. 40; 1956)"  # not "(1955, p. 40; Khrushchev, 1956)"


def test_cites_with_affixes_keep_their_place_when_the_cluster_is_sorted():
    items = [_book(k, k.capitalize(), 2000 + n) for n, k in enumerate(["aaa", "bbb", "ccc", "ddd"])]
    proc = Processor(load_style("apa"), items)
    assert str(proc.cite([{"id": "bbb", "prefix": "cf. "}, {"id": "aaa"}])) == \
        "(cf. Bbb, 2001; Aaa, 2000)"
    # plain runs between affixed cites are still sorted
    assert str(proc.cite([{"id": "ddd"}, {"id": "ccc", "prefix": "cf. "}, {"id": "bbb"},
                          {"id": "aaa"}])) == "(Ddd, 2003; cf. Ccc, 2002; Aaa, 2000; Bbb, 2001)"
    assert str(proc.cite([{"id": "bbb"}, {"id": "aaa"}])) == "(Aaa, 2000; Bbb, 2001)"


def test_page_locator_plural_and_en_dash_without_page_range_format():
    proc = Processor(load_style("ieee"), [KUHN])
    assert str(proc.cite([{"id": "kuhn", "locator": "iv, vi-xi", "label": "page"}])) == \
        "[1, pp. iv, vi\u2013xi]"
    assert str(proc.cite([{"id": "kuhn", "locator": "12", "label": "page"}])) == "[1, p. 12]"


def test_version_with_a_decimal_point_is_singular():
    from citekit.csl.numbers import is_plural
    assert not is_plural("1.3")
    assert is_plural("99-02") and is_plural("iv, vi-xi") and is_plural("3 and 4")
    assert not is_plural("EU-29702195U")


def test_labels_are_title_cased_for_non_english_items():
    item = _book("b", "Brandt", 1987, language="de-DE")
    item["author"] = []
    item["editor"] = [{"family": "Seibt", "given": "F."}]
    proc = Processor(load_style("apa"), [item])
    assert "(Ed.)" in str(proc.bibliography()[0].text)


def test_substituted_editor_keeps_the_label_and_conditions_still_see_it():
    # Chicago: an edited book lists its editor as author with "ed." (names in a choose
    # inside <substitute> inherit the parent's options)
    item = _book("g", "Gaonkar", 2001)
    item["editor"], item["author"] = item.pop("author"), []
    proc = Processor(load_style("chicago-author-date"), [item])
    assert str(proc.bibliography()[0].text).startswith("Gaonkar, A., ed. 2001.")
    assert str(proc.cite([{"id": "g"}])) == "(Gaonkar 2001)"
    # APA: a chapter's editors print as "In ... (Eds.)" and the pages/publisher still follow
    chapter = {"id": "c", "type": "chapter", "title": "Chapter", "container-title": "Book",
               "author": [{"family": "Moraux", "given": "P."}], "page": "281-324",
               "editor": [{"family": "Lloyd", "given": "G."}], "publisher": "CUP",
               "issued": {"date-parts": [[1979]]}}
    text = str(Processor(load_style("apa"), [chapter]).bibliography()[0].text)
    assert text.endswith("In G. Lloyd (Ed.), Book (pp. 281\u2013324). CUP.")


def test_edition_label_inside_a_title_substitute():
    cms = {"id": "cms", "type": "book", "title": "The Chicago manual of style", "edition": "15",
           "publisher": "University of Chicago Press", "issued": {"date-parts": [[2003]]}}
    text = str(Processor(load_style("apa"), [cms]).bibliography()[0].text)
    assert text == "The Chicago manual of style (15th ed.). (2003). University of Chicago Press."


def test_editor_not_shown_in_the_cite_does_not_add_initials():
    item = _book("k", "Khrushchev", 2007)
    item["author"] = [{"family": "Khrushchev", "given": "Nikita"}]
    item["editor"] = [{"family": "Khrushchev", "given": "Sergei"}]
    assert str(Processor(load_style("apa"), [item]).cite([{"id": "k"}])) == "(Khrushchev, 2007)"


def test_title_case_capitalizes_the_first_word_of_a_quoted_title():
    item = _book("n", "Nussbaum", 1978, title="Aristotle’s “De Motu Animalium”")
    out = str(Processor(load_style("chicago-notes-bibliography"), [item]).cite([{"id": "n"}]))
    assert "Aristotle’s “De Motu Animalium”" in out


def test_year_suffix_is_not_part_of_a_cluster_sort_key():
    # Harvard sorts cites by a year macro that also prints the year suffix; sort keys come
    # before disambiguation, so 1956b and 1956a tie and keep the written order
    items = [dict(_book("k56a", "Khrushchev", 1956), title="Alpha"),
             dict(_book("k56b", "Khrushchev", 1956), title="Beta")]
    proc = Processor(load_style("harvard-cite-them-right"), items)
    out = proc.process_citations([{"items": [{"id": "k56b", "suppress-author": True,
                                              "locator": "40"}, {"id": "k56a"}],
                                   "note_index": 1}])
    assert str(out[0]) == "(1956b, p. 40; 1956a)"


def test_locator_with_an_embedded_label_and_plurals_before_it():
    from citekit.csl.numbers import is_plural
    assert is_plural("367-368, fig. 333") and not is_plural("1, fol. 186, 8 April 1544")
    proc = Processor(load_style("chicago-notes-bibliography"), [KUHN])
    out = str(proc.cite([{"id": "kuhn", "locator": "vol. 2"}]))
    assert out.endswith("1962), vol. 2.")  # the label comes from the text, not "p."


def test_title_case_keeps_roman_v_and_elisions():
    from citekit.csl.output import Leaf, Out
    from citekit.csl.textcase import apply_text_case
    for text, expected in [("Higher-dimensional algebra V: 2-groups",
                            "Higher-Dimensional Algebra V: 2-Groups"),
                           ("Some remarks on \u2019t Hooft\u2019s S-matrix",
                            "Some Remarks on \u2019t Hooft\u2019s S-Matrix")]:
        node = Out([Leaf(text)])
        apply_text_case(node, "title")
        assert node.kids[0].text == expected
