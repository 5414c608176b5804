"""pybtex formatting-style plugins backed by the CSL engine (``citekit-apa`` ...).

pybtex (and through it sphinxcontrib-bibtex, ``bibtex_default_style = "citekit-apa"``)
formats entries with a ``BaseStyle``: ``sort`` the entries, ``format_labels``, then
``format_entry`` one by one. A CSL style decides order, labels, year suffixes and
repeated-author dashes over the *whole* list, so ``sort`` runs the engine once over
all entries and the other two methods read its results.
"""

from __future__ import annotations

from pybtex.richtext import Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle

from citekit.bridge import convert_entries
from citekit.styles import CURATED

#: Tags pybtex's own backends (html, latex, docutils) understand; others are unwrapped.
PYBTEX_SAFE_TAGS = {"i": "em", "b": "strong", "sup": "sup", "sub": "sub"}


def pybtex_entry_fields(entry) -> dict[str, str]:
    """A pybtex Entry -> plain BibTeX field dict (persons joined with " and ")."""
    fields = {k.lower(): str(v) for k, v in entry.fields.items()}
    for role, persons in entry.persons.items():
        fields[role.lower()] = " and ".join(str(p) for p in persons)
    return fields


def to_pybtex_vocabulary(rich):
    """Map the engine's tag vocabulary onto what pybtex backends can print.

    The left-margin block of numeric styles ("[1]") is dropped: pybtex prints the
    entry's label itself.
    """
    if isinstance(rich, Tag):
        if rich.name == "left-margin":
            return Text()
        children = [to_pybtex_vocabulary(p) for p in rich.parts]
        name = PYBTEX_SAFE_TAGS.get(rich.name)
        return Tag(name, *children) if name else Text(*children)
    if isinstance(rich, Text):
        return Text(*[to_pybtex_vocabulary(p) for p in rich.parts])
    return rich


def _strip_outer_parens(text: str) -> str:
    text = text.strip()
    if len(text) > 2 and text[0] in "([" and text[-1] in ")]":
        return text[1:-1]
    return text


class CitekitStyle(BaseStyle):
    """A pybtex style that renders with a CSL style (``csl_style``: name or .csl path)."""

    csl_style = "apa"
    default_sorting_style = "none"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # BaseStyle binds sort/format_labels of its plugin helpers on the instance;
        # the CSL style decides both, so use this class's methods instead.
        self.sort = self._csl_sort
        self.format_labels = self._csl_labels
        self._rendered: dict[str, Text] = {}
        self._labels: dict[str, str] = {}
        self._order: list[str] = []

    def _run(self, entries) -> None:
        from citekit.backends import render as render_rich
        from citekit.render import make_processor

        entries = list(entries)
        triples = [(e.key, e.type, pybtex_entry_fields(e)) for e in entries]
        items = convert_entries(triples).items
        _, processor = make_processor(self.csl_style, items)
        processor.process_citations([{"items": [{"id": i["id"]}], "note_index": n + 1}
                                     for n, i in enumerate(items)])
        self._order, self._rendered, self._labels = [], {}, {}
        for bib_entry in processor.bibliography([i["id"] for i in items]):
            self._order.append(bib_entry.id)
            self._rendered[bib_entry.id] = bib_entry.text
        for item in items:
            label = render_rich(processor.cite([{"id": item["id"]}]), "text")
            self._labels[item["id"]] = _strip_outer_parens(label) or item["id"]

    def _csl_sort(self, entries):
        entries = list(entries)
        self._run(entries)
        position = {key: n for n, key in enumerate(self._order)}
        return sorted(entries, key=lambda e: position.get(e.key, len(position)))

    def _csl_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield self._labels.get(entry.key, entry.key)

    def format_entry(self, label, entry, bib_data=None):
        if entry.key not in self._rendered:
            self._run([entry])
        text = to_pybtex_vocabulary(self._rendered[entry.key])
        return FormattedEntry(entry.key, text, label)

    def format_entries(self, entries, bib_data=None):
        sorted_entries = self.sort(entries)
        for label, entry in zip(self.format_labels(sorted_entries), sorted_entries):
            yield self.format_entry(label, entry, bib_data=bib_data)


def _make(name: str) -> type[CitekitStyle]:
    class_name = "".join(part.capitalize() for part in name.split("-")) + "Style"
    return type(class_name, (CitekitStyle,), {"csl_style": name, "__doc__": f"citekit-{name}: {CURATED[name][1]}"})


ApaStyle = _make("apa")
MlaStyle = _make("mla")
ChicagoAuthorDateStyle = _make("chicago-author-date")
ChicagoNotesStyle = _make("chicago-notes")
HarvardStyle = _make("harvard")
IeeeStyle = _make("ieee")
VancouverStyle = _make("vancouver")
