"""``counterclaim serve``: the web interface and JSON API over a corpus database."""

from __future__ import annotations

import click

from ..errors import CounterclaimError
from ..store import DEFAULT_DB


@click.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, metavar="PATH",
              help="The corpus database (SQLite file).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default serves this machine only; anything else "
                   "exposes the corpus (and, with --allow-writes, storing) to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--allow-writes", is_flag=True,
              help="Let /analyze store texts when the user asks (the database is opened "
                   "read-only otherwise). Writing forms then need the page's CSRF token "
                   "and a request from this site.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="Server processes answering requests (each with its own read "
                   "connections and cache; the database is shared).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A Host name the server answers besides localhost, 127.0.0.1, ::1 and "
                   "the --host address (repeatable; against DNS rebinding, any other Host "
                   "header gets a 400).")
def serve_cmd(db: str, host: str, port: int, allow_writes: bool, workers: int,
              allowed_hosts: tuple[str, ...]) -> None:
    """Browse disputes, articles and speakers in a web browser; JSON under /api.

    \b
    Examples:
      counterclaim serve --db news.db                  # http://127.0.0.1:8000
      counterclaim serve --db news.db --port 8080 --allow-writes
      counterclaim serve --db news.db --host 0.0.0.0 --allowed-host news.example.org
      counterclaim serve --db news.db --workers 4
    """
    try:
        import uvicorn

        from ..web import create_app
    except ModuleNotFoundError as exc:
        raise CounterclaimError(f"the web extra is not installed ({exc.name}); run "
                                '`pip install -e ".[web]"`') from exc
    hosts = serve_hosts(host, allowed_hosts)
    app = create_app(db, allow_writes=allow_writes, allowed_hosts=hosts)
    mode = "writes allowed" if allow_writes else "read-only"
    click.echo(f"counterclaim: serving {db} ({mode}) on http://{host}:{port}"
               + (f" with {workers} workers" if workers > 1 else ""), err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Several processes: each builds the same app from the options (the database was
    # opened once above, so a bad --db fails here, not in every worker).
    import json
    import os

    from ..web.app import SERVE_ENV

    secret = app.state.csrf_secret
    app.state.store.close()
    os.environ[SERVE_ENV] = json.dumps({"db": db, "allow_writes": allow_writes,
                                        "allowed_hosts": hosts,
                                        "csrf_secret": secret.hex() if secret else None})
    uvicorn.run("counterclaim.web.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level="warning")


def serve_hosts(host: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The Host names ``serve`` answers: the localhost names, the bind address when it
    is one address (not 0.0.0.0 or ::), and the ``--allowed-host`` names."""
    from ..web.security import LOCAL_HOSTS

    bound = [] if host in ("0.0.0.0", "::", "") else [host]
    return [*LOCAL_HOSTS, *bound, *extra]


COMMANDS = [serve_cmd]
