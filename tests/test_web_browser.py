"""The web UI in a real headless Chromium (Debian's ``chromium``, driven by Playwright)
against ``counterclaim serve`` on 127.0.0.1: every page loads, home → dispute → article
→ speaker by clicking, highlights and chart present, an injected ``<script>`` stays
inert, and a screenshot of each page is saved under test-output/screenshots/."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_helpers import S, make_analysis

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("COUNTERCLAIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = REPO / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install chromium; "
                    ".ci/run does)")
    pytest.importorskip("playwright.sync_api", reason="the web extra is not installed")
    from counterclaim.corpus import ingest
    from counterclaim.store import Store

    db = tmp_path_factory.mktemp("web") / "web.db"
    ingest([str(REPO / "examples" / "articles.jsonl")], db=str(db), progress=False)
    with Store(db) as store:
        evil = make_analysis("evil", [
            S(f"Minister {EVIL}", "assert", f"the {EVIL} ferry was sold", prop="evil"),
            S("The harbour office", "deny", f"the {EVIL} ferry was sold", prop="evil")],
            outlet=f"Courier {EVIL}", title=f"Ferry row {EVIL}", published="2026-03-21",
            url="javascript:alert(1)", filler=3)
        evil_id = store.add(evil, source="test:evil").article_id
        evil_dispute = store.statements(article_id=evil_id, limit=1)[0]["proposition_id"]
    port = _free_port()
    exe = Path(sys.executable).with_name("counterclaim")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c",
                                          "from counterclaim.cli import main; main()"]
    log = open(db.with_suffix(".log"), "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([*cmd, "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/api/stats", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.close()
                out = db.with_suffix(".log").read_text(errors="replace")
                pytest.fail(f"counterclaim serve did not start: {out}")
            time.sleep(0.2)
    try:
        yield {"base": base, "evil_article": evil_id, "evil_dispute": evil_dispute}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser(server: dict) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: object, server: dict) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1360, "height": 900})  # type: ignore[attr-defined]
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # Nothing but the server may be reached: any other request fails the test.
    outside: list[str] = []

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(server["base"]) or url.startswith("data:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(url)
            route.abort()  # type: ignore[attr-defined]

    pg.route("**/*", guard)
    pg.errors = errors  # type: ignore[attr-defined]
    yield pg
    ctx.close()
    assert not outside, f"pages asked for outside resources: {outside}"


def shot(pg: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_click_through_home_dispute_article_speaker(page: object, server: dict) -> None:
    pg = page
    pg.goto(server["base"] + "/")
    assert pg.locator("h1").first.inner_text() == "Disputes in the corpus"
    assert pg.locator(".counts dd").count() == 6
    assert pg.locator(".dispute-row").count() >= 1
    shot(pg, "01-home")

    # home → the dispute about drones
    pg.locator(".dispute-row a.prop", has_text="drones").first.click()
    pg.wait_for_url("**/disputes/*")
    assert pg.locator(".column.side-asserting .stmt").count() >= 1
    assert pg.locator(".column.side-denying .stmt").count() >= 1
    svg = pg.locator("svg.timeline")
    assert svg.count() == 1
    assert pg.locator("svg.timeline rect.bar").count() >= 2
    assert pg.locator("svg.timeline rect.bar.side-denying").count() >= 1
    shot(pg, "02-dispute")

    # dispute → an article (the first denying statement's source)
    pg.locator(".column.side-denying .stmt-src a").first.click()
    pg.wait_for_url("**/articles/*")
    assert pg.locator("#article-text .hl.content").count() >= 3
    assert pg.locator("#article-text .hl.speaker").count() >= 1
    assert pg.locator("#article-text .hl.cue").count() >= 1
    assert pg.locator("#article-text .hl.st-deny").count() >= 1
    # the #statement-N link selected that statement: its details are shown
    assert pg.locator("#detail-body").is_visible()
    assert pg.locator(".hl.selected").count() >= 1
    # clicking a highlighted passage shows its statement's details
    pg.locator("#article-text .hl.content").first.click()
    assert pg.locator("#d-stance").text_content() in {"assert", "deny", "hedge", "question",
                                                   "criticize"}
    assert pg.locator("#d-resolved").inner_text() not in ("", "—")
    assert pg.locator("#d-speaker").inner_text() not in ("", "—")
    shot(pg, "03-article")

    # article → the speaker of the selected statement
    name = pg.locator("#d-speaker").inner_text()
    pg.locator("#d-speaker").click()
    pg.wait_for_url("**/speakers/*")
    assert pg.locator("h1").inner_text() == name
    assert pg.locator(".prop-group").count() >= 1
    shot(pg, "04-speaker")

    # hedge words are located and marked in the stored text
    rows = json.loads(urllib.request.urlopen(server["base"] + "/api/statements?limit=1000")
                      .read())["items"]
    hedged = next(r for r in rows if r["hedges"])
    pg.goto(server["base"] + f"/articles/{hedged['article_id']}#statement-{hedged['id']}")
    marked = pg.locator(".hl.hedge").all_inner_texts()
    assert any(h in "".join(marked) for h in hedged["hedges"]), (marked, hedged["hedges"])
    assert pg.locator("#d-hedges").inner_text() == ", ".join(hedged["hedges"])
    assert not pg.errors, pg.errors  # type: ignore[attr-defined]


def test_search_analyze_docs_and_404(page: object, server: dict) -> None:
    pg = page
    pg.goto(server["base"] + "/")
    pg.fill("#q", "drones")
    pg.press("#q", "Enter")
    pg.wait_for_url("**/search?q=drones*")
    assert pg.locator(".search-cols .stmt").count() >= 1
    assert pg.locator(".snippet mark").count() >= 1
    shot(pg, "05-search")

    pg.goto(server["base"] + '/search?q=%22drones%20AND')  # malformed FTS5 syntax
    assert pg.locator(".note", has_text="plain words").count() == 1
    shot(pg, "06-search-malformed")

    pg.goto(server["base"] + "/analyze")
    assert pg.locator("input[name=store_it]").count() == 0  # read-only server
    pg.fill("#text", "Ostrava denied that it had sent drones to Tarn. Veldra said Ostrava "
                     "had sent at least forty drones, citing satellite images.")
    pg.locator(".analyze-form button[type=submit]").click()
    pg.wait_for_selector(".analyze-result")
    assert pg.locator("#article-text .hl.content").count() >= 1
    pg.locator(".stmt-btn").first.click()
    assert pg.locator("#detail-body").is_visible()
    shot(pg, "07-analyze")

    resp = pg.goto(server["base"] + "/articles/999999")
    assert resp is not None and resp.status == 404
    assert "404" in pg.locator("h1").inner_text()
    shot(pg, "08-not-found")
    pg.errors.clear()  # type: ignore[attr-defined]  # the 404 above is logged as an error

    pg.goto(server["base"] + "/docs")
    pg.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert pg.locator(".opblock").count() >= 10
    shot(pg, "09-api-docs")
    assert not pg.errors, pg.errors  # type: ignore[attr-defined]


def test_injected_script_is_inert_on_every_page(page: object, server: dict) -> None:
    pg = page
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    aid, did = server["evil_article"], server["evil_dispute"]
    urls = ["/", f"/disputes/{did}", f"/articles/{aid}",
            "/speakers/" + urllib.request.quote(f"Minister {EVIL}", safe=""),
            "/search?q=ferry", "/search?q=" + urllib.request.quote(EVIL, safe="")]
    for u in urls:
        resp = pg.goto(server["base"] + u)
        assert resp is not None and resp.status in (200, 400), (u, resp and resp.status)
        pg.wait_for_load_state("load")
        assert pg.evaluate("window.__pwned") is None, u
        assert pg.locator("main script").count() == 0 or all(
            s.get_attribute("type") == "application/json"
            for s in pg.locator("main script").all()), u
        assert pg.locator("main img").count() == 0, u
    # the text is shown as text, and the article's javascript: URL is not a link
    pg.goto(server["base"] + f"/articles/{aid}")
    assert "<script>window.__pwned = 1</script>" in pg.locator("#article-text").inner_text()
    assert pg.locator("a[href^='javascript']").count() == 0
    pg.locator("#article-text .hl.content").first.click()
    assert "<script>" in pg.locator("#d-content").inner_text()
    assert pg.evaluate("window.__pwned") is None
    shot(pg, "10-injected-script-inert")
    pg.goto(server["base"] + f"/disputes/{did}")
    assert "<script>" in pg.locator("h1.proposition").inner_text()
    assert not dialogs
