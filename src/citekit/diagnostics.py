"""Diagnostics: every problem citekit finds, from the loader to ``check``.

One shape for all of them so they can be printed, filtered and serialised the same way.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """A finding at a place in a file.

    ``code`` is stable (documented in docs/codes.md); ``fix`` is a hint for the user.
    ``line`` and ``column`` are 1-based; 0 means unknown.
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
        return (
            f"{self.file}:{self.line}:{self.column}: {self.code} "
            f"{self.severity.value}{key} {self.message}"
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["severity"] = self.severity.value
        return json.dumps(data, ensure_ascii=False)
