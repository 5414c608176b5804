"""citekit's output backends: the engine's tag vocabulary in each format, everything escaped."""

import pytest
from pybtex.plugin import find_plugin
from pybtex.richtext import HRef, Tag, Text

from citekit.backends import render

RICH = Text("A <b> & ", Tag("i", "Ital ", Tag("nostyle", "Up")), " ", Tag("sc", "Sc"),
            Tag("sup", "2"), Tag("sub", "x"), " 5_% {ü}")


def test_text_has_no_markup():
    assert render(RICH, "text") == "A <b> & Ital Up Sc2x 5_% {ü}"


def test_html_escapes_and_tags():
    assert render(RICH, "html") == (
        'A &lt;b&gt; &amp; <i>Ital <span style="font-style:normal">Up</span></i> '
        '<span style="font-variant:small-caps">Sc</span><sup>2</sup><sub>x</sub> 5_% {ü}')


def test_html_escapes_urls_in_links():
    from citekit.backends.html import HtmlBackend

    backend = HtmlBackend()
    out = HRef('http://x/?a=1&b="2"', "here").render(backend)
    # '"' cannot appear in a URL: percent-encoded; '&' is HTML-escaped in the attribute
    assert out == '<a href="http://x/?a=1&amp;b=%222%22">here</a>'
    backend.links = False
    assert HRef("http://x/", "here").render(backend) == "here"


def test_markdown():
    assert render(RICH, "md") == (
        'A \\<b\\> & *Ital Up* <span style="font-variant:small-caps">Sc</span>'
        '<sup>2</sup><sub>x</sub> 5\\_% {ü}')
    # emphasis markers hug the words
    assert render(Text(Tag("i", " word "), "."), "md") == " *word* ."


def test_latex():
    assert render(RICH, "latex") == (
        "A <b> \\& \\textit{Ital \\textup{Up}} \\textsc{Sc}\\textsuperscript{2}"
        "\\textsubscript{x} 5\\_\\% \\{ü\\}")


def test_rtf():
    assert render(RICH, "rtf") == (
        "A <b> & {\\i Ital {\\i0 Up}} {\\scaps Sc}{\\super 2}{\\sub x} 5_% \\{\\u252?\\}")


def test_blocks_of_numeric_styles():
    rich = Text(Tag("left-margin", "[1]"), Tag("right-inline", "Entry."))
    assert render(rich, "text") == "[1] Entry."
    assert render(rich, "html") == ('<div class="csl-left-margin">[1]</div>'
                                    '<div class="csl-right-inline">Entry.</div>')


def test_unknown_tag_keeps_its_text():
    assert render(Text(Tag("future-tag", "x")), "html") == "x"


@pytest.mark.parametrize("name", ["citekit-text", "citekit-html", "citekit-markdown",
                                  "citekit-latex", "citekit-rtf"])
def test_registered_as_pybtex_backends(name):
    backend = find_plugin("pybtex.backends", name)()
    assert Tag("i", "x").render(backend)
