"""Properties of the checks on generated input (hypothesis)."""

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.bibfile import loads
from citekit.check import check
from citekit.check.codes import CODES
from citekit.check.duplicates import normalise_title
from citekit.check.fields import check_pages, split_names
from citekit.check.records import LineIndex, Record

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


_LINE = st.one_of(
    st.builds(lambda indent, kind, key: f"{indent}@{kind}{{{key},", st.sampled_from(["", " ", "\t", "x "]),
              st.sampled_from(["article", "book", "string"]), st.sampled_from(["a", "b", "A", "a@b"])),
    st.builds(lambda indent, name, value: f"{indent}{name} = {{{value}}},", st.sampled_from(["", "  ", ",", "x"]),
              st.sampled_from(["title", "Title", "subtitle", "doi"]), st.sampled_from(["", "a = b", "c@d", "title ="])),
    st.sampled_from(["}", "", "  ", "@", "\r"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=14), st.booleans())
def test_line_index_positions_are_those_of_the_text_read_line_by_line(lines, final_newline):
    """Entry lines, columns and field positions agree with a plain reading of the lines
    (the index keeps only entry starts and steps from them)."""
    text = "\n".join(lines) + ("\n" if final_newline else "")
    index = LineIndex({"f": text})
    rows = text.split("\n")
    starts = {}
    for number, row in enumerate(rows, 1):
        m = re.match(r"[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(][ \t]*([^,\s]*)", row)
        if m:
            starts.setdefault(m.group(1), []).append(number)
    for number, row in enumerate(rows, 1):
        assert index.line_text("f", number) == row
        assert index.first_column("f", number) == len(row) - len(row.lstrip()) + 1
        assert index.column_of("f", number, "@") == row.find("@") + 1 if "@" in row else 1
    assert index.line_text("f", len(rows) + 1) is None
    for key in ("a", "b", "A", "a@b", "missing"):
        expected = min(starts.get(key, [7]), key=lambda n: abs(n - 7))
        assert index.entry_line("f", key, 7) == expected
    for start in (n for n in range(1, len(rows) + 1) if rows[n - 1]):  # entries start on a non-empty line
        # the field as the text shows it: "name =" at a line start or after a blank, "," "{" "(",
        # searched up to the next line that starts with "@"
        end = next((n for n in range(start + 1, len(rows) + 1) if rows[n - 1].startswith("@")), len(rows) + 1)
        for name in ("title", "doi"):
            found = [(number, m.start(1) + 1)
                     for number in range(start, end) for m in
                     re.finditer(rf"(?:^|[\s,{{(])({name})\s*=", rows[number - 1], re.I)]
            for nth in range(3):
                expected = found[nth] if nth < len(found) else None
                assert index.field_position("f", start, name, nth) == expected
