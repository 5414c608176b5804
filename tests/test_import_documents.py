"""Reading whole documents: own entry, reference sections, citations, junk (fixtures written by hand)."""

from pathlib import Path

from citekit.importer.documents import read_document

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def read(name):
    path = FIXTURES / name
    return read_document(path.read_text(encoding="utf-8"), str(path))


def test_pdf_essay_with_apa_references():
    doc = read("pdf_essay.txt")
    assert doc.entry.entry_type == "misc"
    assert doc.entry.fields == {
        "author": "Novak, Anna K.",
        "title": "The Thaw and Its Limits: Khrushchev's Foreign Policy, 1955-1964",
    }
    assert [r.line for r in doc.references] == [16, 18, 19, 20, 23, 25]
    assert doc.references[3].text.endswith("https://doi.org/10.1017/CBO9780511817991")
    assert "Stalin to Gorbachev." in doc.references[4].text
    # the numbered points in the body are not references
    assert not any("Malenkov" in r.text for r in doc.references)
    cites = [(c.kind, c.authors, c.year, c.locator) for c in doc.citations]
    assert cites == [
        ("parenthetical", ["Zubok", "Pleshakov"], "1996", None),
        ("parenthetical", ["Taubman"], "2003", "45-47"),
        ("narrative", ["Gaddis"], "1997", None),
        ("narrative", ["Fursenko", "Naftali"], "2006", "12"),
        ("parenthetical", ["Westad"], "2005", None),
        ("parenthetical", ["Zubok"], "2007", "110"),
    ]
    assert any(n.message == "page number, ignored" and n.line == 14 for n in doc.notes)


def test_blog_page_with_numbered_sources():
    doc = read("blog_page.txt")
    assert doc.entry.entry_type == "online"
    assert doc.entry.fields == {
        "author": "Reyes, Daniel",
        "title": "The Geneva Summit of 1955",
        "organization": "Cold War Notes",
        "publisher": "Cold War Notes",
        "year": "2019",
    }
    assert [r.label for r in doc.references] == ["1", "2", "3"]
    assert doc.references[2].text == "https://history.state.gov/milestones/1953-1960/geneva-summit"
    assert [(c.kind, c.numbers) for c in doc.citations] == [
        ("numeric", [1]), ("numeric", [2]), ("numeric", [2, 3])]
    junk = {n.message for n in doc.notes}
    assert "menu, ignored" in junk and "button or label, ignored" in junk


def test_annotated_bibliography_is_a_list():
    doc = read("annotated.txt")
    assert doc.is_list and doc.entry is None
    first, second, third = doc.references
    assert first.annotation.startswith("The standard biography.")
    assert second.same_authors and second.text.startswith("Khrushchev: The Man and His Era. Paperback")
    assert third.text.startswith("Zubok, Vladislav, and Constantine Pleshakov.")
    assert third.annotation.startswith("This book argues")


def test_duplicated_block_is_read_once():
    body = "\n".join(f"Line {i} of a long essay about the Cold War (Allen 1964)." for i in range(5))
    doc = read_document(f"A Title\nJ. Smith\n{body}\n{body}\n", "x.txt")
    assert len(doc.citations) == 5
    assert any(n.message == "repeats lines 3-7, ignored" for n in doc.notes)


def test_copyright_line_variants():
    for line, holder, year in [
        ("©2011 ABC-CLIO. All rights reserved.", "ABC-CLIO", "2011"),
        ("Copyright © 2011 by ABC-CLIO, LLC", "ABC-CLIO", "2011"),
        ("(c) 2019 History.com", "History.com", "2019"),
    ]:
        doc = read_document(f"Some Title\n\nA paragraph of text.\n\n{line}\n", "x.txt")
        assert doc.entry.fields.get("publisher") == holder, line
        assert doc.entry.fields.get("year") == year, line


def test_nothing_invented_for_bare_text():
    doc = read_document("Peaceful coexistence\n\nA paragraph about Khrushchev in 1956.\n", "x.txt")
    assert doc.entry.fields == {"title": "Peaceful coexistence"}
    assert doc.entry.entry_type == "misc"
