"""BibTeX / biblatex entries -> CSL-JSON items, the input of the CSL engine.

BibTeX and CSL disagree on almost everything a style needs: type names (@inbook vs
"chapter"), field names (journaltitle vs container-title), how names and dates are
written, and case: BibTeX titles are in title case with braces protecting proper
nouns, CSL data is in sentence case and styles title-case it when they want. This
module makes the translation once, following biblatex's data model and, where that
leaves a choice, pandoc's biblatex reader (docs/render.md lists where we differ).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from pybtex.database import Person

from citekit import latexmarkup as lm
from citekit import texmacros
from citekit.crossref import resolve_crossrefs
from citekit.diagnostics import Diagnostic, Severity
from citekit.progress import track

#: biblatex/BibTeX entry type -> CSL type. Aliases resolve here too.
TYPE_MAP = {
    "article": "article-journal",
    "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book",
    "proceedings": "book", "mvproceedings": "book", "reference": "book", "mvreference": "book",
    "manual": "book", "commentary": "book",
    "booklet": "pamphlet",
    "inbook": "chapter", "incollection": "chapter", "bookinbook": "chapter",
    "suppbook": "chapter", "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference", "conference": "paper-conference",
    "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "report": "report", "techreport": "report",
    # no CSL type, as pandoc's reader and citeproc-js read @misc: every style's generic
    # branch (a title in italics, the year alone in APA), which is how biblatex prints @misc
    "misc": "", "set": "", "xdata": "",
    "online": "webpage", "electronic": "webpage", "www": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "dataset": "dataset", "data": "dataset",
    "software": "software",
    "periodical": "article-journal", "suppperiodical": "article-journal",
    "artwork": "graphic", "image": "graphic",
    "audio": "song", "music": "song",
    "jurisdiction": "legal_case", "legislation": "legislation", "legal": "treaty",
    "standard": "standard",
    "letter": "personal_communication", "letters": "personal_communication",
    "movie": "motion_picture", "video": "motion_picture",
    "performance": "performance", "review": "review",
    "newsarticle": "article-newspaper",
}

_BOOKLIKE = {"book", "collection", "proceedings", "reference", "mvbook", "mvcollection",
             "mvproceedings", "mvreference", "bookinbook", "inbook", "incollection",
             "inproceedings", "conference", "inreference", "suppbook", "suppcollection"}
_ARTICLELIKE = {"article", "periodical", "suppperiodical", "review"}
_CHAPTERLIKE = {"inbook", "incollection", "inproceedings", "conference", "inreference", "bookinbook"}

#: biblatex localisation keys used as field values (english.lbx wording).
BIBSTRINGS = {
    "mathesis": "Master’s thesis", "phdthesis": "PhD thesis", "candthesis": "Candidate thesis",
    "techreport": "technical report", "resreport": "research report",
    "software": "computer software", "datacd": "CD-ROM", "audiocd": "audio CD",
    "patent": "patent", "patentde": "German patent", "patenteu": "European patent",
    "patentfr": "French patent", "patentuk": "British patent", "patentus": "U.S. patent",
    "patreq": "patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "U.S. patent request",
    "countryde": "Germany", "countryeu": "European Union", "countryep": "European Union",
    "countryfr": "France", "countryuk": "United Kingdom", "countryus": "United States of America",
    "newseries": "new series", "oldseries": "old series", "jourser": "series",
    "inpress": "in press", "forthcoming": "forthcoming", "submitted": "submitted",
    "inpreparation": "in preparation", "prepublished": "pre-published",
    "manuscript": "manuscript", "unpublished": "unpublished",
}

#: babel/polyglossia language names (langid) -> BCP 47 tags.
LANGUAGES = {
    "english": "en-US", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "australian": "en-AU", "newzealand": "en-NZ", "canadian": "en-CA",
    "german": "de-DE", "ngerman": "de-DE", "austrian": "de-AT", "naustrian": "de-AT",
    "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr-FR", "francais": "fr-FR",
    "latin": "la", "spanish": "es-ES", "italian": "it-IT", "dutch": "nl-NL",
    "portuguese": "pt-PT", "portuges": "pt-PT", "brazil": "pt-BR", "brazilian": "pt-BR",
    "russian": "ru-RU", "polish": "pl-PL", "swedish": "sv-SE", "danish": "da-DK",
    "norwegian": "nb-NO", "norsk": "nb-NO", "nynorsk": "nn-NO", "finnish": "fi-FI",
    "greek": "el-GR", "czech": "cs-CZ", "hungarian": "hu-HU", "magyar": "hu-HU",
    "japanese": "ja-JP", "chinese": "zh-CN", "catalan": "ca-AD", "croatian": "hr-HR",
    "turkish": "tr-TR", "ukrainian": "uk-UA", "hebrew": "he-IL", "korean": "ko-KR",
    "arabic": "ar", "slovene": "sl-SI", "slovenian": "sl-SI", "slovak": "sk-SK",
    "romanian": "ro-RO", "bulgarian": "bg-BG", "estonian": "et-EE", "latvian": "lv-LV",
    "lithuanian": "lt-LT", "icelandic": "is-IS", "serbian": "sr-RS", "vietnamese": "vi-VN",
    "persian": "fa-IR", "thai": "th-TH", "basque": "eu", "galician": "gl-ES",
}
_ENGLISH_VARIANTS = {"british": "en-GB", "uk": "en-GB", "american": "en-US", "us": "en-US",
                     "usmax": "en-US", "australian": "en-AU", "newzealand": "en-NZ",
                     "canadian": "en-CA"}


@dataclass
class Conversion:
    """The CSL items of a bibliography plus what went wrong on the way."""

    items: list[dict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


# ---------------------------------------------------------------- entry points


def convert_entries(entries: list[tuple[str, str, dict[str, str]]], *, file: str = "",
                    lines: dict[str, int] | None = None, preamble: str = "") -> Conversion:
    """(key, entry type, fields) triples -> CSL items, crossrefs resolved first.

    ``preamble``: the files' @preamble text; the macros it defines are expanded in values."""
    macros = texmacros.parse_definitions(preamble) if "\\" in preamble else {}
    if macros:
        fields_by_key = {key: {k.lower(): texmacros.expand(v, macros) for k, v in flds.items()}
                         for key, _, flds in entries}
    else:
        # Bibliography.fields() names are lower case already: no second copy of every entry
        fields_by_key = {key: flds if all(k == k.lower() for k in flds)
                         else {k.lower(): v for k, v in flds.items()} for key, _, flds in entries}
    types = {key: etype.lower() for key, etype, _ in entries}
    resolved = resolve_crossrefs(fields_by_key, types)
    result = Conversion()
    for key, etype, _ in track(entries, "converting"):
        if etype.lower() == "xdata":
            continue  # xdata containers only lend fields
        line = (lines or {}).get(key, 0)
        item, diags = entry_to_csl(key, etype, resolved[key], file=file, line=line)
        result.items.append(item)
        result.diagnostics.extend(diags)
    return result


def entry_to_csl(key: str, entry_type: str, fields: dict[str, str], *, file: str = "",
                 line: int = 0) -> tuple[dict, list[Diagnostic]]:
    """One entry (fields already crossref-resolved) -> one CSL-JSON item."""
    return _EntryMapper(key, entry_type.lower(), {k.lower(): v for k, v in fields.items()},
                        file, line).run()


def clear_caches() -> None:
    """Forget the parsed names and titles remembered across entries: they speed up a
    conversion, and would otherwise stay (tens of MB after a big one)."""
    _title_tree_cached.cache_clear()
    _parse_names_cached.cache_clear()
    _parse_name.cache_clear()
    lm._parse_cached.cache_clear()


# ---------------------------------------------------------------- the mapper


class _EntryMapper:
    def __init__(self, key: str, etype: str, fields: dict[str, str], file: str, line: int):
        self.key, self.etype, self.f = key, etype, fields
        self.file, self.line = file, line
        self.diags: list[Diagnostic] = []
        self.options = _parse_options(fields.get("options", ""))
        self.language = _language(fields)
        self.english = self.language is None or self.language.startswith("en")

    # -- helpers
    def raw(self, name: str) -> str | None:
        value = self.f.get(name)
        if value is None:
            return None
        return value.strip() or None

    def tree(self, name: str) -> list | None:
        value = self.raw(name)
        return lm.parse(value) if value is not None else None

    def title_tree(self, name: str) -> list | None:
        value = self.raw(name)
        if value is None:
            return None
        return _title_tree(value, self.english)

    def markup(self, name: str) -> str | None:
        tree = self.tree(name)
        return _clean(lm.to_markup(tree)) if tree is not None else None

    def literal_list(self, name: str) -> str | None:
        """biblatex list fields (location, publisher): "A and B" -> "A; B"."""
        value = self.raw(name)
        if value is None:
            return None
        parts = [_clean(lm.to_markup(lm.parse(p))) for p in _split_and(value)]
        return "; ".join(_bibstring(p) for p in parts if p)

    def warn(self, code: str, message: str) -> None:
        self.diags.append(Diagnostic(file=self.file, line=self.line, code=code,
                                     severity=Severity.WARNING, message=message, key=self.key))

    # -- the mapping
    def run(self) -> tuple[dict, list[Diagnostic]]:
        item: dict = {"id": self.key, "type": self._type()}
        et = self.etype
        self._names(item)
        self._dates(item)
        self._titles(item)
        self._numbers(item)
        self._publication(item)
        self._identifiers(item)
        self._notes(item)
        if self.language:
            item["language"] = self.language
        if et in {"mastersthesis", "phdthesis"} and "genre" not in item:
            item["genre"] = BIBSTRINGS["mathesis" if et == "mastersthesis" else "phdthesis"]
        # the key and type are kept even when empty: a keyless entry still renders
        return {k: v for k, v in item.items() if v not in (None, "", [])} | {"id": self.key, "type": item["type"]}, self.diags

    def _type(self) -> str:
        et = self.etype
        csl_type = self.raw("x-csl-type")  # a CSL type BibTeX has none for (citekit convert)
        if csl_type:
            return csl_type
        subtype = (self.raw("entrysubtype") or "").lower()
        if et in {"article", "periodical", "suppperiodical"} and subtype in {"magazine", "newspaper"}:
            return f"article-{subtype}"
        if et == "unpublished" and any(self.raw(f) for f in ("eventdate", "eventtitle", "venue")):
            return "speech"
        if et in TYPE_MAP:
            return TYPE_MAP[et]
        self.warn("M001",
                  f"unknown entry type @{et}: rendered as a generic document")
        return "document"

    def _names(self, item: dict) -> None:
        bibtex_names = False
        for source, target in (("author", "author"), ("bookauthor", "container-author"),
                               ("translator", "translator")):
            if self.raw(source):
                item[target] = parse_names(self.raw(source), self.options, bibtex_names)
        editors = parse_names(self.raw("editor"), self.options) if self.raw("editor") else None
        editortype = (self.raw("editortype") or "editor").lower()
        if editors:
            item["director" if editortype == "director" else "editor"] = editors
        if self.raw("director"):
            item.setdefault("director", parse_names(self.raw("director"), self.options))

    def _dates(self, item: dict) -> None:
        for csl_name, new, old in (("issued", "date", ""), ("event-date", "eventdate", "event"),
                                   ("original-date", "origdate", "orig"),
                                   ("accessed", "urldate", "url")):
            value = None
            if self.raw(new):
                value = parse_date(self.raw(new))
                if value is None:
                    self.warn("F103", f"{new} = {{{self.raw(new)}}} is not a date")
                    value = {"literal": lm.to_text(lm.parse(self.raw(new)))}
            else:
                value = self._old_date(old)
            if value:
                item[csl_name] = value

    def _old_date(self, prefix: str) -> dict | None:
        year = self.raw(prefix + "year")
        month = self.raw(prefix + "month")
        day = self.raw(prefix + "day")
        endyear = self.raw(prefix + "endyear")
        if year is None:
            return None
        year_text = lm.to_text(lm.parse(year)).strip()
        year_text = re.sub(r"^[–—]", "-", year_text)
        end_parts = None
        if not re.fullmatch(r"-?\d+", year_text):
            span = re.fullmatch(r"(\d{3,4})\s*[-–—/]+\s*(\d{1,4})", year_text)
            found = re.findall(r"(?<!\d)\d{4}(?!\d)", year_text)
            if span:  # 1968--90, 1968/1990: a range, the end completed from the start
                start, end = span.groups()
                end_year = int(start[:len(start) - len(end)] + end) if len(end) < len(start) else int(end)
                if end_year >= int(start):
                    year_text, end_parts = start, [end_year]
            if end_parts is None and len(set(found)) == 1:
                self.warn("F103", f"{prefix}year = {{{year}}} is not a year: printed as {found[0]}")
                year_text = found[0]
            elif end_parts is None:
                if not self.raw(prefix + "date"):
                    self.warn("F103", f"{prefix}year = {{{year}}} is not a year")
                return {"literal": year_text}
        parts = [int(year_text)]
        m = parse_month(month) if month else None
        if m:
            parts.append(m)
            if day and day.strip().isdecimal():
                parts.append(int(day))
        dates = [parts]
        if end_parts:
            dates = [parts[:1], end_parts]
        elif endyear and endyear.strip().lstrip("-").isdecimal():
            end = [int(endyear)]
            em = parse_month(self.raw(prefix + "endmonth") or "")
            if em:
                end.append(em)
            dates.append(end)
        return {"date-parts": dates}

    def _titles(self, item: dict) -> None:
        et = self.etype
        periodical = et == "periodical"
        chapterlike = et in _CHAPTERLIKE
        has_main = self.raw("maintitle") is not None

        def joined(title: list | None, subtitle: list | None, addon: list | None) -> str | None:
            if title is None:
                return None
            parts = [_clean(lm.to_markup(title))]
            out = parts[0]
            if subtitle:
                out = _concat(out, _clean(lm.to_markup(subtitle)), ":")
            if addon:
                out = _concat(out, _clean(lm.to_markup(addon)), ".")
            return out

        tt = self.title_tree
        if periodical and self.raw("issuetitle"):
            title = joined(tt("issuetitle"), tt("issuesubtitle"), None)
        elif has_main and not chapterlike:
            title = joined(tt("maintitle"), tt("mainsubtitle"), tt("maintitleaddon"))
        else:
            title = joined(tt("title"), tt("subtitle"), tt("titleaddon"))
        item["title"] = title

        if has_main and not chapterlike:
            item["volume-title"] = joined(tt("title"), tt("subtitle"), tt("titleaddon"))
        elif has_main and chapterlike and self.raw("booktitle"):
            item["volume-title"] = joined(tt("booktitle"), tt("booksubtitle"), tt("booktitleaddon"))

        if periodical:
            container = joined(self.tree("title"), self.tree("subtitle"), self.tree("titleaddon"))
        elif chapterlike and has_main:
            container = joined(tt("maintitle"), tt("mainsubtitle"), tt("maintitleaddon"))
        elif chapterlike and self.raw("booktitle"):
            container = joined(tt("booktitle"), tt("booksubtitle"), tt("booktitleaddon"))
        elif self.raw("journaltitle"):
            container = joined(self.tree("journaltitle"), self.tree("journalsubtitle"), None)
        elif self.raw("journal"):
            container = joined(self.tree("journal"), self.tree("journalsubtitle"), None)
        else:
            container = None
        item["container-title"] = container
        if self.raw("shortjournal"):
            item["container-title-short"] = self.markup("shortjournal")
        elif periodical and not has_main and self.raw("shorttitle"):
            item["container-title-short"] = self.markup("shorttitle")

        if self.raw("series"):
            series_tree = self.title_tree("series")
            text = lm.to_text(series_tree).strip()
            if text.isdecimal():
                item["collection-title"] = f"{_ordinal(int(text))} series"
            else:
                key = text.lower()
                value = BIBSTRINGS.get(key, _clean(lm.to_markup(series_tree)))
                item["collection-title"] = value[:1].upper() + value[1:] if key in BIBSTRINGS else value

        short = None
        if self.raw("shorttitle") and (not has_main or chapterlike):
            short = _clean(lm.to_markup(tt("shorttitle")))
        elif self.raw("title"):
            main_title = _clean(lm.to_markup(tt("title")))
            if (self.raw("subtitle") or self.raw("titleaddon")) and not has_main:
                short = main_title
            elif ":" in main_title:
                short = main_title.split(":", 1)[0].strip()
        item["title-short"] = short
        if self.raw("eventtitle"):
            item["event"] = item["event-title"] = _clean(lm.to_markup(tt("eventtitle")))
        if self.raw("origtitle"):
            item["original-title"] = _clean(lm.to_markup(tt("origtitle")))

    def _numbers(self, item: dict) -> None:
        et = self.etype
        if self.raw("pages"):
            item["page"] = self.markup("pages").replace("–", "-").replace("—", "-")
        if self.raw("pagetotal"):
            item["number-of-pages"] = self.markup("pagetotal")
        volume, part = self.markup("volume"), self.markup("part")
        item["volume"] = f"{volume}.{part}" if volume and part else (volume or part)
        item["number-of-volumes"] = self.markup("volumes")
        item["chapter-number"] = self.markup("chapter")
        item["edition"] = self.markup("edition")
        item["version"] = self.markup("version")
        number = self.markup("number")
        if number is not None:
            if et in _BOOKLIKE:
                item["collection-number"] = number
            elif et in _ARTICLELIKE:
                issue = self.markup("issue")
                item["issue"] = f"{number}, {issue}" if issue else number
            else:
                item["number"] = number
        elif self.raw("issue"):
            item["issue"] = self.markup("issue")
        if self.raw("type"):
            raw_type = self.raw("type")
            item["genre"] = BIBSTRINGS.get(raw_type.lower(), _clean(lm.to_markup(lm.parse(raw_type))))
        if self.raw("pubstate"):
            state = self.raw("pubstate")
            item["status"] = BIBSTRINGS.get(state.lower(), self.markup("pubstate"))

    def _publication(self, item: dict) -> None:
        et = self.etype
        publishers = []
        for name in ("school", "institution", "organization", "howpublished", "publisher"):
            if self.raw(name):
                value = self.markup(name) if name == "howpublished" else self.literal_list(name)
                if value:
                    publishers.append(value)
        if publishers:
            out = publishers[0]
            for p in publishers[1:]:
                out = _concat(out, p, ";")
            item["publisher"] = out
        item["original-publisher"] = self.literal_list("origpublisher")
        if self.raw("venue"):
            item["event-place"] = self.markup("venue")
        if self.raw("address"):
            item["publisher-place"] = self.literal_list("address")
        elif self.raw("location") and et != "patent":
            item["publisher-place"] = self.literal_list("location")
        item["original-publisher-place"] = self.literal_list("origlocation")
        if et == "patent" and self.raw("location"):
            item["jurisdiction"] = self.literal_list("location")

    def _identifiers(self, item: dict) -> None:
        url = None
        if self.raw("url") and (self.etype in {"online", "electronic", "www"}
                                or self.options.get("url") != "false"):
            url = self.raw("url")
        elif self.raw("eprint"):
            base = {"arxiv": "https://arxiv.org/abs/", "jstor": "https://www.jstor.org/stable/",
                    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
                    "googlebooks": "https://books.google.com?id=",
                    "hdl": "https://hdl.handle.net/"}.get(
                (self.raw("eprinttype") or self.raw("archiveprefix") or "").lower())
            if base:
                url = base + self.raw("eprint")
        item["URL"] = _unescape_url(url) if url else None
        if self.raw("doi") and self.options.get("doi") != "false":
            item["DOI"] = _unescape_url(re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", self.raw("doi"), flags=re.I))
        for src, dst in (("isbn", "ISBN"), ("issn", "ISSN"), ("pmid", "PMID"), ("pmcid", "PMCID"),
                         ("library", "call-number")):
            if self.raw(src):
                item[dst] = self.raw(src)

    def _notes(self, item: dict) -> None:
        notes = []
        if self.etype != "periodical" and self.raw("note"):
            notes.append(self.markup("note"))
        if self.raw("addendum"):
            notes.append(self.markup("addendum"))
        if notes:
            out = notes[0]
            for n in notes[1:]:
                out = _concat(out, n, ".")
            item["note"] = out
        item["annote"] = self.markup("annotation") or self.markup("annote")
        item["abstract"] = self.markup("abstract")
        item["keyword"] = self.markup("keywords")


@lru_cache(maxsize=65536)
def _title_tree_cached(value: str, english: bool) -> tuple:
    tree = lm.parse(value)
    return tuple(lm.sentence_case(tree) if english else tree)


def _title_tree(value: str, english: bool) -> list:
    return list(_title_tree_cached(value, english))


# ---------------------------------------------------------------- names


_AND = re.compile(r"(?<=\s)and(?=\s|$)", re.IGNORECASE)


def _split_and(value: str) -> list[str]:
    """Split on top-level " and " (not inside braces), as BibTeX does."""
    if "{" not in value and "}" not in value and value.isascii():
        # no braces, no case mapping that changes lengths: the loop below, as one regex
        return [p for p in (p.strip() for p in _AND.split(value)) if p]
    parts, depth, start, i = [], 0, 0, 0
    lower = value.lower()
    while i < len(value):
        c = value[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and lower.startswith("and", i) and i > 0 and value[i - 1].isspace() \
                and (i + 3 == len(value) or value[i + 3].isspace()):
            parts.append(value[start:i].strip())
            start = i + 3
            i += 3
            continue
        i += 1
    parts.append(value[start:].strip())
    return [p for p in parts if p]


def _text(latex: str) -> str:
    return _clean(lm.to_text(lm.parse(latex)))


def parse_names(value: str, options: dict[str, str] | None = None, bibtex: bool = False) -> list[dict]:
    """A BibTeX name list -> CSL name objects (pybtex's Person splits the parts).

    ``{Corporate Bodies}`` become literals; "and others" becomes the literal "others"
    (what biblatex prints as et al.); particles are dropping unless ``useprefix``.
    """
    options = options or {}
    useprefix = options.get("useprefix") in {"true", ""}
    juniorcomma = options.get("juniorcomma") in {"true", ""}
    return [dict(n) for n in _parse_names_cached(value, useprefix, juniorcomma)]


@lru_cache(maxsize=32768)
def _parse_names_cached(value: str, useprefix: bool, juniorcomma: bool) -> tuple:
    names = []
    for part in _split_and(value):
        name = _parse_name(part.strip(), useprefix, juniorcomma)
        if name is not None:
            names.append(name)
    return tuple(names)


@lru_cache(maxsize=16384)
def _parse_name(stripped: str, useprefix: bool, juniorcomma: bool) -> dict | None:
    """One name of a list (people recur across a bibliography far more than whole lists:
    cached on its own). Callers copy the dict."""
    if stripped == "others":
        return {"literal": "others"}
    if _is_single_group(stripped):
        return {"literal": _text(stripped[1:-1])}
    if "=" in stripped and re.match(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", stripped):
        return _extended_name(stripped)
    stripped = re.sub(r"(?<![A-Za-z])([A-Z])\.([A-Z])(?=\.|\b)", r"\1. \2", stripped)
    try:
        person = Person(stripped)
    except Exception:
        return {"literal": _text(stripped)}
    name: dict[str, str] = {}
    family = " ".join(_text(p) for p in person.last_names)
    given = " ".join(_text(p) for p in person.first_names + person.middle_names)
    particle = " ".join(_text(p) for p in person.prelast_names)
    if particle and particle[:1].isupper() and _top_level_comma(stripped):
        # "Van der Berg, J.": a capitalised first word is the family name's own start
        # (pandoc's reading; BibTeX would make "Van der" a von part, printed after "J.")
        family, particle = f"{particle} {family}".strip(), ""
    suffix = " ".join(_text(p) for p in person.lineage_names)
    if family:
        name["family"] = family
    if given:
        name["given"] = given
    if particle:
        name["non-dropping-particle" if useprefix else "dropping-particle"] = particle
    if suffix:
        name["suffix"] = suffix
    if juniorcomma and suffix:
        name["comma-suffix"] = True
    return name or None


def _top_level_comma(text: str) -> bool:
    depth = 0
    for c in text:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "," and depth == 0:
            return True
    return False


def _is_single_group(text: str) -> bool:
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(text):
        depth += c == "{"
        depth -= c == "}"
        if depth == 0 and i < len(text) - 1:
            return False
    return not text.startswith("{\\")


def _extended_name(text: str) -> dict:
    name: dict = {}
    prefix_used = False
    for chunk in re.split(r",\s*(?=\w+\s*=)", text):
        k, _, v = chunk.partition("=")
        k, v = k.strip().lower(), _text(v.strip().strip("{}"))
        if k == "family":
            name["family"] = v
        elif k == "given":
            name["given"] = v
        elif k == "prefix":
            name["dropping-particle"] = v
        elif k == "suffix":
            name["suffix"] = v
        elif k == "useprefix":
            prefix_used = v.lower() == "true"
    if prefix_used and "dropping-particle" in name:
        name["non-dropping-particle"] = name.pop("dropping-particle")
    return name


# ---------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def parse_month(value: str) -> int | None:
    text = value.strip().strip("{}").lower()
    if text.isdecimal() and 1 <= int(text) <= 24:
        return int(text)
    return _MONTHS.get(text[:3])


_DATE_PART = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:]+Z?)?$")


def parse_date(value: str) -> dict | None:
    """biblatex (ISO 8601-2 / EDTF level 1) dates: 1998, 1998-05-13, 1885/1888,
    1850~ (circa), 1850? (uncertain), 2000-21 (seasons 21-24), open ranges ``1990/``."""
    text = value.strip().replace(lm.NBSP, "~")
    circa = False
    result: dict = {}
    ranges = text.split("/")
    if len(ranges) > 2:
        return None
    parts = []
    for piece in ranges:
        piece = piece.strip()
        if piece in {"", ".."}:
            if len(ranges) == 2 and parts:
                parts.append([])  # open end
                continue
            if len(ranges) == 2:
                continue
            return None
        if piece[-1:] in "~?%":
            circa = circa or piece[-1] in "~%"
            piece = piece[:-1]
        m = _DATE_PART.match(piece)
        if not m:
            return None
        numbers = [int(g) for g in m.groups() if g is not None]
        if len(numbers) > 1 and not (1 <= numbers[1] <= 12 or 21 <= numbers[1] <= 24):
            return None
        if len(numbers) > 1 and numbers[1] > 12:  # a season
            result["season"] = numbers[1] - 20
            numbers = numbers[:1]
        parts.append(numbers)
    if not parts or not parts[0]:
        return None
    if parts[-1] == []:
        parts[-1] = [0]
    result["date-parts"] = parts
    if circa:
        result["circa"] = True
    return result


# ---------------------------------------------------------------- small helpers


def _parse_options(value: str) -> dict[str, str]:
    out = {}
    for chunk in value.split(","):
        k, _, v = chunk.partition("=")
        if k.strip():
            out[k.strip().lower()] = v.strip().lower()
    return out


def _language(fields: dict[str, str]) -> str | None:
    langid = (fields.get("langid") or fields.get("hyphenation") or "").strip().lower()
    if not langid:
        return None
    if langid == "english":
        variant = fields.get("langidopts", "").strip().lower()
        variant = variant.partition("variant=")[2].split(",")[0].strip()
        return _ENGLISH_VARIANTS.get(variant, "en-US")
    return LANGUAGES.get(langid, langid)


def _bibstring(value: str) -> str:
    return BIBSTRINGS.get(value.lower(), value)


def _clean(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _concat(left: str, right: str, sep: str) -> str:
    """Join title parts the way biblatex punctuates them (no double punctuation)."""
    stripped = re.sub(r"<[^>]+>$", "", left.rstrip())
    if stripped and stripped[-1] in "!?.,:;":
        return f"{left} {right}"
    return f"{left}{sep} {right}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _unescape_url(url: str) -> str:
    return re.sub(r"\\([_%#&~$])", r"\1", url.strip())
