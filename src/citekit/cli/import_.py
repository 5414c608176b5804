"""``citekit import``: reference lists and source documents -> BibTeX (or JSON)."""

from __future__ import annotations

import click

from citekit.atomic import write_atomic
from citekit.errors import ExitCode


@click.command("import")
@click.argument("sources", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write here instead of standard output.")
@click.option("--to", "to", type=click.Choice(["bibtex", "json"]), default="bibtex",
              show_default=True, help="Output format.")
@click.option("--report", is_flag=True, help="Print what was found where (to stderr).")
@click.option("--one-per-line", is_flag=True,
              help="Every input line is exactly one reference (no list splitting).")
@click.option("--list", "as_list", is_flag=True,
              help="The inputs are reference lists, not documents (no entry for the file itself).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
def command(sources, output, to, report, one_per_line, as_list, quiet):
    """Import free-text references and source documents (SOURCES, or - for stdin) as BibTeX.

    Each entry records where it came from (x-citekit-source = file:line), how sure the
    parser was (x-citekit-confidence) and which fields are guesses (x-citekit-guessed).

    \b
    Example:
      citekit import --list references.txt -o refs.bib --report
    """
    import sys

    from citekit.api import import_sources
    from citekit.errors import UsageError

    if (not sources or "-" in sources) and sys.stdin.isatty():
        raise UsageError("give SOURCES, or pipe text to standard input")

    if output and output != "-":
        from citekit.atomic import check_writable

        check_writable(output)  # a missing directory fails before any work
    from citekit.batch import gc_paused
    from citekit.cli.terminal import progress

    # the process ends after this: no collector walks over what the import made (citekit.batch)
    with gc_paused(freeze=True):
        with progress("import", quiet):
            result = import_sources(sources, one_per_line=one_per_line, as_list=as_list)
        text = result.to_json() if to == "json" else result.to_bibtex()
        if output and output != "-":
            write_atomic(output, text)
        else:
            click.echo(text, nl=False)
        if report:
            click.echo(result.report(), err=True, nl=False)
    click.get_current_context().exit(int(ExitCode.OK))
