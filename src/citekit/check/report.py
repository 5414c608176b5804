"""Printing findings: text lines with a summary, JSON Lines, GitHub workflow annotations."""

from __future__ import annotations

import json
from collections import Counter
from typing import Iterable

from citekit.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "github")
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_findings(findings: Iterable[Diagnostic], fmt: str = "text") -> list[str]:
    """One output line per finding in ``fmt`` (text | json | github)."""
    if fmt == "text":
        return [d.format_line() for d in findings]
    if fmt == "json":
        return [_json(d) for d in findings]
    if fmt == "github":
        return [_github(d) for d in findings]
    raise ValueError(f"unknown format {fmt!r}")


def summary(findings: list[Diagnostic], files: int | None = None) -> str:
    """``3 errors, 1 warning, 0 infos`` (+ files checked), the last line of text output."""
    counts = Counter(d.severity for d in findings)
    parts = [_plural(counts[s], s.value) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    where = f" in {_plural(files, 'file')}" if files is not None else ""
    return ", ".join(parts) + where


def code_counts(findings: Iterable[Diagnostic]) -> list[tuple[str, int, Severity, str]]:
    """(code, how many, severity, what it means) per code, most frequent first."""
    from citekit.check import codes as code_table

    counts: Counter[str] = Counter()
    severity: dict[str, Severity] = {}
    for d in findings:
        counts[d.code] += 1
        severity.setdefault(d.code, d.severity)
    rows = []
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        known = code_table.CODES.get(code)
        rows.append((code, count, severity[code], known.title if known else ""))
    return rows


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _json(d: Diagnostic) -> str:
    return json.dumps(
        {"file": d.file, "line": d.line, "column": d.column, "key": d.key, "code": d.code,
         "severity": d.severity.value, "message": d.message, "fix": d.fix},
        ensure_ascii=False,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(d: Diagnostic) -> str:
    key = f"[{d.key}] " if d.key else ""
    fix = f" (fix: {d.fix})" if d.fix else ""
    props = f"file={_escape_property(d.file)},line={d.line},col={d.column},title={_escape_property(d.code)}"
    return f"::{_GITHUB_LEVEL[d.severity]} {props}::{_escape_data(key + d.message + fix)}"
