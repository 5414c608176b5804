"""The <date> element: localized and non-localized forms, date-parts, ranges, seasons, eras."""

from __future__ import annotations

from .dates import parse_date
from .elements import Element, join, local
from .output import Leaf, Out, parse_markup

ORDER = {"year": 0, "month": 1, "day": 2}


_MISSING = object()


class DatePart(Element):
    __slots__ = ("name", "form", "range_delimiter", "has_range_delimiter")

    def __init__(self, el, style):
        super().__init__(el, style)
        self.name = el.get("name")
        self.form = el.get("form")
        self.range_delimiter = el.get("range-delimiter", "\u2013")
        self.has_range_delimiter = "range-delimiter" in el.attrib

    def merged(self, override: "DatePart | None", affixes_from_override: bool):
        if override is None:
            return self
        new = object.__new__(DatePart)
        for s in DatePart.__slots__ + Element.__slots__:
            setattr(new, s, getattr(self, s))
        if override.form is not None:
            new.form = override.form
        if override.tags:
            new.tags = tuple(t for t in self.tags if not _same_family(t, override.tags)) + override.tags
        if override.case:
            new.case = override.case
        if override.strip:
            new.strip = True
        if override.has_range_delimiter:
            new.range_delimiter = override.range_delimiter
            new.has_range_delimiter = True
        if affixes_from_override:
            new.prefix, new.suffix = override.prefix, override.suffix
        new.bare = new._is_bare()
        return new

    def value(self, dv, idx, ctx):
        """The text of this part for date ``idx`` of the value, or None."""
        y, m, d = dv.parts[idx]
        loc = ctx.locale
        if self.name == "year":
            if not y:
                return None
            form = self.form or "long"
            if form == "short":
                s = "%02d" % (abs(y) % 100)
            else:
                s = str(abs(y))
            if y < 0:
                s += loc.term("bc") or "BC"
            elif y < 1000 and form != "short":
                s += loc.term("ad") or "AD"
            return s
        if self.name == "month":
            form = self.form or "long"
            if not m:
                season = dv.season if idx == 0 or len(dv.parts) == 1 else None
                if season:
                    try:
                        sn = int(season)
                    except (TypeError, ValueError):
                        return str(season)
                    return loc.term("season-%02d" % sn) or str(season)
                return None
            if m > 12 or m < 0:
                # 13-16, 17-20 and 21-24 are the four seasons (citeproc-js conventions)
                if 13 <= m <= 24:
                    return loc.term("season-%02d" % ((m - 13) % 4 + 1))
                return None
            if form == "numeric":
                return str(m)
            if form == "numeric-leading-zeros":
                return "%02d" % m
            return loc.term("month-%02d" % m, "short" if form == "short" else "long") or str(m)
        if self.name == "day":
            if not d or not m:
                return None
            form = self.form or "numeric"
            if form == "numeric-leading-zeros":
                return "%02d" % d
            if form == "ordinal":
                from .numbers import ordinal_suffix
                if loc.limit_ordinals and d != 1:
                    return str(d)
                gender = loc.term_gender("month-%02d" % m)
                return str(d) + ordinal_suffix(d, loc, gender)
            return str(d)
        return None

    def render_part(self, dv, idx, ctx, drop_prefix=False, drop_suffix=False):
        s = self.value(dv, idx, ctx)
        if s is None:
            return None
        node = Out([Leaf(s)])
        saved = self.prefix, self.suffix
        if drop_prefix:
            self.prefix = ""
        if drop_suffix:
            self.suffix = ""
        try:
            r = self.finish(node, ctx)
        finally:
            self.prefix, self.suffix = saved
        if self.name == "year" and r is not None and not ctx.year_suffix_done \
                and ctx.date_var == "issued":
            ys = _year_suffix(ctx)
            if ys is not None:
                ctx.year_suffix_done = True
                r = Out([r, ys])
        return r


def _same_family(tag, tags):
    fam = [{"i", "oblique", "nostyle"}, {"b", "light", "noweight"}, {"sc", "novariant"},
           {"u", "nodecoration"}, {"sup", "sub", "baseline"}]
    for f in fam:
        if tag in f and any(t in f for t in tags):
            return True
    return False


def _year_suffix(ctx):
    if ctx.style.uses_year_suffix_var or ctx.disamb is None or not ctx.disamb.year_suffix_text:
        return None
    if ctx.mode not in ("citation", "bibliography"):
        return None
    return Out([Leaf(ctx.disamb.year_suffix_text)], role="year-suffix")


class Date(Element):
    __slots__ = ("variable", "form", "date_parts", "parts", "style")

    def __init__(self, el, style):
        super().__init__(el, style)
        self.style = style
        self.variable = el.get("variable")
        self.form = el.get("form")
        self.date_parts = el.get("date-parts", "year-month-day")
        self.parts = [DatePart(p, style) for p in el if local(p.tag) == "date-part"]

    def _layout(self, ctx):
        """(parts, delimiter, outer element) with locale defaults merged in."""
        if not self.form:
            return self.parts, self.delimiter
        loc_el = ctx.locale.date_format(self.form)
        if loc_el is None:
            return self.parts, self.delimiter
        key = ("date-layout", id(loc_el), id(self))
        cache = self.style.cache
        if key in cache:
            return cache[key]
        overrides = {p.name: p for p in self.parts}
        wanted = {"year-month-day": ("year", "month", "day"), "year-month": ("year", "month"),
                  "year": ("year",)}.get(self.date_parts, ("year", "month", "day"))
        parts = []
        for p in loc_el:
            if local(p.tag) != "date-part":
                continue
            base = DatePart(p, self.style)
            if base.name not in wanted:
                continue
            parts.append(base.merged(overrides.get(base.name), False))
        result = (parts, loc_el.get("delimiter", ""))
        cache[key] = result
        return result

    def render(self, ctx):
        ctx.called += 1
        raw = ctx.variable(self.variable) if self.variable else None
        if raw is None:
            return None
        cache = ctx.proc._date_cache
        # by value (repr tells 1 from "1"): items may be decoded afresh for every use
        # (csl.store), and a list's dates repeat (years); bounded, it is only a cache
        key = repr(raw)
        dv = cache.get(key, _MISSING)
        if dv is _MISSING:
            dv = parse_date(raw)
            if len(cache) > 65536:
                cache.clear()
            cache[key] = dv
        if dv is None:
            return None
        if dv.literal is not None and not dv.parts:
            ctx.rendered += 1
            if ctx.substituting:
                ctx.suppress_substituted(self.variable)
            return self.finish(parse_markup(dv.literal), ctx)
        parts, delim = self._layout(ctx)
        ctx.date_var = self.variable
        if ctx.mode == "sort":
            ctx.rendered += 1
            names = {p.name for p in parts} or {"year", "month", "day"}
            key = []
            for p in dv.parts:
                y, m, d = p
                key.append("%05d%02d%02d" % (y + 50000 if "year" in names and y else 0,
                                             m if "month" in names else 0,
                                             d if "day" in names else 0))
            return Out([Leaf("".join(key))])
        if not parts or not dv.parts:
            return None
        if dv.is_range:
            out = self._render_range(dv, parts, delim, ctx)
        else:
            out = join([p.render_part(dv, 0, ctx) for p in parts], delim)
        if out is None:
            return None
        ctx.rendered += 1
        if ctx.substituting:
            ctx.suppress_substituted(self.variable)
        saved = self.delimiter
        self.delimiter = ""
        try:
            res = self.finish(out, ctx)
        finally:
            self.delimiter = saved
        if self.variable == "accessed" and res is not None:
            # an access date does not tell two works apart (disambiguation skips it)
            return Out([res], role="accessed")
        return res

    def _render_range(self, dv, parts, delim, ctx):
        a, b = dv.parts[0], dv.parts[1]
        names = [p.name for p in parts]
        if not any(b):  # open range "2000-"
            first = join([p.render_part(dv, 0, ctx) for p in parts], delim)
            rd = "\u2013"
            for p in parts:
                if p.name == "year":
                    rd = p.range_delimiter
            return Out([first, Out([Leaf(rd)])]) if first is not None else None
        diff = None
        for nm, i in (("year", 0), ("month", 1), ("day", 2)):
            if nm in names and a[i] != b[i]:
                diff = nm
                break
        if diff is None:
            if dv.season and len(dv.parts) > 1:
                pass
            return join([p.render_part(dv, 0, ctx) for p in parts], delim)
        rdelim = next(p.range_delimiter for p in parts if p.name == diff)
        if diff == "year":
            first = join([p.render_part(dv, 0, ctx) for i, p in enumerate(parts)], delim)
            # drop the trailing suffix of the last part of the first date
            first = join([p.render_part(dv, 0, ctx, drop_suffix=(i == len(parts) - 1))
                          for i, p in enumerate(parts)], delim)
            second = join([p.render_part(dv, 1, ctx, drop_prefix=(i == 0))
                           for i, p in enumerate(parts)], delim)
            return join([first, Out([Leaf(rdelim)]), second], "")
        level = ORDER[diff]
        varying = [i for i, p in enumerate(parts) if ORDER.get(p.name, 0) >= level]
        lo, hi = min(varying), max(varying)
        shown1 = [j for j in range(lo, hi + 1) if parts[j].value(dv, 0, ctx) is not None]
        shown2 = [j for j in range(lo, hi + 1) if parts[j].value(dv, 1, ctx) is not None]
        last1 = shown1[-1] if shown1 else hi
        first2 = shown2[0] if shown2 else lo
        kids = []
        for i, p in enumerate(parts):
            if i < lo or i > hi:
                kids.append(p.render_part(dv, 0, ctx))
            elif i == lo:
                seg1 = join([parts[j].render_part(dv, 0, ctx, drop_suffix=(j == last1))
                             for j in range(lo, hi + 1)], delim)
                seg2 = join([parts[j].render_part(dv, 1, ctx, drop_prefix=(j == first2))
                             for j in range(lo, hi + 1)], delim)
                kids.append(join([seg1, Out([Leaf(rdelim)]), seg2], ""))
        return join(kids, delim)
