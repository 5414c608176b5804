"""A layout compiled per item kind into one Python function (generated source).

The interpreter (``elements``) walks the style's tree for every item: some 60 nodes an
APA entry, most of them groups and macros whose variables the item does not have. Items
of one kind (:func:`elements.plan_key`: type, variables present, uncertain dates) take
the same ``<choose>`` branches and lack the same variables, so for each kind the layout is
turned once into straight-line code: branches decided for the kind are inlined, nodes
that can only print nothing (their variables are absent) and groups that can only be
suppressed are left out, affixes, formatting, delimiters and locale terms become
constants. What is left per item is the value-dependent work: variable texts, text case,
tests on values, suppression of groups whose variables turn out empty, joining.

Names, dates, numbers, labels, special variables (locator, year-suffix...) and choose
tests that depend on values stay calls to the interpreter's nodes, so the compiled code
renders exactly what the interpreter renders. The group-suppression counters
(``ctx.called``/``ctx.rendered``) keep their meaning for the parent scopes: a left-out
node that would have called a variable is counted by one increment of its scope.
"""

from __future__ import annotations

from . import elements as E
from .date_element import Date
from .links import LINK_VARIABLES
from .output import Leaf, Out, leaves, parse_markup
from .textcase import apply_text_case

#: a node's output: never None, always None, or either
SOME, NONE, MAYBE = "some", "none", "maybe"
#: whether a node counts a called / rendered variable: never, always, or either
NO, YES, EITHER = 0, 1, 2

ENABLED = True  # tests compare the compiled layouts with the interpreter


class Code:
    """The code computing one node's output into ``var`` and what is known of it."""

    __slots__ = ("lines", "var", "out", "calls", "renders", "pure", "splice", "counts")

    def __init__(self, lines, var, out, calls, renders, pure, splice=False, counts=False):
        self.lines = lines
        self.var = var  # None when the output is always None
        self.out = out
        self.calls = calls
        self.renders = renders
        self.pure = pure  # no effect on the context but the counters
        self.splice = splice  # the output may be a choose's splice of several pieces
        #: an output that is not None was counted as a called and rendered variable
        self.counts = counts


def _merge(values):
    """YES/NO when every alternative agrees, else EITHER."""
    values = set(values)
    return values.pop() if len(values) == 1 else EITHER


def _merge_ifs(lines):
    """Adjacent blocks under the same ``if X is not None:`` at one indentation become one."""
    out = []
    open_header = None  # (header line, its indentation) of the block being written
    for ln in lines:
        pad = len(ln) - len(ln.lstrip(" "))
        if open_header is not None and pad <= open_header[1]:
            if ln == open_header[0]:
                continue  # same test again, right after the block: keep writing it
            open_header = None
        if ln.lstrip().startswith("if ") and ln.endswith(" is not None:"):
            open_header = (ln, pad)
        out.append(ln)
    return out


def _indent(lines, n=1):
    pad = "    " * n
    return [pad + ln for ln in lines]


class Compiler:
    """Generates the function for one layout and one item kind."""

    def __init__(self, style, key, locale, mode):
        self.style = style
        self.key = key
        self.no = E.kind_number(key)
        self.present = key[1]
        self.odd = key[3]
        self.locale = locale
        self.mode = mode
        self.english = (locale.lang or "en").lower().startswith("en")
        self.consts = {}
        self.names = {}
        self.counter = 0
        self.substitutable = substitutable(style)

    # ------------------------------------------------------------ helpers
    def tmp(self, prefix="t"):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def const(self, obj):
        name = self.names.get(id(obj))
        if name is None:
            name = self.names[id(obj)] = f"N{len(self.names)}"
            self.consts[name] = obj
        return name

    def absent(self, name):
        """Whether variable ``name`` is certainly empty for every item of the kind."""
        if name in E._SPECIAL_VARS or name == "citation-label" or name in self.odd:
            return False
        if name in self.present:
            return False
        if name == "title-short":
            return "shortTitle" not in self.present and "shortTitle" not in self.odd
        if name == "container-title-short":
            return ("journalAbbreviation" not in self.present
                    and "journalAbbreviation" not in self.odd)
        return True

    def plain_var(self, name):
        """A present variable read as ``item[name]`` (no alias, no special meaning)."""
        return (name in self.present and name not in E._SPECIAL_VARS
                and name != "citation-label" and name not in self.odd)

    def flat(self, children):
        if children.__class__ is E.Children:
            got = children.by_kind.get(self.no)
            return got if got is not None else children._resolve(self.key, self.no)
        return children

    # ------------------------------------------------------------ output
    def function(self, children):
        """Source of ``layout(ctx) -> [outputs]`` for the layout's top-level children."""
        lines, shape, kids = self.seq(children, True)
        result = {"none": "[]", "one": f"[] if {kids} is None else [{kids}]",
                  "list": kids}[shape]
        body = ["item = ctx.item", "sup = ctx.suppressed"] + lines + [f"return {result}"]
        return "def layout(ctx):\n" + "\n".join(_indent(_merge_ifs(body))) + "\n"

    def seq(self, children, splice_ok):
        """Code appending each child's output (not None) to a new list: (lines, list
        variable, [Code])."""
        return self._seq_parts([self.node(ch) for ch in self.flat(children)], splice_ok)

    def scope(self, children):
        """render_suppressible: (lines, kids variable or None, suppressed: True/False or
        a variable name, calls, renders, pure)."""
        parts = [self.node(ch) for ch in self.flat(children)]
        calls = YES if any(p.calls == YES for p in parts) else (
            EITHER if any(p.calls == EITHER for p in parts) else NO)
        renders = YES if any(p.renders == YES for p in parts) else (
            EITHER if any(p.renders == EITHER for p in parts) else NO)
        pure = all(p.pure for p in parts)
        if calls == YES and renders == NO:
            # suppressed for every item of the kind: only the effects are kept
            lines = []
            for p in parts:
                if not p.pure:
                    lines.extend(p.lines)
            lines.append("ctx.called += 1")
            return lines, ("none", None), True, YES, NO, pure
        lines, shape, kids = self._seq_parts(parts, False)
        if shape == "one" and self._last_one.counts:
            # one piece can print and it counts itself: the scope is suppressed exactly
            # when that piece prints nothing
            return lines, (shape, kids), False, calls, renders, pure
        kids = (shape, kids)
        if calls == NO or renders == YES:
            return lines, kids, False, calls, renders, pure
        c0, r0, s = self.tmp("c"), self.tmp("r"), self.tmp("s")
        head = [f"{r0} = ctx.rendered"]
        if calls == EITHER:
            head.append(f"{c0} = ctx.called")
            test = f"{s} = ctx.called > {c0} and ctx.rendered == {r0}"
        else:
            test = f"{s} = ctx.rendered == {r0}"
        return head + lines + [test], kids, s, calls, renders, pure

    def _seq_parts(self, parts, splice_ok):
        """Code for the parts in order: (lines, shape, name) where shape is "none" (no
        part can print), "one" (a single part can: ``name`` is its output, maybe None;
        a splice only when ``splice_ok``) or "list" (``name`` lists the outputs)."""
        live = []
        lost_call = sure_call = False
        for p in parts:
            if p.out == NONE and p.pure and p.renders == NO and p.calls != EITHER:
                lost_call = lost_call or p.calls == YES
                continue
            live.append(p)
            sure_call = sure_call or p.calls == YES
        outs = [p for p in live if p.var is not None]
        lines = []
        for p in live:
            lines.extend(p.lines)
        if lost_call and not sure_call:
            lines.append("ctx.called += 1")
        if not outs:
            return lines, "none", None
        if len(outs) == 1 and (splice_ok or not outs[0].splice):
            self._last_one = outs[0]
            return lines, "one", outs[0].var
        kids = self.tmp("k")
        lines = [f"{kids} = []"]
        for p in live:
            lines.extend(p.lines)
            if p.var is None:
                continue
            if p.out == SOME:
                lines.append(f"{kids}.append({p.var})")
            else:
                lines.append(f"if {p.var} is not None:")
                lines.append(f"    {kids}.append({p.var})")
        if lost_call and not sure_call:
            lines.append("ctx.called += 1")
        return lines, "list", kids

    def finish(self, el, var, english):
        """Element.finish of ``var`` (not None) as code; ``english`` an expression."""
        if el.bare:
            return []
        lines = []
        if el.strip:
            lines.append(f"for _lf in leaves({var}):")
            lines.append("    _lf.text = _lf.text.replace('.', '')")
        if el.case:
            turkic = ("str(item.get('language') or '')[:2].lower() in ('tr', 'az')"
                      if el.case == "uppercase" else "False")
            lines.append(f"apply_text_case({var}, {el.case!r}, {english}, {turkic})")
        if el.tags or el.prefix or el.suffix or el.quote or el.display:
            inner = f"Out([{var}], {el.tags!r}, {el.prefix!r}, {el.suffix!r}, {el.quote!r})"
            if el.display:
                inner = f"Out([{inner}], display={el.display!r})"
            lines.append(f"{var} = {inner}")
        return lines

    def fallback(self, node, calls, renders, pure, out=MAYBE, counts=False):
        var = self.tmp()
        return Code([f"{var} = {self.const(node)}.render(ctx)"], var, out, calls, renders, pure,
                    splice=node.__class__ is E.Choose, counts=counts)

    # ------------------------------------------------------------ nodes
    def node(self, n):
        cls = n.__class__
        if cls is E.Text:
            return self.text(n)
        if cls is E.Group:
            return self.group(n)
        if cls is E.Choose:
            return self.choose(n)
        if cls is E.Names:
            if not n.substitute and all(self.absent(v) for v in n.variables):
                return Code([], None, NONE, YES if n.variables else NO, NO, True)
            return self.fallback(n, YES if n.variables else EITHER, EITHER, False)
        if cls is Date:
            if n.variable is None:
                return Code(["ctx.called += 1"], None, NONE, YES, NO, True)
            if self.absent(n.variable) and n.variable in E.DATE_VARIABLES:
                return Code([], None, NONE, YES, NO, True)
            return self.fallback(n, YES, EITHER, False, counts=True)
        if cls is E.Number:
            if self.absent(n.variable):
                return Code([], None, NONE, YES, NO, True)
            sure = self.plain_var(n.variable) and n.variable not in self.substitutable
            return self.fallback(n, YES, YES if sure else EITHER, False, SOME if sure else MAYBE,
                                 counts=True)
        if cls is E.Label:
            if n.variable is None or self.absent(n.variable):
                return Code([], None, NONE, NO, NO, True)
            return self.fallback(n, NO, NO, True)
        return self.fallback(n, EITHER, EITHER, False)

    def text(self, n):
        if n.variable is not None:
            return self.text_variable(n)
        if n.macro is not None:
            return self.text_macro(n)
        if n.term is not None:
            t = self.locale.term(n.term, n.form, n.plural)
            if not t:
                return Code([], None, NONE, NO, NO, True)
            var = self.tmp()
            lines = [f"{var} = Out([Leaf({t!r})], role='term')"]
            lines += self.finish(n, var, repr(self.english))
            return Code(lines, var, SOME, NO, NO, True)
        if n.value:
            var = self.tmp()
            lines = [f"{var} = parse_markup({n.value!r})"] + self.finish(n, var, "ctx.english")
            return Code(lines, var, SOME, NO, NO, True)
        return Code([], None, NONE, NO, NO, True)

    def text_variable(self, n):
        name = n.variable
        if n.form == "short" and not self.absent(name + "-short"):
            return self.fallback(n, EITHER, EITHER, False, counts=True)
        if self.absent(name):
            return Code([], None, NONE, YES, NO, True)
        if not self.plain_var(name) or name == "year-suffix":
            return self.fallback(n, EITHER, EITHER, False, counts=True)
        var = self.tmp()
        body = ["ctx.rendered += 1", f"{var} = {_value_code(name)}"]
        if name in LINK_VARIABLES and self.mode != "sort":
            body += [f"if {var} is not None:",
                     f"    {var} = {self.const(n)}.finish({var}, ctx, "
                     f"link=link_target({name!r}, item[{name!r}]) "
                     f"if isinstance(item[{name!r}], str) else None)"]
        else:
            fin = self.finish(n, var, "ctx.english")
            if fin:
                body += [f"if {var} is not None:"] + _indent(fin)
        lines = ["ctx.called += 1"]
        if name in self.substitutable:
            lines += [f"if {name!r} in sup:", f"    {var} = None", "else:"] + _indent(body)
            return Code(lines, var, MAYBE, YES, EITHER, True, counts=True)
        return Code(lines + body, var, MAYBE, YES, YES, True, counts=True)

    def text_macro(self, n):
        macro = self.style.macros[n.macro]
        return self._joined(n, macro.children, "")

    def group(self, n):
        return self._joined(n, n.children, n.delimiter)

    def _joined(self, n, children, delimiter):
        """A group or macro call: suppressible children, joined, finished; a non-empty
        result counts as a rendered variable for the enclosing scope."""
        lines, (shape, kids), supp, calls, renders, pure = self.scope(children)
        if supp is True:
            return Code(lines, None, NONE, YES, NO, pure)
        if shape == "none":
            return Code(lines, None, NONE, calls, renders, pure)
        if shape == "one" and supp is False:
            var = kids  # join() of one piece that is not a splice: the piece
            if self._last_one.counts:
                # already counted by the piece: only the formatting is left
                fin = self.finish(n, var, "ctx.english")
                if fin:
                    lines = lines + [f"if {var} is not None:"] + _indent(fin)
                return Code(lines, var, MAYBE, YES if calls == YES else EITHER,
                            YES if renders == YES else EITHER, pure, counts=True)
        else:
            var = self.tmp()
            join = kids if shape == "one" else f"join({kids}, {delimiter!r})"
            if supp is False:
                lines = lines + [f"{var} = {join}"]
            else:
                lines = lines + [f"{var} = None if {supp} else {join}"]
        lines += [f"if {var} is not None:",
                  "    ctx.called += 1", "    ctx.rendered += 1"] + _indent(
            self.finish(n, var, "ctx.english"))
        return Code(lines, var, MAYBE, YES if calls == YES else EITHER,
                    YES if renders == YES else EITHER, pure, counts=True)

    def choose(self, n):
        plan = n.plans.get(self.key)
        if plan is None:
            plan = n.plan(self.key)
        var = self.tmp()
        alternatives = []  # (calls, renders) per way through
        lines = []
        depth = 0
        pure = True
        for cond, children in plan:
            if cond is not None and self.decide(cond) is False:
                if cond.item_dependent:
                    lines += _indent(["ctx.dynamic = True"], depth)
                pure = False
                continue
            parts = [self.node(ch) for ch in self.flat(children)]
            body, shape, kids = self._seq_parts(parts, True)
            body = body + [f"{var} = " + (
                "None" if shape == "none" else kids if shape == "one" else
                f"None if not {kids} else {kids}[0] if len({kids}) == 1 "
                f"else Out({kids}, role='splice')")]
            alternatives.append((self._all(parts, "calls"), self._all(parts, "renders")))
            pure = pure and all(p.pure for p in parts)
            if cond is None:
                lines += _indent(body, depth)
                break
            pure = False
            if cond.item_dependent:
                lines += _indent(["ctx.dynamic = True"], depth)
            if self.decide(cond) is True:
                lines += _indent(body, depth)
                break
            lines += _indent([f"if {self.const(cond)}.test(ctx):"], depth)
            lines += _indent(body, depth + 1)
            lines += _indent(["else:"], depth)
            depth += 1
        else:
            lines += _indent([f"{var} = None"], depth)
            alternatives.append((NO, NO))
        calls = _merge(a for a, _ in alternatives)
        renders = _merge(b for _, b in alternatives)
        return Code(lines, var, MAYBE, calls, renders, pure, splice=True)

    def decide(self, cond):
        """A condition's result for every item of the kind, or None. Beyond the plan's
        static tests: is-numeric of a variable the kind lacks is false. Conditions with
        a disambiguate test (an effect: it counts) are left to run."""
        results = []
        for k, v in cond.tests:
            if k == "disambiguate":
                return None
            if k == "type":
                results.append(self.key[0] == v)
            elif k == "is-uncertain-date":
                results.append(v in self.key[2])
            elif k == "variable" and v not in E._SPECIAL_VARS and v not in E._ALIASES:
                results.append(v in self.present)
            elif (k == "is-numeric" and v not in E.NAME_VARIABLES
                  and v not in E.DATE_VARIABLES and self.absent(v)):
                results.append(False)
            else:
                results.append(None)
        known = [r for r in results if r is not None]
        complete = len(known) == len(results)
        if cond.match == "any":
            return True if True in known else (False if complete else None)
        if cond.match == "none":
            return False if True in known else (True if complete else None)
        return False if False in known else (True if complete else None)

    @staticmethod
    def _all(parts, what):
        values = [getattr(p, what) for p in parts]
        if any(v == YES for v in values):
            return YES
        return EITHER if any(v == EITHER for v in values) else NO


def _value_code(name):
    """elements.variable_out(name, item[name], ctx) as an expression: a string value of an
    ordinary variable is its markup (an identifier: plain text) without the call."""
    call = f"variable_out({name!r}, item[{name!r}], ctx)"
    if name in _VALUE_SPECIAL or name in E._NUMBER_VARS:
        return call
    text = (f"Out([Leaf(item[{name!r}])])" if name in _IDENTIFIERS
            else f"parse_markup(item[{name!r}])")
    return f"{text} if item[{name!r}].__class__ is str else {call}"


_VALUE_SPECIAL = frozenset(["year-suffix", "citation-number", "citation-label", "page", "locator"])
_IDENTIFIERS = frozenset(["URL", "DOI", "PMID", "PMCID"])


def substitutable(style):
    """The variables a <substitute> may print (and so suppress for the rest of the cite):
    every variable named under any <substitute> of the style, through macros."""
    got = style.cache.get("substitutable")
    if got is not None:
        return got
    found = set()
    seen = set()

    def walk(nodes, inside):
        for n in nodes:
            if inside:
                for attr in ("variable",):
                    v = getattr(n, attr, None)
                    if isinstance(v, str):
                        found.add(v)
                        found.add(v + "-short")
                if isinstance(n, E.Names):
                    found.update(n.variables)
            m = getattr(n, "macro", None)
            if m and (m, inside) not in seen:
                seen.add((m, inside))
                walk(style.macros[m].children, inside)
            walk(getattr(n, "children", None) or (), inside)
            for _, kids in getattr(n, "branches", None) or ():
                walk(kids, inside)
            if isinstance(n, E.Names) and n.substitute:
                walk(n.substitute, True)

    for name, macro in style.macros.items():
        walk(macro.children, False)
    for section in (style.citation, style.bibliography):
        if section is not None:
            for lay in section.layouts:
                walk(lay.children, False)
    got = style.cache["substitutable"] = frozenset(found)
    return got


_GLOBALS = {"Out": Out, "Leaf": Leaf, "join": E.join, "leaves": leaves,
            "parse_markup": parse_markup, "apply_text_case": apply_text_case,
            "variable_out": E.variable_out, "link_target": E.link_target}


def compile_layout(layout, style, key, locale, mode):
    """The layout's function for items of kind ``key`` (see :class:`Compiler`)."""
    c = Compiler(style, key, locale, mode)
    source = c.function(layout.children)
    namespace = dict(_GLOBALS, **c.consts)
    exec(compile(source, f"<layout {style.source} kind {c.no} {mode}>", "exec"), namespace)
    fn = namespace["layout"]
    fn.source = source
    return fn
