"""``convert``: BibTeX <-> CSL-JSON <-> RIS, saying what the target cannot carry.

Every conversion goes through the two mappings of this package: BibTeX <-> CSL-JSON
(:mod:`citekit.interchange.csljson`, the bridge render uses) and CSL-JSON <-> RIS
(:mod:`citekit.interchange.ris`). BibTeX output is fmt's canonical form.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Union

from citekit.diagnostics import Diagnostic, Severity, with_columns
from citekit.errors import UsageError
from citekit.interchange import BIBTEX, CSLJSON, FORMATS, RIS, format_of_name

#: Diagnostic code of a value the target format cannot hold (documented in docs/codes.md).
NOT_CARRIED = "I901"


@dataclass
class ConvertResult:
    """The converted text, its format, and one diagnostic per thing left behind."""

    output: str
    to: str
    entries: int
    diagnostics: list[Diagnostic] = field(default_factory=list)


Path_ = Union[str, "os.PathLike[str]"]


def convert(
    sources: Path_ | Iterable[Path_],
    to: str | None = None,
    output: Path_ | None = None,
    *,
    stdin: bytes | None = None,
) -> ConvertResult:
    """Convert ``sources`` (any of the three formats, told apart by content) to ``to``
    (bibtex, csljson or ris; by default what ``output``'s suffix says). With ``output``
    the result is also written there, atomically."""
    paths = [os.fspath(sources)] if isinstance(sources, (str, os.PathLike)) else [
        os.fspath(s) for s in sources]
    target = _target(to, output)
    from citekit.bibfile import load

    bibliography = load(paths, stdin=stdin)
    diagnostics = [d for d in bibliography.diagnostics] + _read_losses(paths)
    lines = {e.key: (f.path, (e.start_line or 0) + 1) for f, e in bibliography.iter_entries()}
    if target == BIBTEX:
        from citekit.fmt import format_bibliography
        from citekit.fmt.settings import FmtSettings

        report = format_bibliography(bibliography, FmtSettings().with_passes(disable=["keys"]))
        text = "".join(f.formatted for f in report.files)
        return _finish(text, target, len(bibliography), diagnostics, output)
    from citekit.interchange.csljson import entries_to_items

    triples = [(e.key, e.entry_type, bibliography.fields(e)) for _, e in bibliography.iter_entries()]
    converted = entries_to_items(triples)
    losses = [(loss.key, loss.what) for loss in converted.losses]
    if target == CSLJSON:
        text = json.dumps(converted.items, ensure_ascii=False, indent=2) + "\n"
    else:
        from citekit.interchange.ris import items_to_ris

        text, ris_losses = items_to_ris(converted.items)
        losses.extend(ris_losses)
    diagnostics.extend(_loss_report(losses, lines, _NAMES[target]))
    return _finish(text, target, len(converted.items), diagnostics, output)


#: a loss shown with its place this many times; the rest of its entries are counted
SHOWN = 3


def _loss_report(losses: list[tuple[str, str]], lines: dict[str, tuple[str, int]],
                 target: str) -> list[Diagnostic]:
    """One diagnostic per lost value, in file order; a loss that repeats in many entries
    (a field every entry of a file has) is shown :data:`SHOWN` times, then counted."""
    by_what: dict[str, list[str]] = {}
    for key, what in losses:
        by_what.setdefault(what, []).append(key)
    placed, counted = [], []
    for what, keys in by_what.items():
        for key in keys[:SHOWN]:
            path, line = lines.get(key, ("", 0))
            placed.append(Diagnostic(path, line, NOT_CARRIED, Severity.WARNING,
                                     f"{what}; not carried into {target}", key=key or None))
        if len(keys) > SHOWN:
            path = lines.get(keys[SHOWN], ("", 0))[0]
            counted.append(Diagnostic(path, 0, NOT_CARRIED, Severity.WARNING,
                                      f"{what}: in {len(keys) - SHOWN} more entries too; "
                                      f"not carried into {target}"))
    placed.sort(key=lambda d: (d.file, d.line))
    return placed + counted


def _read_losses(sources: list[str]) -> list[Diagnostic]:
    """What reading a CSL-JSON file left out (values that are neither text, number, names
    nor date, keys that are no CSL variable): the loader reads such files silently."""
    from citekit.interchange import decode_text, read_csljson, sniff_bytes
    from citekit.interchange.csljson import items_to_entries

    out = []
    for source in sources:
        if source == "-" or not Path(source).is_file():
            continue
        data = Path(source).read_bytes()
        if sniff_bytes(data, source) != CSLJSON:
            continue
        text = decode_text(data, source)
        records = read_csljson(text, source)
        _, losses = items_to_entries([item for item, _ in records])
        line_of: dict[str, int] = {}
        for item, line in records:
            line_of.setdefault(str(item.get("id", "")), line)
        found = [Diagnostic(source, line_of.get(loss.key, 0), NOT_CARRIED, Severity.WARNING,
                            f"{loss.what}; not read", key=loss.key) for loss in losses]
        out.extend(with_columns(found, text))
    return out


_NAMES = {BIBTEX: "BibTeX", CSLJSON: "CSL-JSON", RIS: "RIS"}
_ALIASES = {"bib": BIBTEX, "bibtex": BIBTEX, "biblatex": BIBTEX, "json": CSLJSON,
            "csljson": CSLJSON, "csl-json": CSLJSON, "csl": CSLJSON, "ris": RIS}


def _target(to: str | None, output: Path_ | None) -> str:
    if to:
        target = _ALIASES.get(to.lower())
        if target is None:
            raise UsageError(f"unknown format {to!r}; choose one of {', '.join(FORMATS)}")
        return target
    if output and os.fspath(output) != "-":
        target = format_of_name(os.fspath(output))
        if target is None:
            raise UsageError(f"{os.fspath(output)}: cannot tell the format from the suffix "
                             "(.bib, .json, .ris); give --to")
        return target
    raise UsageError("give -o FILE with a .bib, .json or .ris suffix, or --to FORMAT")


def _finish(text: str, target: str, entries: int, diagnostics: list[Diagnostic],
            output: Path_ | None) -> ConvertResult:
    if output and os.fspath(output) != "-":
        from citekit.atomic import write_atomic

        write_atomic(Path(os.fspath(output)), text)
    return ConvertResult(text, target, entries, diagnostics)
