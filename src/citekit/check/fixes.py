"""``check --fix``: apply the safe fixes, through fmt's passes and the lossless writer.

A fix is safe when it cannot change what an entry means: an en dash for a hyphen in a
page range (F106), a bare DOI for a DOI written as a URL (F113). Those are exactly
fmt's ``pages`` and ``doi`` passes, so ``--fix`` runs only them, with every other pass
off: untouched entries are written back byte for byte.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from citekit.check.codes import CODES

#: finding code -> the fmt pass that fixes it
SAFE_FIX_PASSES = {"F106": "pages", "F113": "doi"}


def safe_passes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[str]:
    """The fmt passes for the safe fixes the selection allows."""
    select = tuple(s.upper() for s in select)
    ignore = tuple(s.upper() for s in ignore)
    chosen = []
    for code, name in SAFE_FIX_PASSES.items():
        assert CODES[code].safe_fix
        if select and not code.startswith(select):
            continue
        if ignore and code.startswith(ignore):
            continue
        chosen.append(name)
    return chosen


def apply_fixes(sources: Sequence[str], *, in_place: bool = False, select: Iterable[str] = (),
                ignore: Iterable[str] = ()) -> dict[str, str]:
    """The fixed text of each source (path -> text); with ``in_place`` changed files are rewritten."""
    from citekit.atomic import write_atomic
    from citekit.errors import UsageError
    from citekit.fmt import fmt

    if in_place and "-" in sources:
        raise UsageError("--fix -i cannot rewrite stdin; leave out -i to print the fixed text")
    if in_place:
        from citekit.interchange import require_bibtex

        require_bibtex(sources, "check --fix -i")
    passes = safe_passes(select, ignore)
    report = fmt(list(sources), no_passes=True, enable=passes, use_config=False)
    out: dict[str, str] = {}
    for formatted in report.files:
        out[formatted.path] = formatted.formatted
        if in_place and formatted.changed:
            data, encoding = formatted.encoded()
            write_atomic(formatted.path, formatted.formatted, encoding=encoding)
    return out
