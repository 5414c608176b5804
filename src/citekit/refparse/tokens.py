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


def tokenize(text: str) -> list[Token]:
    """Whitespace tokens of ``text`` with ``[start, end)`` character offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
