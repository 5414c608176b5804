"""Assembling a citation cluster: cite affixes, suppress-author/author-only, cite grouping and
collapsing (citation-number ranges, year, year-suffix, year-suffix-ranged)."""

from __future__ import annotations

from .output import Leaf, Out, is_empty, plain


def find_role(node, role):
    if node is None or isinstance(node, Leaf):
        return None
    if node.role == role:
        return node
    for k in node.kids:
        r = find_role(k, role)
        if r is not None:
            return r
    return None


def remove_role(node, role):
    """Remove the first node with ``role`` and one adjacent delimiter; True if removed."""
    if node is None or isinstance(node, Leaf):
        return False
    for i, k in enumerate(node.kids):
        if isinstance(k, Out) and k.role == role:
            del node.kids[i]
            # drop a neighbouring delimiter
            if i < len(node.kids) and isinstance(node.kids[i], Out) and node.kids[i].role == "delim":
                del node.kids[i]
            elif i > 0 and isinstance(node.kids[i - 1], Out) and node.kids[i - 1].role == "delim":
                del node.kids[i - 1]
            return True
        if remove_role(k, role):
            if isinstance(k, Out) and is_empty(k):
                del node.kids[i]
                if i < len(node.kids) and isinstance(node.kids[i], Out) and node.kids[i].role == "delim":
                    del node.kids[i]
                elif i > 0 and isinstance(node.kids[i - 1], Out) and node.kids[i - 1].role == "delim":
                    del node.kids[i - 1]
            return True
    return False


def _without_names(out):
    """The cite without its (first) names; None if the names were all there was."""
    if isinstance(out, Out) and out.role == "names":
        return None
    remove_role(out, "names")
    return out


def _with_affixes(ci, out):
    prefix = ci.get("prefix") or ""
    suffix = ci.get("suffix") or ""
    if not prefix and not suffix:
        return out
    from .output import parse_markup
    kids = []
    if prefix:
        kids.append(parse_markup(prefix))

    kids.append(out)
    if suffix:
        kids.append(parse_markup(suffix))

    return Out(kids)


def assemble(proc, rendered, cit):
    """rendered: list of (cite, Out, ctx) in cluster order -> Out or None."""
    a = cit.attrs
    layout_delim = cit.layout.delimiter
    collapse = a.get("collapse")
    pieces = []  # (cite, out, ctx)
    names_keys = {}  # id(cite) -> its names as printed before suppress-author removed them
    for ci, out, ctx in rendered:
        if out is None or is_empty(out):
            if ci.get("suppress-author") or ci.get("author-only"):
                continue
            from .processor import NO_PRINTED_FORM
            out = Out([Leaf(NO_PRINTED_FORM)])
        if ci.get("author-only"):
            names = find_role(out, "names")
            out = Out([names]) if names is not None else None
        elif ci.get("suppress-author"):
            names = find_role(out, "names")
            if names is not None:
                names_keys[id(ci)] = plain(names)
            out = _without_names(out)
        if out is None or is_empty(out):
            continue
        pieces.append((ci, out, ctx))
    if not pieces:
        return None
    if collapse == "citation-number":
        return _collapse_numbers(pieces, layout_delim, a)
    if collapse in ("year", "year-suffix", "year-suffix-ranged") or a.get("cite-group-delimiter"):
        return _collapse_years(pieces, layout_delim, a, collapse, names_keys,
                               regroup=cit.sort is not None)
    kids = []
    prev_suffix = ""
    for n, (ci, out, ctx) in enumerate(pieces):
        if n and layout_delim and not (ci.get("prefix") or "")[:1] in (",", ";", "."):
            d = layout_delim
            if prev_suffix.rstrip()[-1:] in (",", ";", ".", ":", "!", "?") and prev_suffix.strip():
                d = d.lstrip(",;.:")  # the cite's own punctuation wins over the delimiter
            kids.append(Out([], prefix=d, role="delim"))
        prev_suffix = ci.get("suffix") or ""
        if proc.style.cls == "note":
            _capitalize_leading_term(out, ci, n)
        kids.append(_with_affixes(ci, out))
    return Out(kids)


def _capitalize_leading_term(out, ci, n):
    """A term opening a note (or following a sentence-ending prefix) starts with a capital."""
    prefix = ci.get("prefix") or ""
    end = prefix.rstrip().rstrip("\"'\u201d\u2019)]")
    if prefix and not (end.endswith((".", "!", "?")) and " " in prefix.strip()):
        return
    if not prefix and n > 0:
        return
    node = out
    while isinstance(node, Out):
        if node.prefix:
            return
        if node.role == "term":
            leaf = node.kids[0] if node.kids else None
            if isinstance(leaf, Leaf) and leaf.text:
                leaf.text = leaf.text[0].upper() + leaf.text[1:]
            return
        node = node.kids[0] if node.kids else None


def _collapse_numbers(pieces, delim, a):
    groups = []  # list of lists of (ci,out,ctx,num)
    for ci, out, ctx in pieces:
        node = find_role(out, "citation-number")
        num = None
        if node is not None and not ci.get("prefix") and not ci.get("suffix") and not ci.get("locator"):
            try:
                num = int(plain(node))
            except ValueError:
                num = None
        if groups and num is not None and groups[-1][-1][3] is not None and \
                groups[-1][-1][3] + 1 == num:
            groups[-1].append((ci, out, ctx, num))
        else:
            groups.append([(ci, out, ctx, num)])
    kids = []
    after = a.get("after-collapse-delimiter", delim)
    prev_collapsed = False
    for g in groups:
        if kids:
            kids.append(Out([], prefix=after if prev_collapsed else delim, role="delim"))
        if len(g) >= 3:
            kids.append(g[0][1])
            kids.append(Out([], prefix="\u2013", role="delim"))
            kids.append(g[-1][1])
            prev_collapsed = True
        else:
            for n, (ci, out, ctx, num) in enumerate(g):
                if n:
                    kids.append(Out([], prefix=delim, role="delim"))
                kids.append(_with_affixes(ci, out))
            prev_collapsed = False
    return Out(kids)


def _collapse_years(pieces, delim, a, collapse, names_keys=None, regroup=True):
    """``regroup``: cites of one author are brought together only when the citation sorts
    its cites; otherwise only neighbours group (the cites stay in the order written)."""
    group_delim = a.get("cite-group-delimiter", ", ")
    after = a.get("after-collapse-delimiter", delim)
    ys_delim = a.get("year-suffix-delimiter", a.get("cite-group-delimiter", delim))
    # cite grouping: cites with the same names are brought together (first appearance order)
    order = []
    by_names = {}
    for p in pieces:
        if p[0].get("suppress-author"):
            # "[-@a 1956b; @a 1956a]": the second work by the same author joins the group
            # of the first and loses its names too, as in citeproc-js and pandoc
            key = (names_keys or {}).get(id(p[0]))
        else:
            node = find_role(p[1], "names")
            key = plain(node) if node is not None else ("" if collapse else None)
        if key is None or p[0].get("author-only"):
            order.append([p])
            continue
        if key in by_names and (regroup or by_names[key] is order[-1]):
            by_names[key].append(p)
        else:
            lst = [p]
            by_names[key] = lst
            order.append(lst)
    kids = []
    prev_collapsed = False
    for g in order:
        if kids:
            # a year-suffixed work could have collapsed with its author's others (citeproc-js)
            suffixed = collapse and find_role(g[0][1], "year-suffix") is not None
            kids.append(Out([], prefix=after if prev_collapsed or suffixed else delim, role="delim"))
        if len(g) == 1 or not collapse:
            for n, (ci, out, ctx) in enumerate(g):
                if n:
                    kids.append(Out([], prefix=group_delim, role="delim"))
                kids.append(_with_affixes(ci, out))
            prev_collapsed = len(g) > 1 and bool(collapse)
            continue
        prev_collapsed = True
        sub = []
        prev_base = None
        prev_had_locator = False
        for n, (ci, out, ctx) in enumerate(g):
            if n == 0:
                sub.append(_with_affixes(ci, out))
                prev_base = _base_without_suffix(out)
                prev_had_locator = bool(ci.get("locator"))
                continue
            out = _without_names(out)
            if out is None or is_empty(out):
                continue  # nothing left once the names are shared with the cite before
            base = _base_without_suffix(out)
            ys = find_role(out, "year-suffix")
            if (collapse in ("year-suffix", "year-suffix-ranged") and ys is not None
                    and base == prev_base and not ci.get("locator") and not prev_had_locator
                    and not ci.get("prefix") and not ci.get("suffix")):
                sub.append(("ys", ys))
            else:
                # citeproc-js: with collapse="year", disambiguate-add-names and
                # et-al-subsequent-*, works told apart only by a year-suffix keep the layout's
                # delimiter ("Smith 2000a; 2000b")
                same_year = (collapse == "year" and ys is not None and base == prev_base
                             and a.get("disambiguate-add-names") == "true"
                             and ("et-al-subsequent-min" in a or "et-al-subsequent-use-first" in a))
                d = after if prev_had_locator else (delim if same_year else group_delim)
                sub.append(Out([], prefix=d, role="delim"))
                sub.append(_with_affixes(ci, out))
            prev_base = base
            prev_had_locator = bool(ci.get("locator"))
        # join year-suffix runs
        merged = []
        run = []

        def flush():
            if not run:
                return
            for r in run:  # year-suffix-ranged runs become ranges afterwards (_range_suffixes)
                merged.append(Out([], prefix=ys_delim, role="delim"))
                merged.append(r)
            run.clear()

        for s in sub:
            if isinstance(s, tuple):
                run.append(s[1])
            else:
                if run and s.role == "delim":
                    s = Out([], prefix=after, role="delim")
                flush()
                merged.append(s)
        flush()
        if collapse == "year-suffix-ranged":
            merged = _range_suffixes(merged)
        kids.extend(merged)
    return Out(kids)


def _name_vars(ctx):
    from .elements import NAME_VARIABLES
    return sorted(v for v in NAME_VARIABLES if ctx.item.get(v))[:1] or []


def _range_suffixes(merged):
    """In a[, b, c] sequences of year-suffix nodes, turn 3+ consecutive letters into a range."""
    # collect positions of suffix nodes (the full cite's own suffix counts as the first)
    out = []
    i = 0
    n = len(merged)
    while i < n:
        node = merged[i]
        seq = []
        first_suffix = find_role(node, "year-suffix") if isinstance(node, Out) else None
        if first_suffix is not None and node.role != "delim":
            j = i + 1
            seq = [first_suffix]
            while j + 1 < n and merged[j].role == "delim" and merged[j + 1].role == "year-suffix":
                seq.append(merged[j + 1])
                j += 2
            if len(seq) >= 2:
                out.append(node)
                k = 0
                while k < len(seq):
                    m = k
                    while m + 1 < len(seq) and ord(plain(seq[m + 1])[-1:] or "a") == ord(plain(seq[m])[-1:] or "a") + 1:
                        m += 1
                    if k > 0:
                        out.append(Out([], prefix=merged[i + 1].prefix, role="delim"))
                        out.append(seq[k])
                    if m - k >= 2:
                        out.append(Out([], prefix="\u2013", role="delim"))
                        out.append(seq[m])
                    elif m - k == 1:
                        out.append(Out([], prefix=merged[i + 1].prefix, role="delim"))
                        out.append(seq[m])
                    k = m + 1
                i = j
                continue
        out.append(node)
        i += 1
    return out


def _base_without_suffix(out):
    """Cite text without names and year-suffix (to see whether only the suffix differs)."""
    import copy
    tree = copy.deepcopy(out)
    remove_role(tree, "names")
    ys = find_role(tree, "year-suffix")
    if ys is not None:
        ys.kids, ys.prefix, ys.suffix = [], "", ""
    return plain(tree)
