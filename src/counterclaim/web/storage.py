"""Opening the corpus for the web app: read-only unless writes are allowed.

The store's own connection is read-write (it migrates the schema on open). When the
server is not allowed to write, the schema version is first checked on a read-only
connection (so nothing is migrated behind the user's back), and the Store's
connection is then swapped for a ``mode=ro`` one: SQLite itself refuses every write.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..errors import StoreError
from ..store import SCHEMA_VERSION, Store
from ..store.schema import current_version


def _ro_connect(path: Path) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def open_store(db_path: str | Path, *, allow_writes: bool = False) -> Store:
    """The Store over ``db_path`` (which must exist); read-only unless ``allow_writes``."""
    path = Path(db_path)
    if not path.is_file():
        raise StoreError("does not exist; run `counterclaim ingest SOURCE --db PATH` first",
                         source=str(path))
    if allow_writes:
        return Store(path, create=False)
    try:
        ro = _ro_connect(path)
        version = current_version(ro)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot be opened as a counterclaim database ({exc})",
                         source=str(path)) from exc
    if version != SCHEMA_VERSION:
        ro.close()
        raise StoreError(f"has schema {version}, this counterclaim reads schema "
                         f"{SCHEMA_VERSION}; run `counterclaim serve --allow-writes` once to "
                         "migrate it (or use a matching counterclaim)", source=str(path))
    store = Store(path, create=False)  # no migration is due: opening writes nothing
    with store._lock:  # noqa: SLF001 - the one place the web app touches Store internals
        store._conn.close()
        store._conn = ro
    return store

