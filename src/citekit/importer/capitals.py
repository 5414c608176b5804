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
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

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


class Word(NamedTuple):
    """One word of a title: where its core (no punctuation, no possessive) is.

    Immutable, so the words of a title are worked out once and shared by every caller
    (a title is looked at four times per import: evidence, sentence case, protection).
    """

    start: int
    end: int
    text: str
    initial: bool  # first word, or first after a colon / sentence end / opening quote
    key: str  # ``text.casefold()``, the form the evidence counts


_new = tuple.__new__
_WHOLE = re.compile(r"(?:[A-Z]\.){2,}(?:-\w+)?")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][a-z]{0,2}\.")
_CLOSERS = "”’\"')]"


@lru_cache(maxsize=65536)
def _token_parts(raw: str) -> tuple[tuple[tuple[int, str, str], ...] | None, bool]:
    """One whitespace token of a title: its word parts (offset in the token, text, key), or None
    when it has no word; and whether it ends a sentence (the next word is initial)."""
    ends = raw.rstrip(_CLOSERS).endswith(_SENTENCE_END)
    lead = len(raw) - len(raw.lstrip(_OPENERS))
    core = _CORE.search(raw, lead)
    if core is None:
        return None, ends
    text = _POSSESSIVE.sub("", core.group())
    start = core.start()
    # "Co-Existence" is two words; "U.S.-Soviet", "U-2" and "COVID-19" are one
    whole = _WHOLE.fullmatch(text) or (not text.isalpha() and any(map(str.isdigit, text)))
    parts = [text] if whole else text.split("-")
    out = []
    offset = 0
    for part in parts:
        if part:
            out.append((start + offset, part, part.casefold()))
        offset += len(part) + 1
    return tuple(out), ends and not _abbreviation(raw)


def _words_of(title: str) -> tuple[Word, ...]:
    words: list[Word] = []
    initial = True
    for token in _TOKEN.finditer(title):
        parts, ends = _token_parts(token.group())
        if parts is None:
            if ends:
                initial = True
            continue
        base = token.start()
        for n, (offset, part, key) in enumerate(parts):
            # tuple.__new__ skips the NamedTuple's Python-level __new__ (a title has many words)
            words.append(_new(Word, (base + offset, base + offset + len(part), part, initial and n == 0, key)))
        initial = ends
    return tuple(words)


#: A title is looked at up to four times, a few thousand calls apart (evidence, sentence
#: case, protection): the cache holds every title of a large import.
_title_words = lru_cache(maxsize=1 << 17)(_words_of)


def title_words(title: str) -> list[Word]:
    """The words of a title (hyphenated words split), with sentence-initial positions."""
    return list(_title_words(title))


def _abbreviation(raw: str) -> bool:
    """"U.S." or "St." end with a full stop without ending a sentence."""
    core = raw.strip("”’\"')],;")
    return bool(_ABBREVIATION.fullmatch(core))


@lru_cache(maxsize=65536)
def is_acronym(word: str) -> bool:
    """NATO, U.S., CPSU, iPhone, MacKenzie, U-2: a capital that is not just the first letter."""
    letters = word if word.isalpha() else "".join(filter(str.isalpha, word))
    if not letters:
        return False
    upper = sum(map(str.isupper, letters))
    if upper >= 2:
        return True
    if upper == 1 and not letters[0].isupper():  # iPhone, eBay
        return True
    return upper == 1 and any(map(str.isdigit, word))  # U-2, B52


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=16384)
def is_sentence_case(title: str) -> bool:
    """A title with a lower-case content word is not in title case: its capitals mean names.

    All-capital titles and titles without a lower-case content word are not taken.
    """
    words = _title_words(title)
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
                words[0] = words[0]._replace(initial=False)
            self._add_words(line, words)
            continuing = not line.rstrip().rstrip("”’\"')]").endswith(_SENTENCE_END)

    def add_sentence_case_title(self, title: str) -> None:
        if "{" in title or not is_sentence_case(title):
            return
        self._add_words(title, _title_words(title))

    def add_names(self, value: str) -> None:
        """An author/editor list, a place or a publisher: its capitalised words are names.

        Each part ("Taubman", "William", "New York", "Harcourt Brace") is one name: a word
        alone is a name by itself, a run of words only together ("New" is not a name).
        """
        capital, alone = self.capital, self.alone
        for part in _NAME_PARTS.split(value):
            words = _name_words(part)
            if not words:
                continue
            if any(w.key in _PUBLISHER_WORDS for w in words):
                continue  # "Cambridge University Press": an institution, not evidence
            for word in words:
                capital[word.key] = capital.get(word.key, 0) + 1
            if len(words) == 1:
                alone[words[0].key] = alone.get(words[0].key, 0) + 1
            else:
                self._add_run(words, self.runs)

    def add_entry_fields(self, fields: dict[str, str]) -> None:
        for name in ("author", "editor", "translator", "address", "location", "publisher"):
            if fields.get(name):
                self.add_names(fields[name])
        for name in TITLE_FIELDS:
            if fields.get(name):
                self.add_sentence_case_title(fields[name])

    def _add_words(self, text: str, words: Sequence[Word]) -> None:
        run: list[Word] = []
        lower_run: list[Word] = []
        capitals, lowers = self.capital, self.lower
        for word in words:
            capital = is_capitalised(word.text) and word.key not in SMALL_WORDS and not is_acronym(word.text)
            lower = word.text[:1].islower()
            if capital and not word.initial:
                capitals[word.key] = capitals.get(word.key, 0) + 1
            elif lower:
                lowers[word.key] = lowers.get(word.key, 0) + 1
            if capital and run and text[run[-1].end:word.start] == " ":
                run.append(word)
            else:
                if run:
                    self._add_run(run, self.runs)
                run = [word] if capital else []
            if lower and lower_run and text[lower_run[-1].end:word.start] == " ":
                lower_run.append(word)
            else:
                if lower_run:
                    self._add_run(lower_run, self.lower_runs)
                lower_run = [word] if lower else []
        if run:
            self._add_run(run, self.runs)
        if lower_run:
            self._add_run(lower_run, self.lower_runs)

    def _add_run(self, run: Sequence[Word], counter: Counter) -> None:
        """Every stretch of 2-4 words of a run, counted; a capitalised word on its own too."""
        n = len(run)
        if n == 1:
            if counter is self.runs and not run[0].initial:
                key = run[0].key
                self.alone[key] = self.alone.get(key, 0) + 1
            return
        keys = tuple(w.key for w in run)
        for length in (2, 3, 4):
            for i in range(n - length + 1):
                stretch = keys[i:i + length]
                counter[stretch] = counter.get(stretch, 0) + 1

    # --- judging -----------------------------------------------------------------------

    def seen_as_run(self, keys: tuple[str, ...]) -> bool:
        """The texts write these words capitalised together more often than in lower case
        ("Cold War" yes; "Peaceful Coexistence" not, if most texts say "peaceful coexistence")."""
        runs = self.runs.get(keys, 0)
        return runs > 0 and runs > self.lower_runs.get(keys, 0)

    def seen_as_name(self, key: str) -> bool:
        """The texts capitalise the word on its own mid-sentence more often than they write
        it in lower case ("War" only in "Cold War" is no name by itself)."""
        alone = self.alone.get(key, 0)
        return alone > 0 and alone > self.lower.get(key, 0)

    def always_capital(self, key: str) -> bool:
        """Nationalities, languages, days, months: capitalised wherever they stand."""
        return key in NATIONALITY_WORDS or key in DAY_WORDS or key in MONTH_WORDS

    def lexicon_name(self, key: str) -> bool:
        """A given name or a place from the parser's lexicons that is not an everyday word
        (and that these texts never write in lower case)."""
        if not self.use_lexicons or key in COMMON_WORDS or self.lower.get(key, 0) or len(key) < 3:
            return False
        if key in _given_names() or key in _places():
            return True
        if self.use_dictionary and is_dictionary_name(key):
            return True
        return self.use_unknown and len(key) > 3 and is_unknown(key)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    return word_set("places.txt")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return word_set("given_names.txt")


_NAME_PARTS = re.compile(r"[,;:/&()]| and ")


@lru_cache(maxsize=65536)
def _name_words(part: str) -> tuple[Word, ...]:
    """The words of one name part that count as evidence: capitalised, not acronyms or small words."""
    return tuple(w for w in _words_of(part) if is_capitalised(w.text) and len(w.text) > 1
                 and not is_acronym(w.text) and w.key not in SMALL_WORDS)


def protect_title(title: str, evidence: CaseEvidence | None = None) -> str:
    """The title with its names and acronyms braced ("{Cold War}", "{NATO}").

    A title that already has braces is left alone (someone decided), and so is one in
    capitals throughout (its capitals say nothing).
    """
    if not title or "{" in title or "}" in title:
        return title
    evidence = evidence or CaseEvidence()
    words = _title_words(title)
    alpha = sum(map(str.isalpha, title))
    if alpha and sum(map(str.isupper, filter(str.isalpha, title))) > 0.8 * alpha and len(words) > 2:
        return title
    sentence_case = is_sentence_case(title)
    protect = [_is_name(w, evidence, sentence_case) for w in words]
    _extend_runs(words, protect, evidence, title)
    return _brace(title, words, protect)


def _is_name(word: Word, evidence: CaseEvidence, sentence_case: bool) -> bool:
    text = word.text
    if not _has_letter(text):
        return False
    if is_acronym(text):
        return True
    if not is_capitalised(text) or len(text) < 2:
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


@lru_cache(maxsize=65536)
def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _extend_runs(words: Sequence[Word], protect: list[bool], evidence: CaseEvidence, title: str) -> None:
    """Brace whole known names: a run the texts capitalise together ("Cold War"), a known
    name of several words ("United States"), a place word before a name ("Lake Baikal")."""
    n = len(words)
    if n < 2:
        return
    capital = [is_capitalised(w.text) for w in words]
    # spaced[i]: only a single space between word i and word i + 1
    spaced = [title[words[i].end:words[i + 1].start] == " " for i in range(n - 1)]
    for i in range(n - 1):
        first = words[i]
        if first.key in PLACE_HEADS and protect[i + 1] and not is_acronym(words[i + 1].text) \
                and capital[i] and spaced[i]:
            protect[i] = True
    keys = [w.key for w in words]
    runs = evidence.runs
    for length in (4, 3, 2):
        for i in range(n - length + 1):
            # cheap tests first: every word capitalised and only spaces between them
            if not all(capital[i:i + length]) or not all(spaced[i:i + length - 1]):
                continue
            span = tuple(keys[i:i + length])
            if (span in runs and evidence.seen_as_run(span)) or span in KNOWN_RUNS:
                for j in range(i, i + length):
                    protect[j] = True


_POSSESSIVE_TAIL = re.compile(r"[’']s\b")


def _brace(title: str, words: Sequence[Word], protect: list[bool]) -> str:
    """Wrap each run of protected words that only spaces separate in one brace group."""
    groups: list[tuple[int, int]] = []
    for word, keep in zip(words, protect):
        if not keep:
            continue
        # the possessive goes inside: "{Khrushchev’s}" (a title-casing style must not see
        # "’s" as a word of its own and write "’S")
        tail = _POSSESSIVE_TAIL.match(title, word.end)
        start, end = word.start, word.end + (tail.end() - word.end if tail else 0)
        if groups and title[groups[-1][1]:start] == " ":
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
    if not groups:
        return title
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
