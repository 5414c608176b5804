"""The shared shape of citekit's backends: a table from tag name to markup."""

from __future__ import annotations

from pybtex.backends import BaseBackend

from citekit.latexmarkup import MATH_OPEN, math_text, split_math

#: Display blocks (CSL display="block" etc.); rendered as separate runs, not inline.
BLOCK_TAGS = ("block", "left-margin", "right-inline", "indent")
#: pybtex's historical tag names, mapped onto ours.
PYBTEX_TAGS = {"em": "i", "strong": "b", "tt": "code"}


class CitekitBackend(BaseBackend):
    """A string backend driven by ``tags``: name -> (opening, closing) markup.

    Subclasses define ``escape`` and the tables; unknown tags render their content
    unchanged (never an error: a newer engine may send a tag we don't know yet).
    """

    name = "citekit-base"
    tags: dict[str, tuple[str, str]] = {}
    symbols = {"ndash": "\u2013", "newblock": " ", "nbsp": "\u00a0"}

    def __init__(self, encoding=None):
        super().__init__(encoding or "utf-8")

    def escape(self, text: str) -> str:
        return text

    def format_str(self, str_):
        if MATH_OPEN in str_:
            return "".join(self.format_math(piece) if is_math else self.escape(piece)
                           for is_math, piece in split_math(str_))
        return self.escape(str_)

    def format_math(self, tex: str) -> str:
        """TeX math from a field (``$O(n \\log n)$``): readable text unless the format is TeX."""
        return self.escape(math_text(tex))

    def format_tag(self, tag_name, text):
        if not text:
            return ""
        tag_name = PYBTEX_TAGS.get(tag_name, tag_name)
        start, end = self.tags.get(tag_name, ("", ""))
        return f"{start}{text}{end}"

    def format_href(self, url, text, external=False):
        return text

    def format_protected(self, text):
        return text

    def write_entry(self, key, label, text):
        self.output(f"{text}\n")
