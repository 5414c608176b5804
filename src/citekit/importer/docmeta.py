"""The document's own entry: its title chosen by a trained ranker, the fields its header states.

A document's title is not always its first short block: a site name, a menu and the title
run into one line; a blog puts the date first; a student's cover page puts the university,
the course and the date around it; an encyclopedia page names the encyclopedia before the
headword. So the title is chosen among candidates (the first lines, the pieces of a run-on
line cut at separators, the first words of a long first line) by a linear ranker over
descriptive features (position, length, capitals, words shared with the rest of the text,
the zone the zone model gave the line, what comes before and after, the rules' own pick),
with "no title" as one more candidate. ``models/docmeta.json`` holds its weights
(``scripts/train_docmeta.py`` rebuilds it from synthetic headers and the docs-dev gold,
cross-validated by document).

The other fields come from lines that state them (a date line near the title, a DOI, an
"Editors:" line, an encyclopedia's name over its entry, a journal header, a cover page's
institution): nothing is invented.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from citekit.importer.documents import (
    _BYLINE,
    _POSTED,
    DocumentEntry,
    Note,
    _is_name_list,
    _is_signature,
    _is_strapline,
    _split_names,
)
from citekit.importer.text import Line, join_wrapped

__all__ = ["Candidate", "title_candidates", "choose_title", "use_model", "refine_entry", "MODEL_NAME"]

MODEL_NAME = "docmeta.json"
MAX_LINES = 30  # candidates come from the first non-blank lines
_override: str | None = None
_capture: list | None = None  # scripts/train_docmeta.py collects the candidates of each read here


def use_model(path: str | None) -> None:
    """Read titles with the weights at ``path`` (a cross-validation fold); None: the shipped model."""
    global _override
    _override = path
    _weights.cache_clear()


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    if _override:
        with open(_override, encoding="utf-8") as fh:
            return json.load(fh)["weights"]
    try:
        text = resources.files("citekit.importer").joinpath("models", MODEL_NAME).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return json.loads(text)["weights"]


# --- candidates ------------------------------------------------------------------------

_STOP = {
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with", "as", "his",
    "on", "be", "at", "by", "this", "had", "not", "are", "but", "from", "or", "have", "an", "they",
    "which", "were", "their", "has", "been", "would", "also", "we", "you", "i", "so", "if", "can",
    "our", "your", "will", "there", "all", "its", "into", "more", "any", "about",
}
_MENU = {
    "home", "about", "contact", "menu", "search", "login", "log", "sign", "subscribe", "blog",
    "welcome", "powered", "feedburner", "share", "facebook", "twitter", "email", "e-mail", "download",
    "pdf", "advertisement", "page", "pages", "words", "print", "posts", "comments", "reply", "tags",
    "categories", "archive", "archives", "privacy", "cookies", "cookie", "skip", "main", "content",
    "essays", "free", "essay", "sample", "samples", "documents", "upload", "more", "browse", "next",
    "previous", "total", "file", "type", "size", "view", "read", "show", "full", "text", "access",
    "keywords", "cite", "references", "affiliations", "authors", "follow", "report", "entry",
}
_INSTITUTION = re.compile(
    r"\b(?:university|college|institute|foundation|department|school|society|academy|library|"
    r"faculty|centre|center|universit[éäà]t?|ministry)\b", re.I)
_CONTAINER = re.compile(
    r"\b(?:encyclop(?:a?e|æ)dia|dictionary|handbook|companion|lexicon|journal|review|proceedings|"
    r"quarterly|magazine|yearbook|bulletin)\b", re.I)
_SECTION_WORDS = {
    "introduction", "abstract", "contents", "preface", "summary", "conclusion", "chapter", "foreword",
    "acknowledgements", "acknowledgments", "overview", "background",
}
_HEADING_WORDS = {
    "references", "bibliography", "works", "cited", "notes", "endnotes", "footnotes", "sources", "further",
    "reading", "readings", "suggested", "recommended", "additional", "literature", "select", "selected",
    "consulted", "annotated", "citations",
}
_BACK_WORDS = {"notes", "endnotes", "references", "bibliography", "footnotes", "sources", "works cited"}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_YEAR_RE = r"(?:1[5-9]\d\d|20[0-4]\d)"
_DATE = re.compile(
    rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_RE},?\s+{_YEAR_RE}"
    rf"|{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR_RE}|{_MONTH_RE},?\s+{_YEAR_RE})\b",
    re.I)
_SEPARATORS = re.compile(r"\s+[|•·]\s+|\s+[–—-]{1,2}\s+|\s*::\s*|\s*—\s*|(?<=[a-z.])\s*›\s*")
_BAR_BETWEEN_SPACES = re.compile(r"\s[|•·]\s")
_DASH_BETWEEN_SPACES = re.compile(r"\s[–—-]{1,2}\s")
_ANGLE_AFTER_WORD = re.compile(r"[a-z.]\s*›")


def _has_separator(text: str) -> bool:
    """Whether ``_SEPARATORS`` is found in ``text``: its alternatives one by one, each only
    where its mark is (the alternation tries each at every position: 7% of the ranker's time)."""
    return ("::" in text or "—" in text
            or (("|" in text or "•" in text or "·" in text) and bool(_BAR_BETWEEN_SPACES.search(text)))
            or (("-" in text or "–" in text) and bool(_DASH_BETWEEN_SPACES.search(text)))
            or ("›" in text and bool(_ANGLE_AFTER_WORD.search(text))))
_BULLET = re.compile(r"^\s*(?:[-–•*·▪]\s+)+")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,4}\s+(?=\S)")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_GREETING = re.compile(r"^(?:hi|hello|dear|hey|thanks|thank you)\b", re.I)
_SUBMITTED = re.compile(r"^(?:submitted|presented|prepared|written)\s+(?:by|to|for)\b", re.I)
_EDITORS = re.compile(r"^\W*(?:editors?|edited by|eds?\.)\s*:?\s*(?P<names>.+)$", re.I)
_EDITION = re.compile(r"^\W*(?P<edition>(?:(?P<year>" + _YEAR_RE + r")|living|\w+)\s+edition)\W*$", re.I)


@dataclass
class Candidate:
    """A possible title: its text, the lines it spans and what describes it."""

    text: str
    first: int  # line numbers
    last: int
    kind: str  # line, join, segment, prefix, none
    features: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` (cached: a line's words are asked for by the rules, the ranker's
    line and joined candidates and the word counts)."""
    return tuple(_WORD.findall(text))


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


_PROSE_END = re.compile(r"[a-z][.!?]['’”\"]?$")
_INNER_SENTENCE = re.compile(r"[a-z]{2}[.!?]['’”\"]?\s+[A-Z]")
_YEAR = re.compile(r"\b" + _YEAR_RE + r"\b")
_LIST_NUMBER = re.compile(r"(?:^|\s)\d{1,3}[.)]\s")
_URLISH = re.compile(r"https?://|www\.|@|\.com\b")
_INVERTED = re.compile(r"[A-Z][\w'’\-]+,\s+[A-Z][\w'’.\- ]+")


@lru_cache(maxsize=8192)
def _sig(text: str) -> bool:
    return _is_signature(text)


@lru_cache(maxsize=8192)
def _is_date_line(text: str) -> bool:
    """A line that is mostly a date ("Monday, 1 February 2010", "Posted on March 3, 2011")."""
    m = _DATE.search(text) if text and len(text) < 60 else None
    return bool(m) and len(m.group(0)) >= 0.5 * len(text.strip())


def _title_like(line: Line, zones: dict[int, str], junk: dict[int, str]) -> bool:
    """A short capitalised line that is no date, name, by-line, menu or chrome (what the rules take)."""
    text = line.stripped
    words = _words(text)
    if line.number in junk or zones.get(line.number) == "CHROME" or not 2 <= len(words) <= 16 or len(text) > 90:
        return False
    if text.endswith((".", ":", ",")) or _is_date_line(text) or _sig(text) or _BYLINE.match(text):
        return False
    lower = [w.lower() for w in words]
    if sum(1 for w in lower if w in _MENU) / len(words) > 0.3 or _INSTITUTION.search(text) or _CONTAINER.search(text):
        return False
    caps = sum(1 for w in words if w[:1].isupper() and w.lower() not in _STOP)
    return caps >= 0.5 * max(1, sum(1 for w in lower if w not in _STOP))


def _context(c: Candidate, k: int, nb: list[Line], zones: dict[int, str], junk: dict[int, str],
             like: list[bool], prose: list[bool]) -> tuple[dict[str, float], bool, str]:
    """The features of a candidate's place (the same for every piece of one line)."""
    g: dict[str, float] = {}
    line = nb[k] if k < len(nb) else None
    prose_before = sum(prose[:k])
    g[f"prose_before={_bucket(prose_before, (0, 1, 3))}"] = 1.0
    after_editors = any(_EDITION.match(ln.stripped) or _EDITORS.match(ln.stripped) for ln in nb[max(0, k - 3):k])
    g["after_editors"] = float(after_editors)
    nxt_line = next((ln for ln in nb if ln.number > c.last), None)
    if nxt_line is not None:
        g[f"next_zone={zones.get(nxt_line.number, '-')}"] = 1.0
    zone = zones.get(c.first, "-")
    g[f"zone={zone}"] = 1.0
    g["junk"] = float(c.first in junk)
    if line is not None:
        g["indent"] = float(line.indent >= 6)
        g["line_long"] = float(len(line.stripped) > 150)
    nxt = nb[k + 1].stripped if c.kind in ("line", "join") and k + 1 < len(nb) else ""
    if c.kind == "join":
        nxt = next((ln.stripped for ln in nb if ln.number > c.last), "")
    prev = nb[k - 1].stripped if k > 0 else ""
    g["next_byline"] = float(bool(nxt) and bool(_BYLINE.match(nxt) or _POSTED.match(nxt) or _sig(nxt)
                                               or _SUBMITTED.match(nxt)))
    g["next_date"] = float(_is_date_line(nxt))
    g["next_prose"] = float(len(nxt) > 100)
    g["next_edition"] = float(bool(_EDITION.match(nxt) or _EDITORS.match(nxt)))
    g["prev_date"] = float(_is_date_line(prev))
    earlier = any(like[:k])
    g["earlier_title_like"] = float(earlier)
    g["prev_date_first"] = float(g["prev_date"] and not earlier)
    g["title_like"] = float(k < len(like) and like[k])
    nz = zones.get(nxt_line.number, "-") if nxt_line is not None else "-"
    # a hard-wrapped line of prose: the line before runs on into it, or it runs on into the next
    prev_adjacent = k > 0 and line is not None and nb[k - 1].number == line.number - 1
    g["prev_runs_on"] = float(prev_adjacent and len(prev) > 60 and not re.search(r"[.!?:;”\"')\]]$", prev))
    g["next_lower"] = float(bool(nxt) and nxt[:1].islower() and not g["next_byline"])
    after = nb[k + 1] if k + 1 < len(nb) else None
    adjacent = after is not None and line is not None and after.number == line.number + 1
    g["next_long_adjacent"] = float(adjacent and len(line.stripped) > 60 and len(after.stripped) > 70)
    g["is_last"] = float(k == len(nb) - 1)
    g["prev_menu"] = float(bool(prev) and sum(1 for w in _words(prev.lower()) if w in _MENU) >= 1)
    g["prev_container"] = float(bool(prev) and bool(_CONTAINER.search(prev)) and len(prev) < 80)
    return g, earlier, nz


def _describe(c: Candidate, k: int, nb: list[Line], zones: dict[int, str], junk: dict[int, str],
              rest_words: dict[str, int], full_text: str, rule_title: str | None, like: list[bool],
              prose: list[bool], cache: dict) -> None:
    text = c.text
    words = _words(text)
    lower = [w.lower() for w in words]
    content = [w for w in lower if w not in _STOP and len(w) > 2]
    f = c.features
    f["bias"] = 1.0
    f[f"kind={c.kind}"] = 1.0
    f[f"pos={_bucket(k, (0, 1, 2, 4, 7, 12))}"] = 1.0
    f[f"words={_bucket(len(words), (1, 3, 6, 10, 15, 25))}"] = 1.0
    f["long"] = float(len(text) > 120)
    if words:
        caps = sum(1 for w in words if w[:1].isupper() and w.lower() not in _STOP)
        f["caps"] = caps / max(1, sum(1 for w in lower if w not in _STOP))
        f["allcaps"] = float(text.upper() == text and any(ch.isalpha() for ch in text) and len(words) > 0)
        f["lower_start"] = float(words[0][:1].islower())
        f["stop"] = sum(1 for w in lower if w in _STOP) / len(words)
        f["menu"] = sum(1 for w in lower if w in _MENU) / len(words)
        f["stop_last"] = float(lower[-1] in _STOP)
    else:
        f["no_words"] = 1.0
    f["end_period"] = float(text.rstrip().endswith("."))
    f["end_colon"] = float(text.rstrip().endswith((":", ",", ";")))
    f["end_q"] = float(text.rstrip().endswith("?"))
    f["inner_sentence"] = float(bool(_INNER_SENTENCE.search(text)))
    f["digits"] = sum(map(str.isdigit, text)) / max(1, len(text))
    year = bool(_YEAR.search(text))  # (a date has a year: the cheap search first)
    f["date"] = float(year and bool(_DATE.search(text)))
    f["year"] = float(year)
    f["byline"] = float(bool(_BYLINE.match(text) or _POSTED.match(text)))
    f["name"] = float(_sig(text))
    f["institution"] = float(bool(_INSTITUTION.search(text)))
    f["container"] = float(bool(_CONTAINER.search(text)))
    f["section_word"] = float(" ".join(lower) in _SECTION_WORDS)
    f["back_word"] = float(" ".join(lower) in _BACK_WORDS)
    f["greeting"] = float(bool(_GREETING.match(text)))
    f["strapline"] = float(_is_strapline(text))
    f["submitted"] = float(bool(_SUBMITTED.match(text)))
    f["nonlatin"] = sum(1 for ch in text if ord(ch) > 0x2E80) / max(1, len(text))
    f["separator"] = float(_has_separator(text))
    f["paren"] = float("(" in text)
    f["url"] = float(bool(_URLISH.search(text)))
    f["edition_or_editors"] = float(bool(_EDITION.match(text) or _EDITORS.match(text)))
    f["inverted_name"] = float(bool(_INVERTED.fullmatch(text.strip())))
    if content:
        shared = sum(1 for w in content if rest_words.get(w, 0) > 0)
        f[f"shared_n={_bucket(shared, (0, 1, 2, 4))}"] = 1.0
        f["shared"] = shared / len(content) * min(1.0, len(content) / 3)
        f["shared_many"] = sum(1 for w in content if rest_words.get(w, 0) > 1) / len(content) * min(1.0, len(content) / 3)
    f["quoted"] = float(text[:1] in "“\"‘'«")
    f["list_number"] = float(bool(_LIST_NUMBER.search(text)))
    norm = " ".join(text.split())
    f["repeated"] = float(len(norm) >= 8 and full_text.count("\n" + norm + "\n") + full_text.startswith(norm + "\n") >= 2)
    f["repeated_inside"] = float(len(norm) >= 8 and full_text.count(norm) >= 2)
    f["heading_words"] = sum(1 for w in lower if w in _HEADING_WORDS) / max(1, len(lower))
    # (a name's last word is capitalised: the cheap test first)
    f["inner_name"] = float(any(words[i + 1][:1].isupper() and _sig(" ".join(words[i:i + 2]))
                                for i in range(1, max(1, len(words) - 1))))
    f["inner_comma"] = float("," in text)
    f["lower_content"] = float(sum(1 for w in words[1:] if w[:1].islower() and w.lower() not in _STOP) >= 2)
    f["rule"] = float(bool(rule_title) and " ".join(rule_title.split()) == norm)
    f["rule_contains"] = float(bool(rule_title) and not f["rule"] and norm in " ".join(rule_title.split()))
    key = (k, c.kind if c.kind in ("line", "join") else "piece", c.last)
    if key not in cache:
        cache[key] = _context(c, k, nb, zones, junk, like, prose)
    g, earlier, nz = cache[key]
    f.update(g)
    line = nb[k] if k < len(nb) else None
    f["allcaps_institution"] = float(bool(f.get("allcaps")) and f["institution"] > 0)
    f["heads_list_under_title"] = float(f["heading_words"] > 0 and earlier and nz in ("REF_B", "REF_I", "NOTE_B", "ANNOT", "HEAD"))
    if c.kind in ("prefix", "segment") and line is not None:
        tail = line.stripped[line.stripped.find(text) + len(text):] if text in line.stripped else ""
        tail_words = tail.split()
        f["tail_name"] = float(len(tail_words) >= 2 and (_sig(" ".join(tail_words[:2]))
                                                         or _sig(" ".join(tail_words[:3]))))
        f["tail_cap"] = float(bool(tail_words) and tail_words[0][:1].isupper())
        f["tail_sep"] = float(bool(re.match(r"\s*(?:[|•·:–—-]|v\.|\()", tail)))
        f["tail_lower"] = float(bool(tail_words) and tail_words[0][:1].islower())
        f["tail_digit"] = float(bool(tail_words) and tail_words[0][:1].isdigit())
        f["tail_prose"] = float(any(w[:1].islower() and w.lower() not in _STOP for w in tail_words[:3]))
        f["allcaps_runin"] = float(text.upper() == text and bool(tail_words) and tail_words[0].upper() != tail_words[0])
        last_two = " ".join(text.split()[-2:])
        f["ends_in_name"] = float(len(text.split()) > 2 and _sig(last_two))


def reference_lines(lines: list[Line], references) -> set[int]:
    """The lines that are the reader's references: from an item's start (after its label) to
    its end. A heading run into the first item on one line ("251 Notes Introduction 1. John
    Forster, ...") keeps its line."""
    out: set[int] = set()
    starts = [ln.start for ln in lines]
    for ref in references:
        first = ref.line
        last = first
        while last < len(lines) and starts[last] < ref.end:
            last += 1
        line = lines[first - 1]
        before = line.text[: max(0, ref.start - line.start)]
        if _ITEM_PREFIX.fullmatch(before):
            out.add(first)
        out.update(range(first + 1, last + 1))
    return out


_ITEM_PREFIX = re.compile(r"\s*(?:\[\d{1,3}\]|\(?\d{1,3}[.)]|[-–•*·▪◦]|\^|↑)?\s*")


def title_candidates(lines: list[Line], zones: dict[int, str], junk: dict[int, str],
                     rule_title: str | None = None, vocabulary: set[str] | None = None,
                     skip: set[int] | None = None) -> list[Candidate]:
    """The possible titles of a document (the last is "no title"); ``skip``: lines that cannot
    hold it (the document's reference items)."""
    skip = skip or set()
    nb = [ln for ln in lines if not ln.blank][:MAX_LINES]
    if not nb:
        return [Candidate("", 0, 0, "none", {"none": 1.0})]
    # (the lines the junk rules set aside, a scrape's repeated blocks among them, do not count)
    full_text = "\n".join(" ".join(ln.text.split()) for ln in lines if ln.number not in junk)
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    texts: set[str] = set()

    def add(text: str, first: int, last: int, kind: str) -> None:
        text = _BULLET.sub("", text).strip(" \t|•·–—-:;,")
        if not text or len(text) > 250 or (text, first) in seen or not re.search(r"[^\W\d_]{2}", text):
            return
        if text in texts:
            return  # a later line or piece that repeats an earlier candidate: the first one stands
        seen.add((text, first))
        texts.add(text)
        out.append(Candidate(text, first, last, kind))

    for k, line in enumerate(nb):
        if line.number in skip:
            continue
        text = line.stripped
        add(text, line.number, line.number, "line")
        # a title wrapped over two lines
        if k + 1 < len(nb) and nb[k + 1].number == line.number + 1 and len(text) < 90 and len(nb[k + 1].stripped) < 90 \
                and nb[k + 1].number not in skip \
                and not re.search(r"[.!?]['’”\"]?$", text):
            add(join_wrapped([text, nb[k + 1].stripped], vocabulary), line.number, nb[k + 1].number, "join")
        if k < 4:
            pieces = [p for p in _SEPARATORS.split(text) if p.strip()]
            if len(pieces) > 1:
                for p in pieces[:6]:
                    add(p, line.number, line.number, "segment")
            if len(text) > 60:  # a run-on line near the top: its first words
                body = _LEADING_NUMBER.sub("", text)
                words = body.split()
                for n in range(1, min(14, len(words))):
                    add(" ".join(words[:n]), line.number, line.number, "prefix")
    counts: dict[str, int] = {}
    for ln in lines:
        if ln.number in junk:
            continue
        for w in _words(ln.text.lower()):
            counts[w] = counts.get(w, 0) + 1
    index = {ln.number: k for k, ln in enumerate(nb)}
    like = [_title_like(ln, zones, junk) for ln in nb]
    cache: dict = {}
    prose = [len(ln.stripped) > 100 or (len(ln.stripped.split()) >= 4 and bool(_PROSE_END.search(ln.stripped)))
             for ln in nb]
    for c in out:
        own = {}
        for w in _words(c.text.lower()):
            own[w] = own.get(w, 0) + 1
        rest = {w: counts.get(w, 0) - n for w, n in own.items()}
        _describe(c, index[c.first], nb, zones, junk, rest, full_text, rule_title, like, prose, cache)
    # "no title" is likelier when the page opens with prose or a section heading, less so with a
    # short title-like line near the top
    first = nb[0].stripped
    out.append(Candidate("", 0, 0, "none", {
        "none": 1.0, "rule_none": float(not rule_title),
        "none_first_long": float(len(first) > 100),
        "none_first_section": float(" ".join(_words(first.lower())) in _SECTION_WORDS),
    }))
    return out


def score(c: Candidate, weights: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * v for k, v in c.features.items() if v)


def choose_title(candidates: list[Candidate], weights: dict[str, float] | None = None) -> Candidate | None:
    """The best-scoring candidate (None when "no title" wins or there is no model)."""
    weights = _weights() if weights is None else weights
    if not weights:
        return None
    best = max(candidates, key=lambda c: score(c, weights))
    return None if best.kind == "none" else best


def probabilities(candidates: list[Candidate], weights: dict[str, float]) -> list[float]:
    scores = [score(c, weights) for c in candidates]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


# --- the other fields --------------------------------------------------------------------

_DOI = re.compile(r"\b(?:doi\s*:?\s*)?(?:https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/[^\s\"<>]+)", re.I)
_JOURNAL_HEADER = re.compile(
    r"^(?P<journal>[A-Z][^,]{3,80}?),\s*Vol(?:ume)?\.?\s*(?P<volume>[IVXLC\d]+)\b.*?\b(?P<year>" + _YEAR_RE
    + r")\b(?:.*?\bNo\.?\s*(?P<number>\d+))?(?:.*?(?P<pages>\d+\s*[-–]\s*\d+))?", re.I)
_WORKING_PAPER = re.compile(r"^(?P<type>working paper|discussion paper|technical report|research paper)\s*"
                            r"(?:#|no\.?|number)?\s*(?P<number>\d+)\s*$", re.I)
_EMAIL_AUTHOR = re.compile(r"^\W*(?P<name>.+?)\s*Email author\s*$")
_ATTRIBUTION = re.compile(r"^(?P<work>[^.]{6,120}\.(?:[^.]{3,80}\.)?)\s+(?P<name>[A-Z][\w.'’\- ]{3,60}?)\.\s+(?P<year>"
                          + _YEAR_RE + r")\.?\s*$")


_WELCOME = re.compile(r"^welcome to (?P<site>(?:the\s+)?[A-Z][\w'’&.\- ]{2,50}?)\s+(?:blog|website|site|web site)\b", re.I)
_HOLDER_YEAR = re.compile(r"^(?:©|\(c\)|copyright)\s*(?P<holder>[^\d©]{3,80}?)\s+(?P<year>" + _YEAR_RE + r")\.?\s*$", re.I)


def _title_case(text: str) -> str:
    """"AMERICAN PUBLIC UNIVERSITY OF X" -> "American Public University of X"."""
    words = text.lower().split()
    return " ".join(w if i and w in _STOP else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _month_year(text: str) -> tuple[str, str] | None:
    m = _DATE.search(text)
    if not m:
        return None
    got = m.group(0)
    year = re.search(_YEAR_RE, got)
    month = next((name for name in _MONTHS if re.search(r"\b" + name[:3], got, re.I)), "")
    return (month.capitalize(), year.group(0)) if year else None


def refine_entry(entry: DocumentEntry, lines: list[Line], zones: dict[int, str], junk: dict[int, str],
                 notes: list[Note], vocabulary: set[str] | None = None, references=()) -> DocumentEntry:
    """The rules' entry, with the ranker's title and the fields the header lines state."""
    fields, confidence = dict(entry.fields), dict(entry.field_confidence)
    rule_title = fields.get("title")
    cands = title_candidates(lines, zones, junk, rule_title, vocabulary, reference_lines(lines, references))
    if _capture is not None:
        _capture.append(cands)
    weights = _weights()
    title_line = entry.line
    if weights:
        scores = [score(c, weights) for c in cands]
        top = max(range(len(cands)), key=scores.__getitem__)
        best = None if cands[top].kind == "none" else cands[top]
        if best is None:
            if "title" in fields:
                del fields["title"]
                confidence.pop("title", None)
        elif rule_title and best.first == entry.line and (
                _squash(best.text) in _squash(rule_title) or _squash(rule_title) in _squash(best.text)):
            pass  # the same line as the rules' title: their cut (a site suffix, a subtitle) stands
        elif " ".join(best.text.split()) != " ".join((rule_title or "").split()):
            fields["title"] = best.text
            confidence["title"] = round(1 / sum(math.exp(v - scores[top]) for v in scores), 2)
            title_line = best.first
            notes.append(Note(best.first, f"title (ranker): {best.text}", best.last))
    nb = [ln for ln in lines if not ln.blank]
    head = nb[:MAX_LINES]
    entry_type = entry.entry_type
    title_index = next((k for k, ln in enumerate(head) if ln.number >= title_line), 0)

    def put(name: str, value: str, conf: float, line: Line) -> None:
        if value and name not in fields:
            fields[name] = value
            confidence[name] = conf
            notes.append(Note(line.number, f"{name}: {value}"))

    for k, line in enumerate(head):
        text = line.stripped
        m = _DOI.search(text)
        if m and len(text) < 120 and ("doi" in text.lower()):
            put("doi", m.group("doi").rstrip(".,;)"), 0.9, line)
        m = _EDITORS.match(text)
        if m and len(text) < 100:
            names = m.group("names").strip()
            if _is_name_list(names) and not _INSTITUTION.search(names):
                put("editor", " and ".join(_split_names(names)), 0.85, line)
        # a masthead: "EDITOR" alone over the editor's name
        if re.fullmatch(r"(?:editor|general editor|editor-in-chief)\s*:?", text, re.I) and k + 1 < len(head) \
                and _is_signature(head[k + 1].stripped):
            put("editor", " and ".join(_split_names(head[k + 1].stripped)), 0.8, head[k + 1])
        # a site's welcome line names the site: "Welcome to The History Faculty blog."
        m = _WELCOME.match(text)
        if m and "organization" not in fields:
            put("organization", m.group("site").strip(), 0.7, line)
        m = _EDITION.match(text)
        if m and len(text) < 40:
            put("edition", m.group("edition")[: -len(" edition")].strip() if m.group("year") else m.group("edition"),
                0.8, line)
            if m.group("year"):
                put("year", m.group("year"), 0.8, line)
        if _CONTAINER.search(text) and len(text) < 90 and k + 1 < len(head) and not text.endswith(".") \
                and (_EDITION.match(head[k + 1].stripped) or _EDITORS.match(head[k + 1].stripped)):
            put("booktitle", text, 0.8, line)
            entry_type = "incollection"
        m = _EMAIL_AUTHOR.match(text)
        if m and _is_signature(m.group("name")) and "author" not in fields:
            put("author", " and ".join(_split_names(m.group("name"))), 0.85, line)
        m = _JOURNAL_HEADER.match(text)
        if m and len(text) < 160:
            put("journal", m.group("journal").strip(), 0.8, line)
            put("volume", m.group("volume"), 0.8, line)
            put("year", m.group("year"), 0.8, line)
            if m.group("number"):
                put("number", m.group("number"), 0.7, line)
            if m.group("pages"):
                put("pages", re.sub(r"\s*[-–]\s*", "--", m.group("pages")), 0.7, line)
            entry_type = "article"
        m = _WORKING_PAPER.match(text)
        if m:
            put("type", m.group("type").title(), 0.8, line)
            put("number", m.group("number"), 0.8, line)
            prev = head[k - 1].stripped if k else ""
            if prev and _INSTITUTION.search(prev) and len(prev) < 80:
                put("institution", _title_case(prev) if prev.isupper() else prev, 0.75, line)
        # a cover page: "Submitted by" over the author's name
        if re.match(r"^submitted by\s*:?\s*$", text, re.I) and k + 1 < len(head) and _is_signature(head[k + 1].stripped):
            put("author", " and ".join(_split_names(head[k + 1].stripped)), 0.85, head[k + 1])
        if re.match(r"^submitted by\s*:?\s*\S", text, re.I):
            name = re.sub(r"^submitted by\s*:?\s*", "", text, flags=re.I)
            if _is_signature(name):
                put("author", " and ".join(_split_names(name)), 0.85, line)
    # the title's neighbourhood: an author line with an e-mail, a date line, an institution above
    if "title" in fields:
        for line in head[title_index + 1 : title_index + 8]:
            text = line.stripped
            mail = re.match(r"^(?P<name>[^()@]{4,60}?)\s*\(\s*\S+@\S+\s*\)\s*$", text)
            if mail and _is_signature(mail.group("name")):
                put("author", " and ".join(_split_names(mail.group("name"))), 0.85, line)
            if len(text) < 60:
                my = _month_year(text)
                if my:
                    put("month", my[0], 0.8, line)
                    put("year", my[1], 0.8, line)
        for line in head[max(0, title_index - 6) : title_index][::-1]:
            text = line.stripped
            if len(text) < 60:
                my = _month_year(text)
                if my and fields.get("year") in (None, my[1]):
                    put("year", my[1], 0.75, line)
                    put("month", my[0], 0.75, line)
                    break
        for line in head[max(0, title_index - 4) : title_index]:
            text = line.stripped
            if _INSTITUTION.search(text) and text.isupper() and len(text) < 80 and "institution" not in fields \
                    and entry_type != "incollection":
                put("institution", _title_case(text), 0.7, line)
    else:
        for line in head[:6]:
            if len(line.stripped) < 60 and (my := _month_year(line.stripped)):
                put("year", my[1], 0.7, line)
                put("month", my[0], 0.7, line)
                break
    # a run-on first line: the rest after the title may hold the author's name and a date
    if "title" in fields and title_line == (head[0].number if head else 0):
        first = head[0].stripped
        title = fields["title"]
        if first.startswith(title) and len(first) > len(title) + 10:
            tail = first[len(title):].split()
            for n in (3, 2):
                if "author" not in fields and len(tail) >= n and _is_signature(" ".join(tail[:n])):
                    put("author", " and ".join(_split_names(" ".join(tail[:n]))), 0.7, head[0])
                    break
            my = _month_year(" ".join(tail[:14]))
            if my:
                put("year", my[1], 0.7, head[0])
                put("month", my[0], 0.7, head[0])
    # a copyright line with the holder before the year: "© Springer-Verlag GmbH Germany 2016"
    for line in nb:
        m = _HOLDER_YEAR.match(line.stripped)
        if m and "publisher" not in fields:
            put("publisher", m.group("holder").strip(" ,."), 0.8, line)
            if fields.get("year") in (None, m.group("year")):
                put("year", m.group("year"), 0.8, line)
            break
    # an encyclopedia's name is its entry's container, not the entry's title
    if fields.get("title") and fields.get("booktitle") and _squash(fields["title"]) == _squash(fields["booktitle"]):
        del fields["title"]
        confidence.pop("title", None)
        title_line = entry.line
    # an attribution line at the end: "Dictionary of X. Jane Roe. 2015." (a mirror site's credit)
    for line in nb[-3:]:
        m = _ATTRIBUTION.match(line.stripped)
        if m and _CONTAINER.search(m.group("work")) and _is_signature(m.group("name").strip()):
            put("booktitle", m.group("work").rstrip("."), 0.75, line)
            if "author" not in fields:
                put("author", " and ".join(_split_names(m.group("name").strip())), 0.75, line)
            put("year", m.group("year"), 0.75, line)
            entry_type = "incollection"
    order = ("author", "title", "booktitle", "journal", "editor", "edition", "volume", "number", "pages",
             "type", "institution", "organization", "publisher", "year", "month", "doi", "url")
    ordered = {k: fields[k] for k in order if k in fields}
    ordered.update({k: v for k, v in fields.items() if k not in ordered})
    line_no = title_line if "title" in ordered else entry.line
    return DocumentEntry(entry_type, ordered, confidence, line_no)
