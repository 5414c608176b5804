"""Works named inside prose and notes (``citekit.importer.mentions``): the candidates it
offers, the selection, and what the reader makes of made-up documents of that class."""

from citekit.importer import import_sources
from citekit.importer import mentions
from citekit.importer.mentions import Candidate, candidates, select

PROSE = (
    "The standard lives are Jane Roe, Cromwell: A Life (London: Longman, 2001); Richard Doe, "
    "Cromwell and the Saints (Oxford: Clarendon Press, 1994). A still useful survey is Ann Poe, "
    "Reform and Revolt, 2nd edn (London: Longman, 1974). See also J. Smith, Geschichte der Schweiz "
    "(Zürich: Orell, 1890)."
)


def _texts(text, cands):
    return {text[c.start : c.end] for c in cands}


def test_candidates_cut_at_semicolons_and_strip_lead_ins():
    found = _texts(PROSE, candidates(PROSE, [(0, len(PROSE), "BODY")]))
    assert "Jane Roe, Cromwell: A Life (London: Longman, 2001)" in found
    assert "Richard Doe, Cromwell and the Saints (Oxford: Clarendon Press, 1994)" in found
    assert "Ann Poe, Reform and Revolt, 2nd edn (London: Longman, 1974)" in found
    assert "J. Smith, Geschichte der Schweiz (Zürich: Orell, 1890)" in found


def test_a_sentence_is_ended_where_its_title_ends():
    text = "Distinguished historian Jane Roe’s The Cloth Towns of the North correctly argues that it was."
    found = _texts(text, candidates(text, [(0, len(text), "BODY")]))
    assert "Jane Roe’s The Cloth Towns of the North" in found


def test_plain_prose_gives_no_candidates():
    text = "the reformers saw themselves as rebels, not innovators, and their goal was reform of the church."
    assert candidates(text, [(0, len(text), "BODY")]) == []


def test_note_numbers_are_not_part_of_a_candidate():
    text = "4. Ann Poe, Reform and Revolt (London: Longman, 1974), p. 12."
    found = _texts(text, candidates(text, [(0, len(text), "NOTE")]))
    assert "Ann Poe, Reform and Revolt (London: Longman, 1974)" in found
    assert not any(t.startswith("4.") for t in found)


def test_select_takes_the_best_non_overlapping_set():
    a = Candidate(0, 10, 1, "piece", "piece", "BODY", prob=0.9)
    b = Candidate(12, 20, 1, "piece", "piece", "BODY", prob=0.8)
    ab = Candidate(0, 20, 2, "piece", "piece", "BODY", prob=0.95)
    low = Candidate(30, 40, 1, "piece", "piece", "BODY", prob=0.2)
    assert select([a, b, ab, low]) == [a, b]


def test_the_reader_finds_works_named_in_a_prose_bibliography(tmp_path):
    assert mentions.available()
    path = tmp_path / "further.txt"
    path.write_text("Further reading on the Protectorate\n\n" + PROSE + "\n", encoding="utf-8")
    source = import_sources([str(path)]).sources[0]
    titles = " | ".join(e.fields.get("title", "") for e in source.references).replace("{", "").replace("}", "")
    assert "Cromwell: A Life" in titles, titles
    assert "Reform and Revolt" in titles, titles
    assert "Geschichte der Schweiz" in titles, titles
    for e in source.references:
        assert not e.raw.lower().startswith(("see ", "a still useful", "the standard"))


def test_an_essay_without_a_list_names_no_reference(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text(
        "The Guilds of Bruges\n\nMerchant guilds ruled the town's trade for three centuries. Their statutes "
        "were copied across Flanders, and the counts confirmed them whenever they needed money. In 1302 the "
        "guilds fought at Courtrai, and their victory was remembered for generations.\n",
        encoding="utf-8",
    )
    assert import_sources([str(path)]).sources[0].references == []


def test_notes_run_into_one_line_are_one_reference_each(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "NOTES\n1. Ann Poe, Reform and Revolt (London: Longman, 1974), 12. 2. Jane Roe, Cromwell: A Life "
        "(Oxford: Clarendon Press, 2001), 45. 3. Richard Doe, The Saints in Arms (Cambridge: Cambridge "
        "University Press, 1994), 7.\n",
        encoding="utf-8",
    )
    source = import_sources([str(path)]).sources[0]
    titles = [e.fields.get("title", "").replace("{", "").replace("}", "") for e in source.references]
    assert len(titles) == 3, [e.raw for e in source.references]
    assert any("Reform and Revolt" in t for t in titles) and any("Saints in Arms" in t for t in titles)


def test_names_no_person_has_are_no_reference():
    """A page header run into the first sentence parses as an 'author' of a dozen words with
    a course number in it; such a reading names no work, however confident the parser."""
    from citekit.importer.reader import _names_read_as_people

    header = {"author": "versus Michelangelo Violet Jane Doe Art Appreciation ART 101 Carrie Ann Wills, Leonardo",
              "title": "Da Vinci versus Michelangelo", "year": "2012"}
    assert not _names_read_as_people(header)
    assert not _names_read_as_people({"editor": "Smith, John and Room 101", "title": "x"})
    for fields in ({"author": "de la Fontaine, Jean and van der Berg, Anna Maria"},
                   {"author": "{Society of Antiquaries of London}"},
                   {"author": "Doe, Jane and others", "editor": "Roe, R."},
                   {"title": "No names at all"}):
        assert _names_read_as_people(fields), fields
