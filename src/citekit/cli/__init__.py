"""The ``citekit`` command line: a thin layer over :mod:`citekit.api`.

Each command lives in its own module here and defines ``command`` (a click command)
that parses options, calls one library function, prints, and returns an exit code.
Errors a user can cause are :class:`citekit.errors.CitekitError`; they become a
one-line message and the exit code from the table below (a traceback with --debug).
"""

from __future__ import annotations

import importlib
import importlib.util

import click

from citekit import __version__
from citekit.errors import EXIT_CODE_TABLE, CitekitError, ExitCode

#: Command modules, in the order ``--help`` lists them. A module that is not there yet
#: (a capability still being built) is simply not offered. Each defines ``command``, named
#: as its module without a trailing ``_``; it is imported when it runs or ``--help`` lists it,
#: so ``citekit import`` does not load check's, fmt's and render's code (start-up time).
COMMAND_MODULES = ["import_", "check", "fmt", "render", "styles", "cite", "insert", "add", "convert",
                   "bibliography"]


def command_names() -> list[str]:
    """The names of the commands that are there, in the order ``--help`` lists them."""
    return [name for name, module in _modules().items() if importlib.util.find_spec(module) is not None]


def _modules() -> dict[str, str]:
    return {module.rstrip("_"): f"{__name__}.{module}" for module in COMMAND_MODULES}


class CitekitGroup(click.Group):
    """A group that reports :class:`CitekitError` as a message and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CitekitError as exc:
            if ctx.meta.get("citekit.debug"):
                raise
            click.echo(f"citekit: error: {exc}", err=True)
            ctx.exit(int(exc.exit_code))
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            ctx.exit(int(ExitCode.OK))  # `citekit render ... | head`: the reader had enough
        except Exception as exc:  # a bug in citekit, not the user's mistake
            if ctx.meta.get("citekit.debug"):
                raise
            where = ""
            tb = exc.__traceback__
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is not None:
                where = f" (in {tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
            click.echo(
                f"citekit: internal error: {type(exc).__name__}: {exc}{where}\n"
                "citekit: this is a bug in citekit, not in your input; please report it with "
                "the command and the input (run `citekit --debug ...` to see the traceback)",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))

    def list_commands(self, ctx: click.Context) -> list[str]:
        # the workflow order, not alphabetical (and any command added by hand after them)
        return list(dict.fromkeys([*command_names(), *self.commands]))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = _modules().get(name)
        if name not in self.commands and module and importlib.util.find_spec(module) is not None:
            self.add_command(importlib.import_module(module).command, name)
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command's whole first sentence, wrapped (click would cut it with '...')."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=CitekitGroup, epilog=EXIT_CODE_TABLE.replace("\n", "\n\n\b\n", 1))
@click.version_option(__version__, "--version", "-V", prog_name="citekit")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """citekit: import, check, normalise and render bibliographies."""
    ctx.meta["citekit.debug"] = debug


def echo_err(message: str) -> None:
    """Print to stderr (diagnostics, progress): stdout is kept for the output itself."""
    click.echo(message, err=True)
