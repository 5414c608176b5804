"""CSL-JSON dates: parsing (date-parts, raw, literal, season, circa) and sort keys."""

from __future__ import annotations

import re

MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


class DateValue:
    __slots__ = ("parts", "season", "circa", "literal")

    def __init__(self, parts, season=None, circa=False, literal=None):
        self.parts = parts  # list of 1 or 2 [y, m, d] lists (ints, 0 = absent)
        self.season = season
        self.circa = circa
        self.literal = literal

    @property
    def is_range(self):
        return len(self.parts) > 1

    def sort_key(self) -> str:
        if not self.parts:
            return ""
        out = []
        for p in self.parts[:2]:
            y, m, d = (p + [0, 0, 0])[:3]
            out.append("%05d%02d%02d" % (y + 50000 if y else 0, m if m <= 12 else 0, d))
        if len(out) == 1:
            out.append(out[0])
        return "".join(out)


def _int(v):
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return 0


def parse_date(value) -> DateValue | None:
    if value is None or value == "":
        return None
    if isinstance(value, (str, int)):
        return parse_raw(str(value))
    if not isinstance(value, dict):
        return None
    season = value.get("season")
    circa = bool(value.get("circa"))
    dp = value.get("date-parts")
    if dp and isinstance(dp, list) and dp[0] not in (None, [], [None]):
        parts = []
        for p in dp[:2]:
            if not isinstance(p, list):
                p = [p]
            ints = [_int(x) for x in p[:3]]
            while len(ints) < 3:
                ints.append(0)
            parts.append(ints)
        if len(parts) == 2 and parts[1] == parts[0]:
            parts = parts[:1]
        if parts and parts[0][0] == 0 and parts[0][1] == 0 and not season and value.get("literal"):
            return DateValue([], literal=value["literal"])
        return DateValue(parts, season, circa)
    if value.get("literal"):
        return DateValue([], season, circa, literal=value["literal"])
    if value.get("raw"):
        d = parse_raw(value["raw"])
        if d is not None:
            if season:
                d.season = season
            d.circa = d.circa or circa
        return d
    if season:
        return DateValue([[0, 0, 0]], season, circa)
    return None


_ISO = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _parse_one(s):
    s = s.strip()
    m = _ISO.match(s)
    if m:
        return [int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)], None
    y = mo = d = 0
    season = None
    for tok in re.findall(r"[A-Za-z]+|\d+", s):
        low = tok.lower()
        if tok.isdecimal():
            n = int(tok)
            if len(tok) >= 3 or n > 31:
                y = n
            elif mo and not d:
                d = n
            elif not mo and not d and n <= 12 and y == 0:
                mo = n
            elif not d:
                d = n
            else:
                y = n
        elif low[:3] in MONTHS:
            mo = MONTHS[low[:3]]
        elif low in SEASONS:
            season = SEASONS[low]
    if not (y or mo or d or season):
        return None, None
    return [y, mo, d], season


def parse_raw(raw: str) -> DateValue | None:
    raw = raw.strip()
    if not raw:
        return None
    pieces = re.split(r"\s*(?:/|\u2013|--)\s*|(?<=\d)\s*-\s*(?=[A-Za-z]|\d{4})", raw)
    if len(pieces) == 2 and pieces[0] and pieces[1]:
        a, sa = _parse_one(pieces[0])
        b, sb = _parse_one(pieces[1])
        if a and b:
            # "May-June 2000": fill the year from the end
            if a[0] == 0:
                a[0] = b[0]
            return DateValue([a, b] if a != b else [a], sa or sb)
    p, season = _parse_one(raw)
    if p is None:
        return DateValue([], literal=raw)
    return DateValue([p], season)
