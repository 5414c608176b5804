"""``citekit check``: print what is missing or wrong; exit 1 on findings, 4 on unresolved citations."""

from __future__ import annotations

import sys

import click

from citekit import api
from citekit.check.report import FORMATS, code_counts, format_findings, summary
from citekit.cli.terminal import colour_enabled, colour_finding, progress, severity_style
from citekit.config import section
from citekit.errors import ExitCode, UsageError


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c for value in values for c in value.split(",") if c.strip()]


@click.command("check")
@click.argument("sources", nargs=-1, required=True)
@click.option("--style", metavar="NAME", help="Also report what this CSL style needs (e.g. apa).")
@click.option("--against", "against", multiple=True, metavar="DOC",
              help="Match citations in DOC (.md, .tex, .aux, plain text) against the entries.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--select", multiple=True, metavar="CODE", help="Only these codes or prefixes (repeatable, comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODE", help="Skip these codes or prefixes.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 when a finding has this severity or worse [default: error].")
@click.option("--dialect", type=click.Choice(["auto", "bibtex", "biblatex"]), default=None,
              help="Which data model decides the required fields [default: auto, per file].")
@click.option("--fix", "fix", is_flag=True,
              help="Apply the safe fixes (F106 page dashes, F113 bare DOIs); with -i rewrite the files and report what is left, else print the fixed file.")
@click.option("-i", "--in-place", is_flag=True, help="With --fix: rewrite the files.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-code summary.")
def command(sources, style, against, fmt, select, ignore, fail_on, dialect, fix, in_place, quiet):
    """Report missing and wrong fields, duplicates, and unresolved citations.

    Text output ends with how many findings each code has, and the totals.

    \b
    Example:
      citekit check refs.bib --style apa --against essay.md
    """
    settings = section("check")
    select = _codes(select) or list(settings.get("select", []))
    ignore = _codes(ignore) or list(settings.get("ignore", []))
    fail_on = fail_on or settings.get("fail-on", "error")
    style = style or settings.get("style")
    dialect = dialect or settings.get("dialect", "auto")
    if in_place and not fix:
        raise UsageError("-i only goes with --fix")
    if fix:
        from citekit.check.fixes import apply_fixes

        if not in_place and len(sources) > 1:
            raise UsageError("--fix without -i prints the fixed file: give one file, or use -i")
        fixed = apply_fixes(list(sources), in_place=in_place, select=select, ignore=ignore)
        if not in_place:
            for text in fixed.values():
                click.echo(text, nl=False)
            return
    with progress("check", quiet):
        findings = api.check(list(sources), style=style, against=list(against), select=select,
                             ignore=ignore, dialect=dialect)
    colour = fmt == "text" and colour_enabled()
    lines = format_findings(findings, fmt)
    for finding, line in zip(findings, lines):
        click.echo(colour_finding(line, finding.code, finding.severity, colour), color=colour)
    if not quiet and findings:
        for line in code_summary(findings, colour=colour_enabled(None if fmt == "text" else sys.stderr)):
            click.echo(line, err=fmt != "text", color=True)
    totals = summary(findings, len(set(sources)))
    click.echo(totals, err=fmt != "text")
    from citekit.check import at_or_above

    if any(d.code == "C701" for d in findings):
        raise SystemExit(int(ExitCode.UNRESOLVED))
    if at_or_above(findings, fail_on):
        raise SystemExit(int(ExitCode.FINDINGS))


def code_summary(findings, colour: bool = False) -> list[str]:
    """One line per code, most frequent first: ``  12  M002  required field missing``."""
    rows = code_counts(findings)
    width = len(str(rows[0][1])) if rows else 1
    return [f"{count:>{width + 2}}  {severity_style(code, severity, colour)}  {title}"
            for code, count, severity, title in rows]
