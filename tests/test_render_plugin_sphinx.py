"""citekit's pybtex style plugins: pybtex's API and a real Sphinx build with sphinxcontrib-bibtex."""

import re
import shutil

import pytest

COLDWAR = """
@book{taubman2003,
  author    = {Taubman, William},
  title     = {{Khrushchev}: The Man and His Era},
  address   = {New York},
  publisher = {W. W. Norton \\& Company},
  year      = {2003}
}
@article{gaddis1986,
  author  = {Gaddis, John Lewis},
  title   = {The Long Peace: Elements of Stability in the Postwar International System},
  journal = {International Security},
  volume  = {10},
  number  = {4},
  pages   = {99--142},
  year    = {1986}
}
"""


def test_pybtex_finds_every_curated_style_and_formats_apa():
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    from citekit.styles import CURATED

    for name in CURATED:
        assert find_plugin("pybtex.style.formatting", f"citekit-{name}")
    style = find_plugin("pybtex.style.formatting", "citekit-apa")()
    bib = parse_string(COLDWAR, "bibtex")
    formatted = list(style.format_bibliography(bib))
    html = find_plugin("pybtex.backends", "citekit-html")()
    rendered = [entry.text.render(html) for entry in formatted]
    # APA order is by author: Gaddis before Taubman; labels are the author-date citations
    assert [e.key for e in formatted] == ["gaddis1986", "taubman2003"]
    assert [e.label for e in formatted] == ["Gaddis, 1986", "Taubman, 2003"]
    assert rendered[1] == ("Taubman, W. (2003). <i>Khrushchev: The man and his era</i>. "
                           "W. W. Norton &amp; Company.")


def test_numeric_style_label_is_the_number_and_not_repeated_in_text():
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "citekit-ieee")()
    formatted = list(style.format_bibliography(parse_string(COLDWAR, "bibtex")))
    plain = find_plugin("pybtex.backends", "citekit-text")()
    assert [e.label for e in formatted] == ["1", "2"]
    assert formatted[0].text.render(plain).startswith("W. Taubman, Khrushchev")


def test_sphinx_build_with_sphinxcontrib_bibtex_uses_citekit_apa(tmp_path):
    sphinx = pytest.importorskip("sphinx.cmd.build")
    pytest.importorskip("sphinxcontrib.bibtex")
    src = tmp_path / "src"
    src.mkdir()
    (src / "refs.bib").write_text(COLDWAR, encoding="utf-8")
    (src / "conf.py").write_text(
        'extensions = ["sphinxcontrib.bibtex"]\n'
        'bibtex_bibfiles = ["refs.bib"]\n'
        'bibtex_default_style = "citekit-apa"\n'
        'project = "t"\n', encoding="utf-8")
    (src / "index.rst").write_text(
        "Essay\n=====\n\nKhrushchev :cite:p:`taubman2003` and the long peace :cite:p:`gaddis1986`.\n\n"
        ".. bibliography::\n", encoding="utf-8")
    out = tmp_path / "html"
    status = sphinx.build_main(["-q", "-b", "html", str(src), str(out)])
    assert status == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "Taubman, W. (2003). Khrushchev: The man and his era. W. W. Norton &amp; Company." in text
    assert "Gaddis, J. L. (1986). The long peace: Elements of stability in the postwar international system. International Security, 10(4), 99–142." in text
    # italics survive into the Sphinx HTML
    assert re.search(r"<em>Khrushchev: The man and his era</em>", page)
    shutil.rmtree(tmp_path, ignore_errors=True)
