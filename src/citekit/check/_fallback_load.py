"""Stand-in loader used only while citekit.bibfile (foundation) is not available.

Same shape as the contract (Bibliography.files / iter_entries / fields / diagnostics),
just enough for the checks: bibtexparser without middlewares, macros and ``#``
resolved here, undefined macros reported as D508.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import model

from citekit.diagnostics import Diagnostic, Severity
from citekit.errors import UnreadableInputError

MONTHS = {m: str(i + 1) for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}


@dataclass
class BibFile:
    path: str
    text: str
    encoding: str
    library: object
    diagnostics: list[Diagnostic] = field(default_factory=list)


class Bibliography:
    def __init__(self, files: list[BibFile]):
        self.files = files
        self.undefined: list = []  # (entry, field, macro name) found by fields()
        self._macros: dict[str, str] = dict(MONTHS)
        self._entries: list[tuple[BibFile, model.Entry]] = []
        for bibfile in files:
            for block in bibfile.library.blocks:
                if isinstance(block, model.String):
                    self._macros[block.key.lower()] = self._resolve(block.value, None)
                elif isinstance(block, model.Entry):
                    self._entries.append((bibfile, block))
                elif isinstance(block, (model.DuplicateFieldKeyBlock, model.DuplicateBlockKeyBlock)):
                    if block.ignore_error_block is not None:
                        self._entries.append((bibfile, block.ignore_error_block))
                elif isinstance(block, model.ParsingFailedBlock):
                    bibfile.diagnostics.append(Diagnostic(
                        bibfile.path, (block.start_line or 0) + 1, "L001", Severity.ERROR,
                        f"could not parse this block: {str(block.error).splitlines()[0]}", 1))
        self._entries.sort(key=lambda pair: (files.index(pair[0]), pair[1].start_line or 0))
        self.diagnostics = [d for f in files for d in f.diagnostics]

    def iter_entries(self):
        return iter(self._entries)

    def fields(self, entry: model.Entry) -> dict[str, str]:
        out: dict[str, str] = {}
        for fld in entry.fields:
            name = fld.key.lower()
            if name not in out:
                out[name] = self._resolve(fld.value, (entry, fld))
        return out

    def _resolve(self, raw: str, where) -> str:
        parts = _split_concat(raw)
        out = []
        for part in parts:
            part = part.strip()
            if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
                out.append(part[1:-1])
            elif part.isdigit():
                out.append(part)
            elif part:
                value = self._macros.get(part.lower())
                if value is None:
                    if where is not None:
                        self.undefined.append((where[0], where[1], part))
                    out.append(part)
                else:
                    out.append(value)
        return "".join(out)

    def get(self, key):
        for _, entry in self._entries:
            if entry.key == key:
                return entry
        return None


def _split_concat(raw: str) -> list[str]:
    parts, depth, quote, start = [], 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quote = not quote
        elif ch == "#" and depth == 0 and not quote:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return parts


def load(sources) -> Bibliography:
    files = []
    for source in sources:
        path = str(source)
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                data = Path(path).read_bytes()
        except OSError as exc:
            raise UnreadableInputError(f"{path}: {exc.strerror or exc}") from exc
        if path.endswith(".gz"):
            import gzip

            data = gzip.decompress(data)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
        library = bibtexparser.parse_string(text, parse_stack=[])
        files.append(BibFile(path, text, encoding, library))
    return Bibliography(files)
