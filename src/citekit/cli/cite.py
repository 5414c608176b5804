"""``citekit cite``: one formatted citation per key or pandoc citation, each on its own."""

from __future__ import annotations

import click

from citekit.errors import ExitCode


@click.command("cite", short_help="Format single citations: keys or pandoc citations, each on its own.")
@click.argument("citations", nargs=-1, required=True)
@click.option("--bib", "bib", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="The .bib file(s) to cite from (repeatable).")
@click.option("--style", "-s", default="apa", show_default=True,
              help="Style name (apa, chicago-notes, ieee, ...) or a .csl path.")
@click.option("--to", "to", default="text", show_default=True,
              type=click.Choice(["text", "html", "md"]), help="Output format.")
@click.option("--json", "as_json", is_flag=True, help="Print [{input, text, html}, ...].")
@click.option("--lang", help="Locale, e.g. en-GB (default: the style's).")
def command(citations, bib, style, to, as_json, lang) -> None:
    """Format CITATIONS: keys (taubman2003) or pandoc citations ("[@taubman2003, p. 45]",
    "[see @ulam1974, chap. 2; @mackenzie1994]", "@taubman2003 [p. 45]", "[-@taubman2003]").

    Each is formatted as if it were the only citation (for a note style: the note's text).

    \b
    Example:
      citekit cite "[@taubman2003, p. 45]" --bib refs.bib --style chicago-notes
    """
    from citekit.api import cite
    from citekit.cite import results_as_json

    results = cite(list(citations), list(bib), style=style, to=to, lang=lang)
    if as_json:
        click.echo(results_as_json(results))
    else:
        for result in results:
            click.echo(result.output)
    raise SystemExit(int(ExitCode.OK))
