"""The document's own entry (citekit.importer.docmeta): the title ranker and the header fields.

Made-up documents of the classes the ranker was built for (none of them from docs-dev): a
student's cover page, a blog post under its date line, a journal header, an encyclopedia's
entry page, and a run-on site header; each asserts what the text states and nothing more.
"""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.importer import docmeta
from citekit.importer.reader import read_document

BODY = ("The harvest failed in three successive years, and the price of bread rose beyond the reach "
        "of most families in the towns. Historians have long argued about the weight of that crisis.\n")


def _entry(text):
    return read_document(text, "x.txt").entry


def test_cover_page():
    text = ("UNIVERSITY OF NORTHERN TESTING\n\nSpringfield, Ohio\n\n"
            "Bread, Debt, and the Coming of the Storm\n\nSubmitted by\n\nMargaret Ellison\n\n"
            "HIST 501 Fall 09\n\nOctober 12, 2009\n\n\nBread, Debt, and the Coming of the Storm\n\n" + BODY)
    entry = _entry(text)
    assert entry.fields["title"] == "Bread, Debt, and the Coming of the Storm"
    assert entry.fields["author"] == "Ellison, Margaret"
    assert entry.fields["year"] == "2009" and entry.fields["month"] == "October"
    assert entry.fields["institution"] == "University of Northern Testing"


def test_blog_title_after_its_date_line():
    text = ("Welcome to The Quiet Archive blog. We post notes on what we read.\n\nSubscribe\n\n"
            "Tuesday, 9 March 2021\n\nThe Grain Riots Reconsidered\n\n" + BODY)
    entry = _entry(text)
    assert entry.fields["title"] == "The Grain Riots Reconsidered"
    assert entry.fields["year"] == "2021" and entry.fields["month"] == "March"
    assert entry.fields["organization"] == "The Quiet Archive"


def test_journal_header_line():
    text = ("Review of Agrarian Studies, Vol. XII, Spring 1998, No. 2, 101-130.\n\n"
            "Harvest and Revolt in the Lower Valley\n\n" + BODY)
    entry = _entry(text)
    assert entry.entry_type == "article"
    assert entry.fields["journal"] == "Review of Agrarian Studies"
    assert (entry.fields["volume"], entry.fields["year"], entry.fields["number"], entry.fields["pages"]) == (
        "XII", "1998", "2", "101--130")


def test_encyclopedia_entry_header():
    text = ("Encyclopedia of Rural Life and Custom\n\n2019 Edition\n| Editors: Thomas B. Hargreave\n\n"
            "Gleaning\n\nReference work entry\nDOI: https://doi.org/10.1000/xyz-123_45\n" + BODY)
    entry = _entry(text)
    assert entry.entry_type == "incollection"
    assert entry.fields["booktitle"] == "Encyclopedia of Rural Life and Custom"
    assert entry.fields["editor"] == "Hargreave, Thomas B."
    assert entry.fields["edition"] == "2019" and entry.fields["year"] == "2019"
    assert entry.fields["doi"] == "10.1000/xyz-123_45"
    assert entry.fields.get("title") != entry.fields["booktitle"]  # the encyclopedia is no entry's title


def test_no_model_leaves_the_rules_title(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"weights": {}}), encoding="utf-8")
    text = "Home | Essays | Log in\nThe Grain Riots Reconsidered\n\n" + BODY
    try:
        docmeta.use_model(str(path))
        without = _entry(text).fields.get("title")
    finally:
        docmeta.use_model(None)
    with_model = _entry(text).fields.get("title")
    assert with_model == "The Grain Riots Reconsidered"
    assert without is not None  # the rules still give their title when no ranker is loaded


def test_candidates_end_with_no_title():
    cands = docmeta.title_candidates([], {}, {})
    assert [c.kind for c in cands] == ["none"]


@given(st.lists(st.sampled_from(["a", "Z", ".", " ", "\t", "|", "•", "·", "-", "–", "—", "::", ":", "›", "x"]),
                max_size=14).map("".join) | st.text(max_size=40))
@settings(max_examples=400, deadline=None)
def test_separator_feature_is_the_separator_pattern(text):
    """The ranker's separator test, searched alternative by alternative, finds a separator
    exactly where the one pattern (which also splits the header lines) does."""
    assert docmeta._has_separator(text) == bool(docmeta._SEPARATORS.search(text))
