"""pybtex formatting-style plugins backed by the CSL engine (``citekit-apa`` ...).

pybtex (and through it sphinxcontrib-bibtex, ``bibtex_default_style = "citekit-apa"``)
formats entries with a ``BaseStyle``: ``sort`` the entries, ``format_labels``, then
``format_entry`` one by one. A CSL style decides order, labels, year suffixes and
repeated-author dashes over the *whole* list, so ``sort`` runs the engine once over
all entries and the other two methods read its results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

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


_LATEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                   "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}


def latex_label(label: str) -> str:
    """A label as LaTeX source: pybtex writes ``\\bibitem[label]{key}`` verbatim."""
    return "".join(_LATEX_SPECIALS.get(char, char) for char in label)


@dataclass(eq=False)
class CitedList:
    """One run of the engine over a reference list, shared by all of its entries.

    Small and picklable (Sphinx stores formatted entries in its environment), so a
    citation can later be rendered by an engine over the same items in the same order:
    the same numbers and year suffixes as the list.
    """

    style: str
    items: list[dict[str, Any]]
    numeric: bool = False  #: labels are citation numbers (IEEE, Vancouver)
    note: bool = False  #: a note style (chicago-notes)
    hanging_indent: bool = False


class CitekitFormattedEntry(FormattedEntry):
    """A pybtex FormattedEntry that knows the list it was formatted in."""

    def __init__(self, key, text, label=None, cited_list: CitedList | None = None):
        super().__init__(key, text, label)
        self.cited_list = cited_list


def _with_parents(entries, bib_data) -> list:
    """The entries plus the crossref / xdata parents they reach in ``bib_data``."""
    from citekit.crossref import split_keys

    if bib_data is None:
        return list(entries)
    by_key = {key.lower(): entry for key, entry in bib_data.entries.items()}
    out = {e.key: e for e in entries}
    todo = list(out.values())
    while todo:
        entry = todo.pop()
        fields = {k.lower(): str(v) for k, v in entry.fields.items()}
        for parent_key in [fields.get("crossref", "")] + split_keys(fields.get("xdata", "")):
            parent = by_key.get(parent_key.strip().lower()) if parent_key.strip() else None
            if parent is not None and parent.key not in out:
                out[parent.key] = parent
                todo.append(parent)
    return list(out.values())


class CitekitStyle(BaseStyle):
    """A pybtex style that renders with a CSL style (``csl_style``: name or .csl path)."""

    csl_style = "apa"
    default_sorting_style = "none"
    #: Where crossref parents are looked up when pybtex hands over entries alone (Sphinx's
    #: bibliography and footcite): set by :mod:`citekit.sphinxext` to the project's data.
    parent_data: ClassVar[Any] = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # BaseStyle binds sort/format_labels of its plugin helpers on the instance;
        # the CSL style decides both, so use this class's methods instead.
        self.sort = self._csl_sort
        self.format_labels = self._csl_labels
        self._rendered: dict[str, Text] = {}
        self._labels: dict[str, str] = {}
        self._order: list[str] = []
        self._list: CitedList | None = None
        self._bib_data = None

    def _run(self, entries) -> None:
        from citekit.backends import render as render_rich
        from citekit.render import make_processor
        from citekit.styles import style_info, resolve_style

        entries = list(entries)
        wanted = {e.key for e in entries}
        family = _with_parents(entries, self._bib_data if self._bib_data is not None
                               else type(self).parent_data)
        triples = [(e.key, e.type, pybtex_entry_fields(e)) for e in family]
        items = [i for i in convert_entries(triples).items if i["id"] in wanted]
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
        info = style_info(resolve_style(self.csl_style), self.csl_style)
        settings = processor.bibliography_settings
        self._list = CitedList(
            self.csl_style, items,
            numeric=bool(self._labels) and all(v.isdigit() for v in self._labels.values()),
            note=info.style_class == "note", hanging_indent=bool(settings.get("hanging-indent")))

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
            if bib_data is not None:
                self._bib_data = bib_data
            self._run([entry])
        text = to_pybtex_vocabulary(self._rendered[entry.key])
        return CitekitFormattedEntry(entry.key, text, label, self._list)

    def format_entries(self, entries, bib_data=None):
        sorted_entries = self.sort(entries)
        for label, entry in zip(self.format_labels(sorted_entries), sorted_entries):
            yield self.format_entry(label, entry, bib_data=bib_data)

    def format_bibliography(self, bib_data, citations=None):
        """pybtex's own run (``pybtex -s citekit-apa``, ``format_from_files``): crossref
        parents come from ``bib_data``, and labels are LaTeX, as BibTeX's are: they go
        into ``\\bibitem[...]`` as written, so "Kahneman & Tversky, 1979" is escaped."""
        self._bib_data = bib_data
        formatted = super().format_bibliography(bib_data, citations)
        for entry in formatted.entries:
            entry.label = latex_label(entry.label)
        return formatted


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
