"""Browsing in a real headless Chromium (issue 13), at 1,400 and 400 px wide: home →
articles index → filter by outlet (a facet) → an article → a statement's permalink →
its speaker → the CSV download of a filtered index page. Screenshots go to
test-output/screenshots/browse-<width>-NN-<step>.png."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from collections.abc import Iterator

import pytest

from test_web_browser import SHOTS, browser, server  # noqa: F401 - the shared fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(params=[1400, 400], ids=["1400px", "400px"])
def wide_page(request: pytest.FixtureRequest, browser: object,  # noqa: F811
              server: dict) -> Iterator[object]:  # noqa: F811
    width = request.param
    ctx = browser.new_context(viewport={"width": width, "height": 900},  # type: ignore[attr-defined]
                              accept_downloads=True)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
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
    pg.width = width  # type: ignore[attr-defined]
    yield pg
    ctx.close()
    assert not outside, outside


def _shot(pg: object, n: int, step: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"browse-{pg.width}-{n:02d}-{step}.png"),  # type: ignore[attr-defined]
                  full_page=True)


def _no_sideways_scroll(pg: object) -> None:
    """The page itself never scrolls sideways (wide tables scroll in their box)."""
    over = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
    assert over <= 1, f"the page is {over} px wider than the window"


def test_browse_home_articles_filter_article_permalink_speaker_csv(wide_page: object,
                                                                  server: dict  # noqa: F811
                                                                  ) -> None:
    pg, base = wide_page, server["base"]
    pg.goto(base + "/")  # type: ignore[attr-defined]
    assert pg.locator("section.overview svg.timeline rect.bar").count() >= 2  # type: ignore[attr-defined]
    assert pg.locator(".top-list li").count() >= 2  # type: ignore[attr-defined]
    _no_sideways_scroll(pg)
    _shot(pg, 1, "home")

    # home → the articles index, by the "articles" count
    pg.locator(".counts a[href='/articles']").first.click()  # type: ignore[attr-defined]
    pg.wait_for_url("**/articles")  # type: ignore[attr-defined]
    total = pg.locator("table.index-table tbody tr").count()  # type: ignore[attr-defined]
    assert total >= 8
    _no_sideways_scroll(pg)
    _shot(pg, 2, "articles")

    # → filter by an outlet: its facet value
    facet = pg.locator(".facet", has_text="Outlet").locator("a", has_text="Merin Daily Ledger")  # type: ignore[attr-defined]
    facet.first.click()
    pg.wait_for_url("**/articles?outlet=Merin+Daily+Ledger")  # type: ignore[attr-defined]
    rows = pg.locator("table.index-table tbody tr")  # type: ignore[attr-defined]
    assert rows.count() == 1
    assert "Merin Daily Ledger" in rows.first.inner_text()
    assert pg.locator(".chip", has_text="Merin Daily Ledger").count() == 1  # type: ignore[attr-defined]
    _shot(pg, 3, "articles-by-outlet")

    # → the article (its stable URL)
    rows.first.locator("a").first.click()
    pg.wait_for_url("**/articles/a*")  # type: ignore[attr-defined]
    # → a statement: clicking it sets the URL's fragment, its permalink
    pg.locator(".stmt-btn").first.click()  # type: ignore[attr-defined]
    url = pg.url  # type: ignore[attr-defined]
    frag = url.split("#statement-", 1)[1]
    assert frag and not frag.isdigit()  # its id in the reading (stable), not a row id
    assert pg.locator("#detail-body").is_visible()  # type: ignore[attr-defined]
    if pg.width < 900:  # type: ignore[attr-defined]
        box = pg.locator("#detail").bounding_box()  # type: ignore[attr-defined]
        assert box and box["y"] + box["height"] <= 900 + 1  # on screen, not below the text
    _shot(pg, 4, "article-statement")

    # the permalink, opened fresh, selects the same statement
    content = pg.locator("#d-content").inner_text()  # type: ignore[attr-defined]
    pg.goto("about:blank")  # type: ignore[attr-defined]
    pg.goto(url)  # type: ignore[attr-defined]
    assert pg.locator("#detail-body").is_visible()  # type: ignore[attr-defined]
    assert pg.locator("#d-content").inner_text() == content  # type: ignore[attr-defined]
    assert pg.locator(".hl.selected").count() >= 1  # type: ignore[attr-defined]
    _shot(pg, 5, "permalink")

    # → its speaker
    name = pg.locator("#d-speaker").inner_text()  # type: ignore[attr-defined]
    pg.locator("#d-speaker").click()  # type: ignore[attr-defined]
    pg.wait_for_url("**/speakers/*")  # type: ignore[attr-defined]
    assert pg.locator("h1").inner_text() == name  # type: ignore[attr-defined]
    _no_sideways_scroll(pg)
    _shot(pg, 6, "speaker")

    # → the statements index filtered to one stance, and its CSV download
    pg.goto(base + "/statements?stance=deny&sort=-date")  # type: ignore[attr-defined]
    shown = pg.locator("table.index-table tbody tr").count()  # type: ignore[attr-defined]
    assert shown >= 1
    _no_sideways_scroll(pg)
    _shot(pg, 7, "statements-deny")
    with pg.expect_download() as dl:  # type: ignore[attr-defined]
        pg.locator(".downloads a", has_text="CSV").click()  # type: ignore[attr-defined]
    path = dl.value.path()
    rows_csv = list(csv.DictReader(io.StringIO(open(path, encoding="utf-8").read())))
    assert len(rows_csv) == shown
    assert {r["stance"] for r in rows_csv} == {"deny"}
    api = json.loads(urllib.request.urlopen(
        base + "/api/browse/statements?stance=deny&sort=-date&facets=false").read())
    assert [r["id"] for r in api["items"]] == [int(r["id"]) for r in rows_csv]
    assert not pg.errors, pg.errors  # type: ignore[attr-defined]


def test_chart_labels_stay_readable_at_400px(wide_page: object,
                                            server: dict) -> None:  # noqa: F811
    pg = wide_page
    pg.goto(server["base"] + "/")  # type: ignore[attr-defined]
    sizes = pg.evaluate("""Array.from(document.querySelectorAll('svg.timeline text'))
        .map(t => t.getBoundingClientRect().height)""")  # type: ignore[attr-defined]
    assert sizes and min(sizes) >= 9, sizes  # px on screen, not shrunk with the chart
