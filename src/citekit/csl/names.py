"""Formatting one list of CSL-JSON names: order, particles, initials, et al., and/delimiters.

Works on plain option dicts so the same code serves citations, bibliographies, sort keys and
disambiguation (which asks for more names or fuller given names via ``extra_names`` and
per-name ``given_level``).
"""

from __future__ import annotations

import functools
import re

from .output import Leaf, Out, clone, parse_markup
from .textcase import apply_text_case

_ROMANESQUE = re.compile(r"^[\s\w\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1fff.,'\u2019\-()\[\]\"]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def is_romanesque(name: dict) -> bool:
    s = (name.get("family") or "") + (name.get("given") or "")
    return not _CJK.search(s)


def _sep_after_particle(p: str) -> str:
    return "" if p.endswith(("'", "\u2019", "-", " ")) else " "


@functools.lru_cache(maxsize=65536)
def initialize(given: str, with_: str, hyphen: bool = True, do_init: bool = True) -> str:
    """Initials of a given name: "John Paul" -> "J. P.", "Jean-Paul" -> "J.-P.".

    Abbreviations written with a period ("Ph.", "Ts.") stay whole; lower-case words (particles
    such as "de") are kept; with ``do_init`` false only existing initials are normalised.
    Inline markup around a word ("<b>John</b> Q") stays around its initial ("<b>J.</b> Q.").
    """
    if "<" not in given:
        return _initialize_plain(given, with_, hyphen, do_init)
    words = re.findall(r"[^\s\-\u2010]+|[\s\-\u2010]+", given)
    tagged = {}
    plain_words = []
    for n, w in enumerate(words):
        m = _TAGGED.match(w)
        if m and (m.group(1) or m.group(3)):
            tagged[len(plain_words)] = (m.group(1), m.group(3))
            w = m.group(2)
        plain_words.append(w)
    if not tagged:
        return _initialize_plain(given, with_, hyphen, do_init)
    out = []
    for n, w in enumerate(plain_words):
        if w.strip() == "" or w in ("-", "\u2010"):
            continue
        piece = _initialize_plain(w, with_, hyphen, do_init)
        lead, trail = tagged.get(n, ("", ""))
        out.append((lead + piece + trail, n))
    # rebuild with the separators the plain initializer would put between the words
    text = ""
    for k, (piece, n) in enumerate(out):
        if k:
            sep = words[n - 1] if n else " "
            text += ("-" if sep.strip() in ("-", "\u2010") and hyphen
                     else (" " if with_.endswith(" ") or not sep.strip() else ""))
        text += piece
    return text


_TAGGED = re.compile(r"^((?:<[^>]+>)*)(.*?)((?:</[^>]+>)*)$")


def _initialize_plain(given: str, with_: str, hyphen: bool = True, do_init: bool = True) -> str:
    """Initials of a given name: "John Paul" -> "J. P.", "Jean-Paul" -> "J.-P.".

    Abbreviations written with a period ("Ph.", "Ts.") stay whole; lower-case words (particles
    such as "de") are kept; with ``do_init`` false only existing initials are normalised.
    """
    words = re.findall(r"[^\s.\-\u2010]+\.?|[\-\u2010]", given)
    out = ""
    after_hyphen = False
    for w in words:
        if w in ("-", "\u2010"):
            after_hyphen = True
            continue
        bare = w.rstrip(".")
        if not bare:
            continue
        joined = False  # this word follows a hyphen kept in the output
        if after_hyphen:
            after_hyphen = False
            if bare[0].islower() and do_init:
                continue  # "Guo-ping" -> "G."
            whole = not do_init and not (len(bare) == 1 or w.endswith("."))
            if (hyphen or whole) and out:
                out = out.rstrip() + "-"  # "Jae-Won" stays one word when not initialised
                joined = True
            elif out and not out.endswith(" "):
                out += " " if with_.endswith(" ") else ""
        if w.endswith(".") and len(bare) > 1 and not bare.islower():
            out += bare + with_
        elif len(bare) == 1 and bare.isalpha():
            out += bare.upper() + with_ if bare.isupper() else bare + with_
        elif bare[0].islower():
            if out and not out.endswith(" ") and not joined:
                out += " "
            out += w + " "
        elif do_init:
            if len(bare) > 2 and bare[1].isupper() and bare[2].islower():
                out += bare[0] + bare[1].lower() + with_  # "TSerendorjiin" -> "Ts."
            else:
                out += bare[0] + with_
        else:
            if out and not out.endswith(" ") and not joined:
                out += " "
            out += w + " "
    return out.rstrip()


def split_particles(name: dict) -> dict:
    """Honour ``parse-names``-style particles written in family/given (simple cases)."""
    if name.get("literal") is not None or name.get("static-particles") or name.get("parse-names") is False:
        return name
    try:
        key = tuple(sorted(name.items()))
        return _split_cached(key)
    except TypeError:  # unhashable values: no caching
        return _split(name)


@functools.lru_cache(maxsize=65536)
def _split_cached(key):
    return _split(dict(key))


def _split(name: dict) -> dict:
    n = dict(name)
    fam = n.get("family") or ""
    if len(fam) > 1 and fam.startswith('"') and fam.endswith('"'):
        n["family"] = fam[1:-1]  # quoted family: taken as written, no particle parsing
        return n
    for k in ("family", "given"):
        if isinstance(n.get(k), str):
            n[k] = n[k].strip(" \u00a0")
    family = n.get("family") or ""
    if not n.get("non-dropping-particle") and family:
        m = re.match(r"^((?:[a-z\u00e0-\u00ff'\u2019.]+[\s'\u2019]+)+|(?:[a-z]+['\u2019\-]))(.+)$", family)
        if m and m.group(2)[:1].isupper() and (" " in m.group(1) or m.group(1).endswith(("'", "\u2019", "-"))):
            part = m.group(1).strip()
            if part.endswith(("'", "\u2019")) and m.group(1)[-1:].isspace():
                part += " "  # "de' Frinkle": the space after the apostrophe is kept
            n["non-dropping-particle"] = part
            n["family"] = m.group(2)
    given = n.get("given") or ""
    if "," in given and not n.get("dropping-particle") and not n.get("suffix"):
        g, _, rest = given.partition(",")
        rest = rest.strip()
        if rest and rest[0].islower():
            n["given"] = given = g.strip()
            n["dropping-particle"] = rest
            n["comma-dropping-particle"] = True
    if not n.get("dropping-particle") and given:
        m = re.match(r"^(.+?)\s+((?:[a-z\u00e0-\u00ff'\u2019]+\s*)+)$", given)
        if m and not m.group(2).strip()[:1].isupper():
            n["given"] = m.group(1)
            n["dropping-particle"] = m.group(2).strip()
    if not n.get("suffix") and "," in given:
        g, _, suf = given.partition(",")
        if suf.strip():
            n["given"] = g.strip()
            n["suffix"] = suf.strip()
            if suf.strip().startswith("!"):
                n["suffix"] = suf.strip()[1:].strip()
                n["comma-suffix"] = True
    return n


_MISSING = object()
_MEMO_MAX = 50000


class NameFormatter:
    """Formats names with fixed options (built per <name> element and context)."""

    def __init__(self, opts: dict, parts: dict, locale, demote: str):
        self.o = opts
        self.parts = parts  # "given"/"family" -> (tags, prefix, suffix, text_case)
        self.locale = locale
        self.demote = demote
        self._memo = {}

    def _part(self, which, kids):
        """Name-part formatting: tags and text-case per piece (particles apart), affixes around."""
        kids = [k for k in kids if k is not None]
        if not kids:
            return None
        spec = self.parts.get(which)
        if not spec:
            return Out(kids)
        tags, prefix, suffix, case = spec
        pieces = []
        for k in kids:
            if isinstance(k, Out) and k.role == "suffix":
                pieces.append(k)  # inside the part's affixes, but not formatted
                continue
            if isinstance(k, Leaf) and not k.text.strip():
                pieces.append(k)
                continue
            if isinstance(k, Leaf) and k.nocase and case in ("uppercase", "lowercase"):
                # particles escape title/sentence case, not the name-part's own case
                k = Leaf(k.text.upper() if case == "uppercase" else k.text.lower(), True)
            if isinstance(k, Leaf) and k.text.strip() != k.text:
                # a particle with its separating space: format the word, not the space
                core = k.text.strip()
                lead = k.text[: len(k.text) - len(k.text.lstrip())]
                trail = k.text[len(k.text.rstrip()):]
                if lead:
                    pieces.append(Leaf(lead))
                node = Out([Leaf(core, k.nocase)])
                if case:
                    apply_text_case(node, case)
                pieces.append(Out([node], tags=tags))
                if trail:
                    pieces.append(Leaf(trail))
                continue
            node = Out([k])
            if case:
                apply_text_case(node, case)
            pieces.append(Out([node], tags=tags))
        return Out(pieces, prefix=prefix, suffix=suffix)

    def format_name(self, name: dict, index: int, given_level: int = 0):
        """One name -> Out. ``given_level``: 0 as styled, 1 initials/long, 2 full given name.

        Remembered per formatter (a library names the same people again and again); the
        position only matters as first or not (name-as-sort-order="first")."""
        try:
            key = (tuple(name.items()), index == 0, given_level)
            hit = self._memo.get(key, _MISSING)
        except TypeError:  # an unhashable value: not remembered
            return self._format_name(name, index, given_level)
        if hit is _MISSING:
            hit = self._format_name(name, index, given_level)
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
            self._memo[key] = hit if hit is None else clone(hit)
            return hit
        return hit if hit is None else clone(hit)

    def _format_name(self, name: dict, index: int, given_level: int):
        o = self.o
        if name.get("literal") is not None and not name.get("family"):
            # an institution: formatted like a family name
            return self._part("family", [_txt(name["literal"])])
        if not name.get("family") and not name.get("given"):
            return None
        name = split_particles(name)
        family = name.get("family") or ""
        given = name.get("given") or ""
        dp = (name.get("dropping-particle") or "").replace("'", "\u2019")
        ndp = (name.get("non-dropping-particle") or "").replace("'", "\u2019")
        suffix = name.get("suffix") or ""
        form = o.get("form", "long")
        if given_level >= 1 and form == "short":
            form = "long"
            if given_level == 1 and not o.get("initialize-with") is not None:
                pass
        init_with = o.get("initialize-with")
        if given_level >= 2 or (given_level == 1 and o.get("form") == "short" and init_with is None):
            init_with = None
        elif given_level == 1 and o.get("form", "long") == "long" and init_with is not None:
            init_with = None  # long form with initials already: expand to full
        if not family:
            return self._part("given", [_txt(given)]) if given else None
        if not is_romanesque(name):
            # CJK: family then given, no separator
            if form == "short":
                return self._part("family", [_txt(family)])
            return Out([self._part("family", [_txt(family)]), self._part("given", [_txt(given)])])
        if init_with is not None and given:
            given = initialize(given, init_with, o.get("initialize-with-hyphen", "true") != "false",
                               o.get("initialize", "true") != "false")
        if form == "short":
            fam = [Leaf(ndp + _sep_after_particle(ndp), True)] if ndp else []
            return self._part("family", fam + [_txt(family)])
        nso = o.get("name-as-sort-order")
        inverted = nso == "all" or (nso == "first" and index == 0)
        if not inverted:
            gp = []
            if given:
                gp.append(_txt(given))
            first = self._part("given", gp) if gp else None
            fam_kids = []
            lead = None
            if dp:
                # inside the family part's affixes, but not formatted as the family name
                fam_kids.append(Out([Leaf(dp + _sep_after_particle(dp), True)], role="suffix"))
            if ndp:
                fam_kids.append(Leaf(ndp + _sep_after_particle(ndp), True))
            fam_kids.append(_txt(family))
            if suffix:
                # affixes of the family part enclose the suffix of a non-inverted name
                fam_kids.append(Out([Leaf((", " if name.get("comma-suffix") else " ") + suffix, True)],
                                    role="suffix"))
            famnode = self._part("family", fam_kids)
            kids = []
            if first is not None:
                kids.append(first)
                gspec = self.parts.get("given")
                if not (gspec and gspec[2] and gspec[2][-1].isspace()):
                    kids.append(Leaf(" "))
            if lead is not None:
                kids.append(lead)  # the dropping particle is not part of the family name
            kids.append(famnode)
            return Out(kids)
        sep = o.get("sort-separator", ", ")
        demote = self.demote == "display-and-sort"
        fam_kids = []
        if ndp and not demote:
            fam_kids.append(Leaf(ndp + _sep_after_particle(ndp), True))
        fam_kids.append(_txt(family))
        famnode = self._part("family", fam_kids)
        gkids = []
        if given:
            gkids.append(_txt(given))
        if dp:
            dsep = sep if name.get("comma-dropping-particle") else " "
            gkids.append(Leaf((dsep if given else "") + dp, True))
        if ndp and demote:
            gkids.append(Leaf(" " if (given or dp) else ""))
            spec = self.parts.get("family")
            gkids.append(Out([Leaf(ndp, True)], tags=spec[0] if spec else ()))
        kids = [famnode]
        if gkids:
            kids.append(Leaf(sep))
            kids.append(self._part("given", gkids))
        if suffix:
            kids.append(Leaf(sep + suffix))
        return Out(kids)

    def sort_string(self, name: dict) -> str:
        if name.get("literal") is not None and not name.get("family"):
            return name["literal"]
        name = split_particles(name)
        family = name.get("family") or ""
        given = name.get("given") or ""
        dp = name.get("dropping-particle") or ""
        ndp = name.get("non-dropping-particle") or ""
        init_with = self.o.get("initialize-with")
        if init_with is not None and given:
            given = initialize(given, init_with, True, self.o.get("initialize", "true") != "false")
        if self.demote in ("sort-only", "display-and-sort"):
            key = [family, dp, ndp, given]
        else:
            key = [(ndp + " " + family).strip(), dp, given]
        if self.o.get("form") == "short":
            key = key[:1] if self.demote == "never" else [family, ndp]
        return " ".join(k for k in key if k)


def _txt(s):
    node = parse_markup(s)
    return node if len(node.kids) != 1 or not isinstance(node.kids[0], Leaf) else node.kids[0]
