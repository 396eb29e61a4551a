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

# Documented in the README ("Exit status"); tests/test_docs.py checks both against
# errors.EXIT_CODES.
EXIT_STATUS = """\b
Exit status:
  0  success
  1  an error of no other kind (e.g. a missing optional extra), an
     unexpected crash, or eval --floors: a figure fell below its floor
  2  bad usage (unknown option, missing argument), or no input could be read
  3  the spaCy model or a lexicon file cannot be loaded
  4  the corpus database cannot be opened, read or written (a damaged
     file too: `counterclaim check-db` finds the damage)
  5  a search query the database cannot answer
  6  no such id, speaker or dispute
"""


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CounterclaimError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exit_code_for(exc))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=EXIT_STATUS)
@click.version_option(__version__, prog_name="counterclaim")
def main() -> None:
    """counterclaim: who claims what in the news, who denies it, how sure they
    sound, and on what evidence.

    \b
    Examples:
      counterclaim analyze examples/*.txt
      counterclaim analyze --json article.txt > reading.jsonl

    Every --json output is JSON Lines: one JSON object a line (a list command writes
    one line per row).
    """


def _register() -> None:
    # Every command group is part of the package: a module that fails to import is a
    # broken install and must say so, not silently drop its commands. Optional extras
    # (the web server, Spark) are imported only when their command runs.
    from . import analyze, check, corpus, doctor, eval, serve, spark

    main.add_command(analyze.analyze_cmd)
    eval.eval_group.add_command(check.fnc_cmd)
    for mod in (eval, corpus, check, doctor, serve, spark):
        for cmd in mod.COMMANDS:
            main.add_command(cmd)
    for cmd in _walk(main):
        if cmd is not main and not cmd.epilog:
            cmd.epilog = ("Exit status: 0 on success; `counterclaim --help` lists the "
                          "others.")


def _walk(cmd: click.Command) -> list[click.Command]:
    """``cmd`` and every command under it (``eval`` and its subcommands)."""
    subs = cmd.commands.values() if isinstance(cmd, click.Group) else ()
    return [cmd, *(c for sub in subs for c in _walk(sub))]


_register()
