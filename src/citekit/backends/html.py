"""HTML inline markup; every string and URL is escaped.

URLs and DOIs come from the engine as links (pybtex ``HRef``, see :mod:`citekit.csl.links`)
and become ``<a href>``, as pandoc writes them and APA 7 asks; a target whose scheme is not
http, https or doi stays plain text, so data cannot inject ``javascript:`` links.
"""

from __future__ import annotations

from html import escape

from citekit.backends.base import CitekitBackend
from citekit.csl.links import safe_target


def _span(style: str) -> tuple[str, str]:
    return (f'<span style="{style}">', "</span>")


class HtmlBackend(CitekitBackend):
    name = "citekit-html"
    default_suffix = ".html"
    symbols = {"ndash": "&ndash;", "newblock": " ", "nbsp": "&nbsp;"}
    tags = {
        "i": ("<i>", "</i>"),
        "b": ("<b>", "</b>"),
        "code": ("<code>", "</code>"),
        "sc": _span("font-variant:small-caps"),
        "sup": ("<sup>", "</sup>"),
        "sub": ("<sub>", "</sub>"),
        "u": _span("text-decoration:underline"),
        "nostyle": _span("font-style:normal"),
        "noweight": _span("font-weight:normal"),
        "novariant": _span("font-variant:normal"),
        "nodecoration": _span("text-decoration:none"),
        "light": _span("font-weight:lighter"),
        "oblique": _span("font-style:oblique"),
        "baseline": _span("vertical-align:baseline"),
        "block": ('<div class="csl-block">', "</div>"),
        "left-margin": ('<div class="csl-left-margin">', "</div>"),
        "right-inline": ('<div class="csl-right-inline">', "</div>"),
        "indent": ('<div class="csl-indent">', "</div>"),
    }
    #: False: links are printed as their text only
    links = True

    def escape(self, text: str) -> str:
        return escape(text, quote=False)

    def format_href(self, url, text, external=False):
        target = safe_target(url) if self.links and text else None
        if target is None:
            return text
        return f'<a href="{escape(target, quote=True)}">{text}</a>'
