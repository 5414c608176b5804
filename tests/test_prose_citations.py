"""In-text citations in prose: kinds, offsets, and asides that are not citations."""

from hypothesis import given
from hypothesis import strategies as st

from citekit.citations import find_citations


def _one(text):
    found = find_citations(text)
    assert len(found) == 1, found
    return found[0]


def test_author_date_with_offsets():
    text = "devastating suffering (Allen 1964). One notable"
    c = _one(text)
    assert (c.kind, c.authors, c.year, c.locator) == ("parenthetical", ["Allen"], "1964", None)
    assert text[c.start : c.end] == "(Allen 1964)" == c.raw
    assert c.start == text.index("(")


def test_two_word_surname():
    c = _one("in the nuclear arms race (Mc Dougall 2000).")
    assert c.authors == ["Mc Dougall"] and c.year == "2000"


def test_page_locator():
    c = _one("as Taubman shows (Taubman 2003, 45).")
    assert (c.authors, c.year, c.locator) == (["Taubman"], "2003", "45")
    c = _one("(Taubman 2003: 45-47)")
    assert c.locator == "45-47"
    c = _one("(Taubman 2003, pp. 45–47)")
    assert c.locator == "pp. 45–47"


def test_multiple_items_share_a_cluster():
    text = "(Allen 1964; Gaddis 2007)"
    first, second = find_citations(text)
    assert (first.authors, first.year, second.authors, second.year) == (
        ["Allen"], "1964", ["Gaddis"], "2007")
    assert first.cluster == second.cluster
    assert text[first.start : first.end] == "Allen 1964"
    assert text[second.start : second.end] == "Gaddis 2007"


def test_et_al_and_two_authors_and_prefix():
    c = _one("(see Smith et al. 2001)")
    assert c.authors == ["Smith", "et al."] and c.prefix == "see"
    c = _one("(Jones and Lee 1999)")
    assert c.authors == ["Jones", "Lee"]
    c = _one("(Smith, Jones, & Lee 2001)")
    assert c.authors == ["Smith", "Jones", "Lee"]


def test_same_author_several_years():
    found = find_citations("(Gaddis 1997, 2005)")
    assert [c.year for c in found] == ["1997", "2005"]
    found = find_citations("(Gaddis 2005a, b)")
    assert [c.year for c in found] == ["2005a", "2005b"]


def test_narrative():
    text = "As the historian John Lewis Gaddis (2007) argued"
    c = _one(text)
    assert (c.kind, c.authors, c.year) == ("narrative", ["Gaddis"], "2007")
    assert c.raw == "Gaddis (2007)" and text[c.start : c.end] == c.raw
    c = _one("Mc Dougall (2000, 12) says")
    assert (c.authors, c.locator) == (["Mc Dougall"], "12")
    c = _one("Gaddis’s (2005) view")
    assert c.authors == ["Gaddis"]
    c = _one("Smith and Jones (1999) disagree")
    assert c.authors == ["Smith", "Jones"]


def test_mla():
    c = _one("a sharp break (Taubman 45).")
    assert (c.kind, c.authors, c.year, c.locator) == ("mla", ["Taubman"], None, "45")


def test_numeric():
    c = _one("as shown [3].")
    assert (c.kind, c.numbers) == ("numeric", [3])
    c = _one("as shown [1–3].")
    assert c.numbers == [1, 2, 3]
    c = _one("as shown [1, 4, 7].")
    assert c.numbers == [1, 4, 7]


def test_ieee_range_of_citations_is_one_citation():
    text = "Historians have debated it ever since [2]–[4], and see [5], [6]."
    found = [(c.raw, c.numbers) for c in find_citations(text)]
    assert found == [("[2]–[4]", [2, 3, 4]), ("[5]", [5]), ("[6]", [6])]


def test_numeric_label_at_line_start_is_not_a_citation():
    assert find_citations("[1] Allen, R. Soviet Economic Warfare. 1960.") == []


def test_footnote_markers():
    c = _one("a wicked tyrant.¹² Then")
    assert (c.kind, c.numbers) == ("footnote", [12])
    c = _one("a wicked tyrant.[^4] Then")
    assert (c.kind, c.numbers) == ("footnote", [4])
    c = _one("the Soviet sphere of influence.12 The next")
    assert (c.kind, c.raw, c.numbers) == ("footnote", "12", [12])


def test_false_positives_from_samples():
    text = (
        "the Stalinist era (1929–1953), during which; the Communist Party of the Soviet "
        "Union (CPSU), Soviet; the Federal Republic of Germany (FRG, West Germany). "
        "the People's Republic of China (PRC) lambasted; during 1958–1961. in 1956, "
        "the Soviet Union (1922) and the Cold War (1947); provided $13.5 billion; "
        "his 13-day tour; (Figure 3); (May 1955); [sic]; (see below); first published [1956]"
    )
    assert find_citations(text) == []


@given(st.text(alphabet=st.sampled_from(list("Allen Gaddis (1964; 2007), 45. [3–4] et al.\n¹")), max_size=80))
def test_raw_is_always_the_text_at_the_offsets(text):
    for c in find_citations(text):
        assert text[c.start : c.end] == c.raw
        assert c.kind in {"parenthetical", "narrative", "mla", "numeric", "footnote"}


def test_harvard_page_without_comma():
    c = _one("(Allen 1964 p. 45)")
    assert (c.year, c.locator) == ("1964", "p. 45")


def test_events_and_institutions_before_a_year_are_not_authors():
    text = ("See also Geneva Conference (1955); the Warsaw Pact (1955) and Austrian State "
            "Treaty (1955) and Berlin Crisis (1961) and Geneva Summit (1955).")
    assert find_citations(text) == []


def test_year_only_items_repeat_the_authors_and_initials_are_dropped():
    found = find_citations("(Allen 1964: 12; 1970: 5)")
    assert [(c.authors, c.year, c.locator) for c in found] == [
        (["Allen"], "1964", "12"), (["Allen"], "1970", "5")]
    c = _one("(J. Allen 1964)")
    assert c.authors == ["Allen"]
