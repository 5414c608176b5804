"""BibTeX/biblatex -> CSL-JSON: types, names, dates, LaTeX, case protection, crossrefs."""

import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from citekit import latexmarkup as lm
from citekit.bridge import convert_entries, entry_to_csl, parse_date, parse_names
from citekit.crossref import resolve_crossrefs

ORACLE = Path(__file__).resolve().parents[1].parent / "shared" / "oracle"
GOLDEN = Path(__file__).parent / "data" / "render"


def item(etype, **fields):
    return entry_to_csl("k", etype, fields)[0]


@pytest.mark.parametrize("etype,csl", [
    ("article", "article-journal"), ("book", "book"), ("mvbook", "book"),
    ("incollection", "chapter"), ("inbook", "chapter"), ("inproceedings", "paper-conference"),
    ("conference", "paper-conference"), ("proceedings", "book"), ("phdthesis", "thesis"),
    ("mastersthesis", "thesis"), ("thesis", "thesis"), ("techreport", "report"),
    ("report", "report"), ("manual", "book"), ("misc", ""), ("online", "webpage"),
    ("electronic", "webpage"), ("www", "webpage"), ("unpublished", "manuscript"),
    ("booklet", "pamphlet"), ("patent", "patent"), ("dataset", "dataset"),
    ("software", "software"), ("collection", "book"), ("periodical", "article-journal"),
    ("inreference", "entry-encyclopedia"),
])
def test_entry_types(etype, csl):
    assert item(etype, title="T")["type"] == csl


def test_unknown_type_falls_back_with_a_diagnostic():
    csl, diags = entry_to_csl("x", "weirdthing", {"title": "T"}, file="a.bib", line=3)
    assert csl["type"] == "document" and csl["title"] == "T"
    assert [d.code for d in diags] == ["M001"]
    assert diags[0].line == 3 and diags[0].key == "x"


def test_thesis_genre_and_newspaper_subtype_and_speech():
    assert item("phdthesis", title="T")["genre"] == "PhD thesis"
    assert item("mastersthesis", title="T")["genre"] == "Master’s thesis"
    assert item("thesis", title="T", type="mathesis")["genre"] == "Master’s thesis"
    assert item("article", title="T", entrysubtype="newspaper")["type"] == "article-newspaper"
    assert item("unpublished", title="T", eventtitle="Conf")["type"] == "speech"


def test_article_eid_is_not_rendered():
    # pandoc and citeproc-js leave biblatex's eid out; as CSL's number MLA would print it
    # as an issue ("no. 124106") and Chicago notes beside a locator ("12, 124106")
    csl = item("article", title="T", journal="J. Chem. Phys.", volume="124", eid="124106")
    assert "number" not in csl and "page" not in csl and "issue" not in csl


def test_biblatex_field_names_and_aliases():
    csl = item("article", title="T", journaltitle="J. Hist.", date="2001-03-04",
               location="Paris and London", urldate="2020-01-02", number="4", pages="3--9")
    assert csl["container-title"] == "J. Hist."
    assert csl["issued"] == {"date-parts": [[2001, 3, 4]]}
    assert csl["accessed"] == {"date-parts": [[2020, 1, 2]]}
    assert csl["publisher-place"] == "Paris; London"
    assert csl["issue"] == "4" and csl["page"] == "3-9"
    book = item("inproceedings", title="Paper", booktitle="Proc", eventtitle="Summit",
                maintitle="Main", origdate="1850", number="7", series="LNCS")
    assert book["container-title"] == "Main" and book["volume-title"] == "Proc"
    assert book["event-title"] == "Summit" and book["original-date"] == {"date-parts": [[1850]]}
    assert book["collection-number"] == "7" and book["collection-title"] == "LNCS"


def test_names_particles_suffix_corporate_and_others():
    names = parse_names("van Gogh, Vincent and {United Nations} and Doe, Jr, John and "
                        "Jean de La Fontaine and Gödel, K{\\\"u}rt and J.G. Smith and others")
    assert names[0] == {"family": "Gogh", "given": "Vincent", "dropping-particle": "van"}
    assert names[1] == {"literal": "United Nations"}
    assert names[2] == {"family": "Doe", "given": "John", "suffix": "Jr"}
    assert names[3] == {"family": "La Fontaine", "given": "Jean", "dropping-particle": "de"}
    assert names[4] == {"family": "Gödel", "given": "Kürt"}
    assert names[5] == {"family": "Smith", "given": "J. G."}
    assert names[6] == {"literal": "others"}
    assert parse_names("van Gogh, Vincent", {"useprefix": "true"})[0]["non-dropping-particle"] == "van"


@pytest.mark.parametrize("raw,expected", [
    ("1998", {"date-parts": [[1998]]}),
    ("1998-05-13", {"date-parts": [[1998, 5, 13]]}),
    ("1885/1888", {"date-parts": [[1885], [1888]]}),
    ("1998-05-13/1999-06", {"date-parts": [[1998, 5, 13], [1999, 6]]}),
    ("1850~", {"date-parts": [[1850]], "circa": True}),
    ("2000-21", {"date-parts": [[2000]], "season": 1}),
    ("1990/", {"date-parts": [[1990], [0]]}),
    ("sometime", None),
])
def test_dates(raw, expected):
    assert parse_date(raw) == expected


def test_old_style_dates_and_literal_years():
    assert item("book", title="T", year="1990", month="5", day="2")["issued"] == {"date-parts": [[1990, 5, 2]]}
    assert item("book", title="T", year="1990", month="may")["issued"] == {"date-parts": [[1990, 5]]}
    assert item("book", title="T", year="forthcoming")["issued"] == {"literal": "forthcoming"}


def test_latex_to_unicode():
    text = lm.to_text(lm.parse(r"Caf\'{e} --- na\"ive 1--2 \& Co~Ltd ``q'' G{\"o}del \ss{} Aks{\i}n"))
    assert text == "Café — naïve 1–2 & Co\u00a0Ltd “q” Gödel ß Aksın"


def test_brace_protection_kept_as_nocase_and_sentence_case():
    csl = item("book", title="{NASA} and the {Soviet Union}: A New Look at {iPhone} Use")
    assert csl["title"] == ('<span class="nocase">NASA</span> and the '
                            '<span class="nocase">Soviet Union</span>: A new look at '
                            '<span class="nocase">iPhone</span> use')


def test_non_english_titles_are_not_sentence_cased():
    csl = item("book", title="Die Geburt der Tragödie", langid="german")
    assert csl["title"] == "Die Geburt der Tragödie" and csl["language"] == "de-DE"


def test_math_and_formatting_macros_kept():
    csl = item("article", title=r"Energy of $x^2$ in \emph{Drosophila} and \textsc{Roman}")
    # the TeX travels between markers: backends print it readable, LaTeX as math
    assert f'<span class="nocase">{lm.MATH_OPEN}$x^2${lm.MATH_CLOSE}</span>' in csl["title"]
    assert "<i><span class=\"nocase\">Drosophila</span></i>" in csl["title"]
    assert "Roman</span></span>" in csl["title"]


def test_crossref_inheritance_by_biblatex_rules():
    entries = {
        "child": {"title": "Chapter", "crossref": "parent", "pages": "1--2"},
        "parent": {"title": "The Book", "subtitle": "Sub", "editor": "Ed, A.", "year": "2000",
                   "shorttitle": "Bk"},
        "vol": {"title": "Volume One", "crossref": "mv"},
        "mv": {"title": "Collected Works", "author": "Writer, W."},
        "art": {"title": "Paper", "crossref": "per"},
        "per": {"title": "Journal of X", "year": "1999"},
        "xd": {"xdata": "pub", "title": "T"},
        "pub": {"publisher": "P", "location": "L"},
    }
    types = {"child": "incollection", "parent": "collection", "vol": "book", "mv": "mvbook",
             "art": "article", "per": "periodical", "xd": "book", "pub": "xdata"}
    out = resolve_crossrefs(entries, types)
    assert out["child"]["booktitle"] == "The Book" and out["child"]["booksubtitle"] == "Sub"
    assert out["child"]["title"] == "Chapter" and out["child"]["editor"] == "Ed, A."
    assert "shorttitle" not in out["child"] and out["child"]["year"] == "2000"
    assert out["vol"]["maintitle"] == "Collected Works" and out["vol"]["bookauthor"] == "Writer, W."
    assert out["art"]["journaltitle"] == "Journal of X"
    assert out["xd"]["publisher"] == "P" and out["xd"]["location"] == "L"
    assert entries["child"] == {"title": "Chapter", "crossref": "parent", "pages": "1--2"}


def test_crossref_cycle_does_not_hang():
    out = resolve_crossrefs({"a": {"crossref": "b"}, "b": {"crossref": "a", "title": "T"}},
                            {"a": "inbook", "b": "book"})
    assert out["a"]["booktitle"] == "T"


@pytest.mark.skipif(not (ORACLE / "inputs" / "coldwar.bib").is_file(), reason="shared/ absent")
def test_coldwar_matches_golden_csl_json():
    """The golden file was checked field by field against `pandoc -f biblatex -t csljson`
    (identical once nocase spans, which pandoc's writer drops, are removed)."""
    from citekit.render import load_items

    items, _, _ = load_items([str(ORACLE / "inputs" / "coldwar.bib")])
    golden = json.loads((GOLDEN / "coldwar.csl.json").read_text(encoding="utf-8"))
    assert items == golden


words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll")), min_size=1, max_size=8)
titles = st.lists(words, min_size=1, max_size=8).map(" ".join)


@given(titles)
def test_sentence_case_is_idempotent(title):
    once = lm.sentence_case(lm.parse(title))
    assert lm.sentence_case(once) == once


@given(titles)
def test_protected_title_survives_sentence_case(title):
    tree = lm.sentence_case(lm.parse("{" + title + "}"))
    assert lm.to_text(tree) == title


@given(st.integers(1, 2100), st.integers(1, 12), st.integers(1, 28))
def test_iso_dates_round_trip(y, m, d):
    assert parse_date(f"{y:04d}-{m:02d}-{d:02d}") == {"date-parts": [[y, m, d]]}


def test_convert_entries_skips_xdata_containers():
    conv = convert_entries([("a", "book", {"title": "A", "xdata": "x"}), ("x", "xdata", {"publisher": "P"})])
    assert [i["id"] for i in conv.items] == ["a"] and conv.items[0]["publisher"] == "P"
