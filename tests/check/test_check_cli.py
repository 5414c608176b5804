"""`citekit check` on the command line: formats, summary, exit codes."""

import json
from pathlib import Path

from click.testing import CliRunner

from citekit.check import check
from citekit.check.codes import CODES, markdown_table
from citekit.cli import main
from citekit.errors import ExitCode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "check"
ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def test_clean_file_exits_zero_with_summary():
    result = run(FIXTURES / "clean.bib")
    assert result.exit_code == ExitCode.OK
    assert result.stdout.strip().splitlines()[-1] == "0 errors, 0 warnings, 0 infos in 1 file"


def test_text_lines_and_exit_one_on_errors():
    result = run(FIXTURES / "pages.bib")
    assert result.exit_code == ExitCode.FINDINGS
    lines = result.stdout.strip().splitlines()
    assert any(":8:" in ln and " F107 error [reversed] " in ln for ln in lines)
    assert lines[-1] == "1 error, 2 warnings, 2 infos in 1 file"


def test_fail_on_warning():
    assert run(FIXTURES / "dates.bib").exit_code == ExitCode.OK  # warnings only
    assert run(FIXTURES / "dates.bib", "--fail-on", "warning").exit_code == ExitCode.FINDINGS


def test_json_lines():
    result = run(FIXTURES / "names.bib", "--format", "json", "--select", "N201")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 1
    assert set(rows[0]) == {"file", "line", "column", "key", "code", "severity", "message", "fix"}
    assert rows[0]["code"] == "N201" and rows[0]["key"] == "manycommas" and rows[0]["line"] == 2
    assert "1 error" in result.stderr  # the summary stays off stdout


def test_github_annotations():
    result = run(FIXTURES / "titles.bib", "--format", "github")
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("::warning file=") and "title=T301::[acronym]" in lines[0]
    assert lines[1].startswith("::notice ")


def test_unresolved_citations_exit_four():
    result = run(FIXTURES / "clean.bib", "--against", FIXTURES / "essay.md")
    assert result.exit_code == ExitCode.UNRESOLVED
    assert "C701" in result.stdout


def test_missing_file_is_usage_error():
    assert run(FIXTURES / "no-such.bib").exit_code == ExitCode.USAGE


def test_unknown_style_is_usage_error():
    assert run(FIXTURES / "clean.bib", "--style", "no-such-style-xyz").exit_code == ExitCode.USAGE


def test_codes_doc_is_the_code_table():
    doc = (ROOT / "docs" / "codes.md").read_text()
    assert markdown_table() in doc
    for code in CODES:
        assert f"| {code} |" in doc


def test_fix_in_place_applies_only_safe_fixes(tmp_path):
    target = tmp_path / "refs.bib"
    original = (FIXTURES / "identifiers.bib").read_text() + (FIXTURES / "pages.bib").read_text()
    target.write_text(original)
    before = {(d.code, d.key) for d in check([target])}
    result = run("--fix", "-i", target)
    after = {(d.code, d.key) for d in check([target])}
    assert {("F106", "hyphen"), ("F113", "doiurl")} <= before
    assert before - after == {("F106", "hyphen"), ("F113", "doiurl")}  # nothing else changed meaning
    assert "F107" in result.stdout  # what is left is reported
    text = target.read_text()
    assert "12--34" in text and "{10.1000/abc}" in text
    # entries without a safe fix are written back byte for byte
    untouched = "@article{reversed,\n  author = {Doe, Jane}, title = {Reversed Pages}, journal = {J}, year = {2001}, pages = {34--12},\n}"
    assert untouched in text


def test_fix_without_in_place_prints_and_leaves_file(tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text((FIXTURES / "pages.bib").read_text())
    result = run("--fix", target)
    assert result.exit_code == 0
    assert "pages = {12--34}" in result.stdout
    assert target.read_text() == (FIXTURES / "pages.bib").read_text()


def test_settings_from_citekit_toml(tmp_path, monkeypatch):
    (tmp_path / "citekit.toml").write_text('[check]\nignore = ["F107"]\nfail-on = "warning"\n')
    monkeypatch.chdir(tmp_path)
    result = run(FIXTURES / "pages.bib")
    assert "F107" not in result.stdout
    assert result.exit_code == ExitCode.FINDINGS  # warnings fail with fail-on = "warning"
    assert "F107" in run(FIXTURES / "pages.bib", "--ignore", "N").stdout  # the command line wins


def test_fix_is_idempotent(tmp_path):
    from citekit.check.fixes import apply_fixes

    target = tmp_path / "refs.bib"
    target.write_text((FIXTURES / "identifiers.bib").read_text() + (FIXTURES / "pages.bib").read_text())
    once = apply_fixes([str(target)], in_place=True)[str(target)]
    twice = apply_fixes([str(target)], in_place=True)[str(target)]
    assert once == twice == target.read_text()
