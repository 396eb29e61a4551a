"""End-to-end ingest through analyze(): summaries, failures, idempotency, --jobs, examples."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from corpus_helpers import Route, article_text, html_page, local_server, rss_feed, write_warc
from counterclaim.corpus import ingest
from counterclaim.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

STORY = ('Harbour row deepens\n'
         'PELLOW — The harbour authority on Tuesday accused the rail operator of hiding the '
         'cost of the new freight line.\n\n'
         '"They have not shown us a single invoice," said Mara Voss, the authority\'s chair.\n\n'
         'The rail operator denied that it had hidden any costs from the authority.\n\n'
         'Source: Pellow Courier\n')


def corpus_dir(tmp_path: Path, n: int = 6) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(n):
        (d / f"a{i:02d}.txt").write_text(f"Story number {i}\n" + article_text(100 + i)
                                         + f'\n"The pier will reopen in week {i}," said '
                                           f"Ona Pell, the harbour master.\n")
    (d / "story.txt").write_text(STORY)
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (d / "broken.rss").write_text("<?xml version='1.0'?><rss><channel><item><title>")
    # A crawl cut in the middle of its gzip stream, and a file that only looks like a WARC.
    write_warc(str(d / "full.warc.gz"), [("https://courier.example/w", html_page(
        "Warc story", article_text(200).split("\n\n")))] * 2)
    raw = (d / "full.warc.gz").read_bytes()
    (d / "full.warc.gz").unlink()
    (d / "cut.warc.gz").write_bytes(raw[: len(raw) * 3 // 4])
    (d / "garbage.warc").write_bytes(b"WARC/1.0\r\nnot a header\r\n\r\n" * 3)
    return d


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    out = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
           for t in ("articles", "statements", "speakers", "propositions", "failures")}
    conn.close()
    return out


def test_ingest_summary_failures_and_idempotent_rerun(tmp_path):
    src = corpus_dir(tmp_path)
    db = tmp_path / "c.db"
    s1 = ingest([str(src)], db=str(db))
    assert (s1.ingested, s1.duplicates, s1.syndicated, s1.failed) == (8, 0, 0, 5)
    reasons = " | ".join(r for _, r in s1.failures)
    assert "empty" in reasons and "binary" in reasons and "feed" in reasons
    assert "cut.warc.gz: is not a readable WARC" in reasons and "truncated" in reasons
    assert "garbage.warc: is not a readable WARC" in reasons
    assert s1.statements > 0
    before = counts(db)
    assert before["failures"] == 5 and before["articles"] == 8  # one record before the cut
    s2 = ingest([str(src)], db=str(db))
    assert (s2.ingested, s2.duplicates, s2.syndicated, s2.failed) == (0, 8, 0, 5)
    after = counts(db)
    assert after == before  # nothing added; failures counted, not repeated
    with Store(db) as store:
        assert {f["count"] for f in store.failures()} == {2}
        art = [a for a in store.articles(limit=100) if a["ext_id"] == "story"][0]
        assert art["outlet"] == "Pellow Courier" and art["title"] == "Harbour row deepens"
        full = store.article(art["id"])
        who = {s["speaker"]["name"] for s in full["statements"]}
        assert "Mara Voss" in who
        assert store.search("invoice")["statements"]


def test_syndicated_copy_found_before_analysis(tmp_path):
    db = tmp_path / "c.db"
    body = article_text(7)
    (tmp_path / "orig.txt").write_text("Harbour news today\n" + body + "\nSource: Wire One\n")
    (tmp_path / "copy.txt").write_text("Harbour news, republished\n"
                                       + body.replace("Tuesday", "Wednesday")
                                       + "\nSource: Northgate Post\n")
    s = ingest([str(tmp_path / "orig.txt"), str(tmp_path / "copy.txt")], db=str(db))
    assert (s.ingested, s.syndicated) == (1, 1)
    with Store(db) as store:
        arts = store.articles(limit=10)
        copy = [a for a in arts if a["syndicated_of"]][0]
        assert copy["outlet"] == "Northgate Post" and copy["n_statements"] == 0


def test_jobs_2_stores_the_same_as_jobs_1(tmp_path):
    src = corpus_dir(tmp_path, n=8)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    s1 = ingest([str(src)], db=str(one), jobs=1)
    s2 = ingest([str(src)], db=str(two), jobs=2)
    assert s1.to_dict() | {"seconds": 0, "articles_per_second": 0} == \
        s2.to_dict() | {"seconds": 0, "articles_per_second": 0}

    def rows(db):
        conn = sqlite3.connect(db)
        return conn.execute("SELECT a.ext_id, s.content, s.stance FROM statements s JOIN "
                            "articles a ON a.id = s.article_id ORDER BY a.ext_id, "
                            "s.content_start").fetchall()
    assert rows(one) == rows(two)
    assert counts(one) == counts(two)


def test_examples_across_articles(tmp_path):
    if not (EXAMPLES / "articles.jsonl").exists():
        pytest.skip("examples/articles.jsonl is not there")
    db = tmp_path / "ex.db"
    n = sum(1 for line in (EXAMPLES / "articles.jsonl").read_text().splitlines() if line.strip())
    s = ingest([str(EXAMPLES / "articles.jsonl")], db=str(db))
    # One of the examples is a syndicated copy (a wire story republished by another outlet).
    assert s.syndicated == 1 and s.ingested == n - 1 and s.failed == 0
    # The .txt versions are the same articles (headline and Source lines aside).
    txt = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    again = ingest(txt, db=str(db))
    assert again.ingested == 0 and again.duplicates + again.syndicated == len(txt)
    # The other way round: .txt first (no URL, no date), then the jsonl fills them in.
    db2 = tmp_path / "ex2.db"
    ingest(txt, db=str(db2))
    ingest([str(EXAMPLES / "articles.jsonl")], db=str(db2))
    conn2 = sqlite3.connect(db2)
    assert conn2.execute("SELECT COUNT(*) FROM articles WHERE url IS NULL OR published_date IS "
                         "NULL").fetchone()[0] == 0
    conn2.close()
    with Store(db) as store:
        st = store.stats()
        assert st["articles"] == n - 1 and st["syndicated"] == 1
        conn = sqlite3.connect(db)
        # Statements of different articles were linked to shared propositions.
        multi = conn.execute("SELECT proposition_id FROM statements WHERE proposition_id IS NOT "
                             "NULL GROUP BY proposition_id HAVING COUNT(DISTINCT article_id) > 1"
                             ).fetchall()
        assert multi
        copy = conn.execute("SELECT outlet, syndicated_of FROM articles WHERE syndicated_of "
                            "IS NOT NULL").fetchone()
        orig_outlet = conn.execute("SELECT outlet FROM articles WHERE id = ?",
                                   (copy[1],)).fetchone()[0]
        assert copy[0] != orig_outlet
        disputes = store.disputes(limit=100)
        # The examples' central dispute (Veldra accuses Ostrava of supplying drones,
        # Ostrava denies it) is told across several articles and outlets.
        across = [d for d in disputes if d["n_articles"] >= 2]
        assert across, [(d["proposition"], d["n_articles"]) for d in disputes]
        assert any("drone" in d["proposition"] or "arm" in d["proposition"] for d in across)
        for d in disputes:
            full = store.dispute(d["id"])
            assert full["sides"]["asserting"]["speakers"] and full["sides"]["denying"]["speakers"]
            json.dumps(full)  # JSON-ready


def test_copied_database_folder_still_opens(tmp_path):
    # WAL: a database copied with its -wal file (e.g. a backup taken mid-run) opens.
    src = corpus_dir(tmp_path, n=2)
    db = tmp_path / "c.db"
    store = Store(db)
    ingest([str(src)], db=store)
    dst = tmp_path / "copy"
    dst.mkdir()
    for p in tmp_path.glob("c.db*"):
        shutil.copy(p, dst / p.name)
    store.close()
    with Store(dst / "c.db") as again:
        assert again.stats()["articles"] == 4  # two texts, the story, one WARC record


def test_feed_rerun_fetches_nothing_again(tmp_path):
    pages = {f"/s{i}": Route(html_page(f"Story {i}", article_text(300 + i).split("\n\n"))
                             .encode()) for i in range(3)}
    with local_server(pages) as base:
        feed = rss_feed([{"title": f"Story {i}", "link": f"{base}/s{i}"} for i in range(3)])
        pages["/feed"] = Route(feed.encode(), content_type="application/rss+xml")
        db = tmp_path / "f.db"
        first = ingest([f"{base}/feed"], db=str(db))
        assert (first.ingested, first.failed) == (3, 0)
        assert [pages[f"/s{i}"].hits for i in range(3)] == [1, 1, 1]
        second = ingest([f"{base}/feed"], db=str(db))
        assert (second.ingested, second.duplicates) == (0, 3)
        assert [pages[f"/s{i}"].hits for i in range(3)] == [1, 1, 1]  # not fetched again
        assert pages["/feed"].hits == 2
    with Store(db) as store:
        arts = store.articles()
        assert {a["outlet"] for a in arts} == {"The Pellow Courier"}
        assert {a["url"] for a in arts} == {f"{base}/s{i}" for i in range(3)}


def test_progress_bar_and_events(tmp_path, capsys):
    src = corpus_dir(tmp_path, n=2)
    seen = []
    s = ingest([str(src)], db=str(tmp_path / "p.db"), progress=True,
               on_event=lambda kind, source, summary: seen.append(kind))
    assert sorted(seen) == sorted(["ingested"] * 4 + ["failed"] * 5)
    assert s.seen == 9
    assert "ingested 4" in capsys.readouterr().err


def test_a_source_that_reads_later_is_no_longer_a_failure(tmp_path):
    routes = {"/story": Route(b"", status=503)}
    with local_server(routes) as base:
        db = tmp_path / "r.db"
        first = ingest([f"{base}/story"], db=str(db))
        assert first.failed == 1 and "503" in first.failures[0][1]
        routes["/story"] = Route(html_page("Harbour", article_text(400).split("\n\n")).encode())
        second = ingest([f"{base}/story"], db=str(db))
        assert second.ingested == 1
    with Store(db) as store:
        assert store.failures() == [] and store.stats()["articles"] == 1


_REAL_RUN_ONE = None


def _fragile_run_one(job):
    """The worker's analysis, except that a "POISON" article kills the worker outright."""
    import os

    if "POISON" in job[1]["text"]:
        os._exit(1)  # as if the kernel's OOM killer took the worker
    return _REAL_RUN_ONE(job)


def test_a_worker_that_dies_costs_one_article_not_the_run(tmp_path, monkeypatch):
    global _REAL_RUN_ONE
    from counterclaim import runner

    _REAL_RUN_ONE = runner._run_one
    # Workers are forked and look the function up by name: they run the patched one.
    monkeypatch.setattr(runner, "_run_one", _fragile_run_one)
    d = tmp_path / "in"
    d.mkdir()
    for i in range(4):
        (d / f"a{i}.txt").write_text(article_text(500 + i) + ("POISON\n" if i == 1 else ""))
    s = ingest([str(d)], db=str(tmp_path / "w.db"), jobs=2)
    assert (s.ingested, s.failed) == (3, 1)
    assert "worker process died" in s.failures[0][1] and s.failures[0][0].endswith("a1.txt")
