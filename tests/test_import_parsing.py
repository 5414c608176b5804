"""The reference parser as the importer calls it (``citekit.importer.parsing``): the memo
and the second reading of a work named "Given Surname, Title (...)"."""

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.importer.parsing import parse_all


def test_a_name_in_reading_order_then_a_short_title_is_read_as_author_and_title():
    for text, surname in (("J. H. Roe, Kartenkunde (1896)", "Roe"),
                          ("Christopher Doe, Elizabeth I (London, 1988)", "Doe")):
        parsed = parse_all([text])[0]
        assert parsed.text == text  # the raw text the reader shows is the one written
        assert parsed.fields.get("title")
        assert (parsed.fields.get("author") or parsed.fields.get("editor", "")).startswith(surname)


def test_inverted_names_are_not_read_again():
    text = "Smith, John, and Jane Doe (1990)"
    parsed = parse_all([text])[0]
    assert "title" not in parsed.fields
    assert parsed.fields.get("author", "").startswith("Smith")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["J. H. Roe, Kartenkunde (1896)", "Roe, J. H. Kartenkunde. Bern, 1896.",
                                 "Ann Poe, Reform and Revolt (London, 1974)", "Ibid., p. 4."]),
                min_size=1, max_size=6))
def test_each_text_gets_its_own_parse_in_order(texts):
    assert [p.text for p in parse_all(texts)] == texts
