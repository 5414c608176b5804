"""Properties of the checks on generated input (hypothesis)."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.bibfile import loads
from citekit.check import check
from citekit.check.codes import CODES
from citekit.check.duplicates import normalise_title
from citekit.check.fields import check_pages, split_names
from citekit.check.records import Record

safe_text = st.text(alphabet=string.ascii_letters + string.digits + " .,:;-&%#'éÃ©<>/", max_size=40)


def _brace(value: str) -> str:
    return value.replace("{", "").replace("}", "")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["article", "book", "misc", "online", "thesis", "weird"]),
       st.dictionaries(st.sampled_from(["author", "title", "year", "date", "pages", "month", "isbn",
                                        "issn", "doi", "url", "journal", "volume", "editor", "note"]),
                       safe_text, max_size=8))
def test_any_entry_checks_without_crashing_and_points_inside_the_file(entry_type, fields):
    body = ",\n".join(f"  {name} = {{{_brace(value)}}}" for name, value in fields.items())
    text = f"@{entry_type}{{k,\n{body}\n}}\n"
    findings = check(bibliography=loads(text, "gen.bib"))
    lines = text.count("\n")
    for d in findings:
        assert d.code in CODES
        assert 1 <= d.line <= lines
        assert d.column >= 1
        assert d.key == "k"


@given(st.text(max_size=60))
def test_normalise_title_is_idempotent(title):
    once = normalise_title(title)
    assert normalise_title(once) == once


@given(st.integers(1, 99999), st.integers(1, 99999))
def test_page_ranges_reversed_only_when_they_are(a, b):
    rec = Record("f", "k", "article", 1, {"pages": f"{a}--{b}"})
    codes = {hit.code for hit in check_pages(rec)}
    if b >= a:
        assert not codes
    elif len(str(b)) == len(str(a)):
        assert codes == {"F107"}
    else:
        assert codes <= {"F107", "F116"} and codes


@given(st.lists(st.text(alphabet=string.ascii_letters + " ,", min_size=1, max_size=15)
                .map(str.strip).filter(lambda s: s and " and" not in f" {s.lower()} " and s.lower() != "and"),
                min_size=1, max_size=5))
def test_split_names_inverts_join(names):
    assert split_names(" and ".join(names)) == names
