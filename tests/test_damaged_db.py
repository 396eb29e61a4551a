"""A damaged database: every CLI query command and every web route answers with a
one-line error (exit 4) or an error page, never a traceback or a bare 500; and
``counterclaim check-db`` finds the damage."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_helpers import S, make_analysis
from counterclaim.cli import main
from counterclaim.errors import StoreError
from counterclaim.store import Store
from counterclaim.store.integrity import check_database

PAGE = 4096
SEEDS = (1, 2, 3, 4, 5, 6)


def build(path: Path, n: int = 40) -> None:
    with Store(path) as store:
        for i in range(n):
            claim = f"the Orrin dam number {i % 7} would hold through the spring floods"
            store.add(make_analysis(f"a{i}", [
                S(f"Engineer Tomas Quill{i % 5}", "assert", claim, prop="d"),
                S("The Orrin water board", "deny", claim, prop="d")],
                outlet=f"Orrin Post {i % 3}", published=f"2026-04-{1 + i % 28:02d}",
                title=f"Dam story {i}", filler=6), source=f"t:{i}")
        store.record_failure("bad.txt", "bad.txt: is empty")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("damage") / "whole.db"
    build(db)
    return db


def schema_pages(path: Path) -> set[int]:
    """The pages that hold the schema (``sqlite_master``), from SQLite's ``dbstat`` table
    (page 1 alone when this SQLite lacks it)."""
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name IN ('sqlite_master', 'sqlite_schema')")}
    except sqlite3.OperationalError:
        return {1}
    finally:
        conn.close()


def damaged_copy(whole: Path, dest: Path, seed: int, flips: int = 200) -> Path:
    """A copy of the database with ``flips`` random bytes changed outside the pages that
    hold its schema (so the file still opens and the damage is met by the queries; a
    damaged schema is one more case: the file then cannot be opened, also exit 4)."""
    keep = schema_pages(whole)
    shutil.copy(whole, dest)
    data = bytearray(dest.read_bytes())
    rng = random.Random(seed)
    done = 0
    while done < flips:
        at = rng.randrange(PAGE, len(data))
        if at // PAGE + 1 in keep:
            continue
        data[at] ^= rng.randrange(1, 256)
        done += 1
    dest.write_bytes(bytes(data))
    return dest


def query_commands(db: Path) -> list[list[str]]:
    d = ["--db", str(db)]
    return [["disputes", *d], ["disputes", "--search", "dam", *d], ["dispute", "1", *d],
            ["speakers", *d], ["speakers", "--search", "Quill", *d],
            ["speaker", "The Orrin water board", *d], ["search", "dam", *d],
            ["failures", *d], ["export", *d], ["export", "--format", "csv", *d],
            ["export", "--format", "claimreview", *d],
            ["disputes", "--json", *d], ["speakers", "--json", *d]]


def run(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=True)


def test_the_whole_database_checks_ok(whole):
    report = check_database(whole)
    assert report.ok, report.problems
    assert set(report.fts) == {"statements_fts", "articles_fts"} and report.schema_version
    res = run(["check-db", "--db", str(whole)])
    assert res.exit_code == 0 and ": ok (" in res.stdout
    for cmd in query_commands(whole):
        assert run(cmd).exit_code == 0, cmd


def test_every_query_command_on_a_damaged_database(whole, tmp_path):
    guarded = 0  # errors raised while querying (not while opening the file)
    for seed in SEEDS:
        db = damaged_copy(whole, tmp_path / f"d{seed}.db", seed)
        for cmd in query_commands(db):
            res = run(cmd)
            assert res.exception is None or isinstance(res.exception, SystemExit), (
                seed, cmd, repr(res.exception))
            assert "Traceback" not in res.output, (seed, cmd)
            assert res.exit_code in (0, 4, 6), (seed, cmd, res.exit_code, res.output)
            if res.exit_code == 4:
                lines = res.stderr.strip().splitlines()
                assert len(lines) == 1 and lines[0].startswith(f"error: {db}: "), res.stderr
                guarded += "cannot be read or written" in lines[0]
    assert guarded, "no query met the damage: the test would prove nothing"


def test_check_db_finds_the_damage(whole, tmp_path):
    found = 0
    for seed in SEEDS:
        db = damaged_copy(whole, tmp_path / f"d{seed}.db", seed)
        res = run(["check-db", "--db", str(db), "--json"])
        assert res.exit_code in (0, 4) and "Traceback" not in res.output
        report = json.loads(res.stdout)
        assert report["ok"] == (res.exit_code == 0)
        found += not report["ok"]
    assert found == len(SEEDS)  # 200 flipped bytes in a 40-article file always show


def test_check_db_on_a_file_that_is_no_database(tmp_path):
    f = tmp_path / "x.db"
    f.write_bytes(b"not a database at all" * 300)
    res = run(["check-db", "--db", str(f)])
    assert res.exit_code == 4 and "not an SQLite database" in res.stderr
    assert run(["check-db", "--db", str(tmp_path / "none.db")]).exit_code == 4


def test_check_db_changes_nothing(whole, tmp_path):
    db = tmp_path / "c.db"
    shutil.copy(whole, db)
    before = db.read_bytes()
    assert run(["check-db", "--db", str(db)]).exit_code == 0
    assert db.read_bytes() == before


def test_the_store_turns_sqlite_errors_into_store_errors(whole, tmp_path):
    db = damaged_copy(whole, tmp_path / "d.db", 0, flips=5000)
    try:
        store = Store(db, readonly=True)
    except StoreError:
        pytest.skip("this damage already stops the file opening")
    with store:
        for call in (store.stats, store.disputes, store.speakers, lambda: store.search("dam"),
                     lambda: list(store.iter_statements()), lambda: store.failures()):
            try:
                call()
            except StoreError as exc:
                assert "check-db" in str(exc) or "cannot" in str(exc)
            except sqlite3.DatabaseError as exc:  # pragma: no cover - the bug
                pytest.fail(f"raw sqlite3 error escaped: {exc!r}")


# --- the web ----------------------------------------------------------------------

def all_routes(routes) -> list:
    """Routes, those of included routers too (FastAPI includes them lazily)."""
    out = []
    for r in routes:
        inner = getattr(r, "original_router", None)
        out += all_routes(inner.routes) if inner is not None else [r]
    return out


def routes(app) -> list[str]:
    """Every GET route of the app, its path parameters filled in."""
    fill = {"dispute_id": "1", "article_id": "1", "name": "The Orrin water board",
            "path": "app.css"}
    out = []
    for r in all_routes(app.routes):
        methods = getattr(r, "methods", None) or {"GET"}
        path = getattr(r, "path", "")
        if "GET" not in methods or not path:
            continue
        for k, v in fill.items():
            path = path.replace(f"{{{k}}}", v).replace(f"{{{k}:path}}", v)
        if "search" in path:
            path += "?q=dam"
        elif path.endswith("/check"):
            path += "?claim=the Orrin dam would hold through the floods"
        out.append(path)
    return out


def test_every_route_on_a_damaged_database(whole, tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from counterclaim.web import create_app

    errors = 0
    for seed in SEEDS:
        db = damaged_copy(whole, tmp_path / f"d{seed}.db", seed)
        try:
            app = create_app(db)
        except StoreError:
            continue
        with TestClient(app, raise_server_exceptions=False) as client:
            paths = routes(app)
            assert len(paths) > 15
            for path in paths:
                r = client.get(path)
                assert "Content-Security-Policy" in r.headers, (seed, path, r.status_code)
                assert r.status_code in (200, 400, 404, 500), (seed, path)
                if r.status_code == 500:
                    errors += 1
                    assert "cannot be read or written" in r.text, (seed, path, r.text[:200])
        app.state.store.close()
    assert errors, "no route met the damage: the test would prove nothing"
