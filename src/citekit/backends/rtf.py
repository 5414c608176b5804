"""RTF: groups with character formatting; non-ASCII as \\uN? escapes."""

from __future__ import annotations

from citekit.backends.base import CitekitBackend


def rtf_escape(text: str) -> str:
    out = []
    for c in text:
        code = ord(c)
        if c in "\\{}":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\line ")
        elif code < 128:
            out.append(c)
        elif code == 0xA0:
            out.append("\\~")
        elif code <= 0xFFFF:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
        else:  # outside the BMP: a UTF-16 surrogate pair
            v = code - 0x10000
            for unit in (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)):
                out.append(f"\\u{unit - 65536}?")
    return "".join(out)


class RtfBackend(CitekitBackend):
    name = "citekit-rtf"
    default_suffix = ".rtf"
    symbols = {"ndash": "\\u8211?", "newblock": " ", "nbsp": "\\~"}
    tags = {
        "i": ("{\\i ", "}"),
        "b": ("{\\b ", "}"),
        "code": ("{\\f1 ", "}"),
        "sc": ("{\\scaps ", "}"),
        "sup": ("{\\super ", "}"),
        "sub": ("{\\sub ", "}"),
        "u": ("{\\ul ", "}"),
        "nostyle": ("{\\i0 ", "}"),
        "noweight": ("{\\b0 ", "}"),
        "novariant": ("{\\scaps0 ", "}"),
        "nodecoration": ("{\\ul0 ", "}"),
        "left-margin": ("", "\\tab "),
        "block": ("\\line ", ""),
    }

    def escape(self, text: str) -> str:
        return rtf_escape(text)
