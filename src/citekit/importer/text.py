"""Plain-text helpers shared by list splitting and document reading.

Sources arrive as PDF text with hard line breaks and end-of-line hyphenation, or as web
pages pasted line by line. Everything downstream wants logical lines, so this module knows
how to join wrapped lines back together while keeping track of where each piece came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Prefixes whose hyphen is part of the word ("co-existence", "non-aggression"), so a line
# break after them keeps the hyphen.
_KEEP_HYPHEN_PREFIXES = {
    "co", "non", "anti", "self", "ex", "post", "pre", "pro", "neo", "semi", "quasi", "well",
    "half", "cross", "counter", "vice", "all", "de", "re", "multi", "inter", "intra", "sub",
    "super", "ultra", "mid", "pan", "proto", "pseudo", "socio", "euro", "afro", "anglo",
}
URL_TAIL = re.compile(r"(?:https?://|www\.|doi\.org|doi:)\S*[/._\-=?&#]$", re.I)
_WORD_BEFORE_HYPHEN = re.compile(r"(\w+)-$")
_WORD_AFTER = re.compile(r"^(\w+)")


# Soft hyphens and zero-width characters from web pages: invisible, but they break words.
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u200c\u200d\u2060\ufeff")


@dataclass
class Line:
    """A physical line of a source: its text (no newline), 1-based number and start offset."""

    text: str
    number: int
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())


def split_lines(text: str, first_line: int = 1, base_offset: int = 0) -> list[Line]:
    """Physical lines with their numbers and offsets (``\\r\\n`` and ``\\r`` count as breaks)."""
    lines = []
    offset = 0
    for number, piece in enumerate(re.split(r"(?<=\n)", text), start=first_line):
        if not piece:
            continue
        body = piece.rstrip("\r\n")
        lines.append(Line(body, number, base_offset + offset))
        offset += len(piece)
    return lines


def join_wrapped(parts: list[str], vocabulary: set[str] | None = None) -> str:
    """Join wrapped lines into one line, undoing end-of-line hyphenation and URL breaks.

    ``vocabulary`` (lower-case words seen elsewhere in the document) decides "co-" +
    "existence": if the document also writes "coexistence" the hyphen goes, if it writes
    "co-existence" it stays; otherwise common prefixes keep it and other words lose it.
    """
    result = ""
    for part in parts:
        piece = " ".join(part.translate(_INVISIBLE).split())
        if not piece:
            continue
        if not result:
            result = piece
            continue
        last_token = result[result.rfind(" ") + 1 :]
        hyphen = _WORD_BEFORE_HYPHEN.search(last_token)
        after = _WORD_AFTER.match(piece)
        if URL_TAIL.search(last_token):
            result += piece
        elif hyphen and after and piece[0].islower() and not result.endswith("--"):
            before_word, after_word = hyphen.group(1), after.group(1)
            if _keep_hyphen(before_word, after_word, vocabulary):
                result += piece
            else:
                result = result[:-1] + piece
        else:
            result += " " + piece
    return result


def _keep_hyphen(before: str, after: str, vocabulary: set[str] | None) -> bool:
    joined = (before + after).lower()
    hyphenated = f"{before}-{after}".lower()
    if vocabulary:
        if hyphenated in vocabulary:
            return True
        if joined in vocabulary:
            return False
    return before.lower() in _KEEP_HYPHEN_PREFIXES


def vocabulary_of(text: str) -> set[str]:
    """Lower-case words (with inner hyphens) that a text uses, for :func:`join_wrapped`."""
    return {w.lower() for w in re.findall(r"\w+(?:-\w+)*", text)}
