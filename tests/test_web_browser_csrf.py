"""Cross-site form posts in a real headless Chromium against ``counterclaim serve
--allow-writes`` on 127.0.0.1: a page of another site (served on localhost, another
origin) that submits a "store it" form to the server stores nothing, while the
server's own /analyze form still stores."""

from __future__ import annotations

import http.server
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus_helpers import S, make_analysis

pytestmark = pytest.mark.browser

from test_web_browser import ARGS, CHROMIUM, _free_port  # noqa: E402

TEXT = ("Dam row\nEngineer Tomas Quill said on Monday that the Orrin dam would hold. "
        "The Orrin water board denied that the Orrin dam would hold.\n")


def articles(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    conn.close()
    return n


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM}")
    pytest.importorskip("playwright.sync_api", reason="the web extra is not installed")
    from counterclaim.store import Store

    db = tmp_path_factory.mktemp("csrf") / "w.db"
    with Store(db) as store:
        store.add(make_analysis("a1", [S("The mayor", "assert", "the pier is safe", prop="p"),
                                       S("The board", "deny", "the pier is safe", prop="p")],
                                filler=3), source="t:a1")
    port = _free_port()
    exe = Path(sys.executable).with_name("counterclaim")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c",
                                          "from counterclaim.cli import main; main()"]
    log = open(db.with_suffix(".log"), "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([*cmd, "serve", "--db", str(db), "--port", str(port),
                             "--allow-writes"], stdout=log, stderr=subprocess.STDOUT)
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
                pytest.fail("counterclaim serve did not start: "
                            + db.with_suffix(".log").read_text(errors="replace"))
            time.sleep(0.2)
    try:
        yield {"base": base, "db": db}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def attacker(server: dict) -> Iterator[str]:
    """Another site (localhost on another port: another origin) whose page posts a
    "store it" form to the server as soon as it loads."""
    page = (f'<!doctype html><html><body><form id="f" method="post" '
            f'action="{server["base"]}/analyze">'
            f'<textarea name="text">{TEXT}</textarea><input name="store_it" value="1">'
            '<input name="csrf_token" value="1700000000.forged"></form>'
            '<script>document.getElementById("f").submit()</script></body></html>').encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://localhost:{srv.server_address[1]}/"
    srv.shutdown()


@pytest.fixture(scope="module")
def browser(server: dict) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_a_cross_site_form_post_stores_nothing(browser, server, attacker) -> None:
    n0 = articles(server["db"])
    ctx = browser.new_context()
    pg = ctx.new_page()
    answers: list[int] = []
    pg.on("response", lambda r: answers.append(r.status) if "/analyze" in r.url else None)
    pg.goto(attacker)
    pg.wait_for_url(f"{server['base']}/analyze", timeout=30_000)
    pg.wait_for_load_state()
    ctx.close()
    assert answers == [403]
    assert articles(server["db"]) == n0


def test_the_sites_own_form_still_stores(browser, server) -> None:
    n0 = articles(server["db"])
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(server["base"] + "/analyze")
    pg.fill("textarea[name=text]", TEXT)
    pg.check("input[name=store_it]")
    with pg.expect_navigation(timeout=120_000):
        pg.click("form.analyze-form button[type=submit], form.analyze-form "
                 "input[type=submit]")
    assert "Stored: ingested" in pg.content()
    ctx.close()
    assert articles(server["db"]) == n0 + 1
