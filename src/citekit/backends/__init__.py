"""User-facing output backends for pybtex rich text: text, HTML, Markdown, LaTeX, RTF.

The CSL engine produces :mod:`pybtex.richtext` objects whose Tag names follow the
vocabulary in TEAM.md (i, b, sc, sup, sub, u, nostyle, ..., and the display blocks).
pybtex's own backends know only em/strong/i/b/tt and do not escape URLs, so citekit
ships its own, registered as pybtex plugins (``citekit-html`` ...) and usable by name
here through :func:`get_backend`.
"""

from __future__ import annotations

from citekit.backends.base import CitekitBackend
from citekit.backends.html import HtmlBackend
from citekit.backends.latex import LatexBackend
from citekit.backends.markdown import MarkdownBackend
from citekit.backends.rtf import RtfBackend
from citekit.backends.text import TextBackend

BACKENDS: dict[str, type[CitekitBackend]] = {
    "text": TextBackend,
    "html": HtmlBackend,
    "md": MarkdownBackend,
    "latex": LatexBackend,
    "rtf": RtfBackend,
}
ALIASES = {"txt": "text", "plain": "text", "markdown": "md", "tex": "latex"}


def get_backend(name: str) -> CitekitBackend:
    """A backend instance by format name (text, html, md, latex, rtf)."""
    key = ALIASES.get(name, name)
    return BACKENDS[key]()


def render(rich, fmt: str) -> str:
    """Render one pybtex rich-text object (or plain str) in the named format."""
    backend = get_backend(fmt)
    if isinstance(rich, str):
        return backend.format_str(rich)
    return rich.render(backend)


__all__ = ["BACKENDS", "CitekitBackend", "HtmlBackend", "LatexBackend", "MarkdownBackend",
           "RtfBackend", "TextBackend", "get_backend", "render"]
