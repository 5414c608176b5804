"""Checks of single field values: dates, pages, identifiers, names, titles, characters.

Each check is a pure function ``(record) -> iterator of Hit`` so it can be tested on a
dict. A Hit names the field it is about; the runner turns it into a Diagnostic with
file, line and column.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
from typing import Iterator, NamedTuple
from urllib.parse import urlsplit

from citekit.bibfile.values import balanced
from citekit.check.records import Record


class Hit(NamedTuple):
    code: str
    field: str | None
    message: str
    fix: str | None = None
    nth: int = 0  # which occurrence of the field (duplicate fields)


#: Fields whose value is verbatim (not LaTeX): no character/brace checks there.
VERBATIM = frozenset(
    "sorttitle indexsorttitle sortname sortkey presort sortshorthand sortyear "  # never typeset
    "url doi eprint file pdf verba verbb verbc urlraw bdsk-url-1 bdsk-url-2 local-url "
    "biburl journal-url bibsource ids crossref xref xdata entryset keywords".split()
)
NAME_FIELDS = ("author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc",
               "annotator", "commentator", "holder", "afterword", "foreword", "introduction")
TITLE_FIELDS = ("title", "subtitle", "booktitle", "maintitle", "titleaddon")

_THIS_YEAR = datetime.date.today().year
#: distinct values whose findings are remembered (recurring names and titles are
#: checked once; a big file of unique ones does not keep them all)
_CACHED = 1 << 15


# ----------------------------------------------------------------- dates
_YEAR = re.compile(r"\d{4}")
_URLDATE = re.compile(r"\d{4}-\d{2}-\d{2}(T[\d:]+Z?)?")
_NOOPSORT = re.compile(r"\{?\\noopsort\{[^{}]*\}\}?")  # BibTeX's sorting trick, not part of the year
_EDTF_PART = re.compile(
    r"^(?P<year>[+-]?\d{4}|\d{2}[0-9X]{2})(?:-(?P<month>\d{2}|XX)(?:-(?P<day>\d{2}|XX))?)?"
    r"(?:T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?[?~%]?$"
)


def _valid_date_part(part: str) -> tuple[bool, int | None]:
    """(is EDTF-ish, year) for one side of a date range ('' = open end)."""
    if part in ("", ".."):
        return True, None
    m = _EDTF_PART.match(part)
    if not m:
        return False, None
    year_text, month, day = m.group("year"), m.group("month"), m.group("day")
    year = int(year_text) if "X" not in year_text else None
    if month and month != "XX":
        mon = int(month)
        if not (1 <= mon <= 12 or 21 <= mon <= 24):  # 21-24: EDTF seasons
            return False, year
        if day and day != "XX" and year is not None and mon <= 12:
            try:
                datetime.date(max(year, 1), mon, int(day))
            except ValueError:
                return False, year
    return True, year


def check_dates(rec: Record) -> Iterator[Hit]:
    year = rec.fields.get("year")
    if year is not None and year.strip():
        value = (_NOOPSORT.sub("", year) if "\\" in year else year).strip()
        if not _YEAR.fullmatch(value):
            found = _YEAR.search(value)
            hint = f"year = {{{found.group()}}}" if found else "use date for ranges, note for 'in press'"
            yield Hit("F101", "year", f"year {value!r} is not a 4-digit year", hint)
        elif not 1000 <= int(value) <= _THIS_YEAR + 1:  # most years: nothing to say
            yield from _plausible(int(value), "year")
    for name in ("date", "origdate", "eventdate", "urldate"):
        value = rec.fields.get(name)
        if value is None or not value.strip():
            continue
        value = value.strip()
        parts = value.split("/")
        checks = [_valid_date_part(p) for p in parts] if len(parts) <= 2 else [(False, None)]
        if name == "urldate":
            if not _URLDATE.fullmatch(value) or not all(ok for ok, _ in checks):
                yield Hit("F115", name, f"urldate {value!r} is not an ISO date", "urldate = {YYYY-MM-DD}")
            continue
        if not all(ok for ok, _ in checks):
            yield Hit("F103", name, f"{name} {value!r} is not an ISO 8601/EDTF date", "e.g. 2001-05-17 or 1998/2001")
            continue
        if name == "date":
            for _, y in checks:
                if y is not None:
                    yield from _plausible(y, name)
                    break


def _plausible(year: int, name: str) -> Iterator[Hit]:
    if year > _THIS_YEAR + 1:
        yield Hit("F102", name, f"{name} {year} is in the future", "check the year")
    elif 0 < year < 1000:
        yield Hit("F102", name, f"{name} {year} is before 1000", "check the year (or use date for old works)")


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")]
    )
    for m in names
}


def check_month(rec: Record) -> Iterator[Hit]:
    value = rec.fields.get("month")
    if value is None or not value.strip():
        return
    text = value.strip().lower().rstrip(".")
    if text.isdecimal() and 1 <= int(text) <= 12:
        return
    if text in _MONTHS:
        return
    yield Hit("F104", "month", f"month {value.strip()!r} is not a month",
              "month = jan ... dec (no braces), or a number 1-12")


# ----------------------------------------------------------------- pages
_PAGE = r"(?:[A-Za-z]{0,3}\d+[A-Za-z]?|[ivxlcdm]+|[IVXLCDM]+)"
_PAGES_OK = re.compile(rf"^{_PAGE}(?:\s*(?:--|–|—)\s*{_PAGE})?\+?$")
_PAGES_HYPHEN = re.compile(rf"^({_PAGE})\s*-\s*({_PAGE})$")
_PAGE_COUNT = re.compile(r"^(?:[ivxlcdm]+|[IVXLCDM]+|\d+)(?:\s*\+\s*(?:[ivxlcdm]+|[IVXLCDM]+|\d+))+(?:\s*pp?\.?)?$")  # "xiii + 180"
_PAGES_LABEL = re.compile(r"^(pp?\.|pages?|s\.|S\.)\s*", re.I)
_BOOKTITLE_PAGES = re.compile(r"(?:,\s*|\s)(?:pp?\.|pages)\s*\d+(?:\s*[-–]+\s*\d+)?", re.I)


def _range_numbers(a: str, b: str) -> tuple[int, int] | None:
    if a.isdecimal() and b.isdecimal():
        return int(a), int(b)
    pa, pb = re.fullmatch(r"([A-Za-z]*)(\d+)", a), re.fullmatch(r"([A-Za-z]*)(\d+)", b)
    if pa and pb and pa.group(1) == pb.group(1):
        return int(pa.group(2)), int(pb.group(2))
    return None


_PLAIN_PAGES = re.compile(r"([0-9]+)(?:--([0-9]+))?")  # "12" or "12--34": the common case


def check_pages(rec: Record) -> Iterator[Hit]:
    value = rec.fields.get("pages")
    plain = _PLAIN_PAGES.fullmatch(value) if value else None
    if plain and (plain.group(2) is None or int(plain.group(2)) >= int(plain.group(1))):
        pass  # nothing to report
    elif value is not None and value.strip():
        text = value.strip()
        if _PAGE_COUNT.match(text):
            text = ""  # a book's extent written the traditional way, "xiii + 180"
        label = _PAGES_LABEL.match(text)
        if label:
            yield Hit("F105", "pages", f"pages {text!r} carries a label", f"pages = {{{text[label.end():]}}}")
            text = text[label.end():]
        pieces = [p.strip() for p in re.split(r"\s*[,;]\s*", text) if p.strip()]
        for piece in pieces:
            hyphen = _PAGES_HYPHEN.match(piece)
            if hyphen:
                yield Hit("F106", "pages", f"page range {piece!r} has a single hyphen",
                          f"{hyphen.group(1)}--{hyphen.group(2)}")
                yield from _reversed(hyphen.group(1), hyphen.group(2))
            elif _PAGES_OK.match(piece):
                ends = re.split(r"\s*(?:--|–|—)\s*", piece.rstrip("+"))
                if len(ends) == 2:
                    yield from _reversed(ends[0], ends[1])
            elif not label:
                yield Hit("F105", "pages", f"pages {piece!r} not in a recognised format", "e.g. 12--34")
    for name in ("booktitle",):
        value = rec.fields.get(name)
        if value and _BOOKTITLE_PAGES.search(value):
            yield Hit("F108", name, f"page numbers inside {name}: {_BOOKTITLE_PAGES.search(value).group().strip(', ')!r}",
                      "move them to the pages field")


def _reversed(a: str, b: str) -> Iterator[Hit]:
    nums = _range_numbers(a, b)
    if nums is None or nums[1] >= nums[0]:
        return
    if a.isdecimal() and b.isdecimal() and len(b) < len(a):
        full = a[: len(a) - len(b)] + b
        if int(full) >= int(a):
            yield Hit("F116", "pages", f"page range {a}--{b} is abbreviated", f"{a}--{full}")
            return
    yield Hit("F107", "pages", f"page range {a}--{b} is reversed", f"{b}--{a}")


# ----------------------------------------------------------------- numbers, identifiers
_LABELLED_NUMBER = re.compile(r"^(vol(?:ume)?|no|nr|num(?:ber)?|issue|iss|bd|heft|ed(?:ition)?)\b\.?\s*", re.I)


def check_numbers(rec: Record) -> Iterator[Hit]:
    for name in ("volume", "number", "edition", "issue"):
        value = rec.fields.get(name)
        if value and _LABELLED_NUMBER.match(value.strip()):
            rest = _LABELLED_NUMBER.sub("", value.strip())
            if rest:
                yield Hit("F109", name, f"{name} {value.strip()!r} carries a label", f"{name} = {{{rest}}}")


_ISBN_CANDIDATE = re.compile(r"(?<![\dXx])(?:97[89][\s-]?)?\d[\d\s-]{7,14}[\dXx](?![\dXx])")


def check_identifiers(rec: Record) -> Iterator[Hit]:
    value = rec.fields.get("isbn")
    if value and value.strip():
        # python-stdnum imports much (ssl, pydoc): only when an ISBN or ISSN is there
        from stdnum import isbn as stdnum_isbn
        from stdnum import issn as stdnum_issn
        from stdnum.exceptions import ValidationError

        candidates = _ISBN_CANDIDATE.findall(value) or [value.strip()]
        for candidate in candidates:
            try:
                stdnum_isbn.validate(candidate)
            except ValidationError as exc:
                if stdnum_issn.is_valid(candidate):
                    yield Hit("F110", "isbn", f"ISBN field holds the ISSN {candidate.strip()!r}",
                              f"issn = {{{candidate.strip()}}} instead of isbn")
                else:
                    yield Hit("F110", "isbn", f"ISBN {candidate.strip()!r}: {_reason(exc)}", "copy the ISBN again")
    value = rec.fields.get("issn")
    if value and value.strip():
        yield from _issn_hits(value.strip())
    yield from _check_doi(rec)
    yield from _check_url(rec)


@functools.lru_cache(maxsize=None)
def _issn_hits(value: str) -> tuple[Hit, ...]:
    """Findings about an issn value (cached: a journal's ISSN recurs in every article)."""
    from stdnum import issn as stdnum_issn
    from stdnum.exceptions import ValidationError

    hits = []
    for candidate in re.split(r"\s*[,;]\s*|\s+(?=\d{4}-)", value):
        candidate = re.sub(r"\s*\(.*?\)\s*", "", candidate).strip()
        if not candidate:
            continue
        try:
            stdnum_issn.validate(candidate)
        except ValidationError as exc:
            hits.append(Hit("F111", "issn", f"ISSN {candidate!r}: {_reason(exc)}", "copy the ISSN again"))
    return tuple(hits)


def _reason(exc: Exception) -> str:
    return str(exc).rstrip(".").lower()


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_DOI_INSIDE = re.compile(r"10\.\d{4,9}/\S+")


def _check_doi(rec: Record) -> Iterator[Hit]:
    value = rec.fields.get("doi")
    if not value or not value.strip():
        return
    text = value.strip()
    prefix = _DOI_PREFIX.match(text)
    if prefix:
        bare = text[prefix.end():]
        yield Hit("F113", "doi", f"DOI written as {text[:prefix.end()]!r}...", f"doi = {{{bare}}}")
        text = bare
    # biblatex escapes _ and % in DOIs often; those are fine
    if not _DOI.match(text.replace("\\_", "_").replace("\\%", "%")):
        inner = _DOI_INSIDE.search(text)
        if inner:
            yield Hit("F112", "doi", f"{text!r} is a link, not a DOI", f"doi = {{{inner.group()}}}")
        else:
            yield Hit("F112", "doi", f"{text!r} is not a DOI", "a DOI looks like 10.1000/xyz123")


def _check_url(rec: Record) -> Iterator[Hit]:
    value = rec.fields.get("url")
    if not value or not value.strip():
        return
    text = value.strip()
    wrapped = re.fullmatch(r"\\url\{(.*)\}", text)
    if wrapped:
        yield Hit("F114", "url", "URL wrapped in \\url{...}", f"url = {{{wrapped.group(1)}}}")
        text = wrapped.group(1)
    for url in re.split(r"\s+", text) if " " in text and text.count("://") > 1 else [text]:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https", "ftp", "ftps", "file", "gopher", "news", "mailto", "doi", "urn", "s3", "git", "ssh", "sftp") or (
            parts.scheme.lower() in ("http", "https", "ftp", "ftps") and "." not in parts.netloc and "localhost" not in parts.netloc
        ):
            hint = f"https://{url}" if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", url) else "write the full URL, e.g. https://example.org/page"
            yield Hit("F114", "url", f"{url!r} is not an absolute URL", hint)
        elif re.search(r"\s", url):
            yield Hit("F114", "url", f"URL {url!r} contains spaces", "encode spaces as %20")


# ----------------------------------------------------------------- names
def split_top(text: str, sep: re.Pattern[str]) -> list[str]:
    """Split at ``sep`` matches that are outside braces."""
    if "{" not in text:
        return sep.split(text)
    out, start, depth, scanned = [], 0, 0, 0
    for m in sep.finditer(text):
        depth += text.count("{", scanned, m.start()) - text.count("}", scanned, m.start())
        scanned = m.start()
        if depth == 0:
            out.append(text[start:m.start()])
            start = m.end()
    out.append(text[start:])
    return out


_ET_AL = re.compile(r"\bet\s*al\b\.?", re.I)
_AND = re.compile(r"\s+and(?=\s|$)", re.I)
_COMMA = re.compile(r",")
_SUFFIX = re.compile(r"^(jr|sr|jun|sen|[ivx]+|\d+(st|nd|rd|th))\.?$", re.I)
_INITIALS_ONLY = re.compile(r"^[A-Z]{1,3}$")
_UNDOTTED = re.compile(r"(?:^|[\s~])[A-Z](?=$|[\s~])")  # "J Smith"
_UNDOTTED_COMMA = re.compile(r"(?:^|[\s~])[A-Z]{1,3}(?=$|[\s~])")  # "Smith, JR" / "Smith, J R"


def split_names(value: str) -> list[str]:
    """The names of a BibTeX name list, split at top-level ' and '."""
    if " and" not in value.lower():
        return [value.strip()]
    return [n.strip() for n in split_top(value, _AND)]


def check_names(rec: Record) -> Iterator[Hit]:
    fields = rec.fields
    for name_field in _present(fields, _NAME_RANK):
        value = fields[name_field]
        if not value or not value.strip():
            continue
        yield from _name_hits(name_field, value)


_NAME_RANK = {name: i for i, name in enumerate(NAME_FIELDS)}


def _present(fields: dict[str, str], rank: dict[str, int]) -> Iterator[str] | list[str]:
    """The fields of ``rank`` an entry has, in ``rank``'s order (a set intersection:
    an entry has one or two of the many name fields)."""
    present = fields.keys() & rank.keys()
    return sorted(present, key=rank.__getitem__) if len(present) > 1 else present


@functools.lru_cache(maxsize=_CACHED)
def _name_hits(name_field: str, value: str) -> tuple[Hit, ...]:
    """Findings about one name list (cached: an author's name recurs across entries)."""
    return tuple(_iter_name_hits(name_field, value))


def _iter_name_hits(name_field: str, value: str) -> Iterator[Hit]:
    if "\n" in value or "  " in value or "\t" in value:
        value = " ".join(value.split())
    names = split_names(value)
    if ("et" in value or "Et" in value) and _ET_AL.search(value) and not any("{" in n and "et al" in n for n in names):
        yield Hit("N204", name_field, f"'et al.' written inside {name_field}", "write 'and others' after the last name")
    for i, person in enumerate(names):
        if not person:
            yield Hit("N207", name_field, f"{name_field} has an empty name (doubled or trailing 'and')", "remove the extra 'and'")
            continue
        if person.lower() == "others":
            if i != len(names) - 1:
                yield Hit("N203", name_field, "'others' is not the last name", "put 'and others' at the end")
            else:
                yield Hit("N205", name_field, f"{name_field} list truncated with 'and others'", "complete the list if you can")
            continue
        found = _person_findings.get(person)
        if found is None:
            if len(_person_findings) > _CACHED:
                _person_findings.clear()
            found = _person_findings[person] = tuple(_iter_person_findings(person))
        for code, message, fix in found:
            yield Hit(code, name_field, message, fix)


#: one person's name as written -> its findings (code, message, fix): people recur
#: across entries far more than whole name lists do
_person_findings: dict[str, tuple[tuple[str, str, str], ...]] = {}


def _iter_person_findings(person: str) -> Iterator[tuple[str, str, str]]:
    """What is wrong with one name of a list (not empty, not 'others')."""
    parts = [p.strip() for p in split_top(person, _COMMA)] if "," in person else [person]
    commas = len(parts) - 1
    if commas > 2:
        yield "N201", f"name {person!r} has {commas} commas", "separate the names with ' and '"
        return
    if commas == 2 and not _SUFFIX.match(parts[1]):
        if _SUFFIX.match(parts[2]):
            yield ("N202", f"name {person!r}: the suffix goes second in BibTeX",
                   f"{parts[0]}, {parts[2]}, {parts[1]}")
        else:
            yield ("N202", f"name {person!r}: {parts[1]!r} is not a suffix like Jr.",
                   "separate the names with ' and '")
        return
    given = parts[-1] if commas else person.rpartition(" ")[0]
    if not (_UNDOTTED_COMMA if commas else _UNDOTTED).search(given):
        return
    bare = [tok for tok in given.replace("~", " ").split() if tok and "{" not in tok and "\\" not in tok]
    undotted = [tok for tok in bare if _INITIALS_ONLY.match(tok) and not (len(tok) > 1 and commas == 0)]
    if undotted:
        yield ("N206", f"initials without periods in {person!r}",
               " ".join((".".join(tok) + ".") if _INITIALS_ONLY.match(tok) else tok for tok in bare))


# ----------------------------------------------------------------- titles


_BRACE = re.compile(r"[{}]")


def _protected_mask(text: str) -> list[bool] | bytearray:
    """For every character: is it inside braces (protected from case changes)?"""
    if "\\{" not in text and "\\}" not in text:  # every brace is a delimiter: fill spans
        mask = bytearray(len(text))
        depth = after = 0
        for m in _BRACE.finditer(text):
            at = m.start()
            if depth > 0:
                mask[after:at] = b"\x01" * (at - after)
            mask[at] = 1
            depth += 1 if text[at] == "{" else -1
            after = at + 1
        if depth > 0:
            mask[after:] = b"\x01" * (len(text) - after)
        return mask
    mask, depth = [], 0
    prev_backslash = False
    for ch in text:
        if ch == "{" and not prev_backslash:
            depth += 1
            mask.append(True)
        elif ch == "}" and not prev_backslash:
            depth -= 1
            mask.append(True)
        else:
            mask.append(depth > 0)
        prev_backslash = ch == "\\" and not prev_backslash
    return mask


_ACRONYM = re.compile(r"(?<![\w\\])(?=[\w'’]*[A-Z][\w'’]*[A-Z]|[a-z][\w'’]*[A-Z])[\w'’]+")
_CAPITAL_INSIDE = re.compile(r"[\w'’][A-Z]")
_CAPITALISED = re.compile(r"(?<![\w\\'’])[A-Z][a-z][\w'’]*")
_WORD_START = re.compile(r"(?<![\w\\'’])[A-Za-z]")
_KEEP_UPPER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")


def check_titles(rec: Record) -> Iterator[Hit]:
    """Capitals a sentence-case style would lower-case: acronyms always, proper nouns
    when the title is itself in sentence case (then a capital mid-sentence means a name)."""
    fields = rec.fields
    for name in _present(fields, _TITLE_RANK):
        value = fields[name]
        if value:
            yield from _title_hits(name, value)


_TITLE_RANK = {name: i for i, name in enumerate(TITLE_FIELDS)}


@functools.lru_cache(maxsize=_CACHED)
def _title_hits(name: str, value: str) -> tuple[Hit, ...]:
    """Findings about one title (cached: column titles, series and booktitles recur)."""
    return tuple(_iter_title_hits(name, value))


def _iter_title_hits(name: str, value: str) -> Iterator[Hit]:
    # A title with no capital after its first letter (sentence case, the common case)
    # has no acronym and no proper noun to report: nothing below would find one.
    first = len(value) - len(value.lstrip(" {"))
    rest = value[first + 1:]
    if rest == rest.lower():
        return
    mask = _protected_mask(value) if "{" in value else None

    def free_caps(match: re.Match[str]) -> int:
        """How many of the word's capitals are outside braces (unprotected)."""
        if mask is None:
            return sum(ch.isupper() for ch in match.group())
        return sum(1 for i in range(match.start(), match.end()) if value[i].isupper() and not mask[i])

    acronyms = []
    # an acronym has a capital right after a word character ("NASA", "iPhone"): without
    # one (most titles) the acronym scan, a look-ahead at every word, finds nothing
    for m in _ACRONYM.finditer(value) if _CAPITAL_INSIDE.search(value) else ():
        caps = free_caps(m)
        if (caps >= 2 or (caps and m.group()[0].islower())) and not _mojibake_word(m.group()):
            acronyms.append(m.group())
    proper: list[str] = []
    # the first letters of the words, counted by case in one scan
    starts = "".join(_WORD_START.findall(value))
    upper_starts = len(starts.translate(_KEEP_UPPER))
    lower_starts = len(starts) - upper_starts
    if lower_starts >= 3:
        if lower_starts + upper_starts >= 4 and lower_starts >= 2 * max(upper_starts, 1):
            first = True
            for m in _CAPITALISED.finditer(value):
                at_start = first and not value[:m.start()].strip(" {")
                first = False
                if at_start or _after_colon(value, m.start()) or not free_caps(m):
                    continue
                proper.append(m.group())
    shouting = [a for a in acronyms if a.isupper() and len(a) > 1]
    if len(shouting) >= 3 and len(shouting) * 2 >= len(value.split()):
        yield Hit("T301", name, f"{name} is written in capitals (sentence-case styles lower-case it all)",
                  "write it in title case, protecting real acronyms: {NASA}")
    elif acronyms:
        uniq = list(dict.fromkeys(acronyms))
        yield Hit("T301", name, f"unprotected capitals in {name}: {', '.join(uniq[:5])}",
                  " ".join("{" + a + "}" for a in uniq[:5]))
    if proper:
        uniq = list(dict.fromkeys(proper))
        yield Hit("T302", name, f"capitalised word(s) in sentence-case {name}: {', '.join(uniq[:5])}",
                  " ".join("{" + a + "}" for a in uniq[:5]))


def _mojibake_word(text: str) -> bool:
    return not text.isascii() and _MOJIBAKE.search(text) is not None


def _after_colon(text: str, index: int) -> bool:
    """A word that starts a sentence or subtitle (closing quotes after the stop count)."""
    before = text[:index].rstrip(" {").rstrip("'’\"”»)")
    return before.endswith((":", ".", "?", "!", "—", "–"))


# ----------------------------------------------------------------- characters
_HTML_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|span|br|p|a|u|sc)(?:\s[^<>]*)?/?>", re.I)
# runs of characters a UTF-8 byte sequence turns into when read as cp1252/latin-1
_MOJIBAKE = re.compile(r"[ÂÃÄÅÆÇÐÑÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòó][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]+")


def _demojibake(text: str) -> str | None:
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return None


_SPECIAL = re.compile(r"[{}&%#<\u0080-\U0010ffff]")  # what any character check looks for


def check_characters(rec: Record) -> Iterator[Hit]:
    for name, value in rec.fields.items():
        if not value or name in VERBATIM or not _SPECIAL.search(value):
            continue
        if "{" in value or "}" in value:
            if _unbalanced(value):
                yield Hit("X401", name, f"unbalanced braces in {name}", "balance { and }")
        if "&" in value:
            entities = _HTML_ENTITY.findall(value)
            if entities:
                yield Hit("X405", name, f"HTML entity {entities[0]} in {name}", f"write {html.unescape(entities[0])!r}")
            rest = _HTML_ENTITY.sub("", value)
            if re.search(r"(?<!\\)&", rest):
                yield Hit("X402", name, f"unescaped & in {name}", r"write \&")
        if "%" in value and re.search(r"(?<!\\)%", value):
            yield Hit("X403", name, f"unescaped % in {name}", r"write \%")
        if "#" in value and re.search(r"(?<!\\)#", value):
            yield Hit("X404", name, f"unescaped # in {name}", r"write \#")
        if "<" in value:
            tag = _HTML_TAG.search(value)
            if tag:
                yield Hit("X405", name, f"HTML tag {tag.group()} in {name}", r"use LaTeX markup, e.g. \emph{...}")
        if not value.isascii():
            bad = _MOJIBAKE.search(value)
            if bad:
                fixed = _demojibake(bad.group())
                if fixed is not None:
                    yield Hit("X406", name, f"mojibake {bad.group()!r} in {name}", f"{bad.group()!r} -> {fixed!r}")


def _unbalanced(value: str) -> bool:
    if "\\" not in value and value.count("{") == 1 == value.count("}"):
        return value.find("}") < value.find("{")  # the common case: one {Protected} word
    if "\\{" not in value and "\\}" not in value:  # no escaped brace: every brace counts
        return not balanced(value)
    depth = 0
    prev = ""
    for ch in value:
        if prev != "\\":
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    return True
        prev = ch if prev != "\\" else ""
    return depth != 0


def clear_caches() -> None:
    """Forget the per-value findings (kept for one run: each distinct value is checked once)."""
    for cached in (_name_hits, _title_hits, _issn_hits):
        cached.cache_clear()
    _person_findings.clear()


FIELD_CHECKS = (
    check_dates, check_month, check_pages, check_numbers, check_identifiers,
    check_names, check_titles, check_characters,
)

#: the only fields each check reads (a check whose fields an entry lacks finds nothing,
#: so the runner skips it); checks not listed read any field
FIELDS_READ = {
    check_dates: frozenset(("year", "date", "origdate", "eventdate", "urldate")),
    check_month: frozenset(("month",)),
    check_pages: frozenset(("pages", "booktitle")),
    check_numbers: frozenset(("volume", "number", "edition", "issue")),
    check_identifiers: frozenset(("isbn", "issn", "doi", "url")),
    check_names: frozenset(NAME_FIELDS),
    check_titles: frozenset(TITLE_FIELDS),
}
