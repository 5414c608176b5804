"""Page templates (Jinja2) for rendered reference lists.

The templates' source lives in the repository's top-level ``templates/``; the wheel
ships them as ``citekit/templates`` (setup.py's build step copies them), so the loader
looks in the installed package first and in the source tree second (editable installs).
HTML pages are autoescaped: an entry's HTML is already escaped by the backend and is
passed as Markup; anything else a template prints (fields, titles) is escaped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from citekit.errors import UsageError

#: output format -> built-in template file
TEMPLATES = {
    "text": "bibliography.txt.j2",
    "md": "bibliography.md.j2",
    "html": "bibliography.html.j2",
    "latex": "bibliography.tex.j2",
    "rtf": "bibliography.rtf.j2",
}


def template_dirs() -> list[Path]:
    """Where the built-in templates are: installed package data, then the source tree."""
    here = Path(__file__).resolve().parent
    candidates = [here / "templates", here.parent.parent / "templates"]
    return [p for p in candidates if (p / TEMPLATES["html"]).is_file()]


def _autoescape(name: str | None) -> bool:
    return bool(name) and any(name.endswith(s) for s in (".html", ".htm", ".xml", ".html.j2", ".htm.j2"))


@lru_cache(maxsize=1)
def _builtin_env() -> jinja2.Environment:
    dirs = template_dirs()
    if not dirs:
        raise UsageError("citekit's page templates are missing from this installation")
    return _configure(jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
                                         autoescape=_autoescape, keep_trailing_newline=True))


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    from citekit.backends.latex import LatexBackend
    from citekit.backends.markdown import MarkdownBackend
    from citekit.backends.rtf import rtf_escape

    env.filters["latex_escape"] = LatexBackend().escape
    env.filters["md_escape"] = MarkdownBackend().escape
    env.filters["rtf_escape"] = rtf_escape
    return env


def render_page(fmt: str, entries, *, style: dict, settings: dict, lang: str | None = None,
                template: str | None = None, title: str = "References") -> str:
    """Render the whole page for ``fmt`` with the built-in or a user's template."""
    if template:
        path = Path(template)
        if not path.is_file():
            raise UsageError(f"template not found: {template}")
        env = _configure(jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(path.parent)),
            autoescape=fmt == "html" or _autoescape(path.name), keep_trailing_newline=True))
        tmpl = env.get_template(path.name)
    else:
        tmpl = _builtin_env().get_template(TEMPLATES[fmt])
    return tmpl.render(entries=list(_context(fmt, entries)), style=style, settings=settings,
                       lang=lang or "en", title=title, format=fmt)


def page_chunks(fmt: str, entries, *, style: dict, settings: dict, lang: str | None = None,
                title: str = "References"):
    """:func:`render_page` with a built-in template, piece by piece as ``entries`` (an
    iterator, consumed once) come: the page of a 100,000-entry list is never whole in
    memory. The pieces joined are exactly :func:`render_page`'s string."""
    tmpl = _builtin_env().get_template(TEMPLATES[fmt])
    return tmpl.generate(entries=_context(fmt, entries), style=style, settings=settings,
                         lang=lang or "en", title=title, format=fmt)


def _context(fmt: str, entries):
    for e in entries:
        yield {
            "key": e.key,
            "text": e.text,
            "html": Markup(e.html),
            "output": Markup(e.output) if fmt == "html" else e.output,
            "fields": e.fields,
            "csl": e.csl,
        }
