""".bib text with the hard parts, and the properties fmt, check and render must keep on it.

Shared by the quick hypothesis profile (tests/test_fuzz.py), the corpus test
(tests/test_tricky_corpora.py) and the long run (scripts/fuzz.py). :func:`generate`
draws from a ``random.Random`` so hypothesis (``st.randoms()``) and the plain fuzz loop
use one generator; :func:`check_case` runs the library API and raises
:class:`PropertyFailure` when a promise is broken.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

from citekit.errors import CitekitError, UnreadableInputError

# ---------------------------------------------------------------- the generator

#: Characters with a meaning somewhere in BibTeX, and characters that look like spaces.
SPECIAL = ["{", "}", "\\", '"', "#", "@", ",", "=", "%", "~", "$", "&", "<b>", "</i>", "<", ">"]
UNICODE_SPACES = ["\u00a0", "\u202f", "\u2003", "\u2009", "\u3000", "\ufeff"]
WORDS = ["Doe", "Jane", "and", "von", "der", "Title", "the", "DNA", "p.", "12", "2000", "Über",
         "Ærø", "Łódź", "李", "mar", "jan", "others", "Jr", "et", "al.", "http://x.org/a_b",
         "10.1000/xyz", "doi:10.1/ab", "12-19", "iii--iv", "\\'e", '\\"u', "{\\ss}", "\\url",
         "\\textbf{x}", "$x^2$", "\\&", "--", "---", "``q''"]
ESCAPES = ["\\{", "\\}", '\\"', "\\ ", "\\\\", "{\\{}", "{\\}}", '{"}', "\\%", "\\#"]
NAMES = ["Doe, Jane", "Jane Doe", "van der Berg, Anna", "Doe and , Jane Roe", "Doe, J.; Roe, R.; Poe, P.",
         "{Barnes and Noble}", "Smith, Jr, John", "Doe, , , X", "others", "Jane\u00a0Doe", ", Jane",
         "{\\'E}mile Zola", "DOE, JANE", "a, b, c, d"]
FIELDS = ["title", "author", "editor", "year", "month", "pages", "doi", "url", "journal",
          "publisher", "note", "abstract", "date", "crossref", "booktitle", "volume", "keywords",
          "Title", "AUTHOR", "x-field"]
TYPES = ["article", "book", "misc", "inproceedings", "Article", "online", "phdthesis", "unknowntype"]
KEYS = ["", "", "a", "a", "A", "doe2000", "key:1", "k_2", "x/y", "dup", "dup"]
NEWLINES = ["\n", "\r\n"]
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252"]


def _text(rnd: random.Random, depth: int = 0) -> str:
    """Value text: words, spaces of all kinds, escapes, specials, nested groups."""
    out = []
    for _ in range(rnd.randint(0, 6)):
        r = rnd.random()
        if r < 0.45:
            out.append(rnd.choice(WORDS))
        elif r < 0.6:
            out.append(rnd.choice([" ", "  ", "\t", "\n", "\r\n", "\n\n"] + UNICODE_SPACES))
        elif r < 0.72:
            out.append(rnd.choice(ESCAPES))
        elif r < 0.8:
            out.append(rnd.choice(SPECIAL))
        elif r < 0.95 and depth < 3:
            out.append("{" + _text(rnd, depth + 1) + "}")
        else:
            out.append(chr(rnd.randint(0x20, 0x2FF)))
        if rnd.random() < 0.6:
            out.append(" ")
    return "".join(out)


def _value(rnd: random.Random, field: str) -> str:
    r = rnd.random()
    inner = rnd.choice(NAMES) if field.lower() in ("author", "editor") and rnd.random() < 0.6 \
        else _text(rnd)
    if r < 0.55:
        return "{" + inner + "}"
    if r < 0.75:
        return '"' + inner + '"'
    if r < 0.82:
        return str(rnd.randint(0, 3000))
    if r < 0.88:
        return rnd.choice(["jan", "mar", "acm", "undefinedmacro", "ieee"])
    parts = [_value(rnd, field) if rnd.random() < 0.3 else rnd.choice(['"a"', "{b}", "acm", "12", '" "'])
             for _ in range(rnd.randint(2, 4))]
    return " # ".join(parts)


def _entry(rnd: random.Random, nl: str) -> str:
    key = rnd.choice(KEYS)
    fields = []
    for _ in range(rnd.randint(0, 6)):
        name = rnd.choice(FIELDS)
        sep = rnd.choice([" = ", "=", " =\n  ", " = "])
        fields.append(f"{name}{sep}{_value(rnd, name)}")
    joiner = rnd.choice([", ", "," + nl + "  ", ",", "," + nl])
    body = joiner.join(fields)
    trailing = "," if fields and rnd.random() < 0.3 else ""
    open_, close = ("{", "}") if rnd.random() < 0.93 else ("(", ")")
    return f"@{rnd.choice(TYPES)}{open_}{key},{nl if rnd.random() < 0.5 else ' '}{body}{trailing}{nl}{close}"


def _block(rnd: random.Random, nl: str) -> str:
    r = rnd.random()
    if r < 0.62:
        return _entry(rnd, nl)
    if r < 0.74:
        name = rnd.choice(["acm", "ieee", "jan", "s", "ACM"])
        return f"@string{{{name} = {_value(rnd, 'x')}}}"
    if r < 0.8:
        return "@comment{" + _text(rnd) + "}"
    if r < 0.85:
        return "@preamble{" + rnd.choice(['"\\newcommand{\\x}{y}"', "{x}", '"a" # "b"']) + "}"
    if r < 0.93:
        return rnd.choice(["% a comment", "free text between entries", "%% Encoding: UTF-8",
                           "@", "@misc", "}", "{", '"'])
    return _text(rnd)


def generate(rnd: random.Random, blocks: int = 6) -> bytes:
    """One .bib file's bytes: blocks with the hard parts, mixed newlines, maybe truncated,
    in one of several encodings."""
    nl = rnd.choice(NEWLINES)
    mixed = rnd.random() < 0.25
    pieces = []
    for _ in range(rnd.randint(1, blocks)):
        pieces.append(_block(rnd, rnd.choice(NEWLINES) if mixed else nl))
        pieces.append(rnd.choice([nl, nl * 2, "", " ", nl + "  "]) if not mixed
                      else rnd.choice(NEWLINES) * rnd.randint(0, 2))
    text = "".join(pieces)
    if rnd.random() < 0.15:
        text = text[: rnd.randint(0, len(text))]  # truncated file
    encoding = rnd.choice(ENCODINGS)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


# ---------------------------------------------------------------- the properties


class PropertyFailure(AssertionError):
    pass


_ALNUM = re.compile(r"\w")
#: Fields whose passes may drop characters (documented): month names become macros,
#: doi loses its doi:/https://doi.org/ prefix, url its white space.
_REWRITTEN = {"month", "doi", "url"}
_NAME_FIELDS = {"author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc",
                "annotator", "commentator", "introduction", "foreword", "afterword", "holder"}


def _entries(path: Path):
    from citekit.bibfile import load

    bib = load([path])
    return [(e.key, bib.fields(e)) for _, e in bib.iter_entries()]


def _letters(text: str) -> list[str]:
    return sorted(_ALNUM.findall(text))


def check_case(data: bytes, workdir: Path, render_it: bool = True, style: str = "apa") -> str:
    """Run fmt, check and render on ``data``; raise PropertyFailure if a promise breaks.

    Returns what happened ("unreadable", "ok"). The properties: no exception but
    citekit's own errors; an unreadable input is unreadable for all three commands;
    ``--no-passes`` gives the bytes back; fmt(fmt(x)) == fmt(x) and ``--check`` agrees;
    every entry keeps its fields, and every value its letters and digits (except the
    documented rewrites of month, doi and url).
    """
    from citekit.api import check
    from citekit.fmt import fmt
    from citekit.render import render

    path = workdir / "case.bib"
    path.write_bytes(data)
    try:
        try:
            identity = fmt([path], use_config=False, no_passes=True)
        except UnreadableInputError:
            for name, run in (("check", lambda: check([str(path)])), ("render", lambda: render([path]))):
                try:
                    run()
                except UnreadableInputError:
                    continue
                raise PropertyFailure(f"fmt says unreadable, {name} does not")
            return "unreadable"
        if identity.files[0].encoded()[0] != data:
            raise PropertyFailure("--no-passes changed the bytes")
        first = fmt([path], use_config=False).files[0]
        once = first.encoded()[0]
        out = workdir / "once.bib"
        out.write_bytes(once)
        second = fmt([out], use_config=False)
        if second.files[0].encoded()[0] != once:
            raise PropertyFailure("fmt is not idempotent")
        if second.changed:
            raise PropertyFailure("fmt --check disagrees with fmt")
        before, after = _entries(path), _entries(out)
        if len(before) != len(after):
            raise PropertyFailure(f"{len(before)} entries before fmt, {len(after)} after")
        for (key_a, fields_a), (key_b, fields_b) in zip(before, after):
            if key_a.strip() and key_a.replace("\r\n", "\n") != key_b.replace("\r\n", "\n"):
                # (a key kept as written may hold a line break: layout makes line ends one)
                raise PropertyFailure(f"key {key_a!r} became {key_b!r}")
            if set(fields_a) != set(fields_b):
                raise PropertyFailure(f"{key_a!r}: fields {sorted(fields_a)} became {sorted(fields_b)}")
            for name, value in fields_a.items():
                if name in _REWRITTEN:
                    continue
                a, b = value, fields_b[name]
                if name in _NAME_FIELDS:  # the names pass writes the separator 'AND' as 'and'
                    a, b = a.lower(), b.lower()
                if _letters(a) != _letters(b):
                    raise PropertyFailure(f"{key_a!r}.{name}: {value!r} became {fields_b[name]!r}")
        check([str(path)])
        if render_it and before:
            render([path], style=style)
            render([path], style=style, to="html")
        return "ok"
    except PropertyFailure:
        raise
    except CitekitError:
        return "citekit-error"
    except Exception as exc:  # noqa: BLE001 - any other exception is the failure we look for
        raise PropertyFailure(f"{type(exc).__name__}: {exc}") from exc
    finally:
        for leftover in ("case.bib", "once.bib"):
            try:
                os.unlink(workdir / leftover)
            except FileNotFoundError:
                pass
