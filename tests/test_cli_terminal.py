"""What a person at a terminal sees: progress bars, colours, help; and what a pipe gets
(exactly the output, nothing else). Real terminals: the commands run on a pseudo-tty."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import command_names, main
from citekit.cli.terminal import ProgressBar, colour_enabled, progress
from citekit.progress import active, advance, reporting, track

CITEKIT = [sys.executable, "-m", "citekit"]


def _bib(n: int) -> str:
    return "".join(
        f"@book{{k{i},\n  author = {{Author{i}, Ann}},\n  title = {{Title {i}}},\n"
        f"  publisher = {{P}},\n  year = {{{1900 + i % 100}}}\n}}\n\n" for i in range(n))


@pytest.fixture()
def bib(tmp_path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(_bib(300), encoding="utf-8")
    return path


def _run(args, *, tty_stdout=False, tty_stderr=True, env=None, cwd=None):
    """Run citekit with stderr (and maybe stdout) on a pseudo-terminal -> (rc, stdout, stderr)."""
    env = {**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, **(env or {})}
    master, slave = pty.openpty()
    out_master = out_slave = None
    if tty_stdout:
        out_master, out_slave = pty.openpty()
    stdout = out_slave if tty_stdout else subprocess.PIPE
    stderr = slave if tty_stderr else subprocess.PIPE
    proc = subprocess.Popen(CITEKIT + args, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                            env=env, cwd=cwd)
    os.close(slave)
    if out_slave is not None:
        os.close(out_slave)
    chunks = {master: b"", out_master: b""}
    pipe_out = b""
    fds = [master] + ([out_master] if out_master is not None else [])
    while fds:
        ready, _, _ = select.select(fds + ([proc.stdout] if proc.stdout else []), [], [], 0.2)
        for fd in ready:
            if fd is proc.stdout:
                data = proc.stdout.read1(65536)
                pipe_out += data
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if data:
                chunks[fd] += data
            else:
                fds.remove(fd)
        if not ready and proc.poll() is not None:
            break
    if proc.stdout:
        pipe_out += proc.stdout.read()
    err = chunks[master]
    if not tty_stderr:
        err = proc.stderr.read()
    proc.wait()
    out = chunks[out_master] if tty_stdout else pipe_out
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def test_render_draws_a_bar_on_a_terminal_and_the_output_is_unchanged(bib):
    rc, out, err = _run(["render", str(bib), "--style", "ieee"])
    assert rc == 0
    assert "render: formatting" in err and "300/300" in err and "100%" in err
    assert "[#" in err  # a bar, not only a count
    piped = subprocess.run(CITEKIT + ["render", str(bib), "--style", "ieee"], capture_output=True,
                           text=True, check=True)
    assert out == piped.stdout  # the bar never goes into the output
    assert piped.stderr == ""  # piped: quiet


def test_quiet_and_piped_stderr_show_no_bar(bib):
    rc, _, err = _run(["render", str(bib), "-q"])
    assert rc == 0 and "render:" not in err and "\x1b" not in err
    rc, _, err = _run(["check", str(bib)], tty_stderr=False)
    assert "check:" not in err and "\x1b" not in err


def test_check_and_fmt_and_import_report_progress(bib, tmp_path):
    rc, _, err = _run(["check", str(bib)])
    assert "check: checking" in err and "300/300" in err
    rc, _, err = _run(["fmt", str(bib)])
    assert rc == 0 and "fmt: formatting" in err
    refs = tmp_path / "refs.txt"
    refs.write_text("".join(f"Author{i}, A. ({1950 + i}). A study of things number {i}. Journal of Stuff, "
                            f"{i}(2), 1-10.\n" for i in range(40)), encoding="utf-8")
    rc, _, err = _run(["import", "--one-per-line", str(refs)])
    assert rc == 0 and "import: parsing references" in err and "40/40" in err


def test_check_colours_codes_on_a_terminal_and_respects_no_color(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{a,\n  title = {X},\n  year = {20x}\n}\n", encoding="utf-8")
    rc, out, _ = _run(["check", str(bad)], tty_stdout=True)
    assert rc == 1
    assert "\x1b[31m\x1b[1mM002\x1b[0m" in out  # errors in bold red
    assert "\x1b[33mF101\x1b[0m" in out  # warnings in yellow
    rc, out, _ = _run(["check", str(bad)], tty_stdout=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in out and " M002 error [a]" in out
    piped = subprocess.run(CITEKIT + ["check", str(bad)], capture_output=True, text=True)
    assert "\x1b[" not in piped.stdout


def test_check_prints_a_summary_per_code(tmp_path):
    bad = tmp_path / "bad.bib"
    bad.write_text("@article{a,\n  title = {X},\n  year = {20x}\n}\n@book{b,\n  title = {Y}\n}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad)])
    lines = result.output.splitlines()
    findings = [line for line in lines if line.startswith(str(bad))]
    per_code: dict[str, int] = {}
    for line in findings:
        code = line.split(": ", 1)[1].split()[0]
        per_code[code] = per_code.get(code, 0) + 1
    summary = [line.split() for line in lines[len(findings):-1]]
    assert {row[1]: int(row[0]) for row in summary} == per_code
    assert [int(row[0]) for row in summary] == sorted(per_code.values(), reverse=True)
    errors = sum(" error " in line for line in findings)
    assert lines[-1].startswith(f"{errors} error")
    quiet = CliRunner().invoke(main, ["check", "-q", str(bad)]).output.splitlines()
    assert quiet == findings + [lines[-1]]


# ---------------------------------------------------------------- the pieces, without a terminal

class _FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_phases_and_erase():
    screen = _FakeTerminal()
    bar = ProgressBar("render", file=screen)
    with reporting(bar):
        assert active()
        advance("sorting", 0, None)
        for _ in track(list(range(1000)), "formatting"):
            pass
    bar.close()
    text = screen.getvalue()
    assert "render: sorting" in text and "render: formatting" in text
    assert "1000/1000" in text and "100%" in text
    assert text.endswith("\r\x1b[K\x1b[?25h")  # the line is erased, the cursor back
    assert not active()


def test_the_same_phase_again_starts_a_new_bar():
    screen = _FakeTerminal()
    bar = ProgressBar("check", file=screen)
    with reporting(bar):
        for total in (300, 200):  # two files, one after the other
            for _ in track(list(range(total)), "reading"):
                pass
    bar.close()
    text = screen.getvalue()
    assert "300/300" in text and "200/200" in text


def test_track_is_free_when_nobody_listens():
    items = [1, 2, 3]
    assert track(items, "x") is items


def test_an_estimated_total_ends_full():
    seen = []
    with reporting(lambda phase, done, total: seen.append((done, total))):
        list(track(iter(range(10)), "reading", total=12))
    assert seen[0] == (0, 12) and seen[-1] == (10, 10)


def test_progress_is_off_without_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with progress("render") as bar:
        assert bar is None and not active()
    monkeypatch.setattr(sys, "stderr", _FakeTerminal())
    with progress("render", quiet=True) as bar:
        assert bar is None


def test_colour_enabled(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour_enabled(_FakeTerminal())
    assert not colour_enabled(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_enabled(_FakeTerminal())


# ---------------------------------------------------------------- help

def test_help_lists_every_command_in_full():
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands
    for name in command_names():
        first_sentence = main.get_command(None, name).get_short_help_str(limit=1000)
        assert " ".join(first_sentence.split()) in " ".join(commands.split()), name


@pytest.mark.parametrize("name", sorted(command_names()))
def test_every_command_help_has_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"], terminal_width=100)
    assert result.exit_code == 0
    assert "Example" in result.output
    example = result.output.split("Example", 1)[1].splitlines()[1].strip()
    assert example.startswith(f"citekit {name}")


def test_version_short_and_long():
    from citekit import __version__

    for flag in ("--version", "-V"):
        result = CliRunner().invoke(main, [flag])
        assert result.exit_code == 0 and __version__ in result.output


def test_commands_load_when_used_under_their_module_names():
    """Each command module's ``command`` is named as its module (``import_`` -> ``import``):
    the names ``--help`` lists without importing them are the ones that run."""
    import importlib

    from citekit.cli import COMMAND_MODULES

    names = command_names()
    assert "import" in names and "check" in names
    for module in COMMAND_MODULES:
        if module.rstrip("_") in names:
            assert importlib.import_module(f"citekit.cli.{module}").command.name == module.rstrip("_")
