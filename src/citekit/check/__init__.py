"""``citekit check``: what is missing or wrong in a bibliography and in a document's citations.

The library entry point is :func:`check`; the CLI (citekit.cli.check) only formats
its findings. Codes and severities: :mod:`citekit.check.codes` / docs/codes.md.
"""

from citekit.check.runner import at_or_above, check

__all__ = ["check", "at_or_above"]
