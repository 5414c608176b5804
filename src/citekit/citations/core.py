"""What ``cite`` and ``insert`` both stand on: the library, the style, clusters, notes.

Reading the .bib into CSL items (crossrefs resolved), opening a style, finding a document's
citation clusters and pandoc's ``nocite``, turning a cluster into the engine's cite items
(pandoc's way of splitting an in-text ``@key`` into author and the rest), rendering rich
text, did-you-mean keys, and the notes of a document with their numbers. Imports run one
way: ``citekit.cite`` and ``citekit.insert`` use this module, never each other.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from citekit.citations.model import CiteCluster
from citekit.diagnostics import Diagnostic, Severity
from citekit.errors import UnreadableInputError, UsageError


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
    #: every key in the order of the files (pandoc lists nocite-only works so)
    file_order: list[str] = field(default_factory=list)

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
    return Library(items, [str(p) for p in paths], diagnostics, set(fields), list(fields))


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

    check_lang(lang)  # --lang klingon is a usage error, not a silent en-US
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
    return Diagnostic(file, line, "C701", Severity.ERROR, message, column, key, hint)


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


@contextlib.contextmanager
def without_layout_affixes(processor) -> Iterator[None]:
    """Render cites without the citation layout's prefix and suffix ("(", ")", a note's ".").

    Stripping them from the output afterwards cannot tell the layout's full stop from the
    one of "et al." that absorbed it; leaving them out of the layout can.
    """
    citation = getattr(getattr(processor, "style", None), "citation", None)
    layout = getattr(citation, "layout", None)
    if layout is None or not hasattr(layout, "prefix"):
        yield
        return
    saved = (layout.prefix, layout.suffix)
    layout.prefix, layout.suffix = "", ""
    try:
        yield
    finally:
        layout.prefix, layout.suffix = saved


def author_only(processor, style: OpenedStyle, key: str, subsequent: bool = False,
                other: str | None = None):
    """The names of ``key`` as the style cites them (``@key`` in a sentence): the engine's
    rich text without the citation's brackets or final full stop, rendered per format by
    :func:`render_author`."""
    item = {"id": key, "author-only": True}
    with without_layout_affixes(processor):
        if not subsequent:
            return (processor.cite([item]), style)
        # a subsequent (not ibid) mention: cite it, then something else, then the author
        citations = [{"items": [{"id": key}], "note_index": 1}]
        if other:
            citations.append({"items": [{"id": other}], "note_index": 2})
        citations.append({"items": [item], "note_index": 3})
        return (processor.process_citations(citations)[-1], style)


def render_author(author, fmt: str) -> str:
    rich, _style = author
    return render_rich(rich, fmt).strip()


def read_text(path: str) -> str:
    """A user's document as text (UTF-8, with a BOM or not), or an exit-3 error."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return handle.read()  # line endings kept: -i must not change them
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableInputError(f"{path}: cannot read: {exc}") from exc

def find_clusters(text: str, syntax: str) -> list[CiteCluster]:
    if syntax == "latex":
        from citekit.citations import latex

        return latex.find_clusters(text)
    from citekit.citations import pandoc

    return pandoc.find_clusters(text, syntax)


def front_matter(text: str) -> dict[str, Any]:
    """pandoc's YAML metadata block at the top of a Markdown document ({} if none)."""
    match = re.match(r"^---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text, re.S)
    if not match:
        return {}
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


_FINAL_PERIOD = re.compile(r"\.(?=(?:[”’\"']|</[a-z]+>|\*+|_+|\})*\s*$)")


def drop_final_period(text: str) -> str:
    """The note's full stop, also inside closing quotes or markup (``“Title.”`` -> ``“Title”``)."""
    return _FINAL_PERIOD.sub("", text.rstrip(), count=1)


def capitalize_first(text: str) -> str:
    """Upper-case the first letter (skipping markup), as pandoc does for a note."""
    i = 0
    while i < len(text):
        if text[i] == "<" and ">" in text[i:]:
            i = text.index(">", i) + 1
            continue
        if text[i] == "\\" and text[i + 1 : i + 2].isalpha():
            break  # a LaTeX command: leave it
        if text[i].isalpha():
            return text[:i] + text[i].upper() + text[i + 1 :]
        if text[i].isalnum():
            return text
        i += 1
    return text


def nocite_keys(text: str, syntax: str) -> list[str]:
    """``\\nocite{...}`` keys, or pandoc's ``nocite:`` in YAML front matter (``*``: all)."""
    if syntax == "latex":
        from citekit.citations import latex

        return latex.nocite_keys(text)
    value = front_matter(text).get("nocite")
    if not value:
        return []
    text_value = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    return re.findall(r"@\{?([^\s,;}\]'\"]+)", text_value)


# ---------------------------------------------------------------- footnotes


class NoteContext:
    """Where the notes of a document are, and their numbers in reading order."""

    def __init__(self, text: str, syntax: str) -> None:
        self.text = text
        self.syntax = syntax
        self.regions: list[tuple[int, int, str]] = []  # (start, end, label or "@pos")
        self.refs: list[tuple[int, str]] = []  # (position in running text, label)
        self.labels: set[str] = set()
        if syntax in ("markdown", "text"):
            self._markdown()
        elif syntax == "latex":
            self._latex()
        self.numbers: dict[str, int] = {}

    def _markdown(self) -> None:
        text = self.text
        for match in re.finditer(r"^\[\^([^\]\s]+)\]:[ \t]?", text, re.M):
            label = match.group(1)
            self.labels.add(label)
            end = match.end()
            # the definition runs on while lines are non-blank or indented after a blank
            for line in re.finditer(r".*(?:\n|$)", text[match.end():]):
                content = line.group(0)
                if not content:
                    break
                pos = match.end() + line.start()
                if pos > match.end() and content.strip() and not content.startswith(("    ", "\t")):
                    prev = text[max(0, pos - 2):pos]
                    if prev == "\n\n" or re.match(r"\[\^[^\]]+\]:", content):
                        break
                end = pos + len(content)
            self.regions.append((match.start(), end, label))
        for match in re.finditer(r"\[\^([^\]\s]+)\](?!:)", text):
            if not self.inside(match.start()):
                self.refs.append((match.start(), match.group(1)))
        for match in re.finditer(r"\^\[", text):
            end = balanced_end(text, match.start() + 1, "[", "]")
            if end is not None and not self.inside(match.start()):
                label = f"@{match.start()}"
                self.regions.append((match.start(), end, label))
                self.refs.append((match.start(), label))

    def _latex(self) -> None:
        for match in re.finditer(r"\\footnote(?:text)?\s*(?:\[[^\]]*\])?\s*\{", self.text):
            end = balanced_end(self.text, match.end() - 1, "{", "}")
            if end is not None:
                label = f"@{match.start()}"
                self.regions.append((match.start(), end, label))
                self.refs.append((match.start(), label))

    def reading_position(self, position: int) -> tuple[int, int, int]:
        """Sort key putting a footnote definition's content where the note is referenced."""
        label = self._label_at(position)
        if label is not None and not label.startswith("@"):
            for ref_position, ref_label in self.refs:
                if ref_label == label:
                    return (ref_position, 1, position)
        return (position, 0, position)

    def starts_note(self, position: int) -> bool:
        """Whether ``position`` is the first thing written in the note that holds it."""
        for start, end, label in self.regions:
            if start <= position < end:
                head = self.text[start:position]
                head = re.sub(r"^\^\[|^\[\^[^\]]+\]:|^\\footnote(?:text)?\s*(?:\[[^\]]*\])?\s*\{",
                              "", head)
                return not head.strip()
        return False

    def inside(self, position: int) -> bool:
        return any(start <= position < end for start, end, _ in self.regions)

    def _label_at(self, position: int) -> str | None:
        for start, end, label in self.regions:
            if start <= position < end:
                return label
        return None

    def number(self, new_note_positions: list[int], is_note_style: bool) -> dict[int, int]:
        """Note number per citation start: new notes and existing ones share one sequence.

        Citations inside an existing note get that note's number; in-text citations of
        an in-text style get 0."""
        events = [(pos, "ref", label) for pos, label in self.refs]
        events += [(pos, "cite", None) for pos in new_note_positions if not self.inside(pos)]
        events.sort()
        numbers: dict[int, int] = {}
        counter = 0
        for pos, kind, label in events:
            if kind == "ref":
                if label in self.numbers:
                    continue
                counter += 1
                self.numbers[label] = counter
            else:
                counter += 1
                numbers[pos] = counter
        self._max = counter
        return numbers

    def number_at(self, position: int) -> int | None:
        label = self._label_at(position)
        if label is None:
            return None
        return self.numbers.get(label)


def balanced_end(text: str, open_pos: int, open_: str, close: str) -> int | None:
    depth = 0
    i = open_pos
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == open_:
            depth += 1
        elif char == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return None


