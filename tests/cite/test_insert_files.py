"""insert's file handling and CLI (exit codes, -o, -i, --allow-missing) on the stand-in engine."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import citekit.insert as insert_module
from citekit.cli import main
from citekit.errors import ExitCode

from .fake_engine import FakeProcessor, library, style


@pytest.fixture(autouse=True)
def stand_in_engine(monkeypatch):
    monkeypatch.setattr(insert_module, "open_style", lambda name: style(name == "note"))
    monkeypatch.setattr(insert_module, "load_library", lambda bib, keys=None: library())
    monkeypatch.setattr(insert_module, "make_processor",
                        lambda opened, lib, lang=None: FakeProcessor(opened.is_note))


@pytest.fixture
def essay(tmp_path):
    path = tmp_path / "essay.md"
    path.write_text("Peace [@ulam1974, p. 3].\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(main, ["insert", *map(str, args)])


def test_stdout_by_default(essay):
    result = invoke(essay, "--bib", essay.parent / "refs.bib")
    assert result.exit_code == 0
    assert result.output.startswith("Peace (Ulam 1974, pa. 3).")
    assert essay.read_text(encoding="utf-8") == "Peace [@ulam1974, p. 3].\n"


def test_in_place_and_output(essay, tmp_path):
    out = tmp_path / "out.md"
    assert invoke(essay, "--bib", "x.bib", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("Peace (Ulam 1974, pa. 3).")
    essay.chmod(0o640)
    assert invoke(essay, "--bib", "x.bib", "-i").exit_code == 0
    assert essay.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert essay.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_and_in_place_together_is_a_usage_error(essay, tmp_path):
    assert invoke(essay, "--bib", "x.bib", "-i", "-o", tmp_path / "o.md").exit_code == ExitCode.USAGE


def test_missing_keys_exit_4_and_nothing_written(essay, tmp_path):
    essay.write_text("A [@nope].\nB [@ulam1974; @alsonot].\n", encoding="utf-8")
    result = invoke(essay, "--bib", "x.bib", "-i")
    assert result.exit_code == ExitCode.UNRESOLVED
    assert f"{essay}:1:4:" in result.output and f"{essay}:2:15:" in result.output
    assert essay.read_text(encoding="utf-8") == "A [@nope].\nB [@ulam1974; @alsonot].\n"
    allowed = invoke(essay, "--bib", "x.bib", "-i", "--allow-missing")
    assert allowed.exit_code == 0
    assert essay.read_text(encoding="utf-8").startswith("A [@nope].\nB (Ulam 1974).")


def test_latex_input_detected_by_suffix(tmp_path):
    tex = tmp_path / "paper.tex"
    tex.write_text("See \\citep[p.~3]{ulam1974}.\n", encoding="utf-8")
    result = invoke(tex, "--bib", "x.bib")
    assert result.exit_code == 0 and result.output.startswith("See (Ulam 1974, pa. 3).")


def test_note_style_markdown_footnotes(essay):
    result = invoke(essay, "--bib", "x.bib", "--style", "note")
    assert result.output.startswith("Peace.[^1]\n")
    assert "[^1]: Ulam, *Expansion and Coexistence*, pa. 3." in result.output


def test_in_place_keeps_windows_line_endings(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(b"Peace [@ulam1974].\r\n\r\n::: {#refs}\r\n:::\r\n")
    assert invoke(path, "--bib", "x.bib", "-i").exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"Peace (Ulam 1974).\r\n\r\n::: {#refs}\r\nUlam.")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_front_matter_gives_bibliography_style_title(tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(insert_module, "load_library",
                        lambda bib, keys=None: seen.setdefault("bib", bib) and library())
    monkeypatch.setattr(insert_module, "open_style",
                        lambda name: seen.setdefault("style", name) and style(False))
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text("---\nbibliography: refs.bib\ncsl: ieee\nreference-section-title: Works\n---\n\n"
                   "T [@ulam1974].\n", encoding="utf-8")
    result = invoke(doc)
    assert result.exit_code == 0, result.output
    assert seen == {"bib": [str(tmp_path / "refs.bib")], "style": "ieee"}
    assert result.output.rstrip().endswith("# Works\n\nUlam. *Expansion and Coexistence*.")


def test_suppress_bibliography_and_no_bibliography_at_all(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("---\nsuppress-bibliography: true\n---\n\nT [@ulam1974].\n", encoding="utf-8")
    result = invoke(doc, "--bib", "x.bib")
    assert result.exit_code == 0 and "References" not in result.output
    doc.write_text("T [@ulam1974].\n", encoding="utf-8")
    assert invoke(doc).exit_code == ExitCode.USAGE
