"""The shipped model: it loads, its version matches the code, and it parses real references."""

import json
from pathlib import Path

import pytest

from citekit.refparse import ParsedReference, model_version, parse_reference, parse_references
from citekit.refparse.features import FEATURES_VERSION
from citekit.refparse.model import META_FILE, MODEL_FILE, default_labeller, load_meta, package_dir
from citekit.refparse.tokens import tokenize


def test_shipped_model_loads_and_version_matches():
    meta = load_meta()
    assert meta.features_version == FEATURES_VERSION
    assert meta.version == model_version()
    assert FEATURES_VERSION in meta.version
    path = package_dir() / MODEL_FILE
    assert 0 < path.stat().st_size < 8_000_000
    assert meta.version.endswith(json.loads((package_dir() / META_FILE).read_text())["sha256_12"])
    labeller = default_labeller()
    core = {"author", "title", "date", "journal", "publisher", "location"}
    assert set(labeller.tagger.labels()) >= {f"{p}-{lab}" for p in "BI" for lab in core}


def test_adjacent_segments_of_one_label_stay_apart():
    """A B- tag starts a new segment even right after one of the same label."""

    class Fixed:
        def label(self, features):
            tags = ["B-author", "I-author", "B-title", "I-title", "B-title", "B-date"]
            return tags, [0.9] * len(tags), 0.5

    ref = parse_reference("Smith, J. Main Title. Second. 1999.", Fixed())
    assert ref.segments == [("author", "Smith, J."), ("title", "Main Title."), ("title", "Second."),
                            ("date", "1999.")]
    assert ref.fields["title"] == "Main Title"
    assert ref.fields["titleaddon"] == "Second"


def test_book_chicago():
    text = "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003."
    ref = parse_reference(text)
    assert isinstance(ref, ParsedReference)
    assert ref.entry_type == "book"
    assert ref.fields["author"] == "Taubman, William"
    assert ref.fields["title"] == "Khrushchev: The Man and His Era"
    assert ref.fields["address"] == "New York"
    assert ref.fields["publisher"] == "Norton"
    assert ref.fields["year"] == "2003"
    assert ref.text == text
    assert "".join(seg for _, seg in ref.segments).replace(" ", "") == text.replace(" ", "")
    assert 0.5 < ref.confidence <= 1.0
    assert set(ref.field_confidence) == set(ref.fields)
    assert all(0.0 <= p <= 1.0 for p in ref.field_confidence.values())


def test_book_with_edition():
    ref = parse_reference("Ulam, Adam. Expansion and Coexistence: Soviet Foreign Policy, 1917–1973. "
                          "2nd ed. New York: Praeger, 1974.")
    assert ref.entry_type == "book"
    assert ref.fields["author"] == "Ulam, Adam"
    assert ref.fields["edition"] == "2"
    assert ref.fields["publisher"] == "Praeger"
    assert ref.fields["year"] == "1974"
    assert ref.fields["title"].startswith("Expansion and Coexistence")


def test_journal_article_apa():
    ref = parse_reference("Holt, L. J., & Berwise, C. A. (2012). Illuminating the process of peer mentoring. "
                          "Journal of the First-Year Experience, 24(1), 19–43. https://doi.org/10.1000/xyz123")
    assert ref.entry_type == "article"
    assert ref.fields["author"] == "Holt, L. J. and Berwise, C. A."
    assert ref.fields["journal"] == "Journal of the First-Year Experience"
    assert (ref.fields["volume"], ref.fields["number"], ref.fields["pages"]) == ("24", "1", "19--43")
    assert ref.fields["year"] == "2012"
    # a doi.org link is labelled as the URL it is written as (AnyStyle's convention)
    assert "10.1000/xyz123" in (ref.fields.get("doi") or ref.fields.get("url", ""))


def test_chapter_in_edited_book():
    ref = parse_reference("Smith, John. “The Cold War Origins.” In The Oxford Handbook of the Cold War, "
                          "edited by Richard H. Immerman and Petra Goedde, 45–67. Oxford: Oxford University Press, 2013.")
    assert ref.entry_type == "incollection"
    assert ref.fields["booktitle"] == "The Oxford Handbook of the Cold War"
    assert ref.fields["editor"] == "Immerman, Richard H. and Goedde, Petra"
    assert ref.fields["pages"] == "45--67"
    assert ref.fields["title"] == "The Cold War Origins"


def test_segments_have_offsets_into_the_text():
    text = "Gaddis, John Lewis. The Cold War: A New History. New York: Penguin, 2005."
    ref = parse_reference(text)
    for (label, seg), (label2, start, end) in zip(ref.segments, ref.spans):
        assert label == label2 and text[start:end] == seg
    assert [t.text for t in tokenize(text)] == text.split()


def test_parse_references_batch_and_empty():
    refs = parse_references(["Taubman, William. Khrushchev. New York: Norton, 2003.", "", "   "])
    assert len(refs) == 3
    assert refs[0].fields["year"] == "2003"
    assert refs[1].fields == {} and refs[1].entry_type == "misc" and refs[2].segments == []


DEV = Path(__file__).resolve().parents[2] / "shared" / "refparse" / "dev.jsonl"


@pytest.mark.skipif(not DEV.exists(), reason="../shared/refparse/dev.jsonl not available")
def test_parses_every_dev_reference_without_error():
    with open(DEV, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(300), fh)]
    refs = parse_references(texts)
    assert all(r.text == t for r, t in zip(refs, texts))
    assert sum(1 for r in refs if r.fields.get("title")) > 250


from hypothesis import given, settings, strategies as st  # noqa: E402

_ref_text = st.lists(
    st.one_of(st.sampled_from(["Smith,", "J.", "(2003).", "Title", "of", "Things.", "In", "eds.", "New", "York:",
                               "Norton,", "pp.", "12–19.", "61(3):", "2nd", "ed.", "https://x.org/a", "———.", "“Quoted”",
                               "et", "al.", "Vol.", "no."]),
              st.text(min_size=1, max_size=12)),
    min_size=0, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(_ref_text)
def test_any_text_parses_with_consistent_offsets(text):
    ref = parse_reference(text)
    assert ref.text == text
    for (label, seg), (label2, start, end) in zip(ref.segments, ref.spans):
        assert label == label2 and text[start:end] == seg and seg == seg.strip()
    assert [w for _, seg in ref.segments for w in seg.split()] == text.split()
    assert 0.0 <= ref.confidence <= 1.0
    assert set(ref.field_confidence) == set(ref.fields)
    assert all(isinstance(v, str) and v for v in ref.fields.values())
