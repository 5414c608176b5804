"""LaTeX citation commands and .aux files."""

from __future__ import annotations

import pytest

from citekit.citations.latex import find_clusters, nocite_keys, read_aux


def one(text):
    clusters = find_clusters(text)
    assert len(clusters) == 1
    return clusters[0]


@pytest.mark.parametrize(
    "command,narrative,note",
    [
        ("cite", False, False), ("parencite", False, False), ("autocite", False, False),
        ("citep", False, False), ("textcite", True, False), ("citet", True, False),
        ("footcite", False, True), ("Textcite", True, False), ("citet*", True, False),
        ("citep*", False, False),
    ],
)
def test_family(command, narrative, note):
    cluster = one(f"x \\{command}{{a}} y")
    assert (cluster.narrative, cluster.note, cluster.ids) == (narrative, note, ["a"])


def test_pre_and_post_notes():
    item_a, item_b = one(r"\citep[see][p.~5]{a, b}").items
    assert item_a.prefix == "see" and item_a.locator is None
    assert (item_b.locator, item_b.label) == ("5", "page")


def test_single_optional_argument_is_the_postnote():
    item = one(r"\cite[chap. 2, esp. the end]{a}").items[0]
    assert (item.label, item.locator, item.suffix) == ("chapter", "2", ", esp. the end")
    assert one(r"\parencite[45]{a}").items[0].locator == "45"


def test_starred_parencite_suppresses_author():
    assert one(r"\parencite*{a}").items[0].suppress_author
    assert not one(r"\citet*{a}").items[0].suppress_author


def test_multicite():
    cluster = one(r"\textcites[see][3]{a}[4]{b}")
    assert cluster.narrative and cluster.ids == ["a", "b"]
    assert [i.locator for i in cluster.items] == ["3", "4"]


def test_comments_and_verbatim_ignored_and_positions():
    text = "% \\cite{x}\n\\begin{verbatim}\\cite{y}\\end{verbatim}\nSee \\cite{z}."
    cluster = one(text)
    assert cluster.ids == ["z"] and (cluster.line, cluster.column) == (3, 5)
    assert (cluster.items[0].line, cluster.items[0].column) == (3, 11)
    assert cluster.raw == "\\cite{z}"


def test_unknown_commands_and_escaped_percent():
    assert find_clusters(r"\citeme{a} 50\% \cite{b}")[0].ids == ["b"]


def test_nocite_and_aux():
    assert nocite_keys(r"\nocite{a, b}\nocite{*}") == ["a", "b", "*"]
    aux = "\\relax\n\\citation{a,b}\n\\abx@aux@cite{0}{c}\n\\citation{a}\n"
    assert read_aux(aux) == [("a", 2), ("b", 2), ("c", 3), ("a", 4)]


def test_notes_keep_emphasis_as_engine_markup():
    item = one(r"\cite[\emph{see}][45 and \textit{passim}]{a}").items[0]
    assert item.prefix == "<i>see</i>"
    assert (item.locator, item.suffix) == ("45", " and <i>passim</i>")


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_keys = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9:_.-]{0,12}", fullmatch=True), min_size=1,
                 max_size=4)


@given(st.sampled_from(sorted(["cite", "citep", "citet", "parencite", "textcite", "footcite",
                               "autocite"])), _keys, st.integers(1, 999))
def test_property_keys_and_postnote_round_trip(command, keys, page):
    text = f"Before \\{command}[see][p.~{page}]{{{', '.join(keys)}}} after."
    cluster = one(text)
    assert cluster.ids == keys
    assert cluster.items[0].prefix == "see" and cluster.items[-1].locator == str(page)
    assert text[cluster.start:cluster.end] == cluster.raw
