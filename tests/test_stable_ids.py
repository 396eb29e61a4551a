"""Stable ids (issue 13): articles, statements, speakers and propositions get ids
derived from their content, the same after the corpus is rebuilt (articles, statements
and speakers even in another order; propositions and disputes are grouped online, so a
proposition's id is that of its first wording and is the same after a rebuild in the
same order); old numeric URLs redirect to them; exports carry them; migration 5 gives
them to rows stored before it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from corpus_helpers import S, make_analysis
from counterclaim.corpus import export
from counterclaim.errors import NotFoundError
from counterclaim.store import Store
from counterclaim.store.schema import MIGRATIONS, _split
from counterclaim.store.uids import looks_like_uid

CLAIM = "the ferry company hid the hull survey from the port board"
ARTICLES = [
    ("k1", [S("The port board", "assert", CLAIM, prop="x"),
            S("The ferry company", "deny", CLAIM, prop="x")], "2026-02-01"),
    ("k2", [S("The ferry company", "deny", CLAIM, prop="x"),
            S("A union steward", "hedge", "the survey was late", prop="y")], "2026-02-03"),
    ("k3", [S("Mayor Oda Renn", "assert", "the quay will reopen in May")], None),
]


def _build(path: Path, order: list[int]) -> None:
    with Store(path) as store:
        for i in order:
            aid, stmts, date = ARTICLES[i]
            store.add(make_analysis(aid, stmts, outlet="Harbour Gazette", published=date,
                                    title=f"Story {aid}"), source=f"t:{aid}")


def _uids(path: Path) -> dict[str, set]:
    with Store(path, readonly=True) as store:
        st = list(store.iter_statements())
        return {
            "articles": {(s["article"]["ext_id"], s["article"]["uid"]) for s in st},
            "statements": {(s["article"]["ext_id"], s["ext_id"], s["uid"]) for s in st},
            "speakers": {(s["speaker"]["name"], s["speaker"]["uid"]) for s in st},
            "propositions": {(s["content"]["text"], s["proposition_uid"]) for s in st},
            "disputes": {d["uid"] for d in store.disputes()},
        }


def test_ids_are_the_same_after_a_rebuild_in_another_order(tmp_path: Path) -> None:
    _build(tmp_path / "a.db", [0, 1, 2])
    _build(tmp_path / "b.db", [2, 1, 0])
    _build(tmp_path / "c.db", [0, 1, 2])
    a, b = _uids(tmp_path / "a.db"), _uids(tmp_path / "b.db")
    for kind in ("articles", "statements", "speakers"):
        assert a[kind] == b[kind], kind
    # a proposition takes the id of its first wording: another order may start it with
    # another article's words; the same order gives the same ids
    assert _uids(tmp_path / "c.db") == a
    assert len(a["disputes"]) == 1
    for kind in ("articles", "statements", "speakers", "propositions"):
        ids = [x[-1] for x in a[kind]]
        assert all(i and looks_like_uid(i) for i in ids), kind
    # distinct rows, distinct ids; row ids differ between the two builds, uids do not
    # 5 statements and the 3 outlet voices
    assert len({x[-1] for x in a["statements"]}) == len(a["statements"]) == 8
    with Store(tmp_path / "a.db", readonly=True) as sa, \
            Store(tmp_path / "b.db", readonly=True) as sb:
        ra = {r["ext_id"]: r["id"] for r in sa.articles()}
        rb = {r["ext_id"]: r["id"] for r in sb.articles()}
        assert ra != rb


def test_statement_uid_is_article_uid_and_reading_id(tmp_path: Path) -> None:
    _build(tmp_path / "a.db", [0])
    with Store(tmp_path / "a.db", readonly=True) as store:
        for s in store.iter_statements():
            assert s["uid"] == f"{s['article']['uid']}.{s['ext_id']}"


def test_find_id_takes_row_ids_and_uids(tmp_path: Path) -> None:
    _build(tmp_path / "a.db", [0, 1])
    with Store(tmp_path / "a.db", readonly=True) as store:
        art = store.articles()[0]
        assert store.find_id("article", art["uid"]) == art["id"]
        assert store.find_id("article", str(art["id"])) == art["id"]
        assert store.uid_of("article", art["id"]) == art["uid"]
        d = store.disputes()[0]
        assert store.find_id("dispute", d["uid"]) == d["id"]
        sp = store.speakers()[0]
        assert store.speaker(sp["uid"])["id"] == sp["id"]
        for bad in ("a000000000000", "nonsense", "999"):
            with pytest.raises(NotFoundError):
                store.find_id("article", bad)


def test_exports_carry_the_stable_ids(tmp_path: Path) -> None:
    _build(tmp_path / "a.db", [0, 1, 2])
    with Store(tmp_path / "a.db", readonly=True) as store:
        rows = list(export.statement_rows(store))
    assert rows and all(r["statement_uid"] and r["article_uid"] and r["speaker_uid"]
                        for r in rows)
    assert all(r["proposition_uid"] for r in rows if r["proposition_id"] is not None)


def test_migration_5_gives_old_rows_their_ids(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                 "NULL, applied_at TEXT NOT NULL)")
    old = [m for m in MIGRATIONS if m[0] < 5]
    for version, _, sql in old:
        for stmt in _split(sql):
            conn.execute(stmt)
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'old', 'x')", (version,))
    conn.execute("INSERT INTO articles (id, source, text_hash, text, ingested_at) VALUES "
                 "(1, 's1', '0123456789abcdef0123456789abcdef', 'The board denied it.', 'x')")
    conn.execute("INSERT INTO speakers (id, key, name, kind) VALUES (1, 'board', 'The board', "
                 "'organization')")
    conn.execute("INSERT INTO propositions (id, text, signature, created_at) VALUES "
                 "(1, 'it happened', '{}', 'x')")
    conn.execute("INSERT INTO statements (article_id, ext_id, speaker_id, content, "
                 "content_start, content_end, kind, stance, side, evidence, proposition_id) "
                 "VALUES (1, 'S1', 1, 'it happened', 0, 5, 'indirect', 'deny', 'denying', "
                 "'none', 1)")
    conn.execute("INSERT INTO statements_fts (rowid, content, speaker, cue) VALUES "
                 "(1, 'it happened', 'The board', '')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        (s,) = list(store.iter_statements())
        assert s["article"]["uid"] == "a0123456789ab"
        assert s["uid"] == "a0123456789ab.S1"
        assert s["speaker"]["uid"].startswith("sp") and s["proposition_uid"].startswith("p")
        # the rebuilt index stems: "happens" finds "happened"
        assert [x["id"] for x in store.search("happens")["statements"]] == [s["id"]]


def test_search_finds_inflections(tmp_path: Path) -> None:
    _build(tmp_path / "a.db", [0, 1, 2])
    with Store(tmp_path / "a.db", readonly=True) as store:
        found = store.search("surveys")["statements"]  # the text says "survey"
        # 4 statements, and the outlet's voice (the first sentence) of the 2 articles
        assert len([s for s in found if s["speaker"]["kind"] != "outlet"]) == 4
        assert len(found) == 6
        assert all("survey" in s["content"]["text"] for s in found)
        assert store.search("reopening")["statements"]
        assert store.search("reopening")["articles"]


def test_old_numeric_urls_redirect_to_the_stable_ones(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from counterclaim.web import create_app

    _build(tmp_path / "a.db", [0, 1, 2])
    app = create_app(tmp_path / "a.db")
    with TestClient(app, follow_redirects=False) as c:
        art = c.get("/api/browse/articles").json()["items"][0]
        r = c.get(f"/articles/{art['id']}")
        assert r.status_code == 308 and r.headers["location"] == f"/articles/{art['uid']}"
        assert c.get(f"/articles/{art['uid']}").status_code == 200
        d = c.get("/api/browse/disputes").json()["items"][0]
        r = c.get(f"/disputes/{d['id']}?p_denying=1")
        assert r.status_code == 308
        assert r.headers["location"] == f"/disputes/{d['uid']}?p_denying=1"
        assert c.get(f"/disputes/{d['uid']}").status_code == 200
        # the API answers both, without a redirect
        assert c.get(f"/api/articles/{art['id']}").json()["uid"] == art["uid"]
        assert c.get(f"/api/articles/{art['uid']}").json()["id"] == art["id"]
        assert c.get(f"/api/disputes/{d['uid']}").json()["id"] == d["id"]
        sp = c.get("/api/browse/speakers").json()["items"][0]
        assert c.get(f"/speakers/{sp['uid']}").status_code == 200
        assert c.get("/articles/a000000000000").status_code == 404
        assert c.get("/articles/99999").status_code == 404
    app.state.store.close()


def test_cli_dispute_takes_its_stable_id(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from counterclaim.cli import main

    _build(tmp_path / "a.db", [0, 1])
    with Store(tmp_path / "a.db", readonly=True) as store:
        d = store.disputes()[0]
    runner = CliRunner()
    for key in (d["uid"], str(d["id"])):
        res = runner.invoke(main, ["dispute", key, "--db", str(tmp_path / "a.db"), "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.output)["uid"] == d["uid"]
    res = runner.invoke(main, ["dispute", "p0000000000", "--db", str(tmp_path / "a.db")])
    assert res.exit_code != 0 and "no dispute" in res.output
