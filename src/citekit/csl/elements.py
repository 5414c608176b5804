"""The compiled rendering elements of a CSL style: each node has ``render(ctx) -> Out | None``.

A style is compiled once into these nodes (see ``style``); rendering an item walks them with a
``Context`` holding the item, the cite (locator, position), the locale and disambiguation state.
"""

from __future__ import annotations

import re

from .dates import parse_date
from .errors import CSLError
from .names import NameFormatter
from .links import HREF_TAG, LINK_VARIABLES, link_target, split_prefix
from .numbers import LABELLED, format_number_string, format_page, is_numeric, is_plural
from .output import Leaf, Out, is_empty, parse_markup
from .textcase import apply_text_case

FORMAT_TAGS = {
    ("font-style", "italic"): "i", ("font-style", "oblique"): "oblique",
    ("font-style", "normal"): "nostyle",
    ("font-variant", "small-caps"): "sc", ("font-variant", "normal"): "novariant",
    ("font-weight", "bold"): "b", ("font-weight", "light"): "light",
    ("font-weight", "normal"): "noweight",
    ("text-decoration", "underline"): "u", ("text-decoration", "none"): "nodecoration",
    ("vertical-align", "sup"): "sup", ("vertical-align", "sub"): "sub",
    ("vertical-align", "baseline"): "baseline",
}

NAME_VARIABLES = frozenset(
    "author chair collection-editor compiler composer container-author contributor curator "
    "director editor editorial-director editor-translator executive-producer guest host "
    "illustrator interviewer narrator organizer original-author performer producer recipient "
    "reviewed-author script-writer series-creator translator".split()
)
DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted".split()
)
NUMBER_LABEL_TERMS = {"number-of-pages": "page", "number-of-volumes": "volume",
                      "locator": None, "chapter-number": "chapter", "collection-number": "issue",
                      "citation-number": "citation-number"}

NAME_OPTION_ATTRS = (
    "and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min",
    "et-al-use-first", "et-al-use-last", "et-al-subsequent-min", "et-al-subsequent-use-first",
    "initialize", "initialize-with", "name-as-sort-order", "sort-separator",
)


def local(tag) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


class Context:
    """Per-render state: item, cite, mode, and counters for group suppression."""

    __slots__ = ("proc", "style", "item", "cite", "mode", "locale", "called", "rendered",
                 "suppressed", "name_opts", "disamb", "sort", "year_suffix_done", "position",
                 "names_out", "in_sort_macro", "english", "date_var", "substituting",
                 "sub_used", "name_vars", "disamb_tests", "plan_key", "kind_no", "dynamic")

    def __init__(self, proc, item, cite, mode, name_opts, disamb=None, position=None):
        self.proc = proc
        self.style = proc.style
        self.item = item
        self.cite = cite or {}
        self.mode = mode
        self.locale = proc.locale
        self.called = 0
        self.rendered = 0
        self.suppressed = set()
        self.name_opts = name_opts
        self.disamb = disamb
        self.sort = None  # (names_min, names_use_first, names_use_last) when sorting
        self.year_suffix_done = False
        self.position = position  # 0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator
        self.names_out = None
        self.disamb_tests = 0  # disambiguate="true" tests met so far in this rendering
        self.in_sort_macro = False
        self.date_var = None
        self.substituting = 0
        self.sub_used = set()  # variables a substitute rendered: suppressed once it is done
        self.name_vars = set()  # name variables this rendering printed (givenname rules)
        self.plan_key = None  # the item's kind for Choose plans, once asked
        self.kind_no = None  # kind_number(plan_key), once asked (-1: no kind)
        #: a branch was taken on more than the item's kind (a test left in a Choose plan,
        #: a names substitution): the same kind may render other elements
        self.dynamic = False
        lang = (item.get("language") or "")
        if lang:
            self.english = lang.lower().startswith("en")
        else:
            self.english = (proc.locale.lang or "en").lower().startswith("en")

    def suppress_substituted(self, name):
        """A variable a substitute rendered is used up for the rest of the cite; sub_used
        remembers it for labels inside the same substitute (a number and its label)."""
        self.suppressed.add(name)
        self.sub_used.add(name)

    def kind_number(self):
        """kind_number() of the item's kind (:func:`plan_key`), -1 when it has none."""
        key = self.plan_key
        if key is None:
            key = self.plan_key = self.proc.item_kind(self.item)
        no = self.kind_no = -1 if key is False else kind_number(key)
        return no

    def variable(self, name, for_label=False):
        if name in self.suppressed and not (for_label and name in self.sub_used):
            return None
        if name == "locator":
            loc = self.cite.get("locator")
            return loc.strip() if isinstance(loc, str) else loc
        if name == "first-reference-note-number":
            return self.cite.get("first-reference-note-number")
        if name == "citation-number":
            return self.proc.citation_number(self.item.get("id"))
        if name == "year-suffix":
            return self.disamb.year_suffix_text if self.disamb else None
        if name == "page-first":
            v = self.item.get("page-first")
            if v is None:
                p = self.item.get("page")
                if p is not None:
                    import re
                    m = re.match(r"\s*([^\s\-\u2013,&]+)", str(p))
                    v = m.group(1) if m else None
            return v
        v = self.item.get(name)
        if v is None and name == "citation-label":
            v = trigraph(self.item)
        if v is None and name == "title-short":
            v = self.item.get("shortTitle")
        if v is None and name == "container-title-short":
            v = self.item.get("journalAbbreviation")
        return v


def trigraph(item) -> str | None:
    """citation-label when the item has none: the default trigraph "Aaaa00:AaAa00:AaAA00:AAAA00"."""
    names = None
    for var in ("author", "editor", "translator", "composer", "director"):
        if isinstance(item.get(var), list) and item[var]:
            names = item[var]
            break
    from .names import split_particles
    fams = [(split_particles(n).get("family") or n.get("literal") or "").replace(" ", "")
            for n in names or []]
    if not fams:
        title = (item.get("title") or "").replace(" ", "")
        if not title:
            return None
        fams = [title]
    if len(fams) == 1:
        label = fams[0][:4]
    elif len(fams) == 2:
        label = fams[0][:2] + fams[1][:2]
    elif len(fams) == 3:
        label = fams[0][:2] + fams[1][:1] + fams[2][:1]
    else:
        label = "".join(f[:1] for f in fams[:4])
    issued = item.get("issued")
    year = ""
    if isinstance(issued, dict) and issued.get("date-parts"):
        try:
            year = "%02d" % (int(issued["date-parts"][0][0]) % 100)
        except (TypeError, ValueError, IndexError):
            year = ""
    return label + year


class Element:
    """Shared attributes: affixes, formatting, display, quotes, strip-periods, text-case."""

    __slots__ = ("prefix", "suffix", "tags", "display", "quote", "strip", "case", "delimiter",
                 "line", "bare")

    def __init__(self, el, style):
        a = el.attrib
        self.prefix = a.get("prefix", "")
        self.suffix = a.get("suffix", "")
        tags = []
        # outermost first: vertical-align wraps decoration wraps weight wraps variant wraps style
        for key in ("vertical-align", "text-decoration", "font-weight", "font-variant",
                    "font-style"):
            v = a.get(key)
            if v is not None:
                t = FORMAT_TAGS.get((key, v))
                if t:
                    tags.append(t)
        self.tags = tuple(tags)
        self.display = a.get("display")
        self.quote = a.get("quotes") == "true"
        self.strip = a.get("strip-periods") == "true"
        self.case = a.get("text-case")
        self.delimiter = a.get("delimiter", "")
        self.line = el.sourceline
        self.bare = self._is_bare()

    def _is_bare(self):
        """Nothing for :meth:`finish` to do (no affixes, formatting, case or display)."""
        return not (self.strip or self.case or self.tags or self.prefix or self.suffix
                    or self.quote or self.display)

    def finish(self, content, ctx, english=None, link=None):
        """english: whether title/sentence case applies; terms pass the locale's language,
        since their text comes from the locale rather than from the item. link: the target
        of an identifier (URL, DOI...): the content becomes a link, with a prefix that is
        the start of a web address ("https://doi.org/") inside it (see csl.links)."""
        if content is None or (link is None and self.bare):
            return content
        if self.strip:
            for lf in _leaves(content):
                lf.text = lf.text.replace(".", "")
        if self.case:
            turkic = self.case == "uppercase" and str(ctx.item.get("language") or "")[:2].lower() in ("tr", "az")
            apply_text_case(content, self.case, ctx.english if english is None else english, turkic)
        prefix = self.prefix
        if link is not None:
            prefix, inside = split_prefix(prefix)
            kids = [Leaf(inside, True), content] if inside else [content]
            content = Out(kids, (HREF_TAG + link,))
        if not (self.tags or prefix or self.suffix or self.quote or self.display):
            return content
        if self.display:
            # affixes of a display block go inside it
            return Out([Out([content], self.tags, prefix, self.suffix, self.quote)],
                       display=self.display)
        return Out([content], self.tags, prefix, self.suffix, self.quote)


def _leaves(node):
    from .output import leaves
    return leaves(node)


def join(kids, delimiter):
    if len(kids) == 1:
        k = kids[0]
        if k is None or k.__class__ is not Out or k.role != "splice":
            return k
    flat = []
    for k in kids:
        if k is None:
            continue
        if k.__class__ is Out and k.role == "splice":
            flat.extend(k.kids)
        else:
            flat.append(k)
    kids = flat
    if not kids:
        return None
    if len(kids) == 1:
        return kids[0]
    if delimiter and len(kids) > 1:
        out = [kids[0]]
        for k in kids[1:]:
            out.append(Out([], prefix=delimiter, role="delim"))
            out.append(k)
        kids = out
    return Out(kids)


# ---------------------------------------------------------------- text

class Text(Element):
    __slots__ = ("variable", "macro", "term", "value", "form", "plural", "style")

    def __init__(self, el, style):
        super().__init__(el, style)
        a = el.attrib
        self.variable = a.get("variable")
        self.macro = a.get("macro")
        self.term = a.get("term")
        self.value = a.get("value")
        self.form = a.get("form", "long")
        self.plural = a.get("plural") == "true"
        self.style = style
        if self.macro is not None and self.macro not in style.macro_xml:
            raise CSLError(f"{style.source}: <text macro=\"{self.macro}\"> (line {el.sourceline}): "
                           f"no macro named {self.macro!r}")
        if self.term is not None:
            style.check_term(self.term, el)

    def render(self, ctx):
        if self.variable is not None:
            content = render_variable(self.variable, self.form, ctx)
            if content is not None and self.variable in LINK_VARIABLES and ctx.mode != "sort":
                value = ctx.variable(self.variable)
                target = link_target(self.variable, value) if isinstance(value, str) else None
                return self.finish(content, ctx, link=target)
            return self.finish(content, ctx)
        if self.macro is not None:
            kids = render_suppressible(self.style.macros[self.macro].children, ctx)
            out = None if kids is None else join(kids, "")
            if out is not None:
                # non-empty macro output counts as a rendered variable for enclosing groups
                ctx.called += 1
                ctx.rendered += 1
            return self.finish(out, ctx)
        if self.term is not None:
            t = ctx.locale.term(self.term, self.form, self.plural)
            if not t:
                return None
            return self.finish(Out([Leaf(t)], role="term"), ctx, _locale_english(ctx))
        if self.value is not None:
            return self.finish(parse_markup(self.value), ctx) if self.value else None
        return None


def render_variable(name, form, ctx):
    value = None
    if form == "short":
        value = ctx.variable(name + "-short")
        if value in (None, ""):
            value = ctx.variable(name)
    else:
        value = ctx.variable(name)
    if name == "year-suffix":
        # a placeholder for disambiguation: it never suppresses its group; sort keys are
        # made before disambiguation, so a macro sort key never contains it
        if not value or ctx.mode == "sort":
            return None
        ctx.called += 1
        ctx.rendered += 1
        ctx.year_suffix_done = True
        return Out([Leaf(str(value))], role="year-suffix")
    ctx.called += 1
    if value is None or value == "" or value == []:
        return None
    ctx.rendered += 1
    if ctx.substituting:
        ctx.suppress_substituted(name)
    return variable_out(name, value, ctx)


def variable_out(name, value, ctx):
    """The output of a variable with a value (counted as rendered by the caller)."""
    if name == "year-suffix":
        ctx.year_suffix_done = True
        return Out([Leaf(str(value))], role="year-suffix")
    if name == "citation-number":
        return Out([Leaf(str(value))], role="citation-number")
    if name == "citation-label":
        out = Out([Leaf(str(value))])
        d = ctx.disamb
        if (d is not None and d.year_suffix_text and not ctx.style.uses_year_suffix_var
                and not ctx.year_suffix_done):
            ctx.year_suffix_done = True
            out.kids.append(Out([Leaf(d.year_suffix_text)], role="year-suffix"))
        return out
    if name in ("page", "locator") and isinstance(value, str) and name == "page":
        return Out([Leaf(format_page(value, ctx.style.page_range_format, ctx.locale))])
    if name == "locator":
        if isinstance(value, str) and "&" in value:
            amp = ctx.locale.term("and", "symbol")
            if amp and amp != "&":
                return Out([Leaf(value.replace("&", amp))])
        if (ctx.cite.get("label") or "page") == "page":
            # page locators are page ranges: en dash even without a page-range-format
            return Out([Leaf(format_page(str(value), ctx.style.page_range_format, ctx.locale))])
        if "\\-" in str(value):
            return Out([Leaf(str(value).replace("\\-", "-"))])

        if is_numeric(value):
            import re as _re
            return Out([Leaf(_re.sub(r"\s*[-\u2013]\s*", "\u2013", str(value)))])
        return parse_markup(str(value))
    if isinstance(value, (int, float)):
        return Out([Leaf(str(value))])
    if isinstance(value, (list, dict)):
        return None
    if name in _NUMBER_VARS and "-" in value and is_numeric(value):
        import re as _re
        return Out([Leaf(_re.sub(r"\s*-\s*", "\u2013", value))])
    if name in ("URL", "DOI", "PMID", "PMCID"):
        return Out([Leaf(value)])
    return parse_markup(str(value))


# ---------------------------------------------------------------- number

class Number(Element):
    __slots__ = ("variable", "form")

    def __init__(self, el, style):
        super().__init__(el, style)
        self.variable = el.get("variable")
        self.form = el.get("form", "numeric")

    def render(self, ctx):
        value = ctx.variable(self.variable)
        ctx.called += 1
        if value is None or value == "":
            return None
        ctx.rendered += 1
        if ctx.substituting:
            ctx.suppress_substituted(self.variable)
        if self.variable == "citation-number":
            return self.finish(Out([Leaf(str(value))], role="citation-number"), ctx)
        s = str(value)
        if not is_numeric(s) and not (LABELLED.search(s) and is_numeric(LABELLED.sub("1", s))):
            return self.finish(Out([Leaf(s)]), ctx)
        gender = None
        if self.form in ("ordinal", "long-ordinal"):
            term = NUMBER_LABEL_TERMS.get(self.variable, self.variable)
            if self.variable == "locator":
                term = ctx.cite.get("label") or "page"
            gender = ctx.locale.term_gender(term) if term else None
        return self.finish(Out([Leaf(format_number_string(s, self.form, ctx.locale, gender))]), ctx)


# ---------------------------------------------------------------- label

class Label(Element):
    __slots__ = ("variable", "form", "plural")

    def __init__(self, el, style):
        super().__init__(el, style)
        self.variable = el.get("variable")
        self.form = el.get("form", "long")
        self.plural = el.get("plural", "contextual")

    def render(self, ctx):
        var = self.variable
        if var is None:
            return None
        value = ctx.variable(var, for_label=True)
        if value is None or value == "":
            return None
        if var == "locator":
            term = (ctx.cite.get("label") or "page").replace(" ", "-")
        else:
            term = NUMBER_LABEL_TERMS.get(var, var)
        if self.plural == "always":
            plural = True
        elif self.plural == "never":
            plural = False
        elif var in ("number-of-pages", "number-of-volumes"):
            try:
                plural = int(str(value).strip()) > 1
            except ValueError:
                plural = is_plural(value)
        else:
            plural = is_plural(value)
        t = ctx.locale.term(term, self.form, plural)
        if not t:
            return None
        return self.finish(Out([Leaf(t)]), ctx, _locale_english(ctx))

    def render_names_label(self, ctx, term, plural):
        t = ctx.locale.term(term, self.form, plural if self.plural == "contextual"
                            else self.plural == "always")
        if not t:
            return None
        return self.finish(Out([Leaf(t)]), ctx, _locale_english(ctx))


def _locale_english(ctx):
    return (ctx.locale.lang or "en").lower().startswith("en")


# ---------------------------------------------------------------- group / choose

class Children(list):
    """A compiled element's children, and per item kind (:func:`plan_key`) the ones it
    really renders: a <choose> decided for the kind gives way to the one child of its
    branch, or to nothing (a branch of several stays a <choose>: its output is one
    piece for the delimiters). Same output, some 40% fewer calls on APA."""

    __slots__ = ("by_kind",)

    def __init__(self, items=()):
        super().__init__(items)
        self.by_kind = {}

    def for_ctx(self, ctx):
        no = ctx.kind_no
        if no is None:
            no = ctx.kind_number()
        if no < 0:
            return self
        flat = self.by_kind.get(no)
        return flat if flat is not None else self._resolve(ctx.plan_key, no)

    def _resolve(self, key, no):
        flat = []
        for ch in self:
            while ch.__class__ is Choose:
                plan = ch.plans.get(key)
                if plan is None:
                    plan = ch.plan(key)
                if not plan:
                    ch = None  # no branch for this kind: renders nothing
                    break
                cond, kids = plan[0]
                if cond is not None or len(kids) > 1:
                    break
                ch = kids[0] if kids else None
            if ch is not None:
                flat.append(ch)
        flat = tuple(flat)
        self.by_kind[no] = flat
        return flat


_KIND_NUMBERS: dict = {}


def kind_number(key) -> int:
    """A small number for an item kind (:func:`plan_key`): a cheaper dictionary key than
    the kind's tuple, the same in every processor (never reused for another kind)."""
    no = _KIND_NUMBERS.get(key)
    if no is None:
        no = _KIND_NUMBERS[key] = len(_KIND_NUMBERS)
    return no


def render_suppressible(children, ctx):
    """Render ``children``; None when they called variables and none of them rendered.

    That is the group suppression rule of CSL 1.0.2; macros are treated the same
    way, as citeproc-js does.
    """
    c0, r0 = ctx.called, ctx.rendered
    kids = []
    if children.__class__ is Children:
        no = ctx.kind_no
        flat = children.by_kind.get(no) if no is not None else None
        children = flat if flat is not None else children.for_ctx(ctx)
    for ch in children:
        r = ch.render(ctx)
        if r is not None:
            kids.append(r)
    if ctx.called > c0 and ctx.rendered == r0:
        return None
    return kids


class Group(Element):
    __slots__ = ("children",)

    def __init__(self, el, style):
        super().__init__(el, style)
        self.children = style.compile_children(el)

    def render(self, ctx):
        kids = render_suppressible(self.children, ctx)
        if kids is None:
            return None
        out = self.finish(join(kids, self.delimiter), ctx)
        if out is not None:
            # a non-empty nested group counts as rendered content for its parent group
            ctx.called += 1
            ctx.rendered += 1
        return out


class Macro:
    __slots__ = ("name", "children")

    def __init__(self, name):
        self.name = name
        self.children = []

    def render(self, ctx):
        kids = render_suppressible(self.children, ctx)
        return None if kids is None else join(kids, "")


class Choose:
    __slots__ = ("branches", "plans")

    def __init__(self, el, style):
        self.branches = []
        self.plans = {}
        for b in el:
            tag = local(b.tag)
            if tag not in ("if", "else-if", "else"):
                continue
            cond = None if tag == "else" else Condition(b, style)
            self.branches.append((cond, style.compile_children(b)))

    def plan(self, key):
        """The branches left to test for items of one kind: ``key`` is the item's type and
        the set of variables it has (:func:`plan_key`). Conditions on the type and on the
        presence of ordinary variables are decided once per kind (a style asks some 80 such
        questions an entry); the rest stay, in order (their tests may have effects:
        disambiguate)."""
        plan = []
        for cond, children in self.branches:
            if cond is not None:
                decided = cond.static_result(key)
                if decided is False:
                    continue
                if decided is True:
                    cond = None
            plan.append((cond, children))
            if cond is None:
                break
        plan = tuple(plan)
        self.plans[key] = plan
        return plan

    def inherit(self, parent):
        """A <choose> inside <substitute>: its <names> inherit from the parent <names> too
        (as in citeproc-js and pandoc; Chicago puts editor substitutes in a choose)."""
        clone = object.__new__(Choose)
        clone.plans = {}
        clone.branches = [(cond, Children(ch.inherit(parent) if isinstance(ch, (Names, Choose))
                                          else ch for ch in children))
                          for cond, children in self.branches]
        return clone

    def render(self, ctx):
        key = ctx.plan_key
        if key is None:
            key = ctx.plan_key = ctx.proc.item_kind(ctx.item)
        if key is False:
            ctx.dynamic = True
            plan = self.branches
        else:
            plan = self.plans.get(key)
        if plan is None:
            plan = self.plan(key)
        for cond, children in plan:
            if cond is not None and cond.item_dependent:
                ctx.dynamic = True
            if cond is None or cond.test(ctx):
                kids = []
                if children.__class__ is Children:
                    children = children.for_ctx(ctx)
                for ch in children:
                    r = ch.render(ctx)
                    if r is not None:
                        kids.append(r)
                if not kids:
                    return None
                return kids[0] if len(kids) == 1 else Out(kids, role="splice")
        return None


def plan_key(item):
    """An item's kind for :meth:`Choose.plan`: its type, the variables it has (non-empty,
    as a ``variable`` condition counts them), its uncertain (circa) dates and its "odd"
    variables (an empty list or mapping where text is expected: some elements count it as
    rendered, so the layout compiler leaves them to the interpreter); False when the type
    is not hashable."""
    present = []
    odd = []
    for k, v in item.items():
        if v is None or v == "":
            continue
        if v == [] or v == {}:
            if k not in NAME_VARIABLES and k not in DATE_VARIABLES:
                odd.append(k)
            continue
        present.append(k)
    present = frozenset(present)
    uncertain = frozenset(k for k in DATE_VARIABLES.intersection(present)
                          if _uncertain(item.get(k)))
    key = (item.get("type"), present, uncertain, frozenset(odd))
    try:
        hash(key)
    except TypeError:
        return False
    return key


def _uncertain(value):
    """is-uncertain-date of one date value."""
    d = parse_date(value)
    return bool(d and d.circa)


_NUMBER_VARS = frozenset(["volume", "issue", "number", "chapter-number", "collection-number",
                          "number-of-volumes", "number-of-pages", "part-number",
                          "supplement-number", "printing-number"])
_SPECIAL_VARS = frozenset(["locator", "first-reference-note-number", "citation-number",
                           "year-suffix", "page-first"])
_ALIASES = frozenset(["title-short", "container-title-short"])
_CITE_VARS = frozenset(["locator", "first-reference-note-number"])  # from the cite, not the item

POSITIONS = {"first": 0, "subsequent": 1, "ibid": 2, "ibid-with-locator": 3}


def _matches(match, results):
    """match="any"/"all"/"none" over lazily computed test results (stops when decided)."""
    for r in results:
        if match == "any" and r:
            return True
        if match == "all" and not r:
            return False
        if match == "none" and r:
            return False
    return match != "any"


class Condition:
    __slots__ = ("tests", "match", "types", "static", "item_dependent")

    def __init__(self, el, style):
        self.match = el.get("match", "all")
        self.tests = []
        for key in ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position",
                    "disambiguate"):
            v = el.get(key)
            if v is not None:
                for token in v.split():
                    self.tests.append((key, token))
        self.types = None
        if self.tests and all(k == "type" for k, _ in self.tests):
            self.types = frozenset(v for _, v in self.tests)
        if not self.tests:
            raise CSLError(f"{style.source}: <{local(el.tag)}> (line {el.sourceline}) has no condition")
        self.static = all(k in ("type", "is-uncertain-date") or
                          (k == "variable" and v not in _SPECIAL_VARS and v not in _ALIASES)
                          for k, v in self.tests)
        #: the result may differ between items of one kind rendered in the same cite,
        #: position and disambiguation state (tests on values: is-numeric, page-first...)
        self.item_dependent = any(
            (k == "is-numeric" and v != "locator") or
            (k == "variable" and v in _SPECIAL_VARS and v not in _CITE_VARS)
            for k, v in self.tests)

    def static_result(self, key):
        """:meth:`test` for an item of kind ``key`` (:func:`plan_key`) when every test is on
        the type, an uncertain date or an ordinary variable's presence (tests without
        effects), else None."""
        if not self.static:
            return None
        item_type, present, uncertain = key[0], key[1], key[2]
        return _matches(self.match, (item_type == v if k == "type" else
                                     v in uncertain if k == "is-uncertain-date" else
                                     v in present
                                     for k, v in self.tests))

    def test(self, ctx):
        m = self.match
        if self.types is not None:
            hit = ctx.item.get("type") in self.types
            return hit if m == "any" else (not hit if m == "none" else
                                           (hit and len(self.tests) == 1))
        return _matches(m, self._results(ctx))

    def _results(self, ctx):
        """Each test's result, computed when asked (tests may have effects: disambiguate)."""
        item = ctx.item
        for key, v in self.tests:
            if key == "type":
                yield item.get("type") == v
            elif key == "variable" and v not in _SPECIAL_VARS:
                # a variable used up by a substitute still exists for conditions (as in
                # citeproc-js and pandoc): APA asks "has an editor?" after printing "In Eds."
                x = item.get(v)
                r = x is not None and x != "" and x != [] and x != {}
                if not r and v in _ALIASES:
                    r = self._one(ctx, key, v)
                yield r
            else:
                yield self._one(ctx, key, v)

    def _one(self, ctx, key, v):
        item = ctx.item
        if key == "type":
            return item.get("type") == v
        if key == "is-uncertain-date":
            return _uncertain(item.get(v))
        if key == "variable":
            if v in ("locator", "first-reference-note-number"):
                x = ctx.cite.get(v)
                return x is not None and x != ""
            x = ctx.variable(v)
            if v == "citation-number":
                return x is not None
            return x is not None and x != "" and x != [] and x != {}
        if key == "is-numeric":
            x = ctx.variable(v)
            return x is not None and is_numeric(x)
        if key == "locator":
            if not ctx.cite.get("locator"):
                return False
            label = ctx.cite.get("label") or "page"
            return label == v or (v == "sub-verbo" and label == "sub verbo")
        if key == "position":
            if ctx.mode != "citation" or ctx.position is None:
                return False
            pos = ctx.position
            if v == "first":
                return pos == 0
            if v == "subsequent":
                return pos >= 1
            if v == "ibid":
                return pos in (2, 3)
            if v == "ibid-with-locator":
                return pos == 3
            if v == "near-note":
                return bool(ctx.cite.get("near-note")) and pos >= 1
            return False
        if key == "disambiguate":
            # incremental, as citeproc-js: level n makes the first n such tests true
            level = ctx.disamb.condition if ctx.disamb else 0
            n = ctx.disamb_tests
            ctx.disamb_tests = n + 1
            return (v == "true") == (n < level)
        return False


# ---------------------------------------------------------------- names

class NameSpec:
    """A <name> element: its own options, formatting and name-parts."""

    __slots__ = ("attrs", "prefix", "suffix", "tags", "parts", "delimiter")

    def __init__(self, el, style):
        self.attrs = {k: v for k, v in el.attrib.items()}
        self.prefix = el.get("prefix", "")
        self.suffix = el.get("suffix", "")
        self.tags = Element(el, style).tags
        self.parts = {}
        for p in el:
            if local(p.tag) == "name-part":
                e = Element(p, style)
                self.parts[p.get("name")] = (e.tags, e.prefix, e.suffix, e.case)


class Names(Element):
    __slots__ = ("variables", "name", "etal", "label", "label_after", "substitute", "style",
                 "has_name")

    def __init__(self, el, style):
        super().__init__(el, style)
        self.style = style
        self.variables = el.get("variable", "").split()
        self.name = None
        self.etal = None
        self.label = None
        self.label_after = False
        self.substitute = None
        self.has_name = False
        for ch in el:
            tag = local(ch.tag)
            if tag == "name":
                self.name = NameSpec(ch, style)
                self.has_name = True
            elif tag == "et-al":
                self.etal = (ch.get("term", "et-al"), Element(ch, style))
            elif tag == "label":
                self.label = Label(ch, style)
                # CSL: the label follows the names unless written before an explicit <name>
                self.label_after = self.name is not None or not any(
                    local(c.tag) == "name" for c in el)
            elif tag == "substitute":
                self.substitute = style.compile_children(ch)
        if self.name is None:
            self.name = NameSpec(el.makeelement(el.tag.replace("names", "name")), style)

    def inherit(self, parent: "Names"):
        """A <names> inside <substitute> takes its parent's name, et-al and label when absent."""
        clone = object.__new__(Names)
        for s in Names.__slots__ + Element.__slots__:
            setattr(clone, s, getattr(self, s))
        if not self.has_name:
            clone.name = parent.name
            clone.etal = self.etal or parent.etal
            clone.label = self.label or parent.label
            clone.label_after = parent.label_after if not self.label else self.label_after
        if not self.delimiter and parent.delimiter:
            clone.delimiter = parent.delimiter
        return clone

    def render(self, ctx):
        out = self._render_vars(ctx)
        if out is not None:
            return out
        if any(ctx.item.get(v) for v in self.variables):
            ctx.dynamic = True  # names present but none printed: decided on their values
        if self.substitute:
            for sub in self.substitute:
                if isinstance(sub, (Names, Choose)):
                    ikey = ("inherit", id(sub), id(self))
                    inherited = ctx.style.cache.get(ikey)
                    if inherited is None:
                        inherited = ctx.style.cache[ikey] = sub.inherit(self)
                    sub = inherited
                ctx.substituting += 1
                outer_used = ctx.sub_used
                ctx.sub_used = set()
                try:
                    r = sub.render(ctx)
                finally:
                    ctx.substituting -= 1
                    used, ctx.sub_used = ctx.sub_used, outer_used
                    if ctx.substituting:
                        outer_used.update(used)
                if r is None and isinstance(sub, Text) and sub.term is not None and \
                        ctx.locale.term(sub.term, sub.form, sub.plural) is not None:
                    return None  # a term defined as empty still ends the substitution
                if r is not None and not is_empty(r):
                    # the substitute takes the place of this element, with its formatting
                    r = self.finish(r, ctx) or r
                    if ctx.names_out is None:
                        ctx.names_out = [r]
                    # the substituted variables are used up for the rest of this cite
                    if isinstance(sub, Names):
                        ctx.suppressed.update(v for v in sub.variables)
                    else:
                        _suppress_vars(sub, ctx)
                    return r
                if not isinstance(sub, Names):
                    ctx.dynamic = True  # an alternative that printed nothing may have values
        return None

    def _opts(self, ctx):
        """Inherited name options merged with this <name>'s own (cached per context)."""
        key = ("nameopts", id(self.name), id(ctx.name_opts))
        cache = ctx.style.cache
        o = cache.get(key)
        if o is None:
            o = dict(ctx.name_opts)
            o.update(self.name.attrs)
            if "delimiter" not in self.name.attrs:
                o["delimiter"] = ctx.name_opts.get("name-delimiter", ", ")
            cache[key] = o
        return o

    def _render_vars(self, ctx):
        values = []
        for v in self.variables:
            ctx.called += 1
            names = ctx.variable(v)
            if names and isinstance(names, list):
                values.append((v, names))
        if not values:
            return None
        ctx.rendered += 1
        ctx.name_vars.update(v for v, _ in values)
        if ctx.substituting:
            for v, _ in values:
                ctx.suppress_substituted(v)
        o = self._opts(ctx)
        if o.get("form") == "count":
            total = 0
            for v, names in values:
                total += _count(names, o, ctx)
            if not total:
                return None
            return Out([Leaf(str(total))])
        # editor + translator with the same names: one list, "editortranslator" label
        if len(values) >= 2:
            vs = [v for v, _ in values]
            if "editor" in vs and "translator" in vs and ctx.locale.term("editortranslator"):
                ed = dict(values)["editor"]
                tr = dict(values)["translator"]
                if ed == tr:
                    values = [(("editortranslator" if vv == "editor" else vv), n)
                              for vv, n in values if vv != "translator"]
        parts = []
        for v, names in values:
            node = self._render_list(v, names, o, ctx)
            if node is not None:
                parts.append(node)
        if ctx.names_out is None and parts:
            ctx.names_out = parts
        res = join(parts, self.delimiter or ctx.name_opts.get("names-delimiter", ""))
        if res is None:
            return None
        if len(parts) == 1:
            res = Out([res])
        res.role = "names"
        r = self.finish(res, ctx)
        if r is not None and r is not res:
            r.role = "names"
        return r

    def _render_list(self, var, names, o, ctx):
        style = ctx.style
        fkey = ("namefmt", id(o), id(ctx.locale))
        fmt = style.cache.get(fkey)
        if fmt is None:
            fmt = style.cache[fkey] = NameFormatter(o, self.name.parts, ctx.locale, style.demote)
        # BibTeX's "and others" (CSL JSON's literal "others", as pandoc writes it) is et al.
        others = len(names) > 1 and names[-1].get("literal") == "others" and not names[-1].get("family")
        if others:
            names = names[:-1]
        n = len(names)
        etal_min = _int(o.get("et-al-min"))
        etal_first = _int(o.get("et-al-use-first"))
        if ctx.position and ctx.position >= 1 and ctx.mode == "citation":
            if o.get("et-al-subsequent-min"):
                etal_min = _int(o.get("et-al-subsequent-min"))
            if o.get("et-al-subsequent-use-first"):
                etal_first = _int(o.get("et-al-subsequent-use-first"))
        use_last = o.get("et-al-use-last") == "true"
        if ctx.sort is not None:
            smin, sfirst, slast = ctx.sort
            if smin is not None:
                etal_min = smin
            if sfirst is not None:
                etal_first = sfirst
            if slast is not None:
                use_last = slast == "true"
        shown = n
        truncated = False
        total = n + others  # "and others": at least one more name than written
        if etal_min and etal_first and total >= etal_min and etal_first < total:
            shown = min(etal_first, n)
            truncated = True
        elif etal_min and n >= etal_min and o.get("et-al-use-first") == "0":
            return None
        dis = ctx.disamb
        if dis is not None and dis.extra_names and truncated:
            shown = min(n, shown + dis.extra_names)
            truncated = shown < n
        truncated = truncated or others
        if ctx.sort is not None and ctx.mode == "sort":
            # variable sort keys: names as strings
            keys = [fmt.sort_string(nm) for nm in names[:shown]]
            if truncated and use_last and shown + 1 < n:
                keys.append(fmt.sort_string(names[-1]))
            return Out([Leaf("\u0001".join(keys))])
        rendered = []
        for i, nm in enumerate(names[:shown]):
            level = 0
            if dis is not None and dis.given_levels:
                level = dis.given_levels.get((var, i), 0)
            node = fmt.format_name(nm, i, level)
            if node is not None:
                node = Out([node], role="name")
                rendered.append((i, node))
        if not rendered:
            return None
        nodes = [nd for _, nd in rendered]
        delim = o.get("delimiter", ", ")
        and_ = o.get("and")
        and_term = None
        if and_ == "text":
            and_term = ctx.locale.term("and") or "and"
        elif and_ == "symbol":
            and_term = "&"
        kids = []
        count = len(nodes)
        for i, node in enumerate(nodes):
            if i > 0:
                last = i == count - 1
                if last and not truncated and and_term is not None:
                    dpl = o.get("delimiter-precedes-last", "contextual")
                    use = (dpl == "always" or (dpl == "contextual" and count >= 3) or
                           (dpl == "after-inverted-name" and _inverted(o, i - 1)
                            and _personal(names[rendered[i - 1][0]])))
                    if and_term[-1:] in _GLUE_SPACES:
                        # a term that brings its own (narrow) space is a prefix of the name
                        # (Hebrew "ו\u2008"): no word spaces around it
                        joined = (delim if use else "") + and_term
                    else:
                        joined = (delim if use else " ") + and_term + " "
                    kids.append(Out([], prefix=joined, role="delim"))
                else:
                    kids.append(Out([], prefix=delim, role="delim"))
            kids.append(node)
        if truncated:
            if use_last and shown + 1 < n and len(names) > shown:
                last_node = fmt.format_name(names[-1], n - 1, 0)
                if last_node is not None:
                    kids.append(Out([], prefix=delim + "\u2026 "))
                    kids.append(last_node)
            else:
                term, etal_el = self.etal if self.etal else ("et-al", None)
                t = ctx.locale.term(term)
                if t:
                    dpe = o.get("delimiter-precedes-et-al", "contextual")
                    use = (dpe == "always" or (dpe == "contextual" and shown >= 2) or
                           (dpe == "after-inverted-name" and _inverted(o, shown - 1)))
                    # a CJK term follows the name without a space ("Ziggy Zither等")
                    kids.append(Out([], prefix=delim if use else ("" if _CJK_START.match(t) else " ")))
                    etnode = Out([Leaf(t)])
                    if etal_el is not None:
                        etnode = etal_el.finish(etnode, ctx) or etnode
                    kids.append(etnode)
        body = Out(kids, tags=self.name.tags, prefix=self.name.prefix, suffix=self.name.suffix,
                   role="namelist")
        if self.label is not None:
            term = var
            plural = len(names) > 1
            lab = self.label.render_names_label(ctx, term, plural)
            if lab is not None:
                return Out([body, lab] if self.label_after else [lab, body])
        return body


_CJK_START = re.compile("[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_GLUE_SPACES = frozenset("\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f")


def _personal(name):
    return bool(name.get("family")) and name.get("literal") is None


def _inverted(o, i):
    nso = o.get("name-as-sort-order")
    return nso == "all" or (nso == "first" and i == 0)


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def _count(names, o, ctx):
    n = len(names)
    etal_min = _int(o.get("et-al-min"))
    etal_first = _int(o.get("et-al-use-first"))
    if ctx.position and ctx.position >= 1 and ctx.mode == "citation":
        if o.get("et-al-subsequent-min"):
            etal_min = _int(o.get("et-al-subsequent-min"))
        if o.get("et-al-subsequent-use-first"):
            etal_first = _int(o.get("et-al-subsequent-use-first"))
    if ctx.sort is not None:
        smin, sfirst, _ = ctx.sort
        if smin is not None:
            etal_min = smin
        if sfirst is not None:
            etal_first = sfirst
    if etal_min and etal_first and n >= etal_min and etal_first < n:
        n = etal_first
        if ctx.disamb is not None and ctx.disamb.extra_names:
            n = min(len(names), n + ctx.disamb.extra_names)
    return n


def _suppress_vars(node, ctx):
    """Variables rendered by a substitute (text/date/number...) are suppressed afterwards."""
    var = getattr(node, "variable", None)
    if var:
        ctx.suppressed.add(var)
    macro = getattr(node, "macro", None)
    if macro:
        for ch in ctx.style.macros[macro].children:
            _suppress_vars(ch, ctx)
    for ch in getattr(node, "children", None) or ():
        _suppress_vars(ch, ctx)
    # choose branches are not walked: what a taken branch rendered was suppressed as it
    # rendered (ctx.substituting), and an untaken branch's variables must stay usable
    if isinstance(node, Names):
        ctx.suppressed.update(node.variables)
