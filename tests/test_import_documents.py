"""Reading whole documents: own entry, reference sections, citations, junk (fixtures written by hand)."""

from pathlib import Path

from citekit.importer.reader import read_document

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
        "month": "March",  # the date line states it
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
    assert second.same_authors and second.text.startswith("———. Khrushchev: The Man and His Era. Paperback")
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
        ("© 2019 History Notes Blog. Powered by WordPress.", "History Notes Blog", "2019"),
        ("Copyright 2020 Cold War Notes | Privacy Policy | Terms of Use", "Cold War Notes", "2020"),
    ]:
        doc = read_document(f"Some Title\n\nA paragraph of text.\n\n{line}\n", "x.txt")
        assert doc.entry.fields.get("publisher") == holder, line
        assert doc.entry.fields.get("year") == year, line


def test_nothing_invented_for_bare_text():
    doc = read_document("Peaceful coexistence\n\nA paragraph about Khrushchev in 1956.\n", "x.txt")
    assert doc.entry.fields == {"title": "Peaceful coexistence"}
    assert doc.entry.entry_type == "misc"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "Peaceful Coexistence", "", "by Jane Doe", "Bruce J. DeHart", "Further Reading",
    "References", "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.",
    "———. Another Book. New York: Norton, 2004.", "1. A point made in 1956.", "[2] Gaddis, J. L. 2005. The Cold War.",
    "©2011 ABC-CLIO. All rights reserved.", "A", "Open Document", "Text (Allen 1964) and Gaddis (2007) more.",
    "   This book argues that it was so.", "co-", "existence of the thaw.", "1183 Words5 Pages",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25))
def test_any_document_reads_and_offsets_point_into_it(pieces):
    text = "\n".join(pieces)
    doc = read_document(text, "x.txt")
    for c in doc.citations:
        assert text[c.start : c.end] == c.raw
    lines = text.split("\n")
    for ref in doc.references:
        assert 1 <= ref.line <= len(lines)
        assert 0 <= ref.start <= ref.end <= len(text)
        assert ref.text.strip() and "\n" not in ref.text
    if doc.entry is not None:
        for value in doc.entry.fields.values():
            assert value and value == value.strip()


def test_inline_heading():
    text = (
        "Peaceful Coexistence\n\nSome text about the thaw.\n\n"
        "Further Reading: Taubman, William. Khrushchev: The Man and His Era. New York: Norton, "
        "2003.; Ulam, Adam. Expansion and Coexistence. New York: Praeger, 1974.\n"
    )
    doc = read_document(text, "x.txt")
    assert [r.text.split(".")[0] for r in doc.references] == ["Taubman, William", "Ulam, Adam"]
    assert [r.line for r in doc.references] == [5, 5]
    for ref in doc.references:
        assert text[ref.start : ref.end] == ref.raw


def test_mla_essay_heading():
    text = (
        "Jane Doe\nProfessor Smith\nHistory 101\n12 March 2019\n"
        "Khrushchev and the Thaw\n"
        "Khrushchev's policy was new (Taubman 45). It changed things.\n"
        "Works Cited\n"
        "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.\n"
    )
    doc = read_document(text, "x.txt")
    assert doc.entry.fields == {"author": "Doe, Jane", "title": "Khrushchev and the Thaw", "year": "2019",
                                "month": "March"}
    assert [(c.kind, c.authors, c.locator) for c in doc.citations] == [("mla", ["Taubman"], "45")]
    assert len(doc.references) == 1


def test_pdf_running_heads_are_ignored():
    page = "A long line of essay text that goes on about the Cold War and the thaw of {n}.\n"
    text = "Essay Title\n\n" + "".join(
        page.format(n=1950 + i) + f"Khrushchev and the Thaw {i + 1}\n" for i in range(4)
    )
    doc = read_document(text, "x.txt")
    heads = [(n.line, n.end_line) for n in doc.notes if n.message == "running head, ignored"]
    assert heads == [(4, 4), (6, 6), (8, 8), (10, 10)]
    assert "Thaw 1" not in doc.entry.fields["title"]


def test_unheaded_reference_list_at_the_end():
    text = (
        "The Thaw\n\nby Ann Example\n\n"
        "Khrushchev changed course in 1956 (Taubman 2003). The thaw did not last (Zubok 2007).\n\n"
        "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.\n"
        "Zubok, Vladislav. A Failed Empire. Chapel Hill: University of North Carolina Press, 2007.\n"
    )
    doc = read_document(text, "x.txt")
    assert [r.line for r in doc.references] == [7, 8]
    assert [c.raw for c in doc.citations] == ["(Taubman 2003)", "(Zubok 2007)"]
    assert doc.entry.fields["title"] == "The Thaw"


def test_prose_at_the_end_is_not_an_unheaded_list():
    text = (
        "The Thaw\n\nKhrushchev changed course in 1956. The thaw did not last.\n\n"
        "Gaddis, for one, thinks it was 1962 that ended it, as he wrote then.\n"
        "Taubman, too, dates the end to 1964, when Khrushchev fell from power.\n"
    )
    assert read_document(text, "x.txt").references == []


def test_by_line_roles_and_date_lines():
    cases = [
        ("Peaceful coexistence\n\nby Brett Michum, Staff Writer\n\nBody text of 1956.\n",
         {"author": "Michum, Brett", "title": "Peaceful coexistence"}),
        ("March 3, 2019\nPeaceful coexistence\n\nBody text.\n",
         {"title": "Peaceful coexistence", "year": "2019", "month": "March"}),
        ("Peaceful coexistence\n\nby Jane Doe and John Roe\n\nBody.\n",
         {"author": "Doe, Jane and Roe, John", "title": "Peaceful coexistence"}),
    ]
    for text, fields in cases:
        assert read_document(text, "x.txt").entry.fields == fields


def test_wikipedia_style_page():
    doc = read("wiki_page.txt")
    assert doc.entry.entry_type == "online"
    assert doc.entry.fields == {"title": "Peaceful coexistence", "organization": "Wikipedia"}
    assert [r.line for r in doc.references] == [20, 21, 22]
    assert doc.references[0].text.startswith("Taubman, William (2003).")  # "^ " back-link gone
    assert doc.references[1].text.startswith('"Peaceful coexistence".')  # "^ a b " too
    kinds = [(c.kind, c.raw) for c in doc.citations]
    assert kinds == [("numeric", "[1]"), ("parenthetical", "(see Taubman 2003)"),
                     ("numeric", "[2]"), ("numeric", "[3]"), ("numeric", "[2]")]


def test_encyclopedia_entry_with_a_name_shaped_title():
    doc = read("encyclopedia_entry.txt")
    assert doc.entry.entry_type == "incollection"
    assert doc.entry.fields == {
        "author": "Bischof, Günter and Dockrill, Saki",
        "title": "Geneva Summit",
        "publisher": "ABC-CLIO",
        "year": "2011",
    }
    assert [r.line for r in doc.references] == [13, 14]
    assert [c.raw for c in doc.citations] == ["(Bischof and Dockrill 2000)"]


def test_name_before_the_title_is_the_author():
    doc = read_document("Bruce DeHart\n\nPeaceful Coexistence\n\nA paragraph of text.\n", "x.txt")
    assert doc.entry.fields == {"author": "DeHart, Bruce", "title": "Peaceful Coexistence"}
    doc = read_document("Open Skies Proposal\n\nA paragraph of text.\n\nKhrushchev Thaw\n", "x.txt")
    assert doc.entry.fields == {"title": "Open Skies Proposal"}


def test_blog_post_with_subtitle_and_reading_time():
    text = (
        "Khrushchev's Gamble\nHow peaceful coexistence reshaped the Cold War\nJane Smith\nFollow\n"
        "5 min read · Mar 3, 2019\n\n"
        "When Khrushchev came to power he changed course, as Gaddis (2005) shows.\n"
    )
    doc = read_document(text, "x.txt")
    assert doc.entry.entry_type == "online"
    assert doc.entry.fields == {"author": "Smith, Jane", "title": "Khrushchev's Gamble", "year": "2019",
                                "month": "March"}


def test_one_line_navigation_sharing_and_comment_form_are_not_content():
    text = (
        "Home | About | Blog | Contact\n"
        "Search this site\n"
        "The Cold War's Quiet Thaw\n"
        "Posted on March 3, 2019 by Daniel Harper\n"
        "Share this: Facebook Twitter\n"
        "When Khrushchev rose to power he spoke of coexistence, as Zubok (2007) shows.\n"
        "Sources\n"
        "Zubok, Vladislav M. A Failed Empire. Chapel Hill: University of North Carolina Press, 2007.\n"
        "Leave a Reply\n"
        "Your email address will not be published.\n"
        "© 2019 History Notes Blog. Powered by WordPress.\n"
    )
    doc = read_document(text, "blog.txt")
    assert doc.entry.fields["title"] == "The Cold War's Quiet Thaw"
    assert doc.entry.fields["author"] == "Harper, Daniel"
    assert [r.text for r in doc.references] == [
        "Zubok, Vladislav M. A Failed Empire. Chapel Hill: University of North Carolina Press, 2007."]
    assert doc.references[0].annotation is None
    junk = {n.message for n in doc.notes}
    assert {"navigation bar, ignored", "sharing buttons, ignored"} <= junk


def test_question_and_answer_page():
    text = (
        "Skip to main content\nAsk a Question\n"
        "History Stack Exchange is a question and answer site for historians and history buffs.\n"
        "Why did Khrushchev adopt peaceful coexistence?\n"
        "Asked 5 years, 2 months ago\nModified 3 years ago\nViewed 2k times\n12\n"
        "Why did Khrushchev move away from Stalin's doctrine of inevitable war?\n"
        "Share\nImprove this question\nFollow\nasked Jan 4, 2019 at 10:12\n"
        "2 Answers\nSorted by:\n17\n"
        "Nuclear weapons changed the calculus; the long peace rested on deterrence (Gaddis 1986).\n"
    )
    doc = read_document(text, "qa.txt")
    assert doc.entry.fields["title"] == "Why did Khrushchev adopt peaceful coexistence?"
    assert doc.entry.fields["organization"] == "History Stack Exchange"
    assert doc.entry.fields["year"] == "2019"
    assert [(c.authors, c.year) for c in doc.citations] == [(["Gaddis"], "1986")]


def test_lines_that_cannot_be_a_title_are_passed_over():
    cases = [
        ("<<\n\nNotes\n\nA short introduction to the notes of 1956.\n\n"
         "1. Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.\n", "Notes"),
        ("I have a paper for my history class coming due, so I'm trying to\n\n"
         "Peaceful Coexistence\n\nThe thaw began in 1953 and ended with the U-2 affair.\n", "Peaceful Coexistence"),
        ("Paragraphs and References\n\nScholarship consists of paragraphs with references, and "
         "scholars compose their thinking in statements that others can check.\n",
         "Paragraphs and References"),
    ]
    for text, title in cases:
        doc = read_document(text, "x.txt")
        assert doc.entry is not None and doc.entry.fields.get("title") == title, (text, doc.entry)
