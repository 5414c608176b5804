"""``citekit render`` / ``citekit.render.render``: formats, keys, templates, escaping."""

import json

import pytest
from click.testing import CliRunner

from citekit.cli import main
from citekit.errors import ExitCode, UnresolvedCitationsError
from citekit.render import render

BIB = r"""
@book{taubman2003,
  author    = {Taubman, William},
  title     = {{Khrushchev}: The Man and His Era},
  address   = {New York},
  publisher = {W. W. Norton \& Company},
  year      = {2003}
}
@article{petrova2015a,
  author  = {Petrova, Irina S.},
  title   = {Peaceful Coexistence and the Limits of D\'{e}tente},
  journal = {Journal of Soviet Diplomatic History},
  volume  = {14}, number = {2}, pages = {117--142}, year = {2015}
}
@article{petrova2015b,
  author  = {Petrova, Irina S.},
  title   = {The {Geneva} Summit Reconsidered},
  journal = {Journal of Soviet Diplomatic History},
  volume  = {14}, number = {4}, pages = {301--319}, year = {2015}
}
@misc{evil,
  author = {Mallory, Eve},
  title  = {Why <script>alert(1)</script> Is Text},
  year   = {2020}
}
"""


@pytest.fixture
def bib(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return str(path)


def test_json_in_list_order_with_year_suffixes(bib):
    result = render(bib, style="apa", to="json")
    data = json.loads(result.output)
    assert [d["key"] for d in data] == ["evil", "petrova2015a", "petrova2015b", "taubman2003"]
    assert data[1]["text"].startswith("Petrova, I. S. (2015a). Peaceful coexistence and the limits of détente.")
    assert data[2]["text"].startswith("Petrova, I. S. (2015b). The Geneva summit reconsidered.")
    assert data[3]["html"] == ("Taubman, W. (2003). <i>Khrushchev: The man and his era</i>. "
                               "W. W. Norton &amp; Company.")


def test_keys_select_and_list_is_computed_over_them(bib):
    data = json.loads(render(bib, style="apa", to="json", keys=["petrova2015b", "taubman2003"]).output)
    assert [d["key"] for d in data] == ["petrova2015b", "taubman2003"]
    assert "(2015)." in data[0]["text"]  # no suffix: its twin is not in this list


def test_numeric_style_numbers_in_key_order(bib):
    data = json.loads(render(bib, style="ieee", to="json", keys=["taubman2003", "evil"]).output)
    assert data[0]["text"].startswith("[1] W. Taubman, Khrushchev: The man and his era.")
    assert data[1]["text"].startswith("[2] E. Mallory")


def test_mla_repeated_author_dash(bib):
    data = json.loads(render(bib, style="mla", to="json").output)
    texts = [d["text"] for d in data]
    assert texts[1].startswith("Petrova, Irina S.") and texts[2].startswith("———.")


def test_unknown_key_is_unresolved(bib):
    with pytest.raises(UnresolvedCitationsError):
        render(bib, keys=["nope"])
    result = CliRunner().invoke(main, ["render", bib, "--keys", "nope"])
    assert result.exit_code == ExitCode.UNRESOLVED


def test_html_page_escapes_script_and_has_hanging_indent(bib):
    page = render(bib, style="apa", to="html").output
    assert "<script>" not in page
    assert "Why &lt;script&gt;alert(1)&lt;/script&gt; is text" in page
    assert "text-indent: -2em" in page and "padding-left: 2em" in page
    assert page.count('<div class="csl-entry"') == 4
    assert "<i>Khrushchev: The man and his era</i>" in page


def test_markdown_latex_rtf_text_pages(bib):
    md = render(bib, style="apa", to="md", keys=["taubman2003"]).output
    assert "*Khrushchev: The man and his era*" in md and md.startswith("# References")
    tex = render(bib, style="apa", to="latex", keys=["taubman2003"]).output
    assert r"\textit{Khrushchev: The man and his era}" in tex and r"Norton \& Company" in tex
    assert r"\setlength{\itemindent}{-2em}" in tex and tex.rstrip().endswith(r"\end{document}")
    rtf = render(bib, style="apa", to="rtf", keys=["petrova2015a"]).output
    assert rtf.startswith("{\\rtf1") and "\\li720\\fi-720" in rtf and "d\\u233?tente" in rtf
    text = render(bib, style="apa", to="text", keys=["taubman2003"]).output
    assert text == "Taubman, W. (2003). Khrushchev: The man and his era. W. W. Norton & Company.\n"


def test_user_template_gets_structured_entries(bib, tmp_path):
    tpl = tmp_path / "mine.html"
    tpl.write_text("{% for e in entries %}<p data-key='{{ e.key }}'>{{ e.html }}|{{ e.fields.title }}</p>"
                   "{% endfor %}{{ settings.hanging_indent }}", encoding="utf-8")
    out = render(bib, style="apa", to="html", template=str(tpl), keys=["evil"]).output
    # the entry's HTML is already escaped; the raw field is escaped by autoescape
    assert "<p data-key='evil'>Mallory, E. (2020). <i>Why &lt;script&gt;" in out
    assert "|Why &lt;script&gt;alert(1)&lt;/script&gt; Is Text</p>True" in out


def test_output_file_and_cli(bib, tmp_path):
    out = tmp_path / "refs.md"
    result = CliRunner().invoke(main, ["render", bib, "--style", "harvard", "--to", "md", "-o", str(out)])
    assert result.exit_code == 0 and result.output == ""
    assert "Taubman, W. (2003) *Khrushchev: The man and his era*. New York: W. W. Norton & Company." in out.read_text(encoding="utf-8")


def test_stdin(bib):
    with open(bib, "rb") as handle:
        data = handle.read()
    result = CliRunner().invoke(main, ["render", "-", "--keys", "taubman2003"], input=data)
    assert result.exit_code == 0
    assert result.output.startswith("Taubman, W. (2003).")


def test_templates_are_found():
    from citekit.templating import TEMPLATES, template_dirs

    dirs = template_dirs()
    assert dirs and all((dirs[0] / name).is_file() for name in TEMPLATES.values())
