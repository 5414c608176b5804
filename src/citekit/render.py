"""``render``: a .bib file -> a reference list in a CSL style, as a finished document.

The pipeline is one way: load (citekit.bibfile) -> CSL items (citekit.bridge) ->
the CSL engine (citekit.csl) -> pybtex rich text -> a backend (citekit.backends) per
entry -> a Jinja2 page template (citekit.templating). ``--to json`` skips the page and
gives each entry's text and HTML as the whole list shows them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from citekit.backends import BACKENDS, ALIASES, get_backend, render as render_rich
from citekit.bridge import convert_entries
from citekit.diagnostics import Diagnostic, Severity, with_columns
from citekit.errors import UnreadableInputError, UnresolvedCitationsError, UsageError
from citekit.progress import track

FORMATS = ("text", "md", "html", "latex", "rtf", "json")


@dataclass
class RenderedEntry:
    """One reference-list entry, ready for a template."""

    key: str
    text: str
    html: str
    output: str  #: the entry in the requested format
    fields: dict[str, str]  #: the BibTeX fields (crossrefs resolved, LaTeX as written)
    csl: dict  #: the CSL-JSON item the style saw
    rich: Any = None  #: the engine's pybtex rich text

    def to_dict(self) -> dict:
        return {"key": self.key, "text": self.text, "html": self.html}


@dataclass
class RenderResult:
    """What :func:`render` made: the whole document and each entry on its own.

    ``output`` is the finished page (also written to ``output=`` if given); ``entries``
    are in reference-list order; ``diagnostics`` what the loader and the BibTeX -> CSL
    conversion reported; ``style`` the style's name and info; ``settings`` its
    bibliography options (hanging indent, second-field-align, spacing).
    """

    output: str
    entries: list[RenderedEntry]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    style: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- loading


def load_items(sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
               stdin: bytes | None = None):
    """Read .bib sources -> (CSL items, BibTeX fields per key, diagnostics)."""
    from citekit.bibfile import load

    bib = load(sources, stdin=stdin)
    triples, lines, files = [], {}, {}
    raw_fields: dict[str, dict[str, str]] = {}
    taken = {entry.key for _, entry in bib.iter_entries()}
    for bib_file, entry in track(bib.iter_entries(), "reading fields", len(bib)):
        fields = bib.fields(entry)
        key = entry.key
        if not key.strip() or key in raw_fields:  # keyless entries: a key to render them by
            from citekit.keys import make_key

            key = make_key({**fields, "entrytype": entry.entry_type}, taken)
            taken.add(key)
        triples.append((key, entry.entry_type, fields))
        raw_fields[key] = fields
        lines[key] = (entry.start_line or 0) + 1
        files[key] = bib_file.path
    preamble = " ".join(bib.resolve(p.value) for f in bib.files for p in f.library.preambles)
    conversion = convert_entries(triples, lines=lines, preamble=preamble)
    diagnostics = list(bib.diagnostics)
    by_file: dict[str, list[Diagnostic]] = {}
    for d in conversion.diagnostics:
        file = files.get(d.key or "", d.file)
        by_file.setdefault(file, []).append(
            Diagnostic(file=file, line=d.line, code=d.code, severity=d.severity,
                       message=d.message, key=d.key))
    texts = {f.path: f.text for f in bib.files}
    for file, found in by_file.items():
        diagnostics.extend(with_columns(found, texts.get(file, "")))
    return conversion.items, raw_fields, diagnostics


class _NotStreamable(Exception):
    """The sources need the whole-file loader (see :func:`load_store`)."""


def load_store(sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], *,
               stdin: bytes | None = None):
    """Read .bib sources -> (compact CSL items, diagnostics), without keeping the files.

    :func:`load_items` holds every parsed entry, its fields and its CSL item at once
    (about 7 KB an entry); here each entry is read (check's streaming reader), converted
    and stored as marshal bytes (csl.store) before the next is read. What needs the
    whole set first falls back to :func:`load_items`: crossref/xdata (a parent may
    come later), @preamble macros, keyless or repeated keys (a new key must avoid
    every other key), an @string redefined after its use."""
    from citekit.csl.processor import prepare_item
    from citekit.csl.store import CompactItems

    store = CompactItems()
    try:
        if stdin is not None:
            raise _NotStreamable
        diagnostics = _stream_into(store, sources)
    except _NotStreamable:
        store = CompactItems()
        items, _, diagnostics = load_items(sources, stdin=stdin)
        for n, item in enumerate(items):
            store.add(prepare_item(item, n))
        return store, diagnostics
    return store, diagnostics


_NEEDS_ALL = re.compile(r"crossref|xdata|@\s*preamble", re.IGNORECASE)


#: entries between two clearings of the conversion's caches: their memory stays bounded
#: (a title or name list is rarely seen twice; what repeats is cached again at once)
_CACHE_WINDOW = 4096


def _stream_into(store, sources) -> list[Diagnostic]:
    from citekit.bibfile.load import source_list
    from citekit.bridge import clear_caches, entry_to_csl
    from citekit.check.stream import StreamedBibliography
    from citekit.csl.processor import prepare_item

    names = source_list(sources)
    if "-" in names:
        raise _NotStreamable
    streamed = StreamedBibliography(names)
    if any(_NEEDS_ALL.search(text) for text in streamed.texts.values()):
        raise _NotStreamable
    by_file: dict[str, list[Diagnostic]] = {}
    n = 0
    for path, entry, fields in track(streamed.iter_entries(), "reading fields"):
        key = entry.key
        if not key.strip() or key in store:
            raise _NotStreamable
        etype = entry.entry_type
        if etype.lower() == "xdata":
            continue
        item, found = entry_to_csl(key, etype, fields, line=(entry.start_line or 0) + 1)
        store.add(prepare_item(item, n))
        n += 1
        if n % _CACHE_WINDOW == 0:
            clear_caches()  # what repeats (journals, publishers) is back in the cache at once
        for d in found:
            by_file.setdefault(path, []).append(
                Diagnostic(file=path, line=d.line, code=d.code, severity=d.severity,
                           message=d.message, key=d.key))
    if streamed.stale:
        raise _NotStreamable
    diagnostics = []
    for path, text in streamed.texts.items():
        # the loader's findings, with the columns load() gives them
        diagnostics.extend(with_columns(list(streamed._file_diagnostics.get(path, ())), text))
    for path, found in by_file.items():
        diagnostics.extend(with_columns(found, streamed.texts.get(path, "")))
    return diagnostics


# ---------------------------------------------------------------- the engine


def make_processor(style_name: str, items: list[dict], lang: str | None = None):
    """The CSL engine for a style name or path (citekit.styles resolves the name)."""
    from citekit import csl
    from citekit.styles import resolve_style

    path = resolve_style(style_name)
    style = csl.load_style(str(path))
    return style, csl.Processor(style, items, lang=lang)


def _entry_rich(entry) -> Any:
    rich = getattr(entry, "text", None)
    return rich if rich is not None else getattr(entry, "rich", None)


def bibliography_settings(processor) -> dict:
    raw = getattr(processor, "bibliography_settings", None) or {}
    if not isinstance(raw, dict):
        raw = {k: getattr(raw, k) for k in dir(raw) if not k.startswith("_")}
    settings = {k.replace("-", "_"): v for k, v in raw.items()}
    settings.setdefault("hanging_indent", False)
    settings.setdefault("second_field_align", None)
    settings.setdefault("line_spacing", 1)
    settings.setdefault("entry_spacing", 1)
    return settings


def style_summary(style, name: str) -> dict:
    info = getattr(style, "info", None) or {}
    if not isinstance(info, dict):
        info = {k: getattr(info, k) for k in ("title", "style_class", "id") if hasattr(info, k)}
    out = {"name": name, **{str(k).replace("-", "_"): v for k, v in info.items() if isinstance(v, (str, int, float, bool))}}
    out.setdefault("title", name)
    return out


# ---------------------------------------------------------------- render


def render(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    style: str = "apa",
    to: str = "text",
    output: str | None = None,
    keys: list[str] | None = None,
    lang: str | None = None,
    template: str | None = None,
    *,
    stdin: bytes | None = None,
    keep_rich: bool = False,
    stream: Callable[[str], Any] | None = None,
) -> RenderResult:
    """Render the entries of ``sources`` (all, or ``keys`` in that order) in ``style``.

    ``to`` is text, md, html, latex, rtf or json. With ``output`` the document is
    also written there (atomically). Unknown keys raise UnresolvedCitationsError;
    an unknown style or format a UsageError. ``keep_rich`` keeps each entry's pybtex
    rich text in ``RenderedEntry.rich`` (off: a big list would hold every tree).

    ``stream``: with a built-in page template (not json, not ``template``), the page
    goes out as it is made, to ``output`` or else to ``stream(chunk)``, and the result
    holds no ``output`` and no ``entries``: memory stays flat however long the list
    (the items are kept compact, see :func:`load_store`). The bytes are the same.
    """
    fmt = ALIASES.get(to, to)
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {to!r}; choose one of {', '.join(FORMATS)}")
    if template and fmt == "json":
        raise UsageError("--template does not apply to --to json")
    from citekit.styles import resolve_style

    resolve_style(style)  # fail on a bad style before reading anything
    check_lang(lang)
    if output:
        from citekit.atomic import check_writable

        check_writable(output)  # a missing directory fails before any work

    if stream is not None and fmt != "json" and not template:
        return _render_streamed(sources, style, fmt, output, keys, lang, stdin, stream)
    items, raw_fields, diagnostics = load_items(sources, stdin=stdin)
    if not items:
        names = [sources] if isinstance(sources, str) else [str(s) for s in sources]
        raise UnreadableInputError(f"{', '.join(names)}: no entries to render")
    by_id = {item["id"]: item for item in items}
    ids = _select(keys, by_id) if keys else [item["id"] for item in items]

    # the list is computed over the selected entries only (year suffixes, numbering)
    selected = [by_id[i] for i in ids]
    style_obj, processor = make_processor(style, selected, lang)
    # one entry at a time from the engine to its strings; the rich text is not kept
    entries = [
        RenderedEntry(key=key, text=text, html=html, output=out, fields=raw_fields.get(key, {}),
                      csl=by_id.get(key, {}), rich=rich if keep_rich else None)
        for key, rich, text, html, out in format_entries(processor, ids, fmt, keep_rich=keep_rich)
    ]
    settings = bibliography_settings(processor)
    summary = style_summary(style_obj, style)
    if fmt == "json":
        document = json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2) + "\n"
    else:
        from citekit.templating import render_page

        from citekit.styles import bibliography_heading

        heading = bibliography_heading(str(summary.get("title", "")), str(summary.get("class", "")))
        document = render_page(fmt, entries, style=summary, settings=settings, lang=lang,
                               template=template, title=heading)
    if output:
        from citekit.atomic import write_atomic

        write_atomic(Path(output), document)
    return RenderResult(output=document, entries=entries, diagnostics=diagnostics,
                        style=summary, settings=settings)


def _select(keys: list[str] | None, known) -> list[str]:
    """The ids to render: ``keys`` in order (matched case-insensitively when they
    are not exact), or every id; an UnresolvedCitationsError for unknown keys."""
    if not keys:
        return list(known)
    missing = [k for k in keys if k not in known]
    if missing:
        folded = {k.lower(): k for k in known}
        still = [k for k in missing if k.lower() not in folded]
        if still:
            raise UnresolvedCitationsError(f"no entry for key(s): {', '.join(still)}")
        keys = [folded.get(k.lower(), k) if k not in known else k for k in keys]
    return list(dict.fromkeys(keys))


def _render_streamed(sources, style, fmt, output, keys, lang, stdin, stream) -> RenderResult:
    """:func:`render` with ``stream``: compact items in, the page out piece by piece."""
    from citekit import csl
    from citekit.bibfile.load import gc_paused
    from citekit.styles import bibliography_heading, resolve_style
    from citekit.templating import page_chunks

    # no reference cycles are made on the way: the collector would rescan every item
    with gc_paused():
        store, diagnostics = load_store(sources, stdin=stdin)
        from citekit.bridge import clear_caches

        clear_caches()  # the conversion is over: the engine's turn to use the memory
        if not len(store):
            names = [sources] if isinstance(sources, str) else [str(s) for s in sources]
            raise UnreadableInputError(f"{', '.join(names)}: no entries to render")
        ids = _select(keys, store)
        if keys:
            store = store.subset(ids)  # the list is computed over the selected entries only
        style_obj = csl.load_style(str(resolve_style(style)))
        processor = csl.Processor(style_obj, store, lang=lang)
        settings = bibliography_settings(processor)
        summary = style_summary(style_obj, style)
        heading = bibliography_heading(str(summary.get("title", "")), str(summary.get("class", "")))
        entries = (RenderedEntry(key=key, text=text, html=html, output=out, fields={},
                                 csl={})  # the built-in pages print neither
                   for key, _rich, text, html, out in format_entries(processor, ids, fmt, page_only=True))
        chunks = page_chunks(fmt, entries, style=summary, settings=settings, lang=lang,
                             title=heading)
        if output:
            from citekit.atomic import write_atomic_chunks

            write_atomic_chunks(Path(output), chunks, "utf-8")
        else:
            for chunk in chunks:
                stream(chunk)
    return RenderResult(output="", entries=[], diagnostics=diagnostics, style=summary,
                        settings=settings)


def format_entries(processor, ids: list[str], fmt: str, *, page_only: bool = False,
                   keep_rich: bool = False) -> Iterator[tuple[str, Any, str, str, str]]:
    """(key, rich, text, html, entry-in-format) in reference-list order, one at a time.

    ``page_only``: only what the built-in pages print (the entry in ``fmt``); text and
    HTML are left empty unless they are that format. ``rich`` (the entry's pybtex rich
    text) is None unless ``keep_rich``: the engine's runs go to each backend directly."""
    from citekit.csl.richtext import runs_to_markup

    entries = processor.iter_bibliography(ids) if hasattr(processor, "iter_bibliography") \
        else processor.bibliography(ids)
    backends: dict[str, Any] = {}

    def as_format(entry, name):
        runs = getattr(entry, "runs", None)
        if runs is None:  # an engine that gives rich text only
            return render_rich(_entry_rich(entry), name)
        backend = backends.get(name)
        if backend is None:
            backend = backends[name] = get_backend(name)
        return runs_to_markup(runs, backend)

    for entry in entries:
        key = getattr(entry, "id", None) or getattr(entry, "key", None)
        rich = _entry_rich(entry) if keep_rich else None
        if page_only:
            out = as_format(entry, fmt)
            yield key, rich, out if fmt == "text" else "", out if fmt == "html" else "", out
            continue
        text = as_format(entry, "text")
        html = as_format(entry, "html")
        if fmt in ("text", "json"):
            formatted = text
        elif fmt == "html":
            formatted = html
        else:
            formatted = as_format(entry, fmt)
        yield key, rich, text, html, formatted


def check_lang(lang: str | None) -> None:
    """A UsageError for a --lang that no CSL locale answers (``klingon``)."""
    if lang is None:
        return
    from citekit.csl.locale import has_locale

    if not has_locale(lang):
        raise UsageError(f"unknown locale {lang!r}: give a CSL locale such as en-US, en-GB, de-DE, fr")


def warn(diagnostics: list[Diagnostic], code: str, message: str) -> None:
    diagnostics.append(Diagnostic(file="", line=0, code=code, severity=Severity.WARNING, message=message))


__all__ = ["BACKENDS", "FORMATS", "RenderResult", "RenderedEntry", "load_items", "render"]
