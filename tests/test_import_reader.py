"""The trained document reader (zones over lines, spans over tokens): its pieces and its output
on made-up documents of the kinds it was trained for."""

import json
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.importer import import_sources
from citekit.importer.spans import decode, shape, token_features, tokenize
from citekit.importer.zones import ZONES, label_zones

ESSAY = """The Guilds of Bruges

Merchant guilds ruled the town's trade for three centuries (Murray, 2005). Their
statutes were copied across Flanders, as Nicholas (1992) shows, and the counts
confirmed them whenever they needed the guilds' money (Boone, 2010, p. 44).

References

Boone, M. (2010). A la recherche d'une modernité civique. Brussels: Editions de l'Université.
Murray, J. M. (2005). Bruges, cradle of capitalism, 1280-1390. Cambridge: Cambridge University Press.
Nicholas, D. (1992). Medieval Flanders. London: Longman.
"""


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
@settings(max_examples=60, deadline=None)
def test_tokens_are_the_texts_own_characters(text):
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
        assert tok.text.strip() == tok.text and tok.text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
       | st.text(alphabet="aZß×÷Þÿ1٣\n", max_size=12))
@settings(max_examples=300, deadline=None)
def test_word_shape_is_its_letters_classes(word):
    """The shape is the one its definition gives, for any characters (the translation table
    stands for four substitutions: capitals, small letters, digits of any script, runs)."""
    import re

    s = re.sub(r"[A-ZÀ-Þ]", "X", word)
    s = re.sub(r"[a-zß-ÿ]", "x", s)
    s = re.sub(r"\d", "d", s)
    assert shape(word) == re.sub(r"(.)\1{2,}", r"\1\1", s)


def test_token_attributes_are_crfsuite_strings():
    """Each token's attributes: "name:value" strings and flags, its own first, six
    neighbours' (or edges), the word pairs last; a flag that is off is not there."""
    toks = tokenize("See Smith (1990) and\nJones 2001.")
    feats = token_features(toks, ["BODY"] * len(toks))
    assert len(feats) == len(toks) and all(isinstance(a, str) for f in feats for a in f)
    first, paren = feats[0], feats[2]
    assert first[:2] == ["w:see", "shape:Xxx"] and "leadin" in first and "line_start" in first
    assert "-1:edge" in first and "-3:edge" in first and "1:w:smith" in first
    assert first[-2:] == ["-1w|w:^|see", "w|1w:see|smith"]
    assert "in_paren" in paren and "in_paren" not in first
    assert "-1:year" in feats[4] and "line_end" in feats[5] and "line_start" in feats[6]


def test_glued_words_are_split():
    assert [t.text for t in tokenize("Polity Press, CambridgeGoogle Scholar")][-3:] == ["Cambridge", "Google", "Scholar"]
    assert [t.text for t in tokenize("in Lahore5 the")] == ["in", "Lahore", "5", "the"]


def test_decode_turns_labels_into_spans():
    toks = tokenize("see Smith, Life (1990) and [3]")
    spans = decode(toks, ["O", "B-REF", "I-REF", "I-REF", "I-REF", "I-REF", "I-REF", "O", "B-CIT", "I-CIT", "I-CIT"])
    assert [(s.kind, s.start, s.end) for s in spans] == [("REF", 4, 22), ("CIT", 27, 30)]


def test_models_ship_with_a_version():
    meta = json.loads(resources.files("citekit.importer").joinpath("models", "meta.json").read_text())
    assert meta["version"]
    for name in ("zones.crfsuite", "spans.crfsuite"):
        assert resources.files("citekit.importer").joinpath("models", name).is_file()


def test_zone_labels_are_known_labels():
    zones = label_zones(ESSAY)
    assert {z.label for z in zones} <= set(ZONES)
    assert len(zones) == sum(1 for line in ESSAY.splitlines() if line.strip())


def test_trained_reader_reads_an_apa_essay(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text(ESSAY, encoding="utf-8")
    source = import_sources([str(path)]).sources[0]
    surnames = {e.fields.get("author", "").split(",")[0] for e in source.references}
    assert {"Boone", "Murray", "Nicholas"} <= surnames, [e.raw for e in source.references]
    assert {c.raw for c in source.citations} >= {"(Murray, 2005)", "(Boone, 2010, p. 44)"}
    for c in source.citations:
        assert ESSAY[c.start : c.end] == c.raw


MLA_ESSAY = """Okonkwo and the Clan

Okonkwo fears above all to resemble his father (Achebe 8). His strength is known in all
the nine villages (8), and his harshness to his sons grows with his fame (13). When the
locusts come the village feasts (56), but the elders' decision about Ikemefuna follows
soon after (57). The novel ends with the District Commissioner's book (209).

Works Cited

Achebe, Chinua. Things Fall Apart. London: Heinemann, 1958.
"""

EXPLANATION = """How do I find the theme of a novel?

The theme is the idea a work returns to. Here are some examples:

1. In Jane Austen's novel Emma, one theme explores the limits of matchmaking in 1815 society.

2. Herman Melville's novel Moby-Dick examines obsession through the voyage of Captain Ahab.

3. Mary Shelley's novel Frankenstein, published in 1818, examines ambition and its cost.
"""


def test_page_only_citations_of_one_document_are_found_alike(tmp_path):
    path = tmp_path / "essay.txt"
    path.write_text(MLA_ESSAY, encoding="utf-8")
    source = import_sources([str(path)]).sources[0]
    raws = [c.raw for c in source.citations]
    assert raws == ["(Achebe 8)", "(8)", "(13)", "(56)", "(57)", "(209)"], raws
    assert [e.fields.get("author") for e in source.references] == ["Achebe, Chinua"]


def test_a_numbered_explanation_is_not_a_reference_list(tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(EXPLANATION, encoding="utf-8")
    source = import_sources([str(path)]).sources[0]
    assert source.references == [], [e.raw for e in source.references]


def test_a_bare_list_is_split_item_by_item(tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text(
        "Boone, M. (2010). A la recherche d'une modernité civique. Brussels: Editions de\n"
        "    l'Université.\n"
        "Murray, J. M. (2005). Bruges, cradle of capitalism, 1280-1390. Cambridge:\n"
        "    Cambridge University Press.\n"
        "Nicholas, D. (1992). Medieval Flanders. London: Longman.\n", encoding="utf-8")
    for as_list in (True, False):
        source = import_sources([str(path)], as_list=as_list).sources[0]
        assert source.document is None
        assert [e.fields.get("author", "").split(",")[0] for e in source.references] == [
            "Boone", "Murray", "Nicholas"]
