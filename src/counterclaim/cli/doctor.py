"""``counterclaim check-db``: is the corpus file whole (SQLite and its full-text indexes)?"""

from __future__ import annotations

import json

import click

from ..errors import StoreError
from ..store import DEFAULT_DB
from ..store.integrity import check_database


@click.command("check-db")
@click.option("--db", default=DEFAULT_DB, show_default=True, metavar="PATH",
              help="The corpus database (SQLite file).")
@click.option("--json", "as_json", is_flag=True,
              help="The report as one JSON object: {path, ok, problems, tables, fts, "
                   "schema_version}.")
def check_db_cmd(db: str, as_json: bool) -> None:
    """Check that a corpus database is whole: SQLite's integrity check and each
    full-text (FTS5) index's own check. Nothing stored is changed. Exit status 4 when
    a problem is found (restore the file from a copy, or ingest its sources again
    into a new one).

    \b
    Examples:
      counterclaim check-db --db news.db
      counterclaim check-db --db news.db --json
    """
    report = check_database(db)
    if as_json:
        click.echo(json.dumps(report.to_dict()))
    elif report.ok:
        click.echo(f"{db}: ok ({report.tables} tables, full-text indexes "
                   f"{', '.join(report.fts) or 'none'}, schema {report.schema_version})")
    else:
        for problem in report.problems:
            click.echo(f"  {problem}", err=True)
    if not report.ok:
        raise StoreError(f"is damaged: {len(report.problems)} problem(s) found; restore it from "
                         "a copy or ingest its sources again into a new file", source=db)


COMMANDS = [check_db_cmd]
