"""Token features for the reference labeller.

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

from .lexicons import case_sensitive_set, fold, markers, word_set
from .tokens import Token

FEATURES_VERSION = "f4"  # f4: BIO labels (training.record_tokens_labels)

_YEAR = re.compile(r"(?<!\d)(1[4-9]\d\d|20\d\d)(?!\d)")
_PAGE_RANGE = re.compile(r"^\(?(?:pp?\.|S\.)?\d+[a-zA-Z]?\s*[-‐‑‒–—―−]+\s*\d+[a-zA-Z]?[.,;:)]*$")
_VOL_ISSUE = re.compile(r"^\d+\s*\(\s*[\d/–-]+\s*\)[.,:;]*")
_VOL_COLON = re.compile(r"^\d+[:(]")
_ORDINAL = re.compile(r"^\(?(?:\d{1,3}(?:st|nd|rd|th|e|er|ème|re|a|ª|º|o)|\d{1,2}\.)$", re.I)
_ROMAN = re.compile(r"^[IVXLCDM]+$")
_DIGIT = re.compile(r"\d")
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
    if not any(map(str.isalpha, core)):
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
    if _DIGIT.search(word):  # the five number patterns all need a digit: most words skip them
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
    if core.isalpha() and len(core) < 6 and word.strip(".,;:()").isupper() and _ROMAN.match(core.upper()):
        feats.append("roman")
    return feats


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
    """Everything about a token that does not depend on its context (cached per string).

    Built once per distinct word of the process: the token's own features (``static``),
    what it gives its neighbours' features (``as_prev`` ...), and the facts the running
    state of :func:`sequence_features` needs (does it end a chunk, open a quote, ...), so
    the per-token loop only joins ready-made lists.
    """

    __slots__ = ("static", "tags", "core", "shape", "cap", "lp", "first", "as_prev", "as_prev2", "as_next",
                 "as_next2", "look", "ends_chunk", "opens_quote", "closes_quote", "quote_first", "paren_first",
                 "parens", "block", "comma", "sets_in", "sets_ed", "sets_year", "_prev_by_cap")

    def __init__(self, word: str, lex: _Lex) -> None:
        basics = _token_basics(word, lex)
        wcore, shape = basics[0], basics[1]
        self.core, self.shape, self.cap = wcore, shape, basics[2]
        self.tags = tags = frozenset(basics[3:])
        core = wcore[2:]
        self.lp = lp = _last_punct(word)
        self.first = first = word[0]
        static = ["bias", *basics, "lp=" + lp, "fp=" + _first_punct(word)]
        if len(core) > 3:
            static.append("s3=" + core[-3:])
            static.append("p3=" + core[:3])
        if core.isdigit():
            static.append(_NUM[len(core) if len(core) < 5 else 5])
        elif len(core) == 1 and core.isalpha():
            static.append("single")
        self.static = static
        # what this token contributes to its neighbours' features, built once per word
        prev_tags, next_tags, self.look = _tag_parts(tags)
        self.as_prev = ["-1" + wcore, "-1" + shape, "-1lp=" + lp, *prev_tags]
        self.as_prev2 = ["-2" + wcore, "-2lp=" + lp]
        self.as_next = ["+1" + wcore, "+1" + shape, *next_tags]
        self.as_next2 = "+2" + wcore
        # chunk boundary: "." after a word that is not an initial, ":", "?", a closing quote
        tail = word.rstrip(")]")
        last = tail[-1:] if tail else ""
        initial = "initial" in tags
        self.ends_chunk = bool(last in ":?!" or (last == "." and not initial and len(wcore) > 4) or (
            last in _CLOSE_QUOTES or tail[-2:-1] in _CLOSE_QUOTES and last in ".,"))
        # the running state's inputs
        closed = word.rstrip(".,;:)]")
        self.quote_first = first in _OPEN_QUOTES
        self.opens_quote = self.quote_first and not (len(closed) > 1 and closed[-1] in _CLOSE_QUOTES)
        self.closes_quote = closed[-1:] in _CLOSE_QUOTES
        self.paren_first = first in "(["
        self.parens = _NOT_PAREN.sub("", word) if ("(" in word or "[" in word or ")" in word or "]" in word) else ""
        self.block = lp == "." and not initial and len(wcore) > 4
        self.comma = lp == ","
        self.sets_in = "mk=in" in tags
        self.sets_ed = "mk=editor" in tags
        self.sets_year = "year" in tags
        self._prev_by_cap: dict[str, list[str]] | None = None

    def as_prev_of(self, cap: str) -> list[str]:
        """``as_prev`` plus this token's last character with the next token's capitalisation."""
        by_cap = self._prev_by_cap
        if by_cap is None:
            by_cap = self._prev_by_cap = {}
        feats = by_cap.get(cap)
        if feats is None:
            feats = by_cap[cap] = [*self.as_prev, f"-1lp={self.lp}|{cap}"]
        return feats


_TAG_PARTS: dict[frozenset[str], tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}


def _tag_parts(tags: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A word's tags as its neighbours see them ("-1year" ..., "+1place" ...) and as look-ahead
    tags, in their fixed order; few distinct tag sets occur, so each is worked out once."""
    parts = _TAG_PARTS.get(tags)
    if parts is None:
        parts = _TAG_PARTS[tags] = (tuple("-1" + t for t in _PREV_TAGS if t in tags),
                                    tuple("+1" + t for t in _NEXT_TAGS if t in tags),
                                    tuple(t for t in _LOOK_TAGS if t in tags))
    return parts


_CACHE: dict[str, _Word] = {}


def _word(word: str, lex: _Lex) -> _Word:
    info = _CACHE.get(word)
    if info is None:
        if len(_CACHE) > 200_000:
            _CACHE.clear()
        info = _CACHE[word] = _Word(word, lex)
    return info


def _glob_features(words: list[str], infos: list[_Word], all_tags: frozenset[str]) -> list[str]:
    """Whole-string cues that tell which kind of reference this is."""
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
    glob.append(_GLEN[min(len(words) // 8, 5)])
    return glob


def _chunk_features(infos: list[_Word], glob: list[str]) -> tuple[list[int], list[list[str]]]:
    """Chunks: runs of tokens between sentence-like boundaries ("." after a word that is
    not an initial, ":" , "?", a closing quote).  What a chunk contains (a place, a
    publisher word, a year, "eds.") says a lot about every token in it.

    Returns each token's chunk and, per chunk, everything a token inherits from its chunk,
    its neighbour chunks and the whole string (``glob``).
    """
    n = len(infos)
    chunk_of = [0] * n
    chunk_feats: list[list[str]] = []
    chunk_ctx: list[list[str]] = []
    start = 0
    last = n - 1
    for i, info in enumerate(infos):
        if i == last or info.ends_chunk:
            members = infos[start:i + 1]
            tags = frozenset().union(*(x.tags for x in members)) if i > start else members[0].tags
            ctx = [c for t, c in _CHUNK_TAG_FEATS if t in tags]
            k = len(chunk_feats)
            for j in range(start, i + 1):
                chunk_of[j] = k
            chunk_feats.append(ctx + [_CN[min(i + 1 - start, 6)], "C:w0" + infos[start].core[1:]])
            chunk_ctx.append(ctx)
            start = i + 1
    n_chunks = len(chunk_feats)
    shared = []
    for c in range(n_chunks):
        sh = glob + chunk_feats[c]
        sh.append(_CI[min(c, 6)])
        sh.append(_CR[min(n_chunks - 1 - c, 4)])
        if c:
            sh.extend(["P" + x for x in chunk_ctx[c - 1]])
        if c + 1 < n_chunks:
            sh.extend(["N" + x for x in chunk_ctx[c + 1]])
        shared.append(sh)
    return chunk_of, shared


def _look_features(infos: list[_Word]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """What is still to come, and what has been: a title is followed by "In"/a journal/a
    place and publisher, a container comes after "In" ..."""
    n = len(infos)
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
    return ahead, behind


def sequence_features(tokens: Sequence[Token] | Sequence[str]) -> list[list[str]]:
    """Feature lists for every token of one reference.

    Per token, in this order: the word's own features (``_Word.static``), its chunk's and
    the string's (``_chunk_features``), position and running state, neighbours, look-ahead
    and look-behind, "seen In/eds.".  New features go in new functions whose lists are
    appended at the end of each token's list.
    """
    words = [t.text if isinstance(t, Token) else t for t in tokens]
    n = len(words)
    if not n:
        return []
    lex = _lex()
    cache = _CACHE
    infos = [cache.get(w) or _word(w, lex) for w in words]
    all_tags = frozenset().union(*(x.tags for x in infos))
    glob = _glob_features(words, infos, all_tags)
    chunk_of, shared = _chunk_features(infos, glob)
    ahead, behind = _look_features(infos)
    positions = _positions(n)

    # Running state from left to right.
    year_seen = False
    in_quote = False
    paren_depth = 0
    blocks = 0  # sentence-like "." boundaries already passed
    commas = 0
    seen_in = seen_ed = False
    out: list[list[str]] = []
    last = n - 1
    prev_chunk = -1
    p = pp = None  # the two tokens before this one
    for i in range(n):
        info = infos[i]
        c = chunk_of[i]
        starts = c != prev_chunk
        prev_chunk = c
        f = [*info.static, *shared[c], *positions[i],
             *_STATE[blocks if blocks < 6 else 6][commas if commas < 4 else 4][year_seen],
             *_FLAGS[starts][in_quote or info.quote_first][paren_depth > 0 or info.paren_first]]
        # neighbours
        if p is not None:
            f += p.as_prev_of(info.cap)
            if pp is not None:
                f += pp.as_prev2
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
        if seen_in or seen_ed:
            f += _SEEN[seen_in][seen_ed]
        out.append(f)

        # update state after this token
        if info.sets_in:
            seen_in = True
        if info.sets_ed:
            seen_ed = True
        if info.sets_year:
            year_seen = True
        if info.parens:
            for ch in info.parens:
                if ch in "([":
                    paren_depth += 1
                elif paren_depth > 0:
                    paren_depth -= 1
        if info.opens_quote:
            in_quote = True
        elif in_quote and info.closes_quote:
            in_quote = False
        if info.block:
            blocks += 1
        elif info.comma:
            commas += 1
        pp, p = p, info
    return out


_POSITIONS: dict[int, list[tuple[str, ...]]] = {}


def _positions(n: int) -> list[tuple[str, ...]]:
    """Per token of an n-token string: its tenth of the string, index (first three), first/last."""
    table = _POSITIONS.get(n)
    if table is None:
        table = []
        for i in range(n):
            row = [_POS[(10 * i) // n]]
            if i < 3:
                row.append(_IDX[i])
                if i == 0:
                    row.append("first")
            if i == n - 1:
                row.append("last")
            table.append(tuple(row))
        if len(_POSITIONS) < 4096:
            _POSITIONS[n] = table
    return table


_LOOK_TAGS = ("year", "mk=in", "mk=editor", "prange", "voliss", "place", "publ", "jword", "url", "doi",
              "mk=pages", "mk=volume", "edword")
_POS = [f"pos={k}" for k in range(10)]
_IDX = ["idx=0", "idx=1", "idx=2"]
_BLK = [f"blk={k}" for k in range(7)]
_COM = [f"com={k}" for k in range(5)]
#: _STATE[blocks][commas][year_seen]: the running-state features, built once
_STATE = [[[(b, c, "ys" if y else "noys") for y in (False, True)] for c in _COM] for b in _BLK]
#: _FLAGS[chunk starts][in quotes][in brackets]
_FLAGS = [[[tuple(name for name, on in (("C:start", s), ("inq", q), ("inpar", b)) if on) for b in (False, True)]
           for q in (False, True)] for s in (False, True)]
#: _SEEN[seen "In"][seen "eds."]
_SEEN = [[tuple(name for name, on in (("seen_in", i), ("seen_ed", e)) if on) for e in (False, True)]
         for i in (False, True)]
_CI = [f"C:i={k}" for k in range(7)]
_CR = [f"C:r={k}" for k in range(5)]
_CN = [f"C:n={k}" for k in range(7)]
_NUM = [f"num{k}" for k in range(6)]
_GLEN = [f"G:len={k}" for k in range(6)]
_CHUNK_TAG_FEATS = tuple((t, "C:" + t) for t in _CHUNK_TAGS)
_NOT_PAREN = re.compile(r"[^()\[\]]+")
_ED_RE = re.compile(r"\b(eds?|hrsg|hg|dir|edited)\b\.?")
_PP_RE = re.compile(r"\bpp?\.")
