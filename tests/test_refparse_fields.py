"""The rules that turn labelled segments into BibTeX fields."""

import pytest
from hypothesis import given, strategies as st

from citekit.refparse.fields import (
    settle_type, clean_doi, clean_edition, clean_pages, clean_url, clean_year, entry_type, month_of,
    segments_to_fields, split_volume,
)
from citekit.refparse.names import format_names, split_names


@pytest.mark.parametrize("text, expected", [
    ("2nd ed.", "2"), ("Second edition", "2"), ("3. Aufl.", "3"), ("(2nd ed", "2"),
    ("Revised ed.", "Revised"), ("1ª ed.", "1"), ("third edition,", "3"), ("2e éd.", "2"),
    ("Zehnte, unveränderte Auflage.", "10"), ("sixième édition", "6"),
])
def test_edition(text, expected):
    assert clean_edition(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("61(3)", ("61", "3")), ("61(3):", ("61", "3")), ("12, no. 3", ("12", "3")),
    ("Vol. 9, No. 2", ("9", "2")), ("vol. 37", ("37", "")), ("No. 232", ("", "232")),
    ("20(11):", ("20", "11")), ("2005;22(5):", ("22", "5")), ("Heft 3", ("", "3")), ("36:", ("36", "")),
    ("7 (1–2),", ("7", "1--2")),
])
def test_split_volume(text, expected):
    assert split_volume(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("pp. 12–19.", "12--19"), ("S. 110-119", "110--119"), ("p. 182-196.", "182--196"),
    ("561 p.", "561"), ("523 – 545.", "523--545"), ("118", "118"), ("(pp. 45-67).", "45--67"),
])
def test_pages(text, expected):
    assert clean_pages(text) == expected


def test_year_month_doi_url():
    assert clean_year("(1990),") == "1990"
    assert clean_year("n.d.") == "n.d"
    assert month_of("February 2012") == "2"
    assert clean_doi("doi: 10.1016/j.wneu.2015.11.061.)") == "10.1016/j.wneu.2015.11.061"
    assert clean_doi("https://doi.org/10.1037/a0012986") == "10.1037/a0012986"
    assert clean_url("Available at: http://www.example.org/a.pdf.") == "http://www.example.org/a.pdf"
    assert clean_url("<http://npmusic.org/x.mp3>") == "http://npmusic.org/x.mp3"


@pytest.mark.parametrize("text, expected", [
    ("doi: 10.1016/ j.envsci. 2009.09.007", "10.1016/j.envsci.2009.09.007"),  # PDF line breaks
    ("doi: 10.1111/ j. 0012-155X. 2005.00401. x", "10.1111/j.0012-155X.2005.00401.x"),
    ("10.1051/nss: 2005018", "10.1051/nss:2005018"),
    ("doi: 10.5751/ ES-06494-190244", "10.5751/ES-06494-190244"),
    ("doi: 10.1038/ejhg.2010.129. Epub", "10.1038/ejhg.2010.129"),  # a word after the DOI
    ("doi: 10.1080/08120099.2012.736406 [PDF]", "10.1080/08120099.2012.736406"),
    ("DOI:http://dx.doi.org/10.1076/csed.13.2.137.14200", "10.1076/csed.13.2.137.14200"),
])
def test_doi_cut_by_line_breaks_is_rejoined(text, expected):
    assert clean_doi(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("http:// www.ecologyandsociety.org/ vol15/ iss4/ art20.", "http://www.ecologyandsociety.org/vol15/iss4/art20"),
    ("http://www.kinephanos.ca/2016/designing-expressive- games", "http://www.kinephanos.ca/2016/designing-expressive-games"),
    ("< http://id.erudit.org/iderudit/039985ar >. Consulté le 20 juillet 2012", "http://id.erudit.org/iderudit/039985ar"),
    ("[en ligne], http://www.energy-uk.org.uk/ (consulté le 8 décembre)", "http://www.energy-uk.org.uk/"),
    ("Available at: http://www.example.org/a.pdf. Accessed 3 May 2020.", "http://www.example.org/a.pdf"),
    ("http://dx.doi. org/10.1021/es903811p.", "http://dx.doi.org/10.1021/es903811p"),
    ("http://www.wola.org/files/WOLA Report_Border.pdf", "http://www.wola.org/files/WOLAReport_Border.pdf"),
    ("(http://www.un.org/wallchart.pdf, consulté le 2 novembre 2012)", "http://www.un.org/wallchart.pdf"),
])
def test_url_cut_by_line_breaks_is_rejoined_and_the_prose_after_it_left_out(text, expected):
    assert clean_url(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Taubman, William.", "Taubman, William"),
    ("Harandi, M. T., Ning, J. Q.,", "Harandi, M. T. and Ning, J. Q."),
    ("Holt, Laura J., and Clifton A. Berwise.", "Holt, Laura J. and Berwise, Clifton A."),
    ("J. P. COLLMAN, J. P. BRAUMAN et J. L. SESSLER", "COLLMAN, J. P. and BRAUMAN, J. P. and SESSLER, J. L."),
    ("Smith JA, Doe B.", "Smith, JA and Doe, B."),
    ("In J. Bybee & P. Hopper (Eds.),", "Bybee, J. and Hopper, P."),
    ("Edited by Mark Osteen.", "Osteen, Mark"),
    ("Cedric de Leon, Manali Desai, and Cihan Tugal, eds.,", "de Leon, Cedric and Desai, Manali and Tugal, Cihan"),
    ("Gick, B., Allen, B., et al.", "Gick, B. and Allen, B. and others"),
    ("de la Cruz, Juan", "de la Cruz, Juan"),
    ("Bugnon (A.-L.),", "Bugnon, A.-L."),
    ("ROUSSIN L.,", "ROUSSIN, L."),
    ("Greving, H. u. Gröschke, D. (Hrsg.):", "Greving, H. and Gröschke, D."),
    ("Martin Luther King Jr.", "King, Jr., Martin Luther"),
    ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
    ("World Health Organization.", "{World Health Organization}"),
    ("Mc Dougall, Walter A.", "Mc Dougall, Walter A."),
    ("Olivier De Sardan, Jean-Pierre", "Olivier De Sardan, Jean-Pierre"),
    ("John Smith, Jane Doe", "Smith, John and Doe, Jane"),
    ("Smith, John, Jane Doe", "Smith, John and Doe, Jane"),
    ("———.", "———"),
    ("Johnston, Dafydd, trans. and ed.", "Johnston, Dafydd"),
])
def test_names(text, expected):
    assert format_names(text) == expected


# role and connector words ("Editor", "Trans", "Und") are meant to be dropped; real names only
_ROLE_WORDS = {"ed", "eds", "éd", "éds", "edd", "editor", "editors", "edited", "trans", "transl", "translated", "tr", "trad",
               "hrsg", "hg", "hgg", "dir", "dirs", "comp", "comps", "coord", "coords", "and", "et", "al", "und",
               "others", "in", "dans", "im", "en", "och", "og", "by", "von", "di", "de", "par", "herausgegeben"}
_word = (st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=2, max_size=8)
         .filter(lambda w: w not in _ROLE_WORDS).map(str.capitalize))


@given(st.lists(st.tuples(_word, _word), min_size=1, max_size=4))
def test_names_keep_every_word(people):
    """Whatever the layout, converting names never drops or invents a word."""
    text = ", ".join(f"{last}, {first}" for last, first in people)
    out = format_names(text)
    assert sorted(out.replace(" and ", " ").replace(",", " ").split()) == sorted(
        w for p in people for w in p)
    assert len(split_names(text)) == len(people)


def test_chapter_segments_to_fields_and_type():
    segs = [("author", "Worden, B."), ("date", "(1984)."), ("title", "'Toleration and the Protectorate',"),
            ("editor", "in W. J. Sheils (ed.),"), ("container-title", "Persecution and Toleration,"),
            ("location", "Oxford:"), ("publisher", "Blackwell,"), ("pages", "pp. 199–233.")]
    fields, origin = segments_to_fields(segs)
    assert fields == {"author": "Worden, B.", "editor": "Sheils, W. J.", "year": "1984",
                      "title": "Toleration and the Protectorate", "booktitle": "Persecution and Toleration",
                      "address": "Oxford", "publisher": "Blackwell", "pages": "199--233"}
    assert origin["booktitle"] == [4]
    assert entry_type(fields, "") == "incollection"


@pytest.mark.parametrize("fields, expected", [
    ({"journal": "Nature", "title": "x"}, "article"),
    ({"booktitle": "Proceedings of the 3rd Conference on X", "title": "x"}, "inproceedings"),
    ({"publisher": "Norton", "title": "x"}, "book"),
    ({"type": "PhD thesis", "publisher": "MIT"}, "phdthesis"),
    ({"type": "Technical Report TR93-3", "publisher": "Rice University"}, "techreport"),
    ({"url": "http://x.org", "title": "x"}, "online"),
    ({"title": "x"}, "misc"),
])
def test_entry_type(fields, expected):
    assert entry_type(fields, "") == expected


def test_thesis_and_report_publishers_become_school_and_institution():
    thesis = {"title": "x", "type": "PhD diss", "publisher": "University of Oxford"}
    assert settle_type(thesis, "") == "phdthesis" and thesis.get("school") == "University of Oxford"
    assert "publisher" not in thesis
    report = {"title": "x", "type": "Technical Report TR-93-3", "publisher": "Rice University"}
    assert settle_type(report, "") == "techreport" and report["institution"] == "Rice University"
    book = {"title": "x", "publisher": "Norton"}
    assert settle_type(book, "") == "book" and book["publisher"] == "Norton"


@pytest.mark.parametrize("segs, expected", [
    # names marked "(Eds.)" are editors whatever the labeller said
    ([("author", "Binstock, R. H., & George, L. K. (Eds.)."), ("title", "Handbook of Aging")],
     {"editor": "Binstock, R. H. and George, L. K.", "title": "Handbook of Aging"}),
    # an edition statement left at the end of a title or the start of a publisher
    ([("title", "Handbook of Aging (3rd ed.)."), ("publisher", "Academic Press")],
     {"title": "Handbook of Aging", "edition": "3", "publisher": "Academic Press"}),
    ([("title", "L’écriture et la différence (1 éd.)."), ("location", "Paris:")],
     {"title": "L’écriture et la différence", "edition": "1", "address": "Paris"}),
    ([("title", "A Manual"), ("publisher", "Third Edition. Texas Tech University Press,")],
     {"title": "A Manual", "edition": "3", "publisher": "Texas Tech University Press"}),
    ([("title", "The Red Edition"), ("publisher", "Verso")], {"title": "The Red Edition", "publisher": "Verso"}),
    # a conference's proceedings with no volume are no journal; PNAS with a volume is one
    ([("title", "A corpus,"), ("journal", "Proc. Int. Conf. Language Resources and Evaluation (LREC),")],
     {"title": "A corpus", "booktitle": "Proc. Int. Conf. Language Resources and Evaluation (LREC)"}),
    ([("title", "X."), ("journal", "Proc. Natl. Acad. Sci. USA"), ("volume", "99,")],
     {"title": "X", "journal": "Proc. Natl. Acad. Sci. USA", "volume": "99"}),
    # two roles in one segment
    ([("title", "Forms of Time."), ("editor", "edited by Michael Holquist, translated by Caryl Emerson.")],
     {"title": "Forms of Time", "editor": "Holquist, Michael", "translator": "Emerson, Caryl"}),
    ([("title", "Society."), ("editor", "Edited and translated by R. Taylor.")],
     {"title": "Society", "editor": "Taylor, R."}),
    # names, then their role word alone: the names are that role's
    ([("author", "Johnston, Dafydd,"), ("editor", "trans. and ed."), ("title", "Iolo Goch: Poems.")],
     {"editor": "Johnston, Dafydd", "title": "Iolo Goch: Poems"}),
    ([("author", "Binstock, R. H., & George, L. K."), ("editor", "(Eds.)."), ("title", "Handbook")],
     {"editor": "Binstock, R. H. and George, L. K.", "title": "Handbook"}),
    ([("author", "Smith, J."), ("editor", "ed. by Ann Jones"), ("title", "X")],
     {"author": "Smith, J.", "editor": "Jones, Ann", "title": "X"}),
    # "Place: Publisher" in one segment
    ([("title", "Casa."), ("publisher", "Rio de Janeiro: F. Alves,")],
     {"title": "Casa", "address": "Rio de Janeiro", "publisher": "F. Alves"}),
    # a volume number left at the end of a container; a year is not one
    ([("title", "Mimetic words."), ("container-title", "Japanese/Korean Linguistics Volume 30.")],
     {"title": "Mimetic words", "booktitle": "Japanese/Korean Linguistics", "volume": "30"}),
    ([("title", "Tosca."), ("container-title", "Verdi 2001,")], {"title": "Tosca", "booktitle": "Verdi 2001"}),
    ([("title", "A."), ("container-title", "Advances in Neural Information Processing Systems 7.")],
     {"title": "A", "booktitle": "Advances in Neural Information Processing Systems 7"}),
    # a container glued behind the editors, or editors glued behind a container after "In"
    ([("author", "Lister, N."), ("title", "Trashed space."), ("editor", "In J. Knechtel (Ed.), TRASH.")],
     {"author": "Lister, N.", "editor": "Knechtel, J.", "title": "Trashed space", "booktitle": "TRASH"}),
    ([("author", "Durkin-Meisterernst, D."), ("title", "Khwarezmian lexicology."),
      ("editor", "In Middle Iranian Lexicography, eds. C.G. Cereti & M. Maggi.")],
     {"author": "Durkin-Meisterernst, D.", "editor": "Cereti, C.G. and Maggi, M.", "title": "Khwarezmian lexicology",
      "booktitle": "Middle Iranian Lexicography"}),
    # ... but editors alone stay editors, and a container already found is not split off again
    ([("author", "Doe, A."), ("title", "A chapter."), ("editor", "In J. Smith (Ed.),")],
     {"author": "Doe, A.", "editor": "Smith, J.", "title": "A chapter"}),
    ([("author", "Doe, A."), ("title", "A chapter."), ("editor", "In Smith, J., ed."), ("container-title", "Handbook")],
     {"author": "Doe, A.", "editor": "Smith, J.", "title": "A chapter", "booktitle": "Handbook"}),
    # an edition after a comma at the end of a container
    ([("title", "X."), ("container-title", "The Handbook of Phonological Theory, 2nd Edition.")],
     {"title": "X", "booktitle": "The Handbook of Phonological Theory", "edition": "2"}),
    # an edited volume's title is its container (the labelled data's way); an authored work's
    # lone container is its own title
    ([("editor", "Tamara Giles-Vernick and James L. Webb (eds),"), ("container-title", "Global Health in Africa")],
     {"editor": "Giles-Vernick, Tamara and Webb, James L.", "booktitle": "Global Health in Africa"}),
    ([("author", "Smith, J."), ("container-title", "Report of the Central Committee.")],
     {"author": "Smith, J.", "title": "Report of the Central Committee"}),
])
def test_boundary_slips_are_mended_from_the_text(segs, expected):
    fields, origin = segments_to_fields(segs)
    assert fields == expected
    assert all(0 <= i < len(segs) for idx in origin.values() for i in idx)


def test_a_man_called_ed_stays_an_author():
    fields, _ = segments_to_fields([("author", "Smith, Ed."), ("title", "A Life")])
    assert "author" in fields and "editor" not in fields
