"""Sphinx: citations and lists in a CSL style, through sphinxcontrib-bibtex.

Two pieces, both driven by citekit's CSL engine:

* :class:`CitekitReferenceStyle`, a sphinxcontrib-bibtex *referencing style* (entry point
  ``citekit`` in ``sphinxcontrib.bibtex.style.referencing``): ``:cite:p:`` gives
  "(Kahneman & Tversky, 1979)", ``:cite:t:`` "Kahneman and Tversky (1979)", IEEE "[1]".
  Citations are rendered by an engine over the same items, in the same order, as the list
  they point into, so numbers and year suffixes (2020a/2020b) agree with it. With a note
  style, ``:footcite:`` makes each citation its own note (first full, later short, ibid).
* the extension (``extensions = ["citekit.sphinxext"]``): ``citekit_style = "apa"`` sets
  the list style and both referencing styles, crossref parents come from the project's
  .bib files, and author-date and note lists lose sphinxcontrib-bibtex's bracketed labels
  (an APA list has a hanging indent, not labels; numeric styles keep their numbers).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from pybtex.richtext import Text
from sphinxcontrib.bibtex.style.referencing import BaseReferenceStyle

from citekit.plugin import CitedList, CitekitStyle, to_pybtex_vocabulary

#: every role of sphinxcontrib-bibtex's cite and footcite domains
ROLE_NAMES = ("p", "ps", "t", "ts", "ct", "cts", "empty", "alp", "alps", "label", "labelpar",
              "year", "yearpar", "author", "authors", "authorpar", "authorpars", "cauthor",
              "cauthors")


# ---------------------------------------------------------------- the engine per list


@functools.lru_cache(maxsize=32)
def _engine_for(style: str, items_key: tuple[str, ...], items: tuple[Any, ...]):
    from citekit.render import make_processor

    _, processor = make_processor(style, [dict(i) for i in items])
    processor.register(list(items_key))  # the list's order: numbers as in the list
    return processor


class _Frozen(dict):
    """A CSL item that can be part of a cache key (compared by id, the list decides)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self.get("id"))


def engine(cited: CitedList):
    """The engine the list ``cited`` was formatted with, rebuilt (cached) from its items."""
    items = tuple(_Frozen(i) for i in cited.items)
    return _engine_for(cited.style, tuple(i["id"] for i in cited.items), items)


def _list_of(refs: list["_Reference"], fallback_style: str) -> CitedList:
    """The list the references point into; entries not formatted by citekit get one."""
    for ref in refs:
        cited = getattr(ref.formatted, "cited_list", None)
        if cited is not None:
            return cited
    style = type("Fallback", (CitekitStyle,), {"csl_style": fallback_style})()
    style._run([ref.entry for ref in refs])
    assert style._list is not None
    return style._list


# ---------------------------------------------------------------- rendering helpers


def _cite_item(key: str, pre: str = "", post: str = "") -> dict[str, Any]:
    """sphinxcontrib-bibtex's ``{pre}key{post}`` as a CSL cite: the post-text is split into
    locator and suffix the way pandoc does ("p. 5" -> page 5)."""
    from citekit.citations.locator import parse_locator

    item: dict[str, Any] = {"id": key}
    if pre.strip():
        item["prefix"] = pre.strip() + " "
    if post.strip():
        located = parse_locator(post if post.startswith(",") else ", " + post.strip())
        if located.locator:
            item["locator"], item["label"] = located.locator, located.label or "page"
        if located.suffix:
            item["suffix"] = located.suffix
    return item


def _layout(processor) -> tuple[str, str, str]:
    layout = processor.style.citation.layout
    return layout.prefix or "", layout.suffix or "", layout.delimiter or ""


def _bare(processor, items: list[dict[str, Any]]) -> Text:
    """The cluster without the layout's brackets (or a note's final full stop)."""
    from citekit.citations.core import without_layout_affixes

    with without_layout_affixes(processor):
        return to_pybtex_vocabulary(processor.cite(items))


def _names(processor, entry, key: str) -> Text:
    """The names as the style puts them in a sentence; "&" reads "and" in running text
    (APA: "Kahneman and Tversky (1979)"). A numeric style cites no names: the entry's
    family names then, as sphinxcontrib-bibtex's own styles give them."""
    names = _bare(processor, [{"id": key, "author-only": True}])
    if str(names).strip():
        word = processor.locale.term("and") or "and"
        if " & " in str(names):
            names = Text(f" {word} ").join(names.split(" & "))
        return names
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(p.last_names) for p in persons]
    if not last:
        return Text()
    if len(last) > 2:
        return Text(last[0], " et al.")
    return Text(" and ".join(last))


def _link(info, rich: Text):
    from sphinxcontrib.bibtex.style.template import SphinxReferenceText

    return SphinxReferenceText(info, rich)


# ---------------------------------------------------------------- the referencing style


class _Reference:
    """One reference of a citation, as :meth:`CitekitReferenceStyle.inner` hands it on."""

    __slots__ = ("entry", "formatted", "info")

    def __init__(self, entry, formatted, info) -> None:
        self.entry, self.formatted, self.info = entry, formatted, info


class _Inner:
    def format_data(self, data: dict[str, Any]) -> _Reference:
        return _Reference(data["entry"], data["formatted_entry"], data["reference_info"])


class _Outer:
    def __init__(self, style: "CitekitReferenceStyle", role: str, refs: list[_Reference]):
        self.style, self.role, self.refs = style, role, refs

    def format(self):
        return self.style.render(self.role, self.refs)


@dataclass
class CitekitReferenceStyle(BaseReferenceStyle):
    """Citations rendered by the CSL style of the list they point into.

    sphinxcontrib-bibtex's styles build pybtex templates per reference and join them; a
    CSL citation is one cluster (sorted, collapsed, disambiguated together), so ``inner``
    only collects the references and ``outer`` renders them at once.
    """

    #: the CSL style for lists formatted by a non-citekit pybtex style
    fallback_style: str = "apa"

    def role_names(self) -> Iterable[str]:
        return ROLE_NAMES

    def inner(self, role_name: str) -> _Inner:  # type: ignore[override]
        return _Inner()

    def outer(self, role_name: str, children: list[_Reference]) -> _Outer:  # type: ignore[override]
        return _Outer(self, role_name, list(children))

    def render(self, role: str, refs: list[_Reference]):
        if not refs or role == "empty":
            return Text()
        from sphinxcontrib.bibtex.style.template import FootReferenceInfo

        if isinstance(refs[0].info, FootReferenceInfo):
            return self._foot(role, refs)
        cited = _list_of(refs, self.fallback_style)
        processor = engine(cited)
        capfirst = role.startswith("c")
        kind = role[1:] if capfirst else role
        kind = kind[:-1] if kind.endswith("s") and kind not in ("ps", "alps") else kind
        items = [_cite_item(r.formatted.key, r.info.pre_text, r.info.post_text) for r in refs]
        prefix, suffix, _ = _layout(processor)
        if kind in ("t", "author", "authorpar"):
            pieces = []
            for ref, item in zip(refs, items):
                names = _names(processor, ref.entry, item["id"])
                if kind == "t":
                    rest = to_pybtex_vocabulary(processor.cite([{**item, "suppress-author": True}]))
                    if cited.note:
                        rest = Text("(", _bare(processor, [{**item, "suppress-author": True}]), ")")
                    body = Text(names, " ", rest) if str(names) else rest
                else:
                    body = Text("(", names, ")") if kind == "authorpar" else names
                pieces.append(_link(ref.info, body))
            result = Text(", ").join(pieces) if len(pieces) > 1 else pieces[0]
            return result.capfirst() if capfirst else result
        if kind in ("label", "labelpar"):
            labels = [_link(r.info, Text(r.formatted.label)) for r in refs]
            body = Text(", ").join(labels)
            return Text("[", body, "]") if kind == "labelpar" else body
        if kind in ("year", "yearpar"):
            items = [{**i, "suppress-author": True} for i in items]
        parenthetical = kind in ("p", "ps", "yearpar")
        body = self._linked_cluster(processor, refs, items)
        if parenthetical and cited.note:
            return Text("(", body, ")")
        return Text(prefix, body, suffix) if parenthetical else body

    @staticmethod
    def _linked_cluster(processor, refs: list[_Reference], items: list[dict[str, Any]]) -> Text:
        """The cluster with each work linked to its entry; a cluster the style collapses
        ("[1]–[3]", "Smith 2020a, b") is one link to its first work."""
        whole = _bare(processor, items)
        if len(refs) == 1:
            return Text(_link(refs[0].info, whole))
        _, _, delimiter = _layout(processor)
        pieces = [(str(_bare(processor, [item])), ref, item) for ref, item in zip(refs, items)]
        text = str(whole)
        located = sorted((text.find(piece), piece, ref, item) for piece, ref, item in pieces)
        if any(pos < 0 for pos, *_ in located) or delimiter.join(p for _, p, _, _ in located) != text:
            return Text(_link(refs[0].info, whole))
        linked = [_link(ref, _bare(processor, [item])) for _, _, ref, item in
                  [(pos, piece, ref.info, item) for pos, piece, ref, item in located]]
        return Text(delimiter).join(linked)

    # ------------------------------------------------------------ footnotes (note styles)

    def _foot(self, role: str, refs: list[_Reference]):
        """``:footcite:`` in a note style: a note of its own per citation, rendered with the
        document's earlier notes (first full, then short form, ibid). Other styles keep
        sphinxcontrib-bibtex's footnote, which holds the entry."""
        from sphinxcontrib.bibtex.style.template import FootReferenceText

        cited = _list_of(refs, self.fallback_style)
        textual = role.lstrip("c").startswith("t")
        if not cited.note:
            marks = []
            for ref in refs:
                mark = FootReferenceText(ref.info, "#")
                marks.append(Text(_names_plain(ref.entry), mark) if textual else mark)
            return Text(*marks)
        document = refs[0].info.document
        env = document.settings.env
        state = env.temp_data.setdefault("citekit_notes", {"citations": [], "items": {}})
        for ref in refs:
            for item in getattr(ref.formatted, "cited_list", cited).items:
                state["items"].setdefault(item["id"], item)
        keys = [ref.entry.key for ref in refs]
        items = [{"id": key} for key in keys]
        seen = {i["id"] for c in state["citations"] for i in c["items"]}
        names = Text()
        if textual:
            items[0]["suppress-author"] = True
        state["citations"].append({"items": items, "note_index": len(state["citations"]) + 1})
        from citekit.render import make_processor

        _, processor = make_processor(cited.style, list(state["items"].values()))
        note = to_pybtex_vocabulary(processor.process_citations(state["citations"])[-1])
        if textual:
            from citekit.citations.core import author_only

            author = author_only(processor, None, keys[0], keys[0] in seen)[0]  # type: ignore[arg-type]
            names = to_pybtex_vocabulary(author)
        footnote = _note_node(document, env, refs, note.capfirst())
        mark = FootReferenceText(type(refs[0].info)(key=keys[0], document=document,
                                                    refname=footnote["names"][0]), "#")
        return Text(names, mark) if str(names) else Text(mark)


def _names_plain(entry) -> str:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(p.last_names) for p in persons]
    return (last[0] + " et al." if len(last) > 2 else " and ".join(last)) if last else ""


def _note_node(document, env, refs: list[_Reference], text: Text):
    """The footnote holding ``text``: the one sphinxcontrib-bibtex just made for a first
    citation (its bibliography-form content replaced), else a new one in the same place."""
    import docutils.nodes
    import pybtex_docutils
    from pybtex.style import FormattedEntry

    container = env.temp_data["bibtex_foot_bibliography"]
    refnames = {ref.info.refname for ref in refs}
    fresh = [node for node in container.children
             if isinstance(node, docutils.nodes.footnote) and not node.get("citekit")
             and refnames & set(node["names"])]
    for extra in fresh[1:]:  # one note per citation, however many works it cites
        container.remove(extra)
        if extra in document.autofootnotes:
            document.autofootnotes.remove(extra)
    if fresh:
        footnote = fresh[0]
        footnote.children = []
    else:
        count = env.temp_data["citekit_note_count"] = env.temp_data.get("citekit_note_count", 0) + 1
        footnote = docutils.nodes.footnote(auto=1)
        footnote["names"] += [docutils.nodes.make_id(f"citekit-note-{env.docname}-{count}")]
        document.note_autofootnote(footnote)
        document.note_explicit_target(footnote, footnote)
        container += footnote
        env.temp_data.setdefault("bibtex_foot_new_refs", set()).add(refs[0].entry.key)
    footnote["citekit"] = True
    footnote += pybtex_docutils.Backend().paragraph(FormattedEntry(refs[0].entry.key, text, ""))
    return footnote


# ---------------------------------------------------------------- the Sphinx extension


#: the lists' layout: entries without labels, hanging indent where the style has one
CSS = """\
div.citation.citekit-entry { display: block; margin: 0 0 0.5em 0; }
div.citation.citekit-entry > p { margin: 0; }
div.citation.citekit-hanging > p { padding-left: 2em; text-indent: -2em; }
"""


def _config_inited(app, config) -> None:
    name = config.citekit_style
    if not name:
        return
    from citekit.styles import CURATED

    if name in CURATED:
        config.bibtex_default_style = f"citekit-{name}"
    else:  # a .csl file or an installed style by file name: a pybtex style made for it
        import pybtex.plugin

        from citekit.styles import resolve_style

        path = str(resolve_style(name))
        style_class = type("CustomCitekitStyle", (CitekitStyle,), {"csl_style": path})
        pybtex.plugin.register_plugin("pybtex.style.formatting", f"citekit:{path}",
                                      style_class, force=True)
        config.bibtex_default_style = f"citekit:{path}"
    config.bibtex_reference_style = "citekit"
    config.bibtex_foot_reference_style = "citekit"


def _builder_inited(app) -> None:
    # crossref parents of cited entries may be uncited: the style looks them up here
    domain = app.env.get_domain("cite")
    CitekitStyle.parent_data = domain.bibdata.data
    if app.builder.format == "html":
        app.add_css_file("citekit.css")


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / "citekit.css").write_text(CSS, encoding="utf-8")


def _list_transform():
    from docutils import nodes
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class CitekitListTransform(SphinxPostTransform):
        """Author-date and note lists: no bracketed labels, a hanging indent if the style
        asks (HTML; LaTeX's ``thebibliography`` needs its labels)."""

        default_priority = 6  # after sphinxcontrib-bibtex fills the lists (5), before refs (10)
        formats = ("html",)

        def run(self, **kwargs) -> None:
            domain = self.env.get_domain("cite")
            by_id = {c.citation_id: c for c in domain.citations}
            for node in list(self.document.findall(nodes.citation)):
                citation = by_id.get(node["ids"][0]) if node["ids"] else None
                cited = getattr(getattr(citation, "formatted_entry", None), "cited_list", None)
                if cited is None or cited.numeric:
                    continue
                for label in [c for c in node.children if isinstance(c, nodes.label)]:
                    node.remove(label)
                node["classes"] += ["citekit-entry"] + (["citekit-hanging"] if cited.hanging_indent else [])

    return CitekitListTransform


def setup(app) -> dict[str, Any]:
    """``extensions = ["citekit.sphinxext"]`` (sphinxcontrib.bibtex is loaded with it)."""
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_config_value("citekit_style", None, "env")
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited, priority=600)  # after bibtex read the .bib
    app.add_post_transform(_list_transform())
    app.connect("build-finished", _build_finished)
    from citekit import __version__

    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
