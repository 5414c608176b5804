"""FROZEN copy of citekit.refparse.features as of feature version f4 (main, 2026-12-02).

The reference the fast implementation is tested against (tests/test_refparse_features.py):
its feature strings must stay exactly these.  Do not edit; features added later live in
their own functions and are tested on their own.

Original docstring:

Token features for the reference labeller.

Each token becomes a list of string features (pycrfsuite's binary features).  They
carry what a reader uses to see where a title ends and a publisher starts: the word
itself, its shape and capitalisation, the punctuation around it, its position in the
string and relative to the year, whether it sits inside quotes or brackets, lexicon
membership (given names, places, publishers, journal words, months, edition words,
marker words such as "In", "eds.", "pp."), number patterns (years, page ranges,
volume(issue)), and the same for its neighbours.

Bump ``FEATURES_VERSION`` whenever the features or the label scheme change: a model
trained with others is refused at load time instead of silently mislabelling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from citekit.refparse.lexicons import case_sensitive_set, fold, markers, word_set
from citekit.refparse.tokens import Token

FEATURES_VERSION = "f4"  # f4: BIO labels (training.record_tokens_labels)

_YEAR = re.compile(r"(?<!\d)(1[4-9]\d\d|20\d\d)(?!\d)")
_PAGE_RANGE = re.compile(r"^\(?(?:pp?\.|S\.)?\d+[a-zA-Z]?\s*[-‐‑‒–—―−]+\s*\d+[a-zA-Z]?[.,;:)]*$")
_VOL_ISSUE = re.compile(r"^\d+\s*\(\s*[\d/–-]+\s*\)[.,:;]*")
_VOL_COLON = re.compile(r"^\d+[:(]")
_ORDINAL = re.compile(r"^\(?(?:\d{1,3}(?:st|nd|rd|th|e|er|ème|re|a|ª|º|o)|\d{1,2}\.)$", re.I)
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_INITIAL = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ]\.(?:-?[A-ZÀ-ÖØ-Þ]\.)*|[A-ZÀ-ÖØ-Þ]{1,3}|[A-ZÀ-ÖØ-Þ][a-z]?\.)[,;]?$")
_URL = re.compile(r"(https?://|www\.|\.(?:com|org|net|edu|gov|html?|pdf)\b)", re.I)
_DOI = re.compile(r"10\.\d{3,9}/|^doi", re.I)
_ISBN = re.compile(r"^(?:isbn|\d{9}[\dXx]|\d{13}|97[89]-)", re.I)
_EDGE_CHARS = ".,;:()[]\"“”«»‘’'"
_OPEN_QUOTES = "\"“„«‘'"
_CLOSE_QUOTES = "\"”»’'"


def _shape(word: str) -> str:
    out = []
    last = ""
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if c != last:
            out.append(c)
            last = c
    return "".join(out)


def _caps(core: str) -> str:
    if not core:
        return "none"
    if core.isdigit():
        return "digit"
    if not any(ch.isalpha() for ch in core):
        return "mixednum"
    if core.isupper():
        return "upper" if len(core) > 1 else "single"
    if core[0].isupper():
        return "title"
    if core.islower():
        return "lower"
    return "mixed"


def _last_punct(word: str) -> str:
    ch = word[-1]
    return ch if not ch.isalnum() else "alnum"


def _first_punct(word: str) -> str:
    ch = word[0]
    return ch if not ch.isalnum() else "alnum"


class _Lex:
    """Lexicons loaded once per process."""

    def __init__(self) -> None:
        self.given = word_set("given_names.txt")
        self.places = word_set("places.txt")
        self.places_cs = case_sensitive_set("places.txt")
        self.publishers = word_set("publishers.txt")
        self.journal = word_set("journal_words.txt")
        self.months = word_set("months.txt")
        self.edition = word_set("edition_words.txt")
        self.markers = markers()


_LEX: _Lex | None = None


def _lex() -> _Lex:
    global _LEX
    if _LEX is None:
        _LEX = _Lex()
    return _LEX


def _token_basics(word: str, lex: _Lex) -> list[str]:
    """Features of one token on its own (also used, prefixed, for neighbours)."""
    core = fold(word)
    lower = word.casefold()
    feats = ["w=" + core, "sh=" + _shape(word), "cap=" + _caps(word.strip(_EDGE_CHARS))]
    if core in lex.given:
        feats.append("given")
    if core in lex.places or word.strip(".,;:()") in lex.places_cs:
        feats.append("place")
    if core in lex.publishers:
        feats.append("publ")
    if core in lex.journal:
        feats.append("jword")
    if core in lex.months:
        feats.append("month")
    if core in lex.edition or lower.rstrip(",;:") in lex.edition:
        feats.append("edword")
    mk = lex.markers.get(lower.rstrip(",;:")) or lex.markers.get(lower.strip(",;:()")) or lex.markers.get(core)
    if mk:
        feats.append("mk=" + mk)
    if _YEAR.search(word):
        feats.append("year")
    if _PAGE_RANGE.match(word):
        feats.append("prange")
    if _VOL_ISSUE.match(word):
        feats.append("voliss")
    elif _VOL_COLON.match(word):
        feats.append("volcolon")
    if _ORDINAL.match(word.rstrip(",;:")):
        feats.append("ordinal")
    if _INITIAL.match(word):
        feats.append("initial")
    if _URL.search(word):
        feats.append("url")
    if _DOI.search(word):
        feats.append("doi")
    if _ISBN.match(core):
        feats.append("isbn")
    if _ROMAN.match(core.upper()) and core.isalpha() and len(core) < 6 and word.strip(".,;:()").isupper():
        feats.append("roman")
    return feats


def _digits_class(core: str) -> str | None:
    if core.isdigit():
        n = len(core)
        return f"num{n if n < 5 else 5}"
    return None


_TAGS = frozenset(("given", "place", "publ", "jword", "month", "edword", "year", "prange", "voliss", "volcolon",
                   "ordinal", "initial", "url", "doi", "isbn", "roman"))
_CHUNK_TAGS = ("year", "place", "publ", "jword", "given", "initial", "month", "edword", "prange", "voliss", "url",
               "doi", "mk=in", "mk=editor", "mk=pages", "mk=volume", "mk=number", "mk=thesis", "mk=report",
               "mk=proceedings", "mk=web", "mk=translator", "mk=and")
_PREV_TAGS = ("mk=in", "mk=editor", "mk=pages", "mk=volume", "mk=number", "year", "place", "initial", "given",
              "month", "edword")
_NEXT_TAGS = ("mk=editor", "mk=pages", "year", "place", "publ", "jword", "initial", "given", "edword", "prange",
              "voliss", "url")


class _Word:
    """Everything about a token that does not depend on its context (cached per string)."""

    __slots__ = ("static", "tags", "core", "shape", "cap", "lp", "first", "as_prev", "as_prev2", "as_next",
                 "as_next2", "look")

    def __init__(self, word: str, lex: _Lex) -> None:
        basics = _token_basics(word, lex)
        self.core, self.shape, self.cap = basics[0], basics[1], basics[2]
        self.tags = frozenset(b for b in basics[3:])
        core = self.core[2:]
        self.lp = _last_punct(word)
        self.first = word[0]
        static = ["bias"] + basics + [f"lp={self.lp}", f"fp={_first_punct(word)}"]
        if len(core) > 3:
            static.append(f"s3={core[-3:]}")
            static.append(f"p3={core[:3]}")
        dc = _digits_class(core)
        if dc:
            static.append(dc)
        if len(core) == 1 and core.isalpha():
            static.append("single")
        self.static = static
        # what this token contributes to its neighbours' features, built once per word
        tags = self.tags
        self.as_prev = ["-1" + self.core, "-1" + self.shape, f"-1lp={self.lp}"] + [
            "-1" + t for t in _PREV_TAGS if t in tags]
        self.as_prev2 = ["-2" + self.core, f"-2lp={self.lp}"]
        self.as_next = ["+1" + self.core, "+1" + self.shape] + ["+1" + t for t in _NEXT_TAGS if t in tags]
        self.as_next2 = "+2" + self.core
        self.look = tuple(t for t in _LOOK_TAGS if t in tags)


_CACHE: dict[str, _Word] = {}


def _word(word: str, lex: _Lex) -> _Word:
    info = _CACHE.get(word)
    if info is None:
        if len(_CACHE) > 200_000:
            _CACHE.clear()
        info = _CACHE[word] = _Word(word, lex)
    return info


def sequence_features(tokens: Sequence[Token] | Sequence[str]) -> list[list[str]]:
    """Feature lists for every token of one reference."""
    lex = _lex()
    words = [t.text if isinstance(t, Token) else t for t in tokens]
    n = len(words)
    infos = [_word(w, lex) for w in words]
    all_tags = frozenset().union(*(x.tags for x in infos)) if infos else frozenset()

    # Whole-string cues that tell which kind of reference this is.
    text_lower = " ".join(words).casefold()
    glob = []
    if "voliss" in all_tags or "volcolon" in all_tags:
        glob.append("G:voliss")
    if " in " in f" {text_lower} " or " in: " in text_lower:
        glob.append("G:in")
    if _ED_RE.search(text_lower):
        glob.append("G:ed")
    if _PP_RE.search(text_lower):
        glob.append("G:pp")
    if "url" in all_tags:
        glob.append("G:url")
    if "“" in text_lower or '"' in text_lower:
        glob.append("G:quote")
    glob.append(f"G:len={min(n // 8, 5)}")

    # Chunks: runs of tokens between sentence-like boundaries ("." after a word that is
    # not an initial, ":" , "?", a closing quote).  What a chunk contains (a place, a
    # publisher word, a year, "eds.") says a lot about every token in it.
    chunk_of = [0] * n
    chunk_feats: list[list[str]] = []
    chunk_ctx: list[list[str]] = []
    start = 0
    for i, w in enumerate(words):
        end = i == n - 1
        if not end:
            tail = w.rstrip(")]")
            last = tail[-1:] if tail else ""
            if last in ":?!" or (last == "." and "initial" not in infos[i].tags and len(infos[i].core) > 4) or (
                    last in _CLOSE_QUOTES or tail[-2:-1] in _CLOSE_QUOTES and last in ".,"):
                end = True
        if end:
            tags = frozenset().union(*(x.tags for x in infos[start:i + 1]))
            ctx = ["C:" + t for t in _CHUNK_TAGS if t in tags]
            for j in range(start, i + 1):
                chunk_of[j] = len(chunk_feats)
            chunk_feats.append(ctx + [f"C:n={min(i + 1 - start, 6)}", "C:w0" + infos[start].core[1:]])
            chunk_ctx.append(ctx)
            start = i + 1
    n_chunks = len(chunk_feats)
    # everything a token inherits from its chunk and the whole string, built once per chunk
    shared = []
    for c in range(n_chunks):
        sh = glob + chunk_feats[c] + [_CI[min(c, 6)], _CR[min(n_chunks - 1 - c, 4)]]
        if c:
            sh.extend("P" + x for x in chunk_ctx[c - 1])
        if c + 1 < n_chunks:
            sh.extend("N" + x for x in chunk_ctx[c + 1])
        shared.append(sh)

    # What is still to come, and what has been: a title is followed by "In"/a journal/a
    # place and publisher, a container comes after "In" ...
    ahead: list[tuple[str, ...]] = [()] * n
    later: set[str] = set()
    current: tuple[str, ...] = ()
    for i in range(n - 1, -1, -1):
        ahead[i] = current
        look = infos[i].look
        if look and not later.issuperset(look):
            later.update(look)
            current = tuple(">" + t for t in sorted(later))
    behind: list[tuple[str, ...]] = [()] * n
    before: set[str] = set()
    current = ()
    for i in range(n):
        behind[i] = current
        look = infos[i].look
        if look and not before.issuperset(look):
            before.update(look)
            current = tuple("<" + t for t in sorted(before))

    # Running state from left to right.
    year_seen = False
    in_quote = False
    paren_depth = 0
    blocks = 0  # sentence-like "." boundaries already passed
    commas = 0
    seen_in = seen_ed = False
    out: list[list[str]] = []
    last = n - 1
    for i, w in enumerate(words):
        info = infos[i]
        c = chunk_of[i]
        f = info.static + shared[c]
        f.append(_POS[(10 * i) // n])
        if i < 3:
            f.append(_IDX[i])
            if i == 0:
                f.append("first")
        if i == last:
            f.append("last")
        f.append(_BLK[blocks if blocks < 6 else 6])
        f.append(_COM[commas if commas < 4 else 4])
        f.append("ys" if year_seen else "noys")
        if i == 0 or chunk_of[i - 1] != c:
            f.append("C:start")
        if in_quote or info.first in _OPEN_QUOTES:
            f.append("inq")
        if paren_depth > 0 or info.first in "([":
            f.append("inpar")
        # neighbours
        if i > 0:
            p = infos[i - 1]
            f += p.as_prev
            f.append(f"-1lp={p.lp}|{info.cap}")
            if i > 1:
                f += infos[i - 2].as_prev2
        else:
            f.append("BOS")
        if i < last:
            f += infos[i + 1].as_next
            if i < last - 1:
                f.append(infos[i + 2].as_next2)
        else:
            f.append("EOS")
        f += ahead[i]
        f += behind[i]
        if seen_in:
            f.append("seen_in")
        if seen_ed:
            f.append("seen_ed")
        out.append(f)

        # update state after this token
        tags = info.tags
        if "mk=in" in tags:
            seen_in = True
        if "mk=editor" in tags:
            seen_ed = True
        if "year" in tags:
            year_seen = True
        if "(" in w or "[" in w or ")" in w or "]" in w:
            for ch in w:
                if ch in "([":
                    paren_depth += 1
                elif ch in ")]" and paren_depth > 0:
                    paren_depth -= 1
        closed = w.rstrip(".,;:)]")
        if info.first in _OPEN_QUOTES and not (len(closed) > 1 and closed[-1] in _CLOSE_QUOTES):
            in_quote = True
        elif in_quote and closed[-1:] in _CLOSE_QUOTES:
            in_quote = False
        if info.lp == "." and "initial" not in tags and len(info.core) > 4:
            blocks += 1
        elif info.lp == ",":
            commas += 1
    return out


_LOOK_TAGS = ("year", "mk=in", "mk=editor", "prange", "voliss", "place", "publ", "jword", "url", "doi",
              "mk=pages", "mk=volume", "edword")
_POS = [f"pos={k}" for k in range(10)]
_IDX = ["idx=0", "idx=1", "idx=2"]
_BLK = [f"blk={k}" for k in range(7)]
_COM = [f"com={k}" for k in range(5)]
_CI = [f"C:i={k}" for k in range(7)]
_CR = [f"C:r={k}" for k in range(5)]
_ED_RE = re.compile(r"\b(eds?|hrsg|hg|dir|edited)\b\.?")
_PP_RE = re.compile(r"\bpp?\.")
