"""crossref / xdata inheritance on plain field dicts, by biblatex's rules.

biblatex copies every field the child lacks from its ``crossref`` parent, renaming some
on the way so they keep their meaning: a @book's ``title`` becomes an @inbook's
``booktitle``, an @mvbook's ``title`` becomes a @book's ``maintitle``, a @periodical's
``title`` becomes an @article's ``journaltitle`` (biblatex manual, appendix B).
``xdata`` parents give their fields unchanged. Check uses this to decide what is
"present"; render uses it before mapping to CSL.
"""

from __future__ import annotations

#: Fields never inherited (they describe the parent entry itself).
NOT_INHERITED = frozenset({
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
    "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
    "shorthand", "shorthandintro", "sortkey", "sorttitle", "sortname", "sortyear", "keywords",
})

_TITLE_FIELDS = ("title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle",
                 "indexsorttitle")


def _renamed(prefix: str) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {
        "title": f"{prefix}title", "subtitle": f"{prefix}subtitle",
        "titleaddon": f"{prefix}titleaddon",
    }
    for name in ("shorttitle", "sorttitle", "indextitle", "indexsorttitle"):
        mapping[name] = None  # describe the parent only
    return mapping


_MAIN = _renamed("main")
_BOOK = _renamed("book")
_JOURNAL = {"title": "journaltitle", "subtitle": "journalsubtitle", "shorttitle": None,
            "sorttitle": None, "indextitle": None, "indexsorttitle": None}

#: (parent types, child types, field renames); the first matching rule wins.
_RULES: list[tuple[frozenset, frozenset, dict]] = [
    (frozenset({"mvbook"}), frozenset({"book", "inbook", "bookinbook", "suppbook"}), _MAIN),
    (frozenset({"mvcollection", "mvreference"}),
     frozenset({"collection", "reference", "incollection", "inreference", "suppcollection"}), _MAIN),
    (frozenset({"mvproceedings"}), frozenset({"proceedings", "inproceedings"}), _MAIN),
    (frozenset({"book"}), frozenset({"inbook", "bookinbook", "suppbook"}), _BOOK),
    (frozenset({"collection", "reference"}),
     frozenset({"incollection", "inreference", "suppcollection"}), _BOOK),
    (frozenset({"proceedings"}), frozenset({"inproceedings"}), _BOOK),
    (frozenset({"periodical"}), frozenset({"article", "suppperiodical"}), _JOURNAL),
]

#: BibTeX-style aliases, so a BibTeX child of a BibTeX parent works the same.
_TYPE_ALIASES = {"conference": "inproceedings", "electronic": "online", "www": "online",
                 "mastersthesis": "thesis", "phdthesis": "thesis", "techreport": "report"}


def _target_names(parent_type: str, child_type: str, name: str) -> list[str]:
    parent_type = _TYPE_ALIASES.get(parent_type, parent_type)
    child_type = _TYPE_ALIASES.get(child_type, child_type)
    if name == "author" and child_type in {"inbook", "bookinbook", "suppbook"} and parent_type in {"book", "mvbook"}:
        return ["bookauthor", "author"]
    if name == "author" and parent_type == "mvbook" and child_type == "book":
        return ["bookauthor", "author"]
    for parents, children, renames in _RULES:
        if parent_type in parents and child_type in children:
            if name in renames:
                target = renames[name]
                return [target] if target else []
            return [name]
    return [name]


def split_keys(value: str) -> list[str]:
    return [k.strip() for k in value.replace(" ", ",").split(",") if k.strip()]


def resolve_crossrefs(entries: dict[str, dict[str, str]], types: dict[str, str]) -> dict[str, dict[str, str]]:
    """Return new field dicts with crossref and xdata fields inherited (inputs untouched).

    Keys are matched exactly first, then case-insensitively (BibTeX does). Cycles and
    missing parents are ignored here; check reports them.
    """
    folded = {k.lower(): k for k in entries}
    resolved: dict[str, dict[str, str]] = {}

    def find(key: str) -> str | None:
        if key in entries:
            return key
        return folded.get(key.lower())

    def resolve(key: str, stack: tuple[str, ...]) -> dict[str, str]:
        if key in resolved:
            return resolved[key]
        own = dict(entries[key])
        result = dict(own)
        child_type = types.get(key, "misc").lower()
        for xkey in split_keys(own.get("xdata", "")):
            parent = find(xkey)
            if parent is None or parent in stack:
                continue
            for name, value in resolve(parent, stack + (parent,)).items():
                if name not in result and name not in NOT_INHERITED:
                    result[name] = value
        cross = own.get("crossref", "").strip()
        parent = find(cross) if cross else None
        if parent is not None and parent not in stack:
            parent_fields = resolve(parent, stack + (parent,))
            parent_type = types.get(parent, "misc").lower()
            for name, value in parent_fields.items():
                if name in NOT_INHERITED:
                    continue
                for target in _target_names(parent_type, child_type, name):
                    if target not in result:
                        result[target] = value
        resolved[key] = result
        return result

    for key in entries:
        resolve(key, (key,))
    return resolved
