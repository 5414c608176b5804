"""A faster splitter that yields exactly bibtexparser's blocks.

bibtexparser's :class:`~bibtexparser.splitter.Splitter` steps through every brace,
quote, comma, ``=`` and newline in Python. This scanner relies on a property of that
splitter: an ``@type{`` (or ``@type(``) at the start of a line always starts a new
block -- every block still open there is aborted. Such positions cut a file into
independent chunks. A chunk holding one well-formed entry (the common case) is
parsed with one regular expression per field; anything else (``@string``,
``@comment``, syntax errors, parenthesised blocks, escaped delimiters) is handed to
bibtexparser's own splitter, so its behaviour on odd input is kept exactly.
Blocks carry ``parser_metadata["span"]``: their offsets in the text.
"""

from __future__ import annotations

import re
from typing import Iterator

from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ImplicitComment,
)
from bibtexparser.splitter import Splitter

SPAN = "span"

# bibtexparser's block-start mark (splitter._BLOCK_START). It counts at a line start
# (after nothing but white space on its line): found by its "@" (a fast literal scan),
# the line start checked after.
_ANY_BLOCK_START = re.compile(r"@[\w]*(?: |\t)*(?=[{(])")

# Inside braces only braces matter (commas, quotes, newlines do not); a brace after a
# backslash is not a delimiter for bibtexparser. Two levels of nesting; deeper
# values take the slow path.
_IN = r"(?:[^{}]++|(?<=\\)[{}])"
_L2 = rf"(?<!\\)\{{{_IN}*+(?<!\\)\}}"
_L1 = rf"(?<!\\)\{{(?:{_IN}|{_L2})*+(?<!\\)\}}"
_BRACED = rf"(?<!\\)\{{(?:{_IN}|{_L1})*+(?<!\\)\}}"
# Inside quotes only quotes matter; \" and the {"} of issue #487 do not close them.
_QUOTED = r'(?<!\\)"(?:[^"]++|(?<=\\)"|(?<=\{)"(?=\}))*+"'
# A value part in braces with no brace or backslash inside (most of them) is tried
# first: the same match as _BRACED's, without its per-character alternation.
# White space after '=' is taken before the value (the value is stripped anyway).
_FIELD = re.compile(
    rf"""([^{{}}",=\\@]*+)=[ \t\n\r]*+((?:(?<!\\)\{{[^{{}}\\]*+\}}|{_BRACED}|{_QUOTED}|[^{{}}",\\]++)*+)([,}}])"""
)
_KEY = re.compile(r"""([^{}",=\\@]*+)([,}])""")
_CLOSE = re.compile(r"\s*+\}")

_interned: dict[str, str] = {}


def _intern(name: str) -> str:
    return _interned.setdefault(name, name)


#: a field name as matched (white space around it included) -> its stripped, shared
#: string; a file writes its few dozen names the same way a million times
_names: dict[str, str] = {}
#: a block mark as matched ("@Article ") -> the lower-case entry type, or None for the
#: @comment / @preamble / @string blocks the slow path reads
_types: dict[str, str | None] = {}


def _entry_type_of(mark: str) -> str | None:
    try:
        return _types[mark]
    except KeyError:
        pass
    entry_type: str | None = mark[1:].strip().lower()
    if entry_type.startswith(("comment", "preamble", "string")):
        entry_type = None
    else:
        entry_type = _intern(entry_type)
    if len(_types) > 10_000:
        _types.clear()
    _types[mark] = entry_type
    return entry_type


class SourceEntry(Entry):
    """An :class:`Entry` that reads its ``raw`` text from the file text when asked.

    Keeping a second copy of every entry's text would cost as much memory as the file
    itself; the span is enough.
    """

    def __init__(self, entry_type: str, key: str, fields: list[Field], start_line: int,
                 source: str, span: tuple[int, int]):
        # Entry.__init__'s attributes, set at once (the scanner makes a million of these)
        self._start_line_in_file = start_line
        self._raw = None
        self._parser_metadata = {SPAN: span}
        self._entry_type = entry_type
        self._key = key
        self._fields = fields
        self._source = source

    @property
    def raw(self) -> str | None:
        span = self._parser_metadata.get(SPAN)
        if span is None or self._source is None:
            return self._raw
        return self._source[span[0] : span[1]]


def split(text: str) -> list[Block]:
    """All blocks of ``text`` in order, as bibtexparser's splitter would make them."""
    return list(iter_blocks(text))


def block_starts(text: str) -> list[int]:
    """Offsets of the ``@`` of every block mark at a line start (white space before it
    on its line allowed): where bibtexparser's splitter aborts any open block."""
    starts = []
    rfind = text.rfind
    for m in _ANY_BLOCK_START.finditer(text):
        at = m.start()
        line_start = rfind("\n", 0, at) + 1
        if line_start == at or text[line_start:at].isspace():
            starts.append(at)
    return starts


def iter_blocks(text: str) -> Iterator[Block]:
    """:func:`split`, one block at a time (for streaming over big files)."""
    return _scan(text, records=False)


def iter_records(text: str) -> Iterator[Block | tuple]:
    """:func:`iter_blocks` for readers that only need each entry's key, type and field
    text (check, render's stream): a well-formed entry alone in its chunk comes as a
    plain tuple ``(entry_type, key, line, fields, start, close, end)``, ``fields`` a
    list of ``(name, raw value, offset of its '=')`` (a field's line is counted only
    when a diagnostic needs it), ``start``/``close`` its span and ``end`` its chunk's
    end (to make its block with :func:`entry_block` if the reader needs one). Building
    an Entry and a Field object for every field was a fifth of check's time at 100,000
    entries. Everything else comes as :func:`iter_blocks`' blocks.
    """
    return _scan(text, records=True)


def _scan(text: str, *, records: bool) -> Iterator[Block | tuple]:
    """The chunks between block starts, each as a record (``records``), the fast path's
    block(s), or, where that declines, the delegate's blocks."""
    starts = block_starts(text)
    if not starts:
        yield from _delegate(text, 0, len(text), 0, last=True)
        return
    if starts[0] > 0:
        yield from _delegate(text, 0, starts[0], 0, last=False)
    count = text.count
    line = count("\n", 0, starts[0])
    last_index = len(starts) - 1
    starts.append(len(text))
    for i in range(last_index + 1):
        start, end = starts[i], starts[i + 1]
        record = _record(text, start, end, line) if records else None
        if record is not None:
            yield record
        else:
            fast = _entry(text, start, end, line)
            if fast is None:
                yield from _delegate(text, start, end, line, i == last_index)
            elif fast.__class__ is list:
                yield from fast
            else:
                yield fast
        line += count("\n", start, end)


def entry_block(text: str, start: int, end: int, line: int) -> Block:
    """The block :func:`iter_blocks` makes of the chunk a record of :func:`iter_records` came from."""
    block = _entry(text, start, end, line)
    assert block is not None and block.__class__ is not list  # a record's chunk is one entry
    return block


def _record(text: str, start: int, end: int, line: int) -> tuple | None:
    """:func:`_entry`'s common case as a tuple (see :func:`iter_records`): one
    well-formed entry and nothing but white space after it in its chunk, no field name
    written twice; None for anything else (the caller takes the block path)."""
    head = _ANY_BLOCK_START.match(text, start)
    open_at = head.end()
    if text[open_at] != "{":
        return None
    entry_type = _entry_type_of(head.group())
    if entry_type is None:
        return None
    if text.find("@", open_at, end) >= 0 and _ANY_BLOCK_START.search(text, open_at, end):
        return None
    k = _KEY.match(text, open_at + 1, end)
    if k is None:
        return None
    key, sep = k.groups()
    key = key.strip()
    fields: list[tuple[str, str, int]] = []
    pos = k.end()
    if sep == "}":
        close = pos
    else:
        # the fields one after another, each where the last ended (the regex engine's
        # own scanner: no Python call per attempt); a match after the closing brace is
        # text after the entry, which the block path reads
        names = _names
        close = -1
        for m in iter(_FIELD.scanner(text, pos, end).match, None):
            if close >= 0:
                return None
            raw_name, value, sep = m.groups()
            name = names.get(raw_name)
            if name is None:
                if len(names) > 10_000:
                    names.clear()
                name = names[raw_name] = _intern(raw_name.strip())
            fields.append((name, value.strip(), m.end(1)))
            pos = m.end()
            if sep == "}":
                close = pos
        if close < 0:
            c = _CLOSE.match(text, pos, end)
            if c is None:
                return None
            close = c.end()
    if close != end and not text[close:end].isspace():
        return None
    return entry_type, key, line, fields, start, close, end


def _entry(text: str, start: int, end: int, line: int) -> Block | list[Block] | None:
    """One well-formed ``@type{key, field = value, ...}`` chunk (its block, or a list
    when free text follows it), or None (go slow)."""
    head = _ANY_BLOCK_START.match(text, start)
    open_at = head.end()
    if text[open_at] != "{":
        return None
    entry_type = _entry_type_of(head.group())
    if entry_type is None:
        return None
    if text.find("@", open_at, end) >= 0 and _ANY_BLOCK_START.search(text, open_at, end):
        return None  # another block starts inside this chunk
    k = _KEY.match(text, open_at + 1, end)
    if k is None:
        return None
    key, sep = k.groups()
    key = key.strip()
    fields: list[Field] = []
    pos = k.end()
    if sep == "}":
        close = pos
    else:
        count = text.count
        names = _names
        new = object.__new__
        line_at, line_pos = line, start
        close = -1
        # the fields one after another, each where the last ended (the regex engine's
        # own scanner: no Python call per attempt)
        for m in iter(_FIELD.scanner(text, pos, end).match, None):
            raw_name, value, sep = m.groups()
            name = names.get(raw_name)
            if name is None:
                if len(names) > 10_000:
                    names.clear()  # odd files with endless distinct spellings
                name = names[raw_name] = _intern(raw_name.strip())
            eq = m.end(1)
            line_at += count("\n", line_pos, eq)
            line_pos = eq
            # Field(name, value, line) without its __init__ (a million fields in a big
            # file): the same attributes, set in the same order
            field = new(Field)
            field._start_line = line_at
            field._key = name
            field._value = value.strip()
            field._enclosing = None
            fields.append(field)
            pos = m.end()
            if sep == "}":
                close = pos
                break
        if close < 0:
            c = _CLOSE.match(text, pos, end)
            if c is None:
                return None
            close = c.end()
    span = (start, close)
    block: Block = SourceEntry(entry_type, key, fields, line, text, span)
    if len(fields) > 1 and len({f._key for f in fields}) != len(fields):
        seen: set[str] = set()
        duplicates = {f._key for f in fields if f._key in seen or seen.add(f._key)}
        block = DuplicateFieldKeyBlock(duplicates, block)
        block.set_parser_metadata(SPAN, span)
    if close == end or text[close:end].isspace():
        return block
    return [block, _implicit_comment(text, close, end, line + text.count("\n", start, close))]


def _implicit_comment(text: str, start: int, end: int, line: int) -> ImplicitComment:
    """Free text after a block, trimmed and numbered as bibtexparser does."""
    comment = text[start:end]
    i = 0
    leading = 0
    for i, char in enumerate(comment):
        if char == "\n":
            leading += 1
        elif not char.isspace():
            break
    body = comment[i:].rstrip()
    block = ImplicitComment(start_line=line + leading, raw=body, comment=body)
    block.set_parser_metadata(SPAN, (start + i, start + i + len(body)))
    return block


def _delegate(text: str, start: int, end: int, line: int, last: bool) -> list[Block]:
    """bibtexparser's splitter on one chunk, with lines and spans mapped to the file.

    Line numbers are recounted from the text: bibtexparser does not count a newline
    right after a backslash, so its numbers drift after ``\\`` line ends.
    """
    chunk = text[start:end]
    # A block-start after the chunk makes a block left open abort exactly as it would
    # in the whole file; the sentinel's own (failed) block is dropped.
    sentinel = ""
    if not last:  # the next block's own start, as error messages quote it
        mark = _ANY_BLOCK_START.match(text, end)
        sentinel = mark.group(0) + text[mark.end()]
    from citekit.bibfile.scan import quiet_bibtexparser

    with quiet_bibtexparser():
        blocks = Splitter(chunk + sentinel).split().blocks
    chunk += sentinel  # a failed block's raw text may reach into the next block's mark
    if sentinel:
        blocks = blocks[:-1]  # the sentinel's block always comes last
    out = []
    for block, offset in zip(blocks, offsets(blocks, chunk)):
        if isinstance(block, DuplicateBlockKeyBlock):
            # the splitter's own library marks keys repeated within this chunk; whoever
            # reads the blocks (loader, fmt, check) judges repeats across the whole file
            block = block.ignore_error_block
        raw = block.raw or ""
        block_line = line + chunk.count("\n", 0, offset)
        span = (start + offset, start + offset + len(raw))
        _renumber(block, block_line, raw)
        block.set_parser_metadata(SPAN, span)
        inner = getattr(block, "ignore_error_block", None)
        if inner is not None:
            _renumber(inner, block_line, raw)
            inner.set_parser_metadata(SPAN, span)
        out.append(block)
    return out


def offsets(blocks: list[Block], text: str) -> list[int]:
    """Where each of the splitter's blocks starts in ``text`` (the string it split).

    A failed block knows where the splitter stopped (exact); others are found by
    their raw text, searching on from the previous block.
    """
    out = []
    pos = previous = 0
    after_failure = False
    for block in blocks:
        raw = block.raw or ""
        end_index = getattr(getattr(block, "error", None), "end_index", None)
        if end_index is not None and text[end_index - 1 - len(raw) : end_index - 1] == raw:
            start = end_index - 1 - len(raw)  # the splitter's text starts with an extra "\n"
        elif after_failure and raw.startswith("@") and not isinstance(block, ImplicitComment):
            # the block may begin inside the failed one (at the mark that stopped it):
            # take the first copy of its text on the line the splitter saw it start
            start = -1
            candidate = text.find(raw, previous)
            while candidate >= 0:
                if text.count("\n", 0, candidate) == block.start_line:
                    start = candidate
                    break
                candidate = text.find(raw, candidate + 1)
            if start < 0:
                start = text.find(raw, pos)
        else:
            start = text.find(raw, pos) if raw else pos
        if start < 0:  # blocks overlap after a parse failure
            start = max(text.find(raw, previous), 0)
        out.append(start)
        previous = start
        after_failure = end_index is not None
        pos = max(pos, start + len(raw))
    return out


def _renumber(block: Block, line: int, raw: str) -> None:
    """Set a block's (and its fields') 0-based line numbers from where they are in ``raw``."""
    block._start_line_in_file = line
    pos = 0
    for f in getattr(block, "fields", None) or ():
        k = raw.find(f.key, pos)
        eq = raw.find("=", k + len(f.key)) if k >= 0 else -1
        if eq < 0:
            return
        f._start_line = line + raw.count("\n", 0, eq)
        v = raw.find(f.value, eq + 1) if isinstance(f.value, str) else -1
        pos = v + len(f.value) if v >= 0 else eq + 1
