"""Citation keys from a JabRef-style pattern, e.g. ``[auth][year][veryshorttitle]``.

The default gives ``smith2004cultural``: first author's surname, year, first
significant title word; lower case and transliterated to ASCII (``Khrushchëv`` ->
``khrushchev``) because keys must be typed in LaTeX and Markdown by hand. A suffix
a, b, c ... is added only when the plain key is taken.

Pattern fields (JabRef's names): ``[auth]`` first author's last name, ``[authN]``
its first N letters, ``[authors]`` all last names (``[authorsN]``: the first N, then
``EtAl``), ``[authEtAl]``, ``[editor]``, ``[year]``, ``[title]`` (all significant
words, capitalised), ``[shorttitle]`` (first three), ``[veryshorttitle]`` (first one),
``[firstpage]``, ``[lastpage]``, ``[entrytype]``, or any field name in brackets
(``[journal]``). Modifiers after a colon: ``lower``, ``upper``, ``abbr`` (initials),
``capitalize``. Text outside brackets is copied. The whole key is lower-cased only
when the pattern is the default.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import AbstractSet, Mapping

from unidecode import unidecode

DEFAULT_PATTERN = "[auth:lower][year][veryshorttitle:lower]"

#: Words skipped when looking for a title's significant words (English plus common
#: articles and prepositions of languages often cited in the humanities).
STOP_WORDS = frozenset(
    """a an the and or but nor of on in at to for from by with without into onto over
    under about as is are was were be via vs versus its it this that these those what
    how why when where which who whom some any
    der die das den dem des ein eine einer eines und oder von zu zur zum im am auf aus mit
    le la les l un une des du de et ou en au aux sur pour par dans
    el los las lo y del al il lo gli i e di da dei della delle una uno o""".split()
)

_TOKEN = re.compile(r"\[([^\]]+)\]")
_WORD = re.compile(r"[A-Za-z0-9]+")


def make_key(
    fields: Mapping[str, str], taken: AbstractSet[str], pattern: str | None = None
) -> str:
    """A new key for an entry's ``fields`` (as from ``Bibliography.fields``).

    ``taken`` holds the keys already in use; the result is not in it (nor is its
    lower-case form). ``taken`` is not modified: add the result yourself.
    """
    base = expand(pattern or DEFAULT_PATTERN, fields, fields.get("entrytype", ""))
    if not pattern:
        base = base.lower()
    if not base:
        base = "anon"
    if not _is_taken(base, taken):
        return base
    n = 1
    while True:
        candidate = base + _suffix(n)
        if not _is_taken(candidate, taken):
            return candidate
        n += 1


def _is_taken(key: str, taken: AbstractSet[str]) -> bool:
    return key in taken or key.lower() in taken


def _suffix(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (spreadsheet-column style)."""
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = string.ascii_lowercase[rem] + letters
    return letters


def expand(pattern: str, fields: Mapping[str, str], entry_type: str = "") -> str:
    """Expand a pattern for one entry (no collision suffix)."""
    fields = {k.lower(): v for k, v in fields.items()}

    def replace(match: re.Match) -> str:
        name, *modifiers = match.group(1).split(":")
        value = _field_value(name, fields, entry_type)
        for modifier in modifiers:
            value = _modify(value, modifier)
        return value

    key = _TOKEN.sub(replace, pattern)
    return re.sub(r"[^A-Za-z0-9_\-:.+/]", "", ascii_text(key))


def _modify(value: str, modifier: str) -> str:
    modifier = modifier.lower()
    if modifier == "lower":
        return value.lower()
    if modifier == "upper":
        return value.upper()
    if modifier == "capitalize":
        return value[:1].upper() + value[1:]
    if modifier == "abbr":
        return "".join(w[0] for w in re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", value))
    return value


def _field_value(name: str, fields: Mapping[str, str], entry_type: str) -> str:
    lname = name.lower()
    if lname in ("auth", "authors", "authetal", "editor") or re.fullmatch(r"auth\d+|authors\d+", lname):
        people = fields.get("editor" if lname == "editor" else "author") or fields.get("editor", "")
        if lname in ("auth", "editor"):  # the first surname only: the other names need no parsing
            return next(_iter_last_names(people), "")
        surnames = last_names(people)
        if not surnames:
            return ""
        if lname.startswith("authors"):
            limit = int(lname[7:]) if lname[7:] else len(surnames)
            chosen = surnames[:limit]
            return "".join(chosen) + ("EtAl" if len(surnames) > limit else "")
        if lname == "authetal":
            if len(surnames) == 1:
                return surnames[0]
            if len(surnames) == 2:
                return surnames[0] + "And" + surnames[1]
            return surnames[0] + "EtAl"
        return surnames[0][: int(lname[4:])]
    if lname == "year":
        found = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
        return found.group(0) if found else ""
    if lname in ("title", "shorttitle", "veryshorttitle"):
        words = significant_words(fields.get("title", ""))
        count = {"title": len(words), "shorttitle": 3, "veryshorttitle": 1}[lname]
        return "".join(w[:1].upper() + w[1:] for w in words[:count])
    if lname in ("firstpage", "lastpage"):
        pages = re.findall(r"[A-Za-z]*\d+", fields.get("pages", ""))
        if not pages:
            return ""
        return pages[0] if lname == "firstpage" else pages[-1]
    if lname == "entrytype":
        return entry_type
    return ascii_text(fields.get(lname, ""))


def significant_words(title: str) -> list[str]:
    """Title words in ASCII, stop words skipped (all words if every one is a stop word)."""
    words = _WORD.findall(ascii_text(title))
    significant = [w for w in words if w.lower() not in STOP_WORDS]
    return significant or words


def last_names(people: str) -> list[str]:
    """ASCII last names (von part dropped) of a BibTeX ``and``-separated name list."""
    return list(_iter_last_names(people))


def _iter_last_names(people: str):
    """The non-empty ASCII last names of a name list, one at a time (parsed only when asked for)."""
    for name in split_names(people):
        if name.lower() == "others":
            continue
        last = _last_name(name)
        if last:
            yield last


_NOT_KEY_CHAR = re.compile(r"[^A-Za-z0-9]")


@lru_cache(maxsize=8192)
def _last_name(name: str) -> str:
    from pybtex.database import Person

    try:
        person = Person(name)
    except Exception:  # pybtex rejects it (three commas, 'Doe, J.; Roe, R.'): guess
        last = _rough_last_name(name)
    else:
        last = " ".join(person.last_names) or " ".join(person.prelast_names) or name
    return _NOT_KEY_CHAR.sub("", ascii_text(last).title() if last.isupper() else ascii_text(last))


def _rough_last_name(name: str) -> str:
    """A last name for a name pybtex cannot parse: before the first comma or ';', else the last word."""
    head = re.split(r"[,;]", name, maxsplit=1)[0].strip()
    words = head.split()
    if "," in name or ";" in name:
        return words[-1] if words else ""
    return words[-1] if words else name


def split_names(people: str) -> list[str]:
    """Split on ``and`` at brace level 0 (``{Barnes and Noble}`` stays one name)."""
    from pybtex.bibtex.utils import split_name_list

    try:
        return [n for n in split_name_list(people) if n.strip()]
    except Exception:  # pybtex's splitter on odd braces: split on ' and ' ourselves
        return [n for n in re.split(r"\s+and\s+", people) if n.strip()]


@lru_cache(maxsize=4096)
def ascii_text(text: str) -> str:
    """LaTeX and Unicode to plain ASCII (``{\\"u}`` and ``ü`` both become ``u``)."""
    if "\\" in text or "{" in text or "$" in text:
        from pylatexenc.latex2text import LatexNodes2Text

        try:
            text = LatexNodes2Text().latex_to_text(text)
        except Exception:  # pylatexenc is lenient, but never let a key crash a run
            text = text.replace("{", "").replace("}", "")
    return unidecode(text)
