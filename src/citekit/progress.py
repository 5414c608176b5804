"""Progress of the long library loops (reading, converting, checking, formatting entries).

The library does not print: its loops call :func:`track` (or :func:`advance`), which cost
nothing unless someone installed a reporter with :func:`reporting` — the command line does,
and draws a bar on a terminal (``citekit.cli.terminal``). A reporter is called with
``(phase, done, total)``; ``total`` is None when the count is not known in advance. A
context variable (not a global) holds it, so threads and nested calls do not mix reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

Reporter = Callable[[str, int, "int | None"], None]
T = TypeVar("T")

_reporter: ContextVar[Reporter | None] = ContextVar("citekit_progress", default=None)

#: report every this many items (a bar does not need more, and the loops stay fast)
EVERY = 128


def active() -> bool:
    """Whether anyone is listening (compute an estimated total only then)."""
    return _reporter.get() is not None


def advance(phase: str, done: int, total: int | None = None) -> None:
    """Report that ``done`` of ``total`` items of ``phase`` are finished."""
    reporter = _reporter.get()
    if reporter is not None:
        reporter(phase, done, total)


def track(items: Iterable[T], phase: str, total: int | None = None,
          every: int = EVERY) -> Iterable[T]:
    """``items`` as they are, reporting the count as the loop goes (the iterable itself
    when nobody listens). ``total`` defaults to ``len(items)`` when it has one."""
    reporter = _reporter.get()
    if reporter is None:
        return items
    if total is None and isinstance(items, Sized):
        total = len(items)
    return _tracked(items, phase, total, every, reporter)


def _tracked(items: Iterable[T], phase: str, total: int | None, every: int,
             reporter: Reporter) -> Iterator[T]:
    done = 0
    reporter(phase, 0, total)
    for item in items:
        yield item
        done += 1
        if done % every == 0:
            reporter(phase, done, total)
    reporter(phase, done, done)  # an estimated total was only an estimate: the bar ends full


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Send the progress of everything run inside the block to ``reporter``."""
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)
