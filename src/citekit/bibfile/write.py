"""Lossless writing: what nothing changed goes back byte-for-byte.

Every block read from a file remembers its span in the text. An entry whose type,
key and fields are as they were read is copied from the text, and so is everything
else: @string, @preamble, @comment, free text between entries, blocks that failed
to parse, and the white space between blocks. Only entries that changed (or all
entries, with ``Layout(canonical=True)``) are rendered anew, field order kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ImplicitComment,
    ParsingFailedBlock,
)

from citekit.bibfile.model import BibFile

SIG = "citekit.sig"
#: The entry type as written (``Article``), kept when it differs from bibtexparser's
#: lower-cased ``entry_type``, so a re-rendered entry keeps its spelling.
TYPE_AS_WRITTEN = "citekit.type"
INVALID = "citekit.invalid"
SPAN = "span"


@dataclass(frozen=True)
class Layout:
    """How entries are rendered when they must be (changed, or ``canonical``)."""

    indent: str = "  "
    #: Align values in one column within each entry.
    align: bool = False
    trailing_comma: bool = False
    #: Render every entry and normalise the space between blocks (one blank line,
    #: or none where a comment sits right above an entry; a final newline).
    canonical: bool = False
    #: Line ending of rendered text; :func:`write` uses the file's own (``\r\n`` files stay so).
    newline: str = "\n"


def newline_of(text: str) -> str:
    """``"\r\n"`` if most of a text's lines end so, else ``"\n"``."""
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def canonical_text(text: str, newline: str) -> str:
    """Last touches of the canonical layout: one line ending, and no white space among
    the U+FEFFs that start the file (the next read takes the first for a BOM and drops
    the white space after the rest, as it drops any before the first block; spaces
    between two marks would surface one run later)."""
    text = one_newline(text, newline)
    if text.startswith("\ufeff"):
        lead = next((i for i, ch in enumerate(text) if ch != "\ufeff" and not ch.isspace()),
                    len(text))
        text = "\ufeff" * text.count("\ufeff", 0, lead) + text[lead:]
    return text


def one_newline(text: str, newline: str) -> str:
    """Every line ending made ``newline`` (canonical layout of a file that mixes them:
    otherwise the majority could change between runs and fmt would not be idempotent)."""
    crlf = text.count("\r\n")
    if crlf == 0 and newline == "\n" or crlf == text.count("\n") and newline == "\r\n":
        return text
    text = text.replace("\r\n", "\n")
    return text if newline == "\n" else text.replace("\n", "\r\n")


def signature(entry: Entry) -> int:
    """A fingerprint of what an entry says; taken at load to spot changes later."""
    return hash((
        entry.entry_type,
        entry.parser_metadata.get(TYPE_AS_WRITTEN),
        entry.key,
        tuple((f.key, f.value) for f in entry.fields),
    ))


def remember(entry: Entry) -> None:
    entry.set_parser_metadata(SIG, signature(entry))


def is_changed(entry: Entry) -> bool:
    """True if the entry differs from what was read (or was not read at all)."""
    sig = entry.parser_metadata.get(SIG)
    return sig is None or sig != signature(entry)


def is_failure(block: Block) -> bool:
    """A block the splitter gave up on (not a duplicate, which parsed fine)."""
    return isinstance(block, ParsingFailedBlock) and not isinstance(
        block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)
    )


def render_entry(entry: Entry, layout: Layout = Layout()) -> str:
    """One entry as BibTeX text (no trailing newline); values are written as stored."""
    fields = entry._fields
    entry_type = entry._entry_type
    written = entry._parser_metadata.get(TYPE_AS_WRITTEN)
    if written and written.lower() == entry_type.lower():
        entry_type = written
    indent = layout.indent
    if layout.align:
        width = max((len(f._key) for f in fields), default=0)
        lines = [f"{indent}{f._key.ljust(width)} = {f._value}" for f in fields]
    else:
        lines = [f"{indent}{f._key} = {f._value}" for f in fields]
    newline = layout.newline
    body = ("," + newline).join(lines)
    if layout.trailing_comma and lines:
        body += ","
    head = f"@{entry_type}{{{entry._key},"
    return f"{head}{newline}{body}{newline}}}" if lines else f"{head}{newline}}}"


def patch_entry(entry: Entry, original: str) -> str | None:
    """The entry's original text with only its changed parts replaced, or None.

    Works when the entry still has the same fields in the same order (names may
    differ in case): then only the changed type, key, names and values are
    rewritten and the rest of the layout (spacing, comments, line breaks) stays.
    """
    from citekit.bibfile.fastscan import split

    blocks = split(original)
    if len(blocks) != 1 or type(blocks[0]).__name__ not in ("Entry", "SourceEntry"):
        return None
    old = blocks[0]
    if len(old.fields) != len(entry.fields) or any(
        a.key.lower() != b.key.lower() for a, b in zip(old.fields, entry.fields)
    ):
        return None
    out = []
    at = original.index("{") if "{" in original.split("(", 1)[0] else original.index("(")
    head = original[1:at]
    written_type = head.strip()
    entry_type = entry.entry_type
    if written_type.lower() == entry_type.lower() and entry.parser_metadata.get(TYPE_AS_WRITTEN):
        entry_type = written_type
    out.append("@" + head.replace(written_type, entry_type, 1) if written_type else original[:at])
    comma = original.find(",", at)
    if comma < 0:
        return None
    key_text = original[at + 1 : comma]
    out.append(original[at])
    out.append(key_text.replace(old.key, entry.key, 1) if old.key else entry.key + key_text)
    pos = comma
    for before, after in zip(old.fields, entry.fields):
        k = original.find(before.key, pos)
        eq = original.find("=", k + len(before.key)) if k >= 0 else -1
        v = original.find(before.value, eq + 1) if eq >= 0 else -1
        if v < 0:
            return None
        out.append(original[pos:k])
        out.append(after.key)
        out.append(original[k + len(before.key) : v])
        out.append(after.value)
        pos = v + len(before.value)
    out.append(original[pos:])
    return "".join(out)


def _block_text(block: Block, text: str, layout: Layout) -> str:
    span = block.parser_metadata.get(SPAN)
    if isinstance(block, Entry) and not block.parser_metadata.get(INVALID):
        if span is None or layout.canonical or is_changed(block):
            return render_entry(block, layout)
    if span is None:
        raw = block.raw
        if raw is None:
            raise ValueError(f"cannot write a {type(block).__name__} without text")
        return raw
    return text[span[0] : span[1]]


def write(bib_file: BibFile, layout: Layout = Layout(), blocks: Iterable[Block] | None = None) -> str:
    """The file's text with every change applied and nothing else touched.

    ``blocks`` defaults to the file's library blocks. If they are in file order and
    ``layout.canonical`` is off, the text between blocks is copied as it was;
    otherwise (sorted entries, canonical layout) blocks are joined with normal
    spacing.
    """
    text = bib_file.text
    if layout.newline != newline_of(text):
        layout = replace(layout, newline=newline_of(text))
    blocks = list(bib_file.library.blocks if blocks is None else blocks)
    spans = [b.parser_metadata.get(SPAN) for b in blocks]
    known = [s for s in spans if s is not None]
    in_order = all(a[0] < b[0] for a, b in zip(known, known[1:]))  # (failed blocks may overlap)
    if not layout.canonical and in_order:
        return _write_in_place(bib_file, blocks, spans, layout)
    out = _write_normalised(bib_file, blocks, spans, layout)
    return canonical_text(out, layout.newline) if layout.canonical else out


def _write_in_place(bib_file, blocks, spans, layout) -> str:
    text = bib_file.text
    kept = {s for s in spans if s is not None}
    dropped = [s for s in bib_file.spans if s not in kept] if len(kept) < len(bib_file.spans) else []
    out: list[str] = []
    cursor = 0
    for block, span in zip(blocks, spans):
        if span is None:  # added after loading: after the previous block
            out.append(layout.newline * 2 if out or cursor else "")
            out.append(_block_text(block, text, layout))
            continue
        start, end = span
        if start < cursor:  # starts inside a failed block: only its rest, as written
            out.append(text[cursor:end])
            cursor = max(cursor, end)
            continue
        out.append(_gap(text, cursor, start, dropped))
        if isinstance(block, Entry) and not block.parser_metadata.get(INVALID) and is_changed(block):
            out.append(patch_entry(block, text[start:end]) or render_entry(block, layout))
        else:
            out.append(text[start:end])
        cursor = end
    out.append(_gap(text, cursor, len(text), dropped))
    return "".join(out)


def _gap(text: str, start: int, end: int, dropped: list[tuple[int, int]]) -> str:
    """The text between two kept blocks, minus blocks that were removed."""
    if not dropped:
        return text[start:end]
    pieces = []
    for a, b in dropped:
        if start <= a and b <= end:
            pieces.append(text[start:a])
            start = b
    pieces.append(text[start:end])
    return "".join(pieces)


def _write_normalised(bib_file, blocks, spans, layout) -> str:
    """Blocks joined with normal spacing: one blank line, or a single newline under a
    comment that sat right above the next block. Text that no block holds (left over
    by a parse failure) stays right after the block it followed."""
    text = bib_file.text
    original = sorted(bib_file.spans)
    next_of = dict(zip(original, original[1:]))

    def following(span, reach):
        """Text after a block up to the next one (from where output already reached)."""
        if span is None:
            return ""
        nxt = next_of.get(span)
        return text[max(span[1], reach) : nxt[0] if nxt else len(text)]

    out: list[str] = []
    lead = text[: original[0][0]] if original else text
    if lead.strip():
        out.append(lead)
    previous = previous_span = None
    reach = 0
    for block, span in zip(blocks, spans):
        if span is not None and span[0] < reach and previous_span is not None \
                and next_of.get(previous_span) == span:
            # starts inside a failed block: only its rest, as written
            out.append(text[reach : span[1]])
            reach = max(reach, span[1])
            previous, previous_span = block, span
            continue
        if previous is not None:
            gap = following(previous_span, reach)
            if (is_failure(previous) or is_failure(block)) and span is not None \
                    and previous_span is not None and next_of.get(previous_span) == span:
                # around a failed block the spacing is part of how it parses: keep it
                out.append(gap)
            elif gap.strip():
                out.append(gap)
            elif (
                isinstance(previous, (ImplicitComment, ExplicitComment))
                and span is not None
                and previous_span is not None
                and previous_span[1] <= span[0]
                and text[previous_span[1] : span[0]].count("\n") == 1
                and not text[previous_span[1] : span[0]].strip()
            ):
                out.append(layout.newline)
            else:
                out.append(layout.newline * 2)
        out.append(_block_text(block, text, layout))
        if span is not None:  # how far the text is written, along the file's own order
            adjacent = previous_span is not None and next_of.get(previous_span) == span
            reach = max(reach, span[1]) if adjacent else span[1]
        previous, previous_span = block, span
    tail = following(previous_span, reach)
    if tail.strip():
        out.append(tail)
    elif out and not out[-1].endswith("\n") and not kept_as_written(previous):
        out.append(layout.newline)
    return "".join(out)


def kept_as_written(block: Block | None) -> bool:
    """A block copied as written because it did not parse (or holds an invalid value).

    Nothing is added after such a block at the end of a file: even a final newline can
    change how it reads (bibtexparser takes ``{"}`` followed by more text as a quote).
    """
    return block is not None and (
        is_failure(block) or bool(getattr(block, "parser_metadata", {}).get(INVALID))
    )
