"""BibTeX field values as written: split into parts, resolve macros and ``#``.

citekit keeps every field value exactly as written in the file (``{Title}``,
``"Title"``, ``jan``, ``acm # " Press"``) so the writer can put it back unchanged.
This module turns such a raw value into the string a reader means, and back.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

#: BibTeX's predefined month macros. citekit resolves them to month numbers (as
#: biblatex does), because numbers are what renderers and checks need; a file's own
#: ``@string{jan = ...}`` takes precedence.
MONTH_MACROS: dict[str, str] = {
    name: str(number)
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}

BRACE, QUOTE, NUMBER, MACRO = "brace", "quote", "number", "macro"


class ValueSyntaxError(ValueError):
    """A raw value that is not a valid BibTeX value expression."""


#: The brace model, shared by the reader (bibtexparser's splitter and citekit's scanner)
#: and everything that writes values: a brace or quote right after a backslash is text
#: (``\{``, ``\}``, ``\"``), every other one is a delimiter.
_BRACE = re.compile(r"(?<!\\)[{}]")


def _has_brace(text: str) -> bool:
    return ("{" in text or "}" in text) and _BRACE.search(text) is not None


_INNERMOST = re.compile(r"\{[^{}]*\}")
#: The reader's block start (bibtexparser's splitter): '@type{' or '@type(' at a line start.
_LINE_BLOCK_START = re.compile(r"(?m)^[^\S\n]*@[\w]*(?: |\t)*[{(]")


#: the last text :func:`balanced` worked out and its answer: the reader and the passes
#: ask about the same value (``{...}`` and its inside, before and after a pass) in turn
_last_balanced: tuple[str, bool] = ("", True)


def balanced(text: str) -> bool:
    """True if every brace in ``text`` is part of a properly nested ``{...}`` pair."""
    global _last_balanced
    if "{" not in text and "}" not in text:
        return True
    last = _last_balanced
    if text == last[0]:
        return last[1]
    if "\\" not in text:  # the common case: no escapes, C-speed counting
        if text.count("{") != text.count("}"):
            return False
        original = text
        while True:
            text, n = _INNERMOST.subn("", text)
            if not n:
                answer = "{" not in text and "}" not in text
                _last_balanced = (original, answer)
                return answer
    depth = 0
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _top_level(text: str) -> str:
    """``text`` with every balanced ``{...}`` group removed (and what an unclosed one holds)."""
    if not _has_brace(text):
        return text
    if "\\" not in text:
        while "{" in text:
            text, n = _INNERMOST.subn("", text)
            if not n:
                break
        return text
    out = []
    depth = pos = 0
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            if depth == 0:
                out.append(text[pos : m.start()])
            depth += 1
        else:
            if depth == 0:
                out.append(text[pos : m.end()])
            else:
                depth -= 1
            pos = m.end()
    if depth == 0:
        out.append(text[pos:])
    else:
        out.append("{")
    return "".join(out)


def _is_simple_quoted(raw: str) -> bool:
    """True for one ``"..."`` part (its quotes at brace level 0 are only the outer two)."""
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"' or raw[-2] == "\\":
        return False
    inner = raw[1:-1]
    if "\\" not in inner:  # no escapes: the quotes at brace level 0 are the only test
        if '"' not in inner:
            return balanced(inner)
        if not balanced(inner):
            return False
        return '"' not in _top_level(inner)
    if not balanced(inner):
        return False
    rest = _top_level(inner)
    return not re.search(r'(?<!\\)"', rest)


def is_simple_braced(raw: str) -> bool:
    """True for ``{...}`` whose first brace closes at the very end (the common case)."""
    if len(raw) < 2 or raw[0] != "{" or raw[-1] != "}" or raw[-2] == "\\":
        return False
    end = len(raw) - 1
    if raw.find("{", 1, end) < 0 and raw.find("}", 1, end) < 0:
        return True  # no inner braces (tested in place: no copy of a long value)
    return balanced(raw[1:-1])


def split_parts(raw: str) -> list[tuple[str, str]]:
    """Split a raw value into ``(kind, text)`` parts joined by ``#``.

    ``text`` is the part without its delimiters; kinds are brace, quote, number, macro.
    Raises :class:`ValueSyntaxError` for unbalanced braces or stray characters.
    """
    if is_simple_braced(raw):
        return [(BRACE, raw[1:-1])]
    parts: list[tuple[str, str]] = []
    i, n = 0, len(raw)
    expect_part = True
    while True:
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            break
        char = raw[i]
        if not expect_part:
            if char != "#":
                raise ValueSyntaxError(f"expected '#' between value parts, found {char!r}")
            i += 1
            expect_part = True
            continue
        if char == "{":
            depth, j = 0, i
            while j < n:
                c = raw[j]
                if c in "{}" and j and raw[j - 1] == "\\":
                    pass  # an escaped brace is text
                elif c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if depth != 0:
                raise ValueSyntaxError("unbalanced braces in value")
            parts.append((BRACE, raw[i + 1 : j]))
            i = j + 1
        elif char == '"':
            depth, j = 0, i + 1
            while j < n:
                c = raw[j]
                if c in '{}"' and raw[j - 1] == "\\":
                    pass  # escaped: text
                elif c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                    if depth < 0:
                        raise ValueSyntaxError("unbalanced braces in quoted value")
                elif c == '"' and depth == 0:
                    break
                j += 1
            if j >= n:
                raise ValueSyntaxError("unterminated quoted value")
            parts.append((QUOTE, raw[i + 1 : j]))
            i = j + 1
        else:
            j = i
            while j < n and not raw[j].isspace() and raw[j] not in '#{}"':
                j += 1
            if j == i:
                raise ValueSyntaxError(f"unexpected {char!r} in value")
            word = raw[i:j]
            parts.append((NUMBER if word.isdigit() else MACRO, word))
            i = j
        expect_part = False
    if expect_part and parts:
        raise ValueSyntaxError("value ends with '#'")
    return parts


_BARE_WORD = re.compile(r"[^\s#{}\"]+")


def macro_names(raw: str) -> list[str]:
    """Names of the @string macros a raw value refers to (empty for most values)."""
    if not raw or raw[0] == "{" and "#" not in raw or raw[0] == '"' and "#" not in raw:
        return []
    if _BARE_WORD.fullmatch(raw):
        return [] if raw.isdigit() else [raw]
    if is_simple_braced(raw) or _is_simple_quoted(raw):
        return []  # a "#" inside the text, not a concatenation
    try:
        return [text for kind, text in split_parts(raw) if kind == MACRO]
    except ValueSyntaxError:
        return []


def resolve(raw: str, macros: Mapping[str, str] | None = None) -> str:
    """The meaning of a raw value: delimiters removed, macros and ``#`` resolved.

    ``macros`` maps lower-case names to resolved values; month names fall back to
    :data:`MONTH_MACROS`. An undefined macro resolves to its own name (the loader
    reports it). LaTeX is left as written.
    """
    if is_simple_braced(raw):
        return raw[1:-1]
    try:
        parts = split_parts(raw)
    except ValueSyntaxError:
        return raw
    out = []
    for kind, text in parts:
        if kind == MACRO:
            name = text.lower()
            if macros is not None and name in macros:
                text = macros[name]
            else:
                text = MONTH_MACROS.get(name, text)
        out.append(text)
    return "".join(out)


def braced(text: str) -> str:
    """``text`` as a ``{...}`` value, if its braces balance; else as a quoted value."""
    if balanced(text) and not text.endswith("\\"):
        return "{" + text + "}"
    return '"' + text + '"'  # pragma: no cover - unbalanced text cannot be braced


def join_parts(parts: Iterable[tuple[str, str]]) -> str:
    """Inverse of :func:`split_parts`."""
    out = []
    for kind, text in parts:
        if kind == BRACE:
            out.append("{" + text + "}")
        elif kind == QUOTE:
            out.append('"' + text + '"')
        else:
            out.append(text)
    return " # ".join(out)


def value_problem(raw: str) -> str | None:
    """A plain description of what is wrong with a raw value, or None if it is valid."""
    if not raw:
        return "empty value"
    first, last = raw[0], raw[-1]
    if last == "\\":
        return "the value ends with a backslash, which escapes the comma or brace after it"
    if "@" in raw and _LINE_BLOCK_START.search(raw):
        return "an '@type{' at the start of a line inside the value starts a new block"
    if first not in '{"' and _BARE_WORD.fullmatch(raw):
        return None
    if first == "{" and last == "}" and is_simple_braced(raw):
        return None
    if first == '"' and last == '"' and len(raw) > 1 and "{" not in raw and "}" not in raw \
            and raw.count('"') == 2:
        return None  # one "..." part with no brace inside (the next tests' common case)
    if first == '"' and _is_simple_quoted(raw):
        return None
    if first == '"' and last == '"' and raw.count('"') == 2 and balanced(raw):
        return None
    try:
        split_parts(raw)
    except ValueSyntaxError as exc:
        message = str(exc)
        if message.startswith("expected '#'"):
            rest = _after_first_part(raw)
            if "=" in rest:
                name = rest.split("=", 1)[0].strip()
                return f"missing comma before '{name} ='"
            return f"text after the value: {rest[:30]!r} (missing comma or '#'?)"
        return message
    return None


def _after_first_part(raw: str) -> str:
    try:
        depth = 0
        if raw[0] == "{":
            for m in _BRACE.finditer(raw):
                depth += 1 if m.group() == "{" else -1
                if depth == 0:
                    return raw[m.end() :].strip()
        elif raw[0] == '"':
            return raw[raw.index('"', 1) + 1 :].strip()
        return raw.split(None, 1)[1]
    except (ValueError, IndexError):
        pass
    return raw


def balance_braces(value: str) -> str:
    """Drop the braces that would unbalance a value, keeping every other character.

    BibTeX cannot read an unbalanced value, so text made by a parser (import, add)
    goes through this before it is written: a stray ``}`` goes, and so does the last
    ``{`` that is never closed.
    """
    depth = 0
    out = []
    previous = ""
    opened: list[int] = []  # where each unclosed "{" is in out
    for char in value:
        if char in "{}" and previous == "\\":
            pass  # an escaped brace is text
        elif char == "{":
            depth += 1
            opened.append(len(out))
        elif char == "}":
            if depth == 0:
                previous = ""
                continue
            depth -= 1
            opened.pop()
        out.append(char)
        previous = char
    for index in reversed(opened):
        del out[index]
    result = "".join(out)
    if result.endswith("\\") and not result.endswith("\\\\"):
        result += " "  # a final backslash would escape the closing brace
    return result
