"""Each pass on concrete values: what it changes and what it must leave alone."""

import pytest

from citekit.fmt import passes as P
from citekit.fmt import fmt_text


@pytest.mark.parametrize("raw, expected", [
    ('"Title"', "{Title}"),
    ("2004", "{2004}"),
    ("jan", "jan"),                              # macros stay macros
    ('acm # " Press"', "acm # { Press}"),
    ("{Already}", "{Already}"),
    ('"a {"} b"', '{a {"} b}'),
])
def test_braces(raw, expected):
    assert P.braces(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("{The  {DNA}\n   of things }", "{The {DNA} of things}"),
    ("{Para one.\n\n   Para two.}", "{Para one.\n\nPara two.}"),
    ("pub # {  Press }", "pub # { Press }"),      # the space joining the parts is kept
])
def test_whitespace(raw, expected):
    assert P.whitespace(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("{John Smith and Ludwig van Beethoven}", "{Smith, John and van Beethoven, Ludwig}"),
    ("{{World Health Organization} and Doe, Jr., John}", "{{World Health Organization} and Doe, Jr., John}"),
    ("{Jean de la Fontaine and others}", "{de la Fontaine, Jean and others}"),
    ("{M{\\\"u}ller, Hans}", "{M{\\\"u}ller, Hans}"),
    ("{Smith, J. AND Doe, J.}", "{Smith, J. and Doe, J.}"),
    ("author_macro", "author_macro"),
])
def test_names(raw, expected):
    assert P.names(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("{12-19}", "{12--19}"), ("{12 - 19}", "{12--19}"), ("{e101\u2013e110}", "{e101--e110}"),
    ("{xi--xv}", "{xi--xv}"), ("{12-19, 25-30}", "{12--19, 25--30}"), ("{7}", "{7}"),
    ("{10.1000-xyz}", "{10.1000-xyz}"),
])
def test_pages(raw, expected):
    assert P.pages(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("{March}", "mar"), ('"apr."', "apr"), ("{12}", "dec"), ("{05}", "may"), ("Jan", "jan"),
    ("{Spring}", "{Spring}"), ("{Jan.-Feb.}", "{Jan.-Feb.}"),
])
def test_months(raw, expected):
    assert P.months(raw) == expected


def test_month_not_turned_into_a_macro_the_file_redefines():
    assert P.months("{March}", {"mar": "Mars"}) == "{March}"


@pytest.mark.parametrize("raw, expected", [
    ("{https://doi.org/10.1000/XYZ}", "{10.1000/XYZ}"), ("{doi:10.1/2}", "{10.1/2}"),
    ("{ http://dx.doi.org/10.5/x }", "{10.5/x}"), ("{10.1/2}", "{10.1/2}"),
])
def test_doi(raw, expected):
    assert P.doi(raw) == expected


def test_urls_trimmed_not_merged():
    assert P.urls("{  http://a.org/x\n   http://b.org/y  }") == "{http://a.org/x http://b.org/y}"


@pytest.mark.parametrize("raw, expected", [
    ('{M{\\"u}ller \\\'{e}tude {\\ss} \\c{c}a}', "{Müller étude ß ça}"),
    ("{The {DNA} of $x^2$ \\emph{now}}", "{The {DNA} of $x^2$ \\emph{now}}"),
])
def test_latex_to_unicode(raw, expected):
    assert P.latex_to_unicode(raw) == expected


def test_unicode_to_latex():
    assert P.unicode_to_latex("{Müller ß}") == '{M{\\"u}ller {\\ss}}'


def test_field_order_and_unknown_fields_keep_their_order():
    text = "@misc{k, zeta = {1}, year = {2000}, alpha = {2}, title = {T}, author = {A, B}}\n"
    out = fmt_text(text, no_passes=True, enable=["field-order", "layout"])
    keys = [line.split("=")[0].strip() for line in out.splitlines()[1:-1]]
    assert keys == ["author", "title", "year", "zeta", "alpha"]


def test_sort_keeps_strings_and_comments_in_place():
    text = '@string{j = "J"}\n\n@misc{b, title={B}}\n\n% note\n@misc{a, title={A}}\n'
    out = fmt_text(text, enable=["sort"])
    assert out.index("@string") < out.index("@misc{a") < out.index("% note") < out.index("@misc{b")


def test_layout_off_changes_only_what_changed():
    text = "@Article{k,\n  author={John Smith},   note = {kept   as is},\n  pages=\"1-2\"}\n"
    out = fmt_text(text, disable=["layout", "whitespace", "field-order"])
    assert out == "@article{k,\n  author={Smith, John},   note = {kept   as is},\n  pages={1--2}}\n"


def test_invalid_entry_left_exactly_as_written():
    text = "@misc{bad, title = {A} year = {2000}}\n\n@misc{ok, title = \"B\"}\n"
    out = fmt_text(text)
    assert out.startswith("@misc{bad, title = {A} year = {2000}}\n")
    assert "@misc{ok,\n  title = {B}\n}" in out
