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
