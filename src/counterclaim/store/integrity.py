"""``counterclaim check-db``: is a corpus file whole? SQLite's integrity check and the
FTS5 indexes' own checks, read without migrating or changing anything stored."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..errors import StoreError
from .sqlite import DAMAGE, said

MAX_PROBLEMS = 20


@dataclass
class CheckReport:
    """What :func:`check_database` found: ``problems`` (empty when the file is whole),
    the tables and FTS5 indexes it checked, and the schema version it holds."""

    path: str
    problems: list[str] = field(default_factory=list)
    tables: int = 0
    fts: list[str] = field(default_factory=list)
    schema_version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "ok": self.ok, "problems": self.problems,
                "tables": self.tables, "fts": self.fts, "schema_version": self.schema_version}


def _open(path: Path, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode={mode}", uri=True,
                           isolation_level=None, timeout=5)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except DAMAGE:
        conn.close()
        raise
    return conn


def _connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that changes nothing stored: read-write when the file allows it
    (FTS5's check is an INSERT that writes nothing), else read-only."""
    try:
        return _open(path, "rw"), True
    except sqlite3.OperationalError:  # a file or folder we may only read
        return _open(path, "ro"), False


def check_database(path: str | Path) -> CheckReport:
    """Run ``PRAGMA integrity_check`` and, for each FTS5 index, its
    ``integrity-check`` command; a file SQLite cannot open at all is one problem."""
    path = Path(path)
    if not path.is_file():
        raise StoreError("does not exist", source=str(path))
    report = CheckReport(str(path))
    try:
        conn, writable = _connect(path)
    except DAMAGE as exc:
        report.problems.append(f"not an SQLite database SQLite can open ({said(exc)})")
        return report
    try:
        _check(conn, writable, report)
    finally:
        conn.close()
    return report


def _check(conn: sqlite3.Connection, writable: bool, report: CheckReport) -> None:
    try:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    except DAMAGE as exc:
        report.problems.append(f"the schema cannot be read ({said(exc)})")
        return
    report.tables = len(rows)
    try:
        found = [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})")]
    except DAMAGE as exc:
        found = [f"integrity_check stopped ({said(exc)})"]
    report.problems += [p for p in found if p != "ok"]
    try:
        got = conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        report.schema_version = got[0] if got else None
    except DAMAGE:
        report.problems.append("no readable schema_migrations table: not a counterclaim "
                               "database, or damaged")
    for name, sql in rows:
        if "using fts5" not in (sql or "").lower():
            continue
        report.fts.append(name)
        if not writable:
            continue  # FTS5's check needs a connection that may write (it writes nothing)
        try:
            conn.execute(f'INSERT INTO "{name}" ("{name}") VALUES (\'integrity-check\')')
        except DAMAGE as exc:
            report.problems.append(f"full-text index {name}: {said(exc)}")
