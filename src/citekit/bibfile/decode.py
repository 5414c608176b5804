"""Bytes to text without losing a byte: UTF-8 first, then say what was assumed.

Old .bib files are often Latin-1, Windows-1252 or GBK. citekit must not crash on
them and must be able to write them back unchanged, so it decodes with an encoding
that round-trips the bytes exactly and tells the user which one it assumed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: Encodings a file may declare: JabRef's ``% Encoding: X`` or Emacs' ``coding: X``.
_DECLARED = re.compile(rb"(?:%\s*Encoding:\s*|-\*-.*?coding:\s*)([A-Za-z0-9_.:-]+)", re.I)

#: Tried in order after UTF-8 and a declared encoding. cp1252 round-trips every byte it
#: decodes; latin-1 decodes anything, so it is the last resort.
FALLBACKS = ("cp1252", "latin-1")


@dataclass
class Decoded:
    text: str
    encoding: str  #: the codec that reproduces the bytes (``utf-8-sig`` keeps a BOM)
    #: (line, message) when the bytes were not UTF-8, else None.
    problem: tuple[int, str] | None = None


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode ``data``; ``encoding`` forces a codec (the user knows best)."""
    if encoding:
        codec = codecs.lookup(encoding).name
        return Decoded(data.decode(codec, errors="strict"), codec)
    try:
        if data.startswith(codecs.BOM_UTF8):
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        return Decoded(data.decode("utf-8"), "utf-8")
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
            return Decoded(text, codec, (bad_line, message))
        raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover
