"""Formatting one block at a time, for big files.

Loading a whole bibliography keeps every entry and field object alive; for a
60,000-entry file that is several times the file's size. ``fmt`` does not need them
once an entry is written, so (unless entries are sorted or every key is rebuilt,
which need all entries at once) it formats each block as the scanner yields it and
keeps only the output. The result, diagnostics included, is the same as
:func:`citekit.fmt.format_bibliography` on a loaded bibliography (tested on the
corpora).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from bibtexparser.model import (
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)

from citekit.bibfile.fastscan import SPAN, SourceEntry, iter_blocks
from citekit.bibfile.load import (
    cross_file_duplicate_key,
    duplicate_key_diagnostic,
    ensure_parsed,
    inspect_fields,
    _syntax_error,
    _undefined,
)
from citekit.bibfile.model import Bibliography
from citekit.bibfile.values import resolve
from citekit.bibfile.write import (
    INVALID,
    TYPE_AS_WRITTEN,
    Layout,
    is_failure,
    kept_as_written,
    newline_of,
    patch_entry,
    render_entry,
)
from citekit.diagnostics import Diagnostic


@dataclass
class StreamState:
    """What formatting needs to know across blocks and files."""

    macros: dict[str, str] = field(default_factory=dict)
    #: lower-case key -> (path, key, 1-based line) of its first entry
    seen: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    #: (diagnostic list, path, raw value, line, entry key, field name) to check at the end
    macro_uses: list[tuple] = field(default_factory=list)
    #: entries without a key: (pieces, index, entry, original text or None)
    keyless: list[tuple] = field(default_factory=list)
    entries: int = 0


def _line(block) -> int:
    return (block.start_line or 0) + 1


def format_text(
    text: str,
    path: str,
    layout: Layout,
    run: Callable[[Entry], None],
    state: StreamState,
    want_keys: bool,
    diagnostics: list[Diagnostic],
    progress: Callable[[int], None] | None = None,
    newline: str | None = None,
) -> list[str]:
    """Format one file's text block by block; returns the output pieces.

    Keyless entries are left in the pieces for :func:`finish` to give keys to.
    ``newline`` is the text's own line ending if the caller knows it already.
    """
    pieces: list[str] = []
    newline = newline or newline_of(text)
    if layout.newline != newline:
        layout = replace(layout, newline=newline)
    in_file: dict[str, int] = {}
    strings_in_file: dict[str, int] = {}
    canonical = layout.canonical
    cursor = reach = 0
    prev = prev_span = None
    failed = parsed = False
    done = 0
    two_lines = newline * 2
    for block in iter_blocks(text):
        span = block._parser_metadata[SPAN]
        # the scanner's well-formed entry is by far the common block: known without
        # asking bibtexparser's abstract classes
        entry = block.__class__ is SourceEntry
        if not entry and isinstance(block, DuplicateFieldKeyBlock):
            block = block.ignore_error_block
        formattable = False
        if entry or isinstance(block, Entry):
            # bibtexparser's attributes read directly (its properties cost a call each)
            parsed = True
            line = (block._start_line_in_file or 0) + 1
            uses: list = []
            found = inspect_fields(path, block, uses)
            if found:
                diagnostics.extend(found)
            entry_type = block._entry_type
            written = text[span[0] + 1 : span[0] + 1 + len(entry_type)]
            if written != entry_type:
                block._parser_metadata[TYPE_AS_WRITTEN] = written
            key = block._key
            if key and key in in_file:
                diagnostics.append(duplicate_key_diagnostic(path, line, key, in_file[key]))
            else:
                in_file[key] = line
                state.entries += 1
                cross_file_duplicate_key(state.seen, path, key, line, diagnostics)
                formattable = not block._parser_metadata.get(INVALID)
            state.taken.add(key)
            state.taken.add(key.lower())
            for value, value_line, field_name in uses:
                state.macro_uses.append((diagnostics, path, value, value_line, key, field_name))
            done += 1
            if progress is not None and done % 2000 == 0:
                progress(done)
        elif isinstance(block, String):
            parsed = True
            if block.key in strings_in_file:
                diagnostics.append(duplicate_key_diagnostic(
                    path, _line(block), block.key, strings_in_file[block.key], "@string"))
            else:
                strings_in_file[block.key] = _line(block)
                state.taken.add(block.key)
                state.taken.add(block.key.lower())
                state.macros[block.key.lower()] = resolve(block.value, state.macros)
                state.macro_uses.append((diagnostics, path, block.value, _line(block), None, None))
        elif isinstance(block, ParsingFailedBlock):
            failed = True
            diagnostics.append(_syntax_error(path, text, block))
        elif not isinstance(block, ImplicitComment):
            parsed = True

        start, end = span
        overlap = start < reach  # starts inside a failed block: written as is
        reach_before, reach = reach, max(reach, end)
        if overlap:
            formattable = False
        keyless = changed = False
        if formattable:
            changed = run(block)
            keyless = want_keys and not block._key.strip()
        if overlap:
            rest_from = max(cursor, reach_before) if canonical else cursor
            pieces.append(text[rest_from:end] if end > rest_from else "")
            cursor = max(cursor, end)
            prev, prev_span = block, span
            continue
        if canonical:
            if prev is None:
                lead = text[:start]
                if lead.strip():
                    pieces.append(lead)
            else:
                gap_from = max(prev_span[1], reach_before)
                gap = text[gap_from:start] if gap_from <= start else ""
                if prev.__class__ is not SourceEntry and is_failure(prev) \
                        or not entry and is_failure(block):
                    pieces.append(gap)  # around a failed block spacing is part of its parse
                elif gap.strip():
                    pieces.append(gap)
                elif prev.__class__ is not SourceEntry \
                        and isinstance(prev, (ImplicitComment, ExplicitComment)) and prev_span[1] <= start \
                        and gap.count("\n") == 1:
                    pieces.append(newline)
                else:
                    pieces.append(two_lines)
            pieces.append(render_entry(block, layout) if formattable else text[start:end])
        else:
            pieces.append(text[cursor:start])
            if changed:
                pieces.append(patch_entry(block, text[start:end]) or render_entry(block, layout))
            else:
                pieces.append(text[start:end])
            cursor = end
        if keyless:
            state.keyless.append(
                (pieces, len(pieces) - 1, block, None if canonical else text[start:end], layout)
            )
        prev, prev_span = block, span
    if canonical:
        if prev_span is not None:
            tail = text[max(prev_span[1], reach) :]
            if tail.strip():
                pieces.append(tail)
            elif not pieces[-1].endswith("\n") and not kept_as_written(prev):
                pieces.append(newline)
        elif text.strip():
            pieces.append(text)
    else:
        pieces.append(text[cursor:])
    ensure_parsed(path, text, parsed, failed, diagnostics)
    return pieces


def finish(state: StreamState, layout: Layout, key_pattern: str | None) -> dict[str, str]:
    """After every file: report undefined macros, give keyless entries their keys."""
    from citekit.keys import make_key

    for diagnostics, path, raw, line, key, field_name in state.macro_uses:
        diagnostics.extend(_undefined(path, raw, line, state.macros, key, field_name))
    renamed: dict[str, str] = {}
    helper = Bibliography(macros=state.macros)
    for pieces, index, entry, original, layout in state.keyless:
        fields = helper.fields(entry)
        fields.setdefault("entrytype", entry.entry_type)
        new = make_key(fields, state.taken, key_pattern)
        state.taken.add(new)
        state.taken.add(new.lower())
        entry.key = new
        renamed.setdefault("", new)
        if original is None:
            pieces[index] = render_entry(entry, layout)
        else:
            pieces[index] = patch_entry(entry, original) or render_entry(entry, layout)
    return renamed
