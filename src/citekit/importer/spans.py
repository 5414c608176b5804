"""Stage 3 of the document reader: find reference and citation spans among the tokens.

A CRF over the tokens of each paragraph labels where a reference starts and continues
(``B-REF``/``I-REF``: a list item without its number and glued link labels, or a work named
inside prose without its lead-in words such as "see" or "a still useful survey is") and
where an in-text citation is (``B-CIT``/``I-CIT``: "(Allen 1964)", "Gaddis (2007)",
"(Taubman 45)", "(The Road Ahead 13)", "[3]", a note digit glued to a word). The zone of a
token's line (``citekit.importer.zones``) is one of its features. The model
(``models/spans.crfsuite``) is trained on the same synthetic documents as the zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from citekit.refparse.lexicons import word_set

__all__ = ["Token", "Span", "tokenize", "token_features", "label_spans", "SPAN_LABELS"]

SPAN_LABELS = ("O", "B-REF", "I-REF", "B-CIT", "I-CIT")
MODEL_NAME = "spans.crfsuite"
MAX_TOKENS = 1500

_RUN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_LEADINS = {
    "see", "also", "cf", "compare", "useful", "standard", "survey", "study", "studies", "is",
    "are", "by", "in", "the", "a", "an", "on", "recent", "best", "introduction", "account",
    "work", "works", "edition", "life", "lives", "biography", "classic", "ibid", "id", "op",
}
_MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec", "january", "february", "march", "april", "june", "july", "august", "september",
           "october", "november", "december"}


@dataclass
class Token:
    text: str
    start: int
    end: int
    line: int  # index into the document's lines
    gap: str  # what comes before it: "" glued, " " space, "\n" line break, "\n\n" paragraph


@dataclass
class Span:
    kind: str  # "REF" | "CIT"
    start: int
    end: int


def _split_word(word: str, offset: int) -> list[tuple[str, int]]:
    """Split a word run where a lower-case letter meets a capital ("CambridgeGoogle") and
    where letters meet digits ("Lahore5", "14o" stays: a digit then a lower-case letter)."""
    if word.isdigit() or (word.isalpha() and (word.islower() or word.isupper() or word[1:].islower())):
        return [(word, offset)]  # the common case: nothing to split
    cuts = [0]
    for i in range(1, len(word)):
        a, b = word[i - 1], word[i]
        if (a.islower() and b.isupper()) or (a.isalpha() and b.isdigit()) or (a.isdigit() and b.isupper()):
            cuts.append(i)
    cuts.append(len(word))
    return [(word[x:y], offset + x) for x, y in zip(cuts, cuts[1:]) if y > x]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with their offsets and the gap before each."""
    end = len(text) if end is None else end
    tokens: list[Token] = []
    line = text.count("\n", 0, start)
    prev_end = start
    for m in _RUN.finditer(text, start, end):
        between = text[prev_end : m.start()]
        nl = between.count("\n")
        line += nl
        gap = "" if not between else ("\n\n" if nl > 1 else "\n" if nl else " ")
        pieces = _split_word(m.group(), m.start()) if m.group()[0].isalnum() else [(m.group(), m.start())]
        for k, (piece, off) in enumerate(pieces):
            tokens.append(Token(piece, off, off + len(piece), line, gap if k == 0 else ""))
        prev_end = m.end()
    return tokens


@lru_cache(maxsize=65536)
def shape(word: str) -> str:
    """A word's shape: capitals (A-Z, À-Þ) -> X, small letters (a-z, ß-ÿ) -> x, digits -> d,
    a run of three or more of one character cut to two ("Smith1990" -> "Xxxdd")."""
    s = word.translate(_SHAPE_TABLE)
    if not s.isascii():
        s = _DIGIT.sub("d", s)  # the other scripts' digits
    return _TRIPLE.sub(_two, s) if len(s) > 2 else s


def _two(m: re.Match) -> str:
    return m.group(1) * 2  # (a function: re's template "\\1\\1" is three times slower)


_SHAPE_TABLE = str.maketrans({
    **{chr(c): "X" for c in [*range(ord("A"), ord("Z") + 1), *range(0xC0, 0xDF)]},
    **{chr(c): "x" for c in [*range(ord("a"), ord("z") + 1), *range(0xDF, 0x100)]},
    **{chr(c): "d" for c in range(ord("0"), ord("9") + 1)},
})
_DIGIT = re.compile(r"\d")
_TRIPLE = re.compile(r"(.)\1{2,}")


@lru_cache(maxsize=1)
def _lexicons() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return word_set("given_names.txt"), word_set("places.txt"), word_set("publishers.txt")


def _attrs(features: dict[str, float | str]) -> tuple[str, ...]:
    """A feature dict as crfsuite attribute strings, as pycrfsuite would read it ("w": "press"
    -> "w:press", a 1.0 flag -> its name; a 0.0 flag weighs nothing and is left out). Handing
    the tagger strings costs half what handing it dicts does."""
    out = []
    for k, v in features.items():
        if isinstance(v, str):
            out.append(k + ":" + v)
        elif v == 1.0:
            out.append(k)
        elif v != 0.0:
            raise ValueError(f"{k}: a token attribute is a string or a flag, not {v!r}")
    return tuple(out)


@lru_cache(maxsize=65536)
def _own_attrs(w: str, gap: str) -> tuple[str, ...]:
    """A token's own attributes (cached by its text and gap)."""
    return _attrs(_static_features(w)) + ("gap:" + repr(gap),)


@lru_cache(maxsize=65536)
def _static_features(w: str) -> dict[str, float | str]:
    """What a token's own text says (cached: words repeat; callers copy the dict)."""
    low = w.lower()
    given, places, publishers = _lexicons()
    f: dict[str, float | str] = {
        "w": low[:20],
        "shape": shape(w[:8]),
    }
    if w.isdigit():
        f["digits"] = str(min(len(w), 5))
        if len(w) == 4 and 1500 <= int(w) <= 2049:
            f["year"] = 1.0
    if low in given:
        f["given"] = 1.0
    if low in places:
        f["place"] = 1.0
    if low in publishers:
        f["publisher"] = 1.0
    if low in _LEADINS:
        f["leadin"] = 1.0
    if low in _MONTHS:
        f["month"] = 1.0
    if len(w) > 3:
        f["suf3"] = low[-3:]
    return f


def grammar_marks(text: str, tokens: list[Token]) -> list[str]:
    """Where the prose citation grammar (``citekit.citations.prose``) reads a citation: for
    each token "B-kind", "I-kind" or "". A feature, not a verdict: the grammar also reads
    "French (1990)" inside a prose bibliography, and the CRF learns from context when to
    believe it (it finds "[2]" and "Gaddis (1997)" that the words alone leave unsure)."""
    from citekit.citations.prose import find_citations

    marks = [""] * len(tokens)
    found = sorted((c.start, c.end, c.kind) for c in find_citations(text))
    k = 0
    for i, tok in enumerate(tokens):
        while k < len(found) and found[k][1] <= tok.start:
            k += 1
        if k < len(found) and found[k][0] <= tok.start < found[k][1]:
            first = i == 0 or marks[i - 1] == "" or tokens[i - 1].start < found[k][0]
            marks[i] = ("B-" if first else "I-") + found[k][2]
    return marks


def token_features(tokens: list[Token], zones: list[str], marks: list[str] | None = None
                   ) -> list[list[str]]:
    """Attributes of each token, as crfsuite strings (:func:`_attrs`); ``zones[i]`` is the
    zone label of token i's line, ``marks[i]`` what the citation grammar says of it
    (:func:`grammar_marks`). The order is fixed: crfsuite sums the weights in it."""
    texts = [t.text for t in tokens]
    gaps = [t.gap for t in tokens]
    line_of = [t.line for t in tokens]
    words = [_static_features(w)["w"] for w in texts]
    own = [_own_attrs(w, g) for w, g in zip(texts, gaps)]
    near = [_as_neighbour(w, g) for w, g in zip(texts, gaps)]  # near[j][k]: token j seen from offset _OFFSETS[k]
    n = len(tokens)
    out = []
    depth = 0
    for i in range(n):
        f = list(own[i])
        zone = zones[i]
        f.append("zone:" + zone)
        if marks and zone == "BODY":  # in lists the grammar's readings are parts of references
            for d in (-1, 0, 1):
                if 0 <= i + d < n and marks[i + d]:
                    f.append(_GRAM[d] + marks[i + d][0])
            if marks[i]:
                f.append("gram_kind:" + marks[i])
                f.append("gram|zone:" + marks[i][0] + "|" + zone)
        if i == 0 or line_of[i - 1] != line_of[i]:
            f.append("line_start")
        if i + 1 >= n or line_of[i + 1] != line_of[i]:
            f.append("line_end")
        if i and zones[i - 1] != zone:
            f.append("zone_change")
        w = texts[i]
        if w in "([":
            depth += 1
        if depth > 0:
            f.append("in_paren")
        if w in ")]":
            depth = max(0, depth - 1)
        if 3 <= i < n - 3:  # (most tokens: all six neighbours there)
            f += near[i - 3][0]
            f += near[i - 2][1]
            f += near[i - 1][2]
            f += near[i + 1][3]
            f += near[i + 2][4]
            f += near[i + 3][5]
        else:
            for k, d in enumerate(_OFFSETS):
                j = i + d
                if 0 <= j < n:
                    f += near[j][k]
                else:
                    f.append(_EDGE[d])
        f.append("-1w|w:" + (words[i - 1] if i else "^") + "|" + words[i])
        f.append("w|1w:" + words[i] + "|" + (words[i + 1] if i + 1 < n else "$"))
        out.append(f)
    return out


_EDGE = {d: f"{d}:edge" for d in (-3, -2, -1, 1, 2, 3)}
_GRAM = {d: f"{d}:gram:" for d in (-1, 0, 1)}


_OFFSETS = (-3, -2, -1, 1, 2, 3)
_NEAR_FLAGS = ("year", "given", "leadin")
# the attribute names per offset, built once: "-2:w:", "-2:shape:", "-2:gap:", ("-2:year", ...)
_NEAR_KEYS = tuple((f"{d}:w:", f"{d}:shape:", f"{d}:gap:", tuple(f"{d}:{name}" for name in _NEAR_FLAGS))
                   if abs(d) <= 2 else (f"{d}:w:", None, None, ()) for d in _OFFSETS)


@lru_cache(maxsize=65536)
def _as_neighbour(w: str, gap: str) -> tuple[tuple[str, ...], ...]:
    """What a token with text ``w`` and ``gap`` gives the token at each offset of
    ``_OFFSETS`` from it: its text, and within two its shape, gap and year, given-name and
    lead-in flags (cached: words repeat, and building these keys was most of the feature
    time of a long PDF)."""
    o = _static_features(w)
    word, shape_, gap_ = o["w"], o["shape"], repr(gap)
    flags = [k for k, name in enumerate(_NEAR_FLAGS) if name in o]
    out = []
    for w_key, shape_key, gap_key, flag_keys in _NEAR_KEYS:
        if shape_key is None:
            out.append((w_key + word,))
        else:
            out.append((w_key + word, shape_key + shape_, gap_key + gap_, *[flag_keys[k] for k in flags]))
    return tuple(out)


def sequences(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges tagged as one sequence: paragraphs (a blank line ends one), long ones
    cut at a line break."""
    ranges: list[tuple[int, int]] = []
    begin = 0
    for i, tok in enumerate(tokens):
        if i > begin and (tok.gap == "\n\n" or (i - begin >= MAX_TOKENS and tok.gap == "\n")
                          or i - begin >= 2 * MAX_TOKENS):
            ranges.append((begin, i))
            begin = i
    if begin < len(tokens):
        ranges.append((begin, len(tokens)))
    return ranges


def span_model_path():
    return resources.files("citekit.importer").joinpath("models", MODEL_NAME)


_MODEL_OVERRIDE: list[str] = []


def use_model(path: str | None) -> None:
    """Tag with the model at ``path`` (None: the shipped one); for training and evaluation."""
    _MODEL_OVERRIDE[:] = [path] if path else []
    _tagger.cache_clear()


@lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    if _MODEL_OVERRIDE:
        tagger.open(_MODEL_OVERRIDE[0])
        return tagger
    with resources.as_file(span_model_path()) as path:
        tagger.open(str(path))
    return tagger


def decode(tokens: list[Token], labels: list[str]) -> list[Span]:
    """B-/I- runs -> spans (an I- without a B- starts a span too)."""
    spans: list[Span] = []
    current: Span | None = None
    for tok, label in zip(tokens, labels):
        if label == "O":
            current = None
            continue
        prefix, kind = label.split("-", 1)
        if prefix == "B" or current is None or current.kind != kind:
            current = Span(kind, tok.start, tok.end)
            spans.append(current)
        else:
            current.end = tok.end
    return spans


def label_spans(tokens: list[Token], zones: list[str], text: str | None = None) -> list[str]:
    """The CRF's labels for every token (tagged paragraph by paragraph); ``text``, the text
    the tokens come from, gives the citation grammar's marks as features."""
    tagger = _tagger()
    marks = grammar_marks(text, tokens) if text is not None else [""] * len(tokens)
    labels: list[str] = []
    for a, b in sequences(tokens):
        feats = token_features(tokens[a:b], zones[a:b], marks[a:b])
        labels.extend(tagger.tag(feats))
    return labels
