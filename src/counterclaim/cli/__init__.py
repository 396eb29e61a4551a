"""The ``counterclaim`` command line: thin adapters over the library.

Every subcommand lives in its own module and is registered here. Errors from
:mod:`counterclaim.errors` become one-line messages with the exit codes listed
in ``errors.EXIT_CODES``.
"""

from __future__ import annotations

import sys

import click

from ..errors import CounterclaimError, exit_code_for
from ..version import __version__


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CounterclaimError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exit_code_for(exc))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="counterclaim")
def main() -> None:
    """counterclaim: who claims what in the news, who denies it, how sure they
    sound, and on what evidence.

    \b
    Example:
      counterclaim analyze examples/*.txt
      counterclaim analyze --json article.txt > reading.jsonl
    """


def _register() -> None:
    # Every command group is part of the package: a module that fails to import is a
    # broken install and must say so, not silently drop its commands. Optional extras
    # (the web server, Spark) are imported only when their command runs.
    from . import analyze, corpus, eval, serve, spark

    main.add_command(analyze.analyze_cmd)
    for mod in (eval, corpus, serve, spark):
        for cmd in mod.COMMANDS:
            main.add_command(cmd)


_register()
