"""``citekit add``: a free-text reference (or fields) -> a checked new entry in a .bib file."""

from __future__ import annotations

import click

from citekit.errors import ExitCode

FIELD_FLAGS = ["author", "editor", "title", "year", "journal", "booktitle", "publisher",
               "address", "volume", "number", "pages", "edition", "doi", "isbn", "url", "note"]


def _field_options(function):
    for name in reversed(FIELD_FLAGS):
        function = click.option(f"--{name}", name, help=f"The {name} field.")(function)
    return function


@click.command("add", short_help="Add a free-text reference (or fields) to a .bib file as a checked entry.")
@click.argument("reference", required=False)
@click.option("--to", "to", required=True, type=click.Path(dir_okay=False),
              help="The .bib file to append to (created if missing).")
@click.option("--type", "entry_type", help="Entry type (book, article, ...); default: parsed, or misc.")
@_field_options
@click.option("--field", "extra", multiple=True, metavar="NAME=VALUE", help="Any other field.")
@click.option("--key", help="Use this key instead of a generated one.")
@click.option("--dry-run", is_flag=True, help="Show the entry and key, write nothing.")
def command(reference, to, entry_type, extra, key, dry_run, **flags) -> None:
    """Add REFERENCE ("Taubman, William. Khrushchev: The Man and His Era. New York: Norton,
    2003.") to the .bib file given with --to, or an entry made from --type/--author/--title/...
    flags. A work the file already has is reported (exit 1) instead of added.

    \b
    Example:
      citekit add --to refs.bib "Ulam, A. (1974). Expansion and coexistence. Praeger."
    """
    from citekit.api import add
    from citekit.errors import UsageError

    fields = {name: value for name, value in flags.items() if value}
    for item in extra:
        if "=" not in item:
            raise UsageError(f"--field wants NAME=VALUE, got {item!r}")
        name, value = item.split("=", 1)
        fields[name.strip().lower()] = value
    result = add(reference, to, entry_type=entry_type, fields=fields, key=key, dry_run=dry_run)
    for diagnostic in result.diagnostics:
        click.echo(diagnostic.format_line(), err=True)
    if result.duplicate is not None:
        dup = result.duplicate
        click.echo(f"{dup.file}:{dup.line}: already there as {dup.key} ({dup.reason}); not added",
                   err=True)
        click.echo(result.entry_text, nl=False)
        raise SystemExit(int(ExitCode.FINDINGS))
    click.echo(result.entry_text, nl=False)
    if result.confidence is not None and result.confidence < 0.5:
        click.echo(f"note: the parser was unsure of this reference ({result.confidence:.0%}); "
                   "check the fields", err=True)
    verb = "would add" if dry_run else "added"
    click.echo(f"{verb} {result.key} to {to}", err=True)
    raise SystemExit(int(ExitCode.OK))
