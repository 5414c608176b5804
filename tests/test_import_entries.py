"""Duplicate detection in ``import`` (linear, same answers as all-pairs) and ``--one-per-line``."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.cli import main
from citekit.importer.entries import ImportedEntry, find_duplicates, references_per_line, same_work

# --- duplicates -----------------------------------------------------------------------

AUTHORS = ["Taubman, William", "taubman,  william", "Ulam, Adam", "", "Doe, J. and Roe, R."]
TITLES = ["Khrushchev: The Man and His Era", "khrushchev -- the man and his era", "Expansion",
          "", "  ", "Expansion!", "The Cold War"]
YEARS = ["2003", "1974", "", "2003."]


def all_pairs(entries: list[ImportedEntry]) -> list[tuple[ImportedEntry, ImportedEntry]]:
    """The former quadratic rule: each entry against every entry kept so far."""
    kept: list[ImportedEntry] = []
    pairs = []
    for entry in entries:
        original = next((k for k in kept if same_work(k, entry)), None)
        if original is None:
            kept.append(entry)
        else:
            pairs.append((entry, original))
    return pairs


entry_fields = st.fixed_dictionaries(
    {}, optional={"author": st.sampled_from(AUTHORS), "title": st.sampled_from(TITLES),
                  "year": st.sampled_from(YEARS)})


@settings(max_examples=100, deadline=None)
@given(st.lists(entry_fields, max_size=40))
def test_blocked_duplicates_give_the_all_pairs_answers(field_lists):
    entries = [ImportedEntry("misc", f, "list.txt", i + 1, 0.9) for i, f in enumerate(field_lists)]
    new = [(a.line, b.line) for a, b in find_duplicates(entries)]
    old = [(a.line, b.line) for a, b in all_pairs(entries)]
    assert new == old


def test_duplicates_stay_linear_on_a_long_list():
    # 20,000 distinct works plus every 10th one again: all-pairs would be 2e8 comparisons.
    entries = [ImportedEntry("book", {"author": f"Author{i}, A.", "title": f"Title number {i}",
                                      "year": str(1900 + i % 100)}, "l", i, 0.9) for i in range(20000)]
    again = [ImportedEntry("book", dict(e.fields), "m", e.line, 0.9) for e in entries[::10]]
    pairs = find_duplicates(entries + again)
    assert [(a.source, a.line, b.source, b.line) for a, b in pairs] == [
        ("m", e.line, "l", e.line) for e in entries[::10]]


# --- one entry per line ---------------------------------------------------------------

LINES = [
    "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.",
    "***",
    "[3] Ulam, Adam. Expansion and Coexistence. 2nd ed. New York: Praeger, 1974.",
    "Ibid., 45.",
    "Hello there, how are you?",
    "12.",
    "———. The Cold War. New York: Norton, 2005.",
    "Taubman, William. Khrushchev: The Man and His Era. New York: Norton, 2003.",
]


def test_one_per_line_gives_one_entry_per_non_blank_line_in_order(tmp_path):
    text = "\n\n".join(LINES[:3]) + "\r\n   \n" + "\n".join(LINES[3:]) + "\n"
    path = tmp_path / "refs.txt"
    path.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(main, ["import", "--one-per-line", "--to", "json", str(path)])
    assert result.exit_code == 0, result.output
    (source,) = json.loads(result.output)["sources"]
    refs = source["references"]
    source_lines = [line.rstrip("\r") for line in text.split("\n")]
    non_blank = [n + 1 for n, line in enumerate(source_lines) if line.strip()]
    assert [r["line"] for r in refs] == non_blank
    assert [r["raw"] for r in refs] == [source_lines[n - 1] for n in non_blank]
    for r in refs:
        assert text[r["start"]:r["end"]] == r["raw"]
    by_raw = {r["raw"]: r for r in refs}
    assert by_raw[LINES[0]]["fields"]["year"] == "2003"
    assert by_raw[LINES[2]]["label"] == "3"
    for junk in ("***", "12."):
        kept = by_raw[junk]
        assert kept["type"] == "misc" and kept["recognised"] is False
        assert kept["fields"] == {"note": kept["raw"]}
        assert kept["confidence"] < 0.5 and kept["guessed"] == ["note"]
    assert refs[-1]["same_as"] == refs[0]["key"]  # the repeated line: still its own item


def test_unrecognised_lines_are_reported():
    result = CliRunner().invoke(main, ["import", "--one-per-line", "--report", "-"],
                                input="***\n" + LINES[0] + "\n")
    assert result.exit_code == 0
    assert "line 1:1: reference" in result.stderr and "no reference recognised" in result.stderr
    assert result.stdout.count("@") == 2  # both lines are entries in the BibTeX too


def test_references_per_line_keeps_offsets_labels_and_dashes():
    text = "1. A, B. T. 2001.\n\n  (2) C, D. U. 2002.\n——. V. 2003."
    refs = references_per_line(text)
    assert [(r.line, r.label, r.same_authors) for r in refs] == [(1, "1", False), (3, "2", False),
                                                               (4, None, True)]
    assert [text[r.start:r.end] for r in refs] == [r.raw for r in refs]
    assert refs[1].text == "C, D. U. 2002."
