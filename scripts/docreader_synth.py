#!/usr/bin/env python3
"""Synthetic labelled documents for training citekit's document reader (zones and spans).

Nothing here is written by hand per document: reference strings come from
``../shared/refparse/dev.jsonl`` and from rendering the ``.bib`` files of
``../shared/corpora/`` through citekit's own CSL engine in several styles; in-text
citations are formatted by ``citekit.cite`` in the same style as the list. They are placed
into documents of many kinds (essays with a reference list or endnotes, reading lists with
bullets/numbers/hanging indents/link junk, run-together lists, bibliographic-essay prose,
endnotes with commentary, Ibid. and short forms, annotated bibliographies, pages with no
references at all) with page chrome and PDF artefacts (hard wraps, hyphenation, running
heads, page numbers). The generator knows what it placed, so every label is exact.

``make_documents(n, seed)`` returns ``(text, line_zones, token_labels)`` triples; the fixed
seed makes a run reproducible.
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citekit.importer.spans import tokenize  # noqa: E402
from citekit.importer.text import split_lines  # noqa: E402

SHARED = ROOT.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")

STYLES = ("apa", "mla", "chicago-author-date", "chicago-notes", "harvard", "ieee", "vancouver")
AUTHOR_DATE = ("apa", "chicago-author-date", "harvard")

# --- building blocks: documents as labelled pieces ------------------------------------------


@dataclass
class Block:
    """One paragraph or line of a document: its zone and its pieces (text, span kind)."""

    zone: str  # TITLE META BODY HEAD REF NOTE ANNOT CHROME
    pieces: list[tuple[str, str | None]] = field(default_factory=list)
    indent: str = ""

    def add(self, text: str, span: str | None = None) -> "Block":
        self.pieces.append((text, span))
        return self


class Layout:
    """Characters with their zone/block and span ids; wraps and PDF artefacts keep labels."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.block: list[int] = []  # block id per char (-1: separator)
        self.span: list[int] = []  # span id per char (-1: none)
        self.zones: dict[int, str] = {}
        self.spans: dict[int, str] = {}
        self._b = 0
        self._s = 0

    def add_block(self, block: Block, sep: str) -> None:
        if self.chars:
            self._raw(sep, -1, -1)
        bid = self._b
        self._b += 1
        self.zones[bid] = block.zone
        if block.indent:
            self._raw(block.indent, bid, -1)
        for text, kind in block.pieces:
            sid = -1
            if kind:
                sid = self._s
                self._s += 1
                self.spans[sid] = kind
            self._raw(text, bid, sid)

    def _raw(self, text: str, bid: int, sid: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.block.append(bid)
            self.span.append(sid)

    def insert(self, pos: int, text: str, bid: int, sid: int) -> None:
        self.chars[pos:pos] = list(text)
        self.block[pos:pos] = [bid] * len(text)
        self.span[pos:pos] = [sid] * len(text)

    def new_block(self, zone: str) -> int:
        bid = self._b
        self._b += 1
        self.zones[bid] = zone
        return bid

    def wrap(self, rng: random.Random, width: int, hyphenate: float, indent: str = "") -> None:
        """Hard line breaks at ``width`` (PDF text), sometimes hyphenating a long word."""
        col = 0
        i = 0
        last_space = -1
        while i < len(self.chars):
            ch = self.chars[i]
            if ch == "\n":
                col, last_space = 0, -1
            else:
                col += 1
                if ch == " ":
                    last_space = i
                if col > width and last_space > 0:
                    # maybe hyphenate the word after last_space
                    j = last_space + 1
                    k = j
                    while k < len(self.chars) and self.chars[k].isalpha():
                        k += 1
                    if rng.random() < hyphenate and k - j >= 8 and i - j >= 3:
                        cut = j + rng.randint(3, k - j - 3)
                        self.insert(cut, "-\n", self.block[cut - 1], self.span[cut - 1])
                        i = cut + 1
                    else:
                        self.chars[last_space] = "\n"
                        i = last_space
                    col, last_space = 0, -1
            i += 1

    def page_chrome(self, rng: random.Random, every: int, header: str) -> None:
        """Running heads and page numbers every ``every`` lines (a PDF's page breaks)."""
        count = 0
        page = rng.randint(1, 400)
        i = 0
        while i < len(self.chars):
            if self.chars[i] == "\n":
                count += 1
                if count % every == 0:
                    page += 1
                    bid = self.new_block("CHROME")
                    kind = rng.random()
                    if kind < 0.4:
                        text = f"{page}\n"
                    elif kind < 0.7:
                        text = f"{page} {header}\n" if rng.random() < 0.5 else f"{header} {page}\n"
                    else:
                        text = f"{header}\n\n{page}\n"
                    self.insert(i + 1, text, bid, -1)
                    i += len(text)
            i += 1

    def text(self) -> str:
        return "".join(self.chars)

    def labels(self) -> tuple[str, list[str], list[str]]:
        text = self.text()
        lines = split_lines(text)
        zone_labels: list[str] = []
        seen_blocks: set[int] = set()
        for line in lines:
            if line.blank:
                continue
            first = line.start + line.indent
            bid = self.block[first]
            zone = self.zones.get(bid, "BODY")
            if zone in ("REF", "NOTE"):
                zone += "_I" if bid in seen_blocks else "_B"
            seen_blocks.add(bid)
            zone_labels.append(zone)
        token_labels = []
        previous = -1
        for tok in tokenize(text):
            sid = self.span[tok.start]
            if sid < 0:
                token_labels.append("O")
            else:
                kind = self.spans[sid]
                token_labels.append(("I-" if sid == previous else "B-") + kind)
            previous = sid
        return text, zone_labels, token_labels


# --- material ------------------------------------------------------------------------------


@dataclass
class Work:
    """A work with its list form in a style, a prose form, citations and short note forms."""

    reference: str
    prose: str
    cites: list[str]  # in-text citations in the list's style
    short: str
    title: str
    surname: str
    year: str


_LABEL = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s*")


def _dev_works(rng: random.Random) -> list[Work]:
    works = []
    for line in (SHARED / "refparse" / "dev.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        segs = [(k, v) for k, v in row["segments"] if k != "citation-number"]
        text = " ".join(v for _, v in segs).strip()
        text = _LABEL.sub("", text) if row["segments"] and row["segments"][0][0] == "citation-number" else text
        if len(text) < 25 or len(text) > 400:
            continue
        get = {k: v for k, v in reversed(segs)}
        author = get.get("author", "").strip(" ,.;:")
        title = get.get("title", "").strip(" ,.;:\"“”")
        date = re.search(r"1[5-9]\d\d|20[0-4]\d", get.get("date", "")) if get.get("date") else None
        year = date.group() if date else ""
        surname = re.split(r"[,\s]", author)[0] if author else ""
        parts = [p for p in (get.get("location", "").strip(" ,.:;"), get.get("publisher", "").strip(" ,.:;")) if p]
        pub = ": ".join(parts)
        tail = f" ({pub + ', ' if pub else ''}{year})" if (pub or year) else ""
        prose = f"{_first_last(author)}, {title}{tail}" if author and title else text.rstrip(".")
        cites = []
        if surname and year:
            cites = [f"({surname} {year})", f"({surname}, {year})", f"{surname} ({year})",
                     f"({surname} {year}, {rng.randint(2, 400)})", f"({surname}, {year}, p. {rng.randint(2, 400)})"]
        elif surname:
            cites = [f"({surname} {rng.randint(2, 300)})"]
        short = f"{surname}, {' '.join(title.split()[:3])}" if surname and title else ""
        works.append(Work(text, prose, cites, short, title, surname, year))
    return works


def _first_last(author: str) -> str:
    first = re.split(r"\s+and\s+|;|&", author)[0].strip()
    if "," in first:
        last, given = first.split(",", 1)
        return f"{given.strip()} {last.strip()}".strip()
    return first


def _rendered_works(rng: random.Random, max_files: int) -> dict[str, list[Work]]:
    """Works rendered by citekit's CSL engine, with citations from ``citekit.cite``."""
    from citekit.cite import cite
    from citekit.render import render

    files = sorted(p for p in (SHARED / "corpora").rglob("*.bib") if p.stat().st_size < 300_000)
    rng.shuffle(files)
    out: dict[str, list[Work]] = {s: [] for s in STYLES}
    for path in files[:max_files]:
        try:
            notes = render([str(path)], style="chicago-notes", to="json")
        except Exception:
            continue
        keys = [e.key for e in notes.entries]
        rng.shuffle(keys)
        keys = keys[:10]
        if not keys:
            continue
        prose_by_key = {}
        try:
            for key, res in zip(keys, cite([f"[@{k}]" for k in keys], str(path), style="chicago-notes")):
                prose_by_key[key] = res.text.rstrip(".")
        except Exception:
            pass
        for style in rng.sample(STYLES, 3):
            try:
                result = render([str(path)], style=style, to="json", keys=keys)
                loc = [cite([f"[@{k}, p. {rng.randint(2, 300)}]", f"@{k}", f"[@{k}]"], str(path), style=style)
                       for k in keys]
            except Exception:
                continue
            for entry, cites in zip(result.entries, loc):
                fields = entry.fields
                title = re.sub(r"[{}]", "", fields.get("title", ""))
                author = fields.get("author", "") or fields.get("editor", "")
                surname = re.sub(r"[{}\\]", "", author.split(",")[0].split(" and ")[0]).split()[-1] if author else ""
                year = fields.get("year", "")
                texts = [c.text for c in cites if c.text]
                if style in ("ieee", "vancouver", "chicago-notes"):
                    texts = []
                short = f"{surname}, {' '.join(title.split()[:3])}" if surname else ""
                text = entry.text.strip()
                if len(text) < 20:
                    continue
                out[style].append(Work(text, prose_by_key.get(entry.key, text.rstrip(".")), texts, short,
                                       title, surname, year))
    return out


WORDS = (
    "history society power religion state church reform war trade politics economy culture "
    "empire nation identity memory science reason faith belief tradition ritual community "
    "language literature poetry novel author reader text meaning theory practice argument "
    "evidence source account period century movement revolution class labour family kingdom "
    "city region border law justice freedom order change crisis conflict peace emotion mind "
    "knowledge truth experience philosophy nature body soul art image painting music"
).split()
VERBS = ("argues", "shows", "suggests", "claims", "notes", "observes", "maintains", "explains",
         "describes", "insists", "demonstrates", "stresses")
SENTENCES = (
    "The {w} of the {w} was never simply a matter of {w}.",
    "Many historians have seen the {w} as a turning point for {w} and {w}.",
    "This {w} {v} that {w} and {w} were closely linked in the period.",
    "In {year}, the {w} changed the way people thought about {w}.",
    "It is important to understand how {w} shaped the {w} of ordinary people.",
    "The {w} was, in other words, a question of {w} rather than {w}.",
    "Such a view of {w} is hard to reconcile with the {w} we have.",
    "As one scholar {v}, the {w} of {w} cannot be separated from its {w}.",
    "During the {w} ({year}–{year2}) the {w} grew stronger.",
    "The {W} ({ACR}) played a central role in the {w}.",
    "He was born in {year} and died in {year2}, leaving a large body of {w}.",
    "First, the {w}; second, the {w}; third, the {w} itself.",
    "There are three reasons for this: 1) the {w}, 2) the {w} and 3) the {w}.",
    "{Name} {v} that the {w} was the key to the {w}.",
    "The {w} remains one of the most debated questions in the study of {w}.",
    "See Figure {n} for the {w} of the {w}.",
    "This essay examines the {w} and the {w} of the {w} (see Table {n}).",
    "The evidence from the {w} (chapter {n}) supports this reading of the {w}.",
    "On {n} February {year}, {Name} told the {W} Congress that the {w} had changed.",
    "After the death of {Name} in March {year}, a new {w} emerged under {Name} and {Name}.",
    "{Name}, who was born in {W} in {year}, studied {w} with {Name} before moving to {W}.",
    "In {year} {Name} published his first book, and by {year2} he was the leading voice of the {w}.",
    "The {W} of {year} short-circuited the {w}, and {Name} was forced to abandon his plans.",
    "Although {Name} described the {w} as a {w}, his critics in {W} saw it differently.",
    "Together they make up two of the {w}'s greatest minds, the other being {Name}.",
    "{Name} was born on March {n}, {year} and died on February {m}, {year2}.",
)
LEADINS = (
    "The standard work is", "A still useful survey is", "See also", "See", "Also very useful is",
    "The best introduction is", "On the {w}, see", "For the {w}, see", "An older account is",
    "The classic study remains", "Recent work includes", "Compare", "The standard lives are",
    "A good starting point is", "On {w} and {w}, consult", "There is also",
)
HEADINGS = (
    "References", "Bibliography", "Works Cited", "Further Reading", "Further reading", "Sources",
    "Literature", "Suggested Reading", "Additional Reading", "Select Bibliography",
    "Recommended Reading:", "REFERENCES", "BIBLIOGRAPHY", "Works Consulted", "Reference List",
    "Sources and Further Reading", "Bibliographie", "Literatur", "Reading list", "Key texts",
    "Primary sources", "Secondary sources", "7. References", "VI. Bibliography", "## References",
)
NOTE_HEADINGS = ("Notes", "Endnotes", "NOTES", "Footnotes", "Notes and References", "Notes:")
JUNK_GLUED = ("Google Scholar", "CrossRef", "PubMed", "View Article", "[Link]", "Google ScholarCrossRef",
              "Find this resource:", "WorldCat", "(Z 6203 .I63)", "(LatX Z 6203 W5 1951)", "[PDF]")
CHROME = (
    "Home | About | Contact", "Skip to main content", "Menu", "Search", "Log in", "Sign up",
    "This is a preview of subscription content, log in to check access",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "Accept cookies", "Download PDF", "Share this: Facebook Twitter Email", "Advertisement",
    "{n} Words {m} Pages", "Words: {n}", "Copyright information", "Authors and Affiliations",
    "Leave a Reply", "Related Posts", "Cite this article", "Open Document", "Better Essays",
    "Read more", "Print this page", "Posted in {W} | {n} Comments", "Previous Next",
    "Keywords", "Subscribe to our newsletter", "Buy article (PDF) $39.95", "Tags: {w}, {w}",
    "Get the full text", "© {year} {W} Press. All rights reserved.", "Page {n} of {m}",
    "Click here to read the full essay", "Sign in to access", "Rent this article",
    "…show more content…", "Show More", "Report this document", "Recommended articles",
)


def _abstract_sentences() -> list[str]:
    """Real prose for essay bodies: the sentences of the abstracts in the corpora's .bib files."""
    out: list[str] = []
    for path in sorted((SHARED / "corpora").rglob("*.bib")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for m in re.finditer(r"\babstract\s*=\s*\{", text, re.I):
            depth, i = 1, m.end()
            while i < len(text) and depth and i - m.end() < 4000:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            body = " ".join(text[m.end() : i - 1].split())
            if "\\" in body or "$" in body:
                continue
            body = body.replace("{", "").replace("}", "")
            for sent in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body):
                if 40 <= len(sent) <= 300 and sent[-1] in ".!?":
                    out.append(sent)
    return sorted(set(out))


class Writer:
    def __init__(self, rng: random.Random, names: list[str], prose: list[str] | None = None) -> None:
        self.rng = rng
        self.names = names
        self.prose = prose or []

    def fill(self, template: str) -> str:
        r = self.rng
        out = template
        while "{" in out:
            out = (out.replace("{w}", r.choice(WORDS), 1).replace("{W}", r.choice(WORDS).title(), 1)
                   .replace("{v}", r.choice(VERBS), 1).replace("{year}", str(r.randint(1500, 2020)), 1)
                   .replace("{year2}", str(r.randint(1500, 2020)), 1).replace("{n}", str(r.randint(1, 40)), 1)
                   .replace("{m}", str(r.randint(1, 40)), 1).replace("{Name}", r.choice(self.names), 1)
                   .replace("{ACR}", "".join(r.choice("ABCDEFGHIKLMNPRSTU") for _ in range(r.randint(2, 5))), 1))
        return out

    def sentence(self) -> str:
        if self.prose and self.rng.random() < 0.7:
            return self.rng.choice(self.prose)
        return self.fill(self.rng.choice(SENTENCES))

    def name(self) -> str:
        return self.rng.choice(self.names)


# --- document kinds ------------------------------------------------------------------------


def _title(w: Writer) -> Block:
    r = w.rng
    forms = ("The {W} of {W}", "{W} and {W} in the {W} Period", "{W}", "{W}: {W} and {W}",
             "Essay on {W}", "To What Extent Was the {W} a Reflection of {W}", "{W} ({year}–{year2})",
             "{W} of {W}: A Reading List", "Review of {W} and {W}")
    return Block("TITLE", [(w.fill(r.choice(forms)), None)])


def _meta(w: Writer) -> list[Block]:
    r = w.rng
    forms = ("By {Name}", "by {Name}", "{Name}", "Author: {Name}", "Posted on March {n}, {year}",
             "Written by {Name}", "{Name}, University of {W}", "Published {n} May {year}",
             "{Name}Email author", "Editors: {Name}", "Living reference work entry",
             "DOI: https://doi.org/10.1007/978-3-642-{n}-{m}", "Updated {n} June {year}")
    out = [Block("META", [(w.fill(r.choice(forms)), None)]) for _ in range(r.randint(0, 2))]
    if r.random() < 0.1:  # MLA heading
        out = [Block("META", [(w.fill(t), None)]) for t in ("{Name}", "Professor {Name}", "History {n}", "{n} March {year}")]
    return out


def _chrome(w: Writer, k: int) -> list[Block]:
    if w.rng.random() < 0.08:  # an A-Z index menu, one letter per line
        return [Block("CHROME", [(ch, None)]) for ch in "ABCDEFGHIJKLMNOPRSTUVWYZ"] + [
            Block("CHROME", [(w.rng.choice(("Documents", "Images", "Browse")), None)])]
    return [Block("CHROME", [(w.fill(w.rng.choice(CHROME)), None)]) for _ in range(k)]


def _item_prefix(r: random.Random, kind: str, i: int) -> str:
    return {"num": f"{i}. ", "brk": f"[{i}] ", "par": f"{i}) ", "bul": r.choice(("• ", "- ", "* ", "· ")),
            "none": "", "ind": "  ", "num2": f"  {i}. "}[kind]


def reference_list(w: Writer, works: list[Work], *, annotated: bool = False, heading: bool = True,
                   numbered: bool | None = None) -> list[Block]:
    r = w.rng
    blocks: list[Block] = []
    if heading:
        blocks.append(Block("HEAD", [(r.choice(HEADINGS), None)]))
    kind = r.choice(("num", "brk", "bul", "none", "none", "none", "ind", "par", "num2")) if numbered is None else (
        "num" if numbered else "none")
    junk = r.choice(JUNK_GLUED) if r.random() < 0.25 else None
    dash_ok = r.random() < 0.3
    for i, work in enumerate(works, 1):
        b = Block("REF")
        prefix = _item_prefix(r, kind, i)
        if prefix:
            b.add(prefix)
        text = work.reference
        if dash_ok and i > 1 and r.random() < 0.2 and work.surname and text.startswith(work.surname):
            text = "———. " + text.split(". ", 1)[-1]
        b.add(text, "REF")
        if junk:
            b.add(("" if r.random() < 0.7 else " ") + junk)
        elif r.random() < 0.05:
            b.add(w.fill(" (pp. {n}-{m})"))
        blocks.append(b)
        if annotated and r.random() < 0.8:
            a = Block("ANNOT", [(" ".join(w.sentence() for _ in range(r.randint(1, 4))), None)])
            if r.random() < 0.3:
                a.pieces = [("(" + a.pieces[0][0] + ")", None)]
            a.indent = "    " if r.random() < 0.5 else ""
            blocks.append(a)
        if r.random() < 0.05 and i < len(works):  # a sub-heading inside the list
            blocks.append(Block("HEAD", [(w.fill(r.choice(("{W}", "{W} and {W}", "Primary sources", "{n}. {W}"))), None)]))
    return blocks


def run_together(w: Writer, works: list[Work], title_first: bool = False) -> list[Block]:
    r = w.rng
    blocks = [Block("HEAD", [(r.choice(HEADINGS).rstrip(":") + r.choice(("", ":")), None)])]
    b = Block("REF")
    sep = r.choice((".; ", "; ", ".; ")) if not title_first else r.choice((". ", ". ", "; "))
    for i, work in enumerate(works):
        if i:
            b.add(sep)
        b.add(_title_first(w, work) if title_first else work.reference.rstrip("."), "REF")
    b.add(".")
    if r.random() < 0.3:  # the heading carries the list
        blocks = [Block("REF", [(blocks[0].pieces[0][0].rstrip(":") + ": ", None)] + b.pieces)]
    else:
        blocks.append(b)
    return blocks


EDITION_KINDS = ("Electronic", "Online", "Digital", "Revised", "Paperback", "Student", "Concise", "Library")
MEDIA = ("DVD", "CD-ROM", "Online", "Microfiche", "E-book", "Web", "Audio CD", "Blu-ray")


def _title_first(w: Writer, work: Work) -> str:
    """A reference-work's source line, title first and the editors after it ("Northern
    Verse, 1600-1900. Ann Poe and Richard Doe, eds. Harbour Press, 1988"); an edition or a
    medium may follow the title (generated kinds, none taken from a document with gold)."""
    r = w.rng
    title = work.title or work.reference.rstrip(".")
    people = w.fill("{Name}") + (" and " + w.fill("{Name}") if r.random() < 0.4 else "")
    role = r.choice((", eds", ", ed", ", ed.", ", trans.", " (ed.)", ""))
    if role.endswith("eds") and " and " not in people:
        role = ", ed"
    house = w.fill(r.choice(("{W} Press", "{W} University Press", "{W} Books", "{W} & {W}", "{W} {W} Press")))
    year = work.year if work.year and work.year[:4].isdigit() else str(r.randint(1900, 2020))
    edition = f" {r.choice(EDITION_KINDS)} {r.choice(('Edition', 'edition', 'Version', 'Release'))}"
    version = f" {r.randint(1, 9)}.{r.randint(0, 9)}" if r.random() < 0.5 else ""
    tail = r.choice(("", "", f" {r.randint(2, 12)}th ed.", f"{edition}{version}.", f" {r.choice(MEDIA)},"))
    parts = [title + "." + tail] + ([f"{people}{role}." ] if r.random() < 0.8 else []) + [f"{house}, {year}"]
    return " ".join(p.replace("..", ".") for p in parts)


# commentary between a possessive and the title ("Name’s still useful survey, Title"): generic
# critics' words, none taken from a document with gold
COMMENT_ADJECTIVES = ("classic", "useful", "recent", "standard", "brief", "older", "influential", "detailed",
                      "short", "pioneering", "two-volume", "still valuable", "masterly", "lucid", "provocative",
                      "rather dated", "excellent", "well-known", "thorough", "readable", "fine", "exhaustive")
COMMENT_KINDS = ("study", "survey", "account", "biography", "history", "introduction", "monograph", "synthesis",
                 "essay", "overview", "edition", "treatment", "narrative", "analysis")


def prose_bibliography(w: Writer, works: list[Work], undated: bool = False) -> list[Block]:
    r = w.rng
    blocks = []
    if r.random() < 0.8:
        blocks.append(Block("HEAD", [(r.choice(HEADINGS), None)]))
    queue = list(works)
    while queue:
        b = Block("BODY")
        for _ in range(r.randint(1, 4)):
            if not queue:
                break
            if r.random() < 0.3:
                b.add(w.sentence() + " ")
            if undated and r.random() < 0.4 and len(queue) >= 3:
                _name_year_chain(w, b, queue)
                continue
            b.add(w.fill(r.choice(LEADINS)) + " ")
            n = min(len(queue), r.choice((1, 1, 2, 3)))
            for k in range(n):
                work = queue.pop(0)
                if k:
                    b.add(r.choice(("; ", "; and ", ", and ")))
                person = work.prose.split(", ", 1)[0] if work.title and work.prose.find(", " + work.title) > 0 else ""
                if undated and person and r.random() < 0.3:
                    # a work named as in an essay, undated: "Jane Roe's The Cloth Towns of
                    # the Fifteenth Century argues that ...", "The Salt Roads by Richard Doe"
                    shape = r.choice(("{p}’s {t}", "{p}'s {t}", "{p}’s {adj} {t}", "{t} by {p}", "{p} in {t}",
                                      "{p}’s {adj} {kind}, {t}", "{p}’s {adj} {kind} {t}"))
                    b.add(shape.format(p=person, t=work.title, adj=r.choice(COMMENT_ADJECTIVES),
                                       kind=r.choice(COMMENT_KINDS)), "REF")
                    b.add(w.fill(r.choice((" {v} that the {w} was a {w}", ", which {v} the {w} of the {w}",
                                           " is still the best account of the {w}", ""))))
                    continue
                text = work.prose if r.random() < 0.8 else work.reference.rstrip(".")
                b.add(text, "REF")
                if r.random() < 0.15:
                    b.add(w.fill(r.choice((", trans. from French ({year})", ", 2nd edn", ", {n} vols"))))
            b.add(r.choice((". ", ". ", "; ", ", which is still the best account. ")))
        blocks.append(b)
    return blocks


CHAIN_LEADINS = (
    "Of the older {w} the chief are those by", "Earlier accounts are those by", "The older literature includes",
    "Of the early descriptions the most important are", "Older works on the {w} are by", "Earlier writers were",
)


def _name_year_chain(w: Writer, b: Block, queue: list[Work]) -> None:
    """Older works named by their authors and years only, in a row ("those by Ann Poe
    (1879), R. T. Doe (1902) ... and J. Roe (1911)"): each "Name (year)" is a reference
    without a title."""
    r = w.rng
    b.add(w.fill(r.choice(CHAIN_LEADINS)) + " ")
    n = min(len(queue), r.randint(3, 9))
    for k in range(n):
        work = queue.pop(0)
        person = work.prose.split(", ", 1)[0] if work.prose.find(", ") > 0 else work.surname
        person = person if person and len(person) < 40 and not any(ch.isdigit() for ch in person) else w.fill("{Name}")
        year = work.year if work.year and work.year.isdigit() else str(r.randint(1450, 1899))
        if k:
            b.add(" and " if k == n - 1 else ", ")
        b.add(f"{person} ({year})", "REF")
    b.add(". ")


def endnotes(w: Writer, works: list[Work], heading: bool = True) -> list[Block]:
    r = w.rng
    blocks = []
    if heading:
        blocks.append(Block("HEAD", [(r.choice(NOTE_HEADINGS), None)]))
    n = r.randint(1, 200)
    used: list[Work] = []
    queue = list(works)
    fmt = r.choice(("{n}. ", "{n} ", "{n}.", "[{n}] ", "^ ", "- ↑ ", "↑ "))
    while queue:
        b = Block("NOTE")
        b.add(fmt.replace("{n}", str(n)))
        n += 1
        choice = r.random()
        if used and choice < 0.15:
            b.add(w.fill(r.choice(("Ibid., {n}.", "Ibid.", "Ibid., pp. {n}-{m}.", "Id. at {n}."))))
        elif used and choice < 0.3 and used[-1].short:
            b.add(w.fill(r.choice(used).short + ", {n}."))
        else:
            if r.random() < 0.3:
                b.add(w.fill(r.choice(("For a different view see ", "See ", "On this point see ", "Cf. ",
                                       "Quoted in ", "The {w} comment is reported in "))))
            work = queue.pop(0)
            used.append(work)
            b.add(work.prose, "REF")
            b.add(w.fill(r.choice((", {n}.", ", pp. {n}-{m}.", ".", ", {n}; ", ". "))))
            if r.random() < 0.3:
                b.add(w.sentence())
        blocks.append(b)
    return blocks


def essay_body(w: Writer, works: list[Work], style: str, paragraphs: int, numbering: str | None) -> list[Block]:
    """Body paragraphs citing ``works`` (by index, for numeric and note styles)."""
    r = w.rng
    blocks = []
    note_no = 1
    for _ in range(paragraphs):
        b = Block("BODY")
        for _ in range(r.randint(2, 6)):
            s = w.sentence()
            if works and r.random() < 0.5:
                i = r.randrange(len(works))
                work = works[i]
                if numbering == "numeric":
                    b.add(s[:-1] + ("" if r.random() < 0.4 else " "))
                    b.add(r.choice((f"[{i + 1}]", f"[{i + 1}, p. {r.randint(1, 99)}]", f"({i + 1})")), "CIT")
                    b.add(". ")
                    continue
                if numbering == "notes":
                    b.add(s if r.random() < 0.6 else s[:-1])
                    b.add(str(note_no), "CIT")
                    note_no += 1
                    b.add(" ")
                    continue
                cites = list(work.cites)
                if work.surname:  # forms students write that no style file produces
                    page = r.randint(1, 400)
                    cites += [f"({work.surname} {page})", f"({page})", f"({work.surname}, {page}:{work.year or 1990})",
                              f"({work.surname}: Chapter {r.randint(1, 20)})", f"({work.surname.lower()})",
                              f"[ ({work.surname}, {work.year or 2001}) ]"]
                if not cites:
                    b.add(s + " ")
                    continue
                c = r.choice(cites) if r.random() < 0.7 else r.choice(cites[-6:])
                if c.startswith("[ ("):  # a wrapper around the citation: only the parenthesis is one
                    b.add(s[:-1] + " [ ")
                    b.add(c[2:-2], "CIT")
                    b.add(" ]. ")
                    continue
                if c and not c.startswith("(") and not c.startswith("["):  # narrative
                    b.add(c, "CIT")
                    b.add(" " + r.choice(VERBS) + " that " + s[0].lower() + s[1:] + " ")
                elif r.random() < 0.1 and work.title:  # MLA title-only
                    b.add(s[:-1] + " ")
                    b.add(f"({' '.join(work.title.split()[:3])} {r.randint(2, 300)})", "CIT")
                    b.add(". ")
                else:
                    b.add(s[:-1] + r.choice((" ", "")))
                    b.add(c, "CIT")
                    b.add(". " if r.random() < 0.9 else ".")
            else:
                b.add(s + " ")
        blocks.append(b)
    return blocks


def make_document(rng: random.Random, w: Writer, dev: list[Work], rendered: dict[str, list[Work]],
                  undated: bool = False) -> Layout:
    kind = rng.choices(
        ("essay", "list", "runtogether", "prose", "notes", "annotated", "negative", "entry"),
        weights=(7, 4, 1, 2, 3, 1, 2, 3),
    )[0]
    style = rng.choice(STYLES)
    pool = rendered.get(style) or []
    if not pool or rng.random() < 0.4:
        pool = dev
    k = rng.randint(1, 12)
    works = rng.sample(pool, min(k, len(pool)))
    blocks: list[Block] = []
    if rng.random() < 0.4:
        blocks += _chrome(w, rng.randint(1, 4))
    if rng.random() < 0.9:
        blocks.append(_title(w))
    blocks += _meta(w)
    if rng.random() < 0.2:
        blocks += _chrome(w, rng.randint(1, 2))
    if kind == "essay":
        numbering = "numeric" if style in ("ieee", "vancouver") else "notes" if style == "chicago-notes" else None
        if numbering is None and rng.random() < 0.1:
            numbering = "notes"
        blocks += essay_body(w, works, style, rng.randint(1, 5), numbering)
        if rng.random() < 0.15:
            blocks += _chrome(w, rng.randint(1, 3))
        if numbering == "notes":
            blocks += endnotes(w, works)
        elif rng.random() < 0.85:
            blocks += reference_list(w, works, heading=rng.random() < 0.9, numbered=numbering == "numeric" or None)
    elif kind == "list":
        if rng.random() < 0.6:
            blocks += essay_body(w, [], style, rng.randint(1, 2), None)
        if rng.random() < 0.2:
            blocks += _chrome(w, 1)
        blocks += reference_list(w, works, heading=rng.random() < 0.8)
    elif kind == "runtogether":
        blocks += essay_body(w, [], style, rng.randint(1, 3), None)
        # (the mention model's documents only: the span model's data stays as it was shipped)
        blocks += run_together(w, works, title_first=undated and rng.random() < 0.5)
    elif kind == "prose":
        blocks += essay_body(w, [], style, rng.randint(0, 2), None)
        blocks += prose_bibliography(w, [x for x in works], undated)
    elif kind == "notes":
        if rng.random() < 0.5:
            blocks += essay_body(w, works, style, rng.randint(1, 3), "notes")
        blocks += endnotes(w, works, heading=rng.random() < 0.7)
    elif kind == "annotated":
        blocks += reference_list(w, works, annotated=True, heading=rng.random() < 0.8)
    elif kind == "negative":
        blocks += essay_body(w, [], style, rng.randint(1, 4), None)
        if rng.random() < 0.5:
            for i in range(1, rng.randint(3, 6)):
                blocks.append(Block("BODY", [(f"{i}. " + w.fill("{W} by {Name} ({year})" if rng.random() < 0.3 else "The {w} of the {w}."), None)]))
    elif kind == "entry":
        blocks += essay_body(w, works if style in AUTHOR_DATE else [], style, rng.randint(1, 3), None)
        if rng.random() < 0.5:
            blocks += run_together(w, works)
        else:
            blocks += reference_list(w, works)
    if rng.random() < 0.4:
        blocks += _chrome(w, rng.randint(1, 4))
    layout = Layout()
    double = rng.random() < 0.15
    for b in blocks:
        if b.zone in ("REF", "NOTE", "ANNOT") and rng.random() < 0.6:
            sep = "\n"
        elif b.zone in ("META", "CHROME", "TITLE") and rng.random() < 0.5:
            sep = "\n"
        else:
            sep = "\n\n"
        if double:
            sep = "\n\n"
        if b.zone in ("REF",) and rng.random() < 0.1:
            b.indent = "  "
        layout.add_block(b, sep)
    if rng.random() < 0.35:  # PDF text
        layout.wrap(rng, rng.randint(55, 100), hyphenate=0.3)
        if rng.random() < 0.5:
            layout.page_chrome(rng, rng.randint(15, 45), w.fill(rng.choice(("THE {W} REVIEW", "{Name}", "{W} and {W}", "Journal of {W}"))).upper())
    return layout


def _names(dev: list[Work], rng: random.Random) -> list[str]:
    from citekit.refparse.lexicons import word_set

    given = sorted(word_set("given_names.txt"))
    surnames = sorted({w.surname for w in dev if w.surname.isalpha() and w.surname[:1].isupper()})
    return [f"{rng.choice(given).title()} {rng.choice(('', 'A. ', 'J. ', 'M. '))}{rng.choice(surnames)}".replace("  ", " ")
            for _ in range(500)]


def make_documents(n: int, seed: int = 12, max_files: int = 40, undated: bool = False):
    """``n`` labelled synthetic documents: (text, zone label per non-blank line, span label per token)."""
    rng = random.Random(seed)
    dev = _dev_works(rng)
    rendered = _rendered_works(rng, max_files)
    w = Writer(rng, _names(dev, rng), _abstract_sentences())
    out = []
    for _ in range(n):
        out.append(make_document(rng, w, dev, rendered, undated).labels())
    return out


if __name__ == "__main__":
    docs = make_documents(int(sys.argv[1]) if len(sys.argv) > 1 else 3, max_files=4)
    for text, zones, _ in docs:
        print("=" * 70)
        lines = [l for l in split_lines(text) if not l.blank]
        for line, z in zip(lines, zones):
            print(f"{z:7} | {line.text[:110]}")
