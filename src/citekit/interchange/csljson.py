"""CSL-JSON items <-> BibTeX entries (the format of Zotero's and pandoc's exports).

BibTeX -> CSL-JSON is the bridge's mapping (:mod:`citekit.bridge`, the one render
uses), plus the fields it has no use for that are CSL variables by name. CSL-JSON ->
BibTeX is its inverse: each CSL variable goes to the field the bridge reads it from,
so an item that goes to BibTeX and back is the same item. Variables with no BibTeX
field keep their CSL name as the field name (``archive_location = {...}``), and a CSL
type BibTeX has no type for is kept in ``x-csl-type``: reading CSL-JSON loses nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bibtexparser.model import Entry, Field

from citekit import bridge
from citekit.crossref import resolve_crossrefs
from citekit.interchange import markup

#: CSL 1.0.2 variables by kind (the specification's appendix IV).
NAME_VARIABLES = (
    "author chair collection-editor compiler composer container-author contributor curator "
    "director editor editorial-director editor-translator executive-producer guest host "
    "illustrator interviewer narrator organizer original-author performer producer recipient "
    "reviewed-author script-writer series-creator translator").split()
DATE_VARIABLES = "accessed available-date event-date issued original-date submitted".split()
NUMBER_VARIABLES = (
    "chapter-number citation-number collection-number edition first-reference-note-number "
    "issue locator number number-of-pages number-of-volumes page page-first part-number "
    "printing-number section supplement-number version volume").split()
STANDARD_VARIABLES = (
    "abstract annote archive archive_collection archive_location archive-place authority "
    "call-number citation-key citation-label collection-title container-title "
    "container-title-short dimensions division DOI event event-title event-place genre ISBN "
    "ISSN jurisdiction keyword language license medium note original-publisher "
    "original-publisher-place original-title part-title PMCID PMID publisher publisher-place "
    "references reviewed-genre reviewed-title scale source status title title-short URL "
    "volume-title volume-title-short year-suffix").split()
VARIABLES = frozenset(NAME_VARIABLES + DATE_VARIABLES + NUMBER_VARIABLES + STANDARD_VARIABLES)
#: a BibTeX field named like a CSL variable (field names are case-insensitive)
_BY_FIELD = {v.lower(): v for v in VARIABLES}

CSL_TYPE_FIELD = "x-csl-type"
_ARTICLE_TYPES = {"article-journal", "article-magazine", "article-newspaper", "article", "review"}

#: CSL type -> (BibTeX type, entrysubtype); the bridge maps each back to the same type.
TYPES = {
    "article-journal": ("article", None), "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"), "book": ("book", None),
    "chapter": ("incollection", None), "entry-encyclopedia": ("inreference", None),
    "paper-conference": ("inproceedings", None), "thesis": ("thesis", None),
    "report": ("report", None), "document": ("misc", None), "webpage": ("online", None),
    "manuscript": ("unpublished", None), "patent": ("patent", None),
    "dataset": ("dataset", None), "software": ("software", None), "graphic": ("artwork", None),
    "song": ("audio", None), "legal_case": ("jurisdiction", None),
    "legislation": ("legislation", None), "treaty": ("legal", None),
    "standard": ("standard", None), "personal_communication": ("letter", None),
    "motion_picture": ("movie", None), "performance": ("performance", None),
    "review": ("review", None), "pamphlet": ("booklet", None),
}
#: CSL types without a BibTeX type of their own: the nearest one (x-csl-type keeps the CSL type).
NEAREST = {
    "article": "online", "entry-dictionary": "inreference", "entry": "inreference",
    "post": "online", "post-weblog": "online", "broadcast": "movie", "interview": "misc",
    "map": "misc", "figure": "artwork", "bill": "legislation", "hearing": "misc",
    "regulation": "legislation", "classic": "book", "collection": "book", "event": "misc",
    "musical_score": "misc", "review-book": "review", "periodical": "misc",
    "speech": "unpublished",
}
_CHAPTER_TYPES = {"incollection", "inreference", "inproceedings", "inbook"}
_BOOK_TYPES = {"book", "incollection", "inreference", "inproceedings", "inbook", "collection",
               "proceedings", "reference"}
#: title-like CSL variables the bridge sentence-cases (from BibTeX title-like fields)
_TITLE_VARIABLES = {"title", "collection-title", "event-title", "original-title", "title-short",
                    "volume-title"}
_VALID_KEY = re.compile(r"^[^\s,{}()=#%\"'\\~]+$")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_LANGUAGE_NAMES: dict[str, str] = {}
for _name, _tag in bridge.LANGUAGES.items():
    _LANGUAGE_NAMES.setdefault(_tag.lower(), _name)


@dataclass
class Loss:
    """Something a format cannot carry: ``what`` of ``key`` (one line on stderr)."""

    key: str
    what: str


@dataclass
class Items:
    items: list[dict]
    losses: list[Loss] = field(default_factory=list)


# ---------------------------------------------------------------- BibTeX -> CSL-JSON


class _Reads(dict):
    """A field dict that records which names the bridge asked for."""

    def __init__(self, *args):
        super().__init__(*args)
        self.asked: set[str] = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)


def entries_to_items(entries: list[tuple[str, str, dict[str, str]]]) -> Items:
    """(key, type, fields) -> CSL-JSON items, by the bridge's mapping; each field the
    bridge did not read is carried if it is named like a CSL variable, else reported."""
    fields_by_key = {key: {k.lower(): v for k, v in f.items()} for key, _, f in entries}
    types = {key: etype.lower() for key, etype, _ in entries}
    resolved = resolve_crossrefs(fields_by_key, types)
    out = Items([])
    for key, etype, own in entries:
        if etype.lower() == "xdata":
            continue
        reads = _Reads(resolved[key])
        item, diagnostics = bridge._EntryMapper(key, etype.lower(), reads, "", 0).run()
        for d in diagnostics:
            out.losses.append(Loss(key, d.message))
        for name, value in fields_by_key[key].items():
            if name in reads.asked or name in {"crossref", "xref", "xdata", "options"}:
                continue
            carried = _carry(item, name, value, reads)
            if not carried:
                out.losses.append(Loss(key, f"field '{name}': no CSL-JSON variable"))
        out.items.append(item)
    return out


def _carry(item: dict, name: str, value: str, fields: dict) -> bool:
    if name == CSL_TYPE_FIELD:
        item["type"] = value.strip()
        return True
    if name == "eid" and "number" not in item and item.get("type") in _ARTICLE_TYPES:
        # biblatex's article number is CSL's number. Rendering leaves it out, as pandoc and
        # citeproc-js do (MLA reads number as an issue, Chicago notes print it beside the
        # locator); interchange keeps it.
        item["number"] = value.strip()
        return True
    variable = _BY_FIELD.get(name) or _BY_FIELD.get(name.removeprefix("csl-"))
    if variable is None:
        return False
    from citekit import latexmarkup as lm

    if variable in NAME_VARIABLES:
        converted = bridge.parse_names(value)
    elif variable in DATE_VARIABLES:
        converted = bridge.parse_date(value) or {"literal": lm.to_text(lm.parse(value))}
    elif variable in {"URL", "DOI"}:
        converted = value
    else:
        converted = bridge._clean(lm.to_markup(lm.parse(value)))
    if variable in item and not name.startswith("csl-"):
        # the bridge made this variable from another field: carried only if they agree
        return item[variable] == converted
    item[variable] = converted
    return True


# ---------------------------------------------------------------- CSL-JSON -> BibTeX


def items_to_entries(items: list[dict], taken: set[str] | None = None) -> tuple[list[Entry], list[Loss]]:
    """CSL-JSON items -> bibtexparser entries (raw values in braces), and what could not
    be written (values that are not text, numbers, names or dates)."""
    taken = set() if taken is None else taken
    entries, losses = [], []
    for n, item in enumerate(items):
        fields, lost = item_to_fields(item)
        key = _key(item, fields, taken, n)
        losses.extend(Loss(key, what) for what in lost)
        etype = fields.pop("entrytype")
        entries.append(Entry(etype, key, [Field(k, "{" + v + "}") for k, v in fields.items()]))
    return entries, losses


def _key(item: dict, fields: dict[str, str], taken: set[str], n: int) -> str:
    from citekit.keys import make_key

    for candidate in (item.get("citation-key"), item.get("id")):
        if isinstance(candidate, (str, int)) and not isinstance(candidate, bool):
            text = str(candidate).strip()
            if _VALID_KEY.match(text) and text.lower() not in taken:
                taken.add(text.lower())
                return text
    plain = {k: v for k, v in fields.items()}
    plain.setdefault("entrytype", fields.get("entrytype", "misc"))
    key = make_key(plain, taken)
    taken.add(key.lower())
    return key


def item_to_fields(item: dict) -> tuple[dict[str, str], list[str]]:
    """One CSL item -> BibTeX field values (LaTeX, without delimiters), ``entrytype``
    among them, and the descriptions of what was not written."""
    lost: list[str] = []
    csl_type = str(item.get("type") or "document")
    etype, subtype = TYPES.get(csl_type, (NEAREST.get(csl_type, "misc"), None))
    f: dict[str, str] = {"entrytype": etype}
    if csl_type not in TYPES:
        f[CSL_TYPE_FIELD] = csl_type
    if subtype:
        f["entrysubtype"] = subtype
    language = item.get("language")
    english = not isinstance(language, str) or language.lower().startswith("en") or not language
    done = {"id", "type", "citation-key", "language"}
    if isinstance(language, str) and language.strip():
        f["langid"] = _LANGUAGE_NAMES.get(language.strip().lower(), language.strip())

    def text(variable: str) -> str | None:
        value = item.get(variable)
        done.add(variable)
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            lost.append(f"{variable}: not text ({type(value).__name__})")
            return None
        value = str(value)
        if variable in _TITLE_VARIABLES:
            return markup.title_to_latex(value, english)
        return markup.to_latex(value)

    def put(name: str, value: str | None) -> None:
        if value is not None and value.strip():
            f[name] = value

    # names
    prefixed = _uses_prefix(item)
    if prefixed:
        f["options"] = "useprefix=true"
    for variable, name in (("author", "author"), ("editor", "editor"), ("translator", "translator"),
                           ("container-author", "bookauthor"), ("director", "director")):
        if variable in item:
            done.add(variable)
            put(name, names_to_bibtex(item[variable], prefixed, lost, variable))

    # dates
    for variable, name in (("issued", "date"), ("accessed", "urldate"),
                           ("event-date", "eventdate"), ("original-date", "origdate")):
        if variable in item:
            done.add(variable)
            _put_date(f, name, item[variable], lost, variable)

    # titles
    chapterlike = etype in _CHAPTER_TYPES
    container = text("container-title")
    volume_title = text("volume-title")
    if volume_title and not chapterlike:
        put("maintitle", text("title"))
        put("title", volume_title)
    else:
        put("title", text("title"))
        if volume_title:
            put("booktitle", volume_title)
    if container:
        if chapterlike and volume_title:
            f["maintitle"] = markup.title_to_latex(str(item["container-title"]), english)
        elif chapterlike:
            f["booktitle"] = markup.title_to_latex(str(item["container-title"]), english)
        elif etype == "article":
            f["journal"] = container
        else:
            f["journaltitle"] = container
    put("shortjournal", text("container-title-short"))
    series = text("collection-title")
    if series and series.isdigit():  # biblatex reads a number as "3rd series": keep the CSL name
        f["collection-title"] = series
    else:
        put("series", series)
    short = text("title-short")
    title_plain = str(item.get("title") or "")
    derived = title_plain.split(":", 1)[0].strip() if ":" in title_plain else None
    if short and str(item["title-short"]).strip() != derived:
        put("shorttitle", short)  # (the bridge makes the part before ':' the short title)
    event = text("event-title") or text("event")
    put("eventtitle", event)
    put("origtitle", text("original-title"))

    # numbers
    page = text("page")
    put("pages", re.sub(r"(?<=\w)\s*[-–—]+\s*(?=\w)", "--", page) if page else None)
    put("pagetotal", text("number-of-pages"))
    put("volume", text("volume"))
    put("volumes", text("number-of-volumes"))
    put("chapter", text("chapter-number"))
    put("edition", text("edition"))
    put("version", text("version"))
    issue, number, collection_number = text("issue"), text("number"), text("collection-number")
    if etype in _BOOK_TYPES:
        put("number", collection_number)
        put("issue", issue)
        if number:
            f["csl-number"] = number
    elif etype == "article" or etype == "review" or etype == "periodical":
        put("number", issue)
        put("eid", number)  # an article number: convert carries eid back as CSL's number
    else:
        put("number", number)
        put("issue", issue)
    if collection_number and etype not in _BOOK_TYPES:
        f["collection-number"] = collection_number
    put("type", text("genre"))
    put("pubstate", text("status"))

    # publication
    publisher = text("publisher")
    if publisher:
        f["institution" if etype in {"thesis", "report"} else "publisher"] = _list_field(publisher)
    place = text("publisher-place")
    if place:
        f["address"] = _list_field(place)
    put("venue", text("event-place"))
    original_publisher = text("original-publisher")
    put("origpublisher", _list_field(original_publisher) if original_publisher else None)
    original_place = text("original-publisher-place")
    put("origlocation", _list_field(original_place) if original_place else None)
    if etype == "patent":
        jurisdiction = text("jurisdiction")
        put("location", _list_field(jurisdiction) if jurisdiction else None)

    # identifiers (verbatim)
    for variable, name in (("DOI", "doi"), ("URL", "url")):
        value = item.get(variable)
        done.add(variable)
        if isinstance(value, str) and value.strip():
            f[name] = _verbatim(value.strip())
    for variable, name in (("ISBN", "isbn"), ("ISSN", "issn"), ("PMID", "pmid"),
                           ("PMCID", "pmcid"), ("call-number", "library")):
        put(name, text(variable))

    # notes
    put("note", text("note"))
    put("annotation", text("annote"))
    put("abstract", text("abstract"))
    put("keywords", text("keyword"))

    # everything else keeps its CSL name
    for variable, value in item.items():
        if variable in done:
            continue
        name = variable.lower()
        if variable in NAME_VARIABLES:
            put(name, names_to_bibtex(value, prefixed, lost, variable))
        elif variable in DATE_VARIABLES:
            _put_date(f, name, value, lost, variable)
        elif variable in VARIABLES:
            put(name, text(variable))
        elif not variable.startswith("_"):
            lost.append(f"{variable}: not a CSL variable")
    return f, lost


def _list_field(value: str) -> str:
    """``A; B`` (CSL) -> ``A and B`` (a biblatex list), a part with " and " braced."""
    parts = value.split("; ")
    if not all(p.strip() == p and p and ";" not in p for p in parts):
        return "{" + value + "}"  # not a list: one name as written
    return " and ".join("{" + p + "}" if re.search(r"\sand\s", p, re.I) else p for p in parts)


def _verbatim(value: str) -> str:
    """url/doi are verbatim fields: only unbalanced braces need care."""
    depth = 0
    for c in value:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            break
    return value if depth == 0 else value.replace("{", "%7B").replace("}", "%7D")


def _uses_prefix(item: dict) -> bool:
    """biblatex's useprefix: particles that sort with the name ("van" of van Gogh in CSL's
    non-dropping-particle); only when no name of the item has a dropping particle."""
    non_dropping = dropping = False
    for variable in NAME_VARIABLES:
        for name in item.get(variable) or [] if isinstance(item.get(variable), list) else []:
            if isinstance(name, dict):
                non_dropping |= bool(name.get("non-dropping-particle"))
                dropping |= bool(name.get("dropping-particle"))
    return non_dropping and not dropping


def names_to_bibtex(names, useprefix: bool, lost: list[str], variable: str) -> str | None:
    """CSL name objects -> ``von Last, Jr, First and ...``; corporate names in braces."""
    if not isinstance(names, list):
        lost.append(f"{variable}: not a list of names")
        return None
    out = []
    for name in names:
        if isinstance(name, str):
            name = {"literal": name}
        if not isinstance(name, dict):
            continue
        literal = name.get("literal")
        if literal:
            literal = str(literal)
            escaped = markup.escape(literal)
            if escaped.startswith("\\"):
                escaped = "{" + escaped + "}"  # {\&...} would read as an accent group
            out.append("others" if literal == "others" else "{" + escaped + "}")
            continue
        family = markup.escape(str(name.get("family") or "").strip())
        given = markup.escape(str(name.get("given") or "").strip())
        suffix = markup.escape(str(name.get("suffix") or "").strip())
        particle = name.get("non-dropping-particle") or name.get("dropping-particle") or ""
        particle = markup.escape(str(particle).strip())
        if particle and name.get("non-dropping-particle") and not useprefix:
            # mixed particles in one item: biblatex's extended name format says which
            parts = [f"family={_brace(family)}", f"given={_brace(given)}" if given else "",
                     f"prefix={particle}", "useprefix=true"]
            if suffix:
                parts.insert(2, f"suffix={suffix}")
            out.append(", ".join(p for p in parts if p))
            continue
        if not family:
            if given:
                out.append("{" + given + "}")
            continue
        last = _brace(family)
        if particle:
            last = f"{particle} {last}"
        pieces = [last]
        if suffix:
            pieces.append(suffix)
        if given:
            pieces.append(_given(given))
        elif suffix:
            pieces.append("")
        out.append(", ".join(pieces))
    return " and ".join(out) if out else None


def _brace(family: str) -> str:
    """A family name pybtex would split (a lower-case word: a particle; a comma; "and")."""
    words = family.split()
    if "," in family or any(w.lower() == "and" for w in words) or any(
            w[:1].islower() for w in words):
        return "{" + family + "}"
    return family


def _given(given: str) -> str:
    words = given.split()
    if any(w.lower() == "and" for w in words) or "," in given:
        return "{" + given + "}"
    return given


def _put_date(f: dict[str, str], name: str, value, lost: list[str], variable: str) -> None:
    """A CSL date -> biblatex's ISO 8601 / EDTF date (year [+ month] in BibTeX's year/month
    fields for ``issued``, which every BibTeX style reads)."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        lost.append(f"{variable}: not a date")
        return
    parts = value.get("date-parts")
    if not parts and value.get("raw"):
        parsed = bridge.parse_date(str(value["raw"]).strip())
        if parsed:
            value, parts = parsed, parsed.get("date-parts")
        else:
            value = {"literal": str(value["raw"])}
    if not parts:
        literal = value.get("literal")
        if literal:
            if name == "date":
                f["year"] = markup.escape(str(literal))
            else:
                f[name] = markup.escape(str(literal))
        elif value:
            lost.append(f"{variable}: a date without date-parts or literal")
        return
    try:
        clean = [[int(p) for p in part if str(p).strip() != ""] for part in parts]
    except (TypeError, ValueError):
        lost.append(f"{variable}: date-parts are not numbers")
        return
    clean = [p for p in clean if p] or []
    if not clean:
        return
    season = value.get("season")
    circa = bool(value.get("circa"))
    if (name == "date" and len(clean) == 1 and len(clean[0]) <= 2 and not season and not circa
            and clean[0][0] > 0):
        f["year"] = str(clean[0][0])
        if len(clean[0]) == 2 and 1 <= clean[0][1] <= 12:
            f["month"] = str(clean[0][1])
        return

    def iso(part: list[int]) -> str:
        if part == [0]:
            return ""
        year = f"{part[0]:04d}" if part[0] >= 0 else f"-{-part[0]:04d}"
        rest = "".join(f"-{p:02d}" for p in part[1:3])
        return year + rest

    text = "/".join(iso(p) for p in clean[:2])
    if season and len(clean[0]) == 1:
        try:
            text = f"{clean[0][0]:04d}-{20 + int(season)}"
        except (TypeError, ValueError):
            lost.append(f"{variable}: season {season!r}")
    if circa:
        text += "~"
    f[name] = text
