"""The web app in-process (FastAPI TestClient): JSON API, pages, errors, escaping,
read-only mode, request limits, pagination, and a dispute of 10,000 statements."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corpus_helpers import S, make_analysis  # noqa: E402
from counterclaim.errors import StoreError  # noqa: E402
from counterclaim.store import Store  # noqa: E402
from counterclaim.web import create_app  # noqa: E402
from counterclaim.web.chart import bins, timeline_svg  # noqa: E402
from counterclaim.web.highlight import Mark, nearest, render, snippet  # noqa: E402

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
CLAIM = "the harbour authority sold the old ferry to Corvale"


def _corpus(path: Path) -> dict[str, int]:
    """A small corpus: one dispute over three dated articles, one article full of markup."""
    with Store(path) as store:
        ids = {}
        ids["a1"] = store.add(make_analysis("a1", [
            S("The mayor", "assert", CLAIM, prop="f", evidence="cited"),
            S("The harbour authority", "deny", CLAIM, prop="f")],
            outlet="Pellow Courier", published="2026-03-02", title="Ferry sold?", filler=4),
            source="t:a1").article_id
        ids["a2"] = store.add(make_analysis("a2", [
            S("The harbour authority", "deny", CLAIM, prop="f"),
            S("A fisheries inspector", "question", CLAIM, prop="f")],  # asks: hedging
            outlet="Ambry Times", published="2026-03-09", title="Authority denies sale",
            filler=4), source="t:a2").article_id
        ids["evil"] = store.add(make_analysis("evil", [
            S(f"Minister {EVIL}", "assert", f"the {EVIL} bridge is unsafe", prop="e"),
            S("The engineers", "deny", f"the {EVIL} bridge is unsafe", prop="e")],
            outlet=f"Courier {EVIL}", title=f"Bridge {EVIL}", published="2026-03-12",
            url="javascript:alert(1)"), source="t:evil").article_id  # no filler: its own story
        # (the first statement of an article in the corpus is its outlet's voice)
        ids["claim_dispute"] = [s for s in store.statements(article_id=ids["a1"], limit=10)
                                if not s["voice"]][0]["proposition_id"]
        ids["evil_dispute"] = [s for s in store.statements(article_id=ids["evil"], limit=10)
                               if not s["voice"]][0]["proposition_id"]
    return ids


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    db = tmp_path_factory.mktemp("webapi") / "c.db"
    return db, _corpus(db)


@pytest.fixture(scope="module")
def client(corpus: tuple[Path, dict[str, int]]) -> Iterator[TestClient]:
    app = create_app(corpus[0])
    with TestClient(app) as c:
        yield c
    app.state.store.close()


# --- pages and API --------------------------------------------------------------------

def test_every_page_renders(client: TestClient, corpus: tuple[Path, dict]) -> None:
    ids = corpus[1]
    for url in ["/", f"/disputes/{ids['claim_dispute']}", f"/articles/{ids['a1']}",
                "/speakers/The%20harbour%20authority", "/search?q=ferry", "/search",
                "/analyze", "/docs"]:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html"), url
        assert "Content-Security-Policy" in r.headers, url
    home = client.get("/").text
    assert CLAIM in home and "The harbour authority" in home
    page = client.get(f"/disputes/{ids['claim_dispute']}").text
    assert '<svg class="timeline"' in page and 'class="bar side-denying"' in page
    assert "<td>2026-03-09</td><td></td><td>1</td><td>1</td>" in page  # the chart's numbers
    for side in ("asserting", "denying", "hedging"):
        assert f'id="side-{side}"' in page
    art = client.get(f"/articles/{ids['a1']}").text
    assert 'class="hl content st-assert"' in art and 'class="hl content st-deny"' in art
    assert 'class="hl speaker"' in art


def test_docs_are_offline(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "http://" not in page and "https://" not in page
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/api/disputes" in spec["paths"] and "/api/search" in spec["paths"]


def test_api_shapes_and_pagination(client: TestClient, corpus: tuple[Path, dict]) -> None:
    ids = corpus[1]
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 3 and stats["disputes"] == 2
    ds = client.get("/api/disputes").json()["items"]
    assert [d["id"] for d in ds][0] == ids["evil_dispute"]  # most recent activity first
    by_size = client.get("/api/disputes?order=size").json()["items"]
    assert by_size[0]["id"] == ids["claim_dispute"]
    assert len(client.get("/api/disputes?limit=1").json()["items"]) == 1
    assert client.get("/api/disputes?limit=1&offset=1").json()["items"][0]["id"] == \
        ds[1]["id"]
    d = client.get(f"/api/disputes/{ids['claim_dispute']}").json()
    assert d["proposition"] == CLAIM and d["counts"]["statements"] == 6  # 4 and 2 outlet voices
    summ = client.get(f"/api/disputes/{ids['claim_dispute']}/summary").json()
    assert sum(r["statements"] for r in summ["timeline"]) == 6
    st = client.get(f"/api/disputes/{ids['claim_dispute']}/statements?side=denying").json()
    assert {s["speaker"]["name"] for s in st["items"]} == {"The harbour authority"}
    assert client.get("/api/statements?limit=2&offset=1").json()["items"][0]["id"] == 2
    assert client.get("/api/statements?limit=1001").status_code == 422
    assert client.get("/api/statements?offset=-1").status_code == 422
    assert client.get("/api/articles?limit=2").json()["items"].__len__() == 2
    assert "text" in client.get(f"/api/articles/{ids['a1']}").json()
    sp = client.get("/api/speakers/The%20harbour%20authority").json()
    assert len(sp["denied"]) == 2
    assert client.get("/api/speakers?search=harbour").json()["items"][0]["n_statements"] == 2
    res = client.get("/api/search?q=ferry").json()
    assert res["interpreted_as"] == "fts5" and res["statements"]
    assert client.get(f"/api/disputes/{ids['claim_dispute']}/claimreview").json()[
        "claimReviewed"] == CLAIM
    assert client.get("/api/failures").json()["items"] == []


def test_unknown_ids_are_404_pages(client: TestClient) -> None:
    for url in ["/articles/999", "/disputes/999", "/disputes/abc", "/articles/1x",
                "/speakers/Nobody%20At%20All", "/no/such/page", "/disputes/99999999999999999999"]:
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.headers["content-type"].startswith("text/html"), url
        assert "404" in r.text and "<h1>" in r.text, url
    for url in ["/api/articles/999", "/api/disputes/999", "/api/disputes/x/summary",
                "/api/speakers/Nobody%20At%20All"]:
        r = client.get(url)
        assert r.status_code == 404 and "detail" in r.json(), url


MALFORMED = ['"unterminated', "AND", "OR OR", "NOT", "a:b", "*", "(", ")", "NEAR(", '"',
             "ferry AND", "^", "-", "a -", "bridge NOT", "col:ferry", "{a b}", "''", "\\",
             "ferry*  *", "\x00", "🙂", "%", "a OR"]


@pytest.mark.parametrize("q", MALFORMED)
def test_malformed_search_is_400_or_plain_words_never_500(client: TestClient, q: str) -> None:
    for url in ("/search", "/api/search"):
        r = client.get(url, params={"q": q})
        assert r.status_code in (200, 400), (url, q, r.status_code)
        if r.status_code == 400:
            msg = r.json()["detail"] if url.startswith("/api") else r.text
            assert "query" in msg or "words" in msg


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_search_text_is_never_a_500(client: TestClient, q: str) -> None:
    assert client.get("/api/search", params={"q": q}).status_code in (200, 400, 422)
    assert client.get("/search", params={"q": q}).status_code in (200, 400)


# --- escaping -----------------------------------------------------------------------

def test_article_markup_is_escaped_on_every_page(client: TestClient,
                                                 corpus: tuple[Path, dict]) -> None:
    ids = corpus[1]
    urls = ["/", f"/disputes/{ids['evil_dispute']}", f"/articles/{ids['evil']}",
            "/speakers/" + "Minister%20%3Cscript%3Ealert(%22x%22)%3C%2Fscript%3E%3Cimg%20"
            "src%3Dx%20onerror%3Dalert(1)%3E", "/search?q=bridge", "/search?q=unsafe"]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<script>alert" not in r.text and "<img src=x" not in r.text, url
        assert "&lt;script&gt;alert" in r.text, url
        assert 'href="javascript' not in r.text.lower(), url
    art = client.get(f"/articles/{ids['evil']}").text
    # the statements' JSON for the page's script cannot close its <script> element
    data = art.split('id="statements-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "\\u003cscript\\u003e" in data


def test_render_escapes_every_segment_and_handles_overlaps() -> None:
    text = 'A <b>&"x"</b> said: <script>1</script>'
    html = render(text, [Mark(0, 12, "content", 0, "deny"), Mark(2, 20, "speaker", 1),
                         Mark(5, 3, "cue", 0), Mark(30, 99, "cue", 0)])
    assert "<b>" not in html and "<script>" not in html
    assert html.count("&lt;script&gt;") == 1
    assert 'class="hl content st-deny speaker" data-st="0 1"' in html
    plain = str(html)
    for tag in ("</span>", '<span class="hl content st-deny">'):
        plain = plain.replace(tag, "")
    assert "&lt;b&gt;" in plain
    assert render("x", [Mark(0, 1, "content", 0, "<evil>")]).count("st-other") == 1
    assert nearest("he said it, she said", "said", 11, 14) == (16, 20)
    assert nearest("he said it, she said", "said", 8, 10) == (3, 7)
    assert nearest("no cue", ":", 0, 2) is None
    assert str(snippet("a [b] <i>[c]</i>")) == \
        "a <mark>b</mark> &lt;i&gt;<mark>c</mark>&lt;/i&gt;"


def test_chart_bins_and_escapes() -> None:
    rows = [{"date": "2026-01-01", "side": "asserting", "statements": 2},
            {"date": "2026-06-30", "side": "denying", "statements": 1},
            {"date": None, "side": "hedging", "statements": 3},
            {"date": "not a date", "side": "<x>", "statements": 1}]
    unit, starts, counts, undated = bins(rows)
    assert unit == "week" and undated == 4
    assert sum(counts["asserting"]) == 2 and sum(counts["denying"]) == 1
    svg = timeline_svg(rows)
    assert svg.count('class="bar side-') == 2 and "+ 4 undated" in svg and "<x>" not in svg
    assert "No timeline" in timeline_svg([{"date": None, "side": "asserting",
                                           "statements": 1}])


# --- read-only, writes, limits -------------------------------------------------------

def test_read_only_by_default(client: TestClient, corpus: tuple[Path, dict]) -> None:
    store = client.app.state.store
    before = store.stats()
    with pytest.raises((sqlite3.OperationalError, StoreError), match="readonly|read-only"):
        store.add(make_analysis("w", [S("A", "assert", "something happened here")]),
                  source="t:w")
    r = client.post("/analyze", data={"text": "The mayor said the ferry was sold.",
                                      "store_it": "1"})
    assert r.status_code == 403 and "read-only" in r.text
    r = client.post("/api/analyze", json={"text": "The mayor said it.", "store": True})
    assert r.status_code == 403
    assert store.stats() == before
    assert 'name="store_it"' not in client.get("/analyze").text


def test_read_only_refuses_an_old_schema_without_migrating(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db):
        pass
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM "
                 "schema_migrations)")
    conn.commit()
    n = conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
    conn.close()
    with pytest.raises(StoreError, match="schema"):
        create_app(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == n
    conn.close()
    with pytest.raises(StoreError, match="does not exist"):
        create_app(tmp_path / "missing.db")


def test_analyze_reads_and_stores_only_when_allowed_and_asked(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    _corpus(db)
    text = ("Harbour row\nThe mayor said on Monday that the ferry had been sold to Corvale. "
            "The harbour authority denied that the ferry had been sold.\n")
    app = create_app(db, allow_writes=True)
    with TestClient(app) as c:
        n0 = c.get("/api/stats").json()["articles"]
        form = c.get("/analyze").text
        assert 'name="store_it"' in form
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        r = c.post("/analyze", data={"text": text, "csrf_token": token})
        assert r.status_code == 200
        assert 'class="hl content st-' in r.text and "statements-data" in r.text
        assert c.get("/api/stats").json()["articles"] == n0  # not asked: not stored
        r = c.post("/analyze", data={"text": text, "store_it": "1", "csrf_token": token})
        assert r.status_code == 200 and "Stored: ingested" in r.text
        assert c.get("/api/stats").json()["articles"] == n0 + 1
        r = c.post("/api/analyze", json={"text": text.replace("Monday", "Friday")})
        body = r.json()
        assert r.status_code == 200 and body["stored"] is None and body["statements"]
        assert c.post("/analyze", data={"text": "   ", "csrf_token": token}).status_code == 400
    app.state.store.close()


def test_analyze_body_limit(client: TestClient) -> None:
    big = "The mayor said the ferry was sold. " * 6000  # ~210 KB
    r = client.post("/analyze", data={"text": big})
    assert r.status_code == 413 and "413 · Too large" in r.text and "200 KB" in r.text
    assert r.headers["x-frame-options"] == "DENY"
    assert client.post("/api/analyze", json={"text": big}).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
        for _ in range(30):
            yield b"text=" + b"x" * 10_000

    r = client.post("/analyze", content=chunks(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_serve_binds_localhost_read_only_by_default(corpus: tuple[Path, dict],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    from counterclaim.cli import main

    seen: list[tuple] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **kw: seen.append(
        (host, port, app.state.allow_writes)))
    r = CliRunner().invoke(main, ["serve", "--db", str(corpus[0])])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["serve", "--db", str(corpus[0]), "--port", "8123",
                                  "--allow-writes"])
    assert r.exit_code == 0, r.output
    assert seen == [("127.0.0.1", 8000, False), ("127.0.0.1", 8123, True)]
    r = CliRunner().invoke(main, ["serve", "--db", str(corpus[0]) + ".missing"])
    assert r.exit_code == 4 and "does not exist" in r.output


# --- a dispute of 10,000 statements --------------------------------------------------

def test_dispute_with_10000_statements_is_paginated(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    # Seven speakers on each side (a speaker takes one side on a proposition).
    stances = ("assert", "deny", "question")  # asserting, denying, hedging
    with Store(db) as store:
        for a in range(100):
            stmts = [S(f"Speaker {chr(65 + i % 3)}{(a + i) % 7}", stances[i % 3],
                       "the Republic of Ostrava supplied armed drones to rebels in Tarn",
                       prop="x") for i in range(100)]
            store.add(make_analysis(f"b{a}", stmts, outlet=f"Outlet {a % 7}",
                                    published=f"2026-03-{1 + a % 28:02d}", filler=8),
                      source=f"t:b{a}")
        assert store.stats()["statements"] == 10_100  # and 100 outlet voices
        pid = store.disputes(limit=1)[0]["id"]
    app = create_app(db)
    with TestClient(app) as c:
        t0 = time.perf_counter()
        r = c.get(f"/disputes/{pid}")
        elapsed = time.perf_counter() - t0
        assert r.status_code == 200
        print(f"\n/disputes/{pid} with 10,000 statements: {elapsed * 1000:.0f} ms")
        page = r.text
        assert "10100 statements" in page
        assert page.count('<article class="stmt') == 3 * 50  # 50 per side, three sides
        assert "page 1 of 68 (3400)" in page  # 34 of every 100 assert, 50 a page
        assert 'class="bar side-asserting"' in page
        p2 = c.get(f"/disputes/{pid}?p_denying=2").text
        assert "page 2 of 66 (3300)" in p2 and p2 != page
        assert c.get(f"/disputes/{pid}?p_denying=0").status_code == 400
        summ = c.get(f"/api/disputes/{pid}/summary").json()
        assert sum(r["statements"] for r in summ["timeline"]) == 10_100
        st = c.get(f"/api/disputes/{pid}/statements?limit=1000&offset=9500").json()
        assert len(st["items"]) == 600  # the last 500 statements and the 100 voices
    app.state.store.close()
