"""Brace the proper nouns and acronyms of imported titles, so sentence-case styles keep them.

BibTeX's convention: a title is stored in title case and the words whose case must survive
are braced ({Khrushchev}, {Cold War}, {NATO}); a style that wants sentence case lower-cases
the rest.  Free text does not say which capitals are names, so we look for evidence:

- the word's own shape: acronyms and internal capitals (NATO, U.S., iPhone, MacKenzie, U-2);
- the title itself, when written in sentence case: a capital mid-title is a name;
- the prose around it (an essay's body): a word the body capitalises mid-sentence, and
  rarely writes in lower case, is a name; a run capitalised together ("Cold War") is one name;
- the other references of the import: their authors, places, publishers and sentence-case
  titles;
- word lists: nationality/language adjectives, days and months (always capitalised), given
  names and places from ``citekit.refparse.lexicons`` (not the ones that are everyday words).

A title's first word, and the first word after a colon or a sentence end, say nothing by
being capitalised: they are braced only when other evidence says they are names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from citekit.importer.vocabulary import is_dictionary_name, is_unknown
from citekit.importer.wordlists import (
    COMMON_WORDS,
    DAY_WORDS,
    KNOWN_RUNS,
    MONTH_WORDS,
    NATIONALITY_WORDS,
    PLACE_HEADS,
)
from citekit.refparse.lexicons import word_set

#: Title fields that sentence-case styles change.
TITLE_FIELDS = ("title", "booktitle", "subtitle")

#: Words that title case leaves in lower case: their case says nothing.
SMALL_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs v with from into "
    "onto over upon than that".split()
)

_TOKEN = re.compile(r"\S+")
_CORE = re.compile(r"[^\W_](?:[\w.'’&-]*[\w.])?")
_POSSESSIVE = re.compile(r"[’']s$")
_SENTENCE_END = (".", "?", "!", ":", ";", "—", "–")
_OPENERS = "\"“‘'«([¿¡"
_PUBLISHER_WORDS = frozenset(
    "press presses university univ books publishing publishers publisher publications company "
    "inc ltd llc co group house editions academic international library verlag".split()
)


@dataclass
class Word:
    """One word of a title: where its core (no punctuation, no possessive) is."""

    start: int
    end: int
    text: str
    initial: bool  # first word, or first after a colon / sentence end / opening quote

    @property
    def key(self) -> str:
        return self.text.casefold()


def title_words(title: str) -> list[Word]:
    """The words of a title (hyphenated words split), with sentence-initial positions."""
    words: list[Word] = []
    initial = True
    for token in _TOKEN.finditer(title):
        raw = token.group()
        lead = len(raw) - len(raw.lstrip(_OPENERS))
        core = _CORE.search(raw, lead)
        if core is None:
            if raw.rstrip("”’\"')]").endswith(_SENTENCE_END):
                initial = True
            continue
        text = _POSSESSIVE.sub("", core.group())
        start = token.start() + core.start()
        offset = 0
        # "Co-Existence" is two words; "U.S.-Soviet", "U-2" and "COVID-19" are one
        whole = re.fullmatch(r"(?:[A-Z]\.){2,}(?:-\w+)?", text) or any(c.isdigit() for c in text)
        parts = [text] if whole else text.split("-")
        for n, part in enumerate(parts):
            if part:
                words.append(Word(start + offset, start + offset + len(part), part, initial and n == 0))
            offset += len(part) + 1
        initial = raw.rstrip("”’\"')]").endswith(_SENTENCE_END) and not _abbreviation(raw)
    return words


def _abbreviation(raw: str) -> bool:
    """"U.S." or "St." end with a full stop without ending a sentence."""
    core = raw.strip("”’\"')],;")
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z][a-z]{0,2}\.", core))


def is_acronym(word: str) -> bool:
    """NATO, U.S., CPSU, iPhone, MacKenzie, U-2: a capital that is not just the first letter."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    upper = sum(c.isupper() for c in letters)
    if upper >= 2:
        return True
    if upper == 1 and not letters[0].isupper():  # iPhone, eBay
        return True
    return upper == 1 and any(c.isdigit() for c in word)  # U-2, B52


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_sentence_case(title: str) -> bool:
    """A title with a lower-case content word is not in title case: its capitals mean names.

    All-capital titles and titles without a lower-case content word are not taken.
    """
    words = title_words(title)
    lower_content = [w for w in words if w.text[:1].islower() and w.key not in SMALL_WORDS
                     and len(w.text) > 2 and not is_acronym(w.text)]
    if not lower_content:
        return False
    capital_inside = [w for w in words if not w.initial and is_capitalised(w.text) and not is_acronym(w.text)]
    return 2 * len(lower_content) >= len(capital_inside)


@dataclass
class CaseEvidence:
    """What the texts of one import say about which words are names."""

    capital: Counter = field(default_factory=Counter)  # mid-sentence capitalised uses
    alone: Counter = field(default_factory=Counter)  # ... not next to another capitalised word
    lower: Counter = field(default_factory=Counter)  # lower-case uses
    runs: Counter = field(default_factory=Counter)  # capitalised runs ("cold", "war")
    lower_runs: Counter = field(default_factory=Counter)  # the same words in lower case
    use_lexicons: bool = True
    use_dictionary: bool = True  # names the dictionary knows ("Paris")
    use_unknown: bool = True  # words no dictionary knows ("Khrushchev")

    # --- gathering ---------------------------------------------------------------------

    def add_prose(self, text: str) -> None:
        """Running text (an essay's body): capitals mid-sentence are names.

        Lines that are not prose (headings, menus, title-case reference items: few
        lower-case words) are skipped, and a hard-wrapped sentence continues over lines.
        """
        continuing = False
        for line in text.splitlines():
            words = title_words(line)
            lowers = sum(1 for w in words if w.text[:1].islower())
            if len(words) < 4 or lowers < 0.4 * len(words):
                continuing = False
                continue
            if continuing and words:
                words[0].initial = False
            self._add_words(line, words)
            continuing = not line.rstrip().rstrip("”’\"')]").endswith(_SENTENCE_END)

    def add_sentence_case_title(self, title: str) -> None:
        if "{" in title or not is_sentence_case(title):
            return
        self._add_words(title, title_words(title))

    def add_names(self, value: str) -> None:
        """An author/editor list, a place or a publisher: its capitalised words are names.

        Each part ("Taubman", "William", "New York", "Harcourt Brace") is one name: a word
        alone is a name by itself, a run of words only together ("New" is not a name).
        """
        for part in re.split(r"[,;:/&()]| and ", value):
            words = [w for w in title_words(part) if is_capitalised(w.text) and len(w.text) > 1
                     and not is_acronym(w.text) and w.key not in SMALL_WORDS]
            if any(w.key in _PUBLISHER_WORDS for w in words):
                continue  # "Cambridge University Press": an institution, not evidence
            for word in words:
                self.capital[word.key] += 1
            if len(words) == 1:
                self.alone[words[0].key] += 1
            else:
                self._add_run(words, self.runs)

    def add_entry_fields(self, fields: dict[str, str]) -> None:
        for name in ("author", "editor", "translator", "address", "location", "publisher"):
            if fields.get(name):
                self.add_names(fields[name])
        for name in TITLE_FIELDS:
            if fields.get(name):
                self.add_sentence_case_title(fields[name])

    def _add_words(self, text: str, words: list[Word]) -> None:
        run: list[Word] = []
        lower_run: list[Word] = []
        for word in words:
            capital = is_capitalised(word.text) and word.key not in SMALL_WORDS and not is_acronym(word.text)
            if capital and not word.initial:
                self.capital[word.key] += 1
            elif word.text[:1].islower():
                self.lower[word.key] += 1
            if capital and run and text[run[-1].end:word.start] == " ":
                run.append(word)
            else:
                self._add_run(run, self.runs)
                run = [word] if capital else []
            if word.text[:1].islower() and lower_run and text[lower_run[-1].end:word.start] == " ":
                lower_run.append(word)
            else:
                self._add_run(lower_run, self.lower_runs)
                lower_run = [word] if word.text[:1].islower() else []
        self._add_run(run, self.runs)
        self._add_run(lower_run, self.lower_runs)

    def _add_run(self, run: list[Word], counter: Counter) -> None:
        """Every stretch of 2-4 words of a run, counted; a capitalised word on its own too."""
        keys = [w.key for w in run]
        if len(run) == 1 and counter is self.runs and not run[0].initial:
            self.alone[keys[0]] += 1
        for length in (2, 3, 4):
            for i in range(len(keys) - length + 1):
                counter[tuple(keys[i:i + length])] += 1

    # --- judging -----------------------------------------------------------------------

    def seen_as_run(self, keys: tuple[str, ...]) -> bool:
        """The texts write these words capitalised together more often than in lower case
        ("Cold War" yes; "Peaceful Coexistence" not, if most texts say "peaceful coexistence")."""
        return self.runs[keys] > 0 and self.runs[keys] > self.lower_runs[keys]

    def seen_as_name(self, key: str) -> bool:
        """The texts capitalise the word on its own mid-sentence more often than they write
        it in lower case ("War" only in "Cold War" is no name by itself)."""
        return self.alone[key] > 0 and self.alone[key] > self.lower[key]

    def always_capital(self, key: str) -> bool:
        """Nationalities, languages, days, months: capitalised wherever they stand."""
        return key in NATIONALITY_WORDS or key in DAY_WORDS or key in MONTH_WORDS

    def lexicon_name(self, key: str) -> bool:
        """A given name or a place from the parser's lexicons that is not an everyday word
        (and that these texts never write in lower case)."""
        if not self.use_lexicons or key in COMMON_WORDS or self.lower[key] or len(key) < 3:
            return False
        if key in word_set("given_names.txt") or key in _places():
            return True
        if self.use_dictionary and is_dictionary_name(key):
            return True
        return self.use_unknown and len(key) > 3 and is_unknown(key)


def _places() -> frozenset[str]:
    return word_set("places.txt")


def protect_title(title: str, evidence: CaseEvidence | None = None) -> str:
    """The title with its names and acronyms braced ("{Cold War}", "{NATO}").

    A title that already has braces is left alone (someone decided), and so is one in
    capitals throughout (its capitals say nothing).
    """
    if not title or "{" in title or "}" in title:
        return title
    evidence = evidence or CaseEvidence()
    words = title_words(title)
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters) and len(words) > 2:
        return title
    sentence_case = is_sentence_case(title)
    protect = [_is_name(w, words, i, evidence, sentence_case) for i, w in enumerate(words)]
    _extend_runs(words, protect, evidence, title)
    return _brace(title, words, protect)


def _is_name(word: Word, words: list[Word], index: int, evidence: CaseEvidence, sentence_case: bool) -> bool:
    if not any(c.isalpha() for c in word.text):
        return False
    if is_acronym(word.text):
        return True
    if not is_capitalised(word.text) or len(word.text) < 2:
        return False
    key = word.key
    if evidence.always_capital(key) or evidence.seen_as_name(key):
        return True
    if word.initial:
        return False
    if sentence_case:
        return True
    if key in SMALL_WORDS:
        return False
    return evidence.lexicon_name(key)


def _extend_runs(words: list[Word], protect: list[bool], evidence: CaseEvidence, title: str) -> None:
    """Brace whole known names: a run the texts capitalise together ("Cold War"), a known
    name of several words ("United States"), a place word before a name ("Lake Baikal")."""
    for i in range(len(words) - 1):
        first, second = words[i], words[i + 1]
        if first.key in PLACE_HEADS and protect[i + 1] and not is_acronym(second.text) \
                and is_capitalised(first.text) and title[first.end:second.start] == " ":
            protect[i] = True
    for length in (4, 3, 2):
        for i in range(len(words) - length + 1):
            span = words[i:i + length]
            keys = tuple(w.key for w in span)
            if (evidence.seen_as_run(keys) or keys in KNOWN_RUNS) and all(is_capitalised(w.text) for w in span) \
                    and all(title[a.end:b.start] == " " for a, b in zip(span, span[1:])):
                for j in range(i, i + length):
                    protect[j] = True


def _brace(title: str, words: list[Word], protect: list[bool]) -> str:
    """Wrap each run of protected words that only spaces separate in one brace group."""
    groups: list[tuple[int, int]] = []
    for word, keep in zip(words, protect):
        if not keep:
            continue
        # the possessive goes inside: "{Khrushchev’s}" (a title-casing style must not see
        # "’s" as a word of its own and write "’S")
        tail = re.match(r"[’']s\b", title[word.end:])
        word = Word(word.start, word.end + (tail.end() if tail else 0), word.text, word.initial)
        if groups and title[groups[-1][1]:word.start] == " ":
            groups[-1] = (groups[-1][0], word.end)
        else:
            groups.append((word.start, word.end))
    out = []
    last = 0
    for start, end in groups:
        out.append(title[last:start])
        out.append("{" + title[start:end] + "}")
        last = end
    out.append(title[last:])
    return "".join(out)


def protected_words(value: str) -> list[str]:
    """The words inside braces of a protected title (for tests and the evaluation)."""
    return [w for group in re.findall(r"\{([^{}]*)\}", value) for w in group.split()]


def protect_entries(fields_list: Iterable[dict[str, str]], evidence: CaseEvidence) -> None:
    """Brace the titles of many entries in place, with the evidence of the whole import."""
    for fields in fields_list:
        for name in TITLE_FIELDS:
            if fields.get(name):
                fields[name] = protect_title(fields[name], evidence)
