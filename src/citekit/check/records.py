"""What the checks look at: one plain record per entry, independent of the parser.

The checks are pure functions over :class:`Record` (key, type, line, resolved
fields) so they can be tested on small inputs and do not
care how the file was read. The runner builds them from the loader's
Bibliography one entry at a time.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass


@dataclass(slots=True)
class Record:
    """One entry as the checks see it. Lines are 1-based."""

    file: str
    key: str
    entry_type: str  # lower-case
    line: int
    fields: dict[str, str]  # lower-case name -> resolved value (first occurrence wins)
    #: fields after crossref/xdata inheritance (filled in by the runner)
    inherited: dict[str, str] | None = None

    def present(self, name: str) -> bool:
        """A non-empty value, own or inherited."""
        source = self.inherited if self.inherited is not None else self.fields
        value = source.get(name)
        return bool(value and value.strip())


class LineIndex:
    """Exact positions on demand, found in the file text only when a finding needs one.

    The parser's line numbers can drift (bibtexparser 2.1 miscounts after a backslash
    at the end of a line), so the entry's ``@`` line is looked up by key in the text,
    and a field by its ``name =`` after that line. Line starts are kept as an array of
    offsets, not a list of strings, to stay small on 60,000-entry files.
    """

    _ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)

    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        self._starts: dict[str, array] = {}
        self._entries: dict[str, dict[str, list[int]]] = {}
        self._patterns: dict[str, re.Pattern[str]] = {}

    def _line_starts(self, file: str) -> array:
        starts = self._starts.get(file)
        if starts is None:
            text = self._texts.get(file, "")
            starts = array("q", [0])
            find, at = text.find, text.find("\n")
            while at >= 0:
                starts.append(at + 1)
                at = find("\n", at + 1)
            self._starts[file] = starts
        return starts

    def line_text(self, file: str, line: int) -> str | None:
        starts = self._line_starts(file)
        if not 0 < line <= len(starts):
            return None
        text = self._texts.get(file, "")
        end = starts[line] - 1 if line < len(starts) else len(text)
        return text[starts[line - 1]:end]

    def entry_line(self, file: str, key: str, approx: int) -> int:
        """The 1-based line of ``@type{key``, the one nearest to the parser's guess."""
        index = self._entries.get(file)
        if index is None:
            index = self._entries[file] = {}
            text = self._texts.get(file, "")
            starts = self._line_starts(file)
            for m in self._ENTRY.finditer(text):
                index.setdefault(m.group(2), []).append(bisect_right(starts, m.start()))
        candidates = index.get(key)
        if not candidates:
            return approx
        if len(candidates) == 1:
            return candidates[0]
        return min(candidates, key=lambda n: abs(n - approx))

    def field_position(self, file: str, start: int, name: str, nth: int = 0) -> tuple[int, int] | None:
        """(line, column) of the ``nth`` ``name =`` in the entry starting on line ``start``."""
        starts = self._line_starts(file)
        if not 0 < start <= len(starts):
            return None
        text = self._texts.get(file, "")
        pos = starts[start - 1]
        end = text.find("\n@", pos + 1)
        end = len(text) if end < 0 else end
        pattern = self._patterns.get(name)
        if pattern is None:
            pattern = self._patterns[name] = re.compile(
                r"(?:^|[\s,{(])(" + re.escape(name) + r")\s*=", re.I | re.M)
        for index, m in enumerate(pattern.finditer(text, pos, end)):
            if index == nth:
                offset = m.start(1)
                line = bisect_right(starts, offset)
                return line, offset - starts[line - 1] + 1
        return None

    def first_column(self, file: str, line: int) -> int:
        """1-based column of the first non-blank character of a line (1 if unknown)."""
        text = self.line_text(file, line)
        return 1 if text is None else len(text) - len(text.lstrip()) + 1

    def column_of(self, file: str, line: int, needle: str) -> int:
        text = self.line_text(file, line)
        at = -1 if text is None else text.find(needle)
        return at + 1 if at >= 0 else 1
