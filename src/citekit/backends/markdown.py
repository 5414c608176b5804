"""Markdown (CommonMark + inline HTML for what Markdown cannot say: small caps, sup, sub)."""

from __future__ import annotations

import re

from citekit.backends.base import CitekitBackend

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


class MarkdownBackend(CitekitBackend):
    name = "citekit-markdown"
    default_suffix = ".md"
    tags = {
        "i": ("*", "*"),
        "b": ("**", "**"),
        "code": ("`", "`"),
        "sc": ('<span style="font-variant:small-caps">', "</span>"),
        "sup": ("<sup>", "</sup>"),
        "sub": ("<sub>", "</sub>"),
        "u": ("<u>", "</u>"),
        "left-margin": ("", " "),
        "block": (" ", " "),
        "indent": (" ", " "),
    }

    def escape(self, text: str) -> str:
        return _SPECIAL.sub(r"\\\1", text)

    def format_tag(self, tag_name, text):
        if not text:
            return ""
        if tag_name in {"i", "em", "b", "strong"}:
            # emphasis markers must touch the text: move edge spaces outside
            core = text.strip(" ")
            if not core:
                return text
            lead = text[: len(text) - len(text.lstrip(" "))]
            trail = text[len(text.rstrip(" ")):]
            return lead + super().format_tag(tag_name, core) + trail
        return super().format_tag(tag_name, text)
