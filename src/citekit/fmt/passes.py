"""The named passes of ``citekit fmt``: small, idempotent rewrites of raw values.

Each value pass takes a raw BibTeX value (as written, delimiters included) and
returns the new raw value; it leaves alone what it does not understand (macros,
``#`` concatenations it cannot see through, names pybtex cannot parse), so a pass
never loses text. Passes run in the order of :data:`PASSES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from citekit.bibfile.values import (
    BRACE,
    MONTH_MACROS,
    NUMBER,
    QUOTE,
    ValueSyntaxError,
    balanced,
    is_simple_braced,
    join_parts,
    split_parts,
)


@dataclass(frozen=True)
class Pass:
    name: str
    default: bool
    help: str


#: Every pass, in the order they run. ``default`` says whether it is on without config.
PASSES: list[Pass] = [
    Pass("lowercase", True, "entry types and field names in lower case"),
    Pass("braces", True, 'values in {braces}: "quoted" and bare numbers converted; macros stay'),
    Pass("whitespace", True, "runs of white space in values collapsed (paragraph breaks kept)"),
    Pass("names", True, "author/editor lists as 'von Last, Jr, First and ...' (pybtex Person)"),
    Pass("pages", True, "page ranges with an en dash: 12--19"),
    Pass("months", True, "month as a macro: jan .. dec"),
    Pass("url-doi", True, "a url that is a DOI link (https://doi.org/10...) becomes the doi field"),
    Pass("doi", True, "doi holds the bare DOI (no doi:, https://doi.org/)"),
    Pass("urls", True, "url values trimmed"),
    Pass("latex-to-unicode", False, "LaTeX accents to Unicode characters ({\\\"u} -> ü)"),
    Pass("unicode-to-latex", False, "non-ASCII characters to LaTeX (ü -> {\\\"u}), via pylatexenc"),
    Pass("field-order", True, "fields in a canonical order (unknown fields keep theirs, after)"),
    Pass("keys", True, "generate keys from the key pattern: for entries without one, or all with keys='all'"),
    Pass("sort", False, "sort entries (by key, or sort-by = author / year)"),
    Pass("layout", True, "every entry laid out the same way; one blank line between blocks"),
]
PASS_NAMES = [p.name for p in PASSES]

#: Fields holding lists of people.
NAME_FIELDS = frozenset(
    "author editor translator bookauthor editora editorb editorc annotator commentator "
    "introduction foreword afterword holder".split()
)
#: Fields whose white space and characters must not be touched.
VERBATIM_FIELDS = frozenset("url doi file pdf eprint urlraw verba verbb verbc".split())

DEFAULT_FIELD_ORDER = [
    "author", "editor", "translator", "title", "subtitle", "titleaddon", "booktitle",
    "maintitle", "journal", "journaltitle", "series", "volume", "number", "issue",
    "edition", "chapter", "pages", "eid", "publisher", "organization", "institution",
    "school", "address", "location", "howpublished", "type", "year", "month", "day",
    "date", "isbn", "issn", "doi", "eprint", "eprinttype", "archiveprefix",
    "primaryclass", "url", "urldate", "language", "crossref", "xdata", "keywords",
    "abstract", "note", "annote", "file",
]


# -- helpers -----------------------------------------------------------------------------


def _map_text_parts(raw: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the text of each {braced} / "quoted" part; macros unchanged."""
    if is_simple_braced(raw):
        return "{" + fn(raw[1:-1]) + "}"
    try:
        parts = split_parts(raw)
    except ValueSyntaxError:
        return raw
    if not parts:
        return raw
    new = [(kind, fn(text) if kind in (BRACE, QUOTE) else text) for kind, text in parts]
    return raw if new == parts else join_parts(new)


def _single_text(raw: str) -> str | None:
    """The text of a value that is one {braced}, "quoted" or numeric part, else None."""
    if is_simple_braced(raw):
        return raw[1:-1]
    if raw[:1] == '"' and raw[-1:] == '"' and len(raw) > 1 and raw.count('"') == 2 and balanced(raw):
        return raw[1:-1]
    try:
        parts = split_parts(raw)
    except ValueSyntaxError:
        return None
    if len(parts) == 1 and parts[0][0] in (BRACE, QUOTE, NUMBER):
        return parts[0][1]
    return None


def _rewrap(raw: str, text: str) -> str:
    """``text`` in the delimiters ``raw`` used (braces for numbers)."""
    if raw[:1] == '"':
        return '"' + text + '"'
    return "{" + text + "}"


# -- value passes ------------------------------------------------------------------------


def braces(raw: str) -> str:
    if not raw or raw[0] == "{" and is_simple_braced(raw):
        return raw
    if raw.isdigit():
        return "{" + raw + "}"
    if '"' not in raw and "{" not in raw:
        return raw  # a macro name (or names joined by #)
    if raw[0] == '"' and raw[-1] == '"' and len(raw) > 1 and raw.count('"') == 2 and balanced(raw):
        return "{" + raw[1:-1] + "}"
    try:
        parts = split_parts(raw)
    except ValueSyntaxError:
        return raw
    if not any(kind in (QUOTE, NUMBER) for kind, _ in parts):
        return raw
    if len(parts) == 1:
        return "{" + parts[0][1] + "}"
    new = [(BRACE if kind in (QUOTE, NUMBER) else kind, text) for kind, text in parts]
    return join_parts(new)


#: BibTeX's white space is ASCII: U+00A0, U+202F, U+2003 ... are characters of the
#: value (a no-break space means something), so no pass touches them.
WS = " \t\n\r\f\v"
_WS_RUN = re.compile(r"[ \t\n\r\f\v]+")
_PARAGRAPH = re.compile(r"\r?\n[ \t\r\f\v]*\n[ \t\n\r\f\v]*")


def ascii_split(text: str) -> list[str]:
    """``str.split()`` on ASCII white space only."""
    return [t for t in _WS_RUN.split(text) if t]


def _strip(text: str) -> str:
    """Strip ASCII white space, but not the space of a control space ``\\ `` at the end."""
    text = text.strip(WS)
    return text + " " if text.endswith("\\") and not text.endswith("\\\\") else text


def _collapse(text: str) -> str:
    text = _strip(text)
    crlf = "\r\n" in text
    paragraphs = _PARAGRAPH.split(text)
    joined = ("\r\n\r\n" if crlf else "\n\n").join(
        _strip(_WS_RUN.sub(" ", p)) for p in paragraphs)
    return joined


def _collapse_inner(text: str) -> str:
    """Collapse runs but keep one space at the edges: in ``a # { b}`` it separates words."""
    collapsed = _collapse(text)
    lead = " " if text[:1] and text[:1] in WS else ""
    trail = " " if text[-1:] and text[-1:] in WS and collapsed and not collapsed.endswith(" ") else ""
    return lead + collapsed + trail


def whitespace(raw: str) -> str:
    if not raw:
        return raw
    if "\n" in raw or "  " in raw or "\t" in raw or "\r" in raw or "\f" in raw or "\v" in raw \
            or raw[1:2] in WS and raw[1:2] or raw[-2:-1] in WS and raw[-2:-1]:
        if is_simple_braced(raw):
            return "{" + _collapse(raw[1:-1]) + "}"
        try:
            parts = split_parts(raw)
        except ValueSyntaxError:
            return raw
        if len(parts) == 1:
            return _map_text_parts(raw, _collapse)
        return _map_text_parts(raw, _collapse_inner)
    return raw


def braces_then_whitespace(raw: str) -> str:
    """:func:`braces`, then :func:`whitespace`, in one call: most values are one
    ``{...}`` part with no brace inside and nothing to collapse, and come back as
    they are without either pass looking."""
    if raw[:1] == "{" and raw[-1:] == "}" and len(raw) > 2 and raw[-2] != "\\" \
            and raw[1] not in WS and raw[-2] not in WS \
            and "\n" not in raw and "  " not in raw and "\t" not in raw and "\r" not in raw \
            and "\f" not in raw and "\v" not in raw \
            and raw.find("{", 1, -1) < 0 and raw.find("}", 1, -1) < 0:
        return raw
    return whitespace(braces(raw))


_SIMPLE_TOKEN = re.compile(r"[^\W\d_][\w.'\-]*\Z")


def _fast_name(name: str) -> str | None:
    """pybtex's result for plain names (no braces, no lower-case von words), or None."""
    if "{" in name or "\\" in name or "}" in name or "~" in name:
        return None
    if not name.isascii():
        return None  # a no-break space is part of a name: let the careful path decide
    parts = name.split(",")
    if len(parts) > 3:
        return None
    parts = [" ".join(p.split()) for p in parts]
    if any(not p for p in parts):
        return None
    if len(parts) > 1:
        tokens = parts[0].split()
        if len(tokens) > 1 and not all(t[0].isupper() for t in tokens):
            return None  # a von part: let pybtex decide
        return ", ".join(parts)
    tokens = parts[0].split()
    if not all(t[0].isupper() and _SIMPLE_TOKEN.match(t) for t in tokens):
        return None
    if len(tokens) == 1:
        return tokens[0]
    return tokens[-1] + ", " + " ".join(tokens[:-1])


@lru_cache(maxsize=65536)
def _format_name(name: str) -> str:
    fast = _fast_name(name)
    if fast is not None:
        return fast
    formatted = _pybtex_name(name)
    if formatted != name.strip(WS) and _pybtex_name(formatted) != formatted:
        return name.strip(WS)  # not a fixed point ('Doe and , Jane Roe'): keep the original
    return formatted


def _pybtex_name(name: str) -> str:
    from pybtex.database import Person

    if name.strip(WS).lower() == "others":
        return "others"
    if any(not c.isascii() and c.isspace() for c in name):
        return name.strip(WS)  # pybtex splits at a no-break space; BibTeX does not
    try:
        person = Person(name)
    except Exception:
        return name.strip(WS)
    formatted = str(person)
    if sorted(ascii_split(formatted.replace(",", " "))) != sorted(ascii_split(name.replace(",", " "))):
        return name.strip(WS)  # pybtex would drop or merge something: keep the original
    return formatted


_AND = re.compile(r"[ \t\n\r\f\v]+and[ \t\n\r\f\v]+", re.I)


@lru_cache(maxsize=8192)  # name lists recur; a big file of unique ones is not all kept
def format_names(text: str) -> str:
    """``Jane Doe and John {von} Smith`` -> ``Doe, Jane and Smith, John {von}``."""
    if "{" not in text and "}" not in text:
        names = _AND.split(text.strip(WS))
    else:
        from pybtex.bibtex.utils import split_name_list

        try:
            names = split_name_list(text)
        except Exception:
            return text
    if not names:
        return text
    return " and ".join([_format_name(n) for n in names if n.strip(WS)])


def names(raw: str) -> str:
    text = _single_text(raw)
    if text is None or not text.strip(WS):
        return raw
    new = format_names(text)
    if new == text or _name_chars(new) != _name_chars(text):
        return raw  # the pass only moves words and commas: anything else lost, keep it
    if format_names(new) != new:
        return raw  # the list would split differently next time ('x " ,and y'): keep it
    return _rewrap(raw, new)


_NOT_NAME_CHARS = str.maketrans("", "", WS + ",")


def _name_chars(text: str) -> list[str]:
    """The characters of a name list, white space and commas left out, in order."""
    return sorted(text.lower().translate(_NOT_NAME_CHARS))


_PAGE = r"(?:[A-Za-z]{0,3}\d+[A-Za-z]?|[ivxlcdmIVXLCDM]+)"
_RANGE = re.compile(
    rf"(?<![\w-])({_PAGE})[ \t\n\r]*(?:-+|\u2013|\u2014|\u2012|\u2010|\u2011|\u2212|\\textendash[ \t]*(?:\{{\}})?)[ \t\n\r]*({_PAGE})(?![\w-])"
)


_CANONICAL_PAGES = re.compile(r"\d+(?:--\d+)?")  # "12" or "12--19": nothing to do


def _en_dash(match: re.Match[str]) -> str:
    return match.group(1) + "--" + match.group(2)


def pages(raw: str) -> str:
    text = _single_text(raw)
    if text is None or _CANONICAL_PAGES.fullmatch(text):
        return raw
    new = _RANGE.sub(_en_dash, text)
    return raw if new == text else _rewrap(raw, new)


_MONTHS = {
    **{name: name for name in MONTH_MACROS},
    **{
        full: full[:3]
        for full in (
            "january february march april may june july august september october "
            "november december"
        ).split()
    },
    "sept": "sep",
    **{str(i): name for name, i in ((n, int(v)) for n, v in MONTH_MACROS.items())},
    **{f"{i:02d}": name for name, i in ((n, int(v)) for n, v in MONTH_MACROS.items())},
}


def months(raw: str, macros: dict[str, str] | None = None) -> str:
    if not raw:
        return raw
    low = raw.lower()
    if low in MONTH_MACROS:
        if macros and low in macros:
            return raw  # the file defines its own macro of that name: leave it
        return low
    text = _single_text(raw)
    if text is None:
        return raw
    name = _MONTHS.get(text.strip().rstrip(".").lower())
    if name is None or (macros and name in macros):
        return raw
    return name


_DOI_PREFIX = re.compile(r"^[ \t\n\r]*(?:doi[ \t]*:[ \t]*|(?:https?://)?(?:dx\.)?doi\.org/)", re.I)


def doi(raw: str) -> str:
    text = _single_text(raw)
    if text is None:
        return raw
    new = text.strip(WS)
    while True:
        stripped = _DOI_PREFIX.sub("", new, count=1).strip(WS)
        if stripped == new:
            break
        new = stripped
    if not new:
        return raw
    return raw if new == text else _rewrap(raw, new)


_DOI_URL = re.compile(r"^\s*(?:https?://)?(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+?)\s*$", re.I)


def doi_of_url(url: str) -> str | None:
    """The bare DOI of a DOI link (``https://doi.org/10.1/x``, ``http://dx.doi.org/...``)."""
    match = _DOI_URL.match(url)
    if match is None:
        return None
    from urllib.parse import unquote

    return unquote(match.group(1))


def url_doi(fields: list) -> list | None:
    """An entry's fields with a DOI link in ``url`` moved to ``doi`` (bare), or None if
    nothing changes. With a doi field already there nothing is moved or dropped (fmt
    loses nothing: a url repeating the doi stays)."""
    url = next((f for f in fields if f.key.lower() == "url"), None)
    if url is None or not isinstance(url.value, str):
        return None
    text = _single_text(url.value)
    bare = doi_of_url(text) if text is not None else None
    if bare is None:
        return None
    if any(f.key.lower() == "doi" for f in fields):
        return None  # the doi is where it belongs; the url stays as written
    url.key = "doi" if url.key.islower() else "DOI"
    url.value = "{" + bare + "}"
    return fields


def urls(raw: str) -> str:
    text = _single_text(raw)
    if text is None:
        return raw
    new = " ".join(ascii_split(text))
    return raw if new == text or not new else _rewrap(raw, new)


# LaTeX accent commands, e.g. {\"u}, \"{u}, \"u, \'{\i}, \c{c}, {\ss}, \o
_ACCENT = re.compile(
    r"""\{\\(?:[`'^"~=.]\s*(?:\{\\?[A-Za-z]\}|\\?[A-Za-z])|[uvHcdbkr]\s*(?:\{\\?[A-Za-z]\}|\s\\?[A-Za-z]))\}"""
    r"""|\\[`'^"~=.]\s*(?:\{\\?[A-Za-z]\}|\\?[A-Za-z](?![A-Za-z]))"""
    r"""|\\[uvHcdbkr](?:\{\\?[A-Za-z]\}|\s+\\?[A-Za-z](?![A-Za-z]))"""
    r"""|\{\\(?:ss|ae|AE|oe|OE|o|O|l|L|aa|AA|i|j)\}"""
    r"""|\\(?:ss|ae|AE|oe|OE|o|O|l|L|aa|AA)(?![A-Za-z])(?:\{\})?"""
)


@lru_cache(maxsize=4096)
def _accent_to_unicode(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        text = LatexNodes2Text().latex_to_text(latex)
    except Exception:
        return latex
    return text if len(text) == 1 and not text.isascii() else latex


def _latex_text_to_unicode(text: str) -> str:
    if "\\" not in text:
        return text
    return _ACCENT.sub(lambda m: _accent_to_unicode(m.group(0)), text)


def latex_to_unicode(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return _map_text_parts(raw, _latex_text_to_unicode)


@lru_cache(maxsize=4096)
def _char_to_latex(char: str) -> str:
    from pylatexenc.latexencode import unicode_to_latex as encode

    latex = encode(char, non_ascii_only=True, replacement_latex_protection="braces-all")
    if latex.startswith("\\"):
        latex = "{" + latex + "}"
    return latex


def _unicode_text_to_latex(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _char_to_latex(c) for c in text)


def unicode_to_latex(raw: str) -> str:
    if raw.isascii():
        return raw
    return _map_text_parts(raw, _unicode_text_to_latex)


def order_fields(fields: list, order: list[str] | dict[str, int]) -> list:
    """Fields by their rank in ``order``; the rest after them, in their own order."""
    rank = order if isinstance(order, dict) else {name: i for i, name in enumerate(order)}
    last = len(rank)
    indexed = sorted(enumerate(fields), key=lambda p: (rank.get(p[1].key.lower(), last), p[0]))
    return [f for _, f in indexed]
