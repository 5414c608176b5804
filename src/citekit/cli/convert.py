"""``citekit convert``: BibTeX <-> CSL-JSON <-> RIS."""

from __future__ import annotations

import sys

import click

from citekit.errors import ExitCode


@click.command("convert")
@click.argument("sources", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write here (the suffix .bib, .json or .ris gives the format).")
@click.option("--to", "to", type=click.Choice(["bibtex", "csljson", "ris"]),
              help="Output format (default: from the -o suffix).")
def command(sources, output, to) -> None:
    """Convert between BibTeX, CSL-JSON and RIS.

    SOURCES may be in any of the three (told apart by content). What the target format
    cannot hold is reported on stderr, one line per value.

    \b
    Example:
      citekit convert zotero-export.json -o refs.bib
    """
    from citekit.api import convert

    stdin = sys.stdin.buffer.read() if "-" in sources else None
    result = convert(list(sources), to=to, output=output, stdin=stdin)
    for diagnostic in result.diagnostics:
        click.echo(diagnostic.format_line(), err=True)
    if not output or output == "-":
        click.echo(result.output, nl=False)
    raise SystemExit(int(ExitCode.OK))
