"""Load .bib files: every problem becomes a diagnostic, and loading carries on.

bibtexparser drops blocks it cannot parse into ``library.failed_blocks`` without a
word; citekit reports each one (file:line and a plain message), as well as duplicate
keys and fields, undefined @string macros and bytes that are not UTF-8.
"""

from __future__ import annotations

import gc
import gzip
import os
import re
from contextlib import contextmanager
import sys
from pathlib import Path
from typing import Iterable, Union

from bibtexparser import Library
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)

from citekit import progress
from citekit.bibfile.decode import decode
from citekit.bibfile.model import BibFile, Bibliography
from citekit.bibfile.scan import span, split_blocks
from citekit.bibfile.write import INVALID, TYPE_AS_WRITTEN, remember
from citekit.bibfile.values import MONTH_MACROS, macro_names, resolve, value_problem
from citekit.diagnostics import Diagnostic, Severity, with_columns
from citekit.errors import UnreadableInputError, UsageError

Source = Union[str, os.PathLike]

#: Diagnostic codes of the loader, from the one table (citekit.check.codes, docs/codes.md).
SYNTAX = "X407"
DUPLICATE_KEY = "D501"
DUPLICATE_FIELD = "D502"
UNDEFINED_STRING = "D503"
ENCODING = "X408"


def load(
    sources: Source | Iterable[Source],
    *,
    encoding: str | None = None,
    stdin: bytes | None = None,
) -> Bibliography:
    """Read one or many .bib files (``"-"`` is stdin; ``.gz`` is decompressed).

    Never stops at a syntax error: the problem is recorded in the file's
    ``diagnostics`` and the rest of the file is read. ``encoding`` forces a codec;
    by default UTF-8 is tried and, failing that, an encoding that keeps every byte is
    assumed and reported. A missing file is a :class:`UsageError`; an unreadable one
    an :class:`UnreadableInputError`.
    """
    bibliography = Bibliography()
    with gc_paused():
        for source in unique_sources(sources):
            bib_file = parse_bytes(*_read(source, stdin), encoding=encoding)
            ensure_parsed(bib_file.path, bib_file.text, *block_state(bib_file.library.blocks),
                          bib_file.diagnostics)
            bibliography.files.append(bib_file)
        _link(bibliography)
        _columns(bibliography)
    return bibliography


def _columns(bibliography: Bibliography) -> None:
    for bib_file in bibliography.files:
        bib_file.diagnostics = with_columns(bib_file.diagnostics, bib_file.text)


def source_list(sources: Source | Iterable[Source]) -> list[str]:
    """One path (str or Path) or many -> a list of str paths (a str is one path, never
    its characters)."""
    if isinstance(sources, (str, os.PathLike)):
        return [os.fspath(sources)]
    return [os.fspath(s) for s in sources]


@contextmanager
def gc_paused():
    """Millions of small objects, no reference cycles: the cyclic collector only
    costs time here (about a fifth of the load time), so it waits until we are done.
    What the block made stays in the young generation, counted, so the usual passes free
    the cycles it left (render leaves some). Moving it to the oldest generation unscanned
    (``freeze``/``unfreeze``) hid that garbage from every pass but a full one, which then
    seldom came: a process that renders again and again grew without end (the 1M fuzz
    run reached 23 GB); the one young pass over it costs nothing measurable at 100k."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def loads(text: str, path: str = "<string>") -> Bibliography:
    """Load BibTeX from a string (handy in tests and for programmatic use)."""
    bibliography = Bibliography(files=[parse_text(text, path, "utf-8")])
    _link(bibliography)
    _columns(bibliography)
    return bibliography


def unique_sources(sources: Source | Iterable[Source]) -> list[str]:
    """Each source once: ``check - -`` or ``a.bib a.bib`` reads it one time."""
    return list(dict.fromkeys(source_list(sources)))


_stdin_read: tuple[object, bytes] | None = None


def _stdin() -> bytes:
    """Standard input, read once (a second read would find it empty)."""
    global _stdin_read
    stream = sys.stdin.buffer
    if _stdin_read is None or _stdin_read[0] is not stream:
        _stdin_read = (stream, stream.read())
    return _stdin_read[1]


def read_source(source: Source, stdin: bytes | None = None, encoding: str | None = None):
    """``(Decoded, name)`` of one source: the one read-and-decode path of every command."""
    data, name = _read(source, stdin)
    return decode(data, encoding, name), name


def block_state(blocks: Iterable[Block]) -> tuple[bool, bool]:
    """``(parsed, failed)``: did any block parse (entry, @string, ...), did any fail."""
    parsed = failed = False
    for b in blocks:
        if isinstance(b, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
            parsed = True
        elif isinstance(b, ParsingFailedBlock):
            failed = True
        elif not isinstance(b, ImplicitComment):
            parsed = True
    return parsed, failed


def ensure_parsed(path: str, text: str, parsed: bool, failed: bool,
                  diagnostics: list[Diagnostic]) -> None:
    """Raise :class:`UnreadableInputError` for text that holds no BibTeX at all.

    The same answer in fmt, check and render: blocks were tried and none parsed, or
    the text has lines that are neither blank nor ``%`` comments and no ``@`` block (a
    PDF's text, a Word file, JSON). An empty file is an empty bibliography.
    """
    if parsed:
        return
    if failed:
        first = next((d for d in diagnostics if d.file == path and d.code == SYNTAX), None)
        raise UnreadableInputError(
            f"{path}: nothing could be parsed. {first.format_line() if first else ''}".rstrip()
        )
    if any(line.strip() and not line.lstrip().startswith("%") for line in text.splitlines()):
        raise UnreadableInputError(f"{path}: no BibTeX entries in it (not a .bib file?)")


def _read(source: Source, stdin: bytes | None) -> tuple[bytes, str]:
    data, name = _read_bytes(source, stdin)
    from citekit.interchange import as_bibtex

    return as_bibtex(data, name), name  # CSL-JSON and RIS are read as BibTeX


def _read_bytes(source: Source, stdin: bytes | None) -> tuple[bytes, str]:
    name = os.fspath(source)
    if name == "-":
        return (stdin if stdin is not None else _stdin()), "<stdin>"
    path = Path(name)
    if not path.exists():
        raise UsageError(f"{name}: no such file")
    try:
        data = path.read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise UnreadableInputError(f"{name}: cannot read: {exc}") from exc
    return data, name


def parse_bytes(data: bytes, path: str, encoding: str | None = None) -> BibFile:
    """Decode and parse one file's bytes."""
    decoded = decode(data, encoding, path)
    bib_file = parse_text(decoded.text, path, decoded.encoding)
    if decoded.problem:
        line, message = decoded.problem
        bib_file.diagnostics.insert(
            0, Diagnostic(path, line, ENCODING, Severity.WARNING, message)
        )
    return bib_file


def parse_text(text: str, path: str, encoding: str = "utf-8") -> BibFile:
    """Parse one file's text into a :class:`BibFile` with its diagnostics."""
    diagnostics: list[Diagnostic] = []
    blocks: list[Block] = []
    if progress.active():  # someone watches: scan lazily (split_blocks is list(iter_blocks))
        from citekit.bibfile.fastscan import iter_blocks

        estimate = text.count("\n@") + text.startswith("@")
        scanned: Iterable[Block] = progress.track(iter_blocks(text), "reading", estimate)
    else:
        scanned = split_blocks(text)
    for block in scanned:
        if isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            entry.set_parser_metadata("span", span(block))
            block = entry
        elif isinstance(block, DuplicateBlockKeyBlock):
            inner = block.ignore_error_block
            inner.set_parser_metadata("span", span(block))
            block = inner
        elif isinstance(block, ParsingFailedBlock):
            diagnostics.append(_syntax_error(path, text, block))
        blocks.append(block)
    library = Library(blocks, fail_on_duplicate_key=False)
    for i, block in enumerate(library._blocks):
        # an entry without a key repeats no key: it is an entry (fmt's keys pass names it)
        if isinstance(block, DuplicateBlockKeyBlock) and not block.key \
                and isinstance(block.ignore_error_block, Entry):
            library._blocks[i] = block.ignore_error_block
    for block in library.blocks:
        if isinstance(block, Entry):
            diagnostics.extend(_bad_values(path, block))
            diagnostics.extend(_duplicate_fields(path, block))
            mark_unwritable(block)
            written = (block.raw or "")[1 : 1 + len(block.entry_type)]
            if written != block.entry_type:
                block.set_parser_metadata(TYPE_AS_WRITTEN, sys.intern(written))
            remember(block)
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            block.set_parser_metadata("span", span(block.ignore_error_block))
            diagnostics.append(_duplicate_key(path, block))
    diagnostics.sort(key=lambda d: d.line)
    spans = [span(block) for block in library.blocks]
    return BibFile(
        path=path, text=text, encoding=encoding, library=library, diagnostics=diagnostics,
        spans=spans,
    )


def _line(block: Block) -> int:
    return (block.start_line or 0) + 1


def _syntax_error(path: str, text: str, block: ParsingFailedBlock) -> Diagnostic:
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    start, end = span(block)
    raw = block.raw or ""
    head = raw.split("{", 1)[0].split("(", 1)[0].strip() or "block"
    key = None
    if "{" in raw:
        key = raw.split("{", 1)[1].split(",", 1)[0].split("\n", 1)[0].strip() or None
    where = text.count("\n", start, end) + _line(block)
    message = f"{head} block starting here could not be parsed ({_plain(reason, where)}); "
    message += "it is kept as written and skipped"
    return Diagnostic(path, _line(block), SYNTAX, Severity.ERROR, message, key=key)


def _plain(reason: str, end_line: int) -> str:
    """bibtexparser's abort reasons, said plainly."""
    if "Unexpected block start" in reason:
        if "closing `}`" in reason or "closing bracket" in reason:
            return f"unbalanced braces: a new '@' block starts on line {end_line + 1} before it was closed"
        if 'closing `"`' in reason:
            return f'unterminated "quoted" value: a new \'@\' block starts on line {end_line + 1}'
        return f"missing comma or closing brace: an '@' starts a new block on line {end_line + 1}"
    if "end of file" in reason:
        return "unbalanced braces: not closed before the end of the file"
    if "Expected comma after entry key" in reason:
        return "missing comma after the entry key"
    if "Expected a `=`" in reason:
        return "a field without '=' (missing '=' or a missing comma before it)"
    if "after a closed entry field value" in reason:
        return "missing comma between two fields"
    if "Expected equals sign" in reason:
        return "@string without '='"
    return reason.strip()



_UNWRITABLE_KEY = re.compile(r'[\\{}",=\n\r]')


def mark_unwritable(entry: Entry) -> None:
    """Keep an entry as written if written anew it would read differently: a key with a
    backslash (it would escape the comma after it), a brace, quote, comma or '='."""
    if _UNWRITABLE_KEY.search(entry._key):
        entry.set_parser_metadata(INVALID, True)


def inspect_fields(path: str, entry: Entry, macro_uses: list | None = None) -> list[Diagnostic]:
    """Malformed values and repeated fields of one entry, in one pass over its fields.

    With ``macro_uses``, appends ``(raw value, line, field name)`` of values that
    refer to @string macros (checked once every file is read).
    """
    out = _bad_values(path, entry, macro_uses)
    out.extend(_duplicate_fields(path, entry))
    mark_unwritable(entry)
    return out


def _bad_values(path: str, entry: Entry, macro_uses: list | None = None) -> list[Diagnostic]:
    out = []
    for f in entry._fields:
        value = f._value
        if value.__class__ is str and "@" not in value and (
            value[:1] == "{" and value[-1:] == "}" and value[-2:-1] != "\\" and "#" not in value
            and value.find("{", 1, -1) < 0 and value.find("}", 1, -1) < 0
            or value[:1] == '"' and value[-1:] == '"' and len(value) > 1
            and "{" not in value and "}" not in value and value.count('"') == 2
        ):
            continue  # one {...} or "..." part with no brace inside (most values): valid, no macro
        if macro_uses is not None and value and (value[0] not in '{"' or "#" in value):
            if macro_names(value):
                macro_uses.append((value, (f._start_line or 0) + 1, f._key))
        problem = value_problem(value)
        if problem:
            entry.set_parser_metadata(INVALID, True)
            out.append(
                Diagnostic(
                    path, (f.start_line or 0) + 1, SYNTAX, Severity.ERROR,
                    f"field '{' '.join(f.key.split())}': {problem}; the entry is kept as written",
                    key=entry.key,
                )
            )
    return out


#: field name -> lower case, one string per name (a file has few distinct names)
_LOWER: dict[str, str] = {}


def _duplicate_fields(path: str, entry: Entry) -> list[Diagnostic]:
    lower = _LOWER
    if len(lower) > 10_000:
        lower.clear()
    names = set()
    for f in entry._fields:
        key = f._key
        low = lower.get(key)
        if low is None:
            low = lower[key] = key.lower()
        names.add(low)
    if len(names) == len(entry._fields):
        return []
    seen: dict[str, int] = {}
    out = []
    for f in entry.fields:
        name = f.key.lower()
        line = (f.start_line or 0) + 1
        if name in seen:
            out.append(
                Diagnostic(
                    path, line, DUPLICATE_FIELD, Severity.ERROR,
                    f"field '{f.key}' appears twice in this entry (first on line {seen[name]}); "
                    "BibTeX uses the first one",
                    key=entry.key,
                )
            )
        else:
            seen[name] = line
    return out


def _duplicate_key(path: str, block: DuplicateBlockKeyBlock) -> Diagnostic:
    previous = block.previous_block
    kind = "@string" if isinstance(previous, String) else "entry key"
    return duplicate_key_diagnostic(path, _line(block), block.key, _line(previous), kind)


def duplicate_key_diagnostic(path: str, line: int, key: str, first_line: int,
                             kind: str = "entry key") -> Diagnostic:
    """A key (``kind``: "entry key" or "@string") defined a second time in one file: the
    one message the loader, check's and fmt's streaming readers give."""
    return Diagnostic(
        path, line, DUPLICATE_KEY, Severity.ERROR,
        f"{kind} '{key}' is already defined on line {first_line}; "
        "this one is kept as written but ignored",
        key=key,
    )


def _link(bibliography: Bibliography) -> None:
    """Cross-file work: shared macros, undefined macros, keys repeated across files."""
    macros = bibliography.macros
    for bib_file in bibliography.files:
        for string in bib_file.library.strings:
            macros[string.key.lower()] = resolve(string.value, macros)
    for bib_file in bibliography.files:
        found: list[Diagnostic] = []
        for string in bib_file.library.strings:
            found.extend(_undefined(bib_file.path, string.value, _line(string), macros, None))
        for entry in bib_file.library.entries:
            for f in entry.fields:
                value = f.value
                if value and value[0] not in '{"' or "#" in value:
                    found.extend(
                        _undefined(bib_file.path, value, (f.start_line or 0) + 1, macros, entry.key, f.key)
                    )
        if found:
            bib_file.diagnostics.extend(found)
            bib_file.diagnostics.sort(key=lambda d: d.line)
    seen: dict[str, tuple[str, str, int]] = {}
    for bib_file in bibliography.files:
        extra = []
        for entry in bib_file.library.entries:
            cross_file_duplicate_key(seen, bib_file.path, entry.key, _line(entry), extra)
        if extra:
            bib_file.diagnostics.extend(extra)
            bib_file.diagnostics.sort(key=lambda d: d.line)
    bibliography._index()


def _undefined(path, raw, line, macros, key, field_name=None) -> list[Diagnostic]:
    out = []
    for name in macro_names(raw):
        low = name.lower()
        if low not in macros and low not in MONTH_MACROS:
            where = f" in field '{field_name}'" if field_name else ""
            out.append(
                Diagnostic(
                    path, line, UNDEFINED_STRING, Severity.ERROR,
                    f"@string macro '{name}'{where} is not defined; "
                    f"it is used as the literal text '{name}'",
                    key=key,
                )
            )
    return out


def cross_file_duplicate_key(seen: dict, path: str, key: str, line: int, out: list) -> None:
    """Report ``key`` if an earlier entry (another file, or a case variant) took it.

    ``seen`` maps lower-cased keys to the first ``(path, key, line)``; the loader, fmt's
    and check's streaming readers share it so the three say the same thing.
    """
    if not key:
        return  # entries without a key are not duplicates of each other
    low = key.lower()
    first = seen.get(low)
    if first is None:
        seen[low if low != key else key] = (path, key, line)  # a lower-case key: one string
        return
    if first == (path, key, line):
        return
    first_path, first_key, first_line = first
    if first_path != path:
        message = f"entry key '{key}' is already defined in {first_path}"
    else:
        message = (
            f"entry key '{key}' differs only in case from '{first_key}' "
            f"(line {first_line}); BibTeX treats them as the same key"
        )
    out.append(Diagnostic(path, line, DUPLICATE_KEY, Severity.ERROR, message, key=key))
