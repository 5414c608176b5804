"""LaTeX: text-mode commands; TeX's special characters escaped, Unicode kept (UTF-8)."""

from __future__ import annotations

from citekit.backends.base import CitekitBackend

_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}", "\u00a0": "~",
}


class LatexBackend(CitekitBackend):
    name = "citekit-latex"
    default_suffix = ".tex"
    symbols = {"ndash": "--", "newblock": " ", "nbsp": "~"}
    tags = {
        "i": (r"\textit{", "}"),
        "b": (r"\textbf{", "}"),
        "code": (r"\texttt{", "}"),
        "sc": (r"\textsc{", "}"),
        "sup": (r"\textsuperscript{", "}"),
        "sub": (r"\textsubscript{", "}"),
        "u": (r"\underline{", "}"),
        "nostyle": (r"\textup{", "}"),
        "noweight": (r"\textmd{", "}"),
        "novariant": (r"\textnormal{", "}"),
        "oblique": (r"\textsl{", "}"),
        "left-margin": ("", " "),
        "block": (r"\par{}", r"\par{}"),
        "indent": ("", ""),
    }

    def escape(self, text: str) -> str:
        return "".join(_ESCAPES.get(c, c) for c in text)

    def format_math(self, tex: str) -> str:
        return tex  # the field's own math, as written

    def format_protected(self, text):
        return "{" + text + "}"

    def format_href(self, url, text, external=False):
        return text
