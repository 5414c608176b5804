"""DOIs and URLs are links in HTML and Markdown output (as pandoc writes them), and only
web addresses become links; the page reads on a narrow screen (viewport, wrapping)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit.api import render
from citekit.csl.links import link_target, safe_target, split_prefix

ARTICLE = """@article{lee2021,
  author = {Lee, Jane},
  title = {Narrow columns},
  journal = {Journal of Typography},
  year = {2021},
  volume = {12},
  pages = {1--9},
  doi = {%s}
}
"""
ONLINE = """@online{who2020,
  author = {{World Health Organization}},
  title = {Guidance},
  year = {2020},
  url = {%s}
}
"""


class _Links(HTMLParser):
    """The (href, text) of every <a> in a page."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None


def _links(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _render(tmp_path, bib: str, style: str, to: str):
    path = tmp_path / "refs.bib"
    path.write_text(bib, encoding="utf-8")
    return render([str(path)], style=style, to=to)


def test_apa_doi_link_includes_the_resolver_prefix(tmp_path):
    doi = "10.1016/j.jwt.2021.03.004"
    result = _render(tmp_path, ARTICLE % doi, "apa", "html")
    assert _links(result.entries[0].html) == [(f"https://doi.org/{doi}", f"https://doi.org/{doi}")]
    assert result.entries[0].text.endswith(f"https://doi.org/{doi}")  # text has no markup


def test_ieee_doi_link_leaves_the_label_outside(tmp_path):
    doi = "10.1109/5.771073"
    result = _render(tmp_path, ARTICLE % doi, "ieee", "html")
    html = result.entries[0].html
    assert f'doi: <a href="https://doi.org/{doi}">{doi}</a>' in html
    assert _links(html) == [(f"https://doi.org/{doi}", doi)]


def test_a_doi_written_as_url_in_the_data_links_once(tmp_path):
    result = _render(tmp_path, ARTICLE % "https://doi.org/10.1000/ABC", "vancouver", "html")
    assert _links(result.entries[0].html) == [("https://doi.org/10.1000/ABC", "10.1000/ABC")]


def test_url_is_escaped_in_href_and_text(tmp_path):
    url = "https://example.org/a?x=1&y=<2>"
    result = _render(tmp_path, ONLINE % url, "apa", "html")
    html = result.entries[0].html
    assert "<2>" not in html and "&amp;y=" in html
    (href, text), = _links(html)
    assert href == "https://example.org/a?x=1&y=%3C2%3E"
    assert text == url


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_only_web_addresses_become_links(tmp_path, url):
    result = _render(tmp_path, ONLINE % url, "apa", "html")
    assert _links(result.entries[0].html) == []
    assert "<a" not in result.output.split("<body>")[1]


def test_markdown_autolinks_and_labelled_links(tmp_path):
    url = "https://example.org/some_path/index.html"
    apa = _render(tmp_path, ONLINE % url, "apa", "md").output
    assert f"<{url}>" in apa  # verbatim: no backslash escapes inside an autolink
    doi = "10.1000/a_b"
    ieee = _render(tmp_path, ARTICLE % doi, "ieee", "md").output
    assert r"doi: [10.1000/a\_b](https://doi.org/10.1000/a_b)" in ieee


def test_latex_and_text_print_the_address_only(tmp_path):
    doi = "10.1000/xyz"
    for to in ("text", "latex", "rtf"):
        out = _render(tmp_path, ARTICLE % doi, "apa", to).output
        assert "doi.org/10.1000/xyz" in out and "href" not in out.lower()


def test_page_reads_on_a_narrow_screen(tmp_path):
    page = _render(tmp_path, ONLINE % "https://example.org/x", "ieee", "html").output
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "overflow-wrap: anywhere" in page
    assert "min-width: 0" in page  # the flex column of numeric styles can shrink


def test_link_target_rules():
    assert link_target("DOI", "doi:10.1/x#y") == "https://doi.org/10.1/x%23y"
    assert link_target("URL", "www.example.org") == "https://www.example.org"
    assert link_target("PMID", "30310042") == "https://www.ncbi.nlm.nih.gov/pubmed/30310042"
    assert link_target("PMCID", "PMC3531190") == "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3531190"
    assert link_target("URL", "ftp://example.org/") is None
    assert safe_target("https://x.org/a b") == "https://x.org/a%20b"
    assert safe_target("https://x.org/%20") == "https://x.org/%20"
    assert split_prefix("https://doi.org/") == ("", "https://doi.org/")
    assert split_prefix(". Available: ") == (". Available: ", "")


_url_text = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF,
                                           blacklist_characters="{}\\%"), min_size=1, max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=_url_text)
def test_any_url_gives_one_well_formed_web_link(tmp_path, path):
    url = "https://example.org/" + path
    result = _render(tmp_path, ONLINE % url, "apa", "html")
    links = _links(result.entries[0].html)
    assert len(links) == 1
    href, text = links[0]
    assert href.startswith("https://example.org/")
    assert not any(c.isspace() or c in '<>"' for c in href)
    assert text == result.entries[0].text[-len(text):]  # the link text is what the reader sees
