"""Split a reference string into whitespace tokens that remember their offsets.

Whitespace tokens are the unit the labelled training data uses (every gold segment
boundary falls on whitespace), so the labeller works on them and the offsets let a
caller map each labelled segment back onto the exact characters of the input.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_TOKEN = re.compile(r"\S+")


class Token(NamedTuple):
    text: str
    start: int
    end: int


_new = tuple.__new__  # skips the NamedTuple's Python-level __new__ (a list has millions of tokens)


def tokenize(text: str) -> list[Token]:
    """Whitespace tokens of ``text`` with ``[start, end)`` character offsets."""
    return [_new(Token, (m.group(), *m.span())) for m in _TOKEN.finditer(text)]
