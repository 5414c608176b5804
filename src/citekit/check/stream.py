"""Reading .bib files for check one block at a time, without keeping the entries.

``load()`` keeps every entry and field object of a 60,000-entry file alive (and
fingerprints them for the writer); check only looks at each entry once and keeps
what the cross-entry checks need. This reader scans with the loader's own scanner
(:mod:`citekit.bibfile.fastscan`) and reports exactly the loader's diagnostics.

One thing only a whole load can get right: an ``@string`` defined (or redefined)
after an entry used it changes that entry's value. The reader notices this
(``stale``) and the runner then falls back to :func:`citekit.bibfile.load`.
"""

from __future__ import annotations

from array import array
from typing import Iterator, Sequence

from bibtexparser.model import (
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)

from citekit.bibfile.fastscan import SPAN, entry_block, iter_blocks, iter_records
from citekit.bibfile.load import (
    cross_file_duplicate_key,
    duplicate_key_diagnostic,
    ENCODING,
    SYNTAX,
    _duplicate_fields,
    ensure_parsed,
    read_source,
    unique_sources,
    _syntax_error,
    _undefined,
)
from citekit.bibfile.write import INVALID
from citekit.bibfile.model import _SPACES
from citekit.check.records import LOWER, lower_type
from citekit.bibfile.values import MONTH_MACROS, _BARE_WORD, _is_simple_quoted, is_simple_braced, macro_names, resolve, value_problem
from citekit.diagnostics import Diagnostic, Severity


def _line(block) -> int:
    return (block.start_line or 0) + 1


class ScannedEntry:
    """What readers of :meth:`StreamedBibliography.iter_entries` use of an entry (key,
    type, 0-based start line), for the entries the scanner read as plain records."""

    __slots__ = ("key", "entry_type", "start_line")

    def __init__(self, key: str, entry_type: str, start_line: int):
        self.key = key
        self.entry_type = entry_type
        self.start_line = start_line


class StreamedBibliography:
    """The parts of a :class:`Bibliography` check uses, filled while iterating.

    ``texts`` (path -> text) is known before iteration, ``diagnostics`` and the
    crossref parents (:meth:`parent`) after it.
    """

    def __init__(self, sources: Sequence[str]):
        self.texts: dict[str, str] = {}
        self._problems: dict[str, Diagnostic] = {}
        for source in unique_sources(sources):
            decoded, path = read_source(source)
            self.texts[path] = decoded.text
            if decoded.problem:
                line, message = decoded.problem
                self._problems[path] = Diagnostic(path, line, ENCODING, Severity.WARNING, message)
        self.macros: dict[str, str] = {}
        self.stale = False
        #: lower-case macro names some entry's value used so far
        self._used: set[str] = set()
        #: every entry read, in order: key, file (index into texts), span. Compact (a
        #: dict of places per entry would cost a third of check's memory); the key
        #: index for crossref targets is made from them only when one is looked up.
        self._keys: list[str] = []
        self._files = array("I")
        self._starts = array("q")
        self._ends = array("q")
        self._by_key: dict[str, int] = {}
        self._by_lower_key: dict[str, int] = {}
        self._indexed = 0
        self._file_diagnostics: dict[str, list[Diagnostic]] = {}
        #: entries whose full fields are kept, by (path, start): crossref/xdata targets
        self._kept: dict[tuple[str, int], tuple[str, str, dict[str, str]]] = {}
        self._wanted: set[str] = set()
        #: raw value -> (macro names, problem, meaning) for values that need the full parser
        self._values: dict[str, tuple[list[str], str | None, str]] = {}

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for path in self.texts for d in self._file_diagnostics.get(path, ())]

    def fields(self, entry: Entry) -> dict[str, str]:
        """:meth:`Bibliography.fields` (with this reader's macros so far)."""
        return self._read_fields("", entry, None, [])

    def _general_value(self, value: str, macros: dict[str, str]) -> tuple[list[str], str | None, str]:
        """A value of no common shape (a concatenation, an odd value): the macros it uses,
        its problem if any, and its text, worked out once per distinct value (such values
        recur: ``ack-a # " and " # ack-b``). A macro redefined after its use makes the run
        stale, so the remembered meaning holds for the whole run."""
        known = self._values.get(value)
        if known is None:
            names = macro_names(value) if value and (value[0] not in '{"' or "#" in value) else []
            known = self._values[value] = (names, value_problem(value), resolve(value, macros))
        return known

    def _read_fields(self, path: str, entry: Entry, uses: list | None, out_diags: list) -> dict[str, str]:
        """One pass over an entry's fields: the loader's :func:`inspect_fields`
        (diagnostics into ``out_diags``, macro uses into ``uses``) and
        :meth:`Bibliography.fields`. The common value shapes (``{...}``, ``"..."``,
        digits) are valid, use no macro and mean their inside, so they skip the
        general value parser (a Python loop over every character)."""
        macros = self.macros
        lower = LOWER
        if len(lower) > 10_000:
            lower.clear()  # odd files with endless distinct names: the cache stays small
        out: dict[str, str] = {}
        repeated = False
        problems = None
        for f in entry._fields:
            value = f._value
            name = lower.get(f._key)
            if name is None:
                name = lower[f._key] = f._key.lower()  # one string per name, not per field
            if isinstance(value, str) and (
                (value[:1] == '"' and _is_simple_quoted(value))
                or (value[:1] == "{" and value[-1] == "}" and is_simple_braced(value))
            ):
                text = value[1:-1]
            elif isinstance(value, str) and value.isdigit():
                text = value
            elif isinstance(value, str) and value[:1] not in ('{', '"') and _BARE_WORD.fullmatch(value):
                # one macro name (a month, a journal abbreviation): valid, resolved by lookup
                low = value.lower()
                if uses is not None:
                    uses.append((value, (f._start_line or 0) + 1, f._key))
                    self._used.add(low)
                text = macros[low] if low in macros else MONTH_MACROS.get(low, value)
            elif isinstance(value, str):
                names, problem, text = self._general_value(value, macros)
                if uses is not None and names:
                    uses.append((value, (f._start_line or 0) + 1, f._key))
                    self._used.update(name.lower() for name in names)
                if problem:
                    entry.set_parser_metadata(INVALID, True)
                    problems = problems or []
                    problems.append(Diagnostic(
                        path, (f.start_line or 0) + 1, SYNTAX, Severity.ERROR,
                        f"field '{' '.join(f.key.split())}': {problem}; the entry is kept as written",
                        key=entry.key,
                    ))
            else:
                if uses is not None and value and (value[0] not in '{"' or "#" in value):
                    names = macro_names(value)
                    if names:
                        uses.append((value, (f._start_line or 0) + 1, f._key))
                        self._used.update(name.lower() for name in names)
                problem = value_problem(value)
                if problem:
                    entry.set_parser_metadata(INVALID, True)
                    problems = problems or []
                    problems.append(Diagnostic(
                        path, (f.start_line or 0) + 1, SYNTAX, Severity.ERROR,
                        f"field '{' '.join(f.key.split())}': {problem}; the entry is kept as written",
                        key=entry.key,
                    ))
                text = resolve(value, macros) if isinstance(value, str) else str(value)
            if name in out:
                repeated = True
                continue
            if "\n" in text or "  " in text or "\t" in text:
                text = _SPACES.sub(" ", text).strip()
            out[name] = text
        if problems:
            out_diags.extend(problems)
        if repeated:
            out_diags.extend(_duplicate_fields(path, entry))
        return out

    def iter_entries(self) -> Iterator[tuple[str, Entry | ScannedEntry, dict[str, str]]]:
        """``(path, entry, fields)`` as :meth:`Bibliography.iter_entries` would give them."""
        seen: dict[str, tuple[str, str, int]] = {}
        macro_uses: list[tuple] = []
        late_for: dict[str, list[Diagnostic]] = {}
        for file_index, (path, text) in enumerate(self.texts.items()):
            diagnostics: list[Diagnostic] = []
            late: list[Diagnostic] = []  # the loader's second round (after every file)
            in_file: dict[str, int] = {}
            strings_in_file: dict[str, int] = {}
            parsed = failed = False
            for block in iter_records(text):
                if block.__class__ is tuple:  # a plain entry (most of them): no objects made
                    parsed = True
                    entry_type, key, start_line, raw_fields, start, close, end = block
                    line = start_line + 1
                    if key and key in in_file:
                        diagnostics.append(duplicate_key_diagnostic(path, line, key, in_file[key]))
                        continue
                    uses: list = []
                    fields = self._read_scanned(path, key, text, start, start_line, raw_fields,
                                                uses, diagnostics)
                    if fields is None:  # a field name written twice: the block reports it
                        entry = entry_block(text, start, end, start_line)
                        if isinstance(entry, DuplicateFieldKeyBlock):
                            entry = entry.ignore_error_block
                        uses = []
                        fields = self._read_fields(path, entry, uses, diagnostics)
                    else:
                        entry = ScannedEntry(key, entry_type, start_line)
                    span = (start, close)
                else:
                    span = block.parser_metadata[SPAN]
                    if isinstance(block, ParsingFailedBlock) and not isinstance(block, DuplicateFieldKeyBlock):
                        failed = True
                    elif not isinstance(block, ImplicitComment):
                        parsed = True
                    if isinstance(block, DuplicateFieldKeyBlock):
                        block = block.ignore_error_block
                    if not isinstance(block, Entry):
                        self._other_block(path, text, block, strings_in_file, diagnostics,
                                          macro_uses, late)
                        continue
                    line = _line(block)
                    key = block.key
                    if key and key in in_file:
                        diagnostics.append(duplicate_key_diagnostic(path, line, key, in_file[key]))
                        continue
                    uses = []
                    fields = self._read_fields(path, block, uses, diagnostics)
                    entry = block
                in_file[key] = line
                for value, value_line, field_name in uses:
                    macro_uses.append((late, path, value, value_line, key, field_name))
                cross_file_duplicate_key(seen, path, key, line, late)
                self._keys.append(key)
                self._files.append(file_index)
                self._starts.append(span[0])
                self._ends.append(span[1])
                if key in self._wanted or key.lower() in self._wanted:
                    self._kept[(path, span[0])] = (key, lower_type(entry.entry_type), fields)
                if "crossref" in fields or "xdata" in fields:
                    self._want_targets(fields)
                yield path, entry, fields
            diagnostics.sort(key=lambda d: d.line)
            ensure_parsed(path, text, parsed, failed, diagnostics)
            if path in self._problems:
                diagnostics.insert(0, self._problems[path])
            self._file_diagnostics[path] = diagnostics
            late_for[path] = late
        # the loader's _link: undefined macros (strings first), then repeated keys
        undefined: dict[str, list[Diagnostic]] = {}
        defined: set[str] = set()  # values whose macros are all defined (journal macros recur)
        strings_first = sorted(macro_uses, key=lambda use: use[4] is not None)
        for late, path, raw, line, key, field_name in strings_first:
            if raw in defined:
                continue
            found = _undefined(path, raw, line, self.macros, key, field_name)
            if found:
                undefined.setdefault(path, []).extend(found)
            else:
                defined.add(raw)
        for path in self.texts:
            found = undefined.get(path, [])
            diagnostics = self._file_diagnostics[path]
            if found:
                diagnostics.extend(found)
                diagnostics.sort(key=lambda d: d.line)
            extra = late_for.get(path, [])
            if extra:
                diagnostics.extend(extra)
                diagnostics.sort(key=lambda d: d.line)

    def _other_block(self, path: str, text: str, block, strings_in_file: dict[str, int],
                     diagnostics: list, macro_uses: list, late: list) -> None:
        """An ``@string`` (defined once per file, its macros noted) or a failed block
        (a syntax error); comments and preambles say nothing to check."""
        if isinstance(block, String):
            if block.key in strings_in_file:
                diagnostics.append(duplicate_key_diagnostic(
                    path, _line(block), block.key, strings_in_file[block.key], "@string"))
                return
            strings_in_file[block.key] = _line(block)
            name = block.key.lower()
            if name in self._used:
                self.stale = True
            self.macros[name] = resolve(block.value, self.macros)
            for part in _macro_parts(block.value):
                self._used.add(part)
            macro_uses.append((late, path, block.value, _line(block), None, None))
        elif isinstance(block, ParsingFailedBlock):
            diagnostics.append(_syntax_error(path, text, block))

    def _read_scanned(self, path: str, key: str, text: str, start: int, start_line: int,
                      raw_fields: list[tuple[str, str, int]], uses: list,
                      out_diags: list) -> dict[str, str] | None:
        """:meth:`_read_fields` for a scanner record (``(name, raw value, offset of
        '=')`` per field): the same values, macro uses and diagnostics, a field's line
        counted only when one of them needs it. None when a field name is written twice
        (nothing reported then: the caller reads the entry's block instead)."""
        macros = self.macros
        lower = LOWER
        if len(lower) > 10_000:
            lower.clear()
        out: dict[str, str] = {}
        problems = None
        for raw_name, value, eq in raw_fields:
            name = lower.get(raw_name)
            if name is None:
                name = lower[raw_name] = raw_name.lower()
            if name in out:
                return None
            first = value[:1]
            if first == "{" and value[-1] == "}" and (
                # is_simple_braced's common case tested here (no call per value)
                (value[-2] != "\\" and value.find("{", 1, -1) < 0 and value.find("}", 1, -1) < 0)
                or is_simple_braced(value)
            ):
                value_text = value[1:-1]
            elif first == '"' and _is_simple_quoted(value):
                value_text = value[1:-1]
            elif value.isdigit():
                value_text = value
            elif first not in ('{', '"') and _BARE_WORD.fullmatch(value):
                low = value.lower()
                uses.append((value, start_line + text.count("\n", start, eq) + 1, raw_name))
                self._used.add(low)
                value_text = macros[low] if low in macros else MONTH_MACROS.get(low, value)
            else:
                names, problem, value_text = self._general_value(value, macros)
                if names:
                    uses.append((value, start_line + text.count("\n", start, eq) + 1, raw_name))
                    self._used.update(name.lower() for name in names)
                if problem:
                    problems = problems or []
                    problems.append(Diagnostic(
                        path, start_line + text.count("\n", start, eq) + 1, SYNTAX, Severity.ERROR,
                        f"field '{' '.join(raw_name.split())}': {problem}; the entry is kept as written",
                        key=key,
                    ))
            if "\n" in value_text or "  " in value_text or "\t" in value_text:
                value_text = _SPACES.sub(" ", value_text).strip()
            out[name] = value_text
        if problems:
            out_diags.extend(problems)
        return out

    def _want_targets(self, fields: dict[str, str]) -> None:
        """Keep the full fields of the entries ``fields`` links to, when they come."""
        for link in ("crossref", "xdata"):
            for target in (fields.get(link) or "").split(","):
                if target.strip():
                    self._wanted.add(target.strip())
                    self._wanted.add(target.strip().lower())

    def parent(self, key: str) -> tuple[str, str, dict[str, str]] | None:
        """``(key, type, fields)`` of the entry :meth:`Bibliography.get` would find."""
        indexed = self._indexed
        for i in range(indexed, len(self._keys)):
            known = self._keys[i]
            self._by_key.setdefault(known, i)
            self._by_lower_key.setdefault(known.lower(), i)
        self._indexed = len(self._keys)
        i = self._by_key.get(key)
        if i is None:
            i = self._by_lower_key.get(key.lower())
        if i is None:
            return None
        path = list(self.texts)[self._files[i]]
        start, end = self._starts[i], self._ends[i]
        kept = self._kept.get((path, start))
        if kept is not None:
            return kept
        for block in iter_blocks(self.texts[path][start:end]):
            if isinstance(block, DuplicateFieldKeyBlock):
                block = block.ignore_error_block
            if isinstance(block, Entry):
                return block.key, lower_type(block.entry_type), self.fields(block)
        return None  # pragma: no cover - the span held an entry when it was read


def _macro_parts(raw: str) -> list[str]:
    return [name.lower() for name in macro_names(raw)]
