"""Markdown (CommonMark + inline HTML for what Markdown cannot say: small caps, sup, sub).

Links are written as pandoc's Markdown writer does: an address shown as itself is an
autolink ``<https://...>``; other text links as ``[10.1000/x](https://doi.org/10.1000/x)``.
"""

from __future__ import annotations

import re

from citekit.backends.base import CitekitBackend
from citekit.csl.links import safe_target

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>#|])")


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

    def format_href(self, url, text, external=False):
        target = safe_target(url) if text else None
        if target is None:
            return text
        shown = _UNESCAPE.sub(r"\1", text)
        if shown == url and _autolinkable(url):
            return f"<{url}>"  # no escapes inside an autolink: CommonMark reads it verbatim
        destination = target.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
        return f"[{text}]({destination})"


def _autolinkable(url: str) -> bool:
    return not any(c.isspace() or c in "<>" for c in url)
