"""Stage 1 of the document reader: the inputs users have -> text (and what the file says of itself).

A student's essay is a .docx, a paper is a PDF, a source is a web page; the rest of the
reader wants plain text with line breaks. Each format is read by a well-kept library:
PDF text layers by ``pypdf``, HTML main text and metadata (title, author, date, site name)
by ``trafilatura``, DOCX paragraphs and core properties by ``python-docx``; Markdown's
YAML front matter (title, author, date) is its metadata and its emphasis marks are not
text; plain text is read as it is. The format is told by the content (``%PDF``, a zip with
``word/document.xml``, ``<html``), not only by the file name, so stdin works too.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from citekit.errors import UnreadableInputError, UsageError

__all__ = ["SourceText", "read_source", "read_bytes", "document_text", "STDIN_NAME", "BINARY_SUFFIXES"]

STDIN_NAME = "<stdin>"
BINARY_SUFFIXES = (".pdf", ".docx")


@dataclass
class SourceText:
    """A source as text: ``kind`` is pdf, html, docx, markdown or text; ``metadata`` holds
    what the file states about itself (BibTeX field names: title, author, year, date, url,
    organization)."""

    text: str
    label: str
    kind: str
    metadata: dict[str, str] = field(default_factory=dict)


def read_source(name: str, stdin_data: bytes | str | None = None) -> SourceText:
    """Read a path ("-" is standard input) as text, whatever its format."""
    if name == "-":
        if stdin_data is None:
            buffer = getattr(sys.stdin, "buffer", None)
            stdin_data = buffer.read() if buffer is not None else sys.stdin.read()
        data = stdin_data
        if isinstance(data, str):
            return SourceText(data, STDIN_NAME, "text")
        return read_bytes(data, STDIN_NAME)
    path = Path(name)
    if not path.exists():
        raise UsageError(f"{name}: no such file")
    if path.is_dir():
        raise UsageError(f"{name}: is a directory")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(f"{name}: cannot read: {exc.strerror}") from exc
    return read_bytes(data, name)


def document_text(name: str) -> str:
    """Just the text of a document (for ``check --against`` and ``insert``)."""
    return read_source(name).text


def read_bytes(data: bytes, label: str) -> SourceText:
    suffix = Path(label).suffix.lower()
    if data[:5] == b"%PDF-":
        return _pdf(data, label)
    if data[:2] == b"PK" and _is_docx(data):
        return _docx(data, label)
    if b"\x00" in data[:4096]:
        raise UnreadableInputError(f"{label}: a binary file, not text, PDF, DOCX or HTML")
    text = _decode(data)
    head = text[:2000].lstrip().lower()
    if suffix in (".html", ".htm", ".xhtml") or head.startswith(("<!doctype html", "<html")) or (
        "<html" in head and "<body" in text[:20000].lower()
    ):
        return _html(text, label)
    if suffix in (".md", ".markdown", ".qmd", ".rmd"):
        return _markdown(text, label)
    return SourceText(text, label, "text")


_FRONT_MATTER = re.compile(r"^---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)
# *x*, **x**, _x_, __x__ on one line (not inside words, not escaped), with the punctuation
# right after the closing mark
_EMPHASIS = re.compile(r"(?<![\w*\\])(\*\*?|__?)(?=\S)([^\n]*?\S)\1(?![\w*])([.,;:!?)\]]*)")


_HEADING_MARK = re.compile(r"(?m)^#{1,6}(?=[ \t])")


def _markdown(text: str, label: str) -> SourceText:
    """A Markdown essay: its front matter is what the file says of itself, not its text,
    ``*Title*.`` is a title and a full stop, ``# Heading`` a heading. Both are blanked in place (same length, same
    lines), so every line and column the reader reports is the file's own."""
    from citekit.citations.core import front_matter

    meta: dict[str, str] = {}
    for name, value in front_matter(text).items():
        if name in ("title", "author", "date") and value:
            if isinstance(value, list):
                value = " and ".join(str(v) for v in value)
            meta[name] = _authors(str(value)) if name == "author" else str(value).strip()
    head = _FRONT_MATTER.match(text) if meta or text.startswith("---") else None
    if head:
        text = re.sub(r"[^\n]", " ", head.group()) + text[head.end():]
    text = _EMPHASIS.sub(lambda m: " " * len(m[1]) + m[2] + m[3] + " " * len(m[1]), text)
    text = _HEADING_MARK.sub(lambda m: " " * len(m[0]), text)
    return SourceText(text, label, "markdown", meta)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _pdf(data: bytes, label: str) -> SourceText:
    """The text layer, page by page (a blank line between pages); no text layer is an error."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise UnreadableInputError(f"{label}: not a readable PDF: {exc}") from exc
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise UnreadableInputError(f"{label}: the PDF has no text layer (a scan? run OCR first)")
    meta: dict[str, str] = {}
    info = reader.metadata or {}
    if info.get("/Title") and str(info["/Title"]).strip():
        meta["title"] = str(info["/Title"]).strip()
    if info.get("/Author") and str(info["/Author"]).strip():
        meta["author"] = _authors(str(info["/Author"]))
    return SourceText(text + "\n", label, "pdf", meta)


def _docx(data: bytes, label: str) -> SourceText:
    """Paragraphs as lines (a blank line between paragraphs, as an essay reads), tables too."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        raise UnreadableInputError(f"{label}: not a readable DOCX: {exc}") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    text = "\n\n".join(p for p in parts if p.strip()) + "\n"
    meta: dict[str, str] = {}
    props = document.core_properties
    if props.title:
        meta["title"] = props.title.strip()
    if props.author and props.author.strip().lower() not in {"python-docx", "unknown", "user", "author"}:
        meta["author"] = _authors(props.author)
    return SourceText(text, label, "docx", meta)


def _html(html: str, label: str) -> SourceText:
    """The page's main text and its metadata (trafilatura; no network: the page is given)."""
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False,
                               include_tables=True, include_links=False, favor_recall=True) or ""
    meta: dict[str, str] = {}
    found = trafilatura.extract_metadata(html)
    if found is not None:
        if found.title:
            meta["title"] = found.title.strip()
        if found.author:
            meta["author"] = _authors(found.author)
        if found.date:
            meta["date"] = found.date
            meta["year"] = found.date[:4]
        if found.sitename:
            meta["organization"] = found.sitename.strip()
        if found.url:
            meta["url"] = found.url
    if not text.strip():
        raise UnreadableInputError(f"{label}: no main text found in the HTML page")
    # trafilatura drops the title from the main text; put it back as the first line
    title = meta.get("title")
    if title and not " ".join(text.split()).startswith(" ".join(title.split())):
        text = f"{title}\n\n{text}"
    return SourceText(text.rstrip("\n") + "\n", label, "html", meta)


def _authors(value: str) -> str:
    """"A; B" or "A, B and C" as BibTeX's "A and B and C"."""
    names = [n.strip() for n in re.split(r"\s*;\s*|\s+and\s+|\s*&\s*", value) if n.strip()]
    return " and ".join(names)
