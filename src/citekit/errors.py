"""Exit codes and the exceptions that carry them.

One table, shared by every command, printed in ``citekit --help`` and the README.
A command raises a :class:`CitekitError` subclass; the CLI turns it into a message
on stderr and the matching exit code (a traceback only with ``--debug``).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  #: fine
    FINDINGS = 1  #: findings reported, or (fmt --check) the input would change
    USAGE = 2  #: usage error: unknown option, style, file
    UNREADABLE = 3  #: an input could not be read or parsed at all
    UNRESOLVED = 4  #: citations that no entry answers
    INTERNAL = 5  #: citekit itself failed (a bug): please report it


EXIT_CODE_TABLE = """\
Exit codes (the same for every command):
  0  fine
  1  findings reported, or --check: the input would change
  2  usage error: unknown option, style or file
  3  an input could not be read or parsed at all
  4  unresolved citations: keys that no entry answers
  5  citekit itself failed (a bug; please report it, --debug shows the traceback)"""


class CitekitError(Exception):
    """An error caused by the user's input or request, reported without a traceback."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(CitekitError):
    exit_code = ExitCode.USAGE


class UnreadableInputError(CitekitError):
    exit_code = ExitCode.UNREADABLE


class UnresolvedCitationsError(CitekitError):
    exit_code = ExitCode.UNRESOLVED
