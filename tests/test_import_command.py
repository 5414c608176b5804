"""`citekit import`: BibTeX and JSON output, stdin, provenance fields, errors."""

import json
import subprocess
import sys
from pathlib import Path

import bibtexparser
from click.testing import CliRunner

from citekit.cli import main
from citekit.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "bib" / "sources" / "003_4a584e6ea9fd673c.txt"
ESSAY = ROOT / "bib" / "sources" / "000_438c30b07a8dbf63.txt"


def run(args, input=None):
    return CliRunner().invoke(main, ["import", *args], input=input)


def test_bibtex_output_parses_and_carries_provenance():
    result = run([str(SAMPLE)])
    assert result.exit_code == 0, result.output
    library = bibtexparser.parse_string(result.output)
    assert not library.failed_blocks
    entries = library.entries
    assert len(entries) == 5
    keys = [e.key for e in entries]
    assert len(set(keys)) == len(keys)
    own = entries[0]
    assert own.entry_type == "incollection"
    assert own["x-citekit-source"].endswith("003_4a584e6ea9fd673c.txt:4")
    assert 0 < float(own["x-citekit-confidence"]) <= 1
    assert "author" in own["x-citekit-guessed"]  # from a signature line, not a by-line
    assert all(e["x-citekit-source"].endswith(":24") for e in entries[1:])


def test_json_output_has_document_references_and_citations():
    result = run([str(SAMPLE), str(ESSAY), "--to", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    first, second = data["sources"]
    assert first["document"]["fields"]["title"] == "Peaceful Coexistence"
    assert [r["raw"].split(".")[0] for r in first["references"]] == [
        "Bamberg, James", "MacKenzie, David", "Taubman, William", "Ulam, Adam"]
    text = SAMPLE.read_text(encoding="utf-8")
    for ref in first["references"]:
        assert text[ref["start"] : ref["end"]] == ref["raw"]
    essay = ESSAY.read_text(encoding="utf-8")
    cites = second["citations"]
    assert [(c["raw"], c["authors"], c["year"]) for c in cites] == [
        ("(Allen 1964)", ["Allen"], "1964"), ("(Mc Dougall 2000)", ["Mc Dougall"], "2000")]
    for c in cites:
        assert essay[c["start"] : c["end"]] == c["raw"] and c["line"] == 4


def test_stdin_and_one_per_line():
    text = ("Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.\n"
            "Ulam, Adam. Expansion and Coexistence. 2nd ed. New York: Praeger, 1974.\n")
    result = run(["--one-per-line", "--to", "json"], input=text)
    assert result.exit_code == 0, result.output
    (source,) = json.loads(result.output)["sources"]
    assert source["source"] == "<stdin>" and source["document"] is None
    assert [r["line"] for r in source["references"]] == [1, 2]


def test_plain_reference_list_gets_no_document_entry(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text(
        "1. Allen, Robert. Soviet Economic Warfare. Washington: Public Affairs Press, 1960.\n"
        "2. Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.\n",
        encoding="utf-8")
    data = json.loads(run([str(path), "--to", "json"]).output)
    (source,) = data["sources"]
    assert source["document"] is None
    assert [r["label"] for r in source["references"]] == ["1", "2"]


def test_numbered_points_in_an_essay_do_not_become_references(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text(
        "Why the thaw ended\n\nby Ann Example\n\n"
        "There were three reasons for this, as Gaddis (2005) explains.\n"
        "1. Khrushchev wanted to reduce tensions with the West after 1953.\n"
        "2. He met Eisenhower at Geneva in 1955 and at Camp David in 1959.\n"
        "3. The U-2 incident in 1960 ended the thaw that they had started.\n",
        encoding="utf-8")
    (source,) = json.loads(run([str(path), "--to", "json"]).output)["sources"]
    assert source["references"] == []
    assert source["document"]["fields"] == {"author": "Example, Ann", "title": "Why the thaw ended"}
    assert [c["raw"] for c in source["citations"]] == ["Gaddis (2005)"]


def test_output_file_and_report(tmp_path):
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(main, ["import", str(SAMPLE), "-o", str(out), "--report"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("@incollection{")
    assert "reference section 'Further Reading': 4 reference(s)" in result.stderr
    assert "menu, ignored" in result.stderr


def test_missing_file_is_a_usage_error():
    result = run(["no/such/file.txt"])
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.output


def test_samples_bib_is_up_to_date():
    """bib/samples.bib is what `citekit import bib/sources/*.txt` makes (regenerate: see docs/import.md)."""
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "bib" / "sources").glob("*.txt"))
    made = subprocess.run(
        [sys.executable, "-m", "citekit", "import", *sources], cwd=ROOT, capture_output=True,
        text=True, check=True,
    ).stdout
    committed = (ROOT / "bib" / "samples.bib").read_text(encoding="utf-8")
    assert made == committed, "bib/samples.bib drifted: regenerate it (docs/import.md)"


def test_binary_input_is_unreadable(tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.4\x00\x01\x02")
    result = run([str(path)])
    assert result.exit_code == ExitCode.UNREADABLE


def test_author_dash_takes_previous_authors(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text(
        "Gaddis, John Lewis. The Cold War: A New History. New York: Penguin, 2005.\n"
        "———. We Now Know: Rethinking Cold War History. Oxford: Clarendon Press, 1997.\n",
        encoding="utf-8")
    (source,) = json.loads(run([str(path), "--to", "json"]).output)["sources"]
    first, second = source["references"]
    assert second["fields"]["author"] == first["fields"]["author"]
    assert "—" not in second["fields"].get("title", "")
    assert second["raw"].startswith("———.")


def test_citations_point_to_the_sources_own_references():
    fixtures = ROOT / "tests" / "fixtures" / "import"
    result = run([str(fixtures / "pdf_essay.txt"), str(fixtures / "blog_page.txt"), "--to", "json"])
    essay, blog = json.loads(result.output)["sources"]
    keys = {r["key"]: r["fields"].get("author", r["fields"].get("editor", "")) for s in (essay, blog) for r in s["references"]}
    for citation in essay["citations"]:
        (key,) = citation["keys"]
        assert keys[key].split(",")[0] == citation["authors"][0]
    assert [len(c["keys"]) for c in blog["citations"]] == [1, 1, 2]


def test_empty_input_gives_no_entries():
    result = run([], input="")
    assert result.exit_code == 0 and result.output == ""
