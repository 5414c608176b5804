"""What the command line shows a person at a terminal: progress bars and colours.

Both go to stderr only when stderr is a terminal, so pipes, files and CI logs get exactly
the output and diagnostics and nothing else. A bar is click's, one phase at a time
("render: reading", "render: formatting 6000/12000"), redrawn at most ten times a second
and erased when the command ends. Colours follow https://no-color.org: ``NO_COLOR`` set
to anything non-empty turns them off.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from citekit.diagnostics import Severity
from citekit.progress import reporting

#: seconds between two redraws of a bar
REDRAW = 0.1
#: severity -> colour of its code in `check` output
SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def stderr_is_terminal() -> bool:
    stream = sys.stderr
    return bool(getattr(stream, "isatty", None)) and stream.isatty()


def colour_enabled(stream: Any = None) -> bool:
    """Colours on ``stream`` (default stdout): a terminal, and NO_COLOR not set."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = sys.stdout if stream is None else stream
    return bool(getattr(stream, "isatty", None)) and stream.isatty()


class ProgressBar:
    """A reporter for :mod:`citekit.progress` that draws one click bar per phase."""

    def __init__(self, command: str, file: Any = None) -> None:
        self.command = command
        self.file = file if file is not None else sys.stderr
        self.phase: str | None = None
        self.total: int | None = None
        self.bar: Any = None
        self.pos = 0
        self.drawn = 0.0

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if phase != self.phase or done < self.pos or (self.total is None and total is not None):
            self._start(phase, total)  # a new phase, the next file's, or the count became known
        elif total is not None and total != self.total:
            self.bar.length = self.total = total  # an estimate corrected on the way
        finished = total is not None and done >= total
        if not finished and now - self.drawn < REDRAW:
            self.pos = done
            return
        self.drawn = now
        step = done - self.bar.pos
        if step > 0:
            self.bar.update(step)
        else:
            self.bar.render_progress()
        self.pos = done

    def _start(self, phase: str, total: int | None) -> None:
        self._clear()
        self.phase, self.total, self.pos = phase, total, 0
        self.bar = click.progressbar(
            _unknown() if total is None else None, length=total,
            label=f"{self.command}: {phase}", file=self.file, show_pos=True,
            show_percent=total is not None, show_eta=total is not None, width=28,
        )
        self.drawn = 0.0

    def _clear(self) -> None:
        if self.bar is not None:
            # erase the line (the bar is a view of the work, not part of the output)
            self.file.write("\r\033[K")
            self.file.flush()
            self.bar = None

    def close(self) -> None:
        self._clear()
        self.file.write("\033[?25h")  # click hides the cursor while a bar is drawn
        self.file.flush()


@contextmanager
def progress(command: str, quiet: bool = False) -> Iterator[ProgressBar | None]:
    """Show the progress of the library calls inside the block (a terminal only)."""
    if quiet or not stderr_is_terminal():
        yield None
        return
    bar = ProgressBar(command)
    try:
        with reporting(bar):
            yield bar
    finally:
        bar.close()


def fmt_callback(bar: ProgressBar | None) -> Callable[[int, int], None] | None:
    """fmt's own ``progress(done, total)`` callback (total 0: not known) for a bar."""
    if bar is None:
        return None

    def callback(done: int, total: int) -> None:
        bar("formatting", done, total or None)

    return callback


def severity_style(text: str, severity: Severity, enabled: bool) -> str:
    if not enabled:
        return text
    return click.style(text, fg=SEVERITY_COLOURS.get(severity), bold=True if severity is Severity.ERROR else None)


def colour_finding(line: str, code: str, severity: Severity, enabled: bool) -> str:
    """``file:line:col: CODE message`` with the place dimmed and the code in its colour."""
    if not enabled:
        return line
    at = line.find(f": {code} ") if code else -1
    if at < 0:
        return line
    place, rest = line[:at + 1], line[at + 2 + len(code):]
    return click.style(place, dim=True) + " " + severity_style(code, severity, True) + rest


def _unknown() -> Iterator[int]:
    """An iterable click cannot measure: its bar then pulses and shows a count only."""
    yield from ()
