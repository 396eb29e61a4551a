"""The /check page in a real headless Chromium (the pattern of test_web_browser.py):
type a claim, see the sides as columns, follow an article link to its deciding
statement highlighted; an injected claim stays inert text."""

from __future__ import annotations

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

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("COUNTERCLAIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = REPO / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CLAIM = "Ostrava supplied drones to the rebels in Tarn"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium is not installed at {CHROMIUM}")
    pytest.importorskip("playwright.sync_api", reason="the web extra is not installed")
    from counterclaim.corpus import ingest

    db = tmp_path_factory.mktemp("webcheck") / "web.db"
    ingest([str(REPO / "examples" / "articles.jsonl")], db=str(db), progress=False)
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
                pytest.fail("counterclaim serve did not start: "
                            + db.with_suffix(".log").read_text(errors="replace"))
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture()
def page(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        ctx = b.new_context(viewport={"width": 1360, "height": 900})
        pg = ctx.new_page()
        errors: list[str] = []
        outside: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))

        def guard(route: object) -> None:
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith(server) or url.startswith("data:"):
                route.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(url)
                route.abort()  # type: ignore[attr-defined]

        pg.route("**/*", guard)
        yield pg
        b.close()
        assert not errors, errors
        assert not outside, f"pages asked for outside resources: {outside}"


def test_check_page_columns_and_link_to_the_statement(page: object, server: str) -> None:
    pg = page
    pg.goto(server + "/check")
    pg.fill("#claim", CLAIM)
    pg.click("form.big-search button")
    pg.wait_for_url("**/check?claim=*")
    assert pg.locator(".column").count() == 3
    cards = pg.locator(".check-card")
    assert cards.count() >= 3
    assert pg.locator("#check-summary").inner_text().split()[0].isdigit()
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "check.png"), full_page=True)
    link = pg.locator(".check-card .card-head a[href*='#statement-']").first
    link.click()
    pg.wait_for_url("**/articles/*")
    assert pg.locator(".hl.selected").count() >= 1
    assert pg.locator("#detail-body").is_visible()


def test_injected_claim_stays_text(page: object, server: str) -> None:
    pg = page
    evil = '<img src=x onerror="window.__pwned=1"> drones Tarn'
    pg.goto(server + "/check?claim=" + urllib.request.quote(evil))
    assert pg.evaluate("window.__pwned === undefined")
    assert pg.locator("#claim").input_value() == evil
