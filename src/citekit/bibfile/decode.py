"""Bytes to text without losing a byte: one decode path for every command.

Old .bib files are often Latin-1, Windows-1252 or GBK; some editors save UTF-16.
citekit must not crash on them and must be able to write them back unchanged, so it
decodes with an encoding that round-trips the bytes exactly and tells the user which
one it assumed. The order: a forced codec; UTF-8 (with or without BOM); UTF-16/32 by
their BOM or by the NUL pattern of ASCII text in them; the encoding the file declares;
cp1252; latin-1. Bytes that still hold NUL characters are binary, not BibTeX.
fmt, check and render all read through :func:`decode`, so they agree on every input.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from citekit.errors import UnreadableInputError, UsageError

#: Encodings a file may declare: JabRef's ``% Encoding: X`` or Emacs' ``coding: X``.
_DECLARED = re.compile(rb"(?:%\s*Encoding:\s*|-\*-.*?coding:\s*)([A-Za-z0-9_.:-]+)", re.I)

#: Tried in order after UTF-8 and a declared encoding. cp1252 round-trips every byte it
#: decodes; latin-1 decodes anything, so it is the last resort.
FALLBACKS = ("cp1252", "latin-1")

#: BOMs, longest first (the UTF-32-LE BOM begins with the UTF-16-LE one), and the codec
#: that writes the BOM back (registered below: Python's own utf-16 picks the host's order).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {codec: bom for bom, codec in _BOMS}


def _search_bom_codec(name: str):
    """``utf-16-le-bom`` and friends: a fixed byte order with its BOM in front."""
    base = name.replace("_", "-")
    if not base.endswith("-bom") or base[:-4] not in _BOM_OF:
        return None
    plain, bom = base[:-4], _BOM_OF[base[:-4]]

    def encode(text, errors="strict"):
        return bom + codecs.encode(text, plain, errors), len(text)

    def decode(data, errors="strict"):
        data = bytes(data)
        if data.startswith(bom):
            data = data[len(bom):]
        return codecs.decode(data, plain, errors), len(data)

    return codecs.CodecInfo(encode, decode, name=base)


codecs.register(_search_bom_codec)


@dataclass
class Decoded:
    text: str
    encoding: str  #: the codec that reproduces the bytes (``utf-8-sig`` keeps a BOM)
    #: (line, message) when the bytes were not UTF-8, else None.
    problem: tuple[int, str] | None = None


def _wide(data: bytes) -> str | None:
    """The codec of UTF-16/32 data (``-bom`` when it starts with one), or None.

    With a BOM the answer is certain; without one, ASCII text in UTF-16 has a NUL in
    every other byte (UTF-32: three of four), which no 8-bit text has.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec + "-bom"
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 4 * 4]

    def zeros(offset: int, step: int) -> float:
        column = sample[offset::step]
        return column.count(0) / max(len(column), 1)

    if zeros(0, 4) < 0.05 and min(zeros(1, 4), zeros(2, 4), zeros(3, 4)) > 0.9:
        return "utf-32-le"
    if zeros(3, 4) < 0.05 and min(zeros(0, 4), zeros(1, 4), zeros(2, 4)) > 0.9:
        return "utf-32-be"
    if zeros(0, 2) < 0.05 and zeros(1, 2) > 0.5:
        return "utf-16-le"
    if zeros(1, 2) < 0.05 and zeros(0, 2) > 0.5:
        return "utf-16-be"
    return None


def decode(data: bytes, encoding: str | None = None, path: str = "<input>") -> Decoded:
    """Decode ``data``; ``encoding`` forces a codec (the user knows best).

    Raises :class:`UnreadableInputError` for binary data (NUL characters in the text)
    and :class:`UsageError` for a forced codec that is unknown or does not fit.
    """
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
            text = data.decode(codec, errors="strict")
        except (LookupError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot decode as {encoding}: {exc}") from exc
        return _text_only(Decoded(text, codec), path)
    wide = _wide(data)
    if wide is not None:
        try:
            return _text_only(Decoded(data.decode(wide), wide), path)
        except UnicodeDecodeError:
            pass  # not UTF-16/32 after all: the NUL check below calls it binary
    try:
        if data.startswith(codecs.BOM_UTF8):
            return _text_only(Decoded(data[3:].decode("utf-8"), "utf-8-sig"), path)
        return _text_only(Decoded(data.decode("utf-8"), "utf-8"), path)
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
        bad_byte = data[exc.start : exc.start + 1].hex()
        candidates = []
        declared = None
        found = _DECLARED.search(data[:4096])
        if found:
            name = re.sub(r"-(unix|dos|mac)$", "", found.group(1).decode("ascii"), flags=re.I)
            for alias in (name, name.replace("-", ""), name.replace("-", "_")):
                try:
                    declared = codecs.lookup(alias).name
                except LookupError:
                    continue
                candidates.append(declared)
                break
        candidates.extend(FALLBACKS)
        for codec in candidates:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            how = "as declared in the file" if codec == declared else "guessed"
            message = (
                f"not valid UTF-8 (byte 0x{bad_byte}); read as {codec} ({how}), "
                f"so non-ASCII characters may be wrong; convert the file to UTF-8"
            )
            return _text_only(Decoded(text, codec, (bad_line, message)), path)
        raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _text_only(decoded: Decoded, path: str) -> Decoded:
    if "\x00" in decoded.text:
        line = decoded.text.count("\n", 0, decoded.text.index("\x00")) + 1
        raise UnreadableInputError(
            f"{path}:{line}: a NUL byte: this looks like a binary file, not BibTeX"
        )
    return decoded
