"""``citekit add``: one new entry from a free-text reference (or from flags), appended to a .bib.

The reference is parsed by :mod:`citekit.refparse`, lightly normalised (page dashes, spaces,
name form), checked by :mod:`citekit.check`, given a key by :func:`citekit.keys.make_key`
and appended without touching a byte of what the file already holds. A work the file
already has (same DOI, or the same first author, year and a near-identical title) is
reported instead of added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from citekit.bibfile.values import balance_braces
from citekit.diagnostics import Diagnostic
from citekit.errors import UnreadableInputError, UsageError

#: BibTeX field order for a new entry (others follow alphabetically)
FIELD_ORDER = [
    "author", "editor", "title", "subtitle", "booktitle", "journal", "journaltitle", "edition",
    "volume", "number", "series", "pages", "chapter", "publisher", "institution", "school",
    "organization", "address", "location", "year", "month", "date", "isbn", "issn", "doi", "url",
    "urldate", "note",
]
#: title similarity (rapidfuzz ratio on normalised titles) above which two works are the same
TITLE_SIMILARITY = 90.0
_SPECIAL = re.compile(r"(?<!\\)([&%$#_])")


@dataclass
class Duplicate:
    key: str
    file: str
    line: int
    reason: str


@dataclass
class AddResult:
    """The entry :func:`add` made: key, type, fields and its BibTeX text; ``duplicate``
    when the file already has the work (then nothing is written), ``confidence`` the
    parser's for a free-text reference, ``written`` whether the file was changed."""

    key: str
    entry_type: str
    fields: dict[str, str]
    entry_text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    duplicate: Duplicate | None = None
    confidence: float | None = None
    written: bool = False


def fields_from_flags(entry_type: str | None, values: Mapping[str, str | None]) -> tuple[str, dict[str, str]]:
    """``--type book --author ... --title ...`` -> (type, fields)."""
    fields = {k.lower(): v.strip() for k, v in values.items() if v and v.strip()}
    if not fields:
        raise UsageError("give a reference in quotes, or fields (--author, --title, --year, ...)")
    return (entry_type or "misc").lower(), fields


def normalise_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """Whitespace, page-range dashes, DOI and name form the way the rest of citekit writes them."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        value = re.sub(r"\s+", " ", value).strip()
        if not value:
            continue
        if name == "pages":
            value = re.sub(r"\s*(?:-+|–|—)\s*", "--", value)
        elif name == "doi":
            value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
        elif name in ("author", "editor"):
            value = _names(value)
        elif name == "year":
            # "c. 1999", "1999." -> 1999; anything else is kept for check to judge
            match = re.fullmatch(r"\D{0,6}?(\d{4})[.,]?", value)
            value = match.group(1) if match else value
        out[name] = value
    return out


def _names(value: str) -> str:
    """"Last, First and Last, First", whatever the input's "and"s and commas."""
    from pybtex.database import Person

    people = [p.strip() for p in re.split(r"\s+and\s+", value) if p.strip()]
    formatted = []
    for person in people:
        try:
            parsed = Person(person)
        except Exception:  # noqa: BLE001 - pybtex rejects some odd strings: keep them
            formatted.append(person)
            continue
        last = " ".join(parsed.prelast_names + parsed.last_names)
        first = " ".join(parsed.first_names + parsed.middle_names)
        lineage = " ".join(parsed.lineage_names)
        if not last:
            formatted.append(person)
        elif lineage:
            formatted.append(f"{last}, {lineage}, {first}".rstrip(", "))
        else:
            formatted.append(f"{last}, {first}" if first else last)
    return " and ".join(formatted)


def format_entry(key: str, entry_type: str, fields: Mapping[str, str]) -> str:
    """A BibTeX entry: braced values, conventional field order, LaTeX specials escaped."""
    order = {name: i for i, name in enumerate(FIELD_ORDER)}
    names = sorted(fields, key=lambda n: (order.get(n, len(order)), n))
    width = max((len(n) for n in names), default=0)
    lines = [f"@{entry_type}{{{key},"]
    for name in names:
        value = fields[name]
        if name not in ("url", "doi"):
            value = _SPECIAL.sub(r"\\\1", value)
        lines.append(f"  {name.ljust(width)} = {{{balance_braces(value)}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def house_style(entry_text: str) -> str:
    """The entry as ``citekit fmt`` would write it with the project's settings (month
    macros, field order, layout), so an added entry looks like the rest of a formatted file."""
    try:
        from citekit.config import section
        from citekit.fmt import fmt_text
        from citekit.fmt.settings import FmtSettings
    except ImportError:  # fmt not in this build
        return entry_text
    settings = FmtSettings.from_config(section("fmt"))
    formatted = fmt_text(entry_text, settings, disable=("keys", "sort"))
    return formatted if formatted.strip() else entry_text



def _norm_title(title: str) -> str:
    from unidecode import unidecode

    title = re.sub(r"[{}\\]", "", title)
    return re.sub(r"[^a-z0-9]+", " ", unidecode(title).lower()).strip()


def _first_surname(names: str) -> str:
    first = re.split(r"\s+and\s+", names.strip())[0] if names.strip() else ""
    if "," in first:
        surname = first.split(",")[0]
    else:
        surname = first.split()[-1] if first.split() else ""
    from unidecode import unidecode

    return re.sub(r"[^a-z]", "", unidecode(surname).lower())


def find_duplicate(fields: Mapping[str, str], bibliography) -> Duplicate | None:
    """An entry of ``bibliography`` for the same work: same DOI, or same first author and
    year with a title at least :data:`TITLE_SIMILARITY` similar."""
    from rapidfuzz import fuzz

    doi = fields.get("doi", "").lower()
    title = _norm_title(fields.get("title", ""))
    author = _first_surname(fields.get("author") or fields.get("editor", ""))
    year = fields.get("year") or fields.get("date", "")[:4]
    for bib_file, entry in bibliography.iter_entries():
        other = bibliography.fields(entry)
        line = (entry.start_line or 0) + 1
        other_doi = normalise_fields({"doi": other.get("doi", "")}).get("doi", "").lower()
        if doi and other_doi and doi == other_doi:
            return Duplicate(entry.key, bib_file.path, line, f"same DOI {doi}")
        other_year = other.get("year") or other.get("date", "")[:4]
        if not title or not year or year != other_year:
            continue
        other_author = _first_surname(other.get("author") or other.get("editor", ""))
        if author != other_author:
            continue
        similarity = fuzz.ratio(title, _norm_title(other.get("title", "")))
        if similarity >= TITLE_SIMILARITY:
            return Duplicate(entry.key, bib_file.path, line,
                             f"same author, year and title ({similarity:.0f}% alike)")
    return None


def add(
    reference: str | None = None,
    to: str | None = None,
    *,
    entry_type: str | None = None,
    fields: Mapping[str, str | None] | None = None,
    key: str | None = None,
    dry_run: bool = False,
) -> AddResult:
    """Parse ``reference`` (or take ``entry_type`` + ``fields``), and append it to ``to``.

    Nothing is written when ``dry_run``, or when the file already has the work
    (``result.duplicate`` says which entry).
    """
    if not to:
        raise UsageError("say which .bib file to add to (--to refs.bib)")
    confidence = None
    if reference and reference.strip():
        from citekit.refparse import parse_reference

        parsed = parse_reference(reference.strip())
        kind, raw = parsed.entry_type or "misc", dict(parsed.fields)
        confidence = parsed.confidence
        for name, value in (fields or {}).items():  # flags override what the parser found
            if value and value.strip():
                raw[name.lower()] = value.strip()
        if entry_type:
            kind = entry_type
    else:
        kind, raw = fields_from_flags(entry_type, fields or {})
    kind = kind.lower()
    normalised = normalise_fields(raw)
    if not normalised:
        raise UsageError("nothing recognisable in that reference")

    path = Path(to)
    from citekit.bibfile import load, loads

    if path.exists():
        from citekit.interchange import require_bibtex

        require_bibtex([str(path)], "add --to")  # appending BibTeX would corrupt it
        bibliography = load([str(path)])
    else:
        bibliography = loads("", str(path))
    duplicate = find_duplicate(normalised, bibliography)
    taken = {entry.key for _f, entry in bibliography.iter_entries()}
    taken |= {k.lower() for k in taken}
    if key:
        if key in taken or key.lower() in taken:
            raise UsageError(f"key {key!r} is already used in {to}")
        new_key = key
    else:
        from citekit.keys import make_key

        new_key = make_key({**normalised, "entrytype": kind}, taken)
    entry_text = house_style(format_entry(new_key, kind, normalised))
    result = AddResult(new_key, kind, normalised, entry_text, duplicate=duplicate,
                       confidence=confidence)
    first_line = _next_entry_line(path)
    result.diagnostics = [replace(d, line=d.line + first_line - 1) if d.line else d
                          for d in _check(entry_text, str(path), new_key)]
    if duplicate is None and not dry_run:
        append_entry(path, entry_text)
        result.written = True
    return result


def _next_entry_line(path: Path) -> int:
    """The line an appended entry will start on (for diagnostics about it)."""
    try:
        data = path.read_bytes()
    except OSError:
        return 1
    if not data:
        return 1
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    blank = data.endswith(b"\n\n") or data.endswith(b"\r\n\r\n")
    return lines + (1 if blank else 2)


def _check(entry_text: str, path: str, key: str) -> list[Diagnostic]:
    """What ``citekit check`` says about the new entry on its own."""
    try:
        from citekit.bibfile import loads
        from citekit.check import check
    except ImportError:  # check not installed in this build: add still works
        return []
    bibliography = loads(entry_text, path)
    return [d for d in check(bibliography=bibliography) if d.key in (None, key)]


def append_entry(path: Path, entry_text: str) -> None:
    """Append an entry: the file's bytes are kept as they are, its encoding and line ends used."""
    from citekit.atomic import write_atomic
    from citekit.bibfile.decode import decode

    if path.exists():
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableInputError(f"{path}: cannot read: {exc}") from exc
        decoded = decode(data)
        text, encoding = decoded.text, decoded.encoding
        if text.encode(encoding) != data:
            # re-encoding would change the file (e.g. a BOM): append raw bytes instead
            newline = b"\r\n" if b"\r\n" in data else b"\n"
            sep = b"" if not data or data.endswith(b"\n\n") or data.endswith(b"\r\n\r\n") else (
                newline if data.endswith(newline) else newline * 2)
            addition = entry_text.replace("\n", newline.decode()).encode(encoding, "replace")
            _write_bytes_atomic(path, data + sep + addition)
            return
    else:
        text, encoding = "", "utf-8"
    newline = "\r\n" if "\r\n" in text else "\n"
    if not text:
        sep = ""
    elif text.endswith(newline * 2):
        sep = ""
    elif text.endswith(newline):
        sep = newline
    else:
        sep = newline * 2
    try:
        entry_text.encode(encoding)
    except UnicodeEncodeError:
        from pylatexenc.latexencode import unicode_to_latex

        entry_text = unicode_to_latex(entry_text, non_ascii_only=True)
    write_atomic(path, text + sep + entry_text.replace("\n", newline), encoding=encoding)


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    from citekit.atomic import write_atomic_bytes

    write_atomic_bytes(path, data)
