"""Pandoc's citation syntax in Markdown (and plain text / HTML essays written with it).

``[see @doe99, pp. 33-35; also @smith04, chap. 1]``, ``@doe99 [p. 33]``, ``[-@doe99]``,
``@{https://example.com/key}``: parsed the way pandoc's Markdown reader parses them, so a
document gets the same citations from ``citekit insert`` as from ``pandoc --citeproc``.
Code spans and blocks, HTML comments and ``<code>``/``<pre>`` are skipped, and so are e-mail
addresses (an ``@`` right after a letter or digit), links ``[text](url)`` and footnote
references ``[^1]``.
"""

from __future__ import annotations

import re

from citekit.citations.locator import parse_locator
from citekit.citations.model import CiteCluster, CiteItem, LineIndex

#: Punctuation allowed inside a key when a letter, digit or _ follows it.
INTERNAL_PUNCT = set(":.#$%&-+?<>~/")


def _regchar(char: str) -> bool:
    return char.isalnum() or char == "_"


def parse_key(text: str, at: int, allow_braced: bool = True) -> tuple[str, int] | None:
    """Parse the key after the ``@`` at ``text[at]``: ``(key, end)`` or None."""
    i = at + 1
    if i >= len(text):
        return None
    if text[i] == "{" and allow_braced:
        depth = 0
        j = i
        while j < len(text):
            char = text[j]
            if char.isspace():
                return None
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    key = text[i + 1 : j]
                    return (key, j + 1) if key else None
            j += 1
        return None
    if not _regchar(text[i]):
        return None
    j = i + 1
    while j < len(text):
        char = text[j]
        if _regchar(char):
            j += 1
        elif char in INTERNAL_PUNCT and j + 1 < len(text) and _regchar(text[j + 1]):
            j += 2
        elif char in ":/" and j + 1 < len(text) and text[j + 1] == "/":
            j += 1
        else:
            break
    return text[i:j], j


# --- regions to skip ----------------------------------------------------------------------

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})", re.M)
_HTML_SKIP = re.compile(r"<!--.*?-->|<(code|pre|script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:[ \t].*$", re.M)
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-+*]|\d+[.)])\s")


_HTML_TAG = re.compile(r"<[A-Za-z/!][^>]*>")


def skipped_regions(text: str, syntax: str = "markdown") -> list[tuple[int, int]]:
    """Spans of ``text`` where ``@`` is not a citation.

    markdown: the YAML front matter, code blocks and spans, link definitions, HTML
    comments/code; html: tags, comments, ``<code>``/``<pre>``/``<script>``/``<style>``;
    text: the front matter only.
    """
    metadata = _front_matter_span(text)
    if syntax == "text":
        return [metadata] if metadata else []
    if syntax == "html":
        spans = [m.span() for m in _HTML_SKIP.finditer(text)]
        spans += [m.span() for m in _HTML_TAG.finditer(text)]
        return sorted(spans)
    regions: list[tuple[int, int]] = []
    lines = text.splitlines(keepends=True)
    offset = 0
    fence: tuple[str, int] | None = None  # (fence chars, start offset)
    previous_blank = True
    in_code_block = False
    in_list = False
    for line in lines:
        stripped = line.rstrip("\r\n")
        if fence is not None:
            closing = re.match(r"^ {0,3}(`{3,}|~{3,})\s*$", stripped)
            if closing and closing.group(1)[0] == fence[0][0] and len(closing.group(1)) >= len(fence[0]):
                regions.append((fence[1], offset + len(line)))
                fence = None
            offset += len(line)
            previous_blank = False
            continue
        opening = _FENCE.match(stripped)
        if opening:
            fence = (opening.group(2), offset)
            offset += len(line)
            continue
        blank = not stripped.strip()
        indented = stripped.startswith("    ") or stripped.startswith("\t")
        if _LIST_ITEM.match(stripped):
            in_list = True
        elif not blank and not indented:
            in_list = False
        if indented and not blank and not in_list and (previous_blank or in_code_block):
            regions.append((offset, offset + len(line)))
            in_code_block = True
        elif not blank:
            in_code_block = False
        previous_blank = blank
        offset += len(line)
    if fence is not None:
        regions.append((fence[1], len(text)))
    # inline code spans: a run of n backticks up to the next run of exactly n
    i = 0
    while i < len(text):
        if text[i] == "`" and not _inside(regions, i) and (i == 0 or text[i - 1] != "\\"):
            j = i
            while j < len(text) and text[j] == "`":
                j += 1
            ticks = text[i:j]
            close = re.compile(r"(?<!`)" + ticks + r"(?!`)")
            found = close.search(text, j)
            if found and "\n\n" not in text[j : found.start()]:
                regions.append((i, found.end()))
                i = found.end()
                continue
            i = j
            continue
        i += 1
    for match in _LINK_DEFINITION.finditer(text):
        regions.append(match.span())
    for match in _HTML_SKIP.finditer(text):
        regions.append(match.span())
    if metadata:
        regions.append(metadata)
    regions.sort()
    return regions


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?![ \t]*\n).*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _front_matter_span(text: str) -> tuple[int, int] | None:
    """The YAML metadata block opening the document: pandoc reads ``nocite: "@key"``
    there as metadata, so it is never a citation to format (and stays as written)."""
    match = _FRONT_MATTER.match(text)
    return match.span() if match else None


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    return any(start <= pos < end for start, end in regions)


class _Regions:
    """Fast membership for skip regions (merged, sorted, bisected)."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(regions):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [r[0] for r in merged]
        self.regions = merged

    def add(self, start: int, end: int) -> None:
        """A region found while scanning (always after every region seen so far is fine)."""
        from bisect import insort

        insort(self.regions, [start, end])
        self.starts = [r[0] for r in self.regions]

    def find(self, pos: int) -> tuple[int, int] | None:
        from bisect import bisect_right

        index = bisect_right(self.starts, pos) - 1
        if index >= 0 and pos < self.regions[index][1]:
            return self.regions[index][0], self.regions[index][1]
        return None


# --- the parser -----------------------------------------------------------------------------


def _escaped(text: str, pos: int) -> bool:
    backslashes = 0
    k = pos - 1
    while k >= 0 and text[k] == "\\":
        backslashes += 1
        k -= 1
    return backslashes % 2 == 1


def _cite_key_at(text: str, pos: int):
    """A ``-@key`` or ``@key`` starting at ``pos``: (suppress, key, start, end) or None."""
    suppress = False
    start = pos
    if text.startswith("-@", pos):
        suppress = True
        at = pos + 1
    elif text.startswith("@", pos):
        at = pos
    else:
        return None
    if start > 0 and (_regchar(text[start - 1]) or _escaped(text, start)):
        return None  # e-mail address or escaped \@
    parsed = parse_key(text, at)
    if parsed is None:
        return None
    key, end = parsed
    return suppress, key, start, end


def _matching_bracket(text: str, open_pos: int, limit: int) -> int | None:
    """Index of the ``]`` closing ``text[open_pos]`` (nested brackets allowed), not past
    a blank line (a paragraph end) or ``limit``."""
    depth = 0
    i = open_pos
    while i < limit:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        elif char == "\n" and _blank_line_follows(text, i):
            return None
        i += 1
    return None


def _blank_line_follows(text: str, newline: int) -> bool:
    nxt = text.find("\n", newline + 1)
    line = text[newline + 1 : nxt if nxt >= 0 else len(text)]
    return not line.strip()


_ENTITY_BEFORE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6})$")


def _split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at top-level ``;`` (not inside brackets or braces)."""
    parts = []
    depth = 0
    part_start = start
    i = start
    while i < end:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char in "[{(":
            depth += 1
        elif char in "]})":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0 and not _ENTITY_BEFORE.search(text, part_start, i):
            parts.append((part_start, i))
            part_start = i + 1
        i += 1
    parts.append((part_start, end))
    return parts


def _clean(fragment: str) -> str:
    return re.sub(r"\s+", " ", fragment).strip()


def _item_from_part(text: str, start: int, end: int, lines: LineIndex) -> CiteItem | None:
    """One ``prefix @key suffix`` item of a bracketed cluster (None: no key in it)."""
    i = start
    depth = 0
    while i < end:
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "[":
            depth += 1
        elif text[i] == "]":
            depth -= 1
        if text[i] in "-@" and depth == 0:
            found = _cite_key_at(text, i)
            if found is not None and found[3] <= end:
                suppress, key, key_start, key_end = found
                prefix = _clean(text[start:key_start])
                raw_suffix = text[key_end:end]
                return _make_item(key, prefix, raw_suffix, suppress, key_start, key_end, lines)
        i += 1
    return None


def _make_item(key, prefix, raw_suffix, suppress, key_start, key_end, lines) -> CiteItem:
    suffix = re.sub(r"\s+", " ", raw_suffix.rstrip())
    located = parse_locator(suffix)
    line, column = lines.position(key_start)
    return CiteItem(
        id=key,
        prefix=prefix,
        suffix=located.suffix,
        locator=located.locator,
        label=located.label,
        suppress_author=suppress,
        start=key_start,
        end=key_end,
        line=line,
        column=column,
    )


def _bracketed(text: str, open_pos: int, lines: LineIndex, skip: _Regions):
    """A normal citation ``[...]`` at ``open_pos``: (items, end) or None."""
    if text.startswith("[^", open_pos) or (open_pos > 0 and text[open_pos - 1] == "^"):
        return None  # a footnote reference, or an inline note ^[...]
    close = _matching_bracket(text, open_pos, len(text))
    if close is None:
        return None
    if any(skip.find(k) for k in (open_pos, close)):
        return None
    after = text[close + 1 : close + 2]
    if after == "[" or (after == ":" and _at_line_start(text, open_pos)):
        return None  # a reference link, or a link reference definition
    if after == "(" and _link_parts(text, open_pos) is not None:
        return None  # an inline link (its text is scanned on its own)
    items = []
    for part_start, part_end in _split_items(text, open_pos + 1, close):
        item = _item_from_part(text, part_start, part_end, lines)
        if item is None:
            return None
        items.append(item)
    return items, close + 1


def _link_parts(text: str, open_pos: int) -> tuple[int, int] | None:
    """For an inline link ``[text](url)`` at ``open_pos``: the span of ``(url)``."""
    close = _matching_bracket(text, open_pos, len(text))
    if close is None or text[close + 1 : close + 2] != "(":
        return None
    depth = 0
    for j in range(close + 1, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return close + 1, j + 1
        elif text[j] == "\n" and _blank_line_follows(text, j):
            return None
    return None


def _at_line_start(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def find_clusters(text: str, syntax: str = "markdown") -> list[CiteCluster]:
    """All pandoc citations in ``text``, in document order.

    ``syntax`` says what else the text is written in ("markdown", "html" or "text"),
    which decides what is skipped (code, tags).
    """
    lines = LineIndex(text)
    skip = _Regions(skipped_regions(text, syntax))
    clusters: list[CiteCluster] = []
    i = 0
    n = len(text)
    while i < n:
        region = skip.find(i)
        if region is not None:
            i = region[1]
            continue
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            link = _link_parts(text, i)
            if link is not None:
                # as pandoc: the link text may cite, the destination never does
                skip.add(*link)
                i += 1
                continue
            parsed = _bracketed(text, i, lines, skip)
            if parsed is not None:
                items, end = parsed
                line, column = lines.position(i)
                clusters.append(CiteCluster(items, i, end, line, column, text[i:end]))
                i = end
                continue
        elif char in "-@":
            found = _cite_key_at(text, i)
            if found is not None:
                cluster = _narrative(text, found, lines, skip)
                clusters.append(cluster)
                i = cluster.end
                continue
        i += 1
    return clusters


def _narrative(text: str, found, lines: LineIndex, skip: _Regions) -> CiteCluster:
    """``@key``, optionally followed by `` [locator, suffix; @more]`` on the same line."""
    suppress, key, start, end = found
    item = CiteItem(id=key, suppress_author=suppress, start=start, end=end)
    item.line, item.column = lines.position(start)
    items = [item]
    cluster_end = end
    j = end
    spaces = re.match(r"[ \t]*\n?[ \t]*", text[j:])
    k = j + (spaces.end() if spaces else 0)
    if k < len(text) and text[k] == "[" and not text.startswith("[^", k):
        close = _matching_bracket(text, k, len(text))
        if close is not None and not skip.find(k) and text[close + 1 : close + 2] not in ("(", "["):
            parts = _split_items(text, k + 1, close)
            first_start, first_end = parts[0]
            rest = []
            ok = True
            for part_start, part_end in parts[1:]:
                more = _item_from_part(text, part_start, part_end, lines)
                if more is None:
                    ok = False
                    break
                rest.append(more)
            first_text = text[first_start:first_end]
            if ok and _cite_key_at_any(first_text) is False:
                bare = _make_item(key, "", first_text, suppress, start, end, lines)
                items = [bare] + rest
                cluster_end = close + 1
    line, column = lines.position(start)
    return CiteCluster(
        items, start, cluster_end, line, column, text[start:cluster_end], narrative=not suppress
    )


def _cite_key_at_any(fragment: str) -> bool:
    """Whether a fragment holds a citation key (then it is not a bare locator)."""
    return any(_cite_key_at(fragment, i) for i, c in enumerate(fragment) if c in "-@")


def parse_citation(text: str) -> CiteCluster:
    """Parse one citation given on its own (``citekit cite`` arguments).

    A bare key (``taubman2003``) is accepted too, as ``[@taubman2003]``.
    """
    stripped = text.strip()
    if stripped and not any(c in stripped for c in "@[") and not stripped.startswith("-"):
        stripped = f"[@{stripped}]" if parse_key("@" + stripped, 0) and parse_key(
            "@" + stripped, 0
        )[1] == len(stripped) + 1 else f"[@{{{stripped}}}]"
    clusters = find_clusters(stripped)
    if len(clusters) != 1 or clusters[0].start != 0 or clusters[0].end != len(stripped):
        from citekit.errors import UsageError

        raise UsageError(
            f"not a citation: {text!r} (write a key, [@key, p. 4], @key [p. 4] or [-@key])"
        )
    return clusters[0]
