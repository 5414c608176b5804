"""The style registry and ``citekit styles``."""

import json

import pytest
from click.testing import CliRunner

from citekit.cli import main
from citekit.errors import ExitCode, UsageError
from citekit.styles import CURATED, list_styles, resolve_style


@pytest.mark.parametrize("name,file", [
    ("apa", "apa.csl"), ("mla", "modern-language-association.csl"),
    ("chicago-author-date", "chicago-author-date.csl"),
    ("chicago-notes", "chicago-notes-bibliography.csl"),
    ("harvard", "harvard-cite-them-right.csl"), ("ieee", "ieee.csl"),
    ("vancouver", "nlm-citation-sequence.csl"),
])
def test_curated_names(name, file):
    assert resolve_style(name).name == file


def test_package_file_names_and_paths(tmp_path):
    assert resolve_style("nature").name == "nature.csl"
    assert resolve_style("nature.csl").name == "nature.csl"
    own = tmp_path / "mine.csl"
    own.write_text(resolve_style("apa").read_text(encoding="utf-8"), encoding="utf-8")
    assert resolve_style(str(own)) == own


def test_unknown_style_lists_what_exists():
    with pytest.raises(UsageError) as err:
        resolve_style("apaa")
    message = str(err.value)
    assert "apa" in message and "chicago-notes" in message and ".bst" in message


def test_bst_is_not_a_style():
    with pytest.raises(UsageError, match="BibTeX styles, not CSL styles"):
        resolve_style("plainnat.bst")


def test_list_styles_curated_first():
    styles = list_styles()
    assert [s.name for s in styles] == list(CURATED)
    assert styles[3].style_class == "note"
    assert styles[0].title == "APA Style 7th edition"


def test_cli_styles_json():
    result = CliRunner().invoke(main, ["styles", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data[0]["name"] == "apa" and data[0]["path"].endswith("apa.csl")


def test_cli_render_unknown_style_exit_2(tmp_path):
    bib = tmp_path / "a.bib"
    bib.write_text("@book{a, title={T}, year={2000}}", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(bib), "--style", "nosuchstyle"])
    assert result.exit_code == ExitCode.USAGE
    assert "unknown style" in result.output
