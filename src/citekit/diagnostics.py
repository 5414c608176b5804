"""Diagnostics: every problem citekit finds, from the loader to ``check``.

One shape for all of them so they can be printed, filtered and serialised the same way.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """A finding at a place in a file.

    ``code`` is stable (documented in docs/codes.md); ``fix`` is a hint for the user.
    ``line`` and ``column`` are 1-based (an editor's convention, the same for every
    command); 0 means unknown, and :func:`with_columns` fills unknown columns in.
    """

    file: str
    line: int
    code: str
    severity: Severity
    message: str
    column: int = 0
    key: str | None = None
    fix: str | None = None

    def format_line(self) -> str:
        """``file:line:col: CODE severity [key] message``."""
        key = f" [{self.key}]" if self.key else ""
        if not self.line:  # about a file or a run, not a place in it
            return f"{self.file or 'citekit'}: {self.code} {self.severity.value}{key} {self.message}"
        return (
            f"{self.file}:{self.line}:{self.column or 1}: {self.code} "
            f"{self.severity.value}{key} {self.message}"
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["severity"] = self.severity.value
        return json.dumps(data, ensure_ascii=False)


def with_columns(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """Unknown columns filled in from the file's text: the first non-blank character of
    the line (an entry's ``@``, a field's name), as ``check`` places the loader's findings."""
    if not any(d.line and not d.column for d in diagnostics):
        return diagnostics
    # the start of each line asked for, found by stepping through the text in line
    # order (a table of every line start would be a million ints for a big file)
    wanted = sorted({d.line for d in diagnostics if d.line and not d.column})
    starts: dict[int, int] = {}
    line, at = 1, 0
    for target in wanted:
        while line < target and at >= 0:
            at = text.find("\n", at)
            if at >= 0:
                at += 1
                line += 1
        if at < 0:
            break
        starts[target] = at
    out = []
    for d in diagnostics:
        if d.line and not d.column and d.line in starts:
            start = starts[d.line]
            end = text.find("\n", start)
            line = text[start:] if end < 0 else text[start:end]
            d = replace(d, column=len(line) - len(line.lstrip()) + 1)
        out.append(d)
    return out
