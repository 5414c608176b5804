"""Stage 2 of the document reader: label every line of a document with its zone.

A CRF over the non-blank lines of a document (the way AnyStyle's finder and GROBID's
segmentation model read a page) says which lines are the title, the by-line or other
metadata, body prose, a reference heading, the start or continuation of a reference item or
a note, an annotation, or page chrome (menus, link labels, paywall and cookie notices,
running heads, page numbers). The model (``models/zones.crfsuite``) is trained on
synthetic documents made by ``scripts/docreader_synth.py`` (``scripts/train_docreader.py``
rebuilds it); no rule here decides a zone, the features only describe a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from citekit.importer.lists import reference_likeness
from citekit.importer.spans import shape
from citekit.importer.text import Line, split_lines

__all__ = ["ZONES", "Zone", "label_zones", "line_features", "zone_model_path"]

#: The zone labels (``_B`` starts an item, ``_I`` continues it).
ZONES = ("TITLE", "META", "BODY", "HEAD", "REF_B", "REF_I", "NOTE_B", "NOTE_I", "ANNOT", "CHROME")

MODEL_NAME = "zones.crfsuite"
MAX_LINES = 2000  # a sequence this long is cut (a 300-page PDF is tagged in pieces)

_HEADING_WORDS = {
    "references", "reference", "bibliography", "works", "cited", "notes", "endnotes", "footnotes",
    "sources", "further", "reading", "readings", "suggested", "recommended", "additional",
    "literature", "select", "selected", "consulted", "annotated", "citations", "bibliographie",
    "literatur", "quellen", "bibliografia", "note", "sources:", "list",
}
_CHROME_WORDS = {
    "google", "scholar", "crossref", "pubmed", "cookies", "cookie", "subscribe", "login", "log",
    "sign", "share", "facebook", "twitter", "menu", "home", "download", "pdf", "advertisement",
    "words", "pages", "page", "preview", "access", "copyright", "©", "rights", "reserved",
    "privacy", "policy", "accept", "view", "article", "print", "email", "search", "next",
    "previous", "comments", "reply", "posted", "tags", "categories", "related", "keywords",
}
_FUNCTION = {"the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with",
             "as", "his", "on", "be", "at", "by", "this", "had", "not", "are", "but", "from",
             "or", "have", "an", "they", "which", "were", "their", "has", "been", "would", "also"}
_LABEL = re.compile(r"^\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)]|[•*\-–·▪◦]|\^|↑)(?=\s|\S)")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20[0-4]\d)(?!\d)")
_PAREN_YEAR = re.compile(r"\((?:1[5-9]\d\d|20[0-4]\d)[a-z]?\)")
_PAGES = re.compile(r"\b\d{1,4}\s*[-–]\s*\d{1,4}\b")
_URL = re.compile(r"https?://|www\.|doi\.org|\bdoi:", re.I)
_INITIALS = re.compile(r"\b[A-Z]\.\s?(?:[A-Z]\.)?")
_NAME_START = re.compile(r"^\s*(?:\W{0,3}\d{0,3}[.)\]]?\s*)?[A-Z][\w'’\-]+,\s+(?:[A-Z]\.|[A-Z][a-z]+)")
_PUBLISHER = re.compile(r"\b(?:Press|University|Verlag|Publishers?|Books|Editions?|Routledge|Blackwell|Longman)\b")
_EDS = re.compile(r"\b(?:eds?\.|ed\. by|trans\.|edited by|vol\.|pp\.|no\.|Ibid|ibid|op\. cit)", re.I)


@dataclass
class Zone:
    """A non-blank line and its zone label."""

    line: Line
    label: str


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "more"


def _own_features(line: Line, position: float) -> dict[str, float | str]:
    text = line.stripped
    words = text.split()
    low = [w.lower().strip(".,:;()[]") for w in words]
    f: dict[str, float | str] = {
        "bias": 1.0,
        "len": _bucket(len(text), (3, 10, 25, 45, 70, 100, 160)),
        "nwords": _bucket(len(words), (1, 2, 4, 7, 12, 20)),
        "indent": _bucket(line.indent, (0, 2, 5)),
        "pos": _bucket(int(position * 10), (0, 1, 3, 6, 8, 9)),
        "label": bool(_LABEL.match(line.text)),
        "first_shape": shape(words[0][:6]) if words else "",
        "last_char": text[-1:] if text else "",
        "first_char": text[:1] if text else "",
        "years": min(len(_YEAR.findall(text)), 3),
        "paren_year": bool(_PAREN_YEAR.search(text)),
        "pages": bool(_PAGES.search(text)),
        "url": bool(_URL.search(text)),
        "initials": min(len(_INITIALS.findall(text)), 4),
        "name_start": bool(_NAME_START.match(text)),
        "publisher": bool(_PUBLISHER.search(text)),
        "eds": bool(_EDS.search(text)),
        "heading_words": sum(w in _HEADING_WORDS for w in low) / max(1, len(low)),
        "chrome_words": min(sum(w in _CHROME_WORDS for w in low), 3),
        "caps_ratio": round(sum(w[:1].isupper() for w in words) / max(1, len(words)), 1),
        "commas": min(text.count(","), 5),
        "periods": min(text.count(". "), 5),
        "quotes": any(c in text for c in "“”\""),
        "colon_end": text.endswith(":"),
        "all_caps": text.isupper() and len(text) > 3,
        "digit_only": text.replace(" ", "").isdigit(),
        "pipe": "|" in text,
        "glued": bool(re.search(r"[a-z.][A-Z][a-z]", text)),
        "likeness": _bucket(int(reference_likeness(text) * 10), (0, 2, 4, 6, 8)),
        "function_words": _bucket(int(10 * sum(w in _FUNCTION for w in low) / max(1, len(low))), (0, 1, 2, 3)),
        "single_char": len(text) == 1,
    }
    if low:
        f["w0"] = low[0][:20]
        if len(low) > 1:
            f["w1"] = low[1][:20]
        f["wl"] = low[-1][:20]
    return f


# what a line takes from its neighbours at offsets -2..2 (the keys built once)
_NEIGHBOUR_KEYS = tuple(
    (d, tuple((name, f"{d}:{name}") for name in (
        "len", "label", "name_start", "paren_year", "years", "heading_words",
        "last_char", "chrome_words", "w0", "indent", "likeness", "single_char")))
    for d in (-2, -1, 1, 2))


def line_features(lines: list[Line], total: int | None = None) -> list[dict[str, float | str]]:
    """Features of each non-blank line in ``lines`` (which keeps the blank lines)."""
    kept = [i for i, line in enumerate(lines) if not line.blank]
    n = max(1, len(kept))
    own = [_own_features(lines[i], k / n) for k, i in enumerate(kept)]
    out: list[dict[str, float | str]] = []
    for k, i in enumerate(kept):
        f = dict(own[k])
        f["blank_before"] = i == 0 or lines[i - 1].blank
        f["blank_after"] = i + 1 >= len(lines) or lines[i + 1].blank
        f["indent_change"] = (
            "first" if k == 0 else
            ("more" if lines[i].indent > lines[kept[k - 1]].indent else
             "less" if lines[i].indent < lines[kept[k - 1]].indent else "same")
        )
        for d, keys in _NEIGHBOUR_KEYS:
            j = k + d
            if 0 <= j < len(kept):
                o = own[j]
                for name, key in keys:
                    if name in o:
                        f[key] = o[name]
            else:
                f[f"{d}:edge"] = True
        out.append(f)
    return out


def zone_model_path():
    return resources.files("citekit.importer").joinpath("models", MODEL_NAME)


@lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    with resources.as_file(zone_model_path()) as path:
        tagger.open(str(path))
    return tagger


def label_zones(text_or_lines: str | list[Line]) -> list[Zone]:
    """Each non-blank line of a document with its zone label (the CRF's best sequence)."""
    lines = split_lines(text_or_lines) if isinstance(text_or_lines, str) else text_or_lines
    tagger = _tagger()
    zones: list[Zone] = []
    for start in range(0, len(lines), MAX_LINES):
        piece = lines[start : start + MAX_LINES]
        feats = line_features(piece)
        if not feats:
            continue
        labels = tagger.tag(feats)  # (pycrfsuite reads a boolean as a 0/1 weight)
        zones.extend(Zone(line, label) for line, label in zip((l for l in piece if not l.blank), labels))
    return zones
