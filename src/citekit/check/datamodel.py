"""The data model: which fields each BibTeX and biblatex entry type needs and allows.

Two dialects share most types but not their demands (BibTeX's @book needs a
publisher, biblatex's does not), so each type carries its requirements per dialect
and a file's dialect is guessed from what it uses (``journaltitle``, ``date``,
``@online``... mean biblatex). A requirement is a tuple of alternatives: any one of
them present satisfies it (author|editor, year|date, journal|journaltitle,
address|location, school|institution). Sources: btxdoc (BibTeX 0.99) and the
biblatex manual §2.1-2.2; where the manual's lists are stricter than the mandatory
constraints biber actually validates (@online, @manual, @misc need no author), the
constraints win, so a "missing field" is one biber would also complain about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from citekit.provenance import PROVENANCE_FIELDS

Requirement = tuple[str, ...]

AUTHOR_OR_EDITOR: Requirement = ("author", "editor")
DATE: Requirement = ("year", "date")
JOURNAL: Requirement = ("journal", "journaltitle")
INSTITUTION: Requirement = ("institution", "school")


@dataclass(frozen=True)
class EntryType:
    """One entry type: requirements per dialect, and the optional fields it knows."""

    name: str
    bibtex: tuple[Requirement, ...] | None  # None: not a BibTeX type
    biblatex: tuple[Requirement, ...] | None  # None: not a biblatex type
    optional: frozenset[str] = field(default_factory=frozenset)
    alias_of: str | None = None  # biblatex treats the type as this one


def _opt(*names: str) -> frozenset[str]:
    return frozenset(" ".join(names).split())


# Fields biblatex allows on every type (manual §2.2.2/2.2.3, blx-dm.def "all" list),
# plus the fields both dialects read everywhere.
_GENERAL = _opt(
    "abstract addendum annotation crossref xref xdata entryset ids related relatedtype",
    "relatedstring relatedoptions doi eprint eprintclass eprinttype eprinttype archiveprefix",
    "primaryclass url urldate file keywords language langid langidopts hyphenation note",
    "pubstate options execute entrysubtype gender indexsorttitle indextitle label",
    "presort shorthand shorthandintro sortkey sortname sortshorthand sorttitle sortyear",
    "sortinit shortauthor shorteditor shorttitle shortseries shortjournal",
    "nameaddon library annote isan ismn iswc isrn",
    "origdate origlanguage origlocation origpublisher origtitle pagination bookpagination",
    "usera userb userc userd usere userf verba verbb verbc lista listb listc listd liste",
    "listf namea nameb namec authortype editortype editoratype editorbtype editorctype",
    "editora editorb editorc annotator commentator translator afterword foreword",
    "introduction holder key month year date title subtitle titleaddon author editor",
    "eventdate eventtitle eventtitleaddon venue",
    # biber's date parts (written by hand or by tools that split dates)
    "day endday endmonth endyear eventday eventendday eventendmonth eventendyear eventmonth",
    "eventyear origday origendday origendmonth origendyear origmonth origyear urlday",
    "urlendday urlendmonth urlendyear urlmonth urlyear",
)

# Fields that widely used tools and archives write (JabRef, BibDesk, Zotero/Better
# BibTeX, Mendeley, MathSciNet, zbMATH, DBLP, Beebe's archives). Known, so not
# reported as "not in the data model".
TOOL_FIELDS = _opt(
    "timestamp owner creationdate modificationdate groups ranking readstatus priority",
    "qualityassured relevance printed comment comments date-added date-modified",
    "bdsk-url-1 bdsk-url-2 bdsk-url-3 bdsk-file-1 bdsk-file-2 local-url rating read",
    "mendeley-tags mendeley-groups citation-key shortjournal",
    "bibsource biburl bibdate acknowledgement remark fjournal journal-url issn-l coden",
    "mrclass mrnumber mrreviewer zbl zblnumber fjournal lccn oclc pmid pmcid arxiv",
    "issue confnote confdate conflocation confsponsor author-dates subject subject-dates",
    "affiliation unique-id da type-of-work howpublished copyright",
) | PROVENANCE_FIELDS

_PUBLISHING = _opt("publisher location address series edition volume volumes number isbn")
_PARTS = _opt("chapter pages part")
_ARTICLE_OPT = _opt(
    "translator annotator commentator subtitle titleaddon journal journaltitle",
    "journalsubtitle journaltitleaddon issuetitle issuesubtitle issuetitleaddon",
    "origlanguage series volume number eid issue pages version issn",
)
_BOOK_OPT = _PUBLISHING | _PARTS | _opt(
    "maintitle mainsubtitle maintitleaddon volume part pagetotal publisher isbn",
    "booktitle booksubtitle booktitleaddon type",
)
_INBOOK_OPT = _BOOK_OPT | _opt("bookauthor booktitle")
_PROC_OPT = _BOOK_OPT | _opt("organization publisher")
_REPORT_OPT = _opt(
    "type institution school location address number version pages pagetotal isrn",
    "subtitle titleaddon",
)
_THESIS_OPT = _REPORT_OPT | _opt("isbn chapter")
_MISC_OPT = _opt("howpublished organization location address version type publisher")
_ONLINE_OPT = _opt("organization version subtitle titleaddon")
_PATENT_OPT = _opt("holder type number location address version subtitle titleaddon")
_SOFTWARE_OPT = _MISC_OPT | _opt("version")

def _t(name, bibtex, biblatex, optional=frozenset(), alias_of=None) -> EntryType:
    return EntryType(
        name,
        None if bibtex is None else tuple(tuple(r) for r in bibtex),
        None if biblatex is None else tuple(tuple(r) for r in biblatex),
        frozenset(optional),
        alias_of,
    )


A, T, D, E = AUTHOR_OR_EDITOR, ("title",), DATE, ("editor",)
AU, BT = ("author",), ("booktitle",)

ENTRY_TYPES: dict[str, EntryType] = {
    t.name: t
    for t in [
        # name, BibTeX requirements, biblatex requirements, optional fields
        _t("article", [AU, T, JOURNAL, D], [AU, T, JOURNAL, D], _ARTICLE_OPT),
        _t("book", [A, T, ("publisher",), D], [AU, T, D], _BOOK_OPT),
        _t("mvbook", None, [AU, T, D], _BOOK_OPT),
        _t("inbook", [A, T, ("chapter", "pages"), ("publisher",), D], [AU, T, BT, D], _INBOOK_OPT),
        _t("bookinbook", None, [AU, T, BT, D], _INBOOK_OPT),
        _t("suppbook", None, [AU, T, BT, D], _INBOOK_OPT),
        _t("booklet", [T], [A, T, D], _MISC_OPT | _opt("type pagetotal pages chapter")),
        _t("collection", None, [E, T, D], _BOOK_OPT),
        _t("mvcollection", None, [E, T, D], _BOOK_OPT),
        _t("incollection", [AU, T, BT, ("publisher",), D], [AU, T, BT, D], _INBOOK_OPT),
        _t("suppcollection", None, [AU, T, BT, D], _INBOOK_OPT),
        _t("dataset", None, [T, D], _MISC_OPT | _PUBLISHING),
        _t("manual", [T], [T, D], _MISC_OPT | _PUBLISHING | _PARTS | _opt("pagetotal isbn")),
        _t("misc", [], [T, D], _MISC_OPT),
        _t("online", None, [T, D, ("url", "doi", "eprint")], _ONLINE_OPT),
        _t("patent", None, [AU, T, ("number",), D], _PATENT_OPT),
        _t("periodical", None, [E, T, D], _ARTICLE_OPT | _opt("issn")),
        _t("suppperiodical", None, [AU, T, JOURNAL, D], _ARTICLE_OPT),
        _t("proceedings", [T, D], [T, D], _PROC_OPT),
        _t("mvproceedings", None, [T, D], _PROC_OPT),
        _t("inproceedings", [AU, T, BT, D], [AU, T, BT, D], _PROC_OPT | _opt("booktitle")),
        _t("reference", None, [E, T, D], _BOOK_OPT),
        _t("mvreference", None, [E, T, D], _BOOK_OPT),
        _t("inreference", None, [AU, T, BT, D], _INBOOK_OPT),
        _t("report", None, [AU, T, ("type",), INSTITUTION, D], _REPORT_OPT),
        _t("techreport", [AU, T, INSTITUTION, D], [AU, T, INSTITUTION, D], _REPORT_OPT, "report"),
        _t("thesis", None, [AU, T, ("type",), INSTITUTION, D], _THESIS_OPT),
        _t("mastersthesis", [AU, T, INSTITUTION, D], [AU, T, INSTITUTION, D], _THESIS_OPT, "thesis"),
        _t("phdthesis", [AU, T, INSTITUTION, D], [AU, T, INSTITUTION, D], _THESIS_OPT, "thesis"),
        _t("unpublished", [AU, T, ("note",)], [AU, T, D], _opt("howpublished type eventtitle venue location address")),
        _t("software", None, [T, D], _SOFTWARE_OPT),
        _t("set", None, [("entryset",)], _opt("entryset")),
        _t("xdata", None, [], _GENERAL | _BOOK_OPT | _ARTICLE_OPT | _REPORT_OPT | _PATENT_OPT | _MISC_OPT),
        # Aliases biblatex maps onto a core type.
        _t("conference", [AU, T, BT, D], [AU, T, BT, D], _PROC_OPT, "inproceedings"),
        _t("electronic", None, [T, D, ("url", "doi", "eprint")], _ONLINE_OPT, "online"),
        _t("www", None, [T, D, ("url", "doi", "eprint")], _ONLINE_OPT, "online"),
        # Types biblatex accepts and styles render like @misc.
        *[
            _t(name, None, [T, D], _MISC_OPT | _PUBLISHING | _PARTS, "misc")
            for name in (
                "artwork audio bibnote commentary image jurisdiction legislation legal letter "
                "movie music performance review standard video"
            ).split()
        ],
        *[_t(f"custom{c}", None, [], frozenset(), None) for c in "abcdef"],
    ]
}

#: Types and fields that only biblatex knows: one of them in a file means biblatex.
BIBLATEX_TYPES = frozenset(n for n, t in ENTRY_TYPES.items() if t.bibtex is None)
BIBLATEX_FIELDS = frozenset(
    "journaltitle date location institution urldate eprinttype eventdate origdate "
    "maintitle booksubtitle bookauthor pubstate xdata entryset langid shortjournal "
    "journalsubtitle titleaddon origlocation eventtitle".split()
) - {"institution"}  # BibTeX's @techreport has institution too


def lookup(entry_type: str) -> EntryType | None:
    """The type's definition, or None for a type no dialect knows."""
    return ENTRY_TYPES.get(entry_type.lower())


def requirements(entry_type: str, dialect: str) -> tuple[Requirement, ...]:
    """The required fields (as alternatives) of a type in a dialect ("bibtex"|"biblatex")."""
    definition = lookup(entry_type)
    if definition is None:
        return ()
    own = definition.bibtex if dialect == "bibtex" else definition.biblatex
    if own is None:  # the type belongs to the other dialect: use its rules
        own = definition.biblatex if dialect == "bibtex" else definition.bibtex
    return own or ()


def known_fields(entry_type: str) -> frozenset[str]:
    """Every field the data model allows on a type (general + type-specific + tool fields)."""
    cached = _KNOWN_CACHE.get(entry_type)
    if cached is None:
        definition = lookup(entry_type)
        names = set(_GENERAL | TOOL_FIELDS)
        if definition is not None:
            names |= definition.optional
            for reqs in (definition.bibtex or (), definition.biblatex or ()):
                for req in reqs:
                    names.update(req)
        cached = _KNOWN_CACHE[entry_type] = frozenset(names)
    return cached


_KNOWN_CACHE: dict[str, frozenset[str]] = {}


def guess_dialect(types: set[str], field_names: set[str]) -> str:
    """``"biblatex"`` if a file uses a biblatex-only type or field, else ``"bibtex"``."""
    if types & BIBLATEX_TYPES or field_names & BIBLATEX_FIELDS:
        return "biblatex"
    return "bibtex"
