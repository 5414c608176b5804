"""Macros a .bib file defines in its @preamble, expanded in field values as LaTeX would.

Old .bib files steer BibTeX's sorting with macros that print nothing or reorder their
arguments: ``year = "{\\noopsort{1973a}}{\\switchargs{--90}{1968}}"`` sorts as 1973a and
prints "1968--90". BibTeX sorts on the raw text, LaTeX prints the expansion; a CSL
engine only sees what is printed, so citekit expands ``\\newcommand``/``\\providecommand``/
``\\def`` definitions before converting a value (and never anything else).
"""

from __future__ import annotations

import re
from functools import lru_cache

_NEWCOMMAND = re.compile(
    r"\\(?:re)?(?:newcommand|providecommand|DeclareRobustCommand)\*?\s*"
    r"(?:\{\s*\\([A-Za-z]+)\s*\}|\\([A-Za-z]+))\s*(?:\[(\d)\])?\s*(?:\[[^\]]*\])?\s*\{")
_DEF = re.compile(r"\\(?:g|e|x)?def\s*\\([A-Za-z]+)((?:#\d)*)\s*\{")


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The balanced group whose "{" is at ``start`` -> (inside, index after "}")."""
    depth = 0
    for i in range(start, len(text)):
        c = text[i]
        if c == "\\":
            continue
        if c == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif c == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
    return None


def parse_definitions(preamble: str) -> dict[str, tuple[int, str]]:
    """``\\newcommand{\\x}[2]{#2#1}`` -> {"x": (2, "#2#1")}."""
    macros: dict[str, tuple[int, str]] = {}
    for m in _NEWCOMMAND.finditer(preamble):
        body = _group(preamble, m.end() - 1)
        if body is not None:
            macros[m.group(1) or m.group(2)] = (int(m.group(3) or 0), body[0])
    for m in _DEF.finditer(preamble):
        body = _group(preamble, m.end() - 1)
        if body is not None:
            macros[m.group(1)] = (len(m.group(2)) // 2, body[0])
    return macros


def expand(value: str, macros: dict[str, tuple[int, str]]) -> str:
    """The value with the defined macros expanded (a few passes, for nested definitions)."""
    if not macros or "\\" not in value:
        return value
    return _expand(value, tuple(sorted(macros.items())))


@lru_cache(maxsize=8192)
def _expand(value: str, macros: tuple) -> str:
    table = dict(macros)
    pattern = re.compile(r"\\(" + "|".join(re.escape(n) for n in table) + r")(?![A-Za-z])")
    for _ in range(5):
        out, pos, changed = [], 0, False
        for m in pattern.finditer(value):
            if m.start() < pos:
                continue
            nargs, body = table[m.group(1)]
            i, args = m.end(), []
            while len(args) < nargs:
                while i < len(value) and value[i].isspace():
                    i += 1
                if i >= len(value):
                    break
                if value[i] == "{":
                    group = _group(value, i)
                    if group is None:
                        break
                    args.append(group[0])
                    i = group[1]
                else:
                    args.append(value[i])
                    i += 1
            if len(args) < nargs:
                continue  # not a complete use: leave it as written
            text = re.sub(r"#(\d)", lambda g: args[int(g.group(1)) - 1]
                          if 0 < int(g.group(1)) <= len(args) else "", body)
            out.append(value[pos:m.start()])
            out.append(text)
            pos, changed = i, True
        out.append(value[pos:])
        value = "".join(out)
        if not changed:
            break
    return value
