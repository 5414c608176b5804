"""`citekit fmt` through click's CliRunner: exit codes, stdin/stdout, -o, -i, config."""

import os
import stat

import pytest
from click.testing import CliRunner

from citekit.cli import main
from citekit.errors import ExitCode

MESSY = (
    "% my library\n"
    "@Article{Smith2004,\n"
    '  Title = "The {DNA}   of\n     things",\n'
    "  AUTHOR = {John Smith and Ludwig van Beethoven},\n"
    "  year = 2004, month = \"March\", pages = {12-19},\n"
    "  doi = {https://doi.org/10.1000/XYZ}\n"
    "}\n"
)
CANONICAL = (
    "% my library\n"
    "@article{Smith2004,\n"
    "  author = {Smith, John and van Beethoven, Ludwig},\n"
    "  title = {The {DNA} of things},\n"
    "  pages = {12--19},\n"
    "  year = {2004},\n"
    "  month = mar,\n"
    "  doi = {10.1000/XYZ}\n"
    "}\n"
)


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no config of the project itself
    return CliRunner()


def test_stdin_to_stdout(runner):
    result = runner.invoke(main, ["fmt"], input=MESSY)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout == CANONICAL


def test_dash_is_stdin_and_no_passes_is_identity(runner):
    result = runner.invoke(main, ["fmt", "--no-passes", "-"], input=MESSY)
    assert result.exit_code == 0
    assert result.stdout == MESSY


def test_file_to_stdout_leaves_file_alone(runner, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(MESSY)
    result = runner.invoke(main, ["fmt", str(path)])
    assert result.exit_code == 0 and result.stdout == CANONICAL
    assert path.read_text() == MESSY


def test_check_exit_1_when_it_would_change_and_0_when_not(runner, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(MESSY)
    result = runner.invoke(main, ["fmt", "--check", str(path)])
    assert result.exit_code == ExitCode.FINDINGS
    assert result.stdout == "" and "would reformat" in result.stderr
    assert path.read_text() == MESSY
    path.write_text(CANONICAL)
    result = runner.invoke(main, ["fmt", "--check", str(path)])
    assert result.exit_code == ExitCode.OK


def test_diff(runner, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(MESSY)
    result = runner.invoke(main, ["fmt", "--diff", str(path)])
    assert result.exit_code == 0
    assert "-@Article{Smith2004," in result.stdout and "+@article{Smith2004," in result.stdout
    assert path.read_text() == MESSY


def test_in_place_is_atomic_and_keeps_mode(runner, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(MESSY)
    os.chmod(path, 0o640)
    result = runner.invoke(main, ["fmt", "-i", str(path)])
    assert result.exit_code == 0
    assert path.read_text() == CANONICAL
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]


def test_output_file(runner, tmp_path):
    src, dst = tmp_path / "in.bib", tmp_path / "out.bib"
    src.write_text(MESSY)
    result = runner.invoke(main, ["fmt", str(src), "-o", str(dst)])
    assert result.exit_code == 0 and result.stdout == ""
    assert dst.read_text() == CANONICAL and src.read_text() == MESSY


def test_enable_disable_passes(runner):
    result = runner.invoke(main, ["fmt", "-d", "names,months"], input=MESSY)
    assert "author = {John Smith and Ludwig van Beethoven}" in result.stdout
    assert "month = {March}" in result.stdout
    result = runner.invoke(main, ["fmt", "--no-passes", "-e", "pages"], input=MESSY)
    assert result.stdout == MESSY.replace("12-19", "12--19")


def test_config_in_pyproject_and_cli_wins(runner, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.citekit.fmt]\ndisable = ["names"]\nindent = 4\n'
    )
    result = runner.invoke(main, ["fmt"], input=MESSY)
    assert "    author = {John Smith and Ludwig van Beethoven}," in result.stdout
    result = runner.invoke(main, ["fmt", "-e", "names"], input=MESSY)
    assert "    author = {Smith, John and van Beethoven, Ludwig}," in result.stdout


def test_usage_errors_exit_2(runner, tmp_path):
    for args in (
        ["fmt", "--enable", "no-such-pass"],
        ["fmt", str(tmp_path / "missing.bib")],
        ["fmt", "-i", "-"],
        ["fmt", "--no-such-option"],
        ["fmt", "--keys", "sometimes"],
    ):
        result = runner.invoke(main, args, input=MESSY)
        assert result.exit_code == ExitCode.USAGE, (args, result.output)
        assert "Traceback" not in result.output


def test_bad_config_is_usage_error(runner, tmp_path):
    (tmp_path / "citekit.toml").write_text('[fmt]\nbogus-setting = 1\n')
    result = runner.invoke(main, ["fmt"], input=MESSY)
    assert result.exit_code == ExitCode.USAGE and "bogus-setting" in result.stderr


def test_unparseable_input_exit_3(runner, tmp_path):
    path = tmp_path / "broken.bib"
    path.write_text("@article{x,\n  title = {never closed\n")
    result = runner.invoke(main, ["fmt", str(path)])
    assert result.exit_code == ExitCode.UNREADABLE
    assert "nothing could be parsed" in result.stderr
    binary = tmp_path / "image.bib"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert runner.invoke(main, ["fmt", str(binary)]).exit_code == ExitCode.UNREADABLE


def test_parse_problems_reported_on_stderr_output_still_written(runner):
    text = "@misc{a, title = {A}}\n@misc{a, title = {B}}\n"
    result = runner.invoke(main, ["fmt"], input=text)
    assert result.exit_code == 0
    assert "<stdin>:2:1: D501" in result.stderr
    assert "title = {B}" in result.stdout  # the duplicate is kept as written
    quiet = runner.invoke(main, ["fmt", "-q"], input=text)
    assert quiet.stderr == ""


def test_keys_all_renames_and_follows_crossrefs(runner):
    text = (
        "@inproceedings{p1, author = {Doe, Jane}, title = {A Paper}, year = {2001}, crossref = {conf}}\n"
        "@proceedings{conf, editor = {Roe, Rick}, title = {The Conference}, year = {2001}}\n"
    )
    result = runner.invoke(main, ["fmt", "--keys", "all"], input=text)
    assert "@inproceedings{doe2001paper," in result.stdout
    assert "@proceedings{roe2001conference," in result.stdout
    assert "crossref = {roe2001conference}" in result.stdout


def test_latin1_file_written_back_in_its_encoding(runner, tmp_path):
    path = tmp_path / "latin.bib"
    path.write_bytes("@misc{x, author = {Jos\xe9 M\xfcller}}\n".encode("latin-1"))
    result = runner.invoke(main, ["fmt", "-i", str(path)])
    assert result.exit_code == 0 and "X408" in result.stderr
    assert path.read_bytes() == "@misc{x,\n  author = {M\xfcller, Jos\xe9}\n}\n".encode("cp1252")


def test_every_exit_code_of_the_shared_table(runner):
    """0-3 come from fmt above; 4 (unresolved citations) is raised by later commands:
    the group maps the exception to the code, without a traceback (with one on --debug)."""
    import click

    from citekit.errors import UnresolvedCitationsError

    @click.command("unresolved-demo")
    def demo():
        raise UnresolvedCitationsError("no entry for key 'nobody1999'")

    main.add_command(demo)
    try:
        result = runner.invoke(main, ["unresolved-demo"])
        assert result.exit_code == ExitCode.UNRESOLVED == 4
        assert "nobody1999" in result.stderr and "Traceback" not in result.output
        debug = runner.invoke(main, ["--debug", "unresolved-demo"])
        assert isinstance(debug.exception, UnresolvedCitationsError)
    finally:
        main.commands.pop("unresolved-demo")


def test_crlf_file_keeps_crlf(runner, tmp_path):
    path = tmp_path / "win.bib"
    path.write_bytes(MESSY.replace("\n", "\r\n").encode())
    result = runner.invoke(main, ["fmt", str(path)])
    assert result.stdout_bytes == CANONICAL.replace("\n", "\r\n").encode()
    again = runner.invoke(main, ["fmt", "-"], input=result.stdout_bytes)
    assert again.stdout_bytes == result.stdout_bytes
