"""``citekit insert``: replace the citation markers of an essay by formatted citations and
add the bibliography, as ``pandoc --citeproc`` would.

The whole document is one run of the CSL engine (``process_citations``), so positions
(first, subsequent, ibid, near-note), disambiguation and numbering are the style's own.
Note styles turn each citation of the running text into a footnote (Markdown ``[^n]``,
LaTeX ``\\footnote``), moving it after following punctuation and capitalising it as
pandoc does; citations already inside a footnote stay there, in parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from citekit.citations.model import CiteCluster
from citekit.citations.core import (
    Library,
    NoteContext,
    OpenedStyle,
    author_only,
    capitalize_first,
    cluster_items,
    drop_final_period,
    find_clusters,
    front_matter,
    load_library,
    make_processor,
    nocite_keys,
    open_style,
    read_text,
    render_author,
    render_rich,
    unknown_key_diagnostic,
)
from citekit.diagnostics import Diagnostic
from citekit.errors import UnresolvedCitationsError, UsageError

#: file suffix -> document syntax
SYNTAX_BY_SUFFIX = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".qmd": "markdown", ".rmd": "markdown", ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".tex": "latex", ".ltx": "latex",
}
#: document syntax -> backend used for the citations in it
BACKEND_OF = {"markdown": "md", "text": "text", "html": "html", "latex": "latex"}

MARKDOWN_REFS_DIV = re.compile(r"^(:{3,})\s*\{[^}\n]*#refs\b[^}\n]*\}[ \t]*\n(.*?)^\1[ \t]*$",
                               re.M | re.S)
HTML_REFS_DIV = re.compile(r"<div\b[^>]*\bid=[\"']refs[\"'][^>]*>\s*</div>", re.I)
BIB_MARKER = re.compile(r"<!--\s*bibliography\s*-->", re.I)
LATEX_BIB_COMMAND = re.compile(r"^[ \t]*(\\printbibliography(\[[^\]]*\])?|\\bibliography\{[^}]*\}"
                               r"|%\s*bibliography)[ \t]*$", re.M)
NOTE_PUNCTUATION = ".,;:!?"


@dataclass
class RenderedCitation:
    """One marker and what replaced it."""

    cluster: CiteCluster
    text: str  #: the citation as it appears (in the note for a note, in the output format)
    plain: str  #: the same as plain text
    note: int | None = None  #: number of the note it is in (its own or an existing one)
    own_note: bool = False  #: a note made for it (note styles)
    author: str = ""  #: plain text of the author put in the running text (``@key``)
    punctuation: str = ""  #: punctuation moved before the note reference
    missing: list[str] = field(default_factory=list)


@dataclass
class InsertResult:
    output: str
    citations: list[RenderedCitation]
    bibliography: list[tuple[str, str]]  #: (key, entry in the output format)
    bibliography_plain: list[tuple[str, str]]
    diagnostics: list[Diagnostic]
    syntax: str
    written: str | None = None


def detect_syntax(path: str, syntax: str | None = None) -> str:
    if syntax and syntax != "auto":
        aliases = {"md": "markdown", "tex": "latex", "txt": "text", "plain": "text"}
        syntax = aliases.get(syntax, syntax)
        if syntax not in BACKEND_OF:
            raise UsageError(f"unknown input format {syntax!r} (markdown, text, html, latex)")
        return syntax
    return SYNTAX_BY_SUFFIX.get(Path(path).suffix.lower(), "markdown")


def _meta_paths(value: Any, base: Path) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    out = []
    for item in values:
        candidate = Path(str(item)).expanduser()
        if not candidate.is_absolute() and not candidate.exists() and (base / candidate).exists():
            candidate = base / candidate
        out.append(str(candidate))
    return out


def insert(
    path: str,
    bib: str | Sequence[str] | None = None,
    style: str | None = None,
    output: str | None = None,
    in_place: bool = False,
    allow_missing: bool = False,
    syntax: str | None = None,
    lang: str | None = None,
) -> InsertResult:
    """Format the citations of the document at ``path`` and add its bibliography.

    Writes to ``output`` or (``in_place``) back to ``path`` atomically; otherwise only
    returns the result. Unknown keys raise UnresolvedCitationsError listing every one
    with its line, and nothing is written, unless ``allow_missing``.
    """
    if output and in_place:
        raise UsageError("use either -o/--output or -i/--in-place, not both")
    text = read_text(path)
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")  # worked on with \n, written back with \r\n
    kind = detect_syntax(path, syntax)
    # pandoc's metadata fills in what the command line leaves out
    meta = front_matter(text) if kind in ("markdown", "text") else {}
    base = Path(path).resolve().parent
    bibs = ([bib] if isinstance(bib, str) else list(bib or [])) or _meta_paths(
        meta.get("bibliography"), base)
    if not bibs:
        raise UsageError("no bibliography: give --bib refs.bib (or bibliography: in the "
                         "document's YAML front matter)")
    if style is None:
        meta_style = _meta_paths(meta.get("csl") or meta.get("citation-style"), base)
        style = meta_style[0] if meta_style else "apa"
    lang = lang or (str(meta["lang"]) if meta.get("lang") else None)
    opened = open_style(style)
    wanted = [item.id for c in find_clusters(text, kind) for item in c.items]
    nocite = nocite_keys(text, kind)
    library = load_library(bibs, keys=None if "*" in nocite else wanted + nocite)

    def processor_factory():
        return make_processor(opened, library, lang)

    title = meta.get("reference-section-title")
    result = insert_text(text, kind, opened, library, processor_factory, file=path,
                         allow_missing=allow_missing,
                         bibliography_title=str(title) if title else None,
                         suppress_bibliography=meta.get("suppress-bibliography") in (True, "true", "yes"))
    if crlf:
        result.output = result.output.replace("\n", "\r\n")
    target = path if in_place else output
    if target:
        from citekit.atomic import write_atomic

        write_atomic(target, result.output)
        result.written = str(target)
    return result


# ---------------------------------------------------------------- the document run


def insert_text(
    text: str,
    syntax: str,
    style: OpenedStyle,
    library: Library,
    processor_factory: Callable[[], Any],
    file: str = "<text>",
    allow_missing: bool = False,
    bibliography_title: str | None = None,
    suppress_bibliography: bool = False,
) -> InsertResult:
    """The work of ``insert`` on a text (no files): testable with any engine."""
    clusters = find_clusters(text, syntax)
    diagnostics: list[Diagnostic] = []
    for cluster in clusters:
        for item in cluster.items:
            if item.id not in library:
                diagnostics.append(unknown_key_diagnostic(file, item.line, item.column, item.id,
                                                          library.keys))
    if diagnostics and not allow_missing:
        listing = "\n".join(d.format_line() for d in diagnostics)
        raise UnresolvedCitationsError(
            f"{len(diagnostics)} citation(s) with no entry; nothing written "
            f"(--allow-missing writes anyway):\n{listing}")

    if not clusters and not nocite_keys(text, syntax):
        # nothing to do: in particular a second run must not empty the bibliography
        return InsertResult(text, [], [], [], diagnostics, syntax)
    backend = BACKEND_OF[syntax]
    notes = NoteContext(text, syntax)
    is_note_style = style.is_note
    active: list[tuple[CiteCluster, CiteCluster]] = []  # (original, without missing items)
    rendered: list[RenderedCitation] = []
    for cluster in clusters:
        present = [i for i in cluster.items if i.id in library.items]
        missing = [i.id for i in cluster.items if i.id not in library.items]
        if not present:
            rendered.append(RenderedCitation(cluster, cluster.raw, cluster.raw, missing=missing))
            continue
        trimmed = CiteCluster(present, cluster.start, cluster.end, cluster.line, cluster.column,
                              cluster.raw, cluster.narrative, cluster.note, cluster.command)
        active.append((cluster, trimmed))

    # note numbers: existing notes and (note styles) one new note per citation in the text
    numbering = notes.number(
        [c.start for c, t in active if (is_note_style or c.note) and not _names_only(t)],
        is_note_style)
    # the engine sees citations in reading order: a footnote's at the place of its reference
    active.sort(key=lambda pair: notes.reading_position(pair[0].start))
    processor = processor_factory()
    citations = []
    for original, trimmed in active:
        if _names_only(trimmed):
            continue  # \citeauthor: a name in the sentence, not a citation
        items = cluster_items(trimmed, syntax=syntax)
        if trimmed.narrative:
            items = items[1:]  # the author goes in the text; see _author_text
        number = numbering.get(original.start) or notes.number_at(original.start) or 0
        citations.append({"items": items, "note_index": number})
    # cited works first, in reading order, then the nocite-only ones (pandoc's order): the
    # numbers of a numeric style and the year suffixes of the list follow this registration
    register = getattr(processor, "register", None)
    if register is not None:
        register(_cited_ids([c for c, _t in active], library, text, syntax))
    processed = iter(processor.process_citations(citations) if citations else [])
    results = ["" if _names_only(trimmed) else next(processed) for _o, trimmed in active]

    authors = _author_texts(active, style, library, processor_factory, backend)
    replacements: list[tuple[int, int, str]] = []
    footnotes: list[tuple[str, str]] = []
    existing_labels = notes.labels
    for (original, trimmed), rich, author in zip(active, results, authors):
        if _names_only(trimmed):
            record = RenderedCitation(original, author, _plain_author(author, syntax),
                                      author=_plain_author(author, syntax))
            replacements.append((original.start, original.end, author))
            rendered.append(record)
            continue
        body = render_rich(rich, backend)
        plain = render_rich(rich, "text")
        in_note = notes.inside(original.start)
        note_number = numbering.get(original.start) or (notes.number_at(original.start))
        record = RenderedCitation(original, body, plain, note_number,
                                  author=_plain_author(author, syntax))
        if (is_note_style or original.note) and not in_note:
            body = capitalize_first(body)
            record.text, record.plain = body, capitalize_first(plain)
            record.own_note = True
            start, end, before = _note_anchor(text, original, syntax, style.punctuation_in_quote)
            if author and before.startswith(".") and _plain_author(author, syntax).endswith("."):
                before = before[1:]  # "LeCun et al." ends the sentence: one full stop
            record.punctuation = before
            label = _note_label(note_number, existing_labels)
            ref, definition = _note_markup(syntax, label, body)
            inline = (author + before + ref) if author else before + ref
            replacements.append((start, end, inline))
            if definition:
                footnotes.append((label, definition))
        else:
            end = original.end
            if is_note_style and in_note:
                body, plain = _in_note(text, original, notes, body, plain, bool(author))
            if author:
                joint = "" if body.startswith(", ") else " "
                body = f"{author}{joint}{body}" if body else author
                plain_author = _plain_author(author, syntax)
                plain = f"{plain_author}{joint}{plain}" if plain else plain_author
            elif text[end:end + 1] == "." and plain.rstrip().endswith("."):
                end += 1  # "... Ibid." followed by the sentence's full stop: one full stop
            record.text, record.plain = body, plain
            replacements.append((original.start, end, body))
        rendered.append(record)
    rendered.sort(key=lambda r: notes.reading_position(r.cluster.start))

    out = _apply(text, replacements)
    ids = _cited_ids(clusters, library, text, syntax)
    bibliography = processor.bibliography(ids) if ids and not suppress_bibliography else []
    entries = []
    for entry in bibliography:
        key = getattr(entry, "id", None) or getattr(entry, "key", None)
        rich = getattr(entry, "text", None) if getattr(entry, "text", None) is not None else entry
        entries.append((key, rich))
    bib_out = [(k, render_rich(r, backend)) for k, r in entries]
    bib_plain = [(k, render_rich(r, "text")) for k, r in entries]
    settings = getattr(processor, "bibliography_settings", None) or {}
    out = _place_bibliography(out, syntax, bib_out, style, settings, bibliography_title)
    out = _append_notes(out, syntax, footnotes)
    return InsertResult(out, rendered, bib_out, bib_plain, diagnostics, syntax)


def _author_texts(active, style: OpenedStyle, library: Library, processor_factory,
                  backend: str) -> list[str]:
    """In-text author names for narrative citations (``@doe`` -> "Doe").

    Rendered by the engine as an ``author-only`` cite: the first mention of a work in its
    first-position form, later ones in subsequent form (a short name in note styles).
    """
    out = []
    seen: set[str] = set()
    for _original, trimmed in active:
        keys = ([item.id for item in trimmed.items] if _names_only(trimmed)
                else [trimmed.items[0].id] if trimmed.narrative else [])
        if keys:
            names = []
            for key in keys:
                other = next((k for k in library.items if k != key), None)
                author = author_only(processor_factory(), style, key, key in seen, other)
                names.append(render_author(author, backend))
            out.append(", ".join(name for name in names if name))
        else:
            out.append("")
        seen.update(item.id for item in trimmed.items)
    return out


def _names_only(cluster: CiteCluster) -> bool:
    """``\\citeauthor{key}``: every item asks for the author's name alone."""
    return all(item.author_only for item in cluster.items)


def _plain_author(author: str, syntax: str) -> str:
    if syntax == "html":
        return re.sub(r"<[^>]+>", "", author)
    if syntax == "markdown":
        return re.sub(r"[*_]", "", author)
    return author


def _in_note(text: str, cluster: CiteCluster, notes: "NoteContext", body: str, plain: str,
             narrative: bool) -> tuple[str, str]:
    """A note style's citation written inside a footnote (pandoc's rules): first thing in
    the note -> as it is; elsewhere -> in parentheses without its full stop; after an
    in-text author -> ", " and the full stop only at the end of a sentence."""
    if narrative:
        rest = text[cluster.end:].lstrip(" \t\n")
        keep_period = not rest or rest[0].isupper() or rest.startswith("]")
        if not keep_period:
            body, plain = drop_final_period(body), drop_final_period(plain)
        return (", " + body if body else body), (", " + plain if plain else plain)
    if notes.starts_note(cluster.start):
        return body, plain
    return f"({drop_final_period(body)})", f"({drop_final_period(plain)})"


_CLOSING_QUOTES = "\u201d\u2019\"'\u00bb"


def _note_anchor(text: str, cluster: CiteCluster, syntax: str,
                 punctuation_in_quote: bool = True) -> tuple[int, int, str]:
    """Where a note reference goes: after the punctuation that follows the marker, with
    the space before the marker dropped ("text [@a]." -> "text.[^1]"); a comma or full
    stop goes inside a closing quote where the locale wants it ("“a” [@x]." -> "“a.”[^1]")."""
    start, end = cluster.start, cluster.end
    while start > 0 and text[start - 1] in " \t" and not cluster.narrative:
        start -= 1  # "@doe says" keeps its space: "so does Doe.[^1]"
    punct = ""
    if end < len(text) and text[end] in NOTE_PUNCTUATION:
        while end < len(text) and _is_moving_punct(text[end]) and len(punct) < 4:
            punct += text[end]
            end += 1
    if (punctuation_in_quote and punct[:1] in (".", ",") and not cluster.narrative
            and start > 0 and text[start - 1] in _CLOSING_QUOTES):
        quote = text[start - 1]
        return start - 1, end, punct + quote
    if start > 0 and text[start - 1] == "\n" and not cluster.narrative:
        # a marker opening a line of the same paragraph joins the word before it
        before = start - 1
        while before > 0 and text[before - 1] in " \t":
            before -= 1
        if before > 0 and text[before - 1] != "\n":
            start = before
        else:
            start = cluster.start
    return start, end, punct


def _is_moving_punct(char: str) -> bool:
    """Punctuation that moves before a note; dashes stay where they are (pandoc)."""
    import unicodedata

    return unicodedata.category(char).startswith("P") and char not in "\u2013\u2014-([{"


def _note_label(number: int, existing: set[str]) -> str:
    label = str(number)
    return label if label not in existing else f"cite{number}"


def _note_markup(syntax: str, label: str, body: str) -> tuple[str, str | None]:
    if syntax == "latex":
        return f"\\footnote{{{body}}}", None
    if syntax == "html":
        return (f'<sup class="footnote-ref"><a href="#fn-{label}" id="fnref-{label}">'
                f"{label}</a></sup>", body)
    return f"[^{label}]", body


def _apply(text: str, replacements: list[tuple[int, int, str]]) -> str:
    out = []
    position = 0
    for start, end, new in sorted(replacements):
        if start < position:
            start = position
        out.append(text[position:start])
        out.append(new)
        position = max(position, end)
    out.append(text[position:])
    return "".join(out)


def _cited_ids(clusters: list[CiteCluster], library: Library, text: str, syntax: str) -> list[str]:
    """Keys in order of first citation, plus ``\\nocite`` / pandoc ``nocite`` keys."""
    ids = [item.id for c in clusters for item in c.items if item.id in library.items]
    extra = nocite_keys(text, syntax)
    if "*" in extra:
        extra = list(library.items)
    elif syntax != "latex" and library.file_order:  # pandoc: nocite-only works in .bib order
        wanted = set(extra)
        extra = [k for k in library.file_order if k in wanted]
    ids += [k for k in extra if k in library.items]
    return list(dict.fromkeys(ids))


# ---------------------------------------------------------------- footnotes


def _append_notes(text: str, syntax: str, footnotes: list[tuple[str, str]]) -> str:
    if not footnotes:
        return text
    if syntax == "html":
        items = "\n".join(
            f'<li id="fn-{label}">{body} <a href="#fnref-{label}" class="footnote-back">↩</a></li>'
            for label, body in footnotes)
        block = f'<section class="footnotes">\n<ol>\n{items}\n</ol>\n</section>\n'
        return _before_body_end(text, block)
    lines = [f"[^{label}]: {body}" for label, body in footnotes]
    return text.rstrip("\n") + "\n\n" + "\n\n".join(lines) + "\n"


def _before_body_end(text: str, block: str) -> str:
    match = re.search(r"</body\s*>", text, re.I)
    if match:
        return text[: match.start()] + block + text[match.start():]
    return text.rstrip("\n") + "\n" + block


# ---------------------------------------------------------------- bibliography


def bibliography_heading(style: OpenedStyle) -> str:
    """The list's usual name in the style's tradition."""
    from citekit.styles import bibliography_heading as heading

    return heading(style.title, style.style_class)


def _settings(settings) -> dict:
    if isinstance(settings, dict):
        return {k.replace("_", "-"): v for k, v in settings.items()}
    return {k.replace("_", "-"): getattr(settings, k) for k in dir(settings) if not k.startswith("_")}


def _place_bibliography(text: str, syntax: str, entries: list[tuple[str, str]],
                        style: OpenedStyle, settings, title: str | None = None) -> str:
    settings = _settings(settings)
    heading = title or bibliography_heading(style)
    if syntax == "html":
        hanging = " hanging-indent" if settings.get("hanging-indent") else ""
        body = "\n".join(f'  <div class="csl-entry" id="ref-{_html_id(k)}">{e}</div>'
                         for k, e in entries)
        div = f'<div id="refs" class="references csl-bib-body{hanging}">\n{body}\n</div>'
        if HTML_REFS_DIV.search(text):
            return HTML_REFS_DIV.sub(lambda m: div, text, count=1)
        if BIB_MARKER.search(text):
            return BIB_MARKER.sub(lambda m: div, text, count=1)
        if not entries:
            return text
        return _before_body_end(text, f"<h2>{heading}</h2>\n{div}\n")
    if syntax == "latex":
        body = "\n\n".join(f"\\noindent\\hangindent=2em\\hangafter=1 {e}\\par" for _, e in entries)
        block = f"\\section*{{{heading}}}\n\n{body}\n"
        if LATEX_BIB_COMMAND.search(text):
            return LATEX_BIB_COMMAND.sub(lambda m: block.rstrip("\n"), text, count=1)
        if not entries:
            return text
        end = re.search(r"\\end\{document\}", text)
        if end:
            return text[: end.start()] + block + "\n" + text[end.start():]
        return text.rstrip("\n") + "\n\n" + block
    body = "\n\n".join(e for _, e in entries)
    div = MARKDOWN_REFS_DIV.search(text)
    if div and syntax == "markdown":
        fence = div.group(1)
        first_line = text[div.start(): text.index("\n", div.start())]
        new = f"{first_line}\n{body}\n{fence}" if body else f"{first_line}\n{fence}"
        return text[: div.start()] + new + text[div.end():]
    if BIB_MARKER.search(text):
        return BIB_MARKER.sub(lambda m: body, text, count=1)
    if not entries:
        return text
    if syntax == "markdown":
        last = text.rstrip("\n").rsplit("\n", 1)[-1]
        if title:
            return text.rstrip("\n") + f"\n\n# {title}\n\n{body}\n"  # pandoc's level
        if re.match(r"^#{1,6}\s+\S", last):
            # the document ends with its own heading ("# References"): the list goes under it
            return text.rstrip("\n") + f"\n\n{body}\n"
        level = _heading_level(text)
        return text.rstrip("\n") + f"\n\n{'#' * level} {heading}\n\n{body}\n"
    return text.rstrip("\n") + f"\n\n{heading}\n\n{body}\n"


def _heading_level(text: str) -> int:
    """Level for an added "References" heading: a section beside the document's own."""
    levels = [len(m.group(1)) for m in re.finditer(r"^(#{1,6})\s", text, re.M)]
    if not levels:
        return 1
    if levels.count(1) == 1 and len(levels) > 1:
        return min(level for level in levels if level > 1)  # one title, then sections
    return min(levels)


def _html_id(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.-]", "-", key)
