"""Atomic file writing: a temp file in the same directory, then rename.

citekit never truncates a user's file: either the old content or the complete new
content is on disk, never a half-written one. The original file's mode and owner are
kept; a symlink is written through (its target is replaced, the link stays, as editors
do). A missing directory is a usage error before anything is written. A temp file left
by a killed run (``.NAME.citekit-PID.tmp``, PID no longer running) is removed by the
next write to the same file.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import tempfile
from pathlib import Path

from citekit.errors import UsageError


def check_writable(path: str | os.PathLike[str]) -> Path:
    """The real file to write for ``path``; a UsageError if its directory is missing."""
    target = Path(os.path.realpath(os.fspath(path)))
    directory = target.parent
    if not directory.is_dir():
        raise UsageError(f"{os.fspath(path)}: directory {os.fspath(Path(path).parent) or '.'} does not exist")
    if target.is_dir():
        raise UsageError(f"{os.fspath(path)}: is a directory")
    return target


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(directory: Path, name: str) -> None:
    pattern = re.compile(re.escape(f".{name}.citekit-") + r"(\d+)\.[^.]+\.tmp\Z")
    try:
        candidates = [p for p in os.listdir(directory) if p.startswith(f".{name}.citekit-")]
    except OSError:
        return
    for candidate in candidates:
        found = pattern.match(candidate)
        if found and int(found.group(1)) != os.getpid() and not _alive(int(found.group(1))):
            try:
                os.unlink(directory / candidate)
            except OSError:
                pass


def write_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (same-directory temp file + ``os.replace``)."""
    _write_atomic(path, lambda handle: handle.writelines(encode_chunks(text, encoding)))


#: characters encoded at a time when writing: a big file's bytes are never all in memory
CHUNK = 1 << 20


def encode_chunks(text: str, encoding: str = "utf-8"):
    """``text.encode(encoding)`` in pieces (one byte-order mark, as one encode gives)."""
    if len(text) <= CHUNK:
        yield text.encode(encoding)
        return
    encoder = codecs.getincrementalencoder(encoding)()
    for start in range(0, len(text), CHUNK):
        yield encoder.encode(text[start : start + CHUNK])
    yield encoder.encode("", final=True)


def write_atomic_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """:func:`write_atomic` for bytes already encoded."""
    _write_atomic(path, lambda handle: handle.write(data))


def write_atomic_chunks(path: str | os.PathLike[str], chunks, encoding: str | None = None) -> None:
    """:func:`write_atomic` for content made piece by piece (``chunks``: bytes, or str
    encoded with ``encoding``): a big document is never whole in memory, and the old
    file stays until the last piece is written."""

    def write(handle) -> None:
        encoder = codecs.getincrementalencoder(encoding)() if encoding else None
        for chunk in chunks:
            handle.write(encoder.encode(chunk) if encoder else chunk)
        if encoder:
            handle.write(encoder.encode("", final=True))

    _write_atomic(path, write)


def _write_atomic(path: str | os.PathLike[str], write) -> None:
    target = check_writable(path)
    directory = target.parent
    owner = None
    try:
        info = target.stat()
        mode = stat.S_IMODE(info.st_mode)
        owner = (info.st_uid, info.st_gid)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    _remove_stale(directory, target.name)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.citekit-{os.getpid()}.", suffix=".tmp", dir=directory
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        if owner is not None and hasattr(os, "chown"):
            try:
                os.chown(tmp_name, *owner)
            except OSError:
                pass  # not allowed to give the file away: it stays ours
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
