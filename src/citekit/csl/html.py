"""citeproc-js's HTML dialect: the output form of the CSL test suite (and a useful HTML).

``to_html(text)`` renders pybtex rich text made by the engine; ``CiteprocHTMLBackend`` is the
same as a pybtex backend (entry point ``citeproc-html``).
"""

from __future__ import annotations

from pybtex.backends import BaseBackend

_OPEN = {
    "i": "<i>", "b": "<b>", "sup": "<sup>", "sub": "<sub>",
    "sc": '<span style="font-variant:small-caps;">',
    "nostyle": '<span style="font-style:normal;">',
    "oblique": '<span style="font-style:oblique;">',
    "noweight": '<span style="font-weight:normal;">',
    "light": '<span style="font-weight:light;">',
    "novariant": '<span style="font-variant:normal;">',
    "u": '<span style="text-decoration:underline;">',
    "nodecoration": '<span style="text-decoration:none;">',
    "baseline": '<span style="baseline">',
    "block": '<div class="csl-block">',
    "left-margin": '<div class="csl-left-margin">',
    "right-inline": '<div class="csl-right-inline">',
    "indent": '<div class="csl-indent">',
}
_CLOSE = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>",
          "block": "</div>", "left-margin": "</div>", "right-inline": "</div>", "indent": "</div>"}


def escape(s: str) -> str:
    return s.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


class CiteprocHTMLBackend(BaseBackend):
    default_suffix = ".html"
    name = "citeproc-html"
    symbols = {"ndash": "&#8211;", "newblock": " ", "nbsp": "&#160;"}

    def format_str(self, text):
        return escape(text)

    def format_protected(self, text):
        return text

    def format_tag(self, tag_name, text):
        if not text:
            return ""
        return _OPEN.get(tag_name, "") + text + _CLOSE.get(tag_name, "</span>" if tag_name in _OPEN else "")

    def format_href(self, url, text, external=False):
        return text  # the CSL test suite's expected output has no links

    def write_entry(self, key, label, text):
        self.output('  <div class="csl-entry">%s</div>\n' % text)

    def write_prologue(self):
        self.output('<div class="csl-bib-body">\n')

    def write_epilogue(self):
        self.output("</div>\n")


_BACKEND = CiteprocHTMLBackend()


def to_html(text) -> str:
    return text.render(_BACKEND)


def bibliography_html(entries) -> str:
    lines = ['<div class="csl-bib-body">']
    for e in entries:
        body = to_html(e.text)
        if body.startswith('<div class="csl-block">'):
            end = body.index("</div>") + len("</div>")
            body = "\n\n    " + body[:end] + "\n\n    " + body[end:] + "\n  "
        elif body.startswith("<div"):
            lead = ""
            margin = '<div class="csl-left-margin">'
            if body.startswith(margin):  # citeproc-js moves a leading space out of the column
                rest = body[len(margin):]
                lead = rest[:len(rest) - len(rest.lstrip(" "))]
                body = margin + rest[len(lead):]
            body = lead + "\n    " + body + "\n" + (" " if getattr(e, "trimmed", False) else "") + "  "
        elif '<div class="' in body:
            body = body + "\n  "
        lines.append('  <div class="csl-entry">%s</div>' % body)
    lines.append("</div>")
    return "\n".join(lines)
