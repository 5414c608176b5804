"""Numbers in CSL: is-numeric, ordinals, roman numerals, page-range formats."""

from __future__ import annotations

import re

_NUMERIC = re.compile(r"^\s*[a-zA-Z]{0,2}\d+[a-zA-Z]{0,3}(\s*([-\u2013,&]|and)\s*[a-zA-Z]{0,2}\d+[a-zA-Z]{0,3})*\s*$")
_NUM_TOKEN = re.compile(r"(\d+)")


def is_numeric(value) -> bool:
    if isinstance(value, (int, float)):
        return True
    if not value:
        return False
    return bool(_NUMERIC.match(str(value)))


def is_plural(value) -> bool:
    """Several numbers (a range or a list): pick a term's plural form."""
    if isinstance(value, (int, float)):
        return False
    s = str(value).replace("\\-", "")
    # split on range and list separators ("1.3" is one number; "iv, vi-xi" is three); a part
    # that is not a number ("fig. 333") starts another locator with its own label, so only
    # the numbers before it count ("367-368, fig. 333" is plural, "1, fol. 186" is not)
    count = 0
    for part in _PLURAL_SPLIT.split(s.strip()):
        if not part:
            continue
        if not (_NUMBERISH.fullmatch(part) or _ROMAN.fullmatch(part)):
            break
        count += 1
    return count >= 2


# separators: dashes, commas, ampersands, and a word between numbers ("and", "et", "und")
_PLURAL_SPLIT = re.compile(r"\s*(?:[-\u2013\u2014,&;]\s*)+(?:[^\W\d_]+\s+(?=\d))?"
                           r"|\s+[^\W\d_]+\s+(?=\d)")
# a number, with at most a short letter prefix/suffix ("S3", "12a", "1.3")
_NUMBERISH = re.compile(r"[^\W\d_]{0,3}\d+(?:\.\d+)*[^\W\d_]{0,2}")
_ROMAN = re.compile(r"[ivxlcdm]+", re.I)


def roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def ordinal_suffix(n: int, locale, gender=None) -> str:
    """CSL 1.0.1 ordinal matching: ordinal-NN terms with last-digit/last-two-digits/whole-number."""
    terms = locale.ordinal_entries()
    if not terms:
        return ""

    def pick(name):
        lst = terms.get(name)
        if not lst:
            return None
        for e in lst:
            if gender and e["gender-form"] == gender:
                return e
        for e in lst:
            if not e["gender-form"]:
                return e
        return None if gender else lst[0]

    two = n % 100
    if two >= 10:
        e = pick("ordinal-%02d" % two)
        if e is not None:
            m = e["match"] or "last-two-digits"
            if m == "last-two-digits" or (m == "whole-number" and n == two):
                return e["single"]
    one = n % 10
    e = pick("ordinal-%02d" % one)
    if e is not None:
        m = e["match"] or "last-digit"
        if (m == "last-digit" or (m == "last-two-digits" and two == one)
                or (m == "whole-number" and n == one)):
            return e["single"]
    e = pick("ordinal")
    return e["single"] if e else ""


def long_ordinal(n: int, locale, gender=None):
    if 1 <= n <= 10:
        t = locale.term("long-ordinal-%02d" % n, gender=gender)
        if t is not None:
            return t
    return str(n) + ordinal_suffix(n, locale, gender)


LABELLED = re.compile(r"(?<![A-Za-z])([A-Za-z]+\.)\s*(\d+(?:\s*[-\u2013]\s*\d+)?)")
_LOCATOR_TERMS = ("page", "volume", "chapter", "section", "paragraph", "line", "figure",
                  "issue", "number", "part", "verse", "column", "folio", "note", "book", "opus")


def _label_term(text: str, locale):
    """The locator term whose short form (singular or plural) is written ``text``."""
    low = text.lower()
    for name in _LOCATOR_TERMS:
        for plural in (False, True):
            t = locale.term(name, "short", plural)
            if t and t.lower() == low:
                return name
    return None


def format_number_string(value: str, form: str, locale, gender=None) -> str:
    """Each number in ``value`` formatted; separators kept (ranges get an en dash)."""
    s = str(value)

    def fmt(m):
        n = int(m.group(1))
        if form in ("ordinal", "long-ordinal") and re.match(r"(?:st|nd|rd|th|d|e|er|re|º|ª|\.)\b",
                                                            s[m.end():m.end() + 3]):
            return m.group(1)  # already an ordinal as written ("3rd", "2nd", "1er", "3."): kept
        if form == "ordinal":
            return str(n) + ordinal_suffix(n, locale, gender)
        if form == "long-ordinal":
            return long_ordinal(n, locale, gender)
        if form == "roman":
            return roman(n)
        return m.group(1)

    if locale is not None and LABELLED.search(s):
        # "7, p. 3-8": a locator label inside the number keeps its numbers as they are and
        # takes the locale's form (plural for a range), as citeproc-js parses it
        pieces, pos = [], 0
        for m in LABELLED.finditer(s):
            term = _label_term(m.group(1), locale)
            if term is None:
                continue
            plural = bool(re.search(r"[-\u2013&,]", m.group(2)))
            label = locale.term(term, "short", plural) or m.group(1)
            pieces.append(_NUM_TOKEN.sub(fmt, s[pos:m.start()]))
            pieces.append(label + " " + re.sub(r"\s*[-\u2013]\s*", "\u2013", m.group(2)))
            pos = m.end()
        if pieces:
            return "".join(pieces) + _NUM_TOKEN.sub(fmt, s[pos:])
    out = _NUM_TOKEN.sub(fmt, s)
    out = re.sub(r"\s*[-\u2013]\s*", "\u2013", out)
    out = re.sub(r"\s*,\s*", ", ", out)
    out = re.sub(r"\s*&\s*", " & ", out)
    return out


# ---------------------------------------------------------------- page ranges

_RANGE = re.compile(r"^(\s*)(\d*[a-zA-Z]+|)(\d+)\s*[-\u2013]+\s*(\d*[a-zA-Z]+|)(\d+)(\s*)$")


_ROMAN_RANGE = re.compile(r"^(\s*)([ivxlcdmIVXLCDM]+)\s*[-\u2013]+\s*([ivxlcdmIVXLCDM]+)(\s*)$")


def format_page(value: str, fmt: str | None, locale=None) -> str:
    """Apply page-range-format to each range of a page value ("\\-" is a literal hyphen)."""
    delim = "\u2013"
    if locale is not None:
        t = locale.term("page-range-delimiter")
        if t is not None:
            delim = t
    value = str(value)
    if "\\-" in value:
        return value.replace("\\-", "-")
    parts = re.split(r"(\s*[,&]\s*|\s+and\s+)", value)
    out = []
    for p in parts:
        m = _RANGE.match(p)
        if not m:
            r = _ROMAN_RANGE.match(p)
            if r:
                out.append(r.group(2) + delim + r.group(3))
            else:
                out.append(re.sub(r"\s*-\s*", "-", p))
            continue
        pre1, a, pre2, b = m.group(2), m.group(3), m.group(4), m.group(5)
        if pre1 != pre2:
            out.append(re.sub(r"\s*-\s*", "-", p))
            continue
        if not fmt:
            out.append(f"{pre1}{a}{delim}{pre2}{b}")
            continue
        # the second number repeats a shared prefix only when written out in full
        out.append(pre1 + a + delim + (pre2 if fmt == "expanded" else "") + _range(a, b, fmt))
    return "".join(out)


def _range(a: str, b: str, fmt: str) -> str:
    if len(b) < len(a):
        b = a[: len(a) - len(b)] + b
    if int(b) <= int(a) or fmt == "expanded":
        return b
    if fmt in ("minimal", "minimal-two"):
        if len(a) != len(b):
            return b
        i = 0
        while i < len(a) - 1 and a[i] == b[i]:
            i += 1
        res = b[i:]
        if fmt == "minimal-two" and len(res) < 2 and len(b) >= 2:
            res = b[-2:]
        return res
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        na = int(a)
        if na < 100 or na % 100 == 0 or len(a) != len(b):
            return b
        if na % 100 < 10:
            res = _range(a, b, "minimal")
        else:
            res = _range(a, b, "minimal-two")
        if fmt != "chicago-16" and len(a) == 4 and len(res) >= 3:
            return b
        return res
    return b
