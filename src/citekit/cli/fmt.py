"""``citekit fmt``: normalise .bib files (stdout by default; -o FILE; -i in place)."""

from __future__ import annotations

import sys

import click

from citekit.cli import echo_err
from citekit.cli.terminal import fmt_callback, progress
from citekit.errors import ExitCode, UsageError
from citekit.fmt import PASSES, fmt
from citekit.fmt.settings import KEY_MODES, SORT_KEYS

_PASS_LIST = "\n".join(
    f"  {p.name:<17} {'on ' if p.default else 'off'}  {p.help}" for p in PASSES
)


def _list_passes(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo("Passes (in the order they run; default on/off):\n" + _PASS_LIST)
        ctx.exit(0)


@click.command(
    "fmt",
    epilog="\b\nPasses (default on/off; switch with -e/-d or [tool.citekit.fmt]):\n" + _PASS_LIST,
)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE (one input only).")
@click.option("-i", "--in-place", is_flag=True, help="Rewrite each input file (atomically, mode kept).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any input would change.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the output.")
@click.option("-e", "--enable", multiple=True, metavar="PASS[,PASS]", help="Switch passes on.")
@click.option("-d", "--disable", multiple=True, metavar="PASS[,PASS]", help="Switch passes off.")
@click.option("--no-passes", is_flag=True, help="Start with every pass off (then apply -e).")
@click.option("--keys", type=click.Choice(KEY_MODES), help="Key pass: only 'missing' keys, or rebuild 'all'.")
@click.option("--key-pattern", metavar="PATTERN", help="JabRef-style key pattern, e.g. '[auth:lower][year]'.")
@click.option("--sort-by", type=click.Choice(SORT_KEYS), help="Sort entries (turns the sort pass on).")
@click.option("--encoding", help="Read inputs with this encoding (default: UTF-8, else guessed and reported).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print parse problems or a progress bar.")
@click.option("--list-passes", is_flag=True, expose_value=False, is_eager=True, callback=_list_passes,
              help="List the passes and exit.")
def command(files, output, in_place, check, show_diff, enable, disable, no_passes, keys,
            key_pattern, sort_by, encoding, quiet):
    """Normalise .bib FILES (or stdin) into one canonical, idempotent BibTeX.

    Writes to stdout unless -o or -i is given; never modifies an input without -i.
    With every pass off (--no-passes) the output is the input, byte for byte.

    \b
    Example:
      citekit fmt -i --sort-by key refs.bib
    """
    files = list(files) or ["-"]
    if in_place and "-" in files:
        raise UsageError("-i/--in-place needs file names, not stdin")
    if in_place and output:
        raise UsageError("use either -i/--in-place or -o/--output, not both")
    if output and len(files) > 1:
        raise UsageError("-o/--output takes a single input file")
    if in_place or check:
        from citekit.interchange import require_bibtex

        require_bibtex(files, "fmt -i/--check")
    if in_place and any(f.endswith(".gz") for f in files):
        raise UsageError("cannot rewrite a .gz file in place")
    if files == ["-"] and sys.stdin.isatty():
        raise UsageError("no input: give .bib files or pipe BibTeX into stdin")
    options = {}
    if keys:
        options["keys"] = keys
    if key_pattern:
        options["key_pattern"] = key_pattern
    if sort_by:
        options["sort_by"] = sort_by
        enable = (*enable, "sort")

    if output:
        from citekit.atomic import check_writable

        check_writable(output)  # a missing directory fails before any work
    with progress("fmt", quiet) as bar:
        report = fmt(files, enable=enable, disable=disable, no_passes=no_passes, options=options,
                     encoding=encoding, progress=fmt_callback(bar))

    if not quiet:
        for diagnostic in report.diagnostics:
            if diagnostic.severity.value != "info":
                echo_err(diagnostic.format_line())
    changed = [f for f in report.files if f.changed]
    # blocks that could not be parsed are kept as written, but the run is not clean
    done = ExitCode.FINDINGS if skipped(report.diagnostics) else ExitCode.OK
    if check or show_diff:
        if show_diff:
            for formatted in changed:
                click.echo(formatted.diff(), nl=False)
        if check:
            for formatted in changed:
                echo_err(f"would reformat {formatted.path}")
            sys.exit(int(ExitCode.FINDINGS if changed else done))
        sys.exit(int(done))
    if in_place:
        from citekit.atomic import write_atomic

        for formatted in changed:
            write_atomic(formatted.path, formatted.formatted, encoding=formatted.output_encoding())
            echo_err(f"reformatted {formatted.path}")
        sys.exit(int(done))
    if output:
        from citekit.atomic import write_atomic

        formatted = report.files[0]
        write_atomic(output, formatted.formatted, encoding=formatted.output_encoding())
        sys.exit(int(done))
    stdout = getattr(sys.stdout, "buffer", None) or click.get_binary_stream("stdout")
    from citekit.atomic import encode_chunks

    for formatted in report.files:
        stdout.writelines(encode_chunks(formatted.formatted, formatted.output_encoding()))
    stdout.flush()
    sys.exit(int(done))


def skipped(diagnostics) -> bool:
    """True if some block or value could not be parsed (and was kept as written)."""
    from citekit.bibfile.load import SYNTAX

    return any(d.code == SYNTAX for d in diagnostics)

