"""``citekit fmt``: one canonical, idempotent BibTeX, without losing data.

:func:`fmt` loads files, runs the enabled passes (see :mod:`citekit.fmt.passes`)
and returns the new text of each file; it never writes anything itself (the CLI
does, and only with ``-o`` or ``-i``). With every pass off the output is the input,
byte for byte.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from bibtexparser.model import Block, DuplicateBlockKeyBlock, Entry

from citekit.bibfile import Bibliography, load, loads
from citekit.bibfile.load import gc_paused
from citekit.bibfile.values import value_problem
from citekit.bibfile.write import INVALID, TYPE_AS_WRITTEN, Layout, canonical_text, newline_of, write
from citekit.diagnostics import Diagnostic, Severity, with_columns
from citekit.fmt import passes as P
from citekit.fmt.passes import PASSES, Pass
from citekit.fmt.settings import FmtSettings
from citekit.keys import make_key

__all__ = ["FmtReport", "FmtSettings", "FormattedFile", "PASSES", "Pass", "fmt", "fmt_text", "format_bibliography"]

#: Fields whose values are keys of other entries (kept in step when keys are renamed).
KEY_REFERENCE_FIELDS = frozenset("crossref xref xdata related entryset set".split())

Progress = Callable[[int, int], None]

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class FormattedFile:
    """One file's text before and after formatting."""

    path: str
    encoding: str
    original: str
    formatted: str

    @property
    def changed(self) -> bool:
        return self.formatted != self.original

    def diff(self) -> str:
        """A unified diff from the original to the formatted text."""
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.formatted.splitlines(keepends=True),
                fromfile=self.path,
                tofile=self.path,
            )
        )

    def encoded(self) -> tuple[bytes, str]:
        """The formatted bytes in the file's own encoding (UTF-8 if it cannot hold them)."""
        try:
            return self.formatted.encode(self.encoding), self.encoding
        except UnicodeEncodeError:
            return self.formatted.encode("utf-8"), "utf-8"

    def output_encoding(self) -> str:
        """The encoding :meth:`encoded` writes in, found without keeping the bytes."""
        from citekit.atomic import encode_chunks

        if codecs.lookup(self.encoding).name.startswith(("utf-8", "utf-16", "utf-32")) \
                and (self.formatted.isascii() or not _SURROGATE.search(self.formatted)):
            return self.encoding  # a Unicode encoding holds every character but a lone surrogate
        try:
            for _ in encode_chunks(self.formatted, self.encoding):
                pass
            return self.encoding
        except UnicodeEncodeError:
            return "utf-8"


@dataclass
class FmtReport:
    """What :func:`fmt` did: each file's text before and after (nothing is written),
    the parse problems found, the keys renamed and how many entries were formatted."""

    files: list[FormattedFile]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: old key -> new key, for keys the ``keys`` pass renamed.
    renamed: dict[str, str] = field(default_factory=dict)
    entries: int = 0

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.files)


def fmt(
    sources: str | os.PathLike | Iterable[str | os.PathLike],
    *,
    enable: Iterable[str] = (),
    disable: Iterable[str] = (),
    no_passes: bool = False,
    settings: FmtSettings | Mapping | None = None,
    options: Mapping | None = None,
    use_config: bool = True,
    encoding: str | None = None,
    stdin: bytes | None = None,
    progress: Progress | None = None,
) -> FmtReport:
    """Format .bib files (``"-"`` = stdin) and return their new text; writes nothing.

    Passes come from ``settings`` (an :class:`FmtSettings` or a config table), else
    from ``[tool.citekit.fmt]`` when ``use_config``, else the defaults; ``options``
    (same names as the config) override them, then ``no_passes`` (start from none),
    ``enable`` and ``disable`` are applied.
    Raises :class:`UnreadableInputError` for an input with nothing parseable in it.
    """
    if settings is None:
        config = {}
        if use_config:
            from citekit.config import section

            config = dict(section("fmt"))
        settings = FmtSettings.from_config({**config, **(options or {})})
    elif not isinstance(settings, FmtSettings):
        settings = FmtSettings.from_config({**settings, **(options or {})})
    elif options:
        raise ValueError("pass options only with a config table, not with FmtSettings")
    settings = settings.with_passes(enable, disable, none=no_passes)
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    if not settings.on("sort") and not (settings.on("keys") and settings.keys == "all"):
        return _fmt_streaming(sources, settings, encoding, stdin, progress)
    bibliography = load(sources, encoding=encoding, stdin=stdin)
    return format_bibliography(bibliography, settings, progress)


def _layout(settings: FmtSettings) -> Layout:
    return Layout(
        indent=settings.indent,
        align=settings.align,
        trailing_comma=settings.trailing_comma,
        canonical=settings.on("layout"),
    )


def _fmt_streaming(sources, settings, encoding, stdin, progress) -> FmtReport:
    """fmt without keeping the entries: each is written as soon as it is formatted."""
    from citekit.bibfile.load import ENCODING, read_source, unique_sources
    from citekit.fmt.stream import StreamState, finish, format_text

    state = StreamState()
    run = _EntryPasses(settings, state.macros)
    layout = _layout(settings)
    done_before = 0
    outputs = []
    with gc_paused():
        for source in unique_sources(sources):
            decoded, name = read_source(source, stdin, encoding)
            diagnostics: list[Diagnostic] = []
            if decoded.problem:
                line, message = decoded.problem
                diagnostics.append(Diagnostic(name, line, ENCODING, Severity.WARNING, message))
            tick = None
            if progress is not None:
                tick = lambda n, base=done_before: progress(base + n, 0)  # noqa: E731
            newline = newline_of(decoded.text)
            pieces = format_text(
                decoded.text, name, layout, run, state, settings.on("keys"), diagnostics, tick,
                newline,
            )
            done_before = state.entries
            outputs.append((name, decoded.encoding, decoded.text, pieces, diagnostics, newline))
        renamed = finish(state, layout, settings.key_pattern)
    report = FmtReport(files=[])
    for name, codec, text, pieces, diagnostics, newline in outputs:
        diagnostics.sort(key=lambda d: d.line)
        report.diagnostics.extend(with_columns(diagnostics, text))
        formatted = "".join(pieces)
        pieces.clear()
        if layout.canonical:
            formatted = canonical_text(formatted, newline)
        report.files.append(FormattedFile(name, codec, text, formatted))
    report.renamed = renamed
    for old, new in renamed.items():
        report.diagnostics.append(
            Diagnostic("", 0, "K901", Severity.INFO, f"new key {new!r}", key=new)
        )
    report.entries = state.entries
    if progress is not None:
        progress(report.entries, report.entries)
    return report


def fmt_text(text: str, settings: FmtSettings | None = None, **passes) -> str:
    """Format BibTeX given as a string (``enable=``/``disable=``/``no_passes=`` as in fmt)."""
    settings = (settings or FmtSettings()).with_passes(
        passes.get("enable", ()), passes.get("disable", ()), none=passes.get("no_passes", False)
    )
    report = format_bibliography(loads(text), settings)
    return report.files[0].formatted


def format_bibliography(
    bibliography: Bibliography, settings: FmtSettings, progress: Progress | None = None
) -> FmtReport:
    """Run the passes over a loaded bibliography (its entries are changed in place)."""
    with gc_paused():
        return _format_bibliography(bibliography, settings, progress)


def _format_bibliography(bibliography, settings, progress) -> FmtReport:
    report = FmtReport(files=[], diagnostics=list(bibliography.diagnostics))
    total = len(bibliography)
    done = 0
    run = _EntryPasses(settings, bibliography.macros)
    for bib_file in bibliography.files:
        for entry in bib_file.library.entries:
            run(entry)
            done += 1
            if progress is not None and done % 2000 == 0:
                progress(done, total)
    if settings.on("keys"):
        report.renamed = _assign_keys(bibliography, settings)
        for old, new in report.renamed.items():
            bib_file = bibliography.file_of(new)
            report.diagnostics.append(
                Diagnostic(bib_file.path if bib_file else "", 0, "K901", Severity.INFO,
                           f"key {old!r} -> {new!r}" if old else f"new key {new!r}", key=new)
            )
    layout = _layout(settings)
    for bib_file in bibliography.files:
        blocks = bib_file.library.blocks
        if settings.on("sort"):
            blocks = _sorted_blocks(bibliography, blocks, settings.sort_by)
        formatted = write(bib_file, layout, blocks)
        report.files.append(FormattedFile(bib_file.path, bib_file.encoding, bib_file.text, formatted))
    if progress is not None:
        progress(total, total)
    report.entries = total
    return report


class _EntryPasses:
    """The enabled entry-level passes, resolved once and applied to each entry."""

    def __init__(self, settings: FmtSettings, macros: dict[str, str]):
        on = settings.on
        self.lowercase = on("lowercase")
        self.url_doi = on("url-doi")
        self.order = (
            {name: i for i, name in enumerate(settings.field_order)} if on("field-order") else None
        )
        self.macros = macros
        everywhere = []
        if on("braces"):
            everywhere.append(P.braces)
        if on("whitespace"):
            everywhere.append(P.whitespace)
        self.everywhere = everywhere
        text_passes = []
        if on("latex-to-unicode"):
            text_passes.append(P.latex_to_unicode)
        if on("unicode-to-latex"):
            text_passes.append(P.unicode_to_latex)
        self.text_passes = text_passes
        special: dict[str, list] = {}
        if on("names"):
            for name in P.NAME_FIELDS:
                special.setdefault(name, []).append(P.names)
        if on("pages"):
            special.setdefault("pages", []).append(P.pages)
        if on("months"):
            special.setdefault("month", []).append(lambda raw: P.months(raw, macros))
        if on("doi"):
            special.setdefault("doi", []).append(P.doi)
        if on("urls"):
            special.setdefault("url", []).append(P.urls)
        self.special = special
        #: entry type -> lower case (a file has few distinct ones)
        self._lower: dict[str, str] = {}
        #: field names of an entry as written -> how the passes treat them (a file has
        #: few distinct name lists: each is worked out once)
        self._plans: dict[tuple, tuple] = {}

    def _plan(self, keys: tuple) -> tuple:
        """For an entry's field names as written: their lower case, the value passes of
        each field (in the order they run), how field-order reorders the fields (None:
        as they are) and whether one is a url (for url-doi)."""
        lowered = tuple([key.lower() for key in keys])
        everywhere, special = self.everywhere, self.special
        braces = [P.braces] if P.braces in everywhere else []
        general = [*everywhere, *self.text_passes]
        if general[:2] == [P.braces, P.whitespace]:
            general[:2] = [P.braces_then_whitespace]  # the same, in one call
        passes = tuple(
            tuple((braces if lk in P.VERBATIM_FIELDS else general) + special.get(lk, []))
            for lk in lowered
        )
        order = None
        rank = self.order
        if rank is not None:
            last = len(rank)
            ranks = [rank.get(name, last) for name in lowered]
            if any(a > b for a, b in zip(ranks, ranks[1:])):
                order = sorted(range(len(keys)), key=ranks.__getitem__)
        plan = (lowered, passes, order, "url" in lowered)
        if len(self._plans) > 10_000:
            self._plans.clear()  # endless distinct name lists: the cache stays small
        self._plans[keys] = plan
        return plan

    def __call__(self, entry: Entry) -> bool:
        """Run the passes on one entry; True if anything in it changed."""
        # The hot loop of fmt (a million fields in a big file): bibtexparser's
        # attributes are read directly, skipping its property calls.
        metadata = entry._parser_metadata
        if metadata.get(INVALID):
            return False
        changed = False
        lowercase = self.lowercase
        if lowercase:
            entry_type = entry._entry_type
            lower = self._lower
            low = lower.get(entry_type)
            if low is None:
                if len(lower) > 10_000:
                    lower.clear()  # endless distinct types: the cache stays small
                low = lower[entry_type] = entry_type.lower()
            entry._entry_type = low
            if metadata.pop(TYPE_AS_WRITTEN, None) is not None:
                changed = True
        fields = entry._fields
        keys = tuple([f._key for f in fields])
        plan = self._plans.get(keys)
        if plan is None:
            plan = self._plan(keys)
        if self.url_doi and plan[3]:
            moved = P.url_doi(fields)
            if moved is not None:
                entry._fields = fields = moved
                changed = True
                plan = self._plan(tuple([f._key for f in fields]))  # url became doi
        lowered, passes, order, _ = plan
        for f, lk, fns in zip(fields, lowered, passes):
            if lowercase and lk != f._key:
                f._key = lk
                changed = True
            value = f._value
            if value.__class__ is not str:
                continue
            new = value
            for fn in fns:
                new = fn(new)
            if new is not value and new != value:
                if value_problem(new) is not None:
                    continue  # the reader would split it differently: keep what was read
                f._value = new
                f._enclosing = None
                changed = True
        if order is not None:
            entry._fields = [fields[i] for i in order]
            changed = True
        return changed


def _assign_keys(bibliography: Bibliography, settings: FmtSettings) -> dict[str, str]:
    """Give keys from the pattern to entries without one (or to all, keys='all')."""
    rebuild_all = settings.keys == "all"
    targets: list[Entry] = []
    taken: set[str] = set()
    for bib_file in bibliography.files:
        if rebuild_all:
            # a repeated key is rebuilt too (else it would be rebuilt on the next run)
            blocks = bib_file.library._blocks
            for i, block in enumerate(blocks):
                inner = getattr(block, "ignore_error_block", None)
                if isinstance(block, DuplicateBlockKeyBlock) and isinstance(inner, Entry):
                    blocks[i] = inner
        for block in bib_file.library.blocks:
            if isinstance(block, Entry) and not block.parser_metadata.get(INVALID):
                if rebuild_all or not block.key.strip():
                    targets.append(block)
                    continue
            key = getattr(block, "key", None)
            if isinstance(key, str) and key:
                taken.add(key)
                taken.add(key.lower())
    renamed: dict[str, str] = {}
    for entry in targets:
        fields = bibliography.fields(entry)
        fields.setdefault("entrytype", entry.entry_type)
        new = make_key(fields, taken, settings.key_pattern)
        taken.add(new)
        taken.add(new.lower())
        if new != entry.key:
            if entry.key.strip():
                renamed[entry.key] = new
            else:
                renamed.setdefault("", new)
            entry.key = new
    if renamed:
        old_to_new = {k: v for k, v in renamed.items() if k}
        lower_map = {k.lower(): v for k, v in old_to_new.items()}
        for bib_file in bibliography.files:
            for entry in bib_file.library.entries:
                for f in entry.fields:
                    if f.key.lower() in KEY_REFERENCE_FIELDS and isinstance(f.value, str):
                        f.value = P._map_text_parts(
                            f.value,
                            lambda text: ",".join(
                                _renamed(part, old_to_new, lower_map) for part in text.split(",")
                            ),
                        )
            # the library's key index must follow the new keys
            bib_file.library._entries_by_key = {e.key: e for e in bib_file.library.entries}
        bibliography._index()
    return renamed


def _renamed(part: str, old_to_new: dict[str, str], lower_map: dict[str, str]) -> str:
    stripped = part.strip()
    new = old_to_new.get(stripped) or lower_map.get(stripped.lower())
    return part.replace(stripped, new) if new else part


def _sorted_blocks(bibliography: Bibliography, blocks: list[Block], sort_by: str) -> list[Block]:
    """Entries sorted into the places entries held; other blocks stay where they are.

    An entry whose key repeats an earlier one follows that entry (so the next run sees
    the same entry first, and sorting stays idempotent).
    """
    from citekit.keys import last_names

    def entry_key(entry: Entry):
        if sort_by == "key":
            return (entry.key.lower(),)
        fields = bibliography.fields(entry)
        author = " ".join(last_names(fields.get("author") or fields.get("editor", ""))).lower()
        year = fields.get("year") or fields.get("date", "")[:4]
        title = fields.get("title", "").lower()
        if sort_by == "year":
            return (year, author, title, entry.key.lower())
        return (author, year, title, entry.key.lower())

    first: dict[str, tuple] = {}
    keyed: list[tuple[tuple, Block]] = []
    for i, block in enumerate(blocks):
        if isinstance(block, Entry):
            k = entry_key(block)
            first.setdefault(block.key, k)
            keyed.append(((k, 0, i), block))
    for i, block in enumerate(blocks):
        inner = getattr(block, "ignore_error_block", None)
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(inner, Entry):
            k = first.get(inner.key) or entry_key(inner)
            keyed.append(((k, 1, i), block))
    keyed.sort(key=lambda pair: pair[0])
    movable = {id(b) for _, b in keyed}
    ordered = iter([b for _, b in keyed])
    return [next(ordered) if id(b) in movable else b for b in blocks]
