"""Issue 16's twelve classes of failure and the error-handling rules, one regression each.

Every test runs the real library function or CLI command on a small input of the class
(not the issue's exact sample only) and asserts the promise: no traceback, fmt idempotent,
nothing lost, one exit code for one kind of input everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.bibfile import load
from citekit.cli import main
from citekit.errors import ExitCode, UnreadableInputError
from citekit.fmt import fmt
from citekit.render import render


def fmt_bytes(tmp_path: Path, data: bytes, name: str = "in.bib", **options) -> bytes:
    path = tmp_path / name
    path.write_bytes(data)
    report = fmt([path], use_config=False, **options)
    return report.files[0].encoded()[0]


def assert_idempotent(tmp_path: Path, text: str | bytes, **options) -> bytes:
    data = text.encode("utf-8") if isinstance(text, str) else text
    once = fmt_bytes(tmp_path, data, "a.bib", **options)
    twice = fmt_bytes(tmp_path, once, "b.bib", **options)
    assert twice == once
    return once


def fields_of(path: Path) -> list[tuple[str, dict[str, str]]]:
    bib = load([path])
    return [(e.key, bib.fields(e)) for _, e in bib.iter_entries()]


@pytest.fixture
def runner():
    return CliRunner()


# 1 ---------------------------------------------------------------- keyless entries render


@pytest.mark.parametrize("style", ["apa", "ieee"])
def test_keyless_entries_render(tmp_path, style):
    path = tmp_path / "k.bib"
    path.write_text("@misc{, title = {Alpha}, year = 2000}\n@book{, title = {Beta}, year = 2001}\n")
    result = render([path], style=style)
    assert "Alpha" in result.output and "Beta" in result.output
    assert len(result.entries) == 2 and all(e.key for e in result.entries)


# 2 ---------------------------------------------------------------- key generation cannot raise


@pytest.mark.parametrize("options", [{}, {"options": {"keys": "all"}},
                                     {"options": {"sort_by": "author"}, "enable": ["sort"]}])
@pytest.mark.parametrize("people", ["Doe, J.; Roe, R.; Poe, P.", "a, b, c, d", "{Doe, J.}, X, Y, Z", "Doe, , , X"])
def test_key_generation_never_raises(tmp_path, people, options):
    text = f"@article{{, author = {{{people}}}, title = {{x}}, year = 2000}}\n"
    out = assert_idempotent(tmp_path, text, **options).decode()
    assert "@article{," not in out.replace(" ", "")  # it got a key


# 3 ---------------------------------------------------------------- keyless / duplicate keys idempotent


@pytest.mark.parametrize("options", [{}, {"options": {"keys": "all"}},
                                     {"options": {"sort_by": "author"}, "enable": ["sort"]}])
def test_keyless_and_duplicate_keys_idempotent(tmp_path, options):
    text = (
        "@misc{, title = {x}, year = 2000}\n\n@misc{, title = {x}, year = 2000}\n"
        "@misc{, author = {Roe, R.}, title = {y}}\n"
        "@misc{a, author = {Zed, Z.}, title = {y}}\n@misc{a, author = {Abe, A.}, title = {z}}\n"
    )
    out = assert_idempotent(tmp_path, text, **options).decode()
    assert out.count("@misc{") == 5
    assert "@misc{," not in out


# 4 ---------------------------------------------------------------- Unicode spaces are characters


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2003", "\u2009"])
def test_unicode_spaces_kept(tmp_path, space):
    text = (f"@misc{{a, author = {{Jane{space}Doe and Roe,{space}R.}}, title = {{A{space}B {space}}},\n"
            f"  pages = {{1{space}-{space}2}}, url = {{http://x/{space}y}}}}\n")
    out = assert_idempotent(tmp_path, text).decode()
    assert out.count(space) == text.count(space)


# 5 ---------------------------------------------------------------- UTF-16 and UTF-32


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_wide_encodings_read_by_every_command(tmp_path, codec):
    text = "@misc{zo\u00eb, author = {Zo\u00eb Doe}, title = {\u00dcber alles}, year = 2001}\n"
    path = tmp_path / "w.bib"
    path.write_bytes(text.encode(codec))
    report = fmt([path], use_config=False, no_passes=True)
    assert report.files[0].encoded()[0] == text.encode(codec)  # lossless, same encoding
    from citekit.api import check

    findings = check([str(path)])
    assert not any(d.code == "X407" for d in findings)
    assert "\u00dcber alles" in render([path]).output


# 6, 7, 10 ----------------------------------------------------------- one brace model


@pytest.mark.parametrize("value", [
    '"{\\{}x}"', "{\\{}x}", '{a\\}b}', '"a" # {\\{} # "b"', "{See p.\\ }", '"x\\ "',
    '{a \\ }', '"{"', '"a{"}b"', "{\\\\}", '"\\{" # {x}',
])
@pytest.mark.parametrize("eof", ["", "\n", "\r\n"])
def test_values_with_escapes_survive_fmt(tmp_path, value, eof):
    text = f"@misc{{a, title = {value}}}{eof}"
    before = tmp_path / "before.bib"
    before.write_text(text)
    try:
        out = assert_idempotent(tmp_path, text)
    except UnreadableInputError:  # bibtexparser cannot read it either: one answer everywhere
        with pytest.raises(UnreadableInputError):
            render([before])
        return
    after = tmp_path / "after.bib"
    after.write_bytes(out)
    try:
        read_before = fields_of(before)
    except UnreadableInputError:
        return  # unreadable before is fine; the formatted text was checked above
    assert [k for k, _ in fields_of(after)] == [k for k, _ in read_before]


def test_control_space_at_end_kept(tmp_path):
    out = assert_idempotent(tmp_path, "@misc{a, title = {See p.\\ }, note = {x \\   }}\n").decode()
    path = tmp_path / "o.bib"
    path.write_text(out)
    (key, fields), = fields_of(path)
    assert fields["title"] == "See p.\\ " and fields["note"] == "x \\ "


# 8 ---------------------------------------------------------------- names with empty parts


@pytest.mark.parametrize("names", ["Doe and , Jane Roe", ", Jane", "Doe, , Jr", "and", "Doe and and Roe",
                                   "{, } Doe", "Jane Roe,", ",,"])
def test_names_reach_a_fixed_point_in_one_run(tmp_path, names):
    out = assert_idempotent(tmp_path, f"@misc{{a, editor = {{{names}}}}}\n").decode()
    assert "editor" in out


# 9 ---------------------------------------------------------------- mixed line endings


@pytest.mark.parametrize("layout", [True, False])
def test_mixed_line_endings_idempotent(tmp_path, layout):
    text = ("% a\r\n% b\r\n% c\r\n@misc{a, title = {x},\n abstract = {one\r\n\r\ntwo}}\n"
            "@misc{b,\r\n title = {y}}\r\n\n@comment{z}\r\n")
    options = {} if layout else {"disable": ["layout"]}
    assert_idempotent(tmp_path, text, **options)


# 11 --------------------------------------------------------------- a missing output directory


@pytest.mark.parametrize("args", [
    ["fmt", "-o", "{missing}/x.bib", "{bib}"],
    ["render", "{bib}", "-o", "{missing}/x.html", "--to", "html"],
    ["import", "{txt}", "-o", "{missing}/x.bib"],
    ["add", "Doe, J. (2000). A title. Publisher.", "--to", "{missing}/x.bib"],
])
def test_missing_output_directory_is_a_usage_error(tmp_path, runner, args):
    bib = tmp_path / "a.bib"
    bib.write_text("@misc{a, title = {x}, year = 2000}\n")
    txt = tmp_path / "a.txt"
    txt.write_text("References\n\nDoe, J. (2000). A title. Publisher.\n")
    missing = tmp_path / "no" / "such"
    args = [a.format(missing=missing, bib=bib, txt=txt) for a in args]
    result = runner.invoke(main, args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "no").exists()


# 12 --------------------------------------------------------------- literal markup in values


def test_literal_tags_are_text(tmp_path):
    path = tmp_path / "m.bib"
    path.write_text("@book{a, author = {Doe, J.}, title = {On <i>x</i> &lt; y}, year = 2000,\n"
                    '  publisher = {<b>Pub</b> <sup>2</sup> <span class="nocase">z</span>}}\n')
    html = render([path], to="html").entries[0].output
    assert "<b>" not in html and "&lt;b&gt;Pub&lt;/b&gt;" in html and "<sup>" not in html
    assert "&amp;lt;" in html
    text = render([path], to="text").entries[0].output
    assert "<b>Pub</b>" in text and "<i>x</i>" in text and "&lt; y" in text
    md = render([path], to="md").entries[0].output
    assert "**" not in md and "Pub" in md


# ---------------------------------------------------------------- also: exit codes, I/O


def test_internal_error_exit_5_and_debug_traceback(tmp_path, runner, monkeypatch):
    bib = tmp_path / "a.bib"
    bib.write_text("@misc{a, title = {x}, year = 2000}\n")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("citekit.render.format_entries", broken)
    result = runner.invoke(main, ["render", str(bib)])
    assert result.exit_code == ExitCode.INTERNAL == 5
    assert "internal error" in result.stderr and "report" in result.stderr
    assert "Traceback" not in result.stderr
    debug = runner.invoke(main, ["--debug", "render", str(bib)])
    assert isinstance(debug.exception, ZeroDivisionError)
    assert "5" in runner.invoke(main, ["--help"]).output.split("Exit codes")[1]


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02binary\xff" * 10,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"This is a plain text file.\nIt has no BibTeX in it.\n",
    b'{"name": "a package manifest", "version": 3}\n',  # JSON, but no CSL item (CSL-JSON is read)
    b"@misc{a, title = {never closed\n",
])
@pytest.mark.parametrize("command", ["fmt", "check", "render"])
def test_unparseable_input_one_answer_everywhere(tmp_path, runner, content, command):
    path = tmp_path / "x.bib"
    path.write_bytes(content)
    result = runner.invoke(main, [command, str(path)])
    assert result.exit_code == ExitCode.UNREADABLE, (result.output, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.strip()


@pytest.mark.parametrize("command", ["fmt", "render"])
def test_skipped_entries_are_not_exit_0(tmp_path, runner, command):
    path = tmp_path / "x.bib"
    path.write_text("@misc{a, title = {x}\n@misc{b, title = {y}, year = 2000}\n")
    result = runner.invoke(main, [command, str(path)])
    assert result.exit_code == ExitCode.FINDINGS
    assert "X407" in result.stderr


def test_empty_input_is_reported(tmp_path, runner):
    path = tmp_path / "e.bib"
    path.write_text("")
    assert runner.invoke(main, ["render", str(path)]).exit_code == ExitCode.UNREADABLE
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 0 and "0 errors" in result.output + result.stderr


def test_unknown_lang_is_a_usage_error(tmp_path, runner):
    path = tmp_path / "a.bib"
    path.write_text("@misc{a, title = {x}, year = 2000}\n")
    assert runner.invoke(main, ["render", str(path), "--lang", "klingon"]).exit_code == ExitCode.USAGE
    assert runner.invoke(main, ["render", str(path), "--lang", "de"]).exit_code == 0
    assert runner.invoke(main, ["render", str(path), "--lang", "en-GB"]).exit_code == 0


def test_stdin_named_twice_is_read_once(runner):
    result = runner.invoke(main, ["check", "-", "-"], input="@misc{a, author = {x}, title = {x}}\n")
    assert "D501" not in result.output and "in 1 file" in result.output + result.stderr


def test_no_pylatexenc_warning_on_stderr(tmp_path):
    path = tmp_path / "u.bib"
    path.write_text("@misc{, author = {Doe, J.}, title = {see \\url}, year = 2000}\n")
    for command in (["fmt"], ["render"], ["check"]):
        done = subprocess.run([sys.executable, "-m", "citekit", *command, str(path)],
                              capture_output=True, text=True)
        assert "WARNING" not in done.stderr, done.stderr


def test_stale_temp_file_removed_and_symlink_written_through(tmp_path, runner):
    real = tmp_path / "real.bib"
    real.write_text("@Misc{a, Title = {x}}\n")
    os.chmod(real, 0o640)
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".real.bib.citekit-{dead}.abc123.tmp"
    stale.write_text("half")
    result = runner.invoke(main, ["fmt", "-i", str(link)])
    assert result.exit_code == 0
    assert link.is_symlink() and "@misc{a," in real.read_text()
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert real.stat().st_uid == os.getuid()
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("names", ["\u3000 \u3000 and {}{@der der} al.", "von {x} von and",
                                   "Doe, J. and"])
def test_names_pass_loses_no_character(tmp_path, names):
    out = assert_idempotent(tmp_path, f"@misc{{a, author = {{{names}}}}}\n").decode("utf-8")
    letters = sorted(c for c in names.lower() if c.isalnum())
    assert sorted(c for c in out.split("author = ", 1)[1].lower() if c.isalnum()) == letters


@pytest.mark.parametrize("data", [
    "\n  \ufeff   -- x  @Article{a,\nAUTHOR = {Doe, Anna}}\n".encode("utf-8"),  # U+FEFF becomes a BOM
    " \t\ufeff \\#  @misc{a, title = {x}}\r\n".encode("utf-8"),
    "\t \ufeff\ufeff \n@string{ACM = mar}\n@misc{a, title = {x}}\n".encode("utf-8"),  # two: one BOM, one kept
    "\ufeff \ufeff 10.1/x\r\n@misc{a, title = {x}}\r\n".encode("utf-16"),  # spaces between the marks
    "x \\'e @ {\\\\ } }\r\n\r\n@misc{b, title = {y}}\r\n".encode("utf-32"),  # a key ending in '\'
    b"@misc{a\\, title = {x}}\n@misc{b, title = {y}}\n",
])
def test_fuzz_finds_stay_fixed(tmp_path, data):
    from bibfuzz import check_case

    assert check_case(data, tmp_path) in ("ok", "unreadable")


def test_bare_value_ending_in_backslash_is_kept_as_written(tmp_path):
    text = "@online{a,\nabstract = {x},\n  doi =\n  {\n\n} #\\\\ },\n  note = {y}\n}\n"
    from bibfuzz import check_case

    assert check_case(text.encode(), tmp_path) == "ok"


@pytest.mark.parametrize("month", ["\u00b3", "\u00b2\u00b9", "\u0663"])
def test_digit_like_characters_do_not_crash(tmp_path, month):
    path = tmp_path / "m.bib"
    path.write_text(f"@book{{a, author = {{Doe, J.}}, title = {{x}}, year = 2000, month = {{{month}}},"
                    f" day = {{{month}}}, publisher = {{P}}}}\n")
    from citekit.api import check

    check([str(path)])
    assert "Doe" in render([path]).output


@pytest.mark.parametrize("data", [
    '@book{a, editor = {  10.1000/xyz " ,and the }}\n',           # names would re-split next run
    '@article{a,\r\neditor="x }and{\n\n @ \r\n{von    }}y",\r\nurl = {z}}\r\n',  # whitespace makes '@ {'
    '@book{x, author = {a}}\n@ {and \n\n \\" } @book{b, title = {y}}\r\n',  # key with line breaks
])
def test_more_fuzz_finds_stay_fixed(tmp_path, data):
    from bibfuzz import check_case

    for codec in ("utf-8", "utf-16-be"):
        assert check_case(data.encode(codec), tmp_path) in ("ok", "unreadable")


def test_cycles_left_while_the_collector_waits_are_freed_by_young_passes():
    """A long-lived process (Sphinx, a server) renders again and again: the garbage cycles
    a paused block leaves must be reachable by the collector's usual passes."""
    import gc
    import weakref

    from citekit.bibfile.load import gc_paused

    class Node:
        pass

    assert gc.isenabled()
    with gc_paused():
        node = Node()
        node.me = node
        ref = weakref.ref(node)
        del node
    gc.collect(1)  # generations 0 and 1 only, as the automatic passes mostly run
    assert ref() is None
