"""Splitting a citation suffix into CSL locator label, locator and the rest, as pandoc does.

``[@doe99, pp. 33-35, 38-39 and *passim*]`` has the suffix ``, pp. 33-35, 38-39 and
*passim*``: label "page", locator "33-35, 38-39", suffix " and *passim*". The rules follow
pandoc's documented heuristics (locale terms in singular, plural, short and symbol forms; a
bare number means "page"; ``{...}`` forces a locator) so a document reads the same here as
under ``pandoc --citeproc``. Written from the behaviour, on a token list of our own.
"""

from __future__ import annotations

import functools
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import resources

#: CSL locator types pandoc recognises, in priority order (an earlier one wins a shared term).
LOCATOR_TERMS = [
    "book", "chapter", "column", "figure", "folio", "issue", "line", "note", "opus",
    "page", "number-of-pages", "paragraph", "part", "section", "sub-verbo", "verse", "volume",
]

#: Term names whose CSL-JSON label is spelled differently.
_LABEL_OF_TERM = {"number-of-pages": "page", "sub-verbo": "sub verbo"}

#: Used only if citeproc-py's locale data cannot be read (it is a declared dependency).
_FALLBACK_TERMS = {
    "book": ["book", "books", "bk.", "bks."],
    "chapter": ["chapter", "chapters", "chap.", "chaps.", "c.", "cc."],
    "column": ["column", "columns", "col.", "cols."],
    "figure": ["figure", "figures", "fig.", "figs."],
    "folio": ["folio", "folios", "fol.", "fols."],
    "issue": ["issue", "issues", "no.", "nos."],
    "line": ["line", "lines", "l.", "ll."],
    "note": ["note", "notes", "n.", "nn."],
    "opus": ["opus", "opera", "op.", "opp."],
    "page": ["page", "pages", "p.", "pp."],
    "paragraph": ["paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"],
    "part": ["part", "parts", "pt.", "pts."],
    "section": ["section", "sections", "sec.", "secs.", "§", "§§"],
    "sub-verbo": ["sub verbo", "sub verbis", "s.v.", "s.vv."],
    "verse": ["verse", "verses", "v.", "vv."],
    "volume": ["volume", "volumes", "vol.", "vols."],
}


@functools.lru_cache(maxsize=8)
def locator_terms(lang: str = "en-US") -> dict[str, str]:
    """Map every spelling of a locator term (case-folded) to its CSL label, for ``lang``."""
    spellings: dict[str, list[str]] = {}
    try:
        path = resources.files("citeproc").joinpath(f"data/locales/locales-{lang}.xml")
        root = ET.fromstring(path.read_bytes())
        ns = {"c": "http://purl.org/net/xbiblio/csl"}
        for term in root.iterfind(".//c:terms/c:term", ns):
            name = term.get("name")
            if name not in LOCATOR_TERMS:
                continue
            forms = [t.text for t in term.iter() if t is not term and t.text and t.text.strip()]
            if term.text and term.text.strip():
                forms.append(term.text)
            spellings.setdefault(name, []).extend(f.strip() for f in forms)
    except (OSError, ET.ParseError, ModuleNotFoundError, FileNotFoundError):
        spellings = {}
    if not spellings:
        spellings = _FALLBACK_TERMS
    mapping: dict[str, str] = {}
    for name in reversed(LOCATOR_TERMS):  # earlier names overwrite later ones
        for spelling in spellings.get(name, []):
            mapping[spelling.casefold()] = _LABEL_OF_TERM.get(name, name)
    return mapping


# --- tokens -----------------------------------------------------------------------------


def _is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def tokenize(text: str) -> list[str]:
    """Split into runs of whitespace, single punctuation characters (":" excepted) and words."""
    tokens: list[str] = []
    word = ""
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            if word:
                tokens.append(word)
                word = ""
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            tokens.append(text[i:j])
            i = j
            continue
        if _is_punct(char) and char != ":":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
        i += 1
    if word:
        tokens.append(word)
    return tokens


def _is_space(token: str) -> bool:
    return token[:1].isspace()


def _is_locator_punct(token: str) -> bool:
    # "-" and en dash join page ranges; ":" joins volume:page
    return len(token) == 1 and _is_punct(token) and token not in "-\u2013:"


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _is_roman(token: str) -> bool:
    upper = token.upper()
    if not upper or any(c not in _ROMAN for c in upper):
        return False
    # canonical form check: value -> canonical numeral must give the same string
    total, previous = 0, 0
    for char in reversed(upper):
        value = _ROMAN[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    if not 0 < total < 4000:
        return False
    return _to_roman(total) == upper


def _to_roman(number: int) -> str:
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, numeral in table:
        while number >= value:
            out += numeral
            number -= value
    return out


_BRACES = [("(", ")"), ("[", "]"), ("{", "}")]
_BRACE_CHARS = {c for pair in _BRACES for c in pair}


class _Parser:
    """Backtracking recursive descent over the token list; each method returns
    ``(result, next_index)`` or ``None`` when it does not match."""

    def __init__(self, tokens: list[str], terms: dict[str, str]) -> None:
        self.toks = tokens
        self.terms = terms
        self.n = len(tokens)

    def tok(self, i: int) -> str | None:
        return self.toks[i] if i < self.n else None

    # a page unit: a roman numeral token, or a run of tokens without space/locator punctuation
    def page_unit(self, i: int):
        token = self.tok(i)
        if token is None:
            return None
        if _is_roman(token):
            return (True, token), i + 1
        j = i
        while j < self.n and not _is_space(self.toks[j]) and not _is_locator_punct(self.toks[j]):
            j += 1
        if j == i:
            return None
        text = "".join(self.toks[i:j])
        return (any(c.isdigit() for c in text), text), j

    def with_period(self, i: int):
        if self.tok(i) != ".":
            return None
        unit = self.page_unit(i + 1)
        if unit is None:
            return None
        (digit, text), j = unit
        return (digit, "." + text), j

    # 1, 1.2, 1.2.3 (but not a trailing period)
    def page_seq(self, i: int):
        unit = self.page_unit(i)
        if unit is not None:
            parts = [unit[0]]
            j = unit[1]
            while True:
                more = self.with_period(j)
                if more is None:
                    break
                parts.append(more[0])
                j = more[1]
            return (any(d for d, _ in parts), "".join(t for _, t in parts)), j
        return self.with_period(i)

    # 34(1)(a), [17], (xv)-(xvii): units, some wrapped in one level of brackets
    def balanced(self, i: int):
        parts = []
        j = i
        while True:
            token = self.tok(j)
            if token is None:
                break
            matched = None
            for open_, close in _BRACES:
                if token == open_:
                    inner = None
                    k = j + 1
                    nxt = self.tok(k)
                    if nxt is not None and nxt not in _BRACE_CHARS:
                        inner = self.page_seq(k)
                    if inner is not None:
                        (digit, text), k = inner
                    else:
                        digit, text = False, ""
                    if self.tok(k) == close:
                        matched = (digit, open_ + text + close), k + 1
                    break
            if matched is None and token not in _BRACE_CHARS:
                matched = self.page_seq(j)
            if matched is None:
                break
            parts.append(matched[0])
            j = matched[1]
        if not parts:
            return None
        return (any(d for d, _ in parts), "".join(t for _, t in parts)), j

    def word(self, i: int, first: bool):
        punct = ""
        j = i
        if not first and self.tok(j) in (",", ";"):
            punct = self.toks[j]
            j += 1
        space = ""
        if self.tok(j) is not None and _is_space(self.toks[j]):
            space = " "
            j += 1
        result = self.balanced(j)
        if result is None:
            return None
        (digit, text), j = result
        return (digit, punct + space + text), j

    def label(self, i: int, limit):
        """Longest run of tokens from ``i``, ending where ``limit`` matches, that is a term."""
        best = None
        for j in range(i + 1, self.n):
            if limit(j) is None:
                continue
            key = "".join(self.toks[i:j]).strip().casefold()
            if key in self.terms:
                best = (self.terms[key], j)
        return best

    def integrated(self, i: int):
        roman_or_digit = lambda k: self._word_requiring(k, True, digits_only=False)  # noqa: E731
        found = self.label(i, roman_or_digit)
        if found is not None:
            label, j = found
            implicit = False
        else:
            if self._word_requiring(i, True, digits_only=True) is None:
                return None
            label, j, implicit = "page", i, True
        first = self._word_requiring(j, not implicit, digits_only=implicit)
        if first is None:
            return None
        texts = [first[0]]
        j = first[1]
        while True:
            more = self._word_requiring(j, False, digits_only=implicit)
            if more is None:
                break
            texts.append(more[0])
            j = more[1]
        return (label, "".join(texts)), j

    def _word_requiring(self, i: int, first: bool, digits_only: bool):
        result = self.word(i, first)
        if result is None:
            return None
        (digit, text), j = result
        if digits_only and not any(c.isdigit() for c in text):
            return None
        if not digits_only and not digit:
            return None
        return text, j

    def delimited(self, i: int):
        if self.tok(i) != "{":
            return None
        j = i + 1
        while self.tok(j) is not None and _is_space(self.toks[j]):
            j += 1
        found = self.label(j, lambda k: True if k < self.n else None)
        label = "page"
        if found is not None:
            label, j = found
        depth = 0
        start = j
        while j < self.n:
            token = self.toks[j]
            if token in "{[":
                depth += 1
            elif token in "]}":
                if depth == 0:
                    if token == "}":
                        return (label, "".join(self.toks[start:j])), j + 1
                    return None
                depth -= 1
            j += 1
        return None


@dataclass(frozen=True)
class Locator:
    label: str | None
    locator: str | None
    suffix: str


def _maybe_add_comma(suffix: str) -> str:
    if not suffix:
        return ""
    first = suffix[0]
    if _is_punct(first) or first.isspace():
        return suffix
    return ", " + suffix


def parse_locator(suffix: str, lang: str = "en-US") -> Locator:
    """Split a citation suffix into (label, locator, remaining suffix), pandoc's way."""
    tokens = tokenize(suffix)
    parser = _Parser(tokens, locator_terms(lang))
    i = 0
    if parser.tok(i) == ",":
        i += 1
    if parser.tok(i) is not None and _is_space(tokens[i]):
        i += 1
    found = parser.delimited(i) or parser.integrated(i)
    if found is None:
        return Locator(None, None, _maybe_add_comma(suffix))
    (label, locator), j = found
    rest = "".join(tokens[j:])
    locator = locator.strip()
    if not locator:
        return Locator(None, None, rest if rest else "")
    return Locator(label, locator, rest)
