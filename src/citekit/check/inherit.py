"""Fields an entry inherits through crossref and xdata, so inherited fields count as present.

The render branch owns the real biblatex rules in :mod:`citekit.crossref`
(``resolve_crossrefs(entries, types)``); this module uses it when it is there and
otherwise a small stand-in with the same signature: the child keeps its own fields,
takes every other parent field, and also gets the parent's title as booktitle /
maintitle / journaltitle as biblatex's default inheritance does.
"""

from __future__ import annotations

from typing import Callable

Resolver = Callable[[dict[str, dict[str, str]], dict[str, str]], dict[str, dict[str, str]]]

_NOT_INHERITED = frozenset(
    "ids crossref xref xdata entryset entrysubtype execute label options presort related "
    "relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey".split()
)
_TITLE_AS = {
    # parent type -> what the parent's title becomes in the child
    "book": "booktitle", "collection": "booktitle", "proceedings": "booktitle",
    "reference": "booktitle", "mvbook": "maintitle", "mvcollection": "maintitle",
    "mvproceedings": "maintitle", "mvreference": "maintitle", "periodical": "journaltitle",
}


def default_resolver() -> Resolver:
    """citekit.crossref.resolve_crossrefs if the render branch has landed, else the stand-in."""
    try:
        from citekit.crossref import resolve_crossrefs  # type: ignore[import-not-found]
    except ImportError:
        return resolve_simple
    return resolve_crossrefs


def resolve_simple(entries: dict[str, dict[str, str]], types: dict[str, str]) -> dict[str, dict[str, str]]:
    """Stand-in for citekit.crossref.resolve_crossrefs (same contract, generous rules)."""
    folded = {key.lower(): key for key in entries}
    out: dict[str, dict[str, str]] = {}

    def parents(fields: dict[str, str]) -> list[str]:
        names = []
        for link in ("xdata", "crossref"):
            for target in (fields.get(link) or "").split(","):
                real = folded.get(target.strip().lower())
                if real is not None:
                    names.append(real)
        return names

    def resolve(key: str, seen: frozenset[str]) -> dict[str, str]:
        if key in out:
            return out[key]
        own = entries[key]
        links = parents(own)
        if not links:
            out[key] = own
            return own
        merged = dict(own)
        for parent in links:
            if parent in seen:
                continue
            inherited = resolve(parent, seen | {key})
            ptype = types.get(parent, "")
            for name, value in inherited.items():
                if name in _NOT_INHERITED:
                    continue
                merged.setdefault(name, value)
            title_as = _TITLE_AS.get(ptype)
            if title_as and inherited.get("title"):
                merged.setdefault(title_as, inherited["title"])
        out[key] = merged
        return merged

    for key in entries:
        resolve(key, frozenset())
    return out
