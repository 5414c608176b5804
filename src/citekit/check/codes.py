"""The finding codes of ``citekit check``: one table, the source of docs/codes.md.

Codes are stable: once published a code keeps its meaning (retired codes are not
reused). The letter says the family, the severity is the default one. Every command
reports in this one scheme: the loader (X407, X408, D501-D503), render (M001, F103),
cite/insert (C701), fmt (K901) and convert (I901) use the codes below. The names of
the first release (``bib-syntax``, ...) still select and ignore: :data:`RENAMED`.
"""

from __future__ import annotations

from dataclasses import dataclass

from citekit.diagnostics import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str
    fix: str = ""  # what the generic fix is ("" = none); "safe" fixes are applied by --fix
    safe_fix: bool = False


_TABLE = [
    # M: the data model
    Code("M001", W, "unknown entry type (reported once per entry, not field by field)", "use a BibTeX/biblatex type, e.g. @misc"),
    Code("M002", E, "required field missing (crossref/xdata-inherited fields count as present)", "add the field"),
    Code("M003", W, "field is empty", "fill it in or remove it"),
    Code("M004", I, "field not in the data model for this entry type (styles ignore it)", "check the spelling or move it to note"),
    # F: field formats
    Code("F101", W, "year is not a plain 4-digit year", "write the year as digits, e.g. 1999; use date for ranges"),
    Code("F102", W, "year or date is implausible (in the future or before 1000)", "check the year"),
    Code("F103", W, "date is not an ISO 8601/EDTF date (YYYY, YYYY-MM, YYYY-MM-DD, ranges with /)", "write e.g. 2001-05-17"),
    Code("F104", W, "month is not a month (1-12 or a month name)", "use a month macro: month = jan"),
    Code("F105", W, "pages not in a recognised format", "write e.g. 12--34"),
    Code("F106", I, "page range with a single hyphen", "use an en dash: 12--34", True),
    Code("F107", E, "page range is reversed", "swap the page numbers"),
    Code("F108", W, "page numbers inside booktitle", "move them to the pages field"),
    Code("F109", W, "volume/number/edition carries a label (Vol., No., ...)", "keep only the number"),
    Code("F110", E, "ISBN check digit or length is wrong", "copy the ISBN again from the book"),
    Code("F111", E, "ISSN check digit or format is wrong", "copy the ISSN again"),
    Code("F112", E, "DOI is not a DOI (10.NNNN/suffix)", "write the bare DOI, e.g. 10.1000/xyz123"),
    Code("F113", I, "DOI written as a URL or with a doi: prefix", "keep only the bare DOI", True),
    Code("F114", W, "URL is not a valid absolute URL", "write the full URL, e.g. https://example.org/page"),
    Code("F115", W, "urldate is not an ISO date (YYYY-MM-DD)", "write e.g. 2024-03-01"),
    Code("F116", I, "page range is abbreviated (123--45)", "write the full second number"),
    # N: names
    Code("N201", E, "name has too many commas (probably names joined without 'and')", "separate names with ' and '"),
    Code("N202", W, "name with two commas whose middle part is not a suffix like Jr.", "write 'Last, First' or 'Last, Jr., First'"),
    Code("N203", E, "'others' is not the last name in the list", "put 'and others' at the end"),
    Code("N204", W, "'et al.' written inside a name list", "write 'and others'"),
    Code("N205", I, "name list truncated with 'and others'", "complete the list if you can"),
    Code("N206", I, "initials without periods", "write 'J. R.' instead of 'J R' / 'JR'"),
    Code("N207", W, "name list has an empty name (doubled or trailing 'and')", "remove the extra 'and'"),
    # T: titles
    Code("T301", W, "unprotected acronym or internal capitals in a title (sentence-case styles lower-case it)", "protect it with braces: {NASA}"),
    Code("T302", I, "capitalised word in a sentence-case title is unprotected (likely a proper noun)", "protect it with braces: {Paris}"),
    # X: characters and encoding
    Code("X401", E, "unbalanced braces", "balance { and }"),
    Code("X402", E, "unescaped & (LaTeX alignment character)", r"write \&"),
    Code("X403", E, "unescaped % (LaTeX comment: the rest of the line is lost)", r"write \%"),
    Code("X404", E, "unescaped # (LaTeX parameter character)", r"write \#"),
    Code("X405", W, "HTML entity or tag in a field", "write the character itself or LaTeX markup"),
    Code("X406", W, "mojibake: UTF-8 read as Latin-1/Windows-1252 (e.g. 'Ã©')", "replace with the intended character"),
    Code("X407", E, "a block or value that cannot be parsed (kept as written, skipped)", "fix the braces, quotes or commas the message names"),
    Code("X408", W, "the file is not valid UTF-8: its encoding was guessed", "save the file as UTF-8"),
    # D: across entries
    Code("D501", E, "entry key defined twice, also across files or differing only in case (the later one is ignored)", "rename or remove one of the entries"),
    Code("D502", E, "field twice in one entry (BibTeX uses the first)", "remove one of them"),
    Code("D503", E, "undefined @string macro (used as literal text)", "define it with @string or put the value in braces"),
    Code("D504", W, "same work twice: same DOI", "keep one entry (citekit never merges them)"),
    Code("D505", W, "probably the same work twice: similar title, same first author and year", "keep one entry (citekit never merges them)"),
    Code("D506", E, "crossref/xref target not found", "add the parent entry or fix the key"),
    Code("D507", E, "xdata/entryset target not found", "add the entry or fix the key"),
    Code("D509", W, "crossref/xdata target differs only in case", "write the key exactly"),
    # S: style readiness (--style)
    Code("S601", W, "the style needs a field this entry lacks to render it completely", "add the field"),
    Code("S602", W, "no date: the style will print 'n.d.'", "add year or date"),
    # C: against documents (--against)
    Code("C701", E, "citation that no entry answers", "add the entry or fix the key"),
    Code("C702", I, "entry that nothing in the documents cites", "cite it or remove it"),
    # G: what import guessed (citekit's own x-citekit-guessed field)
    Code("G801", W, "field guessed by citekit import with low confidence", "check it against the source, then remove it from x-citekit-guessed"),
    # K: keys fmt made (citekit fmt's keys pass)
    Code("K901", I, "a key the keys pass generated or rebuilt (citekit fmt)"),
    # I: interchange (citekit convert)
    Code("I901", W, "a value the target format (CSL-JSON, RIS) has no place for: not carried", "keep the BibTeX file as the master copy"),
]

#: Codes of the first release -> their codes now (still accepted by --select/--ignore).
RENAMED = {
    "bib-syntax": "X407", "bib-encoding": "X408", "bib-duplicate-key": "D501",
    "bib-duplicate-field": "D502", "bib-undefined-string": "D503",
    "render.unknown-type": "M001", "render.bad-date": "F103", "cite-unknown-key": "C701",
    "fmt-key": "K901",
}

CODES: dict[str, Code] = {c.code: c for c in _TABLE}


def severity(code: str) -> Severity:
    return CODES[code].severity


def markdown_table() -> str:
    """The table for docs/codes.md."""
    rows = ["| code | severity | what | fix |", "|---|---|---|---|"]
    for c in _TABLE:
        fix = c.fix.replace("|", "\\|") + (" (applied by `--fix`)" if c.safe_fix else "")
        rows.append(f"| {c.code} | {c.severity.value} | {c.title.replace('|', chr(92) + '|')} | {fix} |")
    return "\n".join(rows)
