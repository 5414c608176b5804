"""In-text citations written in prose: "(Allen 1964)", "Gaddis (2007)", "(Taubman 45)", "[3]".

Essays cite in many hand-written ways; `check --against` needs to know every work an essay
cites, with where it does so, to report the ones no bibliography entry answers. The patterns
are deliberately strict (a capitalised name, then a plausible year or page) so that
parenthetical asides such as "(1929–1953)", "(CPSU)" or "(FRG, West Germany)" are not taken
for citations: a false citation would be a false "unanswered" finding.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

__all__ = ["Citation", "find_citations"]


@dataclass
class Citation:
    """One cited work at one place in a text.

    ``start``/``end`` are character offsets into the text given to :func:`find_citations`
    (``text[start:end] == raw``). Items of one parenthesis "(Allen 1964; Gaddis 2007)" are
    separate citations sharing ``cluster``; a lone item's ``raw`` includes the parentheses.
    """

    raw: str
    authors: list[str]
    year: str | None
    locator: str | None
    start: int
    end: int
    kind: str  # "parenthetical" | "narrative" | "mla" | "numeric" | "footnote"
    numbers: list[int] = field(default_factory=list)  # numeric and footnote citations
    prefix: str | None = None  # "see", "e.g.," ...
    cluster: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


# --- building blocks ----------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_PARTICLE = r"(?:von|van|der|den|de|del|della|des|di|da|du|la|le|ten|ter|zu|dos|das|bin|al|el|y)"
# A capitalised surname word: "Allen", "DeHart", "O'Brien", "Smith-Jones", "Mc" (as in "Mc Dougall").
_WORD = rf"[{_UPPER}][\w'’\-]*\w|[{_UPPER}]"
# Surname inside parentheses: up to three capitalised words with lower-case particles between,
# so "(Mc Dougall 2000)" and "(van der Berg 1999)" keep the whole surname.
_SURNAME_PAREN = rf"(?:(?:[{_UPPER}]\.\s?){{1,3}}\s*)?(?:{_PARTICLE}\s+)*(?:{_WORD})(?:\s+(?:{_PARTICLE}\s+)*(?:{_WORD})){{0,2}}"
# Surname before a narrative "(2007)": the last word, plus a leading prefix word that is part of
# the surname ("Mc Dougall", "De Hart", "van der Berg"); "John Lewis Gaddis" gives "Gaddis".
_NARR_PREFIX = r"(?:Mc|Mac|De|Del|Della|Van|Von|Le|La|Du|Di|Da|Dos|St\.|Saint|Ten|Ter)"
_SURNAME_NARR = rf"(?:(?:{_NARR_PREFIX}|{_PARTICLE})\s+)*(?:{_WORD})"


def _authors(surname: str) -> str:
    return (
        rf"(?:{surname})(?:\s*,\s*(?:{surname}))*"
        rf"(?:\s*,?\s*(?:and|&)\s+(?:{surname}))?"
        rf"(?:\s+et\s+al\.?)?"
    )


_AUTHORS_PAREN = _authors(_SURNAME_PAREN)
_AUTHORS_NARR = _authors(_SURNAME_NARR)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?(?![\d–—-])|n\.\s?d\.|in press|forthcoming"
_YEARS = rf"(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}|[a-z](?![\w.])))*"
_LOCATOR = (
    r"(?:(?:p|pp|pg|chap|ch|sec|para|vol|fig|n|nn|col|l|ll)\.?\s*)?"
    r"(?:\d+|[ivxlcdm]+)(?:\s*[-–—]\s*(?:\d+|[ivxlcdm]+))?"
    r"(?:\s*,\s*(?:\d+|[ivxlcdm]+)(?:\s*[-–—]\s*(?:\d+|[ivxlcdm]+))?)*(?:\s*ff?\.)?"
)
_PREFIX = r"(?i:(?:see also|see|e\.g\.|i\.e\.|cf\.|compare|also|quoted in|cited in)\s*,?\s+)"
_PAGES_MLA = r"\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*,\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*"

_AUTHOR_DATE_ITEM = re.compile(
    rf"^(?P<prefix>{_PREFIX})?(?P<authors>{_AUTHORS_PAREN})(?:['’]s)?\s*,?\s+"
    rf"(?P<years>{_YEARS})(?:(?:\s*[,:]\s*|\s+(?=(?:p|pp|chap|ch)\.))(?P<locator>{_LOCATOR}))?$"
)
_MLA_ITEM = re.compile(
    rf"^(?P<prefix>{_PREFIX})?(?P<authors>{_AUTHORS_PAREN})\s*,?\s+(?P<locator>{_PAGES_MLA})$"
)
_PAREN = re.compile(r"\(([^()\n]{3,400}?(?:\n[^()\n]{0,400}?)?)\)")
_NARRATIVE_PAREN = re.compile(
    rf"\(\s*(?P<years>{_YEARS})(?:\s*[,:]\s*(?P<locator>{_LOCATOR}))?\s*\)"
)
_NARRATIVE_AUTHORS = re.compile(rf"(?<![\w'’\-.])(?P<authors>{_AUTHORS_NARR})(?:['’]s?)?\s*$")
_NUMERIC = re.compile(
    r"\[(?P<nums>\d{1,3}(?:\s*[-–—]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–—]\s*\d{1,3})?)*)"
    r"(?:\s*,\s*(?P<locator>(?:p|pp)\.\s*[\divxlc]+(?:\s*[-–—]\s*[\divxlc]+)?))?\]"
    r"(?:\s*[-–—]\s*\[(?P<to>\d{1,3})\])?"  # IEEE's range of citations "[2]–[4]"
)
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FOOTNOTE_SUP = re.compile(rf"(?<=[\w.,;:!?’”\"')])[{_SUPERSCRIPT}]+(?:[,–-][{_SUPERSCRIPT}]+)*")
_FOOTNOTE_CARET = re.compile(r"\[\^(?P<n>\w+)\](?!:)|(?<=[\w.,;:!?’”\"')])\^(?P<m>\d{1,3})\b")
# "society.12 The": a note number glued to the punctuation that ends a clause, in PDF text.
_FOOTNOTE_GLUED = re.compile(
    r"(?<=[a-z)’”\"'])(?P<punct>[.,;:!?][’”\"']?)(?P<n>\d{1,3})(?=\s+[A-Z“\"‘']|\s*$)", re.M
)

# Capitalised words that start a parenthesis or precede "(1956)" without being an author.
_NOT_AUTHORS = {
    "a", "an", "the", "in", "on", "at", "by", "for", "from", "of", "to", "and", "or", "but",
    "since", "until", "after", "before", "during", "between", "about", "around", "circa", "c",
    "ca", "see", "also", "this", "that", "these", "those", "his", "her", "its", "their", "our",
    "my", "your", "when", "while", "as", "if", "so", "then", "than", "because", "although",
    "though", "was", "were", "is", "are", "be", "been", "it", "he", "she", "they", "we", "i",
    "figure", "fig", "table", "chapter", "chap", "section", "sec", "page", "pages", "vol",
    "volume", "part", "appendix", "article", "art", "book", "act", "scene", "psalm", "route",
    "number", "no", "note", "notes", "item", "step", "phase", "stage", "grade", "level", "year",
    "years", "born", "died", "reigned", "ruled", "founded", "est", "published", "revised",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "spring", "summer", "autumn", "fall", "winter", "ad", "bc",
    "bce", "ce", "world", "war", "congress", "treaty", "summit", "crisis", "revolution",
    # events, institutions and documents: "the Geneva Conference (1955)", "Warsaw Pact (1955)"
    "conference", "meeting", "agreement", "accord", "accords", "pact", "plan", "doctrine",
    "speech", "incident", "invasion", "affair", "uprising", "conflict", "battle", "election",
    "elections", "report", "declaration", "resolution", "protocol", "convention", "charter",
    "program", "programme", "project", "movement", "party", "committee", "council",
    "commission", "union", "republic", "kingdom", "empire", "era", "period", "age", "century",
    "decade", "administration", "government", "ministry", "army", "navy", "forces",
    "organization", "organisation", "association", "league", "alliance", "bloc",
    "canal", "operation", "trial",
    "constitution", "games", "olympics", "exhibition", "expo", "festival", "award",
    "film", "novel", "album", "series", "edition", "reform", "reforms", "purge",
    "purges", "famine", "blockade", "airlift", "thaw", "detente", "détente",
}
# Words before a narrative author that show the capitalised word is a noun phrase, not a name.
_ARTICLES = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their"}
_SPLIT_AUTHORS = re.compile(r"\s*(?:,\s*(?:and|&)\s+|,\s*|\s+(?:and|&)\s+)")
_INITIALS = re.compile(rf"^(?:[{_UPPER}]\.\s?)+\s*")  # "J. Allen" -> "Allen"
_POSSESSIVE = re.compile(r"['’]s?$")
_ET_AL = re.compile(r"\s+et\s+al\.?$")


def find_citations(text: str) -> list[Citation]:
    """All in-text citations in ``text``, in order of position."""
    found: list[Citation] = []
    cluster = 0
    taken: list[tuple[int, int]] = []

    for match in _PAREN.finditer(text):
        cluster += 1
        items = _parenthetical(text, match, cluster)
        if items:
            found.extend(items)
            taken.append(match.span())

    for match in _NARRATIVE_PAREN.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        citation = _narrative(text, match)
        if citation:
            cluster += 1
            citation.cluster = cluster
            found.extend(_split_years(citation))
            taken.append((citation.start, citation.end))

    for match in _NUMERIC.finditer(text):
        if _overlaps(match.span(), taken) or _at_line_start(text, match.start()):
            continue
        cluster += 1
        found.append(
            Citation(
                raw=match.group(0), authors=[], year=None, locator=match.group("locator"),
                start=match.start(), end=match.end(), kind="numeric",
                numbers=_expand_numbers(match.group("nums")
                                        + (f"-{match.group('to')}" if match.group("to") else "")),
                cluster=cluster,
            )
        )

    for match in _FOOTNOTE_SUP.finditer(text):
        cluster += 1
        digits = match.group(0).translate(str.maketrans(_SUPERSCRIPT, "0123456789"))
        found.append(_footnote(match.group(0), digits, match.start(), match.end(), cluster))
    for match in _FOOTNOTE_CARET.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        cluster += 1
        number = match.group("n") or match.group("m")
        found.append(_footnote(match.group(0), number, match.start(), match.end(), cluster))
    for match in _FOOTNOTE_GLUED.finditer(text):
        if _overlaps(match.span(), taken):
            continue
        cluster += 1
        start = match.start("n")
        found.append(_footnote(match.group("n"), match.group("n"), start, match.end(), cluster))

    found.sort(key=lambda c: (c.start, c.end))
    return found


# --- parenthetical ------------------------------------------------------------------------


def _parenthetical(text: str, match: re.Match, cluster: int) -> list[Citation]:
    inner_start = match.start(1)
    inner = match.group(1)
    pieces = []
    offset = 0
    for piece in inner.split(";"):
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        pieces.append((stripped, inner_start + offset + lead))
        offset += len(piece) + 1
    citations: list[Citation] = []
    for item, item_start in pieces:
        normalised = " ".join(item.split())
        citation = _author_date_item(normalised) or _mla_item(normalised)
        if citation is None and citations:
            # "(Allen 1964: 12; 1970: 5)": a later item with only a year cites the same authors
            citation = _year_only_item(normalised, citations[-1])
        if citation is None:
            continue
        if len(pieces) == 1:
            citation.raw, citation.start, citation.end = match.group(0), match.start(), match.end()
        else:
            citation.raw, citation.start = item, item_start
            citation.end = item_start + len(item)
        citation.cluster = cluster
        citations.extend(_split_years(citation))
    return citations


_YEAR_ONLY_ITEM = re.compile(rf"^(?P<years>{_YEARS})(?:\s*[,:]\s*(?P<locator>{_LOCATOR}))?$")


def _year_only_item(item: str, previous: Citation) -> Citation | None:
    m = _YEAR_ONLY_ITEM.match(item)
    if not m or previous.kind != "parenthetical":
        return None
    return Citation(
        raw=item, authors=list(previous.authors), year=m.group("years"),
        locator=m.group("locator"), start=0, end=0, kind="parenthetical",
    )


def _author_date_item(item: str) -> Citation | None:
    m = _AUTHOR_DATE_ITEM.match(item)
    if not m:
        return None
    authors = _surnames(m.group("authors"))
    if not authors:
        return None
    return Citation(
        raw=item, authors=authors, year=m.group("years"), locator=m.group("locator"),
        start=0, end=0, kind="parenthetical", prefix=_clean_prefix(m.group("prefix")),
    )


def _mla_item(item: str) -> Citation | None:
    m = _MLA_ITEM.match(item)
    if not m:
        return None
    authors = _surnames(m.group("authors"))
    # Acronyms ("CPSU 20") and one-letter words are not MLA authors.
    if not authors or any(a.isupper() and len(a) > 1 or len(a) < 2 for a in authors):
        return None
    return Citation(
        raw=item, authors=authors, year=None, locator=m.group("locator"),
        start=0, end=0, kind="mla", prefix=_clean_prefix(m.group("prefix")),
    )


# --- narrative ----------------------------------------------------------------------------


def _narrative(text: str, match: re.Match) -> Citation | None:
    window_start = max(0, match.start() - 160)
    before = text[window_start : match.start()]
    # The author list must sit on the same logical line (a line break inside is fine).
    m = _NARRATIVE_AUTHORS.search(before)
    if not m:
        return None
    authors_text = m.group("authors")
    start = window_start + m.start("authors")
    # Trim leading capitalised words that cannot be part of the author list ("In", "The").
    while True:
        first, _, rest = authors_text.partition(" ")
        if first.lower().strip(",") in _NOT_AUTHORS and rest:
            authors_text = rest.lstrip()
            start = window_start + m.start("authors") + (len(m.group("authors")) - len(authors_text))
            continue
        break
    sub = re.match(rf"(?:{_AUTHORS_NARR})", authors_text)
    if not sub:
        return None
    authors = _surnames(authors_text)
    if not authors:
        return None
    if _after_article(text[max(0, start - 60) : start]):
        return None
    return Citation(
        raw=text[start : match.end()], authors=authors, year=match.group("years"),
        locator=match.group("locator"), start=start, end=match.end(), kind="narrative",
    )


# --- helpers ------------------------------------------------------------------------------


def _surnames(authors_text: str) -> list[str]:
    """Surnames of an author list; empty when a part is a common word, not a name."""
    text = " ".join(authors_text.split())
    et_al = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text)
    names = [
        _INITIALS.sub("", _POSSESSIVE.sub("", n.strip())) for n in _SPLIT_AUTHORS.split(text) if n.strip()
    ]
    for name in names:
        words = name.split()
        if any(w.lower().strip(".") in _NOT_AUTHORS for w in words):
            return []
        if not any(w[:1].isupper() for w in words):
            return []
    if et_al:
        names.append("et al.")
    return names


def _split_years(citation: Citation) -> list[Citation]:
    """"(Allen 1964, 1970)" cites two works: one citation per year ("1964a, b" too)."""
    if not citation.year:
        return [citation]
    years = [y.strip() for y in citation.year.split(",")]
    if len(years) == 1:
        citation.year = years[0]
        return [citation]
    result = []
    base = years[0]
    for year in years:
        if re.fullmatch(r"[a-z]", year):  # "1964a, b" -> 1964b
            year = re.sub(r"[a-z]$", "", base) + year
        result.append(Citation(**{**citation.to_dict(), "year": year}))
    return result


def _clean_prefix(prefix: str | None) -> str | None:
    return prefix.strip().rstrip(",").strip() if prefix else None


def _expand_numbers(nums: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", nums):
        bounds = re.split(r"\s*[-–—]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) <= int(bounds[1]) <= int(bounds[0]) + 200:
            numbers.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            numbers.extend(int(b) for b in bounds)
    return numbers


def _footnote(raw: str, number: str, start: int, end: int, cluster: int) -> Citation:
    numbers = _expand_numbers(re.sub(r"[^\d,–-]", "", number)) if re.search(r"\d", number) else []
    return Citation(
        raw=raw, authors=[], year=None, locator=None, start=start, end=end, kind="footnote",
        numbers=numbers, cluster=cluster,
    )


def _after_article(before: str) -> bool:
    """"the Soviet Union (1922)": an article then capitalised words is a noun phrase."""
    for word in reversed(before.split()[-4:]):
        if word.lower() in _ARTICLES:
            return True
        if not word[:1].isupper():
            return False
    return False


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _at_line_start(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()
