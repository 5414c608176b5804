"""Every problem class of `citekit check`, shown on a small fixture: exact findings."""

from collections import Counter
from pathlib import Path

import pytest

from citekit.check import check

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "check"


def found(name, **options):
    return Counter((d.code, d.key) for d in check([FIXTURES / name], **options))


EXPECTED = {
    "clean.bib": {},
    "datamodel.bib": {
        ("M001", "strange"): 1,  # once, not field by field
        ("M002", "nojournal"): 1,
        ("M003", "emptyfield"): 1,
        ("M004", "unknownfield"): 1,
        ("G801", "imported"): 1,  # its x-citekit-* provenance fields are known, not M004
    },
    "crossref.bib": {
        ("D506", "orphan"): 1,
        ("D507", "withxdata"): 1,
        ("D509", "wrongcase"): 1,
    },
    "dates.bib": {
        ("F101", "yearletter"): 1,
        ("F102", "future"): 1,
        ("F103", "baddate"): 1,
        ("F104", "badmonth"): 1,
        ("F115", "badurldate"): 1,
        ("F102", "earlydate"): 1,  # date, not only year, is judged plausible
    },
    "pages.bib": {
        ("F105", "labelled"): 1,
        ("F106", "hyphen"): 1,
        ("F107", "reversed"): 1,
        ("F108", "inbooktitle"): 1,
        ("F116", "abbreviated"): 1,
    },
    "identifiers.bib": {
        ("F109", "labelledvolume"): 1,
        ("F110", "badisbn"): 1,  # ISBN-13; isbn10 (0-306-40615-2) is valid
        ("F110", "badisbn10"): 1,
        ("F111", "badissn"): 1,
        ("F112", "baddoi"): 1,
        ("F113", "doiurl"): 1,
        ("F114", "badurl"): 1,
    },
    "names.bib": {
        ("N201", "manycommas"): 1,
        ("N202", "twocommas"): 1,
        ("N203", "othersfirst"): 1,
        ("N204", "etal"): 1,
        ("N205", "andothers"): 1,
        ("N206", "initials"): 1,
        ("N207", "emptyname"): 1,
        ("X401", "unbalancedname"): 1,  # a stray brace in a name list
        ("X407", "unbalancedname"): 1,
    },
    "titles.bib": {
        ("T301", "acronym"): 1,
        ("T302", "propernoun"): 1,
    },
    "characters.bib": {
        ("X407", "unbalanced"): 1,
        ("X401", "unbalanced"): 1,
        ("X402", "ampersand"): 1,
        ("X403", "percent"): 1,
        ("X404", "hash"): 1,
        ("X405", "entity"): 1,
        ("X406", "mojibake"): 1,
    },
    "duplicates.bib": {
        ("D501", "dupkey"): 1,
        ("D501", "DupKey"): 1,
        ("D502", "dupfield"): 1,
        ("D504", "doi2"): 1,
        ("F113", "doi2"): 1,
        ("D505", "fuzzy2"): 1,  # column1/column2: same title, other issue -> not reported
        ("D503", "undefmacro"): 1,
    },
    "latin1.bib": {("X408", None): 1},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings(name):
    assert found(name) == Counter(EXPECTED[name])


def test_style_readiness_apa():
    assert found("style.bib", style="apa", select=["S"]) == Counter({
        ("S601", "nourl"): 2,  # no URL, no access date
        ("S601", "nojournal"): 1,
        ("S602", "nodate"): 1,
    })


def test_against_documents():
    findings = check([FIXTURES / "clean.bib"], against=[FIXTURES / n for n in ("essay.md", "paper.tex", "paper.aux")])
    by_code = Counter(d.code for d in findings)
    assert by_code == Counter({"C701": 5, "C702": 1})
    messages = {d.file.rsplit("/", 1)[-1] + ":" + str(d.line): d.message for d in findings if d.code == "C701"}
    assert "did you mean mcdougall2000" in messages["essay.md:4"]
    assert "gaddis2005" in messages["essay.md:5"]  # Gaddis (2007): the author's entry from 2005
    assert "Zzyzx" in messages["essay.md:6"]
    assert "did you mean gaddis2005" in messages["paper.tex:3"]
    assert "nosuchkey" in messages["paper.aux:3"]
    uncited = [d.key for d in findings if d.code == "C702"]
    assert uncited == ["mcdougall2000"]  # ctan is cited by the .aux


def test_positions_point_at_the_field():
    [finding] = check([FIXTURES / "pages.bib"], select=["F107"])
    line = (FIXTURES / "pages.bib").read_text().splitlines()[finding.line - 1]
    assert line[finding.column - 1:].startswith("pages")


def test_select_and_ignore_by_prefix():
    codes = {d.code for d in check([FIXTURES / "names.bib"], select=["N2"], ignore=["N206"])}
    assert codes == {"N201", "N202", "N203", "N204", "N205", "N207"}


def test_crossref_inheritance_is_injectable():
    no_inheritance = check([FIXTURES / "crossref.bib"], select=["M002"], resolver=lambda e, t: e)
    assert {d.key for d in no_inheritance} == {"child", "wrongcase"}
    assert not check([FIXTURES / "crossref.bib"], select=["M002"])


def test_prose_citations_match_by_author_and_year(tmp_path):
    doc = tmp_path / "essay.txt"
    doc.write_text("Coexistence (Allen 1964, 1966) was argued (Mc Dougall 2000) and (Taubman 45).\n")
    findings = check([FIXTURES / "clean.bib"], against=[doc], select=["C701"])
    messages = sorted(d.message for d in findings)
    assert len(messages) == 2
    assert "1966" in messages[0] and "did you mean allen1964" in messages[0]  # other year, same author
    assert "Taubman" in messages[1]  # MLA author-page: no entry by that author


_PAPER = """Coexistence revisited
Maria Ivanova

Khrushchev's doctrine [1] was read in the West [2]; historians still debate it [2]–[3], [9].

References
[1] N. S. Khrushchev, Report of the Central Committee to the 20th Party Congress. Moscow:
    Foreign Languages Publishing House, 1956.
[2] J. L. Gaddis, "The long peace: Elements of stability in the postwar international
    system," International Security, vol. 10, no. 4, pp. 99-142, 1986.
[3] W. Taubman, Khrushchev: The Man and His Era. New York: W. W. Norton, 2003.
"""


def test_numeric_citations_resolve_through_the_documents_own_list(tmp_path):
    from citekit.api import import_sources

    doc = tmp_path / "paper.txt"
    doc.write_text(_PAPER)
    imported = tmp_path / "paper.bib"
    imported.write_text(import_sources([doc]).to_bibtex())
    # every item was imported: each [n] finds its entry by the entry's x-citekit-source line
    findings = check([imported], against=[doc], select=["C701", "C702"])
    assert [(d.code, d.line, d.message) for d in findings if d.code == "C701"] == [
        ("C701", 4, "[9]: the document's reference list has no item 9")]
    assert [d.key for d in findings if d.code == "C702"] == ["ivanovacoexistence"]  # the paper itself
    # without Gaddis's entry (and without provenance): both citations of item 2 are reported,
    # Taubman (item 3) still matches by author and year
    bib = tmp_path / "partial.bib"
    bib.write_text("@book{khrushchev1956, author = {Khrushchev, N. S.}, title = {Report}, year = 1956}\n"
                   "@book{taubman2003, author = {Taubman, William}, title = {Khrushchev}, year = 2003}\n")
    messages = [d.message for d in check([bib], against=[doc], select=["C701"])]
    assert messages[:2] == [
        "[2]: item 2 of the document's reference list (line 9) by Gaddis from 1986 has no entry",
        "[2]–[3]: item 2 of the document's reference list (line 9) by Gaddis from 1986 has no entry",
    ]
    assert len(messages) == 3 and "no item 9" in messages[2]


def test_every_code_is_demonstrated_by_a_fixture():
    from citekit.check.codes import CODES

    shown = {code for expected in EXPECTED.values() for code, _ in expected}
    shown |= {"S601", "S602"}  # test_style_readiness_apa
    shown |= {"C701", "C702"}  # test_against_documents
    shown |= {"K901", "I901"}  # not check's: tests/test_interchange.py shows both
    assert shown == set(CODES)
