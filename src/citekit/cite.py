"""``citekit cite``: format single citations from the command line, each on its own.

What it shares with ``insert`` (library, style, clusters, author-only cites) lives in
:mod:`citekit.citations.core`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

from citekit.citations.core import (
    FORMATS,
    author_only,
    capitalize_first,
    closest_keys,
    cluster_items,
    load_library,
    make_processor,
    open_style,
    render_author,
    render_rich,
)
from citekit.errors import UnresolvedCitationsError, UsageError


def _join_author(author, rest, fmt: str, note: bool = False) -> str:
    """``Taubman (2003, p. 45)``; for a note style the name stays in the sentence and the
    note follows in the format's own footnote form: Markdown ``^[...]``, HTML a numbered
    note, text a ``[1]`` marker with the note on the next line."""
    name = render_author(author, fmt)
    body = render_rich(rest, fmt)
    if not note:
        return f"{name} {body}".strip() if name else body
    body = capitalize_first(body)
    if not name:
        return body
    fmt = FORMATS.get(fmt, fmt)
    if fmt == "md":
        return f"{name}^[{body}]"
    if fmt == "html":
        return f'{name}<sup>1</sup>\n<p class="footnote"><sup>1</sup> {body}</p>'
    return f"{name}[1]\n[1] {body}"


@dataclass
class CiteResult:
    input: str
    text: str
    html: str
    output: str

    def as_json(self) -> dict[str, str]:
        return {"input": self.input, "text": self.text, "html": self.html}


def cite(args: Sequence[str], bib: str | Sequence[str], style: str = "apa", to: str = "text",
         lang: str | None = None) -> list[CiteResult]:
    """Format each argument (a key or a pandoc citation) as an isolated first citation."""
    from citekit.citations.pandoc import parse_citation

    if to not in FORMATS:
        raise UsageError(f"unknown output format {to!r} (text, html, md)")
    if not args:
        raise UsageError("give at least one key or citation, e.g. [@doe99, p. 4]")
    clusters = [parse_citation(arg) for arg in args]
    library = load_library(bib, keys=[item.id for c in clusters for item in c.items])
    missing = [(arg, item.id) for arg, c in zip(args, clusters) for item in c.items
               if item.id not in library]
    if missing:
        lines = []
        for arg, key in missing:
            near = closest_keys(key, library.keys)
            hint = f"; closest: {', '.join(near)}" if near else ""
            lines.append(f"unknown key {key!r} in {arg!r}{hint}")
        raise UnresolvedCitationsError("\n".join(lines))
    compiled = open_style(style)
    results = []
    for arg, cluster in zip(args, clusters):
        processor = make_processor(compiled, library, lang)  # fresh: no state between args
        items = cluster_items(cluster)
        if cluster.narrative:
            author = author_only(processor, compiled, items[0]["id"])
            rendered = processor.cite(items[1:])
            texts = [_join_author(author, rendered, fmt, compiled.is_note)
                     for fmt in ("text", "html", to)]
        else:
            rendered = processor.cite(items)
            texts = [render_rich(rendered, fmt) for fmt in ("text", "html", to)]
            if compiled.is_note:
                texts = [capitalize_first(t) for t in texts]
        results.append(CiteResult(arg, *texts))
    return results


def results_as_json(results: Sequence[CiteResult]) -> str:
    return json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2)

