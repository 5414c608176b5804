"""Reference lists -> one string per reference.

A reference section comes in many shapes: one reference per line, numbered ("1.", "[1]",
"1)"), a run-together paragraph ("... 2000.; MacKenzie, David. ..."), repeated-author dashes
("———."), annotated bibliographies, PDF text with hard line breaks and hyphenation. The
parser wants exactly one reference per string, so this module finds where each one starts
and ends, and remembers the source line so every entry can say where it came from.

Items that do not look like references (prose, a numbered list of points) are not returned
as references: an annotation is attached to the reference it follows, anything else is
reported as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from citekit.importer.text import URL_TAIL, Line, join_wrapped, split_lines

__all__ = ["RawReference", "ListSplit", "split_references", "reference_likeness"]


@dataclass
class RawReference:
    """One reference as found in a source.

    ``text`` is what the parser gets (one line, label removed, hyphenation undone; a leading
    author dash "———." stays, flagged by ``same_authors``); ``raw`` is the source text it came from; ``line`` is 1-based; ``start``/``end``
    are offsets into the source.
    """

    text: str
    raw: str
    line: int
    start: int
    end: int
    label: str | None = None
    same_authors: bool = False  # began with "———." : the previous reference's authors
    annotation: str | None = None
    skip_reason: str | None = None  # why a skipped item is not a reference
    parsed: Any = field(default=None, repr=False, compare=False)  # the parse, when a reader already made it

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "parsed"}


@dataclass
class ListSplit:
    references: list[RawReference] = field(default_factory=list)
    skipped: list[RawReference] = field(default_factory=list)  # not references, not annotations


# Labels have at most three digits: "2003. Title" starts with a year, not a label.
_LABEL = re.compile(r"^\s*(?:\[(?P<a>\d{1,3})\]|\((?P<b>\d{1,3})\)|(?P<c>\d{1,3})[.)])(?:\s+(?=\S)|\s*$)")
# Wikipedia-style back-links in front of a note: "^ ", "↑ ", "^ a b ".
_BACKLINK = re.compile(r"^\s*(?:\^|↑)(?:\s+[a-z](?=\s))*\s*")
_URL_ONLY = re.compile(r"^(?:<)?(?:https?://|www\.)\S+?(?:>)?\.?$")
_DASH = re.compile(r"^\s*(?:[—―]+|[-_–]{2,})\s*[.,:]?\s*")
_COMPLETE_END = re.compile(r"(?:\d|[.)\]])$")
_INITIAL_END = re.compile(r"(?:^|[\s.\-])[A-ZÀ-Þ]\.$")
_RUN_TOGETHER = re.compile(r"(?<=[.)\]])\s*;\s+(?=\S)")
_YEAR = re.compile(r"(?<!\d)(?:1[5-9]\d\d|20\d\d)[a-z]?(?!\d)|\bn\.\s?d\.")
_NAME_START = re.compile(
    r"^(?:[—―]|[-_–]{2,}"  # author dash
    r"|[A-ZÀ-Þ][\w'’\-]+(?:\s+[A-ZÀ-Þ][\w'’\-]+)?,\s*[A-ZÀ-Þ]"  # Surname, First
    r"|[A-ZÀ-Þ][\w'’\-]+\s+(?:[A-Z]\.\s*){1,3}[,(]"  # Surname A. B.,
    r"|[A-ZÀ-Þ][\w'’\-]+\s+[A-Z]{1,3}\s?[,.(]"  # Surname AB,  (Vancouver)
    r"|[A-Z]{2,}[A-Z'’\-]*,"  # SURNAME,
    r"|[\"“‘'][A-ZÀ-Þ]"  # "Title"
    r"|(?:[A-Z]\.\s*){1,3}[A-ZÀ-Þ][\w'’\-]+,"  # A. B. Surname,
    r")"
)
# "Andrew Wang, “Harry ...": given name and surname, then a comma (a new item in a list)
_FIRST_LAST = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ]+(?:\s+[A-Z]\.)?\s+[A-ZÀ-Þ][\w'’\-]+,\s")
_NOT_FIRST_LAST = re.compile(r"^\S+\s+(?:Press|University|Books|York|Publishers|Verlag|Journal|Review|Company|Institute)\b")
# publication words, a link; "Place: Publisher, 2000"; "12(3)", "45-67". Three searches, not one
# alternation: each is fast alone, the alternation is slow; the second only where a colon is,
# and from the colon's last word character (``\w:`` is found wherever ``\w+:`` is)
_PUBLICATION_WORDS = re.compile(
    r"\b(?:pp?\.|vol\.|no\.|ed\.|eds\.|edn\.|trans\.|press|university|verlag|journal|review|"
    r"quarterly|proceedings|publishers?|books|doi|isbn|issn|retrieved|accessed)\b|https?://", re.I)
_PLACE_PUBLISHER = re.compile(r"\w:\s*[A-Z][\w&.\-]+(?:\s+[A-Z][\w&.\-]+)*,\s*(?:1[5-9]|20)\d\d", re.I)
_ISSUE_OR_PAGES = re.compile(r"\b\d+\s*\(\d+\)|\b\d+\s*[-–]\s*\d+\b")


def _publication(text: str) -> bool:
    return bool(_PUBLICATION_WORDS.search(text) or _ISSUE_OR_PAGES.search(text)
                or (":" in text and _PLACE_PUBLISHER.search(text)))
_FUNCTION_WORDS = {
    "the", "of", "and", "to", "a", "in", "is", "that", "this", "it", "was", "for", "with",
    "as", "on", "are", "be", "by", "his", "her", "their", "its", "he", "she", "they", "which",
    "who", "from", "an", "not", "but", "has", "have", "had", "were", "at", "how", "what",
    "also", "into", "about", "these", "those", "can", "will", "would", "should", "does",
}
_ANNOTATION_START = re.compile(
    r"^(?:This|These|The author|The authors|The book|The article|The essay|The study|"
    r"An? (?:excellent|useful|good|comprehensive|detailed|brief|short|classic|important)|"
    r"Argues|Examines|Explores|Discusses|Describes|Provides|Offers|Presents|Covers|"
    r"Includes|Focuses|Traces|Analy[sz]es|Summary|Annotation|Note:)\b"
)
_IBID = re.compile(r"^(?:ibid|id|idem|op\.?\s*cit)\b\.?", re.I)


def reference_likeness(text: str) -> float:
    """How much ``text`` looks like a bibliographic reference (0..1), from surface cues.

    A year, a name-first start and publication words count for; prose (many lower-case
    function words, an annotation-like opening) counts against.
    """
    text = " ".join(text.split())
    if len(text) < 12:
        return 0.0
    if _URL_ONLY.match(text):
        return 0.6  # a bare web address in a source list is a reference to a web page
    score = 0.0
    if _YEAR.search(text):
        score += 0.35
    if _NAME_START.match(text):
        score += 0.3
    if _publication(text):
        score += 0.2
    if text.count(". ") + text.count(", ") >= 2:
        score += 0.1
    words = re.findall(r"[A-Za-zÀ-ÿ]+", text)
    if words:
        function = sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)
        if function > 0.28:
            score -= 0.45
        elif function > 0.2:
            score -= 0.15
    if _ANNOTATION_START.match(text):
        score -= 0.4
    if len(text) > 700:
        score -= 0.2
    return max(0.0, min(1.0, score))


THRESHOLD = 0.5


def split_references(
    text: str,
    *,
    first_line: int = 1,
    base_offset: int = 0,
    one_per_line: bool = False,
    vocabulary: set[str] | None = None,
    keep_all: bool = False,
    threshold: float | None = None,
) -> ListSplit:
    """Split a reference list into references.

    ``first_line``/``base_offset`` place ``text`` inside its source so line numbers and
    offsets refer to the source. ``one_per_line``: every non-blank line is one reference
    (no joining, no ``.;`` splitting). ``keep_all``: return every item as a reference even
    if it does not look like one (for input the user says is a list). ``threshold``: the
    reference-likeness an item needs (lower under a "References" heading, which already
    says what follows).
    """
    threshold = THRESHOLD if threshold is None else threshold
    lines = split_lines(text, first_line, base_offset)
    if one_per_line:
        groups = [[line] for line in lines if not line.blank]
        numbered = False
    else:
        numbered = _is_numbered(lines)
        groups = _group_lines(lines, numbered)

    items: list[RawReference] = []
    for group in groups:
        items.extend(_items_of(group, numbered and not one_per_line, vocabulary, one_per_line))

    result = ListSplit()
    last_line = 0  # where the last reference (or its annotation) ends
    for item in items:
        if _IBID.match(item.text):
            item.skip_reason = "refers to the note before"
            result.skipped.append(item)
            continue
        earlier = _short_form_of(item, result.references)
        if earlier is not None:
            item.skip_reason = f"short form of the reference on line {earlier.line}"
            result.skipped.append(item)
            continue
        likeness = reference_likeness(item.text)
        is_reference = likeness >= threshold or keep_all or one_per_line or item.same_authors
        if is_reference and not _ANNOTATION_START.match(item.text):
            result.references.append(item)
            last_line = item.line + item.raw.count("\n")
        elif result.references and not item.label and item.line - last_line <= 2:
            # an annotation: right after its reference (at most one blank line between)
            previous = result.references[-1]
            previous.annotation = (
                f"{previous.annotation} {item.text}" if previous.annotation else item.text
            )
            last_line = item.line + item.raw.count("\n")
            continue
        else:
            item.skip_reason = "does not look like a reference"
            result.skipped.append(item)
    return result


def _short_form_of(item: RawReference, earlier: list[RawReference]) -> RawReference | None:
    """"Taubman, Khrushchev, 45." after a full note on Taubman's book cites it again."""
    text = item.text
    if _YEAR.search(text) or len(text) > 90 or _URL_ONLY.match(text):
        return None
    m = re.match(r"([A-ZÀ-Þ][\w'’\-]+)[,.]\s+(\S+)", text)
    if not m:
        return None
    surname, title_word = m.group(1), m.group(2).strip(",.:\"“”‘’").lower()
    for ref in reversed(earlier):
        words = re.findall(r"[\w'’\-]+", ref.text)
        if surname in words and title_word in {w.lower() for w in words}:
            return ref
    return None


# --- grouping physical lines into items ---------------------------------------------------


def _label_number(line: Line) -> int | None:
    m = _LABEL.match(line.text)
    if not m:
        return None
    return int(m.group("a") or m.group("b") or m.group("c"))


def _is_numbered(lines: list[Line]) -> bool:
    """A numbered list: labelled lines whose numbers go up, starting low."""
    numbers = [n for n in (_label_number(line) for line in lines) if n is not None]
    if not numbers:
        return False
    if len(numbers) == 1:
        return numbers[0] == 1 and sum(1 for line in lines if not line.blank) <= 6
    increasing = sum(1 for a, b in zip(numbers, numbers[1:]) if b == a + 1)
    return numbers[0] <= 5 and increasing >= 0.7 * (len(numbers) - 1)


def _group_lines(lines: list[Line], numbered: bool) -> list[list[Line]]:
    """Physical lines -> groups, each one item (or several run together by ``.;``)."""
    content = [line for line in lines if not line.blank]
    if not content:
        return []
    layout = _layout(content)
    groups: list[list[Line]] = []
    current: list[Line] = []
    previous: Line | None = None
    gap = False
    for line in lines:
        if line.blank:
            gap = True
            continue
        if not current:
            start = True
        elif numbered:
            start = _label_number(line) is not None or (gap and not _LABEL.match(current[0].text))
            if gap and not start:
                start = True  # an unlabelled paragraph after an item: its annotation
        else:
            start = gap or _starts_new_item(previous, line, layout)
        if start and current:
            groups.append(current)
            current = []
        current.append(line)
        previous = line
        gap = False
    if current:
        groups.append(current)
    return groups


@dataclass
class _Layout:
    """What the whole list tells about where items start."""

    hanging: int | None = None  # first lines at this indent, continuations deeper
    first_line_indent: int | None = None  # first lines indented deeper than continuations
    width: int = 0  # the longest line: wrapped lines come close to it
    wrapped: bool = False  # many lines stop mid-sentence: text was hard-wrapped


_ENDS_SENTENCE = re.compile(r"[.!?)\]”\"]$|\d$|\S+://\S+$")


def _layout(content: list[Line]) -> _Layout:
    width = max(len(line.text.rstrip()) for line in content)
    open_lines = sum(1 for line in content if not _ENDS_SENTENCE.search(line.stripped))
    wrapped = len(content) >= 3 and open_lines >= 0.25 * len(content)
    indents = [line.indent for line in content]
    if len(set(indents)) < 2:
        return _Layout(width=width, wrapped=wrapped)
    least = min(indents)
    starts = [line for line in content if line.indent == least]
    if content[0].indent == least:
        named = sum(1 for s in starts if _NAME_START.match(s.stripped) or _LABEL.match(s.text))
        lower = any(s.stripped[:1].islower() and not _particle_start(s.stripped) for s in starts)
        if not lower and named >= 0.5 * len(starts):
            return _Layout(hanging=least, width=width, wrapped=wrapped)
    elif all(not line.stripped[:1].islower() for line in content if line.indent > least):
        return _Layout(first_line_indent=least, width=width, wrapped=wrapped)
    return _Layout(width=width, wrapped=wrapped)


_PARTICLE_START = re.compile(r"^(?:van|von|de|der|den|du|da|di|la|le|del|della|ten|ter)\s+[A-ZÀ-Þ]")


def _particle_start(text: str) -> bool:
    return bool(_PARTICLE_START.match(text))


def _starts_new_item(previous: Line | None, line: Line, layout: _Layout) -> bool:
    if previous is None:
        return True
    text = line.stripped
    if _DASH.match(text):
        return True
    prev = previous.stripped
    if _ANNOTATION_START.match(text) and re.search(r"[.!?)]$", prev):
        return True
    if layout.hanging is not None:
        return line.indent == layout.hanging
    if layout.first_line_indent is not None:
        return line.indent > layout.first_line_indent
    if prev.endswith("-") or URL_TAIL.search(prev.split()[-1]):
        return False
    if text[:1].islower() and not _particle_start(text):
        return False
    ends_reference = bool(_ENDS_SENTENCE.search(prev))
    # Hard-wrapped text breaks a line only when the next word does not fit: if it would
    # have fitted, the line ended on purpose (the end of a reference).
    first_word = text.split()[0]
    short = len(previous.text.rstrip()) + 1 + len(first_word) < layout.width
    if not ends_reference:
        return short and len(prev) >= 25 and bool(_NAME_START.match(text)) and bool(_YEAR.search(prev))
    if _NAME_START.match(text) or _ANNOTATION_START.match(text) or _BACKLINK.match(text):
        return True
    if _LABEL.match(line.text) or (_FIRST_LAST.match(text) and not _NOT_FIRST_LAST.match(text)):
        return True
    if _URL_ONLY.match(prev) or _URL_ONLY.match(text) or short:
        return True
    if line.indent != previous.indent:  # not a hanging list: the indent marks a new block
        return True
    # A full-width line that ends a sentence, then a capitalised line: in hard-wrapped text
    # that is the middle of a reference; otherwise a new item if the previous line is a
    # complete reference by itself.
    if layout.wrapped:
        return False
    return bool(_YEAR.search(prev)) and reference_likeness(prev) >= THRESHOLD


def _items_of(
    group: list[Line], numbered: bool, vocabulary: set[str] | None, one_per_line: bool
) -> list[RawReference]:
    first = group[0]
    raw_start, raw_end = first.start, group[-1].end
    raw = "\n".join(line.text for line in group)
    parts = [line.text for line in group]
    label = None
    m = _LABEL.match(parts[0])
    if m and (numbered or one_per_line):
        label = m.group("a") or m.group("b") or m.group("c")
        parts[0] = parts[0][m.end() :]
    backlink = _BACKLINK.match(parts[0])
    if backlink:
        parts[0] = parts[0][backlink.end() :]
    joined = join_wrapped(parts, vocabulary)
    if one_per_line:
        pieces = [(joined, 0)]
    else:
        pieces = _run_together(joined)
    items = []
    for index, (piece, _) in enumerate(pieces):
        same = False
        dash = _DASH.match(piece)
        if dash and len(piece) > dash.end():
            # The dash stays in the text: the parser was trained on lists that have them.
            same = True
        piece = piece.strip()
        if not piece:
            continue
        line_number, start, end = first.number, raw_start, raw_end
        if len(pieces) > 1:
            line_number, start, end = _locate(piece, group, raw_start, raw_end)
        items.append(
            RawReference(
                text=piece,
                raw=raw if len(pieces) == 1 else _source_slice(group, start, end),
                line=line_number,
                start=start,
                end=end,
                label=label if index == 0 else None,
                same_authors=same,
            )
        )
    return items


def _run_together(joined: str) -> list[tuple[str, int]]:
    """"... 2000.; MacKenzie, David. ..." -> the items of a run-together paragraph."""
    pieces = []
    position = 0
    for m in _RUN_TOGETHER.finditer(joined):
        left = joined[position : m.start()]
        # "Jang, J.S.R.; Gulley, N." separates authors: the period ends an initial, and the
        # item so far has no year yet.
        right = joined[m.end() :]
        if _INITIAL_END.search(left) or not (
            _YEAR.search(left) or "://" in left or _NAME_START.match(right)
        ):
            continue
        pieces.append((left, position))
        position = m.end()
    pieces.append((joined[position:], position))
    return [part for piece in pieces for part in _split_semicolons(*piece)]


def _split_semicolons(piece: str, offset: int) -> list[tuple[str, int]]:
    """"... Norton, 2003; Ulam, Adam. ..." : a plain ";" between two complete references."""
    parts: list[tuple[str, int]] = []
    start = 0
    for m in re.finditer(r";\s+", piece):
        left, right = piece[start : m.start()], piece[m.end() :]
        if (
            _YEAR.search(left) and _COMPLETE_END.search(left) and _NAME_START.match(right)
            and reference_likeness(left) >= THRESHOLD
        ):
            parts.append((left, offset + start))
            start = m.end()
    parts.append((piece[start:], offset + start))
    return parts


def _locate(piece: str, group: list[Line], start: int, end: int) -> tuple[int, int, int]:
    """Where a piece of a joined group is in the source (first 30 chars matched)."""
    probe = piece[:30]
    for line in group:
        at = line.text.find(probe)
        if at >= 0:
            s = line.start + at
            return line.number, s, min(end, s + len(piece))
    probe = piece[:12]
    for line in group:
        at = line.text.find(probe)
        if at >= 0:
            s = line.start + at
            return line.number, s, min(end, s + len(piece))
    return group[0].number, start, end


def _source_slice(group: list[Line], start: int, end: int) -> str:
    text = "\n".join(line.text for line in group)
    base = group[0].start
    return text[start - base : end - base]
