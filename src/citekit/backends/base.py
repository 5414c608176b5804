"""The shared shape of citekit's backends: a table from tag name to markup."""

from __future__ import annotations

from pybtex.backends import BaseBackend

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
        return self.escape(str_)

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
