"""Whole source documents: what a read gives (``SourceDocument``), page junk, the document's own entry.

Users bring essays, encyclopedia entries, blog and Q&A pages copied from the web or from
PDFs. Each is itself a work to cite, usually carries a reference section, and cites works in
its prose. Web pages come with navigation junk ("Open Document", A–Z menus, word counts) and
scrapes often repeat whole blocks; those lines are set aside (and reported) before anything
is read from the rest. The reference items and citations come from the trained reader
(``citekit.importer.reader``); this module keeps the by-line, copyright and title rules of
the document's own entry that it calls.

Nothing is invented: a field is filled only from a line that states it (a by-line, a
signature, a copyright line, a site name); everything else stays empty for ``check`` to
report. Fields found by a weaker cue get a lower confidence and are flagged as guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pybtex.database import Person

from citekit.citations.prose import Citation
from citekit.importer.lists import ListSplit, RawReference
from citekit.importer.text import Line, join_wrapped
from citekit.refparse.lexicons import fold, word_set

__all__ = ["SourceDocument", "DocumentEntry", "ReferenceSection", "Note"]


@dataclass
class Note:
    """Something the reader noticed at a place in the source (for ``--report``)."""

    line: int
    message: str
    end_line: int | None = None

    def format(self) -> str:
        where = f"{self.line}" if not self.end_line or self.end_line == self.line else (
            f"{self.line}-{self.end_line}"
        )
        return f"line {where}: {self.message}"


@dataclass
class DocumentEntry:
    """The entry for the document itself: fields plus how sure we are of each."""

    entry_type: str
    fields: dict[str, str]
    field_confidence: dict[str, float]
    line: int

    @property
    def confidence(self) -> float:
        if not self.field_confidence:
            return 0.0
        values = list(self.field_confidence.values())
        # An entry is as trustworthy as its typical field, and less so when it has few fields.
        return round(min(1.0, sum(values) / len(values)) * min(1.0, 0.5 + 0.15 * len(values)), 2)


@dataclass
class ReferenceSection:
    heading: str
    line: int  # the heading's line
    first_line: int
    last_line: int
    start: int
    end: int


@dataclass
class SourceDocument:
    path: str
    text: str
    entry: DocumentEntry | None
    sections: list[ReferenceSection] = field(default_factory=list)
    split: ListSplit = field(default_factory=ListSplit)
    citations: list[Citation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    is_list: bool = False  # the whole source is a reference list, not a document

    @property
    def references(self) -> list[RawReference]:
        return self.split.references


# --- line classes ---------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(?:(?:you are on\s+)?page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_COUNTS = re.compile(
    r"^\s*(?:\d[\d,.]*\s*words?|words?\s*:\s*\d[\d,.]*)\s*[|•·,]?\s*"
    r"(?:\(?\d+\s*pages?\)?|pages?\s*:\s*\d+)?\s*$",
    re.I,
)
_BUTTONS = {
    "open document", "teaser image", "read more", "show more", "continue reading",
    "read full essay", "read full document", "sign up", "sign in", "log in", "login",
    "register", "share", "print", "cite", "cite this", "menu", "home", "search",
    "skip to content", "skip to main content", "advertisement", "related", "previous", "next",
    "back to top", "download", "save", "comments", "reply", "like", "tweet", "facebook",
    "twitter", "email", "subscribe", "image", "video", "view full document", "show less",
    "see more", "load more", "table of contents", "contents", "close", "toggle navigation",
    "answer", "answers", "expert answers", "report", "flag", "follow", "get started",
    "sign up for free", "open in app", "member-only story", "clap", "responses",
    "decent essays", "good essays", "better essays", "great essays", "strong essays",
    "powerful essays", "superior essays", "satisfactory essays", "improved essays",
    "preview", "essay sample", "related questions", "similar questions", "top answer",
    "best answer", "verified answer", "see answer", "add comment", "more", "less",
    "listen", "bookmark", "copy link", "print this page", "cite this page", "cite this article",
    "jump to navigation", "jump to search", "jump to content", "edit", "view history",
    "talk", "read", "edit links", "hide", "show", "toggle the table of contents",
    "ask a question", "ask question", "improve this question", "improve this answer",
    "add a comment", "show activity on this post", "highest score (default)", "accepted answer",
    "search this site", "search for", "main menu", "primary menu", "navigation", "menu toggle",
    "your email address will not be published", "required fields are marked *",
    "post comment", "cancel reply", "you may also like", "recent posts", "archives",
}
# "Home > History > Cold War", "Home » Essays"
_BREADCRUMB = re.compile(r"^\s*\w[^>»›]{0,40}(?:\s*[>»›]\s*[^>»›]{1,40}){1,6}\s*$")
_SEE_ALSO = re.compile(r"^\s*see also\b\s*:?\s*\S.{0,400}$", re.I)
_ASKED = re.compile(
    r"^\s*(?:(?:asked|submitted|uploaded)\s+by\b.{0,60}|\d+\s+min(?:ute)?s?\s+read\b.{0,40}"
    # Q&A pages: "Asked 5 years, 2 months ago", "Viewed 2k times", "2 Answers", "Sorted by:"
    r"|(?:asked|answered|modified|edited|viewed|active)\s+.{0,40}\b(?:ago|times|today|yesterday)"
    r"|[\d.,]+k?\s+(?:answers?|comments?|votes?|views?|followers?|upvotes?|replies)|sorted by\s*:?.{0,30})$",
    re.I,
)
_CAPTION_MARKERS = {"teaser image", "image", "teaser", "photo", "thumbnail"}
_CHROME = re.compile(r"^\s*\S.{0,40}\s(?:footer|header|navigation|nav|sidebar|banner|logo)\s*$", re.I)
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:©\s*)?"
    r"(?P<year>(?:1[6-9]|20)\d\d)(?:\s*[-–]\s*(?:(?:1[6-9]|20)\d\d))?,?\s*(?:by\s+)?"
    r"(?P<holder>[^.©|]*?(?:\.(?:com|org|net|co\.uk|edu))?)\s*[.,]?"
    # what site footers add after the holder: "All rights reserved. Powered by WordPress | Privacy"
    r"(?:\s*[.|·•]?\s*(?:all rights reserved|powered by\b[^|]*|privacy(?: policy)?|terms(?: of (?:use|service))?"
    r"|cookie(?:s| policy)|contact(?: us)?|sitemap|imprint)\.?)*\s*$",
    re.I,
)
# A navigation bar on one line: "Home | About | Blog | Contact", "News • Sport • Weather".
_NAV_BAR = re.compile(r"^\s*[^|•·]{1,30}(?:\s+[|•·]\s+[^|•·]{1,30}){2,}\s*$")
# Sharing widgets: "Share this: Facebook Twitter", "Follow us on Instagram".
_SHARE = re.compile(
    r"^\s*(?:share(?: this(?: (?:post|article|page))?)?(?: on)?|follow us(?: on)?|like this)\s*:?"
    r"(?:\s*[|•·,]?\s*(?:facebook|twitter|x|linkedin|pinterest|reddit|tumblr|email|e-mail|whatsapp|telegram"
    r"|print|instagram|youtube|more|like|loading\.*))*\s*$",
    re.I,
)
_BYLINE = re.compile(r"^\s*(?:by|written by|author|authors|posted by|answered by|edited by)\s*:?\s+(?P<names>.+?)\s*$", re.I)
# "by Jane Doe on 3 March 2019", "by Jane Doe | Updated ...", "by Jane Doe, 2019"
_BYLINE_TAIL = re.compile(
    r"\s*(?:\bon\b|\||•|·|—|–|-\s|,\s*(?=\w*\s*\d)|\bupdated\b|\bpublished\b|\bposted\b).*$", re.I
)
_POSTED = re.compile(
    r"^\s*(?:posted|published|updated|last (?:updated|modified|edited|reviewed)|date|asked|answered)\s*(?:on|:)?\s*"
    r"(?P<date>.*?\b(?P<year>(?:1[6-9]|20)\d\d)\b.*?)(?:\s+by\s+(?P<names>.+?))?\s*$",
    re.I,
)
_URL_LINE = re.compile(r"^\s*(?:(?:retrieved|available|accessed)\s+(?:from|at)\s*:?\s*)?(?P<url>https?://\S+)\s*$", re.I)
_FROM_SITE = re.compile(
    r"^\s*(?:from (?P<site>[A-Z][\w .'&-]{1,40}?), the free encyclopedia"
    # Stack Exchange's strapline: "History Stack Exchange is a question and answer site for ..."
    r"|(?P<qa>[A-Z][\w .'&-]{1,40}?) is a question and answer site for .{0,200})\s*$",
    re.I,
)
_TITLE_SITE = re.compile(
    r"^(?P<title>.{8,}?)\s+(?:(?:\||::)\s+(?P<site>[A-Z][\w .'&-]{1,40})"
    r"|(?:–|—|-)\s+(?P<domain>[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|co\.uk|info)))$"
)
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z]\.(?:-?[A-Z]\.)?|[A-Z][a-z]{0,3}\.|(?:Mc|Mac|O['’]|D['’])?[A-ZÀ-Þ][\w'’\-]*"
    r"|von|van|de|der|den|da|di|du|la|le|del|della|dos|ten|ter)$"
)
# Capitalised words that make a short line a heading or a button rather than a person's name.
_NOT_NAME_WORDS = {
    "the", "and", "of", "in", "on", "for", "to", "a", "an", "document", "image", "reading",
    "introduction", "essays", "essay", "documents", "images", "footer", "header", "menu",
    "home", "search", "share", "print", "comments", "related", "next", "previous", "open",
    "teaser", "about", "author", "editor", "contents", "index", "notes", "references",
    "further", "sources", "bibliography", "works", "cited", "chapter", "part", "section",
    "page", "pages", "words", "war", "cold", "soviet", "union", "policy", "coexistence",
    "peaceful", "summary", "conclusion", "abstract", "overview", "background", "history",
    "question", "answer", "answers", "expert", "english", "united", "states", "world",
    "university", "press", "college", "school", "department", "video", "audio", "login",
}
def _not_a_title(text: str) -> bool:
    return not re.search(r"[^\W\d_]{2}", text) or text.endswith(":") or bool(_CUT_OFF.search(text))


_CUT_OFF = re.compile(r"\s(?:to|of|and|the|a|an|in|for|with|that|so)$", re.I)
_BULLET = re.compile(r"^\s*(?:[-–•*·▪]\s+)+")
_PROSE_END = re.compile(r"[.!?…]['’”\"]?$")


# --- junk -----------------------------------------------------------------------------


def _junk_lines(lines: list[Line], notes: list[Note]) -> dict[int, str]:
    """Line number -> why it is not part of the document."""
    junk: dict[int, str] = {}
    for index, line in enumerate(lines):
        text = line.stripped
        lower = text.lower().rstrip(":")
        if not text:
            continue
        if _COUNTS.match(text):
            junk[line.number] = "word/page count"
        elif _PAGE_NUMBER.match(text):
            junk[line.number] = "page number"
        elif lower in _BUTTONS or _ASKED.match(text):
            junk[line.number] = "button or label"
        elif _SHARE.match(text):
            junk[line.number] = "sharing buttons"
        elif _NAV_BAR.match(text) and all(len(part.split()) <= 3 for part in re.split(r"\s+[|•·]\s+", text)):
            junk[line.number] = "navigation bar"
        elif _BREADCRUMB.match(text) and len(text) < 120:
            junk[line.number] = "breadcrumb"
        elif _SEE_ALSO.match(text):
            junk[line.number] = "cross-references"
        elif _CHROME.match(text) and len(text.split()) <= 4:
            junk[line.number] = "page chrome"
        elif len(text) == 1 and text.isalpha():
            junk[line.number] = "menu"
        if lower in _CAPTION_MARKERS and index > 0 and not lines[index - 1].blank:
            junk[lines[index - 1].number] = "teaser caption"

    # Menus: five or more short lines in a row, none of them a sentence.
    run: list[Line] = []
    for line in [*lines, Line("", -1, -1)]:
        text = line.stripped
        if text and len(text.split()) <= 4 and not _PROSE_END.search(text) and not re.search(r"\d{4}", text):
            run.append(line)
            continue
        if len(run) >= 5:
            for member in run:
                junk.setdefault(member.number, "menu")
        if text or line.number == -1:
            run = []

    # Running heads and feet of PDF pages: a short line that recurs, up to its page number.
    shapes: dict[str, list[int]] = {}
    for line in lines:
        text = line.stripped
        if text and len(text) <= 60 and not _PROSE_END.search(text) and line.number not in junk:
            shapes.setdefault(re.sub(r"\d+", "#", text), []).append(line.number)
    for shape, numbers in shapes.items():
        if len(numbers) >= 3 and "#" in shape and len(set(numbers)) == len(numbers):
            for number in numbers:
                junk[number] = "running head"

    # Repeated blocks (scrapes and previews repeat pages): a long line seen before.
    seen: dict[str, int] = {}
    for line in lines:
        key = " ".join(line.stripped.split())
        if not key or line.number in junk:
            continue
        if len(key) >= 20 and key in seen:
            junk[line.number] = f"repeats line {seen[key]}"
        else:
            seen.setdefault(key, line.number)

    _report_runs(junk, notes, {line.number for line in lines if line.blank})
    return junk


def _report_runs(junk: dict[int, str], notes: list[Note], blank: set[int]) -> None:
    """One note per run of junk lines of one kind (blank lines may sit between)."""
    numbers = sorted(junk)
    i = 0
    while i < len(numbers):
        j = i
        reason = junk[numbers[i]]
        kind = reason.split(" line")[0]
        while (
            j + 1 < len(numbers)
            and all(n in blank for n in range(numbers[j] + 1, numbers[j + 1]))
            and junk[numbers[j + 1]].split(" line")[0] == kind
        ):
            j += 1
        if kind == "repeats":
            first = int(junk[numbers[i]].rsplit(" ", 1)[1])
            last = int(junk[numbers[j]].rsplit(" ", 1)[1])
            message = f"repeats lines {first}-{last}, ignored" if j > i else f"{reason}, ignored"
        else:
            message = f"{kind}, ignored"
        notes.append(Note(numbers[i], message, numbers[j]))
        i = j + 1


@dataclass
class _Copyright:
    line: int
    year: str
    holder: str


def _find_copyright(lines: list[Line], junk: dict[int, str], notes: list[Note]) -> _Copyright | None:
    for line in lines:
        m = _COPYRIGHT.match(line.stripped)
        if m and len(line.stripped) < 160:
            holder = m.group("holder").strip(" ,.")
            holder = re.sub(r",?\s*(?:inc|llc|ltd|gmbh)\.?$", "", holder, flags=re.I).strip(" ,")
            junk[line.number] = "copyright"
            notes.append(Note(line.number, f"copyright: {holder or '?'} {m.group('year')}"))
            return _Copyright(line.number, m.group("year"), holder)
    return None


# --- the document's own entry ---------------------------------------------------------


def _document_entry(
    lines: list[Line],
    junk: dict[int, str],
    section_lines: set[int],
    copyright_: _Copyright | None,
    vocabulary: set[str],
    notes: list[Note],
    sections: list[ReferenceSection],
) -> DocumentEntry:
    content = [
        line for line in lines
        if line.number not in junk and line.number not in section_lines
    ]
    fields: dict[str, str] = {}
    confidence: dict[str, float] = {}
    first_content = next((line for line in content if not line.blank), None)
    entry_line = first_content.number if first_content else 1

    # By-lines, "Posted on", URLs and site names near the top or bottom.
    authors: list[str] = []
    author_line = None
    for line in content[:15] + content[-8:]:
        text = line.stripped
        m = _BYLINE.match(text)
        names = _BYLINE_TAIL.sub("", m.group("names")) if m else ""
        if m and _is_name_list(names):
            authors, author_line = _split_names(names), line
            confidence["author"] = 0.9
            notes.append(Note(line.number, f"by-line: {names}"))
            break
    for line in content[:15] + content[-8:]:
        text = line.stripped
        posted = _POSTED.match(text)
        if posted and "year" not in fields and len(text) < 120:
            fields["year"] = posted.group("year")
            confidence["year"] = 0.85
            notes.append(Note(line.number, f"date line: {text}"))
            if posted.group("names") and not authors and _is_name_list(posted.group("names")):
                authors, author_line = _split_names(posted.group("names")), line
                confidence["author"] = 0.85
        url = _URL_LINE.match(text)
        if url and "url" not in fields:
            fields["url"] = url.group("url").rstrip(".,)")
            confidence["url"] = 0.9
            notes.append(Note(line.number, f"url: {fields['url']}"))
        site = _FROM_SITE.match(text)
        if site and "organization" not in fields:
            fields["organization"] = (site.group("site") or site.group("qa")).strip()
            confidence["organization"] = 0.9
            notes.append(Note(line.number, f"site name: {fields['organization']}"))

    # An MLA-style essay heading: student, instructor, course, date, then the title.
    # A site's strapline ("X is a question and answer site for ...") names the site, not the page.
    title_search = [line for line in content if not _is_strapline(line.stripped)]
    header = _mla_header(content)
    if header is not None and not authors:
        student, date_line = header
        authors, author_line = _split_names(student.stripped), student
        confidence["author"] = 0.85
        year = re.search(r"\b(?:1[6-9]|20)\d\d\b", date_line.stripped)
        if year and "year" not in fields:
            fields["year"] = year.group(0)
            confidence["year"] = 0.85
        notes.append(Note(student.number, f"essay heading: {student.stripped}", date_line.number))
        title_search = [line for line in content if line.number > date_line.number]

    # "5 min read · Mar 3, 2019" (set aside as page chrome) still dates the page.
    for line in lines[:20]:
        read_time = re.match(r"^\s*\d+\s+min(?:ute)?s?\s+read\b.*?\b((?:1[6-9]|20)\d\d)\b", line.text, re.I)
        if read_time and "year" not in fields:
            fields["year"] = read_time.group(1)
            confidence["year"] = 0.8
            notes.append(Note(line.number, f"date line: {line.stripped}"))

    # A date alone on a line near the top (blogs, news): the year, and not the title.
    for line in [line for line in title_search if not line.blank][:3]:
        if _DATE_LINE.match(line.stripped) or _MONTH_YEAR.match(line.stripped):
            if "year" not in fields:
                year = re.search(r"(?:1[6-9]|20)\d\d", line.stripped)
                fields["year"] = year.group(0)
                confidence["year"] = 0.8
                notes.append(Note(line.number, f"date line: {line.stripped}"))
            title_search = [other for other in title_search if other is not line]
            break

    # A name alone on the first line, before the title: the author.
    first_line = next((line for line in title_search if not line.blank), None)
    if first_line is not None and not authors and _is_signature(first_line.stripped):
        authors, author_line = _split_names(first_line.stripped), first_line
        confidence["author"] = 0.75
        notes.append(Note(first_line.number, f"signature: {first_line.stripped}"))
        title_search = [line for line in title_search if line is not first_line]

    # Title: the first short block of content, up to a blank line or a by-line/signature;
    # a line that cannot be one is passed over first ("<<", an introduction ending in ":",
    # a sentence cut off at "... so I'm trying to")
    skipped = 0
    while title_search and skipped < 2 and (title_search[0].blank or _not_a_title(title_search[0].stripped)):
        skipped += not title_search[0].blank
        title_search = title_search[1:]
    title_lines: list[Line] = []
    for line in title_search:
        if line.blank:
            if title_lines:
                break
            continue
        if line is author_line or _BYLINE.match(line.stripped) or _POSTED.match(line.stripped):
            break
        if title_lines and (_is_signature(line.stripped) or not _continues_title(title_lines[-1], line)):
            break
        title_lines.append(line)
        if len(title_lines) > 3:
            break
    title = join_wrapped([line.text for line in title_lines], vocabulary)
    title = _BULLET.sub("", title)  # a page's "- Using This Book": the list marker is layout
    sentence_like = len(title) > 120 and title.endswith(".")
    if (
        title_lines and len(title_lines) <= 3 and 0 < len(title) <= 250
        and not sentence_like
    ):
        site = _TITLE_SITE.match(title)
        site_name = (site.group("site") or site.group("domain")).strip() if site else ""
        holder = copyright_.holder if copyright_ else ""
        tail = re.match(r"^(?P<title>.{8,}?)\s+[–—|-]\s+(?P<site>[^–—|]{2,60})$", title)
        if holder and tail and tail.group("site").strip().lower() == holder.lower():
            site, site_name = tail, holder
        if site and "organization" not in fields and len(site_name.split()) <= 5:
            title = site.group("title").strip()
            fields["organization"] = site_name
            confidence["organization"] = 0.6
        fields["title"] = title.strip()
        confidence["title"] = 0.9 if not title_lines[-1].stripped.endswith(".") else 0.7
        entry_line = title_lines[0].number
        notes.append(Note(title_lines[0].number, f"title: {fields['title']}", title_lines[-1].number))
    else:
        title_lines = []

    # Signatures: a name alone on a line right after the title, or at the end of the text.
    if not authors:
        candidates: list[tuple[Line, float]] = []
        # the short lines under the title (a subtitle may come first), up to the body
        after = title_lines[-1] if title_lines else None
        for _ in range(3):
            after = _next_nonblank(content, after)
            if after is None or len(after.stripped) > 80:
                break
            candidates.append((after, 0.75))
        candidates += [(line, 0.7) for line in _last_body_lines(content, title_lines, 3)]
        for line, score in candidates:
            name = line.stripped.lstrip("—–-― ").strip()
            if _is_signature(name):
                authors, author_line = _split_names(name), line
                confidence["author"] = score
                notes.append(Note(line.number, f"signature: {name}"))
                break
    if authors:
        fields["author"] = " and ".join(authors)

    if copyright_ and copyright_.holder:
        fields["publisher"] = copyright_.holder
        confidence["publisher"] = 0.85
    if copyright_ and "year" not in fields:
        fields["year"] = copyright_.year
        confidence["year"] = 0.75

    entry_type, type_confidence = _entry_type(lines, junk, fields, sections, copyright_)
    confidence["type"] = type_confidence
    ordered = {k: fields[k] for k in ("author", "title", "organization", "publisher", "year", "url") if k in fields}
    return DocumentEntry(entry_type, ordered, {k: v for k, v in confidence.items()}, entry_line)


_INSTRUCTOR = re.compile(r"^(?:professor|prof\.?|dr\.?|mr\.?|mrs\.?|ms\.?|mx\.?|instructor|teacher|tutor)\s+\S", re.I)
_DATE_LINE = re.compile(r"^(?=.{6,40}$)(?:\d{1,2}\s+\w+|\w+\.?\s+\d{1,2},?)\s+(?:1[6-9]|20)\d\d$|^\d{1,2}[/.-]\d{1,2}[/.-](?:1[6-9]|20)?\d\d$")


_TITLE_GLUE = {
    "the", "a", "an", "of", "and", "or", "in", "on", "to", "for", "with", "at", "by", "from",
    "into", "between", "under", "over", "about", "as", "its", "his", "her", "their", "vs", "vs.",
}


def _is_strapline(text: str) -> bool:
    site = _FROM_SITE.match(text)
    return bool(site and site.group("qa"))


def _continues_title(previous: Line, line: Line) -> bool:
    """A wrapped title goes on; a body paragraph right under the title does not."""
    prev, text = previous.stripped, line.stripped
    if _FROM_SITE.match(text) or _FROM_SITE.match(prev):
        return False
    if prev.endswith(("-", ",", ":", ";")) or text[:1].islower():
        return True
    if re.search(r"[.!?]['’”\"]?\s+[A-Z]", text) or len(text) > 80:
        return False
    # "Khrushchev and the / Thaw": a title broken after a word that cannot end it
    last_word = prev.split()[-1].lower() if prev.split() else ""
    return last_word in _TITLE_GLUE


_MONTH_YEAR = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:\d{1,2},?\s+)?(?:1[6-9]|20)\d\d$",
    re.I,
)


def _mla_header(content: list[Line]) -> tuple[Line, Line] | None:
    """"Jane Doe / Professor Smith / History 101 / 12 March 2019": (student line, date line)."""
    first = [line for line in content if not line.blank][:4]
    if len(first) < 4:
        return None
    student, instructor, _course, date = first
    if _is_signature(student.stripped) and _INSTRUCTOR.match(instructor.stripped) and _DATE_LINE.match(date.stripped):
        return student, date
    return None


def _entry_type(
    lines: list[Line],
    junk: dict[int, str],
    fields: dict[str, str],
    sections: list[ReferenceSection],
    copyright_: _Copyright | None,
) -> tuple[str, float]:
    """@incollection for an entry of a reference work, @online for a web page, else @misc."""
    reasons = set(junk.values())
    has_az_menu = sum(1 for line in lines if len(line.stripped) == 1 and line.stripped.isalpha()) >= 10
    further_reading = any(s.heading.lower().startswith(("further", "suggested", "recommended")) for s in sections)
    if copyright_ and copyright_.holder and (has_az_menu or further_reading):
        return "incollection", 0.7
    web = (
        "url" in fields or "organization" in fields
        or "word/page count" in reasons or "button or label" in reasons
    )
    if web:
        return "online", 0.7
    return "misc", 0.6


# --- names ----------------------------------------------------------------------------


_NAME_LIST_SPLIT = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*)")


def _is_signature(text: str, *, lenient: bool = False) -> bool:
    """A short line that is a person's name: "Bruce J. DeHart", "E. Mc.", "A. Smith and B. Jones".

    Without an initial, the first word must be a known given name ("Bruce DeHart"), so that
    "Geneva Summit" or "Open Skies Proposal" stay titles. In a list joined by "and", one
    such name vouches for the others ("Günter Bischof and Saki Dockrill").
    """
    text = text.strip()
    parts = _NAME_LIST_SPLIT.split(text)
    if len(parts) > 1:
        return (
            len(parts) <= 4
            and all(_is_signature(part, lenient=True) for part in parts)
            and any(_is_signature(part) for part in parts)
        )
    if not text or len(text) > 60 or text.endswith(":"):
        return False
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return False
    if any(t.lower().strip(".") in _NOT_NAME_WORDS for t in tokens):
        return False
    if not tokens[-1][0].isupper():
        return False
    has_initial = any(re.fullmatch(r"[A-Z]\.(?:-?[A-Z]\.)?", t) for t in tokens)
    if has_initial:
        return True
    full_words = [t for t in tokens if len(t.rstrip(".")) > 1]
    if not (2 <= len(full_words) <= 3 and len(tokens) <= 3):
        return False
    return lenient or fold(tokens[0]) in _given_names()


def _given_names() -> frozenset[str]:
    # The reference parser's hand-written lexicon of common given names, many languages.
    return word_set("given_names.txt")


_ROLE = re.compile(
    r"^(?:staff|senior|contributing|guest|associate|assistant)?\s*(?:writer|editor|contributor|"
    r"correspondent|reporter|student|professor|lecturer|teacher|tutor|author|team|staff|"
    r"historian|researcher|ph\.?d\.?|m\.?a\.?|md|jr\.?|sr\.?)s?$",
    re.I,
)


def _drop_roles(text: str) -> str:
    """"Brett Michum, Staff Writer" -> "Brett Michum" (a role is not a second author)."""
    parts = [p for p in re.split(r"\s*,\s*", text.strip()) if p]
    kept = [p for p in parts if not _ROLE.match(p)]
    return ", ".join(kept) if kept else text


def _is_name_list(text: str) -> bool:
    names = _NAME_SEPARATORS.split(_drop_roles(text))
    return bool(names) and all(
        1 <= len(n.split()) <= 5 and all(_NAME_TOKEN.match(t) for t in n.split()) for n in names
    )


_NAME_SEPARATORS = re.compile(r"\s*(?:,\s*and\s+|,\s*&\s*|\s+and\s+|\s*&\s*|;\s*|,\s*)")


def _split_names(text: str) -> list[str]:
    parts = _NAME_SEPARATORS.split(_drop_roles(text))
    result = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        try:
            result.append(str(Person(part)))
        except Exception:  # pybtex rejects odd strings; keep the name as written
            result.append(part)
    return result


# --- helpers --------------------------------------------------------------------------


def _next_nonblank(content: list[Line], after: Line | None) -> Line | None:
    seen = after is None
    for line in content:
        if not seen:
            seen = line is after
            continue
        if not line.blank:
            return line
    return None


def _last_body_lines(content: list[Line], title_lines: list[Line], count: int) -> list[Line]:
    """The last ``count`` non-blank lines after the title (where signatures sit)."""
    out: list[Line] = []
    for line in reversed(content):
        if line.blank:
            continue
        if title_lines and line.number <= title_lines[-1].number or len(out) == count:
            break
        out.append(line)
    return out


def _line_of(lines: list[Line], offset: int) -> int:
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lines[lo].number if lines else 1


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
