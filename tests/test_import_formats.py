"""The inputs users have: a PDF, an HTML page and a DOCX essay, made from one Markdown essay
(tests/fixtures/documents/; scripts/make_document_fixtures.py rebuilt them with pandoc and
ReportLab, checked by eye), read by ``citekit import``, ``bibliography`` and ``insert``."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from citekit.cli import main
from citekit.errors import UnreadableInputError
from citekit.importer import import_sources
from citekit.importer.read import read_bytes, read_source

HERE = Path(__file__).resolve().parent / "fixtures" / "documents"
FORMATS = ["pdf", "docx", "html", "md"]
SURNAMES = {"Bolton", "Britnell", "Dyer", "Hilton", "Rosser"}


@pytest.mark.parametrize("suffix", FORMATS)
def test_read_gives_the_text_and_the_files_own_metadata(suffix):
    source = read_source(str(HERE / f"essay.{suffix}"))
    assert source.kind == {"md": "markdown"}.get(suffix, suffix)
    flat = " ".join(source.text.split())
    assert "monasteries shaped the growth of market towns" in flat
    assert "Britnell, R. H. (1993)." in flat
    assert source.metadata["title"] == "Monks, Markets and the Medieval Town"
    assert source.metadata["author"] == "Hannah Okafor"


def test_format_is_told_by_content_not_name():
    data = (HERE / "essay.pdf").read_bytes()
    assert read_bytes(data, "<stdin>").kind == "pdf"
    assert read_bytes((HERE / "essay.docx").read_bytes(), "upload.bin").kind == "docx"


def test_a_pdf_without_text_or_a_broken_file_is_a_clear_error():
    with pytest.raises(UnreadableInputError):
        read_bytes(b"%PDF-1.4\n%broken", "x.pdf")
    with pytest.raises(UnreadableInputError):
        read_bytes(b"PK\x03\x04" + b"\x00" * 64, "x.docx")


@pytest.mark.parametrize("suffix", FORMATS)
def test_import_finds_the_reference_list_and_citations(suffix):
    source = import_sources([str(HERE / f"essay.{suffix}")]).sources[0]
    found = {e.fields.get("author", "").split(",")[0] for e in source.references}
    assert len(SURNAMES & found) >= 4, [e.raw for e in source.references]
    years = {c.year for c in source.citations if c.year}
    assert {"1980", "2002", "1989"} <= years, [c.raw for c in source.citations]
    assert source.document is not None
    assert "Medieval Town" in source.document.fields.get("title", "")


def test_import_reads_a_pdf_from_stdin():
    runner = CliRunner()
    result = runner.invoke(main, ["import", "-", "--to", "json"], input=(HERE / "essay.pdf").read_bytes())
    assert result.exit_code == 0, result.output
    assert "Britnell" in result.output


def test_bibliography_on_a_docx_essay(tmp_path):
    runner = CliRunner()
    out = tmp_path / "refs.md"
    result = runner.invoke(main, ["bibliography", str(HERE / "essay.docx"), "--style", "apa", "-o", str(out)])
    text = out.read_text(encoding="utf-8")
    assert "Britnell" in text and "Cambridge University Press" in text
    # every citation is answered by an entry, or exit 4 says which one is not
    assert result.exit_code in (0, 4)
    if result.exit_code == 4:
        assert "matches no entry" in result.output


def test_bibliography_reports_an_unanswered_citation(tmp_path):
    essay = tmp_path / "essay.txt"
    text = (HERE / "essay.md").read_text(encoding="utf-8").split("---", 2)[2]
    essay.write_text(text.replace("(Dyer, 2002)", "(Dyer, 2002; Zimmermann, 1977)"), encoding="utf-8")
    result = CliRunner().invoke(main, ["bibliography", str(essay)])
    assert result.exit_code == 4
    assert "Zimmermann" in result.output


def test_bibliography_into_a_missing_directory_is_a_usage_error(tmp_path):
    out = tmp_path / "no" / "refs.md"
    result = CliRunner().invoke(main, ["bibliography", str(HERE / "essay.md"), "-o", str(out)])
    assert result.exit_code == 2 and "does not exist" in result.output and not out.parent.exists()


def test_insert_on_docx_writes_markdown_and_never_in_place(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{dyer2002, author={Dyer, C.}, title={Making a Living}, year={2002}, publisher={Yale}}\n")
    result = CliRunner().invoke(main, ["insert", str(HERE / "essay.docx"), "--bib", str(bib), "-i"])
    assert result.exit_code == 2
    assert "Markdown" in result.output


@pytest.mark.parametrize("suffix", ["pdf", "docx", "html"])
def test_check_against_reads_the_documents_citations(suffix):
    from citekit.check.against import read_citations

    found, _ = read_citations(str(HERE / f"essay.{suffix}"))
    assert {"Bolton", "Britnell", "Dyer", "Rosser"} <= {a for c in found for a in (c.authors or [])}


def test_the_reader_reads_the_docx_essay():
    source = import_sources([str(HERE / "essay.docx")]).sources[0]
    assert len(source.references) == 5
    assert {c.raw for c in source.citations} >= {"(Bolton, 1980)", "(Dyer, 2002)", "(Rosser, 1989)"}


def test_markdown_marks_are_not_text_and_lines_stay_the_files():
    """Front matter, ``*Title*.`` and ``# Heading`` are read as what they mean, blanked in
    place: the same titles as the DOCX gives, and every line and column the file's own."""
    original = (HERE / "essay.md").read_text(encoding="utf-8")
    text = read_source(str(HERE / "essay.md")).text
    assert len(text) == len(original) and text.count("\n") == original.count("\n")
    assert "*" not in text and "title:" not in text and "\n# " not in text
    assert "Medieval Westminster, 1200-1540. " in text  # the full stop right after the title
    md = import_sources([str(HERE / "essay.md")]).sources[0]
    docx = import_sources([str(HERE / "essay.docx")]).sources[0]
    assert md.document.fields["title"] == "Monks, Markets and the Medieval Town"
    assert sorted(e.fields["title"] for e in md.references) == sorted(e.fields["title"] for e in docx.references)
    cite = next(c for c in md.citations if c.raw == "(Bolton, 1980)")
    assert original[cite.start : cite.end] == "(Bolton, 1980)"
