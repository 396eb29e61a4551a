"""The server's response cache and the store's per-thread readers: an answer is
reused only while the database is unchanged; a commit by another process (here,
another connection) shows at once; errors are never kept."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from corpus_helpers import S, make_analysis  # noqa: E402
from counterclaim.store import Store  # noqa: E402
from counterclaim.web import create_app  # noqa: E402
from counterclaim.web.cache import ResponseCache  # noqa: E402


def add(db: Path, aid: str) -> None:
    with Store(db) as store:
        claim = f"the Velm quay number {aid} was rebuilt"
        store.add(make_analysis(aid, [S("The port office", "assert", claim, prop="q"),
                                      S("Councillor Edda Rusk", "deny", claim, prop="q")],
                                filler=2), source=f"t:{aid}")


def cache_of(app) -> ResponseCache:
    m = app.middleware_stack
    while m is not None and not isinstance(m, ResponseCache):
        m = getattr(m, "app", None)
    assert m is not None
    return m


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    add(path, "a1")
    return path


def test_answers_are_reused_until_another_process_writes(db: Path) -> None:
    app = create_app(db)
    with TestClient(app) as c:
        assert c.get("/api/stats").json()["articles"] == 1
        assert c.get("/api/stats").json()["articles"] == 1
        cache = cache_of(app)
        assert (cache.hits, cache.misses) == (1, 1)
        add(db, "a2")  # another connection commits
        assert c.get("/api/stats").json()["articles"] == 2
        assert cache.misses == 2
        home = c.get("/").text
        assert c.get("/").text == home and cache.hits == 2
    app.state.store.close()


def test_the_servers_own_write_empties_the_cache(db: Path) -> None:
    app = create_app(db, allow_writes=True)
    with TestClient(app) as c:
        assert c.get("/api/stats").json()["articles"] == 1
        text = ("Quay row\nThe port office said on Monday that the Velm quay had been "
                "rebuilt. Councillor Edda Rusk denied that the quay had been rebuilt.\n")
        r = c.post("/api/analyze", json={"text": text, "store": True})
        assert r.status_code == 200 and r.json()["stored"]["status"] == "ingested"
        assert c.get("/api/stats").json()["articles"] == 2
    app.state.store.close()


def test_errors_and_other_methods_are_not_kept(db: Path) -> None:
    app = create_app(db)
    with TestClient(app) as c:
        for _ in range(2):
            assert c.get("/articles/999").status_code == 404
        cache = cache_of(app)
        assert cache.hits == 0 and not cache.entries
        assert c.head("/api/stats").content == b""
        assert c.get("/api/stats").json()["articles"] == 1  # HEAD kept the GET's body
    app.state.store.close()


def test_cache_off(db: Path) -> None:
    app = create_app(db, cache=False)
    with TestClient(app) as c:
        assert c.get("/api/stats").status_code == 200
        m = app.middleware_stack
        while m is not None:
            assert not isinstance(m, ResponseCache)
            m = getattr(m, "app", None)
    app.state.store.close()


def test_threads_read_at_once_with_their_own_connections(db: Path) -> None:
    for i in range(2, 6):
        add(db, f"a{i}")
    with Store(db, readonly=True) as store:
        got: list[int] = []
        conns: set[int] = set()

        def read() -> None:
            for _ in range(20):
                got.append(store.stats()["articles"])
            conns.add(id(store._reader()))

        threads = [threading.Thread(target=read) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert got == [5] * 120 and len(conns) == 6
        v0 = store.data_version()
        add(db, "a9")
        assert store.data_version() != v0 and store.stats()["articles"] == 6
