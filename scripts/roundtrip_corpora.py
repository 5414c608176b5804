#!/usr/bin/env python3
"""Round-trip figures for ``citekit fmt`` on whole corpora of real and tricky .bib files.

For every file it checks, and prints as a table:
  * all passes off: the output bytes equal the input bytes (else: are the differences
    covered by reported parse errors?);
  * default passes: every entry keeps its set of fields (no value lost), no entry is
    lost, and fmt(fmt(x)) == fmt(x).

Usage: python scripts/roundtrip_corpora.py [DIR_OR_FILE ...]
(default: ../shared/corpora/real and ../shared/corpora/tricky). Exit status 1 if any
file fails a check.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from citekit.bibfile import load
from citekit.fmt import FmtSettings, fmt
from citekit.fmt.passes import doi_of_url

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [ROOT.parent / "shared/corpora/real", ROOT.parent / "shared/corpora/tricky"]


@dataclass
class Row:
    path: str
    entries: int
    errors: int
    identical_all_off: bool
    fields_kept: bool
    entries_kept: bool
    idempotent: bool
    values_kept: bool = True
    note: str = ""

    @property
    def ok(self) -> bool:
        return (self.identical_all_off and self.fields_kept and self.entries_kept
                and self.idempotent and self.values_kept)


def _named(bib, entry) -> dict[str, str]:
    """An entry's fields as meant, with a DOI link that is its only DOI named ``doi``
    (fmt's url-doi pass moves it there: a rename, not a loss)."""
    fields = bib.fields(entry)
    if "doi" not in fields and doi_of_url(fields.get("url", "")):
        fields["doi"] = doi_of_url(fields.pop("url"))
    return fields


def _field_sets(bib) -> list[frozenset[str]]:
    return [frozenset(_named(bib, e)) for _, e in bib.iter_entries()]


#: Fields a default pass rewrites on purpose (names reordered, 12-19 -> 12--19, ...).
REWRITTEN = {"author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc",
             "annotator", "commentator", "introduction", "foreword", "afterword", "holder",
             "pages", "month", "doi", "url"}


def _meaning(name: str, value: str):
    """What a value says, as a pass may not change it: the words of a name list (any
    order; BibTeX's "and" separator in any case), the words of pages or a DOI, the rest of other fields."""
    if name in REWRITTEN and name not in ("pages", "month", "doi", "url"):
        return sorted(w for w in value.replace(",", " ").split() if w.lower() != "and")
    if name == "pages":
        return re.findall(r"\w+", value)
    if name == "doi":
        return value.strip().lower()[-8:]
    if name in ("month", "url"):
        return bool(value.strip())
    return " ".join(value.split())


def _values(bib) -> list[dict[str, object]]:
    """Each entry's field values as meant (see _meaning)."""
    return [{k: _meaning(k, v) for k, v in _named(bib, e).items()} for _, e in bib.iter_entries()]


def check_file(path: Path) -> Row:
    raw = path.read_bytes()
    before = load(path)
    errors = sum(d.severity.value == "error" for d in before.diagnostics)
    off = fmt([path], settings=FmtSettings().with_passes(none=True))
    out_bytes, _ = off.files[0].encoded()
    identical = out_bytes == raw

    on = fmt([path], settings=FmtSettings())
    once_text = on.files[0].formatted
    once_bytes, encoding = on.files[0].encoded()
    once = load("-", stdin=once_bytes, encoding=encoding)
    fields_before, fields_after = _field_sets(before), _field_sets(once)
    entries_kept = len(fields_before) == len(fields_after)
    fields_kept = entries_kept and fields_before == fields_after
    twice = fmt(["-"], settings=FmtSettings(), stdin=once_bytes, encoding=encoding)
    idempotent = twice.files[0].formatted == once_text
    values_kept = entries_kept and _values(before) == _values(once)
    note = ""
    if entries_kept and not values_kept:
        diff = [(e.key, sorted(k for k in a if a[k] != b.get(k)))
                for (_, e), a, b in zip(before.iter_entries(), _values(before), _values(once)) if a != b]
        note = f"values differ: {diff[:2]}"
    if not fields_kept and entries_kept:
        lost = [
            (e.key, sorted(a ^ b))
            for (_, e), a, b in zip(before.iter_entries(), fields_before, fields_after)
            if a != b
        ]
        note = f"fields differ: {lost[:2]}"
    elif not entries_kept:
        note = f"entries {len(fields_before)} -> {len(fields_after)}"
    return Row(_short(path), len(fields_before), errors, identical, fields_kept, entries_kept,
               idempotent, values_kept, note)


def _short(path: Path) -> str:
    """The path from the corpora folder on, for a readable table."""
    parts = path.resolve().parts
    return "/".join(parts[parts.index("corpora") + 1 :]) if "corpora" in parts else str(path)


def corpus_files(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or DEFAULT_DIRS
    files: list[Path] = []
    for root in roots:
        if root.is_file():
            files.append(root)
        else:
            files.extend(sorted(p for p in root.rglob("*.bib") if p.is_file()))
    return files


def main(argv: list[str]) -> int:
    files = corpus_files(argv)
    if not files:
        print("no .bib files found", file=sys.stderr)
        return 2
    rows = [check_file(p) for p in files]
    yes = {True: "yes", False: "NO"}
    width = max(len(r.path) for r in rows)
    print(f"{'file':<{width}}  entries  errors  all-off identical  fields kept  entries kept"
          "  idempotent  values kept")
    for r in rows:
        print(
            f"{r.path:<{width}}  {r.entries:>7}  {r.errors:>6}  {yes[r.identical_all_off]:>17}"
            f"  {yes[r.fields_kept]:>11}  {yes[r.entries_kept]:>12}  {yes[r.idempotent]:>10}"
            f"  {yes[r.values_kept]:>11}  {r.note}"
        )
    failed = [r for r in rows if not r.ok]
    print(
        f"\n{len(rows)} files, {sum(r.entries for r in rows)} entries, "
        f"{sum(r.errors for r in rows)} problems reported as errors; "
        f"all-off byte-identical: {sum(r.identical_all_off for r in rows)}/{len(rows)}; "
        f"default passes: fields kept {sum(r.fields_kept for r in rows)}/{len(rows)}, "
        f"idempotent {sum(r.idempotent for r in rows)}/{len(rows)}, "
        f"values kept {sum(r.values_kept for r in rows)}/{len(rows)}; failures: {len(failed)}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
