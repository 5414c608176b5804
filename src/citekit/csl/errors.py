"""Errors for bad styles: they name the file and the element so a user can fix the style."""

from __future__ import annotations

from citekit.errors import UnreadableInputError, UsageError


class CSLError(UnreadableInputError):
    """A malformed CSL style or locale (names the file, element and line)."""


class StyleNotFound(UsageError):
    """No installed style by that name, and no such .csl file."""
