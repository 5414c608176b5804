"""Citation key generation."""

from hypothesis import given, strategies as st

from citekit.keys import make_key


def test_default_pattern_surname_year_word_ascii():
    fields = {"author": "Khrushch{\\\"e}v, Nikita and Doe, J.", "year": "1964",
              "title": "The {Cultural} Contradictions"}
    assert make_key(fields, set()) == "khrushchev1964cultural"
    assert make_key({"author": "Nikita Khrushchëv", "year": "1964", "title": "The Cultural"}, set()) \
        == "khrushchev1964cultural"


def test_suffix_only_on_collision():
    fields = {"author": "Allen, Frederick", "year": "1964", "title": "On the Road"}
    assert make_key(fields, set()) == "allen1964road"
    assert make_key(fields, {"allen1964road"}) == "allen1964roada"
    assert make_key(fields, {"allen1964road", "allen1964roada"}) == "allen1964roadb"


def test_von_part_dropped_corporate_kept_date_used():
    assert make_key({"author": "van Gogh, Vincent", "year": "1888", "title": "Letters"}, set()) \
        == "gogh1888letters"
    assert make_key({"author": "{World Health Organization}", "date": "2004-05-01",
                     "title": "Report on health"}, set()) == "worldhealthorganization2004report"


def test_custom_pattern():
    fields = {"author": "Allen, A. and Baker, B. and Cole, C.", "year": "1999",
              "title": "A Study of Things", "journal": "Nature"}
    assert make_key(fields, set(), "[authEtAl]-[year]-[journal]") == "AllenEtAl-1999-Nature"
    assert make_key(fields, set(), "[auth:upper][title:abbr]") == "ALLENST"


@given(
    st.text(min_size=0, max_size=30),
    st.text(min_size=0, max_size=10),
    st.text(min_size=0, max_size=40),
    st.sets(st.text(alphabet="abcdefghij0123456789", max_size=12), max_size=20),
)
def test_keys_are_ascii_lowercase_and_new(author, year, title, taken):
    key = make_key({"author": author, "year": year, "title": title}, taken)
    assert key and key.isascii() and key == key.lower()
    assert key not in taken
    assert not any(c.isspace() or c in "{},#%\"'" for c in key)
