"""The CSL processor: citations (positions, disambiguation, numbering, collapsing) and
bibliographies (sorting, subsequent-author-substitute, layout settings).

CSL-JSON items in, pybtex rich text out. Everything is rendered to the intermediate tree of
``output`` first so disambiguation can compare and re-render cites cheaply.
"""

from __future__ import annotations

import functools
import gc
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Iterator

from pybtex.richtext import Text

from citekit.progress import advance, track

from .dates import parse_date
from .elements import NAME_VARIABLES, DATE_VARIABLES, Context, Names, plan_key
from .output import Leaf, Out, flatten, is_empty, plain
from .richtext import runs_to_richtext
from .store import CompactItems
from .style import Style, load_style

LOCATOR_TYPES = ("act appendix article-locator book canon chapter column elocation equation "
                 "figure folio issue line note opus page paragraph part rule scene section "
                 "sub-verbo supplement table timestamp title-locator verse version volume").split()


NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"
_MAX_CONDITIONS = 8  # disambiguate="true" tests a style may stack


class BibEntry:
    """One entry of the reference list: the item's id and its text as pybtex rich text
    (render it with any pybtex backend, or citekit.backends).

    ``runs`` are the engine's formatted runs the text is made of; ``text`` is built
    from them when first asked for (``richtext.runs_to_markup`` renders the runs in a
    backend directly, with the same result and without the tree)."""

    __slots__ = ("id", "runs", "_text", "trimmed")

    def __init__(self, id: str, text: Text | None = None, trimmed: bool = False, *,
                 runs: list | None = None) -> None:
        self.id = id
        self._text = text
        self.runs = runs
        #: a second-field-align entry whose right column lost trailing spaces
        #: (citeproc-js's HTML puts them before the entry's closing tag)
        self.trimmed = trimmed

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = runs_to_richtext(self.runs or ())
        return self._text

    def __repr__(self) -> str:
        return f"BibEntry({self.id!r}, {self.text!r}, trimmed={self.trimmed})"


class Disamb:
    """Per-item disambiguation state shared by all of its cites."""

    __slots__ = ("extra_names", "given_levels", "year_suffix", "year_suffix_text", "condition")

    def __init__(self):
        self.extra_names = 0
        self.given_levels = {}
        self.year_suffix = None
        self.year_suffix_text = None
        self.condition = 0  # how many disambiguate="true" tests are true


def suffix_letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa ..."""
    s = ""
    n += 1
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


#: name variables in a fixed order (the order given levels are assigned in)
_NAME_VARS_ORDER = tuple(sorted(NAME_VARIABLES))

_SORT_PUNCT = re.compile(r"[^\w\s\u0001]")


def _fold(s: str) -> str:
    """Sort-key form: accents and punctuation (quotes, commas, brackets) ignored, case folded."""
    if not s.isascii():  # ASCII has nothing to decompose
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = _SORT_PUNCT.sub("", s)
    return s.strip().casefold()


def prepare_item(item: dict[str, Any], n: int) -> dict[str, Any]:
    """The engine's copy of an item: a string id (``ITEM-n`` if it has none) and the
    variables of Zotero-style ``note`` lines."""
    iid = str(item["id"]) if item.get("id") is not None else f"ITEM-{n + 1}"
    it = dict(item)
    it["id"] = iid
    if isinstance(it.get("note"), str) and ":" in it["note"]:
        _note_variables(it)
    return it


#: above this many items a cite rendered for disambiguation is remembered as its text
#: only (its output tree and context would be kept for every item of a big list)
_KEEP_CITES = 2000


class _NoGC:
    """Rendering makes many short-lived acyclic objects: pause the cyclic GC meanwhile
    (it otherwise rescans every live tree and makes big bibliographies quadratic)."""

    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was:
            gc.enable()


class Processor:
    """The CSL engine for one style and one set of items (CSL-JSON dicts with an "id").

    Citations register their items in order of first citation (numbering follows it);
    :meth:`bibliography` gives the list, sorted and disambiguated as the style says.
    """

    def __init__(self, style: Style | str, items: list[dict[str, Any]],
                 lang: str | None = None) -> None:
        if isinstance(style, str):
            style = load_style(style)
        self.style: Style = style
        self.locale = style.locale(lang)
        self.items: dict[str, dict] | CompactItems
        if isinstance(items, CompactItems):
            self.items = items  # already prepared (prepare_item) by whoever filled it
        else:
            self.items = {}
            for n, it in enumerate(items):
                it = prepare_item(it, n)
                self.items[it["id"]] = it
        self.order: list[str] = []  # registration order (first cited first)
        self._registered = set()
        self._disamb: dict[str, Disamb] = {}
        self._numbers: dict[str, int] | None = None
        self._bib_order: list[str] | None = None
        self._cited_again: set[str] = set()  # items cited in more than one citation
        self._dirty = True
        self._sort_cache = {}
        self._date_cache = {}
        self._cite_cache = {}
        self._locator_terms = None
        self._kinds = {}  # item id -> elements.plan_key (shared tuples)
        self._kind_of = {}
        self._shown_by_kind = {}  # item kind -> name variables its cites print

    def item_kind(self, item):
        """elements.plan_key of an item, computed once per item id (an item is rendered
        many times: sort keys, cites, its entry)."""
        iid = item.get("id")
        kind = self._kinds.get(iid)
        if kind is None:
            kind = plan_key(item)
            kind = self._kind_of.setdefault(kind, kind) if kind is not False else kind
            self._kinds[iid] = kind
        return kind

    # ----------------------------------------------------------- registry
    def register(self, ids: Iterable[str]) -> None:
        changed = False
        for i in ids:
            i = str(i)
            if i not in self._registered and i in self.items:
                self._registered.add(i)
                self.order.append(i)
                changed = True
        if changed:
            self._dirty = True

    def _ensure(self):
        if not self.order:
            self.register(self.items.keys())
        if self._dirty:
            self._dirty = False
            self._cite_cache.clear()
            self._compute_bib_order()
            self._disambiguate()

    def base_texts(self) -> dict:
        """Each item's cite before disambiguation (plain text), when disambiguation ran."""
        self._ensure()
        return getattr(self, "_base", {})

    def disamb_changed(self, iid) -> bool:
        """Whether disambiguation changed more than the year-suffix of this item's cites."""
        d = self._disamb.get(iid)
        return bool(d and (d.extra_names or d.given_levels or d.condition))

    def subsequent_text(self, iid) -> str:
        """The item's subsequent-position cite as plain text, before disambiguation."""
        self._ensure()
        out, _ = self._render_cite(iid, {}, 1, Disamb())
        return _key_plain(out)

    def disamb_condition(self, iid) -> int:
        """How many of the style's disambiguate="true" tests are on for this item."""
        self._ensure()
        d = self._disamb.get(iid)
        return d.condition if d else 0

    def citation_number(self, iid):
        if self._numbers is None:
            return None
        return self._numbers.get(iid)

    def _compute_bib_order(self):
        ids = list(self.order)
        bib = self.style.bibliography
        # numbering follows registration order first (a sort on citation-number uses it)
        self._numbers = {iid: n for n, iid in enumerate(ids, 1)}
        if bib is not None and bib.sort is not None:
            ids = self._sorted(ids, bib, "bibliography")
            self._numbers = {iid: n for n, iid in enumerate(ids, 1)}
            if any(k.get("variable") == "citation-number" or k.get("macro") and
                   self._macro_uses_number(k["macro"]) for k in bib.sort.keys):
                # sorted by citation-number: numbers stay in registration order
                self._numbers = {iid: n for n, iid in enumerate(self.order, 1)}
                ids = self._sorted(list(self.order), bib, "bibliography")
        self._bib_order = ids

    def _macro_uses_number(self, name):
        return self._uses_number(self.style.macros[name].children)

    def _uses_number(self, nodes):
        seen = set()

        def walk(nodes):
            for n in nodes:
                if getattr(n, "variable", None) == "citation-number":
                    return True
                m = getattr(n, "macro", None)
                if m and m not in seen:
                    seen.add(m)
                    if walk(self.style.macros[m].children):
                        return True
                if walk(getattr(n, "children", None) or []):
                    return True
                for _, kids in getattr(n, "branches", None) or []:
                    if walk(kids):
                        return True
            return False

        return walk(nodes)

    # ----------------------------------------------------------- sorting
    def _sort_key(self, iid, section, key, cite=None):
        item = self.items[iid]
        var = key.get("variable")
        ctx = Context(self, item, cite or {}, "sort", section.name_opts,
                      self._disamb.get(iid), position=None)
        ctx.sort = (key.get("names-min"), key.get("names-use-first"), key.get("names-use-last"))
        if var:
            if var in NAME_VARIABLES:
                names = item.get(var)
                if not names:
                    return None
                fake = _names_for_sort(self.style, var)
                ctx.name_opts = {}  # variable keys: full names, not the style's name options
                out = fake.render(ctx)
                return _fold(plain(out)) if out is not None else None
            if var in DATE_VARIABLES:
                d = parse_date(item.get(var))
                return d.sort_key() if d and d.parts else None
            if var == "citation-number":
                return self._numbers.get(iid)
            v = ctx.variable(var)
            if v is None or v == "":
                return None
            if isinstance(v, (int, float)):
                return v
            s = str(v)
            if re.fullmatch(r"\s*\d+\s*", s):
                return int(s)
            return _fold(re.sub(r"<[^>]+>", "", s))
        macro = self.style.macros[key["macro"]]
        out = macro.render(ctx)
        if out is None or is_empty(out):
            return None
        s = plain(out)
        return _fold(s)

    def _sorted(self, ids, section, mode, cites=None):
        keys = section.sort.keys
        rows = []
        for n, iid in enumerate(ids):
            cite = cites[n] if cites else None
            rows.append((iid, _LazyKeys(self, iid, section, keys, cite), n))
        descending = [bool(k["descending"]) for k in keys]
        try:
            return [r[0] for r in _sort_rows(rows, descending)]
        except _MixedKeys:
            pass
        rows.sort(key=functools.cmp_to_key(_row_comparison(descending)))
        return [r[0] for r in rows]

    # ----------------------------------------------------------- rendering
    def _render_cite(self, iid, cite, position, disamb=None, mode="citation"):
        section = self.style.citation
        if position == 0 and disamb is None and len(cite) <= 1:
            # a plain first cite: disambiguation may already have rendered it (used once)
            hit = self._cite_cache.pop(iid, None)
            if hit is not None and hit[1] is not None and hit[0] == _state(self._disamb.get(iid)):
                return hit[1], hit[2]
        item = self.items[iid]
        ctx = Context(self, item, cite, mode, section.name_opts,
                      disamb if disamb is not None else self._disamb.get(iid), position)
        if cite.get("suppress-author") or cite.get("author-only"):
            ctx.names_out = None
        out = section.layout.render(ctx)
        return out, ctx

    def _cite_key_text(self, iid, disamb):
        state = _state(disamb)
        hit = self._cite_cache.get(iid)
        if hit is not None and hit[0] == state and len(hit) == 4:
            return hit[3]
        out, ctx = self._render_cite(iid, {}, 0, disamb)
        text = _key_plain(out)
        if len(self.items) > _KEEP_CITES:
            self._cite_cache[iid] = (state, None, _Shown(ctx), text)
        else:
            self._cite_cache[iid] = (state, out, ctx, text)
        return text

    def _disambiguate(self):
        style = self.style
        cit = style.citation
        self._disamb = {iid: Disamb() for iid in self.order}
        if cit is None:
            return
        opts = cit.attrs
        add_names = opts.get("disambiguate-add-names") == "true"
        add_given = opts.get("disambiguate-add-givenname") == "true"
        rule = opts.get("givenname-disambiguation-rule", "by-cite")
        add_ys = opts.get("disambiguate-add-year-suffix") == "true"
        uses_cond = "disambiguate" in _condition_attrs(style)
        if not (add_names or add_given or add_ys or uses_cond):
            return
        if add_given and rule != "by-cite":
            self._global_givennames(rule)
        texts = {iid: self._cite_key_text(iid, self._disamb[iid]) for iid in self.order}
        self._base = dict(texts)
        groups = _ambiguous(texts)
        for group in groups:
            self._resolve(group, texts, add_names, add_given and rule in ("by-cite", "all-names",
                          "all-names-with-initials") or (add_given and rule.startswith("primary")),
                          rule)
            if uses_cond:
                # disambiguate="true" tests turn true one at a time while cites stay alike
                for level in range(1, _MAX_CONDITIONS + 1):
                    still = _ambiguous({i: texts[i] for i in group})
                    if not still:
                        break
                    changed = False
                    for g in still:
                        for iid in g:
                            self._disamb[iid].condition = level
                            new = self._cite_key_text(iid, self._disamb[iid])
                            changed = changed or new != texts[iid]
                            texts[iid] = new
                    if not changed and level > 1:
                        break  # no test left that changes these cites
        if uses_cond and "position" in _condition_attrs(style):
            self._subsequent_conditions()
        if add_ys:
            self._year_suffixes(texts)

    def _subsequent_conditions(self):
        """Cites alike only in their subsequent form ("Doe" and "Doe" after "John Doe, Book A"
        and "John Doe, Book B") turn their disambiguate tests on as well (citeproc-js)."""
        def sub_text(iid):
            out, _ = self._render_cite(iid, {}, 1, self._disamb[iid])
            return _key_plain(out)
        if not self._cited_again:
            return
        texts = {iid: sub_text(iid) for iid in self.order}
        for group in _ambiguous(texts):
            if not self._cited_again.intersection(group):
                continue  # no subsequent cite of these items is printed
            for level in range(1, _MAX_CONDITIONS + 1):
                still = _ambiguous({i: texts[i] for i in group})
                if not still:
                    break
                changed = False
                for g in still:
                    for iid in g:
                        if self._disamb[iid].condition >= level:
                            continue
                        self._disamb[iid].condition = level
                        new = sub_text(iid)
                        changed = changed or new != texts[iid]
                        texts[iid] = new
                if not changed:
                    break
        self._cite_cache.clear()

    def _resolve(self, group, texts, add_names, add_given, rule):
        """Minimal extra names (same for the whole group) and given names that separate most."""

        def render_all():
            for iid in group:
                texts[iid] = self._cite_key_text(iid, self._disamb[iid])
            return len({texts[i] for i in group})

        saved_levels = {iid: dict(self._disamb[iid].given_levels) for iid in group}
        base_distinct = len({texts[i] for i in group})
        base_texts = {i: texts[i] for i in group}

        def colliding():
            seen = {}
            for i in group:
                seen.setdefault(texts[i], []).append(i)
            return {i for i in group if len(seen[texts[i]]) > 1}

        max_names = 0
        for iid in group:
            item = self.items[iid]
            for var in NAME_VARIABLES:
                if isinstance(item.get(var), list):
                    max_names = max(max_names, len(item[var]))

        def state(ids):
            return {i: (self._disamb[i].extra_names, dict(self._disamb[i].given_levels), texts[i])
                    for i in ids}

        def restore(st):
            for i, (e, g, t) in st.items():
                self._disamb[i].extra_names = e
                self._disamb[i].given_levels = g
                texts[i] = t

        def try_given(ids):
            """Expand given names of colliding cites if that separates more of them."""
            amb = colliding() & ids
            if not amb:
                return
            before = state(amb)
            n_before = len(colliding())
            self._expand_given(sorted(amb), rule, scope=group)
            for i in amb:
                texts[i] = self._cite_key_text(i, self._disamb[i])
            if len(colliding()) >= n_before:
                restore(before)

        if add_given:
            try_given(set(group))
        active = colliding()
        step = 0
        # rounds: the fewest extra names that separate some cites; separated cites keep theirs
        def distinct():
            return len({texts[i] for i in group})

        while add_names and active and step < max_names:
            current = distinct()
            pre = state(active)
            found = None
            for s in range(step + 1, max_names + 1):
                restore(pre)
                for iid in active:
                    self._disamb[iid].extra_names = s
                    texts[iid] = self._cite_key_text(iid, self._disamb[iid])
                if add_given:
                    try_given(active)
                if distinct() > current:
                    found = s
                    break
            if found is None:
                restore(pre)
                break
            step = found
            active = colliding() & active
        if len({texts[i] for i in group}) <= base_distinct:
            for iid in group:
                self._disamb[iid].extra_names = 0
                self._disamb[iid].given_levels = dict(saved_levels[iid])
                texts[iid] = base_texts[iid]

    def _expand_given(self, group, rule, scope=None):
        """Expand a name where another cite in the group has the same family, another given."""
        scope = scope or group
        from .names import initialize
        primary = rule.startswith("primary")
        cap = 1 if rule.endswith("with-initials") else 2
        for iid in group:
            item = self.items[iid]
            d = self._disamb[iid]
            for var in NAME_VARIABLES:
                names = item.get(var)
                if not isinstance(names, list):
                    continue
                for i, nm in enumerate(names):
                    if primary and i > 0:
                        break
                    fam = _family_key(nm)
                    given = nm.get("given") or ""
                    level = 0
                    for jid in scope:
                        if jid == iid:
                            continue
                        others = self.items[jid].get(var)
                        if not isinstance(others, list):
                            continue
                        for k, on in enumerate(others):
                            if _family_key(on) != fam or _given_key(on) == _given_key(nm):
                                continue
                            if k != i and rule == "by-cite":
                                continue
                            same_init = initialize(given, ".") == initialize(on.get("given") or "", ".")
                            if same_init and cap == 1:
                                continue  # initials would not tell them apart
                            level = max(level, 2 if same_init else 1)
                    level = min(level, cap)
                    if level and d.given_levels.get((var, i), 0) < level:
                        d.given_levels[(var, i)] = level

    def _global_givennames(self, rule):
        """Given names for names that are ambiguous among the names the cites print (an
        editor that the cite does not show cannot make the author ambiguous)."""
        primary = rule.startswith("primary")
        with_initials = rule.endswith("with-initials")
        by_family = {}
        shown_names = []  # per item: (var, index, family key, name) of the names it prints
        for iid in self.order:
            item = self.items[iid]
            names = []
            for var in self._shown_name_vars(iid, item):
                for i, nm in enumerate(item.get(var) or []):
                    if primary and i > 0:
                        break
                    fam = _family_key(nm)
                    by_family.setdefault(fam, {})[_given_key(nm)] = nm.get("given") or ""
                    names.append((var, i, fam, nm.get("given") or ""))
            shown_names.append(names)
        from .names import initialize
        for iid, names in zip(self.order, shown_names):
            d = self._disamb[iid]
            for var, i, fam, given in names:
                givens = by_family.get(fam, {})
                if len(givens) > 1:
                    # names as written: "John Lewis" and "J. L." are two names; each is
                    # expanded only as far as it needs (initials if they are its own)
                    inits = [initialize(g, ".", True, True) for g in givens.values()]
                    if with_initials and len(set(inits)) == 1:
                        continue  # initials would not tell them apart
                    mine = initialize(given, ".", True, True)
                    level = 1 if (with_initials or inits.count(mine) == 1) else 2
                    d.given_levels[(var, i)] = level

    def _shown_name_vars(self, iid, item):
        """The name variables the item's first cite prints, in NAME_VARIABLES order.

        A cite that took no branch on more than the item's kind (type and variables
        present, :meth:`item_kind`) prints the same name variables for every item of that
        kind: those are remembered per kind instead of rendering every item's cite."""
        kind = self.item_kind(item)
        cacheable = kind is not False and all(
            isinstance(item[v], list) for v in NAME_VARIABLES.intersection(item) if item[v])
        memo = self._shown_by_kind
        if cacheable and kind in memo:
            return memo[kind]
        self._cite_key_text(iid, self._disamb[iid])
        hit = self._cite_cache[iid][2]
        shown = tuple(v for v in _NAME_VARS_ORDER if v in hit.name_vars)
        if cacheable and not hit.dynamic:
            memo[kind] = shown
        return shown

    def _year_suffixes(self, texts):
        # items whose cites still collide get a, b, c in bibliography order
        order = self._bib_order or self.order
        pos = {iid: n for n, iid in enumerate(order)}
        # compare without the year suffix: texts already have none
        groups = _ambiguous(texts)
        cit = self.style.citation.attrs
        if "et-al-subsequent-min" in cit or "et-al-subsequent-use-first" in cit:
            # cites that only look alike in their subsequent (shorter) form need suffixes too
            sub = {}
            for iid in self.order:
                out, _ = self._render_cite(iid, {}, 1, self._disamb[iid])
                sub[iid] = plain(out)
            seen = {i for g in groups for i in g}
            for g in _ambiguous(sub):
                if not any(i in seen for i in g):
                    groups.append(g)
        for g in groups:
            g = sorted(g, key=lambda i: pos.get(i, 0))
            for n, iid in enumerate(g):
                d = self._disamb[iid]
                d.year_suffix = n
                d.year_suffix_text = suffix_letters(n)

    # ----------------------------------------------------------- public API
    def cite(self, cluster: list[dict[str, Any]]) -> Text:
        """One isolated citation (every cite in first position) as pybtex rich text."""
        with _NoGC():
            self.register(c["id"] for c in cluster)
            self._ensure()
            out = self._render_cluster(cluster, [0] * len(cluster))
            return self.to_richtext(out)

    def process_citations(self, citations: list[dict[str, Any]]) -> list[Text]:
        """A document's citations in order -> rich text per citation (positions applied)."""
        with _NoGC():
            seen, again = set(), set()
            for c in citations:
                ids = {str(ci["id"]) for ci in c.get("items", [])}
                again |= ids & seen
                seen |= ids
                self.register(ci["id"] for ci in c.get("items", []))
            if again - self._cited_again:
                self._cited_again |= again  # subsequent forms now appear: disambiguate them
                self._dirty = True
            self._ensure()
            return [self.to_richtext(o) for o in self._process(citations)]

    def _process(self, citations):
        """Positions (first/subsequent/ibid/ibid-with-locator, near-note) in document order.

        "ibid" looks back at the previous cite in the same citation, or for a citation's first
        cite at the previous note (all its cites together must be one cite of the same item).
        Citations with note index 0 (in the text of a note style) form their own stream.
        """
        last_note = {}
        first_note = {}
        groups = {}  # stream -> (note_index, [cites])
        outs = []
        near = int(self.style.citation.attrs.get("near-note-distance", 5)) if self.style.citation else 5
        for c in citations:
            items = [dict(ci) for ci in c.get("items", [])]
            note = c.get("note_index") or c.get("noteIndex") or 0
            stream = "text" if note == 0 else "note"
            items = self._sort_cluster(items)
            grp = groups.get(stream)
            if grp is not None and (grp[0] != note or stream == "text"):
                prev_cites = grp[1]
            elif grp is not None:
                prev_cites = grp[1]
            else:
                prev_cites = None
            positions = []
            for k, ci in enumerate(items):
                iid = str(ci["id"])
                if ci.get("position") is not None:
                    positions.append(int(ci["position"]))
                elif iid not in last_note:
                    positions.append(0)
                else:
                    prev = None
                    if k > 0:
                        prev = items[k - 1]
                    elif prev_cites:
                        prev = prev_cites[-1] if all(str(p["id"]) == iid for p in prev_cites) else None
                    pos = 1
                    if prev is not None and str(prev["id"]) == iid:
                        ploc, cloc = prev.get("locator"), ci.get("locator")
                        if not cloc and not ploc:
                            pos = 2
                        elif cloc and not ploc:
                            pos = 3
                        elif cloc and ploc:
                            same = ploc == cloc and prev.get("label") == ci.get("label")
                            pos = 2 if same else 3
                        else:
                            pos = 1
                    positions.append(pos)
                if iid in last_note and (note - last_note[iid] <= near):
                    ci["near-note"] = True
                if iid in first_note:
                    ci["first-reference-note-number"] = first_note[iid]
                last_note[iid] = note
                first_note.setdefault(iid, note)
            if grp is not None and grp[0] == note and stream == "note":
                groups[stream] = (note, grp[1] + items)
            else:
                groups[stream] = (note, items)
            outs.append(self._render_cluster(items, positions, presorted=True))
        return outs

    def _sort_cluster(self, items):
        """Sort a cluster's cites by the style's citation sort, keeping cites that carry a
        prefix or suffix where the writer put them: only the runs of plain cites between them
        are sorted (pandoc's citeproc does the same, so "[cf. @b; @a]" is not turned into
        "(Aaa; cf. Bbb)"; the CSL spec is silent on affixes)."""
        cit = self.style.citation
        if cit is None or cit.sort is None or len(items) < 2:
            return items
        if any(ci.get("prefix") or ci.get("suffix") for ci in items):
            result, run = [], []
            for ci in items:
                if ci.get("prefix") or ci.get("suffix"):
                    result.extend(self._sort_run(run))
                    run = []
                    result.append(ci)
                else:
                    run.append(ci)
            result.extend(self._sort_run(run))
            return result
        return self._sort_run(items)

    def _sort_run(self, items):
        if len(items) < 2:
            return items
        cit = self.style.citation
        ids = [str(ci["id"]) for ci in items]
        order = self._sorted(ids, cit, "citation", cites=items)
        pool = list(items)
        result = []
        for iid in order:
            for n, ci in enumerate(pool):
                if str(ci["id"]) == iid:
                    result.append(pool.pop(n))
                    break
        return result

    def _embedded_label(self, ci):
        """A locator without a label that starts with a locator term ("vol. 1, fol. 186")
        carries its own label: it becomes the cite's label, as in citeproc-js."""
        loc = ci.get("locator")
        if ci.get("label") or not isinstance(loc, str):
            return ci
        m = re.match(r"\s*([^\W\d_][^\s\d]*\.?)\s+(?=\S)", loc)
        if not m:
            return ci
        word = m.group(1)
        table = self._locator_terms
        if table is None:
            table = self._locator_terms = {}
            for name in LOCATOR_TYPES:
                for form in ("short", "long", "symbol"):
                    for plural in (False, True):
                        t = self.locale.term(name, form, plural)
                        if t:
                            table.setdefault(t, name)
        name = table.get(word)
        if name is None:
            return ci
        ci = dict(ci)
        ci["label"] = name
        ci["locator"] = loc[m.end():]
        return ci

    def _render_cluster(self, cluster, positions, presorted=False):
        cit = self.style.citation
        if not presorted:
            cluster = self._sort_cluster([dict(c) for c in cluster])
        layout = cit.layout
        rendered = []
        for ci, pos in zip(cluster, positions):
            iid = str(ci["id"])
            if iid not in self.items:
                continue
            ci = self._embedded_label(ci)
            out, ctx = self._render_cite(iid, ci, pos)
            rendered.append((ci, out, ctx))
        from .collapse import assemble
        body = assemble(self, rendered, cit)
        if body is None:
            return None
        return Out([Out([body], (), layout.prefix, layout.suffix)], layout.tags, "", "", layout.quote,
                   layout.display)

    def bibliography(self, ids: Iterable[str] | None = None) -> list[BibEntry]:
        return list(self.iter_bibliography(ids))

    def iter_bibliography(self, ids: Iterable[str] | None = None) -> Iterator[BibEntry]:
        """:meth:`bibliography` one entry at a time: only the current entry's output
        tree is alive (a 100,000-entry list does not hold 100,000 trees)."""
        if self._dirty:
            advance("sorting", 0, None)
        with _NoGC():
            self._ensure()
        bib = self.style.bibliography
        if bib is None:
            return
        order = self._bib_order
        if ids is not None:
            want = {str(i) for i in ids}
            order = [i for i in order if i in want]
        with _NoGC():
            self._trimmed = set()
            for iid, o in self._bib_outputs(order):
                runs = flatten(o, self.locale) if o is not None else []
                yield BibEntry(iid, None, iid in self._trimmed, runs=runs)

    def _bib_outputs(self, order):
        """``(id, output tree)`` per printed entry, in order (a generator)."""
        bib = self.style.bibliography
        layout = bib.layout
        sas = bib.attrs.get("subsequent-author-substitute")
        rule = bib.attrs.get("subsequent-author-substitute-rule", "complete-all")
        sfa = bib.attrs.get("second-field-align")
        prev_names = None
        printed = 0  # entries yielded so far (citeproc-js numbers an empty one by its place)
        for iid in track(order, "formatting"):
            item = self.items[iid]
            ctx = Context(self, item, {}, "bibliography", bib.name_opts,
                          _bib_disamb(self._disamb.get(iid)), None)
            kids = [r for r in layout.render_kids(ctx) if not is_empty(r)]
            if sas is not None:
                prev_names = _substitute_author(ctx, prev_names, sas, rule)
            if not kids:
                if not self._uses_number(layout.children):
                    continue  # nothing to print and no number to keep: omitted
                # citeproc-js numbers it by its place in the list
                kids = [Out([Leaf(f"{printed + 1}. {NO_PRINTED_FORM}")])]
            if kids[-1].__class__ is Out and kids[-1].display and layout.suffix and not sfa:
                # the layout suffix goes inside a closing display block
                last = kids[-1]
                kids[-1] = Out([Out(last.kids + [Leaf(layout.suffix)])], display=last.display)
                node = Out(kids, layout.tags, layout.prefix, "", layout.quote)
                printed += 1
                yield iid, node
                continue
            if sfa and any(k.__class__ is Out and k.display for k in kids):
                node = Out(kids, layout.tags, layout.prefix, layout.suffix, layout.quote)
                if kids[-1].__class__ is Out and kids[-1].display and layout.suffix:
                    last = kids[-1]
                    kids[-1] = Out([Out(last.kids + [Leaf(layout.suffix)])], display=last.display)
                    node.suffix = ""
                printed += 1
                yield iid, node
                continue
            if sfa and len(kids) >= 1:
                first = kids[0]
                rest = kids[1:]
                # layout affixes go inside the blocks
                if first.display == "block" and len(rest) >= 2:
                    # a heading block, then the aligned fields
                    node = Out([first, Out([Out([rest[0]])], display="left-margin"),
                                Out([Out(rest[1:], suffix=layout.suffix.rstrip())],
                                    display="right-inline")])
                else:
                    node = Out([Out([Out([first], prefix=layout.prefix)], display="left-margin"),
                                Out([Out(rest, suffix=layout.suffix.rstrip())],
                                    display="right-inline")])
                if _rstrip_tree(node):
                    self._trimmed.add(iid)
                node = Out([node], layout.tags, "", "", layout.quote)
            else:
                node = Out(kids, layout.tags, layout.prefix, layout.suffix, layout.quote,
                           layout.display)
            printed += 1
            yield iid, node

    @property
    def bibliography_settings(self) -> dict[str, Any]:
        bib = self.style.bibliography
        a = bib.attrs if bib is not None else {}
        return {
            "hanging-indent": a.get("hanging-indent") == "true",
            "second-field-align": a.get("second-field-align"),
            "line-spacing": int(a.get("line-spacing", 1)),
            "entry-spacing": int(a.get("entry-spacing", 1)),
        }

    def to_richtext(self, out: Out | None) -> Text:
        if out is None:
            return Text()
        return runs_to_richtext(flatten(out, self.locale))


class _Shown:
    """What a remembered cite keeps of its context: the name variables it printed, and
    whether it took a branch on more than the item's kind."""

    __slots__ = ("name_vars", "dynamic")

    def __init__(self, ctx):
        self.name_vars = ctx.name_vars
        self.dynamic = ctx.dynamic


class _MixedKeys(Exception):
    """A sort key compares values of different types (a number and a text): the
    comparison of :meth:`Processor._sorted` decides those pair by pair."""


def _row_comparison(descending):
    """The pairwise order of rows (id, keys, n): key by key, an empty value after any
    other, values of two types compared as strings, ties in input order."""

    def cmp(a, b):
        ka, kb = a[1], b[1]
        for i, desc in enumerate(descending):
            x, y = ka[i], kb[i]
            if x is None and y is None:
                continue
            if x is None:
                return 1
            if y is None:
                return -1
            if type(x) is not type(y):
                x, y = str(x), str(y)
            if x == y:
                continue
            r = -1 if x < y else 1
            return -r if desc else r
        return a[2] - b[2]

    return cmp


def _sort_rows(rows, descending):
    """``rows`` (id, lazy keys, n) in the order of the style's keys: key by key, the empty
    ones last, ties in input order. A key is computed only for rows that tie on every
    key before it (as a comparison sort would ask for it), and each is a plain value
    sort, not a comparison per pair. Raises _MixedKeys where values of one key differ in
    type (the pairwise comparison then decides, as it always did)."""
    out = []
    depth = len(descending)

    def refine(group, i):
        if len(group) < 2 or i == depth:
            out.extend(group)  # already in input order
            return
        present, missing = [], []
        kind = None
        for row in group:
            v = row[1][i]
            if v is None:
                missing.append(row)
                continue
            if kind is None:
                kind = type(v)
            if type(v) is not kind or v != v:  # another type, or NaN
                raise _MixedKeys
            present.append((v, row))
        present.sort(key=_first, reverse=descending[i])  # stable, also reversed
        start = 0
        for end in range(1, len(present) + 1):
            if end == len(present) or present[end][0] != present[start][0]:
                refine([r for _, r in present[start:end]], i + 1)
                start = end
        refine(missing, i + 1)

    refine(rows, 0)
    return out


def _first(pair):
    return pair[0]


class _LazyKeys:
    """Sort keys computed on first use: most comparisons are decided by the first key."""

    __slots__ = ("proc", "iid", "section", "keys", "cite", "vals")
    _MISSING = object()

    def __init__(self, proc, iid, section, keys, cite):
        self.proc, self.iid, self.section, self.keys, self.cite = proc, iid, section, keys, cite
        self.vals = [self._MISSING] * len(keys)

    def __getitem__(self, i):
        v = self.vals[i]
        if v is self._MISSING:
            v = self.vals[i] = self.proc._sort_key(self.iid, self.section, self.keys[i], self.cite)
        return v


STANDARD_VARIABLES = frozenset(
    "abstract annote archive archive_collection archive_location archive-place authority "
    "call-number chapter-number citation-label collection-number collection-title "
    "container-title container-title-short dimensions division DOI edition event event-title "
    "event-place first-reference-note-number genre ISBN ISSN issue jurisdiction keyword "
    "language license locator medium note number number-of-pages number-of-volumes "
    "original-publisher original-publisher-place original-title page page-first part-number "
    "part-title PMCID PMID printing-number publisher publisher-place references "
    "reviewed-genre reviewed-title scale section source status supplement-number title "
    "title-short URL version volume volume-title year-suffix type".split())
_NOTE_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z_-]*)\s*:\s*(.+?)\s*$")


def _note_variables(item):
    """Zotero's "Extra" convention: ``variable: value`` lines in note add CSL variables."""
    for line in item["note"].splitlines():
        m = _NOTE_LINE.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        if key in item and key != "type":
            continue
        if key in DATE_VARIABLES:
            item[key] = {"raw": value}
        elif key in NAME_VARIABLES:
            fam, _, given = value.partition("||")
            nm = {"family": fam.strip()}
            if given.strip():
                nm["given"] = given.strip()
            item.setdefault(key, []).append(nm)
        elif key in STANDARD_VARIABLES and key != "type":
            item[key] = value


def _rstrip_tree(node) -> bool:
    """Drop trailing spaces at the end of a block (citeproc-js trims right-inline); True if
    there were any."""
    while isinstance(node, Out):
        if node.suffix:
            stripped = node.suffix.rstrip()
            changed, node.suffix = stripped != node.suffix, stripped
            return changed
        if not node.kids:
            return False
        last = node.kids[-1]
        if isinstance(last, Leaf):
            stripped = last.text.rstrip()
            changed, last.text = stripped != last.text, stripped
            return changed
        node = last
    return False


def _family_key(nm):
    return ((nm.get("non-dropping-particle") or "") + " " +
            (nm.get("family") or nm.get("literal") or "")).strip()


def _given_key(nm):
    """Given names that differ only in spacing or periods ("J. J." / "J.J.") are one person."""
    return re.sub(r"[\s.]", "", nm.get("given") or "")


def _key_plain(node) -> str:
    """A cite's text for ambiguity tests: plain text without access dates (citeproc-js: two
    undated works by one author are ambiguous even if accessed on different days)."""
    if node is None:
        return ""
    if isinstance(node, Leaf):
        return node.text
    if node.role == "accessed":
        return ""
    inner = "".join(_key_plain(k) for k in node.kids)
    if node.quote:
        inner = '"' + inner + '"'
    return node.prefix + inner + node.suffix


def _state(d):
    if d is None:
        return None
    return (d.extra_names, tuple(sorted(d.given_levels.items())), d.year_suffix_text, d.condition)


def _bib_disamb(d):
    if d is None:
        return None
    b = Disamb()
    b.year_suffix = d.year_suffix
    b.year_suffix_text = d.year_suffix_text
    b.condition = d.condition
    return b


def _ambiguous(texts: dict) -> list[list[str]]:
    by = {}
    for iid, t in texts.items():
        by.setdefault(t, []).append(iid)
    return [g for g in by.values() if len(g) > 1]


def _condition_attrs(style):
    if "cond_attrs" in style.cache:
        return style.cache["cond_attrs"]
    found = set()

    def walk(nodes):
        for n in nodes:
            for cond, kids in getattr(n, "branches", None) or []:
                if cond is not None:
                    for key, _v in cond.tests:
                        found.add(key)
                walk(kids)
            walk(getattr(n, "children", None) or [])
            sub = getattr(n, "substitute", None)
            if sub:
                walk(sub)

    for m in style.macros.values():
        walk(m.children)
    for sec in (style.citation, style.bibliography):
        if sec is not None:
            walk(sec.layout.children)
    style.cache["cond_attrs"] = found
    return found


def _names_for_sort(style, var):
    key = ("sortnames", var)
    node = style.cache.get(key)
    if node is None:
        from lxml import etree
        el = etree.fromstring(
            f'<names xmlns="http://purl.org/net/xbiblio/csl" variable="{var}">'
            f'<name name-as-sort-order="all"/></names>')
        node = style.cache[key] = Names(el, style)
    return node


def _substitute_author(ctx, prev, sas, rule):
    """subsequent-author-substitute: replace names equal to the previous entry's."""
    parts = ctx.names_out
    if not parts:
        return None
    from .collapse import find_role
    node = find_role(parts[0], "namelist") or parts[0]
    names = _name_nodes(node) or [node]
    cur = [plain(n) for n in names]
    whole = plain(node)
    if prev is not None:
        pcur, pwhole = prev
        if rule == "complete-all":
            if pwhole == whole and cur:
                node.kids = [Leaf(sas)] if sas else []
                if not sas:
                    node.kids = [Leaf("")]
                    node.prefix = node.suffix = ""
        elif rule == "complete-each":
            if pwhole == whole:
                for n in names:
                    n.kids = [Leaf(sas)]
        elif rule in ("partial-each", "partial-first"):
            for k, n in enumerate(names):
                if k < len(pcur) and pcur[k] == cur[k]:
                    n.kids = [Leaf(sas)]
                    if rule == "partial-first":
                        break
                else:
                    break
    return (cur, whole)


def _name_nodes(node):
    """The individual name nodes inside a rendered names list."""
    res = []

    def walk(n):
        if isinstance(n, Leaf) or n is None:
            return
        if n.role == "name":
            res.append(n)
            return
        for k in n.kids:
            walk(k)

    walk(node)
    return res
