"""Import braces the names and acronyms of titles, on evidence (citekit.importer.capitals)."""

import re

from hypothesis import given, strategies as st

from citekit.importer import import_sources
from citekit.importer.capitals import CaseEvidence, is_sentence_case, protect_title

ESSAY = """\
The Thaw

In 1956 Khrushchev spoke to the Twentieth Congress. He said the Cold War need not end in war,
and that the Soviet Union and the United States could coexist. Many historians of the Cold War
doubt that the policy of peaceful coexistence was sincere, but Khrushchev repeated it often.
The Soviet leadership was divided about peaceful coexistence and about nuclear war.
"""


def _evidence(text: str) -> CaseEvidence:
    evidence = CaseEvidence()
    evidence.add_prose(text)
    return evidence


def test_acronyms_and_internal_capitals_are_braced_without_evidence():
    assert protect_title("NATO and the U.S.-Soviet Rivalry in the iPhone Age") == (
        "{NATO} and the {U.S.-Soviet} Rivalry in the {iPhone} Age")
    assert protect_title("The U-2 Crisis of 1960") == "The {U-2} Crisis of 1960"
    assert protect_title("A Life of Ramsay MacDonald") == "A Life of {Ramsay MacDonald}"


def test_hyphenated_title_case_words_are_not_acronyms():
    assert protect_title("Peaceful Co-Existence Reconsidered") == "Peaceful Co-Existence Reconsidered"


def test_body_text_is_evidence_and_runs_are_braced_whole():
    evidence = _evidence(ESSAY)
    assert protect_title("Khrushchev and the Cold War", evidence) == "{Khrushchev} and the {Cold War}"
    assert protect_title("The Soviet Union after Stalin", evidence).startswith("The {Soviet Union} after")


def test_words_the_texts_write_in_lower_case_stay_free():
    evidence = _evidence(ESSAY)
    # "Peaceful Coexistence" capitalised in a title, but the essay says "peaceful coexistence"
    assert protect_title("The Policy of Peaceful Coexistence", evidence) == "The Policy of Peaceful Coexistence"
    assert protect_title("Historians and the Nuclear War", evidence) == "Historians and the Nuclear War"


def test_first_word_and_first_after_colon_need_other_evidence():
    assert protect_title("Expansion and Coexistence: Foreign Policy, 1917–1973") == (
        "Expansion and Coexistence: Foreign Policy, 1917–1973")
    assert protect_title("Khrushchev: The Man and His Era") == "Khrushchev: The Man and His Era"
    assert protect_title("Khrushchev: The Man and His Era", _evidence(ESSAY)) == "{Khrushchev}: The Man and His Era"


def test_sentence_case_title_tells_its_own_names():
    title = "What was the importance of Khrushchev’s peaceful coexistence?"
    assert is_sentence_case(title)
    assert protect_title(title) == "What was the importance of {Khrushchev’s} peaceful coexistence?"
    assert not is_sentence_case("The Challenge to Nationalism")


def test_dictionary_names_and_unknown_words():
    # the dictionary writes "Paris", "Americans" capitalised; no dictionary knows "Chicxulub"
    assert protect_title("Life Among the Americans") == "Life Among the {Americans}"
    assert protect_title("Impact Structures Near Chicxulub") == "Impact Structures Near {Chicxulub}"
    # technical words the dictionary lacks are not names: built like English words
    assert protect_title("Photonic Crystals and Bispectral Imaging") == "Photonic Crystals and Bispectral Imaging"
    assert protect_title("Changing Behaviour in Urban Centres") == "Changing Behaviour in Urban Centres"


def test_lexicons_nationalities_and_everyday_words():
    assert protect_title("Memories of a British Childhood in Paris") == "Memories of a {British} Childhood in {Paris}"
    assert protect_title("Soviet Foreign Policy") == "{Soviet} Foreign Policy"  # always capitalised
    assert protect_title("What Will Happen Next") == "What Will Happen Next"  # "Will" is a word too


def test_other_references_are_evidence():
    evidence = CaseEvidence()
    evidence.add_entry_fields({"author": "Taubman, William", "title": "The rise of Gorbachev in the Politburo"})
    assert protect_title("A Study of Gorbachev and Taubman", evidence) == "A Study of {Gorbachev} and {Taubman}"


def test_existing_braces_and_all_capitals_are_left_alone():
    assert protect_title("The {Cold War} in Europe") == "The {Cold War} in Europe"
    assert protect_title("THE COLD WAR IN EUROPE") == "THE COLD WAR IN EUROPE"


_WORDS = st.sampled_from(["the", "Soviet", "NATO", "policy", "Cold", "War", "of", "Paris", "iPhone",
                          "U.S.", "Thaw:", "and", "Khrushchev’s", "Peaceful", "co-existence", "1956,"])


@given(st.lists(_WORDS, min_size=1, max_size=12))
def test_protection_only_adds_balanced_braces_and_is_idempotent(words):
    title = " ".join(words)
    evidence = _evidence(ESSAY)
    protected = protect_title(title, evidence)
    assert protected.replace("{", "").replace("}", "") == title
    depth = 0
    for ch in protected:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert 0 <= depth <= 1
    assert depth == 0
    assert protect_title(protected, evidence) == protected


def test_import_braces_titles_in_the_bibtex(tmp_path):
    source = tmp_path / "essay.txt"
    source.write_text(ESSAY + "\nReferences\n\nTaubman, William. Khrushchev: The Man and His Era. "
                      "New York: Norton, 2003.\n", encoding="utf-8")
    bibtex = import_sources([str(source)]).to_bibtex()
    titles = re.findall(r"title\s*=\s*\{(.*)\},", bibtex)
    assert "{Khrushchev}: The Man and His Era" in titles


def test_known_names_of_several_words_and_place_heads():
    assert protect_title("Politics in the United States and North Korea") == (
        "Politics in the {United States} and {North Korea}")
    assert protect_title("Fishing on Lake Baikal") == "Fishing on {Lake Baikal}"
    # a direction as an adjective stays free: "eastern Europe" in sentence case
    assert protect_title("Trade in Eastern Europe") == "Trade in Eastern {Europe}"
