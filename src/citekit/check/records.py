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


#: field name or entry type -> its lower case: one shared string each, not one per entry
LOWER: dict[str, str] = {}


def lower_type(name: str) -> str:
    """``name.lower()``, the same string object each time (a record per entry keeps it)."""
    low = LOWER.get(name)
    if low is None:
        if len(LOWER) > 10_000:
            LOWER.clear()
        low = LOWER[name] = name.lower()
    return low


class LineIndex:
    """Exact positions on demand, found in the file text only when a finding needs one.

    The parser's line numbers can drift (bibtexparser 2.1 miscounts after a backslash
    at the end of a line), so the entry's ``@`` line is looked up by key in the text,
    and a field by its ``name =`` after that line. The entry starts found for that
    (line and offset of each ``@type{key`` line) are the only line table kept: any
    other line is reached by stepping from the nearest entry start before it, so a
    60,000-entry file is not split into its million lines.
    """

    # ``@type{key`` at the start of a line; found by its "@" (a fast scan), the line
    # start checked in _index
    _ENTRY = re.compile(r"@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)")
    _INDENT = re.compile(r"[ \t]*")

    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        #: per file: (lines, offsets) of the entry-start lines, ascending, and key -> their indexes
        self._anchors: dict[str, tuple[array, array, dict[str, list[int]]]] = {}
        self._patterns: dict[str, re.Pattern[str]] = {}

    def _index(self, file: str) -> tuple[array, array, dict[str, list[int]]]:
        index = self._anchors.get(file)
        if index is None:
            text = self._texts.get(file, "")
            lines, offsets, keys = array("q", [1]), array("q", [0]), {}
            line, counted = 1, 0
            indent = self._INDENT.fullmatch
            for m in self._ENTRY.finditer(text):
                at = m.start()
                start = text.rfind("\n", 0, at) + 1
                if start != at and not indent(text, start, at):
                    continue  # an "@" inside a line (an e-mail address, a later block)
                line += text.count("\n", counted, start)
                counted = start
                if lines[-1] != line:
                    lines.append(line)
                    offsets.append(start)
                keys.setdefault(m.group(2), []).append(len(lines) - 1)
            index = self._anchors[file] = (lines, offsets, keys)
        return index

    def _line_start(self, file: str, line: int) -> int | None:
        """Offset of the 1-based ``line`` (None past the end of the file)."""
        if line < 1:
            return None
        lines, offsets, _ = self._index(file)
        nearest = bisect_right(lines, line) - 1
        at, find = offsets[nearest], self._texts.get(file, "").find
        for _ in range(line - lines[nearest]):
            at = find("\n", at) + 1
            if not at:
                return None
        return at

    def line_text(self, file: str, line: int) -> str | None:
        start = self._line_start(file, line)
        if start is None:
            return None
        text = self._texts.get(file, "")
        end = text.find("\n", start)
        return text[start:] if end < 0 else text[start:end]

    def entry_line(self, file: str, key: str, approx: int) -> int:
        """The 1-based line of ``@type{key``, the one nearest to the parser's guess."""
        lines, _, keys = self._index(file)
        candidates = keys.get(key)
        if not candidates:
            return approx
        if len(candidates) == 1:
            return lines[candidates[0]]
        return min((lines[i] for i in candidates), key=lambda n: abs(n - approx))

    def field_position(self, file: str, start: int, name: str, nth: int = 0) -> tuple[int, int] | None:
        """(line, column) of the ``nth`` ``name =`` in the entry starting on line ``start``."""
        pos = self._line_start(file, start)
        if pos is None:
            return None
        text = self._texts.get(file, "")
        end = text.find("\n@", pos + 1)
        end = len(text) if end < 0 else end
        pattern = self._patterns.get(name)
        if pattern is None:  # the name first: a literal is found by a fast scan
            pattern = self._patterns[name] = re.compile(re.escape(name) + r"\s*=", re.I)
        index, at = 0, pos
        while (m := pattern.search(text, at, end)) is not None:
            offset = m.start()
            if offset > pos and not text[offset - 1].isspace() and text[offset - 1] not in ",{(":
                at = offset + 1  # inside a longer word ("subtitle" for "title")
                continue
            if index == nth:
                line_start = text.rfind("\n", pos, offset) + 1 or pos
                return start + text.count("\n", pos, offset), offset - line_start + 1
            index, at = index + 1, m.end()
        return None

    def first_column(self, file: str, line: int) -> int:
        """1-based column of the first non-blank character of a line (1 if unknown)."""
        text = self.line_text(file, line)
        return 1 if text is None else len(text) - len(text.lstrip()) + 1

    def column_of(self, file: str, line: int, needle: str) -> int:
        text = self.line_text(file, line)
        at = -1 if text is None else text.find(needle)
        return at + 1 if at >= 0 else 1
