"""What the loader returns: files as read, their bibtexparser libraries, diagnostics.

Field values in the libraries are kept exactly as written, delimiters included
(``{Title}``, ``"Title"``, ``jan``, ``acm # " Press"``): that is what makes lossless
writing possible. :meth:`Bibliography.fields` gives their meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from bibtexparser import Library
from bibtexparser.model import Entry

from citekit.bibfile.values import MONTH_MACROS, resolve
from citekit.diagnostics import Diagnostic

_SPACES = re.compile(r"\s+")


@dataclass(eq=False)
class BibFile:
    """One .bib file as read: its text, the codec that reproduces its bytes, its blocks."""

    path: str
    text: str
    encoding: str
    library: Library
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: (start, end) text offsets of every block as read, for the lossless writer.
    spans: list[tuple[int, int]] = field(default_factory=list, repr=False)

    @property
    def entries(self) -> list[Entry]:
        return self.library.entries


@dataclass(eq=False)
class Bibliography:
    """One or more .bib files read together (@string macros are shared across files).

    Iterating gives the entries (bibtexparser ``Entry``: ``key``, ``entry_type``,
    ``fields``) in file order; ``bib[key]`` one entry, ``key in bib`` whether it is
    there; :meth:`fields` an entry's values as meant (macros resolved).
    """

    files: list[BibFile] = field(default_factory=list)
    #: lower-case macro name -> resolved value, from every file's @string blocks.
    macros: dict[str, str] = field(default_factory=dict)
    _by_key: dict[str, tuple[BibFile, Entry]] = field(default_factory=dict, repr=False)
    _by_lower_key: dict[str, tuple[BibFile, Entry]] = field(default_factory=dict, repr=False)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every file's diagnostics, in file order."""
        return [d for f in self.files for d in f.diagnostics]

    def iter_entries(self) -> Iterator[tuple[BibFile, Entry]]:
        """``(file, entry)`` for every parsed entry, in file order.

        Entries whose key repeats an earlier one are not included (they are
        reported as duplicates and written back untouched).
        """
        for bib_file in self.files:
            for entry in bib_file.library.entries:
                yield bib_file, entry

    def __len__(self) -> int:
        return sum(len(f.library.entries) for f in self.files)

    def __iter__(self) -> Iterator[Entry]:
        """Every entry, in file order (``for entry in bib: entry.key``)."""
        for bib_file in self.files:
            yield from bib_file.library.entries

    def __getitem__(self, key: str) -> Entry:
        """``bib["taubman2003"]``: the entry with this key (as :meth:`get`), else KeyError."""
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def keys(self) -> list[str]:
        """Every entry's key, in file order."""
        return [entry.key for entry in self]

    def get(self, key: str) -> Entry | None:
        """The entry with this key (exact match first, then case-insensitive), or None."""
        found = self._by_key.get(key) or self._by_lower_key.get(key.lower())
        return found[1] if found else None

    def file_of(self, key: str) -> BibFile | None:
        """The file an entry key was read from."""
        found = self._by_key.get(key) or self._by_lower_key.get(key.lower())
        return found[0] if found else None

    def fields(self, entry: Entry) -> dict[str, str]:
        """Lower-case field names -> values as meant.

        Outer delimiters removed, ``#`` concatenation and @string macros resolved
        (month macros ``jan``..``dec`` become ``"1"``..``"12"`` unless a file defines
        them), runs of white space made one space (as BibTeX reads them), LaTeX left
        as written. With a repeated field the first one wins, as in BibTeX.
        """
        macros = self.macros
        out: dict[str, str] = {}
        for f in entry.fields:
            name = f.key.lower()
            if name not in out:
                value = f.value
                text = resolve(value, macros) if isinstance(value, str) else str(value)
                if "\n" in text or "  " in text or "\t" in text:
                    text = _SPACES.sub(" ", text).strip()
                out[name] = text
        return out

    def resolve(self, raw: str) -> str:
        """Resolve one raw value with this bibliography's macros."""
        return resolve(raw, self.macros)

    def _index(self) -> None:
        """Rebuild the key index (after loading, or after keys were changed)."""
        self._by_key.clear()
        self._by_lower_key.clear()
        for bib_file in self.files:
            for entry in bib_file.library.entries:
                self._by_key.setdefault(entry.key, (bib_file, entry))
                self._by_lower_key.setdefault(entry.key.lower(), (bib_file, entry))

    @staticmethod
    def is_month_macro(name: str) -> bool:
        return name.lower() in MONTH_MACROS
