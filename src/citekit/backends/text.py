"""Plain text: no markup at all; display blocks become spaces."""

from __future__ import annotations

from citekit.backends.base import CitekitBackend


class TextBackend(CitekitBackend):
    name = "citekit-text"
    default_suffix = ".txt"
    tags = {"left-margin": ("", " "), "block": (" ", " "), "indent": (" ", " ")}
    #: pandoc's plain writer upper-cases small caps; off by default (letters as written).
    smallcaps_upper = False

    def format_tag(self, tag_name, text):
        if tag_name == "sc" and self.smallcaps_upper:
            return text.upper()
        return super().format_tag(tag_name, text)


class UpperSmallCapsTextBackend(TextBackend):
    """Text the way pandoc's plain writer gives it (for comparing with pandoc)."""

    name = "citekit-text-upper"
    smallcaps_upper = True
