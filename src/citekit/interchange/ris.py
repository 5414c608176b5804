"""RIS (what Zotero, Mendeley, EndNote and the databases export) <-> CSL-JSON items.

rispy reads and writes the tag lines; this module maps its records to CSL items and
back, following the RIS specification's tags and Zotero's use of them (A2 editors,
T2 the container, T3 the series, SN ISBN or ISSN by type). What RIS has no tag for
is reported by :func:`items_to_ris`, not dropped silently.
"""

from __future__ import annotations

import re

from citekit.errors import UnreadableInputError

#: RIS type -> CSL type (the RIS specification's reference types).
TYPES = {
    "JOUR": "article-journal", "EJOUR": "article-journal", "JFULL": "periodical",
    "ABST": "article-journal", "INPR": "article-journal", "MGZN": "article-magazine",
    "NEWS": "article-newspaper", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "CLSWK": "classic", "ANCIENT": "classic", "CTLG": "book", "SER": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference",
    "CPAPER": "paper-conference", "THES": "thesis", "RPRT": "report", "GOVDOC": "report",
    "GEN": "document", "ELEC": "webpage", "ICOMM": "webpage", "MULTI": "webpage",
    "BLOG": "post-weblog", "UNPB": "manuscript", "MANSCPT": "manuscript", "PAT": "patent",
    "DATA": "dataset", "DBASE": "dataset", "AGGR": "dataset", "COMP": "software",
    "ENCYC": "entry-encyclopedia", "DICT": "entry-dictionary", "CASE": "legal_case",
    "STAT": "legislation", "BILL": "bill", "HEAR": "hearing", "LEGAL": "regulation",
    "MPCT": "motion_picture", "VIDEO": "motion_picture", "ADVS": "motion_picture",
    "SOUND": "song", "MUSIC": "musical_score", "ART": "graphic", "FIGURE": "figure",
    "CHART": "figure", "MAP": "map", "PCOMM": "personal_communication", "PAMP": "pamphlet",
    "STAND": "standard", "SLIDE": "speech", "GRANT": "document", "EQUA": "document",
}
#: CSL type -> RIS type (the first RIS type above that maps to it, some made explicit).
CSL_TO_RIS = {csl: ris for ris, csl in reversed(list(TYPES.items()))}
CSL_TO_RIS.update({"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP",
                   "paper-conference": "CPAPER", "report": "RPRT", "webpage": "ELEC",
                   "manuscript": "UNPB", "dataset": "DATA", "motion_picture": "MPCT",
                   "figure": "FIGURE", "classic": "CLSWK", "entry": "ENCYC",
                   "article": "EJOUR", "post": "BLOG", "interview": "PCOMM",
                   "broadcast": "VIDEO", "treaty": "LEGAL", "review": "JOUR",
                   "review-book": "JOUR", "performance": "GEN", "event": "GEN",
                   "collection": "BOOK", "software": "COMP", "document": "GEN"})
_SERIAL = {"article-journal", "article-magazine", "article-newspaper", "periodical", "review",
           "review-book"}

#: CSL variable <-> rispy key, for plain text values (one value each).
TEXT = [
    ("title", "title"), ("container-title", "secondary_title"),
    ("collection-title", "tertiary_title"), ("title-short", "short_title"),
    ("container-title-short", "alternate_title1"), ("volume", "volume"), ("issue", "number"),
    ("edition", "edition"), ("publisher", "publisher"), ("publisher-place", "place_published"),
    ("abstract", "abstract"), ("DOI", "doi"), ("language", "language"),
    ("genre", "type_of_work"), ("number-of-volumes", "number_of_volumes"),
    ("call-number", "call_number"), ("section", "section"), ("archive", "name_of_database"),
    ("archive_location", "accession_number"), ("source", "database_provider"),
    ("original-title", "original_publication"), ("number", "note"),
    ("citation-label", "label"),
]
#: CSL name variable <-> rispy list key.
NAMES = [("author", "authors"), ("editor", "secondary_authors"),
         ("collection-editor", "tertiary_authors"), ("translator", "subsidiary_authors")]


def read_ris(text: str, name: str) -> list[tuple[dict, int]]:
    """(CSL item, line of its TY tag) for each RIS record."""
    import rispy

    lines = [i + 1 for i, line in enumerate(text.splitlines())
             if re.match(r"^\s*TY  - ", line)]
    if not lines:
        raise UnreadableInputError(f"{name}: not RIS: no 'TY  - ' line starts a record")
    try:
        records = rispy.loads(text.lstrip("\ufeff"), skip_unknown_tags=False)
    except (ValueError, IOError, KeyError, IndexError) as exc:
        raise UnreadableInputError(f"{name}: not valid RIS: {exc}") from None
    if len(records) != len(lines):
        raise UnreadableInputError(
            f"{name}: not valid RIS: {len(lines)} 'TY' lines but {len(records)} complete "
            "records (is an 'ER  - ' line missing?)")
    return [(record_to_item(r), line) for r, line in zip(records, lines)]


def record_to_item(record: dict) -> dict:
    """One rispy record -> a CSL-JSON item."""
    ris_type = str(record.get("type_of_reference", "GEN")).strip().upper()
    item: dict = {"type": TYPES.get(ris_type, "document")}
    if record.get("id"):
        item["id"] = str(record["id"]).strip()
    title = record.get("title") or record.get("primary_title")
    if title:
        item["title"] = _one(title)
    for variable, key in TEXT:
        if variable == "title":
            continue
        value = record.get(key)
        if value and variable not in item:
            item[variable] = _one(value)
    journal = record.get("journal_name") or record.get("alternate_title3")
    if journal and "container-title" not in item:
        item["container-title"] = _one(journal)
    if record.get("alternate_title2") and "container-title-short" not in item:
        item["container-title-short"] = _one(record["alternate_title2"])
    people = list(record.get("authors") or []) + list(record.get("first_authors") or [])
    if people:
        item["author"] = [_name(p) for p in people]
    for variable, key in NAMES[1:]:
        if record.get(key):
            item[variable] = [_name(p) for p in record[key]]
    start, end = record.get("start_page"), record.get("end_page")
    if start:
        item["page"] = f"{_one(start)}-{_one(end)}" if end else _one(start)
    number = record.get("issn")
    if number:
        item["ISSN" if item["type"] in _SERIAL else "ISBN"] = _one(number)
    urls = record.get("urls") or []
    if urls:
        item["URL"] = urls[0]
    keywords = record.get("keywords") or []
    if keywords:
        item["keyword"] = ", ".join(keywords)
    notes = [n for n in (record.get("notes") or []) if n]
    if notes:
        item["note"] = "\n\n".join(notes)
    issued = _date(record.get("date")) or _date(record.get("year")) or _date(
        record.get("publication_year"))
    if issued:
        item["issued"] = issued
    accessed = _date(record.get("access_date"))
    if accessed:
        item["accessed"] = accessed
    if ris_type == "INPR":
        item["status"] = "in press"
    return item


def _one(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value).strip()


def _name(text: str) -> dict:
    """RIS names: ``Last, First[, Suffix]``; a name without a comma is kept whole."""
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) == 1:
        return {"literal": parts[0]}
    words = parts[0].split()
    particle = []
    while len(words) > 1 and words[0][:1].islower():  # "van Gennep": a particle
        particle.append(words.pop(0))
    name = {"family": " ".join(words)}
    if particle:
        name["non-dropping-particle"] = " ".join(particle)
    if parts[1]:
        name["given"] = parts[1]
    if len(parts) > 2 and parts[2]:
        name["suffix"] = ", ".join(parts[2:])
    return name


def _date(value) -> dict | None:
    """``YYYY``, ``YYYY/MM/DD/other`` or ISO ``YYYY-MM-DD`` -> a CSL date."""
    if not value:
        return None
    text = _one(value)
    m = re.match(r"^\s*(-?\d{1,4})(?:[/-](\d{1,2})?(?:[/-](\d{1,2})?)?)?", text)
    if not m:
        return {"literal": text}
    parts = [int(m.group(1))]
    if m.group(2):
        parts.append(int(m.group(2)))
        if m.group(3):
            parts.append(int(m.group(3)))
    return {"date-parts": [parts]}


# ---------------------------------------------------------------- CSL -> RIS


def items_to_ris(items: list[dict]) -> tuple[str, list[tuple[str, str]]]:
    """CSL items -> RIS text, and (id, what) for each value RIS has no tag for."""
    import rispy

    _Writer = _writer()
    records, losses = [], []
    for item in items:
        record, lost = item_to_record(item)
        records.append(record)
        losses.extend((str(item.get("id", "")), what) for what in lost)
    return rispy.dumps(records, implementation=_Writer), losses


def _writer():
    from rispy.writer import RisWriter

    class Writer(RisWriter):
        """RIS as Zotero writes it: no "1." header line, a blank line between records."""

        SEPARATOR = ""

        def set_header(self, count: int) -> str:
            return ""

    return Writer


def item_to_record(item: dict) -> tuple[dict, list[str]]:
    from citekit.interchange.csljson import DATE_VARIABLES, NAME_VARIABLES

    lost: list[str] = []
    csl_type = str(item.get("type") or "document")
    record: dict = {"type_of_reference": CSL_TO_RIS.get(csl_type, "GEN")}
    if csl_type not in CSL_TO_RIS:
        lost.append(f"type '{csl_type}': no RIS type (written as GEN)")
    done = {"type", "id"}
    if item.get("id") not in (None, ""):
        record["id"] = str(item["id"])
    for variable, key in TEXT:
        value = item.get(variable)
        if value not in (None, ""):
            if variable == "ISBN":
                continue
            record[key] = str(value).strip() if variable == "DOI" else _plain(value)
            if variable != "DOI" and re.search(r"<(i|b|sc|sup|sub|span)\b", str(value)):
                lost.append(f"{variable}: its italics/bold/small caps (RIS is plain text)")
            done.add(variable)
    for variable, key in NAMES:
        names = item.get(variable)
        if names:
            record[key] = [_name_text(n) for n in names if isinstance(n, dict)]
            done.add(variable)
    page = item.get("page")
    if page:
        first, _, last = str(page).partition("-")
        record["start_page"] = first.strip()
        if last.strip():
            record["end_page"] = last.strip("-– ").strip()
        done.add("page")
    for variable in ("ISSN", "ISBN"):
        if item.get(variable):
            if "issn" in record:
                lost.append(f"{variable}: RIS has one SN tag, taken by the other number")
            else:
                record["issn"] = _plain(item[variable])
            done.add(variable)
    if item.get("URL"):
        record["urls"] = [str(item["URL"])]
        done.add("URL")
    if item.get("keyword"):
        record["keywords"] = [k.strip() for k in str(item["keyword"]).split(",") if k.strip()]
        done.add("keyword")
    if item.get("note"):
        record["notes"] = [_plain(item["note"])]
        done.add("note")
    for variable, key in (("issued", "date"), ("accessed", "access_date")):
        value = item.get(variable)
        if isinstance(value, dict):
            text, problem = _ris_date(value)
            if text:
                record[key] = text
                if variable == "issued":
                    record["year"] = text.split("/")[0]
            if problem:
                lost.append(f"{variable}: {problem}")
            done.add(variable)
    for variable, value in item.items():
        if variable in done or value in (None, "", []):
            continue
        if variable in NAME_VARIABLES:
            lost.append(f"{variable}: no RIS tag for these names")
        elif variable in DATE_VARIABLES:
            lost.append(f"{variable}: no RIS tag for this date")
        else:
            lost.append(f"{variable}: no RIS tag")
    return record, lost


def _plain(value) -> str:
    """RIS is plain text: CSL's inline tags are dropped, entities unescaped."""
    import html

    text = re.sub(r"<[^<>]{1,80}>", "", str(value))
    text = " ".join(text.split())  # one line per tag
    return html.unescape(text) if "&" in text else text


def _name_text(name: dict) -> str:
    if name.get("literal"):
        return str(name["literal"])
    particle = name.get("non-dropping-particle") or name.get("dropping-particle")
    family = " ".join(str(p) for p in (particle, name.get("family")) if p)
    given = str(name.get("given") or "")
    parts = [family, given]
    if name.get("suffix"):
        parts.append(str(name["suffix"]))
    return ", ".join(parts) if given or name.get("suffix") else family + ","


def _ris_date(value: dict) -> tuple[str, str | None]:
    """A CSL date -> RIS's ``YYYY/MM/DD/`` (and what it could not say)."""
    parts = value.get("date-parts") or []
    if not parts or not parts[0]:
        literal = value.get("literal") or value.get("raw")
        return (str(literal), None) if literal else ("", None)
    first = [int(p) for p in parts[0] if str(p).strip()][:3]
    problem = None
    if len(parts) > 1:
        problem = "a date range: RIS keeps only its start"
    if value.get("circa") or value.get("season"):
        problem = "circa/season: RIS has no way to say it"
    pieces = [f"{first[0]:04d}"] + [f"{p:02d}" for p in first[1:]]
    pieces += [""] * (3 - len(pieces))
    return "/".join(pieces) + "/", problem
