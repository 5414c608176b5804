"""Pandoc citation syntax: every case of pandoc's manual, as pandoc's Markdown reader reads it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citekit.citations.locator import parse_locator
from citekit.citations.pandoc import find_clusters, parse_citation, parse_key


def items(text):
    return [
        [(i.id, i.prefix, i.locator, i.label, i.suffix, i.suppress_author) for i in c.items]
        for c in find_clusters(text)
    ]


def test_cluster_with_prefixes_locators_and_several_items():
    assert items("Blah [see @doe99, pp. 33-35; also @smith04, chap. 1].") == [
        [("doe99", "see", "33-35", "page", "", False),
         ("smith04", "also", "1", "chapter", "", False)]
    ]


def test_locator_then_suffix():
    assert items("[@doe99, pp. 33-35, 38-39 and *passim*]") == [
        [("doe99", "", "33-35, 38-39", "page", " and *passim*", False)]
    ]


def test_suffix_without_locator_gets_a_comma_like_pandoc():
    assert items("[@doe99 and nowhere else]") == [[("doe99", "", None, None, " and nowhere else", False)]]
    assert items("[@doe99, and nowhere else]") == [[("doe99", "", None, None, ", and nowhere else", False)]]


def test_several_keys_no_extras():
    assert [i[0] for i in items("[@smith04; @doe99]")[0]] == ["smith04", "doe99"]


def test_suppress_author_in_brackets_and_in_text():
    assert items("Smith says blah [-@smith04].") == [[("smith04", "", None, None, "", True)]]
    clusters = find_clusters("as -@smith04 [p. 3] says")
    assert clusters[0].items[0].suppress_author and clusters[0].items[0].locator == "3"
    assert not clusters[0].narrative


def test_narrative_with_and_without_bracketed_locator():
    clusters = find_clusters("@smith04 says blah. @doe99 [p. 33] says more.")
    assert [c.narrative for c in clusters] == [True, True]
    assert clusters[0].raw == "@smith04"
    assert clusters[1].raw == "@doe99 [p. 33]"
    assert (clusters[1].items[0].locator, clusters[1].items[0].label) == ("33", "page")


def test_narrative_bracket_may_hold_more_citations():
    clusters = find_clusters("@doe99 [p. 33; see also @roe07] says")
    assert [i.id for i in clusters[0].items] == ["doe99", "roe07"]
    assert clusters[0].items[1].prefix == "see also"


@pytest.mark.parametrize(
    "suffix,label,locator",
    [
        (", p. 45", "page", "45"),
        (", pp. 45-47", "page", "45-47"),
        (", page 3", "page", "3"),
        (", pages 3-4", "page", "3-4"),
        (", 123", "page", "123"),
        (", chap. 2", "chapter", "2"),
        (", chaps. 2-3", "chapter", "2-3"),
        (", chapter 2", "chapter", "2"),
        (", sec. 3.2", "section", "3.2"),
        (", secs. 3-4", "section", "3-4"),
        (", § 4", "section", "4"),
        (", §§ 4-5", "section", "4-5"),
        (", para. 4", "paragraph", "4"),
        (", paras. 4-6", "paragraph", "4-6"),
        (", ¶ 4", "paragraph", "4"),
        (", fig. 2", "figure", "2"),
        (", figs. 2-3", "figure", "2-3"),
        (", vol. 2", "volume", "2"),
        (", vols. 1–3", "volume", "1–3"),
        (", l. 5", "line", "5"),
        (", ll. 5-9", "line", "5-9"),
        (", n. 12", "note", "12"),
        (", nn. 12-13", "note", "12-13"),
        (", col. 3", "column", "3"),
        (", bk. 3", "book", "3"),
        (", fol. 7", "folio", "7"),
        (", no. 7", "issue", "7"),
        (", op. 9", "opus", "9"),
        (", pt. 2", "part", "2"),
        (", v. 4", "verse", "4"),
        (", Chap. iv", "chapter", "iv"),
        (", p. 34(1)(a)", "page", "34(1)(a)"),
        (", p.3", "page", "3"),
        ("p. 30", "page", "30"),
    ],
)
def test_locator_labels_and_abbreviations(suffix, label, locator):
    found = parse_locator(suffix)
    assert (found.label, found.locator, found.suffix) == (label, locator, "")


def test_words_without_digits_are_not_locators():
    assert parse_locator(", xii").locator is None  # a bare roman numeral needs a label
    assert parse_locator(", chap. iv").locator == "iv"
    assert parse_locator(", s.v. Tiger").locator is None


def test_forced_locators_in_braces():
    assert items("[@smith{ii, A, D-Z}, with a suffix]") == [
        [("smith", "", "ii, A, D-Z", "page", ", with a suffix", False)]
    ]
    assert items("[@smith, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]") == [
        [("smith", "", "iv, vi-xi, (xv)-(xvii)", "page", " with suffix here", False)]
    ]
    assert items("[@smith, {chap. A-C}]") == [[("smith", "", "A-C", "chapter", "", False)]]


def test_empty_braces_prevent_a_locator():
    assert items("[@smith{}, 99 years later]") == [[("smith", "", None, None, ", 99 years later", False)]]


@pytest.mark.parametrize(
    "text,key",
    [
        ("@Foo_bar.baz.", "Foo_bar.baz"),
        ("@{Foo_bar.baz.}", "Foo_bar.baz."),
        ("@Foo_bar--baz", "Foo_bar"),
        ("@{https://example.com/bib?name=foobar&date=2000}", "https://example.com/bib?name=foobar&date=2000"),
        ("@http://x.org/a", "http://x.org/a"),
        ("@doe:1999", "doe:1999"),
        ("@_under", "_under"),
        ("@Çelik2001", "Çelik2001"),
        ("@a#b$c%d&e-f+g?h<i>j~k/l", "a#b$c%d&e-f+g?h<i>j~k/l"),
    ],
)
def test_key_characters(text, key):
    assert parse_key(text, 0)[0] == key


def test_braced_key_in_cluster_with_locator():
    found = items("[@{https://example.com/bib?name=foobar&date=2000}, p. 33]")
    assert found == [[("https://example.com/bib?name=foobar&date=2000", "", "33", "page", "", False)]]


def test_email_code_links_footnotes_and_escapes_are_not_citations():
    text = (
        "Write to jane@example.com or `@code` or \\@escaped.\n"
        "A [link](http://example.com/@x) and a note[^1]\n[@ref]: http://x\n\n"
        "```\n[@fenced]\n```\n\n"
        "    [@indented]\n\n"
        "<!-- [@commented] --> <code>@html</code>\n"
    )
    assert find_clusters(text) == []


def test_link_text_may_cite_but_not_its_destination():
    clusters = find_clusters("A [see @doe99](http://example.com/[@x]) here")
    assert [c.raw for c in clusters] == ["@doe99"]


def test_code_span_with_double_backticks():
    assert items("``a ` @x`` then [@y]") == [[("y", "", None, None, "", False)]]


def test_bracket_with_a_part_without_key_is_not_a_cluster():
    clusters = find_clusters("[as argued by @smith; or not]")
    assert [c.raw for c in clusters] == ["@smith"] and clusters[0].narrative


def test_line_and_column_of_each_cite():
    text = "First line\nsecond [@a] and\n  @b [p. 4]"
    clusters = find_clusters(text)
    assert [(c.line, c.column) for c in clusters] == [(2, 8), (3, 3)]
    assert [(c.items[0].line, c.items[0].column) for c in clusters] == [(2, 9), (3, 3)]
    assert text[clusters[0].start:clusters[0].end] == "[@a]"


def test_cluster_may_span_a_line_break_but_not_a_paragraph():
    assert len(find_clusters("[see\n@a, p. 3]")) == 1
    assert [c.raw for c in find_clusters("[see\n\n@a, p. 3]")] == ["@a"]


def test_citation_in_list_item_is_not_code():
    assert items("- item\n\n    continued [@a]") == [[("a", "", None, None, "", False)]]


def test_parse_citation_accepts_bare_keys_and_rejects_junk():
    assert parse_citation("taubman2003").items[0].id == "taubman2003"
    assert parse_citation("@taubman2003 [p. 45]").narrative
    assert parse_citation("[-@taubman2003]").items[0].suppress_author
    from citekit.errors import UsageError

    with pytest.raises(UsageError):
        parse_citation("[@a] and more")


def test_to_csl_item():
    item = find_clusters("[see @a, chap. 2, esp. here]")[0].items[0]
    assert item.to_csl() == {
        "id": "a", "prefix": "see ", "suffix": ", esp. here", "locator": "2", "label": "chapter",
    }


keys = st.from_regex(r"[A-Za-z0-9_]([A-Za-z0-9_]|[:.#$%&+?<>~/-][A-Za-z0-9_])*", fullmatch=True)


@given(keys, st.sampled_from(["p.", "chap.", "sec.", "para.", "fig.", "vol."]), st.integers(1, 9999))
def test_property_any_simple_key_and_locator_round_trip(key, label, number):
    text = f"Text [see @{key}, {label} {number}; @{{{key}}}] end."
    clusters = find_clusters(text)
    assert len(clusters) == 1
    first, second = clusters[0].items
    assert first.id == key and second.id == key
    assert first.locator == str(number) and first.prefix == "see"


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_property_offsets_point_at_the_raw_text(text):
    for cluster in find_clusters(text):
        assert text[cluster.start:cluster.end] == cluster.raw


def test_entity_semicolon_does_not_split_items():
    assert items("[@a, p. 3 &amp; more; @b]") == [
        [("a", "", "3", "page", " &amp; more", False), ("b", "", None, None, "", False)]]
