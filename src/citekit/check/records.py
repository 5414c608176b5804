"""What the checks look at: one plain record per entry, independent of the parser.

The checks are pure functions over :class:`Record` (key, type, resolved fields,
raw field list with line numbers) so they can be tested on small inputs and do not
care how the file was read. :func:`records_from_bibliography` builds them from the
foundation loader's Bibliography.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Record:
    """One entry as the checks see it. Lines are 1-based."""

    file: str
    key: str
    entry_type: str  # lower-case
    line: int
    fields: dict[str, str]  # lower-case name -> resolved value (first occurrence wins)
    field_lines: dict[str, int] = field(default_factory=dict)
    #: every field as written, in order, duplicates included: (name, raw value, line)
    raw_fields: list[tuple[str, str, int]] = field(default_factory=list)
    #: fields after crossref/xdata inheritance (filled in by the runner)
    inherited: dict[str, str] | None = None

    def line_of(self, name: str | None) -> int:
        if name is None:
            return self.line
        return self.field_lines.get(name, self.line)

    def present(self, name: str) -> bool:
        """A non-empty value, own or inherited."""
        source = self.inherited if self.inherited is not None else self.fields
        value = source.get(name)
        return bool(value and value.strip())


class LineIndex:
    """Exact positions on demand, found in the file text only when a finding needs one.

    The parser's line numbers drift after a backslash at the end of a line
    (bibtexparser 2.1 counts ``pp.\\<newline>`` oddly), so the entry's ``@`` line is
    looked up by key in the text, and a field by its ``name =`` after that line.
    """

    _ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)

    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        self._lines: dict[str, list[str]] = {}
        self._entries: dict[str, dict[str, list[int]]] = {}

    def _file_lines(self, file: str) -> list[str]:
        lines = self._lines.get(file)
        if lines is None:
            lines = self._lines[file] = self._texts.get(file, "").split("\n")
        return lines

    def entry_line(self, file: str, key: str, approx: int) -> int:
        """The 1-based line of ``@type{key``, the one nearest to the parser's guess."""
        index = self._entries.get(file)
        if index is None:
            index = self._entries[file] = {}
            text = self._texts.get(file, "")
            line, last = 1, 0
            for m in self._ENTRY.finditer(text):
                line += text.count("\n", last, m.start())
                last = m.start()
                index.setdefault(m.group(2), []).append(line)
        candidates = index.get(key)
        if not candidates:
            return approx
        return min(candidates, key=lambda n: abs(n - approx))

    def field_position(self, file: str, start: int, name: str, nth: int = 0) -> tuple[int, int] | None:
        """(line, column) of the ``nth`` ``name =`` in the entry starting at ``start``."""
        lines = self._file_lines(file)
        pattern = re.compile(r"(?:^|[\s,{(])(" + re.escape(name) + r")\s*=", re.I)
        seen = 0
        for number in range(start, min(len(lines), start + 2000) + 1):
            text = lines[number - 1]
            if number > start and text.lstrip().startswith("@"):
                break
            for m in pattern.finditer(text):
                if seen == nth:
                    return number, m.start(1) + 1
                seen += 1
        return None

    def first_column(self, file: str, line: int) -> int:
        """1-based column of the first non-blank character of a line (1 if unknown)."""
        lines = self._file_lines(file)
        if 0 < line <= len(lines):
            text = lines[line - 1]
            return len(text) - len(text.lstrip()) + 1
        return 1

    def column_of(self, file: str, line: int, needle: str) -> int:
        lines = self._file_lines(file)
        if 0 < line <= len(lines):
            at = lines[line - 1].find(needle)
            if at >= 0:
                return at + 1
        return 1


def records_from_bibliography(bibliography) -> tuple[list[Record], dict[str, str]]:
    """Records for every entry of a loaded Bibliography, and each file's text (for columns)."""
    records: list[Record] = []
    texts: dict[str, str] = {}
    for bibfile in bibliography.files:
        texts[str(bibfile.path)] = bibfile.text
    for bibfile, entry in bibliography.iter_entries():
        path = str(bibfile.path)
        resolved = bibliography.fields(entry)
        raw: list[tuple[str, str, int]] = []
        lines: dict[str, int] = {}
        for fld in entry.fields:
            name = fld.key.lower()
            line = (fld.start_line or 0) + 1
            value = fld.value if isinstance(fld.value, str) else str(fld.value)
            raw.append((name, value, line))
            lines.setdefault(name, line)
        records.append(
            Record(
                file=path,
                key=entry.key,
                entry_type=entry.entry_type.lower(),
                line=(entry.start_line or 0) + 1,
                fields=resolved,
                field_lines=lines,
                raw_fields=raw,
            )
        )
    return records, texts
