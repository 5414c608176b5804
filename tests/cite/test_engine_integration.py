"""cite and insert with the real CSL engine on tests/fixtures/insert (expected strings are
pandoc 3.9 --citeproc's output for the same CSL files, see scripts/compare_insert_pandoc.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("citekit.csl")

from citekit.cli import main  # noqa: E402
from citekit.cite import cite  # noqa: E402
from citekit.errors import ExitCode, UnresolvedCitationsError  # noqa: E402
from citekit.insert import insert  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "insert"
BIB = str(FIXTURES / "essay.bib")


def test_cite_each_argument_on_its_own():
    results = cite(["taubman2003", "[@taubman2003, p. 45]", "@taubman2003 [p. 45]",
                    "[-@taubman2003]", "[@taubman2003, p. 45]"], BIB, style="apa")
    assert [r.text for r in results] == [
        "(Taubman, 2003)", "(Taubman, 2003, p. 45)", "Taubman (2003, p. 45)", "(2003)",
        "(Taubman, 2003, p. 45)"]  # no state: the repeat is a first citation again


def test_cite_note_style_prints_the_note_capitalised():
    [result] = cite(["[see @taubman2003, chap. 2]"], BIB, style="chicago-notes", to="html")
    assert result.output == ("See William Taubman, <i>Khrushchev: The Man and His Era</i> "
                             "(Norton, 2003), chap. 2.")
    assert result.text.startswith("See William Taubman, Khrushchev")


def test_cite_numeric_style():
    assert cite(["[@ulam1974, pp. 572-575]"], BIB, style="ieee")[0].text == "[1, pp. 572–575]"


def test_cite_unknown_key_names_the_closest():
    with pytest.raises(UnresolvedCitationsError) as info:
        cite(["[@ulam]", "taubmann2003"], BIB)
    assert "'ulam'" in str(info.value) and "closest: ulam1974" in str(info.value)
    assert "closest: taubman2003" in str(info.value)


def test_cite_cli_json_and_exit_codes():
    runner = CliRunner()
    ok = runner.invoke(main, ["cite", "--bib", BIB, "--json", "[@ulam1974, chap. 2]"])
    assert ok.exit_code == 0
    assert json.loads(ok.output) == [{"input": "[@ulam1974, chap. 2]",
                                      "text": "(Ulam, 1974, Chapter 2)",
                                      "html": "(Ulam, 1974, Chapter 2)"}]
    bad = runner.invoke(main, ["cite", "--bib", BIB, "nosuchkey"])
    assert bad.exit_code == ExitCode.UNRESOLVED
    junk = runner.invoke(main, ["cite", "--bib", BIB, "[@a] trailing"])
    assert junk.exit_code == ExitCode.USAGE


def test_insert_essay_apa_matches_pandoc_where_the_engine_agrees():
    result = insert(str(FIXTURES / "essay.md"), BIB, style="apa")
    plain = [r.plain for r in result.citations]
    assert "(see DeHart, 2011; Taubman, 2003, pp. 264–266)" in plain
    assert "Taubman (2003, Chapter 11)" in plain
    assert "Ulam (1974, pp. 572–575, 580 and passim)" in plain
    assert "(Taubman, 2003, pp. 352–354)" in plain and "(2011)" in plain
    assert "::: {#refs}\nBamberg, J. (2000)." in result.output
    assert "## References" in result.output and "# References\n\n#" not in result.output


def test_insert_essay_chicago_notes_footnotes():
    result = insert(str(FIXTURES / "essay.md"), BIB, style="chicago-notes")
    out = result.output
    assert "peaceful coexistence.[^1] Georgy" in out
    assert "[^1]: Brett Michum" in out
    assert "reads\nthe two speeches" in out and "@taubman2003" not in out.split("## References")[0]
    assert "Taubman[^5] reads" in out
    assert "the first diplomatic success.[^" in out
    # the footnote of the essay keeps its label; its citations are in parentheses
    assert "[^geneva]: On the summit's mood see (Taubman, *Khrushchev*, 352–" in out


def test_insert_essay_ieee_numbers_by_first_citation():
    result = insert(str(FIXTURES / "essay.md"), BIB, style="ieee")
    plain = [r.plain for r in result.citations]
    assert plain[:3] == ["[1]", "see [2], [3, pp. 264–266]", "[4, p. 38]"]
    assert [k for k, _ in result.bibliography][:3] == ["michum", "dehart2011", "taubman2003"]


def test_insert_numeric_collapses_ranges_by_first_citation(tmp_path):
    essay = tmp_path / "n.md"
    essay.write_text("A [@michum]. B [@dehart2011]. C [@taubman2003]. "
                     "D [@taubman2003; @michum; @dehart2011]. E [@ulam1974; @dehart2011].\n",
                     encoding="utf-8")
    result = insert(str(essay), BIB, style="vancouver")
    assert result.output.startswith("A (1). B (2). C (3). D (1–3). E (2,4).")
    assert [k for k, _ in result.bibliography] == ["michum", "dehart2011", "taubman2003", "ulam1974"]
