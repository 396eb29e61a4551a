"""Web hardening in-process: headers on every response (500s too) and a real error
page, HEAD wherever GET, the Host allow-list, and with writes allowed the CSRF
token and the Origin/Referer check on every write."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from corpus_helpers import S, make_analysis  # noqa: E402
from counterclaim.cli.serve import serve_hosts  # noqa: E402
from counterclaim.store import Store  # noqa: E402
from counterclaim.web import create_app  # noqa: E402
from counterclaim.web.security import make_token, new_secret, token_ok  # noqa: E402

TEXT = ("Ferry row\nMayor Ilse Varga said on Monday that the Brellin ferry had been sold. "
        "The harbour board denied that the Brellin ferry had been sold.\n")
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sec") / "c.db"
    with Store(path) as store:
        store.add(make_analysis("a1", [S("The mayor", "assert", "the pier is safe", prop="p"),
                                       S("The board", "deny", "the pier is safe", prop="p")],
                                title="Pier", filler=3), source="t:a1")
    return path


def articles(db: Path) -> int:
    conn = sqlite3.connect(db)
    n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    conn.close()
    return n


@pytest.fixture()
def writable(db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    copy = tmp_path / "w.db"
    copy.write_bytes(db.read_bytes())
    app = create_app(copy, allow_writes=True, allowed_hosts=serve_hosts("127.0.0.1"))
    with TestClient(app, base_url=BASE) as c:
        yield c, copy
    app.state.store.close()


def token_of(client: TestClient) -> str:
    page = client.get("/analyze").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


# --- headers, error pages, HEAD --------------------------------------------------------

def test_a_crash_gets_the_error_page_and_every_header(db: Path, monkeypatch) -> None:
    from counterclaim.web import views

    def boom(*a, **kw):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "home", boom)
    app = create_app(db)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/")
        assert r.status_code == 500
        assert "500 · Error" in r.text and "a bug" not in r.text
        for h in ("content-security-policy", "x-content-type-options", "x-frame-options",
                  "referrer-policy"):
            assert h in r.headers, h
        assert r.headers["referrer-policy"] == "same-origin"
    app.state.store.close()


@pytest.mark.parametrize("path", ["/", "/api/stats", "/static/style.css", "/nowhere",
                                  "/api/disputes/x", "/docs", "/openapi.json"])
def test_headers_on_every_kind_of_response(db: Path, path: str) -> None:
    app = create_app(db)
    with TestClient(app) as c:
        r = c.get(path)
        assert r.headers["x-frame-options"] == "DENY", (path, r.status_code)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    app.state.store.close()


@pytest.mark.parametrize("path", ["/", "/api/stats", "/search?q=pier", "/analyze",
                                  "/static/style.css", "/api/disputes"])
def test_head_is_answered_where_get_is(db: Path, path: str) -> None:
    app = create_app(db)
    with TestClient(app) as c:
        got, head = c.get(path), c.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == got.headers[
            "content-type"]
        assert "content-security-policy" in head.headers
    app.state.store.close()


# --- Host allow-list -------------------------------------------------------------------

@pytest.mark.parametrize("host,ok", [("127.0.0.1:8000", True), ("localhost:8000", True),
                                     ("[::1]:8000", True), ("localhost", True),
                                     ("evil.example:8000", False), ("evil.example", False),
                                     ("127.0.0.1.evil.example", False), ("", False)])
def test_host_allow_list(db: Path, host: str, ok: bool) -> None:
    app = create_app(db, allowed_hosts=serve_hosts("127.0.0.1"))
    with TestClient(app, base_url=BASE) as c:
        r = c.get("/api/stats", headers={"host": host})
        assert (r.status_code == 200) == ok, host
        if not ok:
            assert r.status_code == 400 and "--allowed-host" in r.text
            assert "x-frame-options" in r.headers
    app.state.store.close()


def test_allowed_host_option_adds_a_name(db: Path) -> None:
    hosts = serve_hosts("0.0.0.0", ("news.example.org",))
    assert "0.0.0.0" not in hosts and "news.example.org" in hosts and "localhost" in hosts
    app = create_app(db, allowed_hosts=hosts)
    with TestClient(app, base_url="http://news.example.org") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"host": "other.example.org"}).status_code == 400
    app.state.store.close()


def test_serve_passes_the_host_list(db: Path, monkeypatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    from counterclaim.cli import main

    seen = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.append(app))
    r = CliRunner().invoke(main, ["serve", "--db", str(db), "--allowed-host", "lan.example"])
    assert r.exit_code == 0, r.output
    with TestClient(seen[0], base_url="http://lan.example") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"host": "evil.example"}).status_code == 400
    seen[0].state.store.close()


# --- CSRF and Origin -------------------------------------------------------------------

def test_tokens() -> None:
    secret = new_secret()
    tok = make_token(secret, now=1000.0)
    assert token_ok(secret, tok, now=1001.0)
    assert not token_ok(new_secret(), tok, now=1001.0)  # another server's
    assert not token_ok(secret, tok, now=1000.0 + 13 * 3600)  # too old
    assert not token_ok(secret, tok.replace(".", ".0"), now=1001.0)
    for bad in (None, "", "x", "1.2", ".", "abc.def"):
        assert not token_ok(secret, bad)


def test_a_form_without_a_valid_token_stores_nothing(writable) -> None:
    c, path = writable
    n0 = articles(path)
    for data in ({"text": TEXT, "store_it": "1"},
                 {"text": TEXT, "store_it": "1", "csrf_token": "123.abc"},
                 {"text": TEXT, "store_it": "1",
                  "csrf_token": make_token(new_secret())}):
        r = c.post("/analyze", data=data)
        assert r.status_code == 403 and "token" in r.text
        assert "x-frame-options" in r.headers
    assert articles(path) == n0


@pytest.mark.parametrize("headers", [{"origin": "http://evil.example"}, {"origin": "null"},
                                     {"referer": "http://evil.example/page"},
                                     {"origin": "http://127.0.0.1:9999"}])
def test_a_write_from_another_origin_is_refused_even_with_a_token(writable, headers) -> None:
    c, path = writable
    n0 = articles(path)
    token = token_of(c)
    r = c.post("/analyze", data={"text": TEXT, "store_it": "1", "csrf_token": token},
               headers=headers)
    assert r.status_code == 403 and "another site" in r.text
    r = c.post("/api/analyze", json={"text": TEXT, "store": True}, headers=headers)
    assert r.status_code == 403
    assert articles(path) == n0


def test_a_text_plain_or_multipart_post_needs_the_token_too(writable) -> None:
    c, path = writable
    n0 = articles(path)
    r = c.post("/api/analyze", content=b'{"text": "x", "store": true}',
               headers={"content-type": "text/plain"})
    assert r.status_code == 403
    token = token_of(c)
    r = c.post("/analyze", files={"x": ("a.txt", b"1")},
               data={"text": TEXT, "csrf_token": token})
    assert r.status_code == 200  # multipart with the token: read
    assert articles(path) == n0


def test_same_site_writes_work(writable) -> None:
    c, path = writable
    n0 = articles(path)
    token = token_of(c)
    r = c.post("/analyze", data={"text": TEXT, "store_it": "1", "csrf_token": token},
               headers={"origin": BASE, "referer": BASE + "/analyze"})
    assert r.status_code == 200 and "Stored: ingested" in r.text
    r = c.post("/api/analyze", json={"text": TEXT.replace("Monday", "Friday"), "store": True})
    assert r.status_code == 200 and r.json()["stored"]["status"] == "ingested"
    assert articles(path) == n0 + 2


def test_read_only_server_has_no_token_and_no_write_check(db: Path) -> None:
    app = create_app(db)
    with TestClient(app) as c:
        assert "csrf_token" not in c.get("/analyze").text
        r = c.post("/analyze", data={"text": TEXT}, headers={"origin": "http://evil.example"})
        assert r.status_code == 200  # reading only; nothing can be stored here
    app.state.store.close()


# --- /analyze off the request threads -----------------------------------------------------

def test_analysis_queue_full_is_a_503_with_retry_after(db: Path, monkeypatch) -> None:
    import threading

    from counterclaim.web import reading

    full = threading.BoundedSemaphore(1)
    full.acquire()  # every slot taken
    monkeypatch.setattr(reading.WORKER, "slots", full)
    app = create_app(db)
    with TestClient(app) as c:
        r = c.post("/api/analyze", json={"text": TEXT})
        assert r.status_code == 503 and r.headers["retry-after"] == str(reading.RETRY_AFTER_S)
        r = c.post("/analyze", data={"text": TEXT})
        assert r.status_code == 503 and "try again" in r.text
        assert "x-frame-options" in r.headers
        assert c.get("/api/stats").status_code == 200  # reading pages goes on
    full.release()
    app.state.store.close()


def test_analysis_over_its_time_budget_is_a_503_and_the_worker_is_replaced(
        db: Path, monkeypatch) -> None:
    from counterclaim.web import reading

    app = create_app(db)
    with TestClient(app) as c:
        assert c.post("/api/analyze", json={"text": TEXT}).status_code == 200
        first = reading.WORKER.pool
        monkeypatch.setattr(reading, "TIME_BUDGET_S", 0.0001)
        r = c.post("/api/analyze", json={"text": TEXT * 50})
        assert r.status_code == 503 and "longer than" in r.json()["detail"]
        assert reading.WORKER.pool is not first
        monkeypatch.setattr(reading, "TIME_BUDGET_S", 120.0)
        r = c.post("/api/analyze", json={"text": TEXT})
        assert r.status_code == 200 and r.json()["statements"]
    app.state.store.close()


def test_every_post_form_in_the_templates_carries_the_token() -> None:
    # A form without it is refused (403) on a server started with --allow-writes.
    from counterclaim.web.templating import HERE

    forms = 0
    for tpl in sorted((HERE / "templates").glob("*.html")):
        for m in re.finditer(r"<form\b[^>]*>", tpl.read_text(), re.I):
            if re.search(r"method=[\"']?post", m.group(0), re.I):
                forms += 1
                after = tpl.read_text()[m.end():m.end() + 200]
                assert "csrf_input(request)" in after, f"{tpl.name}: {m.group(0)}"
    assert forms >= 1
