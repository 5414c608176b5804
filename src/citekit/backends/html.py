"""HTML inline markup; every string and URL is escaped."""

from __future__ import annotations

from html import escape

from citekit.backends.base import CitekitBackend


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
    links = False

    def escape(self, text: str) -> str:
        return escape(text, quote=False)

    def format_href(self, url, text, external=False):
        if not self.links or not text:
            return text
        return f'<a href="{escape(url, quote=True)}">{text}</a>'
