"""The SQLite corpus store: opening, recognising and writing articles.

One :class:`Store` wraps one SQLite file in WAL mode. :meth:`Store.add` writes one
article and everything read from it in a single ``BEGIN IMMEDIATE`` transaction,
so a process killed at any moment leaves either the whole article or none of it;
re-running an ingest then skips what is there (same URL or same normalised text).
``Store(path, readonly=True)`` opens the file read-only (SQLite refuses every
write; nothing is migrated). What links articles is decided by
:mod:`counterclaim.link` and written by :mod:`.writer`; the queries are in
:mod:`.queries`.
"""

from __future__ import annotations

import functools
import inspect
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..dates import parse_date
from ..errors import StoreError
from ..link import copies
from ..link.copies import Fingerprint
from ..records import Analysis, Article
from . import uids
from .browse import BrowseMixin
from .queries import QueriesMixin
from .schema import (
    RELINK_AFTER,
    SCHEMA_VERSION,
    SPEAKERS_AFTER,
    UIDS_AFTER,
    current_version,
    migrate,
    now,
)
from .stories import StoriesMixin
from .writer import WriterMixin

DEFAULT_DB = "counterclaim.db"


@dataclass(frozen=True, slots=True)
class AddResult:
    """What :meth:`Store.add` did: ``status`` is ingested | duplicate | syndicated."""

    status: str
    article_id: int
    original_id: int | None = None  # for a syndicated copy: the article it copies
    similarity: float | None = None
    statements: int = 0


# Opening a new file races with another process creating it (see Store.__init__).
OPEN_ATTEMPTS = 5

# What SQLite raises on a damaged file: its own errors, and a UnicodeDecodeError when
# the damage reaches the text of an error message or of a stored value.
# A damaged page can also leave a stored JSON column (hedges, signatures) unparsable.
DAMAGE = (sqlite3.DatabaseError, UnicodeDecodeError, json.JSONDecodeError)


def said(exc: Exception) -> str:
    """What SQLite said, printable on one line."""
    if isinstance(exc, UnicodeDecodeError):
        return f"undecodable text: {exc.object[:80]!r}"
    return " ".join(str(exc).split()) or type(exc).__name__


def damaged(path: Path | str, exc: Exception) -> StoreError:
    """The :class:`StoreError` for an SQLite error on the file at ``path``: one line that
    says what SQLite said and what to do next."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        hint = "another process is writing to it; try again"
    else:
        hint = f"check it with `counterclaim check-db --db {path}`"
    return StoreError(f"cannot be read or written ({said(exc)}); {hint}", source=str(path))


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` (a public Store method) with every ``sqlite3.DatabaseError`` turned into a
    :class:`StoreError` (generators too, while they are iterated)."""
    if inspect.isgeneratorfunction(fn):
        @functools.wraps(fn)
        def gen(self: Store, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(self, *args, **kwargs)
            except DAMAGE as exc:
                raise damaged(self.path, exc) from exc
        return gen

    @functools.wraps(fn)
    def call(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except DAMAGE as exc:
            raise damaged(self.path, exc) from exc
    return call


def _guarded(cls: type) -> type:
    """Guard every public method of ``cls`` and of its bases (see :func:`_guard`)."""
    for name in dir(cls):
        attr = inspect.getattr_static(cls, name)
        if not name.startswith("_") and inspect.isfunction(attr):
            setattr(cls, name, _guard(attr))
    return cls


@_guarded
class Store(WriterMixin, StoriesMixin, QueriesMixin, BrowseMixin):
    """A corpus database. ``Store(path)`` opens (creating and migrating) the file;
    ``create=False`` refuses a missing one; ``readonly=True`` opens an existing file
    read-only (no migration: an older schema is an error that says which command
    brings it up to date).

    Use as a context manager or call :meth:`close`. Safe to share between threads:
    writes are serialised by a lock, and each thread reads with a connection of its
    own (WAL lets them read at once); open one Store per process.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True,
                 readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if (readonly or not create) and not self.path.is_file():
            raise StoreError("does not exist; run `counterclaim ingest SOURCE --db PATH` first",
                             source=str(self.path))
        if self.path.parent and not self.path.parent.exists():
            raise StoreError("its folder does not exist", source=str(self.path))
        self._lock = threading.RLock()
        self._local = threading.local()  # per thread: its read connection, tx depth
        self._readers: list[sqlite3.Connection] = []
        self._version_conn: sqlite3.Connection | None = None
        self._known_states: set[str] = set()
        self._known_max_id = 0
        for attempt in range(OPEN_ATTEMPTS):
            try:
                self._conn = self._open_readonly() if readonly else self._open_writable()
                break
            except sqlite3.OperationalError as exc:
                # Two processes creating one new file at once: switching it to WAL can
                # answer "locked" without waiting for the busy timeout; try again.
                if "locked" not in str(exc) or attempt == OPEN_ATTEMPTS - 1:
                    raise self._unopenable(exc) from exc
                time.sleep(0.2 * (attempt + 1))
            except DAMAGE as exc:
                raise self._unopenable(exc) from exc

    def _unopenable(self, exc: Exception) -> StoreError:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return StoreError("cannot be opened: another process holds it locked; try again",
                              source=str(self.path))
        return StoreError(f"cannot be opened as a counterclaim database ({said(exc)}); "
                          f"check it with `counterclaim check-db --db {self.path}`",
                          source=str(self.path))

    def _open_writable(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (one per article).
        conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process in WAL mode (not a power cut).
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        found, self.schema_version = migrate(conn)
        # A file another process is creating at this moment holds no article yet: there
        # is nothing to recompute (and nothing to race with its first ingest over).
        if found and conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
            found = 0
        if found and any(found < v <= self.schema_version for v in RELINK_AFTER):
            self._conn = conn
            with self._tx() as c:
                self._relink(c)
        elif found and any(found < v <= self.schema_version for v in SPEAKERS_AFTER):
            self._conn = conn
            with self._tx() as c:
                self._relink_speakers_only(c)
        if found and any(found < v <= self.schema_version for v in UIDS_AFTER):
            self._conn = conn
            with self._tx() as c:
                uids.assign(c)
        return conn

    def _connect_readonly(self) -> sqlite3.Connection:
        """A ``mode=ro`` connection. A WAL-mode file in a folder this process may not
        write to cannot get its ``-shm`` index made; when no ``-wal`` file holds
        unmerged changes, the file is then opened ``immutable`` (read as it is, no
        locks, nothing created beside it)."""
        uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30,
                               check_same_thread=False)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            wal = self.path.with_name(self.path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise StoreError(
                    f"cannot be read here ({exc}): its -wal file holds changes and this "
                    "folder cannot be written; run any write command on it once "
                    "(e.g. `counterclaim ingest`) where it can be, or copy the folder",
                    source=str(self.path)) from exc
        return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None,
                               timeout=30, check_same_thread=False)

    def _open_readonly(self) -> sqlite3.Connection:
        conn = self._connect_readonly()
        conn.row_factory = sqlite3.Row
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE name = "
                                 "'schema_migrations'").fetchone()
        version = current_version(conn) if has_table else 0
        if version != SCHEMA_VERSION:
            conn.close()
            newer = version > SCHEMA_VERSION
            raise StoreError(
                f"has schema {version}, this counterclaim reads schema {SCHEMA_VERSION}; "
                + ("upgrade counterclaim" if newer else
                   "run a command that writes to it once (e.g. `counterclaim ingest` of any "
                   "source, or `counterclaim serve --allow-writes`) to bring it up to date"),
                source=str(self.path))
        self.schema_version = version
        return conn

    # -- plumbing ---------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._conn.close()
            for conn in self._readers:
                conn.close()
            self._readers.clear()

    def _reader(self) -> sqlite3.Connection:
        """The connection this thread reads with: inside this thread's transaction the
        writing one (it sees what the transaction wrote); else a connection of the
        thread's own, so readers in many threads run at once (WAL) instead of taking
        turns on one connection."""
        local = self._local
        if getattr(local, "depth", 0):
            return self._conn
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = self._connect_readonly() if self.readonly else sqlite3.connect(
                str(self.path), isolation_level=None, timeout=30, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            local.conn = conn
            with self._lock:
                self._readers.append(conn)
        return conn

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process, or this
        store's writing connection) commits a change to the file: a key for caches."""
        with self._lock:
            if self._version_conn is None:
                self._version_conn = (self._connect_readonly() if self.readonly else
                                      sqlite3.connect(str(self.path), isolation_level=None,
                                                      timeout=30, check_same_thread=False))
                self._readers.append(self._version_conn)
            return int(self._version_conn.execute("PRAGMA data_version").fetchone()[0])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise StoreError("is open read-only; nothing can be stored",
                             source=str(self.path))
        with self._lock:
            self._local.depth = getattr(self._local, "depth", 0) + 1
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            finally:
                self._local.depth -= 1

    def _rows(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._reader().execute(sql, params).fetchall()]

    def _one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        row = self._reader().execute(sql, params).fetchone()
        return dict(row) if row else None

    def relink(self) -> None:
        """Recompute every statement's side and every dispute from the stored
        statements, with this version's rules (counterclaim.link)."""
        with self._tx() as conn:
            self._relink(conn)

    # -- recognising articles ---------------------------------------------------------

    def find_duplicate(self, fp: Fingerprint) -> int | None:
        """The id of a stored article with the same URL or the same normalised text."""
        row = self._one("SELECT id FROM articles WHERE text_hash = ?", (fp.text_hash,))
        if row is None and fp.url_key:
            row = self._one("SELECT id FROM articles WHERE url_key = ?", (fp.url_key,))
        return int(row["id"]) if row else None

    def has_url(self, url: str) -> bool:
        """Whether an article with this URL (normalised) is stored."""
        key = copies.normalise_url(url)
        return bool(key) and self._one("SELECT 1 FROM articles WHERE url_key = ?",
                                       (key,)) is not None

    def find_original(self, fp: Fingerprint) -> tuple[int, float] | None:
        """(original article id, containment) when ``fp`` is a syndicated copy of a stored
        article: the stored articles sharing LSH bands with it are the candidates, and
        ``link.copies.best_original`` decides."""
        if fp.n_shingles < copies.MIN_SHINGLES or not fp.bands:
            return None
        marks = ",".join("?" * len(fp.bands))
        rows = self._rows(
            "SELECT a.id, a.syndicated_of, a.n_shingles, a.minhash FROM (SELECT article_id, "
            f"COUNT(*) AS shared FROM article_bands WHERE band IN ({marks}) GROUP BY article_id "
            "ORDER BY shared DESC, article_id LIMIT 50) c JOIN articles a ON a.id = c.article_id "
            "WHERE a.minhash IS NOT NULL ORDER BY c.shared DESC, a.id", list(fp.bands))
        best = copies.best_original(fp, ((r["id"], r["syndicated_of"], r["n_shingles"],
                                          copies.signature_from_bytes(r["minhash"]))
                                         for r in rows))
        return (int(best[0]), best[1]) if best else None

    # -- writing ----------------------------------------------------------------------

    def add(self, item: Analysis | Article, *, source: str, fingerprint: Fingerprint | None = None,
            copy_of: tuple[int, float] | None = None) -> AddResult:
        """Store one article, in one transaction.

        ``item`` is an :class:`Analysis` (the article and its statements) or a bare
        :class:`Article` (stored without statements: a syndicated copy found before
        analysis, or text kept for search only). Returns ``duplicate`` (nothing
        written) when the URL or normalised text is already stored; ``syndicated``
        when the text is a near-copy of a stored article (the copy's row is stored
        and linked to the original; its statements are not, so counts are not
        inflated); else ``ingested``.
        """
        analysis = item if isinstance(item, Analysis) else None
        article = item.article if isinstance(item, Analysis) else item
        fp = fingerprint or Fingerprint.of(article.body.text, article.url)
        try:
            with self._tx() as conn:
                dup = self.find_duplicate(fp)
                if dup is not None:
                    self._complete(conn, dup, article, fp)
                    return AddResult("duplicate", dup)
                # A source that failed before (a timeout, a server error) and reads now
                # is no longer a failure.
                conn.execute("DELETE FROM failures WHERE source = ?", (source,))
                match = copy_of or self.find_original(fp)
                if match is not None:
                    aid = self._insert_article(conn, article, source, fp, analysis,
                                               syndicated_of=match[0], similarity=match[1])
                    self._copy_story(conn, aid, match[0])
                    uids.assign(conn)
                    return AddResult("syndicated", aid, match[0], round(match[1], 3))
                aid = self._insert_article(conn, article, source, fp, analysis)
                story = self._place_story(conn, aid, article)
                n = (self._insert_statements(conn, aid, analysis, parse_date(article.published),
                                             story) if analysis else 0)
                uids.assign(conn)
                return AddResult("ingested", aid, statements=n)
        except sqlite3.IntegrityError:
            # A concurrent writer stored the same article between our check and insert.
            again = self.find_duplicate(fp)
            if again is not None:
                return AddResult("duplicate", again)
            raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot write article {article.id!r} ({exc})",
                             source=str(self.path)) from exc

    def complete(self, article_id: int, article: Article, fp: Fingerprint | None = None) -> bool:
        """Fill what a stored article lacks (URL, title, outlet, date) from a duplicate of
        it that has them, e.g. a .txt read first and its .jsonl record with URL and date
        read later. Nothing stored is overwritten. Returns whether anything changed."""
        fp = fp or Fingerprint.of(article.body.text, article.url)
        with self._tx() as conn:
            return self._complete(conn, article_id, article, fp)

    def _complete(self, conn: sqlite3.Connection, aid: int, a: Article, fp: Fingerprint) -> bool:
        row = conn.execute("SELECT url, url_key, title, outlet, published, text FROM articles "
                           "WHERE id = ?", (aid,)).fetchone()
        if row is None:
            return False
        url_free = fp.url_key is not None and conn.execute(
            "SELECT 1 FROM articles WHERE url_key = ?", (fp.url_key,)).fetchone() is None
        new = {
            "url": a.url if row["url"] is None and url_free else None,
            "title": a.title if row["title"] is None else None,
            "outlet": a.outlet if row["outlet"] is None else None,
            "published": a.published if row["published"] is None else None,
        }
        new = {k: v for k, v in new.items() if v}
        if not new:
            return False
        if "title" in new or "outlet" in new:
            # External-content FTS: remove the old row's terms before they change.
            conn.execute("INSERT INTO articles_fts (articles_fts, rowid, title, text, outlet) "
                         "VALUES ('delete', ?, ?, ?, ?)",
                         (aid, row["title"], row["text"], row["outlet"]))
        sets = {**new}
        if "url" in new:
            sets["url_key"] = fp.url_key
        if "published" in new:
            sets["published_date"] = parse_date(new["published"])
        conn.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                     [*sets.values(), aid])
        if "title" in new or "outlet" in new:
            r = conn.execute("SELECT title, text, outlet FROM articles WHERE id = ?",
                             (aid,)).fetchone()
            conn.execute("INSERT INTO articles_fts (rowid, title, text, outlet) VALUES (?,?,?,?)",
                         (aid, r["title"], r["text"], r["outlet"]))
        return True

    def record_failure(self, source: str, reason: str) -> None:
        """Remember that ``source`` failed; the same (source, reason) is counted, not repeated."""
        ts = now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO failures (source, reason, first_seen, last_seen) VALUES (?,?,?,?) "
                "ON CONFLICT(source, reason) DO UPDATE SET count = count + 1, "
                "last_seen = excluded.last_seen", (source, reason, ts, ts))

    def _insert_article(self, conn: sqlite3.Connection, a: Article, source: str,
                        fp: Fingerprint, analysis: Analysis | None, *,
                        syndicated_of: int | None = None, similarity: float | None = None
                        ) -> int:
        versions = json.dumps(analysis.versions, sort_keys=True) if analysis else None
        n_st = len(analysis.statements) if analysis and syndicated_of is None else 0
        cur = conn.execute(
            "INSERT INTO articles (ext_id, source, url, url_key, text_hash, title, outlet, "
            "published, published_date, text, body_start, body_end, syndicated_of, similarity, "
            "n_shingles, minhash, versions, n_statements, ingested_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, source, a.url, fp.url_key, fp.text_hash, a.title, a.outlet, a.published,
             parse_date(a.published), a.text, a.body_start, a.body_end, syndicated_of,
             similarity, fp.n_shingles, copies.signature_bytes(fp.minhash), versions, n_st,
             now()))
        aid = int(cur.lastrowid)
        conn.executemany("INSERT INTO article_bands (band, article_id) VALUES (?, ?)",
                         [(b, aid) for b in fp.bands])
        # External-content FTS (schema 2): index exactly the row's values.
        conn.execute("INSERT INTO articles_fts (rowid, title, text, outlet) VALUES (?,?,?,?)",
                     (aid, a.title, a.text, a.outlet))
        return aid
