"""The synthetic training references: every token labelled by the CSL variable that made it."""

import random

from citekit.refparse.synthetic import damage, label_tokens, render_labelled, to_record
from citekit.refparse.training import record_tokens_labels

CHAPTER = {"id": "c", "type": "chapter", "author": [{"family": "Worden", "given": "Blair"}],
           "editor": [{"family": "Sheils", "given": "W. J."}], "issued": {"date-parts": [[1984]]},
           "title": "Toleration and the Cromwellian Protectorate", "container-title": "Persecution and Toleration",
           "page": "199-233", "edition": "2", "publisher": "Blackwell", "publisher-place": "Oxford"}
ARTICLE = {"id": "a", "type": "article-journal", "author": [{"family": "Hart", "given": "Gillian"}],
           "issued": {"date-parts": [[2001]]}, "title": "Development Critiques in the 1990s",
           "container-title": "Progress in Human Geography", "volume": "25", "issue": "4", "page": "649-658",
           "DOI": "10.1191/030913201682688959"}


def segments(toks, labs):
    return [tuple(s) for s in to_record("x", toks, labs)["segments"]]


def test_apa_chapter_and_article_are_labelled_by_variable():
    (chapter, article) = render_labelled([CHAPTER, ARTICLE], "apa")
    segs = dict((lab, text) for lab, text in segments(*chapter))
    assert segs["author"] == "Worden, B."
    assert segs["date"] == "(1984)."
    assert segs["editor"].startswith("In W. J. Sheils")  # "In" goes with what it introduces
    assert "Persecution" in segs["container-title"] and "233" in segs["pages"]
    assert "2nd" in segs["edition"] and segs["publisher"].startswith("Blackwell")
    art = segments(*article)
    labels = [lab for lab, _ in art]
    assert labels[:4] == ["author", "date", "title", "journal"]
    assert dict(art)["doi"].endswith("10.1191/030913201682688959")
    assert "25" in dict(art)["volume"] and "(4)" in dict(art)["volume"]


def test_words_no_variable_made_join_the_segment_they_introduce():
    toks = ["In", "Sheils", "(Ed.),", "Persecution", "pp.", "12–19.", "et", "al."]
    claims = {1: "editor", 3: "container-title", 5: "pages"}
    assert label_tokens(toks, claims) == ["editor", "editor", "editor", "container-title", "pages", "pages",
                                          "pages", "pages"]


def test_damage_keeps_one_label_per_token_and_the_text():
    rng = random.Random(1)
    (chapter,) = render_labelled([CHAPTER], "modern-language-association")
    for _ in range(50):
        toks, labs = damage(*chapter, rng)
        assert len(toks) == len(labs) and all(labs)
        words, bio = record_tokens_labels(to_record("x", toks, labs))
        assert words == toks and len(bio) == len(toks)


def test_editor_marks_in_any_language_stay_with_the_names_before():
    toks = ["Anderson,", "I.", "(éd.),", "Surveys", "Müller,", "K.", "(Hrsg.):", "Handbuch"]
    claims = {0: "editor", 1: "editor", 3: "container-title", 4: "editor", 5: "editor", 7: "container-title"}
    assert label_tokens(toks, claims) == ["editor", "editor", "editor", "container-title", "editor", "editor",
                                          "editor", "container-title"]


def test_pick_items_gives_the_focus_share_of_parts_and_edited_works():
    from citekit.refparse.synthetic import is_focus, pick_items

    items = [dict(ARTICLE, id=f"a{i}") for i in range(80)] + [dict(CHAPTER, id=f"c{i}") for i in range(20)]
    picked = pick_items(items, 20, 0.5, random.Random(3))
    assert len(picked) == 20 and len({it["id"] for it in picked}) == 20
    assert sum(is_focus(it) for it in picked) == 10
    assert not is_focus(ARTICLE) and is_focus(CHAPTER)


def test_domain_copies_double_every_feature_with_its_domain_tag():
    from citekit.refparse.training import adapted, record_domain

    feats = [["bias", "w=in"], ["bias", "w=smith"]]
    assert adapted(feats, "ugly") == [["bias", "w=in", "ugly:bias", "ugly:w=in"],
                                      ["bias", "w=smith", "ugly:bias", "ugly:w=smith"]]
    assert record_domain({"source": "anystyle/res/parser/ugly.xml"}, ["ugly.xml", "synthetic"]) == "ugly.xml"
    assert record_domain({"source": "anystyle/res/parser/core.xml"}, ["ugly.xml"]) is None

