"""Imported entries written as BibTeX always parse back, whatever text they carry."""

import bibtexparser
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.importer.bibtex import format_entries
from citekit.importer.entries import ImportedEntry

_values = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "author", "publisher", "note", "url"]), _values, min_size=1))
def test_any_values_make_parseable_bibtex(fields):
    entry = ImportedEntry("misc", fields, "a.txt", 3, 0.5, {"title": 0.4}, key="k1")
    library = bibtexparser.parse_string(format_entries([entry]))
    assert not library.failed_blocks
    (parsed,) = library.entries
    assert parsed.key == "k1"
    assert parsed["x-citekit-source"] == "a.txt:3"
    for name in fields:
        assert name in parsed.fields_dict
    if "title" in fields:
        assert parsed["x-citekit-guessed"] == "title"


def test_latex_specials_are_escaped_but_urls_are_not():
    entry = ImportedEntry("misc", {"title": "Profits & Losses: 50% of $", "url": "http://x.org/a_b?c=1&d=2"},
                          "a.txt", 1, 1.0, key="k")
    text = format_entries([entry])
    assert r"Profits \& Losses: 50\% of \$" in text
    assert "http://x.org/a_b?c=1&d=2" in text
