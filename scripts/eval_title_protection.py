"""How well import braces the proper nouns of titles, measured on AnyStyle's labelled data.

Gold: English titles of ../shared/refparse/dev.jsonl written in sentence case (APA-like
records). In those, the capitalised words that are not the first word, nor first after a
colon or sentence end, are exactly the proper nouns (and acronyms). We turn each such title
into title case (as a Chicago/MLA list would print it), so that its own case no longer
tells, run ``protect_title`` with the evidence import would have (the lexicons, plus the
other references of the same list: the 20 records around it in the same source file,
parsed by citekit's parser), and score the braced words against the gold ones, counting
only non-initial positions (where the gold is known).

    .venv/bin/python scripts/eval_title_protection.py [DEV.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from citekit.importer.capitals import (
    SMALL_WORDS,
    CaseEvidence,
    is_acronym,
    is_sentence_case,
    protect_title,
    title_words,
)
from citekit.refparse import parse_references

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "refparse" / "dev.jsonl"
WINDOW = 10  # records either side taken as "the same list"


def gold_title(record: dict) -> str | None:
    titles = record.get("fields", {}).get("title") or []
    if record.get("lang") != "en" or len(titles) != 1:
        return None
    title = titles[0].strip().rstrip(".,;").strip("\"“”")
    words = title_words(title)
    if len(words) < 4 or not is_sentence_case(title):
        return None
    # a clear sentence-case title: at least three lower-case content words
    lower = [w for w in words if w.text[:1].islower() and w.key not in SMALL_WORDS]
    return title if len(lower) >= 3 else None


def to_title_case(title: str) -> str:
    out = list(title)
    for word in title_words(title):
        if word.text[:1].islower() and (word.initial or word.key not in SMALL_WORDS):
            out[word.start] = out[word.start].upper()
    return "".join(out)


def gold_positions(title: str) -> set[int]:
    return {w.start for w in title_words(title)
            if not w.initial and (w.text[:1].isupper() or is_acronym(w.text))}


def braced_positions(original: str, protected: str) -> set[int]:
    """Start offsets (in the unbraced title) of the words inside braces."""
    out: set[int] = set()
    depth = 0
    pos = 0
    for ch in protected:
        if ch == "{":
            depth += 1
            continue
        if ch == "}":
            depth -= 1
            continue
        if depth and ch.isalnum() and (pos == 0 or not (original[pos - 1].isalnum() or original[pos - 1] in ".'’")):
            out.add(pos)
        pos += 1
    return out


def score(name: str, predicted: list[set[int]], gold: list[set[int]], initial: list[set[int]]) -> None:
    tp = fp = fn = 0
    for p, g, ini in zip(predicted, gold, initial):
        p = p - ini
        tp += len(p & g)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"| {name:<44} | {precision:6.1%} | {recall:6.1%} | {f1:6.1%} |")


def main(path: Path) -> None:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    parsed = parse_references([r["text"] for r in records])
    chosen = [(i, t) for i, r in enumerate(records) if (t := gold_title(r))]
    golds, initials, titled = [], [], []
    for _, title in chosen:
        golds.append(gold_positions(title))
        initials.append({w.start for w in title_words(title) if w.initial})
        titled.append(to_title_case(title))
    n_gold = sum(len(g) for g in golds)
    print(f"{len(chosen)} sentence-case English titles, {n_gold} proper-noun/acronym words "
          f"(non-initial) among {sum(len(title_words(t)) for t in titled)} words\n")
    print(f"| {'protection':<44} | {'prec.':>6} | {'recall':>6} | {'F1':>6} |")
    print(f"|{'-' * 46}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")

    every = [{w.start for w in title_words(t) if w.text[:1].isupper() and w.key not in SMALL_WORDS}
             for t in titled]
    score("baseline: every capitalised word", every, golds, initials)
    shape_only = CaseEvidence(use_lexicons=False)
    score("word shape only (acronyms, internal caps)",
          [braced_positions(t, _shape_only(t)) for t in titled], golds, initials)
    score("+ nationalities, days, months",
          [braced_positions(t, protect_title(t, shape_only)) for t in titled], golds, initials)
    lexicons = CaseEvidence(use_dictionary=False, use_unknown=False)
    score("+ given-name and place lexicons",
          [braced_positions(t, protect_title(t, lexicons)) for t in titled], golds, initials)
    dictionary = CaseEvidence(use_unknown=False)
    score("+ names in the dictionary (web2: Paris)",
          [braced_positions(t, protect_title(t, dictionary)) for t in titled], golds, initials)
    score("+ words no dictionary knows (Khrushchev)",
          [braced_positions(t, protect_title(t)) for t in titled], golds, initials)
    with_list = []
    for (index, _), title in zip(chosen, titled):
        evidence = CaseEvidence()
        source = records[index].get("source")
        for j in range(max(0, index - WINDOW), min(len(records), index + WINDOW + 1)):
            if j != index and records[j].get("source") == source:
                evidence.add_entry_fields(dict(parsed[j].fields))
        with_list.append(braced_positions(title, protect_title(title, evidence)))
    score("+ the other references of the list", with_list, golds, initials)
    hum = [k for k, (index, _) in enumerate(chosen) if records[index].get("domain") == "hum_soc"]
    score(f"  same, humanities records only ({len(hum)})", [with_list[k] for k in hum],
          [golds[k] for k in hum], [initials[k] for k in hum])
    print("\nAs given (sentence case kept, as import sees an APA list):")
    as_given = [braced_positions(t, protect_title(t)) for _, t in chosen]
    score("sentence-case titles, as written", as_given, golds, initials)
    _errors(chosen, titled, golds, initials)


def _shape_only(title: str) -> str:
    out = title
    for word in reversed(title_words(title)):
        if is_acronym(word.text):
            out = out[:word.start] + "{" + word.text + "}" + out[word.end:]
    return out


def _errors(chosen, titled, golds, initials) -> None:
    missed: Counter = Counter()
    wrong: Counter = Counter()
    for title, gold, ini in zip(titled, golds, initials):
        got = braced_positions(title, protect_title(title)) - ini
        for w in title_words(title):
            if w.start in gold - got:
                missed[w.text] += 1
            if w.start in got - gold:
                wrong[w.text] += 1
    print("\nmost missed (lexicons only):", ", ".join(f"{w} {n}" for w, n in missed.most_common(15)))
    print("most wrongly braced:", ", ".join(f"{w} {n}" for w, n in wrong.most_common(15)))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
