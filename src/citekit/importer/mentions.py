"""Works named inside prose and notes: candidate segments, parsed and scored by a trained model.

A token labeller trained on synthetic prose finds few of the works a bibliographic essay or
a note names ("The standard lives are Jane Roe, Cromwell: A Life (2001); Richard Doe,
Cromwell (1994)", "A still useful survey is Ann Poe, Reform and Revolt, 2nd edn (London:
Longman, 1974)", "See J. Smith, Geschichte der Schweiz (Zürich, 1890)"). Here the text of
such a paragraph is cut into pieces (at ``;``, sentence ends, ``), `` between works, line
breaks before a new line that starts like one), runs of one to three pieces are taken with
their lead-ins ("see", "is", "the standard life is") stripped and, inside a sentence, ended
where a title-case run ends ("Jane Roe's The Cloth Towns of the Fifteenth Century
correctly argues ..."); each candidate is parsed by ``citekit.refparse`` and scored by a
small maximum-entropy model over what the parse found (title, someone, year, publisher,
place), the candidate's shape and its neighbours (``models/mentions.crfsuite``, trained by
``scripts/train_docreader.py`` on candidates generated from the synthetic documents of
``scripts/docreader_synth.py`` and, cross-validated by document, from real documents with
gold). The best non-overlapping candidates above the threshold are the references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from citekit.importer.text import Line

__all__ = ["Candidate", "candidates", "cheap_features", "candidate_features", "prefilter", "score", "judge_chains",
           "select", "use_model", "as_reference", "lead_in_end", "MODEL_NAME", "FILTER_NAME"]

MODEL_NAME = "mentions.crfsuite"
THRESHOLD = 0.5
MAX_PIECES = 3  # a candidate is one to three consecutive pieces
MIN_CHARS, MAX_CHARS = 10, 400
CHAIN_MIN = 3  # a row of this many "Name (year)" pieces is judged as a whole
MAX_CANDIDATES = 1200  # per document: a book-length text is searched in its first pieces only (speed)

# words after which a work's name may start ("see", "is", "by far the best work is the")
_TRIGGERS = {
    "see", "also", "is", "are", "was", "were", "in", "by", "of", "entitled", "titled", "include",
    "includes", "including", "remains", "remain", "consult", "cf", "compare", "mentioned", "those",
    "the", "and", "from", "with", "as", "be", "which", "edition", "ed", "eds", "reprinted", "like",
    "especially", "notably", "e.g", "esp", "perhaps", "still", "below", "here", "that", "his", "her",
    "their", "its", "recent",
}
_ABBREVIATIONS = {
    "ed", "eds", "edn", "vol", "vols", "pp", "p", "no", "nos", "trans", "repr", "cf", "st", "dr",
    "mr", "mrs", "ms", "al", "etc", "ch", "chap", "n", "rev", "comp", "esp", "e.g", "i.e", "viz",
    "fig", "figs", "op", "cit", "ibid", "id", "ca", "c", "fl", "b", "d", "jr", "sr", "prof",
    "mt", "ser", "suppl", "pt", "bk", "col", "cols", "fol", "ff", "sq", "ad", "bc", "vs", "v",
}
_TITLE_FUNCTION = {"of", "the", "and", "in", "a", "an", "on", "for", "to", "at", "de", "der", "des",
                   "la", "le", "les", "du", "di", "del", "y", "und", "et", "von", "van", "zu", "with",
                   "from", "or", "&", "its", "am", "im", "au", "aux"}
_FUNCTION = {"the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with",
             "as", "his", "on", "be", "at", "by", "this", "had", "not", "are", "but", "from", "or",
             "have", "an", "they", "which", "were", "their", "has", "been", "would", "also", "its",
             "who", "whose", "than", "more", "most", "very", "all", "one", "so", "if", "into"}
_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d+[\w\-–]*|\S", re.UNICODE)
_YEAR = re.compile(r"(?<![\d.])(?:1[0-9]\d\d|20[0-4]\d)(?![\d])")
_PAREN_YEAR = re.compile(r"\([^()]{0,40}(?:1[0-9]\d\d|20[0-4]\d)[^()]{0,20}\)")
_PUB_PAREN = re.compile(r"\([^()]{0,60}[A-Z][\w.]+\s*:\s*[^()]{1,60}\d{4}[^()]{0,10}\)")
_EDS = re.compile(r"\b(?:eds?\.|ed\. by|edited by|trans\.|translated by|compiled by|vols?\.|edn|pp?\.|2nd|3rd|\d+th ed)",
                  re.I)
_POSSESSIVE = re.compile(r"[A-Z][\w\-]+['’]s\b")
_QUOTE = re.compile(r"[“”\"‘’']\s*[A-Z0-9]")
_URL = re.compile(r"https?://|www\.", re.I)
# what a stretch naming a work shows somewhere: a year, a possessive or "in"/"by" before a
# capitalised title, a quoted title, an editor, a translator, volumes, a publisher, a link
_SIGNAL = re.compile(
    r"(?<!\d)(?:1[0-9]\d\d|20[0-4]\d)(?!\d)|[A-Z][\w\-]+['’]s\s+(?:[a-z\-]+\s+){0,3}[A-Z“\"‘]|[“\"‘’][A-Z]"
    r"|\b(?:eds?\.|edn|edition|trans\.|vols?\.|pp?\.\s*\d|edited|compiled|Press|Verlag|University|Books)|https?://|www\."
    r"|\b(?:in|by|see|See)\s+(?:[A-Z]\.\s*)*[A-Z][a-z]")
_NOTE_NO = re.compile(r"\s*(?:\d{1,3}[.)]|\[\d{1,3}\]|[-•*–·▪◦]|\^|↑)\s+")
_LEADING_JUNK = re.compile(r"[\s,;:.)\]–—-]+")
_TRAILING_JUNK = re.compile(r"[\s,;:(\[–—-]+$")


# "Jane Roe's The Cloth Towns", "R. T. Doe's earlier two-volume collection, A Survey
# of ...": a person's name (initials or a given name, then a surname), the possessive, up to
# five lower-case words of commentary, then the title's first capital or quote
PERSON = r"(?:(?:[A-Z]\.\s*){1,3}|[A-Z][a-z][\w\-]*\s+(?:[A-Z]\.\s*)*)(?:(?:von|van|de|der|le|la|du)\s+)?[A-Z][\w\-]+"
_POSSESSOR = re.compile(r"(?P<name>" + PERSON + r")['’]s\s+(?:[a-z][\w\-]*,?\s+){0,5}(?=[A-Z0-9“\"‘'])")


# "The Salt Roads by Richard Doe http://...": a title, "by", a person's name, then the
# end, a link or a bracket
_BY_PERSON = re.compile(r"(?P<title>[A-Z“\"‘][^()\n]{3,150}?)\s+by\s+(?P<name>" + PERSON + r")(?=\s*(?:$|[(\[]|https?://|www\.))")


# prose before a work that the span ran into: words, then "is", "are", "see (also)", "see, too,"
# or "cf." and a capital or a quote
_LEAD_IN = re.compile(r"(?P<prose>[^()\n]{0,150}?)\b(?:is|are|see(?:,? also|, too,)?|cf\.|those (?:of|by))\s+"
                      r"(?=[A-Z“\"‘’'])")

_GLUED_QUOTE = re.compile(r"(?<=[,.;:])(?=[“‘])|(?<=”)(?=[^\W\d_])|(?<=\beds\.)(?=[A-Z])|(?<=\bed\.)(?=[A-Z])")
_SEE = re.compile(r"(?:(?:See|Cf\.|Compare)(?:,? also)?\s+|(?:Sources?|References?|Bibliography|Further [Rr]eading|"
                  r"Works [Cc]ited|Literature|Notes?|Readings?|Recommended [Rr]eading)\s*:\s*)(?=[A-Z“\"‘’'])")

# the year that ends the previous item of a run-on list, left at this one's start ("1988. Northern
# Poetry, 1480-1990. ...")
_ORPHAN_YEAR = re.compile(r"(?:1[5-9]\d\d|20[0-4]\d)\.\s+(?=[A-Z])")


def lead_in_end(text: str) -> int:
    """Where a work starts after the prose a span ran in with: "A recent addition to this
    genre ... is | The Oxford Guide", "Of the older accounts ... the chief are those by |
    A. von Stein (1502)" (three lower-case words, then "is", "are", "see also", "cf." or
    "those of"), "See | J. Smith", "Sources: | Northern Verse", the previous item's year
    ("1988. | Northern Verse, 1600-1900"); 0 when there is none."""
    at = 0
    lead = _LEAD_IN.match(text)
    if lead and len(re.findall(r"\b[a-z]{2,}\b", lead.group("prose"))) >= 3:
        at = lead.end()
    see = _SEE.match(text, at) or _ORPHAN_YEAR.match(text, at)
    return see.end() if see else at


def as_reference(text: str) -> str:
    """The text the reference parser gets for a work named the way prose names it: "Name’s
    [commentary] Title" becomes "Name, Title", "Title by Name" becomes "Name, Title" (the
    parser learnt references, where a comma or a period parts the author from the title; the
    raw text keeps what was written). Only a person's name (two words or initials) counts:
    "Foxe's Book of Martyrs" is a title. Prose the span ran in with ("A recent addition to
    this genre is The Oxford Guide ...": three lower-case words, then "is", "see also"
    or "cf."), a leading "See" and a run-in heading ("Sources: ") are left out too."""
    text = _GLUED_QUOTE.sub(" ", text)  # text extraction lost the spaces: 'Patten,“Publishing in Parts,”in'
    text = text[lead_in_end(text) :]
    m = _POSSESSOR.search(text, 0, 80)
    if m and m.start() <= 50:
        return text[: m.start()] + m.group("name") + ", " + text[m.end() :]
    m = _BY_PERSON.match(text)
    if m:
        return m.group("name") + ", " + m.group("title") + text[m.end() :]
    return text


@dataclass
class Candidate:
    """A stretch of text that may name a work (offsets into the document)."""

    start: int
    end: int
    npieces: int
    start_kind: str  # "piece" | "trigger" | "number"
    end_kind: str  # "piece" | "title_run"
    zone: str
    context: dict = field(default_factory=dict)
    parsed: object = None
    prob: float = 0.0


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Cut ``text[start:end]`` at the places a work's name may end: ``;`` outside brackets,
    sentence ends (not after an initial or "ed."), ``), `` before a capital, a line ending a
    unit (a URL, a colon) or followed by a line that starts with a capital. Each piece
    carries what ended it (the boundary kind, a feature)."""
    out: list[tuple[int, int, str]] = []
    depth = 0
    a = start
    i = start
    while i < end:
        ch = text[i]
        cut = None
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
            if depth == 0 and re.match(r"\s*[,;]|\s+and\s", text[i + 1 : i + 8]):
                cut, kind = i + 1, "paren"
        elif ch == ";" and depth == 0:
            cut, kind = i + 1, "semicolon"
        elif ch in ".?!" and depth <= 1:
            m = re.match(r"[.?!]*[\"”’']?\s+(?=[\"“‘’']?[A-Z0-9(])|[.?!]*[\"”’'](?=[A-Z])", text[i:end])
            if m:
                word = re.search(r"([\w.]+)$", text[a:i])
                w = word.group(1).lower() if word else ""
                number = re.fullmatch(r"\s*(?:\d{1,3}|\[\d{1,3}\])", text[a:i])  # a note's number
                if not (len(w) == 1 and w.isalpha()) and w.rstrip(".") not in _ABBREVIATIONS and not number:
                    cut, kind = i + m.end(), "sentence"
                    depth = 0
        elif ch == "\n":
            line = text[a:i].rsplit("\n", 1)[-1].strip()
            rest = text[i + 1 : i + 40].lstrip()
            if not line:
                pass
            elif _URL.search(line.split()[-1]) or line.endswith(":") or text[i + 1 : i + 2] == "\n":
                cut, kind = i + 1, "line"
            elif rest[:1].isupper() or rest.startswith(("http", "“", '"')):
                last = line.split()[-1].lower()
                if not line.endswith(("-", ",")) and last not in _TITLE_FUNCTION | {"by", "ed.", "eds."}:
                    cut, kind = i + 1, "line"
        if cut is not None:
            if cut > a:
                out.append((a, cut, kind))
            a = cut
            i = cut
            continue
        i += 1
    if end > a:
        out.append((a, end, "end"))
    return [(s, e, k) for s, e, k in out if text[s:e].strip()]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    m = _LEADING_JUNK.match(text, s, e)
    if m:
        s = m.end()
    seg = text[s:e]
    m = _TRAILING_JUNK.search(seg)
    if m:
        e = s + m.start()
    # a trailing period stays only after an abbreviation or an initial; a closing bracket
    # without its opening one goes ("Neuchatel, 1909)")
    while e > s and text[e - 1] in ".,;:":
        e -= 1
    return s, e


def _starts(text: str, s: int, e: int) -> list[tuple[int, str]]:
    """Where a work's name may start inside a piece: the piece start (past a note number),
    and after each lead-in word or colon among its first twenty words when a capital, a
    quote or a digit follows."""
    out = [(s, "piece")]
    m = _NOTE_NO.match(text, s, e)
    if m and m.end() < e:
        out = [(m.end(), "number")]
    words = list(_WORD.finditer(text, out[0][0], e))[:40]
    for k, w in enumerate(words[:-1]):
        token = w.group().lower().rstrip(".")
        nxt = words[k + 1]
        first = nxt.group()
        if not (first[:1].isupper() or first[:1].isdigit() or first in ("“", '"', "‘", "’", "'")):
            continue
        if token in _TRIGGERS or token == ":":
            out.append((nxt.start(), "trigger:" + (token if token in ("see", "is", "are", "in", "by", "of", ":") else "w")))
        elif w.group()[:1].islower() or token == ",":
            out.append((nxt.start(), "capital"))
    seen: set[int] = set()
    uniq = []
    for pos, kind in out:
        if pos not in seen:
            seen.add(pos)
            uniq.append((pos, kind))
    return uniq[:8]


def _title_run_ends(text: str, s: int, e: int) -> list[int]:
    """Ends of the first title-case runs after the start (names, a possessive, then "The
    Cloth Towns of the Fifteenth Century"), where a lower-case word follows a run."""
    words = list(_WORD.finditer(text, s, e))
    out: list[int] = []
    last_cap = None
    k = 0
    while k < len(words) and len(out) < 3:
        t = words[k].group()
        nxt = words[k + 1].group() if k + 1 < len(words) else ""
        if t[:1].isupper() or t[:1].isdigit() or t in ("”", '"', "’", "“", "‘", "'"):
            last_cap = words[k].end()
        elif t in (":", ",", "–", "-", "&") or (t.lower() in _TITLE_FUNCTION and nxt[:1].isupper()) \
                or (t == "s" and k and words[k - 1].group() in ("’", "'")):
            pass
        else:
            if last_cap is not None and k >= 2 and last_cap < e:
                out.append(last_cap)
            last_cap = None
        k += 1
    return out


def candidates(text: str, regions: list[tuple[int, int, str]]) -> list[Candidate]:
    """Candidate stretches in ``regions`` ((start, end, zone) of paragraphs or note items)."""
    out: list[Candidate] = []
    for r_start, r_end, zone in regions:
        if zone not in ("NOTE", "REF") and not _STRONG.search(text, r_start, r_end):
            continue  # plain prose: no edition, publisher, possessive title or quoted title in it
        pieces = _pieces(text, r_start, r_end)
        years = [bool(_YEAR.search(text[a:b])) for a, b, _ in pieces]
        named = [bool(_NAME_YEAR.search(text[a:b])) for a, b, _ in pieces]
        runs = _runs(named)
        signal = [bool(_SIGNAL.search(text, a, b)) for a, b, _ in pieces]
        for i in range(len(pieces)):
            if not any(signal[i : i + MAX_PIECES]):
                continue
            starts = _starts(text, pieces[i][0], pieces[i][1])
            for n in range(1, MAX_PIECES + 1):
                if i + n > len(pieces):
                    break
                if not any(signal[i : i + n]):
                    continue
                p_end = pieces[i + n - 1][1]
                if p_end - pieces[i][0] > MAX_CHARS * 1.5:
                    break
                ctx = {
                    "before": pieces[i - 1][2] if i else "region",
                    "after": pieces[i + n - 1][2],
                    "prev_year": years[i - 1] if i else None,
                    "next_year": years[i + n] if i + n < len(pieces) else None,
                    "region_years": sum(years),
                    "region_pieces": len(pieces),
                    "inner": "+".join(sorted({pieces[j][2] for j in range(i, i + n - 1)})) or "-",
                    # one of a row of "Name (year)" pieces: how many of its neighbours are too
                    "chain": str((i > 0 and named[i - 1]) + (i + 1 < len(pieces) and named[i + 1]))
                    if n == 1 and named[i] else "-",
                }
                if n == 1 and runs[i][1] >= CHAIN_MIN:  # a member of a row judged as a whole
                    ctx["chain_at"] = (r_start, runs[i][0], i)
                for s0, skind in starts:
                    ends = [(p_end, "piece")]
                    if n == 1:
                        ends += [(x, "title_run") for x in _title_run_ends(text, s0, p_end)]
                    for e0, ekind in ends:
                        s, e = _trim(text, s0, e0)
                        if not _plausible(text[s:e]):
                            continue
                        out.append(Candidate(s, e, n, skind, ekind, zone, ctx))
                        if len(out) >= MAX_CANDIDATES:
                            return _dedupe(out)
    return _dedupe(out)


def _runs(named: list[bool]) -> list[tuple[int, int]]:
    """For each piece, (first piece, length) of the row of consecutive "Name (year)" pieces
    it belongs to ((i, 0) for a piece that is none)."""
    out = [(i, 0) for i in range(len(named))]
    i = 0
    while i < len(named):
        if not named[i]:
            i += 1
            continue
        j = i
        while j < len(named) and named[j]:
            j += 1
        for k in range(i, j):
            out[k] = (i, j - i)
        i = j
    return out


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[int, int]] = set()
    out = []
    for c in cands:
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return out


def _plausible(seg: str) -> bool:
    """A cheap test before parsing: long enough, a capitalised word or a year after the
    first word, not a run of lower-case prose."""
    if not (MIN_CHARS <= len(seg) <= MAX_CHARS) or not re.search(r"[^\W\d_]{2}", seg):
        return False
    bracket = re.search(r"[()\[\]]", seg)
    if bracket and bracket.group() in ")]":
        return False  # begins inside a bracket ("Europe) (United States Since 1865) ...")
    words = seg.split()
    caps = sum(1 for w in words[1:] if w[:1].isupper() or w[:1] in "“\"‘’'")
    if not caps and not _YEAR.search(seg) and not _URL.search(seg):
        return False
    lower = [w for w in words if w[:1].islower() and w.lower().strip(".,;:") not in _FUNCTION]
    return len(lower) <= max(4, 0.5 * len(words))


def _bucket(x: float, edges: tuple[float, ...]) -> str:
    for edge in edges:
        if x <= edge:
            return str(edge)
    return "more"


def cheap_features(text: str, c: Candidate) -> dict[str, float | str]:
    """The stretch's shape without parsing it (the filter before the parser: a parse costs
    about a millisecond, these a few microseconds)."""
    seg = text[c.start : c.end]
    first = seg.split(None, 1)[0] if seg.strip() else ""
    before = text[max(0, c.start - 20) : c.start].rsplit(None, 1)
    f: dict[str, float | str] = {
        "bias": 1.0, "zone": c.zone, "npieces": str(c.npieces), "start": c.start_kind, "end": c.end_kind,
        "before": c.context.get("before", ""), "after": c.context.get("after", ""),
        "inner": c.context.get("inner", ""),
        "first_shape": re.sub(r"[a-z]+", "x", re.sub(r"[A-Z]+", "X", first[:4])),
        "prev_w": before[-1].lower().strip(".,;:")[:15] if before else "^",
        "next_char": text[c.end : c.end + 1] or "$",
        "chars": _bucket(len(seg), (20, 35, 60, 100, 160, 250)),
        "year": float(bool(_YEAR.search(seg))),
        "paren_year": float(bool(_PAREN_YEAR.search(seg))),
        "pub_paren": float(bool(_PUB_PAREN.search(seg))),
        "eds": float(bool(_EDS.search(seg))),
        "possessive": float(bool(_POSSESSIVE.search(seg[:60]))),
        "quote": float(bool(_QUOTE.search(seg))),
        "url": float(bool(_URL.search(seg))),
        "lower_run": float(bool(_LOWER_RUN.search(seg))),
        "n_years": _bucket(len(_YEAR.findall(seg)), (0, 1, 2, 3)),
        "region_years": _bucket(c.context.get("region_years", 0), (0, 1, 2, 4)),
        "chain": c.context.get("chain", "-"),
    }
    nxt = text[c.end : c.end + 12].split()
    f["next_lower"] = float(bool(nxt) and nxt[0][:1].islower())
    return f


# a paragraph that names works shows at least one of these somewhere (notes are always read)
_STRONG = re.compile(
    r"[A-Z][\w\-]+['’]s\s+(?:[a-z\-]+\s+){0,3}(?:The|A|An|[“\"‘])\s?[A-Z]?|[“\"‘’][A-Z][^“”\"]{3,80}[,.]?[”\"’]"
    r"|\b(?:eds?\.|edn|ed\. by|trans\.|vols?\.|edited by|compiled by|Press|Verlag|Publishers|University)"
    r"|\([^()]{0,40}[A-Z][a-z]+\s*[:,]\s*[^()]{0,40}(?:1[0-9]\d\d|20[0-4]\d)\)|https?://|www\."
    r"|\b(?:in|by)\s+(?:[A-Z]\.\s*)*(?:The|[A-Z][a-z]+\s+[A-Z][a-z]+)|\bSee\s|\bsee\s(?:also\s)?[A-Z]")
# a piece that ends in a name and a bracketed year: "R. T. von Doe (1879),"
_NAME_YEAR = re.compile(r"[A-Z][\w'’\-]+\s*\((?:1[0-9]\d\d|20[0-4]\d)\)[\s,.;]*$")
_LOWER_RUN = re.compile(r"\b[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b")


def candidate_features(text: str, c: Candidate) -> dict[str, float | str]:
    """What the parse found and what the stretch looks like (crfsuite attributes)."""
    seg = text[c.start : c.end]
    words = seg.split()
    low = [w.lower().strip(".,;:()[]“”\"'’‘") for w in words]
    p = c.parsed
    fields = p.fields if p is not None else {}
    f: dict[str, float | str] = {"bias": 1.0, "zone": c.zone, "npieces": str(c.npieces),
                                 "start": c.start_kind, "end": c.end_kind,
                                 "before": c.context.get("before", ""), "after": c.context.get("after", "")}
    who = "A" if fields.get("author") else ("E" if fields.get("editor") else "")
    pub = "P" if fields.get("publisher") else ""
    place = "L" if fields.get("address") else ""
    cont = "J" if (fields.get("journal") or fields.get("booktitle")) else ""
    year = "Y" if fields.get("year") else ""
    title = "T" if fields.get("title") else ""
    pattern = title + who + year + pub + place + cont + ("U" if fields.get("url") else "")
    f["pattern"] = pattern or "none"
    for k in ("title", "author", "editor", "year", "publisher", "address", "journal", "booktitle",
              "url", "pages", "volume", "edition", "note", "translator", "number"):
        if fields.get(k):
            f["has_" + k] = 1.0
    conf = p.confidence if p is not None else 0.0
    f["conf"] = _bucket(conf, (0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98))
    f["conf_v"] = conf
    f["pattern|conf"] = f["pattern"] + "|" + f["conf"]
    f["type"] = p.entry_type if p is not None else ""
    t = fields.get("title", "")
    if t:
        tw = t.split()
        f["title_words"] = _bucket(len(tw), (1, 2, 4, 8, 14))
        f["title_caps"] = _bucket(sum(1 for w in tw if w[:1].isupper()) / len(tw), (0.3, 0.5, 0.7, 0.9))
        f["title_share"] = _bucket(len(t) / max(1, len(seg)), (0.3, 0.5, 0.7, 0.9))
        f["title_conf"] = _bucket(p.field_confidence.get("title", 0.0), (0.5, 0.7, 0.9))
        f["title_lower_run"] = float(bool(re.search(r"\b[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}", t)))
    f["chars"] = _bucket(len(seg), (20, 35, 60, 100, 160, 250))
    f["words"] = _bucket(len(words), (3, 5, 8, 12, 20, 35))
    f["first_shape"] = re.sub(r"[a-z]+", "x", re.sub(r"[A-Z]+", "X", words[0][:4])) if words else ""
    f["w0"] = low[0][:15] if low else ""
    before = text[max(0, c.start - 30) : c.start].split()
    f["prev_w"] = before[-1].lower().strip(".,;:")[:15] if before else "^"
    f["prev_char"] = text[c.start - 1 : c.start] if c.start else "^"
    after = text[c.end : c.end + 30].split()
    f["next_w"] = after[0].lower().strip(".,;:")[:12] if after else "$"
    f["next_char"] = text[c.end : c.end + 1] or "$"
    f["next_lower"] = float(bool(after) and after[0][:1].islower())
    f["year"] = float(bool(_YEAR.search(seg)))
    f["paren_year"] = float(bool(_PAREN_YEAR.search(seg)))
    f["pub_paren"] = float(bool(_PUB_PAREN.search(seg)))
    f["eds"] = float(bool(_EDS.search(seg)))
    f["possessive"] = float(bool(_POSSESSIVE.search(" ".join(words[:5]))))
    f["quote"] = float(bool(_QUOTE.search(seg)))
    f["url"] = float(bool(_URL.search(seg)))
    content = [w for w in low if w and w not in _FUNCTION]
    lower = [w for w, raw in zip(low, words) if w and w not in _FUNCTION and raw[:1].islower()]
    f["lower_share"] = _bucket(len(lower) / max(1, len(content)), (0.0, 0.1, 0.2, 0.35, 0.5))
    f["function_share"] = _bucket(sum(1 for w in low if w in _FUNCTION) / max(1, len(low)), (0.1, 0.2, 0.3))
    f["internal_sentence"] = _bucket(len(re.findall(r"[a-z]{3}\. [A-Z]", seg)), (0, 1))
    f["semicolon"] = float(";" in seg)
    f["n_years"] = _bucket(len(_YEAR.findall(seg)), (0, 1, 2, 3))
    f["n_paren_years"] = _bucket(len(_PAREN_YEAR.findall(seg)), (0, 1, 2))
    f["n_paren_years|npieces"] = f["n_paren_years"] + "|" + str(c.npieces)
    f["inner"] = c.context.get("inner", "")
    f["names"] = _bucket(len(re.findall(r"\b[A-Z]\.\s(?:[A-Z]\.\s)*[A-Z][a-z]+", seg)), (0, 1, 2))
    f["year_then_more"] = float(bool(re.search(r"(?:1[0-9]\d\d|20[0-4]\d)\)?[.,;]\s+\S+\s+\S+", seg)))
    f["ibid"] = float(bool(re.search(r"\b(?:ibid|id\.|op\. cit)", seg, re.I)))
    f["region_years"] = _bucket(c.context.get("region_years", 0), (0, 1, 2, 4))
    f["prev_year"] = str(c.context.get("prev_year"))
    f["next_year"] = str(c.context.get("next_year"))
    f["chain"] = c.context.get("chain", "-")
    f["chain|pattern"] = f["chain"] + "|" + f["pattern"]
    f["zone|pattern"] = c.zone + "|" + f["pattern"]
    f["start|pattern"] = c.start_kind + "|" + f["pattern"]
    f["end|pattern"] = c.end_kind + "|" + f["pattern"]
    return f


FILTER_NAME = "mention_filter.crfsuite"
FILTER_THRESHOLD = 0.05  # a candidate the filter gives less is not parsed
PER_START = 2  # candidates parsed per start position (the filter's best)
_MODEL_OVERRIDE: dict[str, str] = {}


def use_model(path: str | None, filter_path: str | None = None) -> None:
    """Score with the models at ``path`` and ``filter_path`` (None: the shipped ones); for
    training and evaluation."""
    _MODEL_OVERRIDE.clear()
    if path:
        _MODEL_OVERRIDE[MODEL_NAME] = path
    if filter_path:
        _MODEL_OVERRIDE[FILTER_NAME] = filter_path
    _tagger.cache_clear()


@lru_cache(maxsize=2)
def _tagger(name: str = MODEL_NAME):
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    if name in _MODEL_OVERRIDE:
        tagger.open(_MODEL_OVERRIDE[name])
        return tagger
    path = resources.files("citekit.importer").joinpath("models", name)
    if not path.is_file():
        return None
    with resources.as_file(path) as p:
        tagger.open(str(p))
    return tagger


def available() -> bool:
    """Whether the mention model is there (a checkout without it reads lists only)."""
    return _tagger(MODEL_NAME) is not None


def _probs(tagger, features: list[dict]) -> list[float]:
    """P(Y) of each item. The models are trained on one-item sequences, so they have no
    transition weights and one call over all items gives each its own probability."""
    if not features:
        return []
    tagger.set(features)  # (pycrfsuite reads a boolean as a 0/1 weight)
    tagger.tag()
    return [tagger.marginal("Y", i) for i in range(len(features))]


def prefilter(text: str, cands: list[Candidate]) -> list[Candidate]:
    """The candidates worth parsing (the filter model's probability >= FILTER_THRESHOLD)."""
    tagger = _tagger(FILTER_NAME)
    if tagger is None:
        return cands
    probs = _probs(tagger, [cheap_features(text, c) for c in cands])
    # of the candidates that start at one place, the filter's best few (the parse is the cost)
    best: dict[int, list[tuple[float, int]]] = {}
    for k, (c, p) in enumerate(zip(cands, probs)):
        if p >= FILTER_THRESHOLD:
            best.setdefault(c.start, []).append((p, k))
    keep = {k for group in best.values() for _, k in sorted(group, reverse=True)[:PER_START]}
    # each member of a row of "Name (year)" works is parsed (the row is judged as a whole)
    keep.update(_best_of_each_member(cands, probs).values())
    return [cands[k] for k in sorted(keep)]


def score(text: str, cands: list[Candidate]) -> None:
    """Set each candidate's probability of naming a work (its ``parsed`` must be set)."""
    tagger = _tagger(MODEL_NAME)
    probs = _probs(tagger, [candidate_features(text, c) for c in cands]) if tagger is not None else [0.0] * len(cands)
    for c, p in zip(cands, probs):
        c.prob = p


def judge_chains(cands: list[Candidate]) -> None:
    """A row of works named by author and year ("those of Ann Poe (1879), R. Doe (1902),
    ... and J. Roe (1911)") is one judgement, not one per item: each member's best candidate
    gets the mean of the members' probabilities (item by item, the scorer's belief moves
    with the items' words: the first member after "those of", a garbled name)."""
    best = _best_of_each_member(cands, [c.prob for c in cands])
    rows: dict[tuple, list[Candidate]] = {}
    for at, k in best.items():
        rows.setdefault(at[:2], []).append(cands[k])
    for members in rows.values():
        if len(members) >= CHAIN_MIN:
            mean = sum(c.prob for c in members) / len(members)
            for c in members:
                c.prob = mean


def _best_of_each_member(cands: list[Candidate], probs) -> dict[tuple, int]:
    """Per piece of a "Name (year)" row (its ``chain_at``), the index of its likeliest
    candidate (the first of equals)."""
    best: dict[tuple, int] = {}
    for k, (c, p) in enumerate(zip(cands, probs)):
        at = c.context.get("chain_at")
        if at is not None and (at not in best or p > probs[best[at]]):
            best[at] = k
    return best


def select(cands: list[Candidate], threshold: float = THRESHOLD) -> list[Candidate]:
    """The non-overlapping candidates above ``threshold`` with the largest total margin
    (weighted interval scheduling)."""
    good = sorted((c for c in cands if c.prob >= threshold), key=lambda c: c.end)
    if not good:
        return []
    import bisect

    ends = [c.end for c in good]
    best = [0.0] * (len(good) + 1)
    take = [False] * (len(good) + 1)
    prev = []
    for k, c in enumerate(good):
        j = bisect.bisect_right(ends, c.start, 0, k)
        prev.append(j)
        with_c = best[j] + (c.prob - threshold) + 1e-3
        if with_c > best[k]:
            best[k + 1] = with_c
            take[k + 1] = True
        else:
            best[k + 1] = best[k]
    out = []
    k = len(good)
    while k > 0:
        if take[k]:
            out.append(good[k - 1])
            k = prev[k - 1]
        else:
            k -= 1
    return sorted(out, key=lambda c: c.start)


def regions_of(lines: list[Line], zones: dict[int, str], skip: set[int]) -> list[tuple[int, int, str]]:
    """Paragraphs (runs of non-blank lines) and note or list items (an item start begins a
    new region) of the zones that may name works; lines in ``skip`` (chrome, headings,
    lines a kept reference covers) end a region."""
    out: list[tuple[int, int, str]] = []
    cur: list[Line] = []
    zone = ""

    def flush():
        if cur:
            out.append((cur[0].start, cur[-1].end, zone))

    for line in lines:
        z = zones.get(line.number)
        if line.blank or z is None or z in ("CHROME", "HEAD") or line.number in skip:
            flush()
            cur = []
            continue
        family = "NOTE" if z.startswith("NOTE") else "REF" if z.startswith("REF") else z
        if cur and (z in ("REF_B", "NOTE_B") or family != zone):
            flush()
            cur = []
        if not cur:
            zone = family
        cur.append(line)
    flush()
    return out
