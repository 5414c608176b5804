"""``citekit insert``: format the citations of an essay and add its bibliography."""

from __future__ import annotations

import click

from citekit.errors import ExitCode


@click.command("insert", short_help="Format the citations of an essay (Markdown, text, HTML, LaTeX) and add its bibliography.")
@click.argument("document", type=click.Path(dir_okay=False))
@click.option("--bib", "bib", multiple=True, type=click.Path(dir_okay=False),
              help="The .bib file(s) the citations refer to (repeatable; default: the "
                   "document's `bibliography:` metadata).")
@click.option("--style", "-s", default=None,
              help="Style name (apa, chicago-notes, ieee, ...) or a .csl path (default: the "
                   "document's `csl:` metadata, else apa).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the result here.")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite DOCUMENT (atomically).")
@click.option("--allow-missing", is_flag=True,
              help="Write even if some keys have no entry (their markers are left as they are).")
@click.option("--from", "syntax", default="auto", show_default=True,
              type=click.Choice(["auto", "markdown", "text", "html", "latex"]),
              help="Input syntax (auto: from the file name; .tex is LaTeX).")
@click.option("--lang", help="Locale, e.g. en-GB (default: the style's).")
def command(document, bib, style, output, in_place, allow_missing, syntax, lang) -> None:
    """Replace pandoc citations ([@key, p. 4], @key, [-@key]) in a Markdown, text or HTML
    DOCUMENT, or \\cite-family commands in a .tex file, by formatted citations (footnotes
    for note styles) and add the bibliography at ::: {#refs} / <!-- bibliography --> or at
    the end. Without -o or -i the result goes to stdout.

    \b
    Example:
      citekit insert essay.md --bib refs.bib --style apa -o essay.out.md
    """
    from citekit.api import insert

    result = insert(document, list(bib), style=style, output=output, in_place=in_place,
                    allow_missing=allow_missing, syntax=syntax, lang=lang)
    for diagnostic in result.diagnostics:
        click.echo(diagnostic.format_line(), err=True)
    if result.written is None:
        click.echo(result.output, nl=False)
    else:
        click.echo(f"{result.written}: {len(result.citations)} citation(s), "
                   f"{len(result.bibliography)} reference(s)", err=True)
    raise SystemExit(int(ExitCode.OK))
