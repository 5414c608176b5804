"""The bibliography formats other tools export: CSL-JSON, RIS, and BibTeX/biblatex.

Every command that reads a .bib reads the other two as well: the loader
(:func:`citekit.bibfile.load`) hands their bytes to :func:`as_bibtex`, which turns
them into BibTeX whose entries start on the line their item starts on in the source,
so ``check``'s and ``render``'s ``file:line`` point into the JSON or RIS file.
The format is told by content first (a ``[``/``{`` that parses as JSON, a ``TY  -``
line, an ``@type{``) and by the file's suffix when the content does not say.
"""

from __future__ import annotations

import json
import re

from citekit.errors import UnreadableInputError

BIBTEX, CSLJSON, RIS = "bibtex", "csljson", "ris"
FORMATS = (BIBTEX, CSLJSON, RIS)
SUFFIXES = {".bib": BIBTEX, ".bibtex": BIBTEX, ".biblatex": BIBTEX, ".json": CSLJSON,
            ".csljson": CSLJSON, ".ris": RIS}
_RIS_LINE = re.compile(r"^\s*TY  - ", re.M)
_JSON_START = re.compile(r'^(?:\[\s*[{\]]|\{\s*")')
_BIBTEX_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.M)


def format_of_name(name: str) -> str | None:
    """The format a file name's suffix says (``refs.json`` -> csljson), or None."""
    lower = name.lower().removesuffix(".gz")
    for suffix, fmt in SUFFIXES.items():
        if lower.endswith(suffix):
            return fmt
    return None


def sniff(head: str, name: str = "") -> str:
    """The format of a text (its first few KB are enough) named ``name``."""
    start = head.lstrip("\ufeff \t\r\n")
    by_name = format_of_name(name)
    if start[:1] in "[{" and (by_name == CSLJSON or _JSON_START.match(start)):
        return CSLJSON  # ("[1] Smith, J. ..." is a reference list, not JSON)
    first_lines = "\n".join(start.splitlines()[:20])
    if _RIS_LINE.search(first_lines) and not _BIBTEX_START.search(first_lines):
        return RIS
    if start.startswith("@"):
        return BIBTEX
    return by_name or BIBTEX


def structured_format(text: str, name: str) -> str | None:
    """The format of a text that is a bibliography file (not prose), else None: what
    ``citekit import`` reads entry by entry instead of parsing references."""
    fmt = sniff(text[:4096], name)
    if fmt != BIBTEX:
        return fmt
    if format_of_name(name) == BIBTEX:
        return BIBTEX
    lines = [line for line in text[:4096].lstrip("\ufeff").splitlines()
             if line.strip() and not line.lstrip().startswith("%")]
    return BIBTEX if lines and _BIBTEX_START.match(lines[0]) else None


def require_bibtex(paths, what: str) -> None:
    """Refuse to rewrite (or --check) a CSL-JSON or RIS file as if it were BibTeX: a
    :class:`UsageError` that says to convert it instead."""
    from citekit.errors import UsageError

    for path in paths:
        path = str(path)
        if path == "-":
            continue
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096).decode("utf-8", "replace")
        except OSError:
            continue  # the loader reports it
        fmt = sniff(head, path)
        if fmt != BIBTEX:
            name = "CSL-JSON" if fmt == CSLJSON else "RIS"
            raise UsageError(
                f"{path} is {name}, not BibTeX: {what} works on .bib files; "
                f"make one with: citekit convert {path} -o {path.rsplit('.', 1)[0]}.bib")


def as_bibtex(data: bytes, name: str) -> bytes:
    """The bytes of a BibTeX, CSL-JSON or RIS file -> BibTeX bytes (BibTeX unchanged).

    Raises :class:`UnreadableInputError` (exit 3) for JSON or RIS that cannot be read,
    with the line and column of the problem."""
    fmt = sniff_bytes(data, name)
    if fmt == BIBTEX:
        return data
    records = read_records(decode_text(data, name), name, fmt)
    return records_to_bibtex(records).encode("utf-8")


def sniff_bytes(data: bytes, name: str) -> str:
    """:func:`sniff` of a file's first bytes, decoded by the one decode path (so UTF-16
    JSON is JSON too); binary data is left for the loader to refuse."""
    from citekit.bibfile.decode import decode

    try:
        head = decode(data[:4096], None, name).text
    except UnreadableInputError:
        return BIBTEX
    return sniff(head, name)


def decode_text(data: bytes, name: str) -> str:
    """The whole text by the one decode path (binary data: :class:`UnreadableInputError`)."""
    from citekit.bibfile.decode import decode

    return decode(data, None, name).text


def read_records(text: str, name: str, fmt: str) -> list[tuple[dict, int]]:
    """(CSL item, line) for each record of a CSL-JSON or RIS text."""
    if fmt == CSLJSON:
        return read_csljson(text, name)
    from citekit.interchange.ris import read_ris

    return read_ris(text, name)


def read_csljson(text: str, name: str) -> list[tuple[dict, int]]:
    """CSL-JSON items with the line each starts on: a list of items, one item, or
    ``{"items": [...]}``."""
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)

    def fail(message: str, at: int) -> UnreadableInputError:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        return UnreadableInputError(f"{name}:{line}:{column}: not CSL-JSON: {message}")

    def value_at(at: int):
        try:
            return decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise fail(exc.msg, exc.pos) from None

    if pos >= len(text):
        raise fail("the file is empty", pos)
    out: list[tuple[dict, int]] = []
    if text[pos] == "[":
        at = _skip(text, pos + 1)
        if at < len(text) and text[at] == "]":
            end = at + 1
        else:
            line, counted = 1, 0  # lines counted up to offset ``counted`` (linear, not per item)
            while True:
                item, end = value_at(at)
                if not isinstance(item, dict):
                    raise fail(f"expected an item (a JSON object), found {type(item).__name__}", at)
                line += text.count("\n", counted, at)
                counted = at
                out.append((item, line))
                at = _skip(text, end)
                if at < len(text) and text[at] == ",":
                    at = _skip(text, at + 1)
                    continue
                if at < len(text) and text[at] == "]":
                    end = at + 1
                    break
                raise fail("expected ',' or ']' after an item", at)
    else:
        obj, end = value_at(pos)
        if not isinstance(obj, dict):
            raise fail("expected a list of items", pos)
        items = obj.get("items") if isinstance(obj.get("items"), list) else None
        if items is not None:
            line = text.count("\n", 0, pos) + 1
            out = [(i, line) for i in items if isinstance(i, dict)]
        elif any(k in obj for k in ("type", "id", "title", "author")):
            out = [(obj, text.count("\n", 0, pos) + 1)]
        else:
            raise fail("a JSON object that is not a CSL item (no type, id or title)", pos)
    rest = _skip(text, end)
    if rest < len(text):
        raise fail("text after the end of the JSON value", rest)
    return out


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n\ufeff":
        at += 1
    return at


def records_to_bibtex(records: list[tuple[dict, int]]) -> str:
    """BibTeX for CSL items; each entry starts on its item's line when there is room
    (on one line if need be), so diagnostics point into the source file."""
    from citekit.bibfile.write import Layout, render_entry
    from citekit.interchange.csljson import items_to_entries

    entries, _ = items_to_entries([item for item, _ in records])
    lines = [line for _, line in records]
    out: list[str] = []
    current = 1
    for i, entry in enumerate(entries):
        target = lines[i]
        if current < target:
            out.append("\n" * (target - current))
            current = target
        room = (lines[i + 1] if i + 1 < len(lines) else 1 << 30) - current
        text = render_entry(entry, Layout())
        if text.count("\n") + 1 > room:
            text = " ".join(part.strip() for part in text.split("\n"))
        out.append(text)
        current += text.count("\n")
        if i + 1 < len(lines) and lines[i + 1] > current:
            out.append("\n")
            current += 1
        else:
            out.append(" ")
    out.append("\n")
    return "".join(out)
