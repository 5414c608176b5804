"""The CLI contract every command shares: help, version, exit-code table."""

from click.testing import CliRunner

from citekit import __version__
from citekit.cli import main
from citekit.errors import ExitCode


def test_help_lists_exit_code_table():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for code in ExitCode:
        assert f"  {int(code)}  " in result.output


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_unknown_command_is_usage_error():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == ExitCode.USAGE
