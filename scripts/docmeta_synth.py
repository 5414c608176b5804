#!/usr/bin/env python3
"""Synthetic document headers with their true title, for the document-title ranker.

Each document is a header of one of the kinds users' documents have, then body prose that
talks about the title's subject: a plain title; site chrome (menus, site names, word counts)
before it or glued to it on one line; a blog's date line and boilerplate first; a student's
cover page (university, place, "Submitted by", student number, course, date, the title
repeated on page 1); an MLA heading run into one line; a wrong site title and an
advertisement before the real one; a handout's introduction then a centred title; a journal
header line (``Review of X, Vol. XXXV, Spring 2001, No. 1, 47-58.``); a PDF title page
(title, authors, affiliation, abstract); an encyclopedia's name, edition and editors over the
headword (or no headword at all); a dictionary headword; a journal section under its
copyright line; a working paper's title page under forum junk; notes back matter; and pages
with no title (an essay that opens with "Introduction", a Q&A answer, prose cut mid-page).

Titles come from ``../shared/refparse/dev.jsonl`` (real works' titles), names and prose from
``docreader_synth`` (the abstracts of ``../shared/corpora``). The label is exact: the generator
knows the title it placed. Usage: ``docmeta_synth.py [N]`` prints N examples.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from docreader_synth import CHROME, Writer, _abstract_sentences, _dev_works, _names  # noqa: E402

SITES = ("StudyMode", "The History Blog", "Essay Hub", "Bartleby", "Free Essays Online", "DocPlayer",
         "Academia", "Scribd", "Medium", "The Philosophy Faculty", "Notes on History", "Wikipedia",
         "Britannica", "HistoryNet", "ThoughtCo", "Course Hero", "PaperZZ", "SlideShare", "eNotes")
MENUS = ("Home | About | Contact", "Home Essays Topics Log in Sign up", "Menu", "Search", "Skip to main content",
         "Browse Essays", "Log in | Register", "Upload Documents", "Categories", "Subscribe to the blog",
         "Powered by FeedBurner", "Share this", "Advertisement", "advertisement", "Total Page:{n}",
         "File Type:pdf, Size:{n}Kb", "You are on page 1of {n}", "Open Document", "Better Essays",
         "{n} Words {m} Pages", "Good Essays", "Sign in", "Follow", "Print")
INSTITUTIONS = ("UNIVERSITY OF {W}", "{W} STATE UNIVERSITY", "AMERICAN {W} UNIVERSITY SYSTEM", "{W} COLLEGE",
                "University of {W}", "{W} Institute of Technology", "DEPARTMENT OF HISTORY", "{W} FOUNDATION")
PLACES = ("Charlestown, West Virginia", "Boston, Massachusetts", "Leeds", "Oxford", "Toronto, Ontario",
          "Melbourne", "Austin, Texas")
CONTAINERS = ("Encyclopedia of {W} and {W}", "The {W} Encyclopedia", "Dictionary of {W} Biography",
              "Handbook of {W} Studies", "The Oxford Companion to {W}", "Encyclopedia of {W}")
JOURNALS = ("Review of {W}", "Journal of {W} History", "The {W} Quarterly", "{W} Studies", "Bulletin of {W}")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SECTIONS = ("Introduction", "Abstract", "Background", "Overview", "Summary")


def _date(r: random.Random) -> str:
    y, m, d = r.randint(1995, 2022), r.choice(MONTHS), r.randint(1, 28)
    return r.choice((f"{m} {d}, {y}", f"{d} {m} {y}", f"{r.choice(DAYS)}, {d} {m} {y}", f"{m} {y}",
                     f"Posted on {m} {d}, {y}", f"{r.choice(DAYS)}, {m} {d}, {y}"))


def _roman(r: random.Random) -> str:
    return r.choice(("XXXV", "XII", "IV", "XLI", "VIII", "XXI", "III", "LX"))


class Maker:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        dev = _dev_works(self.r)
        self.references = [w.reference for w in dev if 40 <= len(w.reference) <= 250]
        self.titles = sorted({t for t in (w.title.strip(" ”’“‘\"'") for w in dev)
                              if 8 <= len(t) <= 140 and not t.isupper() and 2 <= len(t.split()) <= 18
                              and not re.search(r"\.\S|;|\d{3}|,\s*[A-Z]\.", t)})
        self.w = Writer(self.r, _names(dev, self.r), _abstract_sentences())

    def title(self) -> str:
        r = self.r
        t = r.choice(self.titles)
        if r.random() < 0.07:
            t = t.upper()
        elif r.random() < 0.3:
            t = " ".join(w if w.lower() in ("of", "and", "the", "in", "a", "on", "to") else w[:1].upper() + w[1:]
                         for w in t.split())
        return t

    def fill(self, template: str) -> str:
        return self.w.fill(template)

    def body(self, title: str, paragraphs: int | None = None, sep: str = "\n\n") -> str:
        """Prose that mentions the title's words now and then (as a real body does)."""
        r = self.r
        words = [w for w in re.findall(r"[A-Za-z][\w'’\-]+", title) if len(w) > 3]
        out = []
        for _ in range(paragraphs or r.randint(1, 4)):
            sents = []
            for _ in range(r.randint(2, 5)):
                s = self.w.sentence()
                if words and r.random() < 0.2:
                    s = f"{s[:-1]} and {r.choice(words).lower()}{s[-1]}" if r.random() < 0.5 else \
                        f"The {r.choice(words).lower()} {r.choice(('matters', 'is the subject here', 'was central'))}. {s}"
                sents.append(s)
            out.append(" ".join(sents))
        if r.random() < 0.3:  # a hard-wrapped PDF body
            text = sep.join(out)
            wrapped, col = [], 0
            line: list[str] = []
            for word in text.split(" "):
                line.append(word)
                col += len(word) + 1
                if col > r.randint(70, 95):
                    wrapped.append(" ".join(line))
                    line, col = [], 0
            wrapped.append(" ".join(line))
            return r.choice(("\n", "\n\n")).join(wrapped)
        return sep.join(out)

    def chrome(self, k: int) -> list[str]:
        r = self.r
        return [self.fill(r.choice(MENUS + CHROME)) for _ in range(k)]

    def name(self) -> str:
        return self.w.name()

    # --- the kinds ---------------------------------------------------------------------

    def make(self) -> tuple[str, str | None]:
        r = self.r
        kinds = [
            (self.plain, 3), (self.site_chrome, 3), (self.run_on, 2), (self.blog, 2), (self.cover_page, 2),
            (self.mla_run_on, 1.5), (self.wrong_site_title, 1.5), (self.handout, 1.5), (self.journal_header, 1.5),
            (self.pdf_title_page, 2), (self.encyclopedia, 2), (self.headword, 1.5), (self.journal_section, 1),
            (self.working_paper, 1), (self.notes_matter, 1.5), (self.untitled, 5), (self.title_site_suffix, 1.5),
            (self.mla_heading, 1), (self.wiki, 1.5), (self.tiny, 3), (self.essay_question, 3), (self.medium, 1.5),
            (self.question_page, 1.5),
        ]
        fn = r.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        text, title = fn()
        return text, title

    def plain(self):
        t = self.title()
        parts = [t]
        if self.r.random() < 0.15:
            parts.append("“" + self.w.sentence()[:-1] + "”—thus " + self.w.sentence())
        if self.r.random() < 0.5:
            parts.append(self.r.choice(("By {Name}", "by {Name}", "{Name}", "Written by {Name}", "Author: {Name}")))
        if self.r.random() < 0.4:
            parts.append(_date(self.r))
        head = self.r.choice(("\n", "\n\n")).join(self.fill(p) if "{" in p else p for p in parts)
        return f"{head}\n\n{self.body(t)}\n", t

    def tiny(self):
        """A short page: a title, perhaps a by-line or a date, a sentence or two."""
        r = self.r
        t = self.title()
        parts = []
        if r.random() < 0.3:
            parts.append(_date(r).replace("Posted on ", ""))
        if r.random() < 0.2:
            parts.append(r.choice(("I have a paper for my {w} class coming due, so I'm trying to", "<<", "Advertisement")))
        parts.append(t)
        if r.random() < 0.5:
            parts.append(r.choice(("by {Name}", "by {Name}, Staff Writer", "By {Name} and {Name}", "{Name}")))
        sep = r.choice(("\n", "\n\n"))
        body = " ".join(self.w.sentence() for _ in range(r.randint(1, 2)))
        return sep.join(self.fill(p) for p in parts) + "\n\n" + body + "\n", t

    def essay_question(self):
        """A student essay's question as its title, hard-wrapped, a signature, wrapped prose."""
        r = self.r
        t = self.fill(r.choice((
            "To What Extent Was the {W} of {W} a Reflection of Changing {W} in the {W} Leadership",
            "In the years {year}-{year2}, {W} was genuinely committed to {w} {w}.’ Assess the validity of this view",
            "How far do you agree that the {W} {W} was the main cause of the {W} {W}?",
            "What was the importance of {W}’s {w} {w}?",
            "Assess the view that the {w} of {W} was {w} in the period {year}-{year2}",
            "Why did the {W} {W} fail to prevent the {W} of {year}?")))
        lines = [t]
        if len(t) > 70 and r.random() < 0.6:
            cut = r.randint(55, 70)
            cut = t.rfind(" ", 0, cut)
            lines = [t[:cut], t[cut + 1:]]
        if r.random() < 0.6:
            lines.append(r.choice(("E. Mc.", self.name(), f"{self.name()[0]}. {self.name().split()[-1]}")))
        text = "\n".join(lines) + r.choice(("\n", "\n\n"))
        body = self.body(t, r.randint(2, 4), sep="\n")
        out, col, line = [], 0, []
        for word in body.replace("\n", " ").split(" "):
            line.append(word)
            col += len(word) + 1
            if col > 85:
                out.append(" ".join(line))
                line, col = [], 0
        out.append(" ".join(line))
        return text + "\n".join(out) + "\n", t

    def question_page(self):
        """A Q&A site's page: its strapline, the question as the title, counters, the answers."""
        r = self.r
        site = r.choice(("History Stack Exchange", "Philosophy Stack Exchange", "Literature Stack Exchange", "Quora"))
        q = self.fill(r.choice(("Why did {W} adopt the {w} of {W}?", "How did the {W} {W} change {w}?",
                                "What was the role of {W} in the {W} {W}?", "Was {W} really a {w}?")))
        lines = r.sample(["Skip to main content", "Ask a Question", "Log in", "Sign up"], r.randint(1, 3))
        lines += [f"{site} is a question and answer site for {self.fill('{w}s and {w} buffs')}.", q,
                  f"Asked {r.randint(2, 9)} years, {r.randint(1, 11)} months ago", "Modified 3 years ago",
                  f"Viewed {r.randint(1, 9)}k times", str(r.randint(1, 40)), self.w.sentence(), "Share", "Follow",
                  f"asked Jan {r.randint(1, 28)}, {r.randint(2010, 2022)} at 10:12", f"{r.randint(1, 5)} Answers",
                  "Sorted by:", str(r.randint(1, 40))]
        return "\n".join(lines) + "\n" + self.body(q, sep="\n") + "\n", q

    def medium(self):
        r = self.r
        t = self.title()
        sub = self.w.sentence()[:-1][:70]
        lines = [t, sub, self.name(), "Follow", self.fill("{n} min read · Mar {n}, {year}"), ""]
        return "\n".join(lines) + "\n" + self.body(t) + "\n", t

    def site_chrome(self):
        r = self.r
        t = self.title()
        top = [r.choice(SITES)] + self.chrome(r.randint(1, 4))
        r.shuffle(top)
        after = self.chrome(r.randint(0, 2))
        if r.random() < 0.4:
            after.insert(0, self.fill("By {Name}"))
        return "\n".join(top) + "\n\n" + t + "\n" + "\n".join(after) + "\n\n" + self.body(t) + "\n", t

    def run_on(self):
        r = self.r
        t = self.title()
        site = r.choice(SITES)
        sep = r.choice((" | ", " - ", " :: ", " — "))
        menu = r.choice(("Home Essays", "Menu Search", "Free Essays", "Topics", "Essays Login"))
        head = r.choice((f"{site}{sep}{menu}{sep}{t}", f"{site}{sep}{t}", f"{menu} {site}{sep}{t}"))
        if r.random() < 0.5:  # the body runs on in the same line
            return f"{head} {self.body(t, 1)}\n\n{self.body(t)}\n", t
        return f"{head}\n{self.body(t)}\n", t

    def title_site_suffix(self):
        r = self.r
        t = self.title()
        head = f"{t}{r.choice((' - ', ' | ', ' – '))}{r.choice(SITES)}"
        return f"{head}\n\n{self.body(t)}\n", t

    def blog(self):
        r = self.r
        t = self.title()
        site = r.choice(SITES)
        lines = [f"Welcome to {site}. " + self.w.sentence() + " " + self.w.sentence()]
        lines += self.chrome(r.randint(1, 3))
        date = _date(r).replace("Posted on ", "")
        parts = "\n\n".join(lines) + f"\n\n{date}\n\n{t}\n\n"
        if r.random() < 0.3:
            parts += self.fill("Posted by {Name}") + "\n\n"
        return parts + self.body(t) + "\n", t

    def cover_page(self):
        r = self.r
        t = self.title()
        lines = []
        if r.random() < 0.5:
            lines.append(self.fill("You are on page 1of {n}"))
        if r.random() < 0.5:
            lines.append("1")
        lines.append(self.fill(r.choice(INSTITUTIONS)))
        if r.random() < 0.6:
            lines.append(r.choice(PLACES))
        lines.append(t)
        lines += [r.choice(("Submitted by", "By", "A paper by", "Prepared by")), self.name()]
        if r.random() < 0.6:
            lines.append(str(r.randint(100000, 9999999)))
        lines.append(self.fill(r.choice(("HIST{n}0 A00{m} Sum {n}", "History {n}0{m}", "PHIL {n}1{m}", "Course: {W} {n}"))))
        if r.random() < 0.6:
            lines.append(self.fill("Submitted to the Department of {W}"))
        if r.random() < 0.5:
            lines.append(self.fill("Professor {Name}"))
        lines.append(_date(r).replace("Posted on ", ""))
        sep = r.choice(("\n\n", "\n"))
        text = sep.join(lines) + "\n\n\n" + ("1\n\n" if r.random() < 0.5 else "") + t + "\n\n" + self.body(t, sep=sep) + "\n"
        return text, t

    def mla_run_on(self):
        r = self.r
        t = self.title()
        second = self.title() if r.random() < 0.3 else t
        head = f"{t} {self.name()} {self.fill(r.choice(('Art Appreciation ART {n}0', 'History {n}0{m}', 'English {n}')))} " \
               f"{self.name()} {_date(r).replace('Posted on ', '')} {second} "
        return head + self.body(t, 1) + "\n" + self.body(t) + "\n", t

    def mla_heading(self):
        r = self.r
        t = self.title()
        lines = [self.name(), self.fill("Professor {Name}"), self.fill("History {n}0{m}"), _date(r).replace("Posted on ", ""), t]
        return "\n".join(lines) + "\n" + self.body(t, sep="\n") + "\n", t

    def wrong_site_title(self):
        r = self.r
        t = self.title()
        junk = self.fill(r.choice(("I have a paper for my {W} class coming due, so I`m trying to",
                                   "Can someone help me with my {w} homework on the",
                                   "{W} {W} essay help needed for",
                                   "Looking for notes on the {w} of")))
        lines = [junk, "", r.choice(("advertisement", "Advertisement", "Download", "Report this document")), t]
        if r.random() < 0.7:
            lines.append(self.fill("{Name} (" + "{w}@{w}.com)") if r.random() < 0.5 else self.name())
        if r.random() < 0.6:
            lines.append(self.fill("{W} (Phil {n}0{m}, {W})"))
        if r.random() < 0.7:
            lines.append(_date(r).replace("Posted on ", ""))
        lines.append(r.choice(("The Purpose of the {W}", "Introduction", "I. {W}")).replace("{W}", r.choice(("Deduction", "Argument", "Problem"))))
        return "\n".join(lines) + "\n" + self.body(t, sep="\n") + "\n", t

    def handout(self):
        r = self.r
        t = self.title()
        intro = self.body(t, 1)
        items = "\n".join(f"       {i}) {self.w.sentence()[:60]}" for i in range(1, r.randint(2, 4)))
        credit = self.fill("(adapted from a list by {Name} and {Name})") if r.random() < 0.5 else ""
        text = f"{intro}\n\n{items}\n\n{' ' * r.randint(8, 20)}{t}\n"
        if credit:
            text += f"{' ' * r.randint(6, 12)}{credit}\n"
        if r.random() < 0.6:
            text += f"\n{' ' * r.randint(0, 20)}{r.choice(('Annotated Bibliography', 'Works Cited', 'Bibliography', 'References'))}\n\n"
            for _ in range(r.randint(1, 3)):
                text += f"{r.choice(self.references)}\n    {self.w.sentence()}\n\n"
            return text, t
        return text + "\n" + self.body(t) + "\n", t

    def journal_header(self):
        r = self.r
        t = self.title()
        journal = self.fill(r.choice(JOURNALS))
        season = r.choice(("Spring", "Fall", "Summer", "Winter", "June", "March"))
        head = f"{journal}, Vol. {_roman(r)}, {season} {r.randint(1950, 2020)}, No. {r.randint(1, 4)}, {r.randint(1, 300)}-{r.randint(301, 400)}."
        lines = [head, "", t, "", self.name(), ""]
        if r.random() < 0.5:
            lines += [self.fill("University of {W}"), ""]
        return "\n".join(lines) + self.body(t) + "\n", t

    def pdf_title_page(self):
        r = self.r
        t = self.title()
        words = t.split()
        if len(t) > 50 and r.random() < 0.6:
            cut = len(words) // 2
            tl = [" ".join(words[:cut]), " ".join(words[cut:])]
        else:
            tl = [t]
        authors = self.name() if r.random() < 0.5 else f"{self.name()}, {self.name()} and {self.name()}"
        lines = tl + ["", authors, self.fill(r.choice(("University of {W}", "{W} College, {W}", "Department of {W}, University of {W}")))]
        if r.random() < 0.5:
            lines.append(self.fill("{w}@{w}.edu"))
        lines += ["", r.choice(("Abstract", "ABSTRACT", "Abstract:")), self.body(t, 1)]
        if r.random() < 0.4:
            lines += ["", r.choice(("Keywords: {w}, {w}, {w}", "1 Introduction", "Introduction"))]
        return self.fill("\n".join(lines)) + "\n\n" + self.body(t) + "\n", " ".join(tl)

    def encyclopedia(self):
        r = self.r
        t = self.title() if r.random() < 0.4 else self.fill(r.choice(("{W}", "{W}", "{W} {W}", "{W} of {W}")))
        head = self.fill(r.choice(CONTAINERS))
        lines = [head, "", r.choice(("Living Edition", f"{r.randint(2005, 2022)} Edition")), self.fill("| Editors: {Name}"), ""]
        titled = r.random() < 0.7
        if titled:
            lines += [t, ""]
        else:
            lines += [self.fill("  • {Name}Email author")]
        if r.random() < 0.4:
            lines += ["Keywords", self.fill("{W} {W} {W} {W}"), ""]
        lines += [r.choice(("Living reference work entry", "Reference work entry")),
                  self.fill("DOI: https://doi.org/10.1007/978-3-642-{n}{m}-{n}_{n}{m}-{n}"), ""]
        return "\n".join(lines) + self.body(t) + "\n", t if titled else None

    def headword(self):
        r = self.r
        name = self.name().split()
        t = f"{name[-1]}, {' '.join(name[:-1])}" if r.random() < 0.6 else self.title()
        dates = f"({r.randint(1500, 1800)}-{r.randint(1801, 1900)})"
        form = r.random()
        body = self.body(t)
        if form < 0.2:
            t = self.fill("{W}").upper() if r.random() < 0.5 else t.upper()
            text = f"{t}{r.choice((' v.—a. General.—', '. ', ', ', ' (', ' I. '))}{body}\n"
        elif form < 0.4:
            text = f"- {t}\n- {dates}{body}\n"
        elif form < 0.7:
            text = f"{t}\n{dates} {body}\n"
        else:
            text = f"{t} {dates} {body}\n"
        if r.random() < 0.4:
            text += f"\n{self.fill(r.choice(CONTAINERS))}. {self.name()}. {r.randint(1990, 2020)}.\n"
        return text, t

    def journal_section(self):
        r = self.r
        section = r.choice(("BOOK REVIEWS", "REVIEW ESSAYS", "NOTES AND DOCUMENTS", "Book Reviews"))
        lines = [self.fill("You are on page 1of {n}"), "", f"{r.randint(1990, 2020)} {self.fill('{W} {W} {W}')}", "",
                 section, self.fill("EDITORIAL OFFICE: {W} Hall, {W} University;"),
                 self.fill("{W}, OH {n}0{m}. Telephone: 740-{n}{m}-3642."), "", "EDITOR", self.name(),
                 self.fill("{W} University"), ""]
        if r.random() < 0.5:
            lines = lines[2:]
        return "\n".join(lines) + self.body(section) + "\n", section

    def working_paper(self):
        r = self.r
        t = self.title()
        authors = f"{self.name()}, {self.name()} and {self.name()}"
        lines = []
        if r.random() < 0.5:
            lines += ["北大未名BBS - 北京大学校园论坛,北大人的网上精神家园", "", "", f"{t} ({authors})尚未出版,但的确是很好的文章", "", "1", ""]
        lines += [self.fill(r.choice(INSTITUTIONS)), "", f"Working Paper # {r.randint(1, 400)}", "", t, "", authors, "",
                  f"Date: {_date(r).replace('Posted on ', '')}", ""]
        return "\n".join(lines) + self.body(t) + "\n", t

    def notes_matter(self):
        r = self.r
        heading = r.choice(("Notes", "NOTES", "Endnotes", "Notes and References"))
        notes = " ".join(f"{i}. {self.w.sentence()}" for i in range(1, r.randint(3, 6)))
        form = r.random()
        if form < 0.35:
            text = f"In lieu of an abstract, here is a brief excerpt of the content:\n\n{r.randint(100, 400)} {heading} Introduction {notes}\n"
        elif form < 0.7:
            text = f"{r.choice(('<<', '>>', ''))}\n\n{heading}\n\n{r.choice(('Introduction', 'Chapter 1', ''))}\n\n{notes}\n"
        else:
            text = f"{heading}\n{notes}\n"
        return text, heading

    def untitled(self):
        r = self.r
        t = self.title()
        form = r.random()
        if form < 0.3:
            later = f"\n{self.title()}\n" if r.random() < 0.5 else "\n"
            return f"{r.choice(SECTIONS)}\n{self.body(t, sep=chr(10))}{later}{self.body(t, sep=chr(10))}\n", None
        if form < 0.55:
            return f"Hi {self.fill('{w}')}-ga\n{self.body(t, sep=chr(10))}\n", None
        if form < 0.75:
            later = f"\n\n{self.title()}\n\n" if r.random() < 0.4 else "\n\n"
            return f"\n\n{self.body(t)}{later}{self.body(t)}\n", None
        if form < 0.85:
            return f"{self.fill('{n}.{m}.18{n}')} à {self.fill('{W}')}, {self.body(t)}\n", None
        return f"{self.w.sentence().lower()} {self.body(t)}\n", None

    def wiki(self):
        r = self.r
        t = self.title()
        lines = [t, self.fill("For the {w} {W}, see {W}."), f"{t} | |", "---|---|---|", self.fill("Born | {year} |")]
        if r.random() < 0.5:
            lines = [t, self.fill("From Wikipedia, the free encyclopedia")] + lines[1:]
        return "\n".join(lines) + "\n" + self.body(t, sep="\n") + "\n", t


def make_headers(n: int, seed: int = 7) -> list[tuple[str, str | None]]:
    """``n`` (text, title or None) synthetic documents."""
    m = Maker(seed)
    return [m.make() for _ in range(n)]


if __name__ == "__main__":
    for text, title in make_headers(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        print("=" * 70, "\nTITLE:", title)
        print(text[:600])
