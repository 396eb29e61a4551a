"""Every SOURCE kind, with inputs the tests make themselves; bad inputs become failures.

A local HTTP server on 127.0.0.1 serves pages, feeds, a 404, a slow response, a
redirect and a non-HTML content type; nothing else on the network is touched.
"""

from __future__ import annotations

import gzip
import json

import pytest

from corpus_helpers import (
    Route,
    article_text,
    atom_feed,
    html_page,
    local_server,
    paragraphs_html,
    rss_feed,
    write_warc,
)
from counterclaim.sources import ArticleInput, Fetcher, InputFailure, fragment_text, iter_sources

PARAS = ["PELLOW — The harbour authority on Tuesday accused the rail operator of hiding "
         "the cost of the new freight line, in a row that has lasted all winter.",
         '"They have not shown us a single invoice," said Mara Voss, the authority\'s chair.',
         "The rail operator denied that it had hidden any costs and said the figures would "
         "be published in May, officials said."]


def split(items):
    ok = [i for i in items if isinstance(i, ArticleInput)]
    bad = [i for i in items if isinstance(i, InputFailure)]
    return ok, bad


def read(*sources, fetcher=None):
    return split(list(iter_sources([str(s) for s in sources],
                                   fetcher=fetcher or Fetcher(timeout=2, trust_env=False))))


def test_txt_and_directory_recursion(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Harbour row deepens\n" + article_text(1))
    (tmp_path / "a" / "b" / "two.txt").write_text(article_text(2))
    (tmp_path / "a" / "b" / "notes.md").write_text("not an article kind; skipped")
    (tmp_path / "a" / ".hidden.txt").write_text(article_text(3))
    ok, bad = read(tmp_path / "a")
    assert [i.id for i in ok] == ["two", "one"] and not bad  # path order: a/b/… < a/one


def test_html_page_drops_boilerplate(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(html_page("Harbour authority accuses rail operator", PARAS))
    (ok,), bad = read(page)
    assert not bad
    assert "invoice" in ok.text and "denied that it had hidden" in ok.text
    for junk in ("cookies", "Subscribe", "Copyright", "Most read", "recipes"):
        assert junk not in ok.text
    assert ok.meta["title"] == "Harbour authority accuses rail operator"
    assert ok.meta["outlet"] == "The Pellow Courier"
    assert ok.meta["published"] == "2026-04-02"


def test_jsonl_with_text_or_html_and_bad_lines(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "t1", "text": article_text(4), "outlet": "Ambry Gazette",
                    "published": "2026-04-01", "url": "https://ambry.example/1"}),
        json.dumps({"id": "h1", "html": html_page("Rail costs", PARAS)}),
        "{not json",
        json.dumps({"id": "x", "title": "no text"}),
        json.dumps([1, 2]),
    ]) + "\n")
    ok, bad = read(f)
    assert [i.id for i in ok] == ["t1", "h1"]
    assert ok[0].meta == {"outlet": "Ambry Gazette", "published": "2026-04-01",
                          "url": "https://ambry.example/1"}
    assert "invoice" in ok[1].text and "cookies" not in ok[1].text
    assert [b.source for b in bad] == [f"{f}:3", f"{f}:4", f"{f}:5"]
    assert "not valid JSON" in bad[0].message and "'text' or 'html'" in bad[1].message


def test_rss_file_full_content_and_link_only_entries(tmp_path):
    story = html_page("Ferry to the islands delayed", PARAS)
    with local_server({"/ferry": Route(story.encode())}) as base:
        full = paragraphs_html(article_text(5))
        feed = tmp_path / "world.rss"
        feed.write_text(rss_feed([
            {"title": "Silo approved", "link": "https://courier.example/silo", "content": full},
            {"title": "Ferry delayed", "link": f"{base}/ferry", "summary": "Teaser only."},
            {"title": "Gone", "link": f"{base}/missing", "summary": "Teaser."},
        ]))
        ok, bad = read(feed)
    assert [i.meta["title"] for i in ok] == ["Silo approved", "Ferry delayed"]
    assert ok[0].meta["outlet"] == "Pellow Courier - World"
    assert ok[0].meta["url"] == "https://courier.example/silo"
    assert ok[0].meta["published"].startswith("Thu, 02 Apr 2026")
    assert "\n" in ok[0].text and "<p>" not in ok[0].text
    assert "invoice" in ok[1].text  # fetched from its link
    assert len(bad) == 1 and "404" in bad[0].message and "missing" in bad[0].source


def test_atom_file(tmp_path):
    feed = tmp_path / "gazette.atom"
    feed.write_text(atom_feed([
        {"title": "Library budget", "link": "https://ambry.example/lib",
         "content": paragraphs_html(article_text(6))},
        {"title": "Bridge", "link": "https://ambry.example/bridge",
         "content": paragraphs_html(article_text(7)), "date": "2026-04-04T10:00:00Z"}]))
    ok, bad = read(feed)
    assert not bad and [i.meta["title"] for i in ok] == ["Library budget", "Bridge"]
    assert ok[1].meta["published"] == "2026-04-04T10:00:00Z"
    assert ok[0].meta["outlet"] == "Ambry Gazette"


def test_warc_html_response_records(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(str(path), [("https://courier.example/a", html_page("Harbour row", PARAS)),
                           ("https://courier.example/b",
                            html_page("Silo", article_text(8).split("\n\n")))])
    ok, bad = read(path)
    assert not bad  # the PNG record is skipped, not a failure
    assert [i.meta["url"] for i in ok] == ["https://courier.example/a",
                                           "https://courier.example/b"]
    assert "invoice" in ok[0].text and "cookies" not in ok[0].text
    plain = tmp_path / "crawl.warc"
    write_warc(str(plain), [("https://courier.example/c", html_page("Harbour", PARAS))],
               gz=False)
    ok, bad = read(plain)
    assert len(ok) == 1 and not bad


def test_urls_pages_feeds_and_http_failures():
    page = html_page("Harbour authority accuses rail operator", PARAS).encode()
    feed = rss_feed([{"title": "Silo", "link": "https://courier.example/silo",
                      "content": paragraphs_html(article_text(9))}]).encode()
    routes = {
        "/story": Route(page),
        "/feed": Route(feed, content_type="application/rss+xml"),
        "/xmlfeed": Route(feed, content_type="text/xml"),
        "/plain": Route(article_text(10).encode(), content_type="text/plain; charset=utf-8"),
        "/old": Route(b"", status=301, location="/story"),
        "/slow": Route(page, delay=3.0),
        "/image": Route(b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png"),
        "/huge": Route(b"<html>" + b"x" * 300_000 + b"</html>"),
        "/empty": Route(b""),
    }
    with local_server(routes) as base:
        fetcher = Fetcher(timeout=1.0, max_bytes=200_000, trust_env=False)
        items = list(iter_sources([f"{base}{p}" for p in (
            "/story", "/feed", "/xmlfeed", "/plain", "/old", "/missing", "/slow", "/image",
            "/huge", "/empty")] + ["ftp://courier.example/x"], fetcher=fetcher))
        fetcher.close()
    by_source = {i.source.replace(base, ""): i for i in items}
    assert isinstance(by_source["/story"], ArticleInput)
    assert by_source["/story"].meta["url"] == f"{base}/story"
    assert "invoice" in by_source["/story"].text
    feed_items = [i for i in items if i.source.startswith(f"{base}/feed#")]
    assert len(feed_items) == 1 and isinstance(feed_items[0], ArticleInput)
    assert any(i.source.startswith(f"{base}/xmlfeed#") for i in items)
    assert isinstance(by_source["/plain"], ArticleInput)
    redirected = by_source["/old"]
    assert isinstance(redirected, ArticleInput) and redirected.meta["url"] == f"{base}/story"
    failures = {k: v.message for k, v in by_source.items() if isinstance(v, InputFailure)}
    assert "HTTP 404" in failures["/missing"]
    assert "timed out" in failures["/slow"]
    assert "content type 'image/png'" in failures["/image"]
    assert "byte cap" in failures["/huge"]
    assert "empty" in failures["/empty"]
    assert "only http(s)" in failures["ftp://courier.example/x"]


def test_unreachable_host_is_a_clear_failure():
    # A port nothing listens on, on this machine only.
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    ok, bad = read(f"http://127.0.0.1:{port}/x")
    assert not ok and "cannot connect" in bad[0].message


@pytest.mark.parametrize("name, data, why", [
    ("truncated.warc.gz", None, "not a readable WARC"),
    ("garbage.warc", b"WARC/1.0\r\nthis is not a warc header block\r\n\r\n" * 3,
     "not a readable WARC"),
    ("broken.rss", b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>",
     "feed"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("empty.txt", b"", "empty"),
    ("empty.html", b"   \n", "empty"),
    ("boiler.html", b"<html><body><nav>Home | World</nav></body></html>", "no article text"),
    ("latin1.txt", "caf\xe9 au lait ".encode("latin-1") * 20, "UTF-8"),
])
def test_bad_inputs_are_failures_and_the_run_goes_on(tmp_path, name, data, why):
    if data is None:  # a real WARC, cut in the middle of its gzip stream
        full = tmp_path / "full.warc.gz"
        write_warc(str(full), [("https://courier.example/a", html_page("Harbour", PARAS))] * 3)
        raw = full.read_bytes()
        data = raw[: len(raw) // 2]
    bad_file = tmp_path / name
    bad_file.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(article_text(11))
    ok, bad = read(bad_file, good)
    assert [i.id for i in ok][-1] == "good"  # the run went on past the bad input
    assert bad and why.lower() in bad[0].message.lower(), bad[0].message
    assert str(bad_file) in bad[0].source


def test_truncated_gzip_keeps_records_read_before_the_cut(tmp_path):
    full = tmp_path / "full.warc.gz"
    pages = [(f"https://courier.example/{i}", html_page(f"Story {i}",
                                                        article_text(20 + i).split("\n\n")))
             for i in range(6)]
    write_warc(str(full), pages)
    raw = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(raw[: int(len(raw) * 0.7)])
    ok, bad = read(cut)
    assert 1 <= len(ok) < 6 and len(bad) == 1
    with pytest.raises((EOFError, OSError)):
        gzip.decompress(cut.read_bytes())


def test_fragment_text_keeps_paragraphs():
    assert fragment_text("<p>One <b>bold</b> line.</p><p>Two.</p>") == "One bold line.\nTwo."
