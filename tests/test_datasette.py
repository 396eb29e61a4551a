"""The corpus for datasette users (issue 13): the readable views in the database and the
metadata.json that `counterclaim export --format datasette` writes. datasette itself is
not a dependency: the tests run the SQL datasette runs for a table page and a search."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from corpus_helpers import S, make_analysis
from counterclaim.cli import main
from counterclaim.store import Store

CLAIM = "the lighthouse keeper sold the fog horn to a museum"


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    with Store(path) as store:
        store.add(make_analysis("d1", [S("The keeper", "deny", CLAIM, prop="h"),
                                       S("The museum", "assert", CLAIM, prop="h")],
                                outlet="Cape Herald", published="2026-05-01", title="Horn",
                                filler=2), source="t:d1")
        store.add(make_analysis("d2", [S("The ferry operator", "hedge", "the winter timetable could slip")],
                                outlet="Cape Herald", published="2026-05-03"),
                  source="t:d2")
    return path


def test_export_datasette_writes_metadata_for_what_the_database_holds(tmp_path: Path) -> None:
    db = _db(tmp_path)
    out = tmp_path / "metadata.json"
    res = CliRunner().invoke(main, ["export", "--format", "datasette", "-o", str(out),
                                    "--db", str(db)])
    assert res.exit_code == 0, res.output
    meta = json.loads(out.read_text())
    tables = meta["databases"]["corpus"]["tables"]
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert set(tables) <= names
    for name, t in tables.items():
        if t.get("hidden"):
            continue
        assert t["description"], name
        cols = {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
        assert set(t.get("columns", {})) <= cols, name
        assert set(t.get("facets", [])) <= cols, name
        if "fts_table" in t:
            assert t["fts_table"] in names and t["fts_pk"] in cols, name


def test_readable_views_and_their_search(tmp_path: Path) -> None:
    conn = sqlite3.connect(_db(tmp_path))
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM statements_readable ORDER BY id")]
    # each article also holds its outlet's own voice (its first sentence, kind "outlet")
    assert [(r["speaker"], r["stance"], r["outlet"], r["disputed"]) for r in rows] == [
        ("Cape Herald", "assert", "Cape Herald", 1), ("The keeper", "deny", "Cape Herald", 1),
        ("The museum", "assert", "Cape Herald", 1), ("Cape Herald", "assert", "Cape Herald", 0),
        ("The ferry operator", "hedge", "Cape Herald", 0)]
    assert [r["speaker_kind"] for r in rows if r["speaker"] == "Cape Herald"] == ["outlet"] * 2
    assert all(r["statement"].startswith(r["article"] + ".") for r in rows)
    # the query datasette runs to search a view with fts_table/fts_pk ("museums" stems
    # to what "museum" does)
    hits = conn.execute("SELECT speaker FROM statements_readable WHERE id IN (SELECT rowid "
                        "FROM statements_fts WHERE statements_fts MATCH ?)", ("museums",))
    assert sorted(r[0] for r in hits) == ["Cape Herald", "The keeper", "The museum"]
    (d,) = conn.execute("SELECT claim, asserting, denying FROM disputes_readable").fetchall()
    assert CLAIM in d[0] and tuple(d)[1:] == (1, 1)
    sp = {r["name"]: r["statements"] for r in conn.execute("SELECT * FROM speakers_readable")}
    assert sp == {"The keeper": 1, "The museum": 1, "The ferry operator": 1, "Cape Herald": 2}
    arts = conn.execute("SELECT title, statements FROM articles_readable ORDER BY date")
    assert [tuple(r) for r in arts] == [("Horn", 2), (None, 1)]


def test_export_datasette_to_stdout(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["export", "--format", "datasette", "--db",
                                    str(_db(tmp_path))])
    assert res.exit_code == 0
    assert json.loads(res.output)["title"] == "counterclaim corpus"
