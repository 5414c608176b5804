"""``citekit cite``: format single citations from the command line, each on its own.

Also home of what ``cite`` and ``insert`` share: reading the .bib into CSL items, opening
a style, turning a parsed citation into the engine's cite items (pandoc's way of splitting
an in-text ``@key`` into author and the rest), rendering rich text, and did-you-mean keys.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from citekit.citations.model import CiteCluster
from citekit.diagnostics import Diagnostic, Severity
from citekit.errors import UnreadableInputError, UnresolvedCitationsError, UsageError


#: ``--to`` value -> pybtex backend name
FORMATS = {"text": "text", "html": "html", "md": "md", "markdown": "md", "latex": "latex"}


@dataclass
class Library:
    """The CSL items of one or more .bib files, by key (first definition wins).

    ``items`` holds the converted entries (all, or those asked for); ``known`` every key
    the files define, for unknown-key checks and did-you-mean.
    """

    items: dict[str, dict[str, Any]]
    files: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    known: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.known = set(self.known) | set(self.items)

    @property
    def keys(self) -> list[str]:
        return sorted(self.known)

    def __contains__(self, key: str) -> bool:
        return key in self.known


def load_library(bib: str | Sequence[str], keys: Iterable[str] | None = None) -> Library:
    """Read .bib file(s) and convert entries to CSL-JSON items.

    With ``keys``, only those entries are converted (crossref/xdata parents still lend
    their fields): a document citing ten works of a 5,000-entry file converts ten.
    """
    from citekit.bibfile import load
    from citekit.bridge import entry_to_csl
    from citekit.crossref import resolve_crossrefs

    paths = [bib] if isinstance(bib, (str, Path)) else list(bib)
    if not paths:
        raise UsageError("no bibliography given (use --bib refs.bib)")
    for path in paths:
        if str(path) != "-" and not Path(path).is_file():
            raise UsageError(f"{path}: no such bibliography file")
    bibliography = load([str(p) for p in paths])
    fields: dict[str, dict[str, str]] = {}
    types: dict[str, str] = {}
    where: dict[str, tuple[str, int]] = {}
    for bib_file, entry in bibliography.iter_entries():
        if entry.key in fields:
            continue  # first definition wins (the loader reports the duplicate)
        fields[entry.key] = {k.lower(): v for k, v in bibliography.fields(entry).items()}
        types[entry.key] = entry.entry_type.lower()
        where[entry.key] = (bib_file.path, (entry.start_line or 0) + 1)
    wanted = list(fields) if keys is None else [k for k in dict.fromkeys(keys) if k in fields]
    resolved = resolve_crossrefs(fields, types)
    items: dict[str, dict[str, Any]] = {}
    diagnostics = list(bibliography.diagnostics)
    for key in wanted:
        if types[key] == "xdata":
            continue
        file, line = where[key]
        item, problems = entry_to_csl(key, types[key], resolved[key], file=file, line=line)
        items[key] = item
        diagnostics.extend(problems)
    return Library(items, [str(p) for p in paths], diagnostics, set(fields))


@dataclass
class OpenedStyle:
    """A compiled style plus what citekit needs to know about it (class, title)."""

    name: str
    path: str
    compiled: Any
    style_class: str
    title: str

    default_locale: str | None = None

    @property
    def is_note(self) -> bool:
        return self.style_class == "note"

    @property
    def punctuation_in_quote(self) -> bool:
        """American usage (en-US, the default): commas and full stops go inside quotes."""
        return (self.default_locale or "en-US") == "en-US"


def open_style(name: str) -> OpenedStyle:
    """A style by short name ("apa", "chicago-notes"), file name or .csl path."""
    from citekit import csl
    from citekit.styles import resolve_style, style_info

    path = resolve_style(name)  # UsageError naming close styles if unknown
    info = style_info(path, name)
    compiled = csl.load_style(str(path))
    head = Path(path).read_text(encoding="utf-8", errors="replace")[:4000]
    locale = re.search(r'<style\b[^>]*\bdefault-locale="([^"]+)"', head)
    return OpenedStyle(name, str(path), compiled, info.style_class or "in-text", info.title,
                       locale.group(1) if locale else None)


def make_processor(style: OpenedStyle, library: Library, lang: str | None = None):
    from citekit import csl

    from citekit.render import check_lang

    check_lang(lang)
    return csl.Processor(style.compiled, list(library.items.values()), lang=lang)


_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPH = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def markdown_affix(text: str) -> str:
    """Markdown emphasis in a prefix/suffix -> the engine's inline markup (``<i>``, ``<b>``)."""
    text = _STRONG.sub(r"<b>\2</b>", text)
    return _EMPH.sub(r"<i>\2</i>", text)


def html_affix(text: str) -> str:
    """HTML in a prefix/suffix -> the engine's markup: ``<em>`` -> ``<i>``, entities decoded."""
    import html

    text = re.sub(r"<(/?)em\b[^>]*>", r"<\1i>", text, flags=re.I)
    text = re.sub(r"<(/?)strong\b[^>]*>", r"<\1b>", text, flags=re.I)
    text = re.sub(r"<(?!/?(?:i|b|sup|sub)>)[^>]+>", "", text)
    return html.unescape(text)


def cluster_items(cluster: CiteCluster, markdown: bool = True,
                  syntax: str | None = None) -> list[dict[str, Any]]:
    """The engine's cite items for a cluster.

    An in-text citation ``@doe [p. 3]`` becomes, as in pandoc, an author-only item
    followed by the same work with the author suppressed, carrying the locator.
    Markdown emphasis in prefixes and suffixes is passed on as markup.
    """
    items = [item.to_csl() for item in cluster.items]
    convert = {"html": html_affix, "latex": None}.get(syntax or "", markdown_affix if markdown else None)
    if convert is not None:
        for item in items:
            for affix in ("prefix", "suffix"):
                if affix in item:
                    item[affix] = convert(item[affix])
    if cluster.narrative and items:
        first = items[0]
        author = {"id": first["id"], "author-only": True}
        rest = {k: v for k, v in first.items() if k not in ("prefix", "author-only")}
        rest["suppress-author"] = True
        items = [author, rest] + items[1:]
    return items


def render_rich(text, to: str = "text") -> str:
    """Render engine output (pybtex rich text) with citekit's backends (text, html, md, latex)."""
    from citekit.backends import render

    if to not in FORMATS:
        raise UsageError(f"unknown output format {to!r} (text, html, md)")
    return render(text, FORMATS[to])


def closest_keys(key: str, keys: Iterable[str], limit: int = 3) -> list[str]:
    """The keys most like ``key`` (did-you-mean), best first."""
    from rapidfuzz import fuzz, process

    matches = process.extract(key, list(keys), scorer=fuzz.WRatio, limit=limit, score_cutoff=70)
    return [match[0] for match in matches]


def unknown_key_diagnostic(file: str, line: int, column: int, key: str,
                           keys: Iterable[str]) -> Diagnostic:
    near = closest_keys(key, keys)
    hint = f"did you mean {', '.join(near)}?" if near else None
    message = f"no entry has the key {key!r}" + (f" (did you mean {', '.join(near)}?)" if near else "")
    return Diagnostic(file, line, "cite-unknown-key", Severity.ERROR, message, column, key, hint)


def _layout_affixes(style: OpenedStyle) -> tuple[str, str]:
    citation = getattr(style.compiled, "citation", None)
    layout = getattr(citation, "layout", None)
    return (getattr(layout, "prefix", "") or "", getattr(layout, "suffix", "") or "")


def strip_layout_affixes(text: str, style: OpenedStyle) -> str:
    """"(Taubman)" -> "Taubman": an author named in the sentence has no citation brackets."""
    prefix, suffix = _layout_affixes(style)
    text = text.strip()
    if prefix and text.startswith(prefix.strip()):
        text = text[len(prefix.strip()):]
    if suffix and text.endswith(suffix.strip()):
        text = text[: len(text) - len(suffix.strip())]
    return text.strip()


def author_only(processor, style: OpenedStyle, key: str, subsequent: bool = False,
                other: str | None = None):
    """The names of ``key`` as the style cites them (``@key`` in a sentence), as rich text
    rendered per format later: returns the engine output; see :func:`_join_author`."""
    item = {"id": key, "author-only": True}
    if not subsequent:
        return (processor.cite([item]), style)
    # a subsequent (not ibid) mention: cite it, then something else, then the author
    citations = [{"items": [{"id": key}], "note_index": 1}]
    if other:
        citations.append({"items": [{"id": other}], "note_index": 2})
    citations.append({"items": [item], "note_index": 3})
    return (processor.process_citations(citations)[-1], style)


def render_author(author, fmt: str) -> str:
    rich, style = author
    return strip_layout_affixes(render_rich(rich, fmt), style)


def _join_author(author, rest, fmt: str, note: bool = False) -> str:
    """``Taubman (2003, p. 45)``; for a note style the note follows as ``^[...]``."""
    name = render_author(author, fmt)
    body = render_rich(rest, fmt)
    if note:
        from citekit.insert import _capitalize_first

        return f"{name}^[{_capitalize_first(body)}]" if name else _capitalize_first(body)
    return f"{name} {body}".strip() if name else body


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
                from citekit.insert import _capitalize_first

                texts = [_capitalize_first(t) for t in texts]
        results.append(CiteResult(arg, *texts))
    return results


def results_as_json(results: Sequence[CiteResult]) -> str:
    return json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2)


def read_text(path: str) -> str:
    """A user's document as text (UTF-8, with a BOM or not), or an exit-3 error."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()  # line endings kept: -i must not change them
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(f"{path}: cannot read: {exc}") from exc
