"""Citation markers found in a document: the shape shared by the Markdown and LaTeX parsers.

Both parsers answer with :class:`CiteCluster` objects so ``insert`` can replace a marker by
its rendering without caring which syntax the author used. Offsets are into the text the
parser was given; ``line`` and ``column`` are 1-based, as in diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CiteItem:
    """One work cited inside a cluster, with what the author wrote around it.

    ``prefix`` and ``suffix`` are as written (the suffix keeps its leading space or
    punctuation, as pandoc keeps it); ``label`` is a CSL locator label ("page", "chapter", ...).
    """

    id: str
    prefix: str = ""
    suffix: str = ""
    locator: str | None = None
    label: str | None = None
    suppress_author: bool = False
    author_only: bool = False
    start: int = 0
    end: int = 0
    line: int = 0
    column: int = 0

    def to_csl(self) -> dict[str, Any]:
        """The CSL-JSON cite item the engine takes (prefix gets the space pandoc adds)."""
        item: dict[str, Any] = {"id": self.id}
        if self.prefix:
            item["prefix"] = self.prefix + " "
        if self.suffix:
            item["suffix"] = self.suffix
        if self.locator:
            item["locator"] = self.locator
            item["label"] = self.label or "page"
        if self.suppress_author:
            item["suppress-author"] = True
        if self.author_only:
            item["author-only"] = True
        return item

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "locator": self.locator,
            "label": self.label,
            "suppress-author": self.suppress_author,
            "author-only": self.author_only,
            "line": self.line,
            "column": self.column,
        }


@dataclass
class CiteCluster:
    """One citation marker: ``[see @a, p. 3; @b]``, ``@a [p. 3]`` or ``\\citep[see][3]{a,b}``.

    ``narrative`` is true for in-text citations (``@key``, ``\\textcite``, ``\\citet``):
    the first item's author goes in the running text, the rest in the citation.
    ``note`` is true when the author asked for a footnote (``\\footcite``).
    """

    items: list[CiteItem]
    start: int
    end: int
    line: int
    column: int
    raw: str
    narrative: bool = False
    note: bool = False
    command: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]

    def as_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "narrative": self.narrative,
            "note": self.note,
            "items": [item.as_dict() for item in self.items],
        }


class LineIndex:
    """Offset -> (line, column), both 1-based, by bisecting line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.starts.append(index + 1)

    def position(self, offset: int) -> tuple[int, int]:
        from bisect import bisect_right

        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
