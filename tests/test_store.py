"""The SQLite store with hand-built Analysis records (independent of the extractor)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from corpus_helpers import S, article_text, make_analysis
from counterclaim.errors import NotFoundError, QueryError, StoreError
from counterclaim.records import Article
from counterclaim.store import MIGRATIONS, SCHEMA_VERSION, Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "c.db") as s:
        yield s


# --- schema --------------------------------------------------------------------------

def test_new_database_is_wal_with_versioned_schema(tmp_path):
    path = tmp_path / "c.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    rows = conn.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == [m[0] for m in MIGRATIONS]
    assert rows[-1][0] == SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "statements", "speakers", "propositions", "failures",
            "statements_fts", "articles_fts"} <= names
    # Reopening applies nothing twice.
    Store(path).close()
    assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_old_database_is_migrated_and_keeps_its_data(tmp_path):
    from counterclaim.store.schema import MIGRATIONS, _split

    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                 "NULL, applied_at TEXT NOT NULL)")
    for stmt in _split(MIGRATIONS[0][2]):
        conn.execute(stmt)
    conn.execute("INSERT INTO schema_migrations VALUES (1, 'initial', 'x')")
    conn.execute("INSERT INTO articles (id, source, text_hash, title, text, ingested_at) "
                 "VALUES (1, 's', 'h', 'Harbour news', 'The pier reopens in May.', 'x')")
    conn.execute("INSERT INTO articles_fts (rowid, title, text, outlet) VALUES "
                 "(1, 'Harbour news', 'The pier reopens in May.', '')")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        hits = store.search("pier")["articles"]
        assert [h["id"] for h in hits] == [1] and "[pier]" in hits[0]["snippet"]


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "c.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    conn.commit()
    with pytest.raises(StoreError, match="newer counterclaim"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(bad)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.db", create=False)


# --- idempotency and syndication -----------------------------------------------------

def test_same_text_or_same_url_is_stored_once(store):
    a = make_analysis("a", [S("Veldra", "assert", "Ostrava armed the rebels in Tarn")],
                      url="https://herald.example/a?utm_source=x", filler=3)
    assert store.add(a, source="a.txt").status == "ingested"
    assert store.add(a, source="a.txt").status == "duplicate"
    # Same URL up to tracking parameters and a fragment, other text: still the same article.
    b = make_analysis("b", [S("Ostrava", "deny", "it armed rebels")],
                      url="https://herald.example/a#top", filler=2)
    assert store.add(b, source="b.txt").status == "duplicate"
    # Same text up to case, punctuation and layout.
    text = a.article.text.upper().replace("\n\n", "\n")
    assert store.add(Article(id="c", text=text), source="c").status == "duplicate"
    st = store.stats()
    # one statement and the outlet's voice (link.voice: its lede, said by the outlet)
    assert (st["articles"], st["statements"], st["syndicated"]) == (1, 2, 0)


def test_a_duplicate_fills_what_the_stored_article_lacks(store):
    text = article_text(31)
    first = store.add(Article(id="t", text=text), source="t.txt")
    again = store.add(Article(id="j", text=text, title="Harbour news", outlet="Pellow Courier",
                              url="https://courier.example/h", published="2026-04-02"),
                      source="a.jsonl:1")
    assert again.status == "duplicate" and again.article_id == first.article_id
    art = store.article(first.article_id)
    assert (art["url"], art["outlet"], art["date"]) == ("https://courier.example/h",
                                                        "Pellow Courier", "2026-04-02")
    assert art["title"] == "Harbour news" and art["source"] == "t.txt"
    # Nothing stored is overwritten, and FTS follows the new outlet.
    store.add(Article(id="k", text=text, outlet="Other", url="https://other.example/x"),
              source="k")
    art = store.article(first.article_id)
    assert art["outlet"] == "Pellow Courier" and art["url"] == "https://courier.example/h"
    assert [a["id"] for a in store.search("Pellow")["articles"]] == [first.article_id]
    assert store.search("Other")["articles"] == []


def test_syndicated_copy_is_linked_and_not_counted(store):
    original = make_analysis(
        "wire", [S("Veldra", "assert", "Ostrava supplied armed drones to rebels in Tarn"),
                 S("Ostrava", "deny", "it supplied drones to the rebels in Tarn")],
        outlet="Continental Wire", published="2026-03-04", url="https://wire.example/1",
        filler=6)
    r1 = store.add(original, source="wire")
    # A republished copy: new headline line, a dropped paragraph, a changed word.
    text = original.article.text
    paras = text.split("\n\n")
    copy_text = "Drones row deepens\n\n" + "\n\n".join(paras[:5] + paras[6:]).replace(
        "Tuesday", "Wednesday")
    copy = make_analysis("copy", [S("Veldra", "assert", "Ostrava supplied armed drones")],
                         outlet="Northgate Post", published="2026-03-05",
                         url="https://northgate.example/9")
    copy = type(copy)(article=Article(id="copy", text=copy_text, outlet="Northgate Post",
                                      published="2026-03-05", url="https://northgate.example/9"),
                      statements=(), speakers=(), propositions=(), disputes=())
    r2 = store.add(copy, source="copy")
    assert r2.status == "syndicated" and r2.original_id == r1.article_id
    assert r2.similarity >= 0.8
    st = store.stats()
    # two statements and the outlet's voice; the copy stores none
    assert st["articles"] == 1 and st["syndicated"] == 1 and st["statements"] == 3
    d = store.dispute(store.disputes()[0]["id"])
    assert d["counts"]["statements"] == 3 and d["counts"]["copies"] == 1
    assert "Northgate Post" in {a["outlet"] for a in d["appearances"]}
    assert [a["copy_of"] for a in d["appearances"] if a["outlet"] == "Northgate Post"] == [
        r1.article_id]
    assert "Northgate Post" in d["sides"]["asserting"]["outlets"]
    # A copy of the copy links to the first original, not to the copy.
    r3 = store.add(Article(id="c2", text=copy_text + "\nSource: Ambry Gazette\n"), source="c2")
    assert r3.status == "syndicated" and r3.original_id == r1.article_id
    assert [c["id"] for c in store.article(r1.article_id)["copies"]] == [r2.article_id,
                                                                          r3.article_id]


def test_different_articles_are_not_copies(store):
    for i in range(15):
        res = store.add(Article(id=str(i), text=article_text(i)), source=str(i))
        assert res.status == "ingested", i
    assert store.stats()["syndicated"] == 0


def test_failures_are_recorded_once_per_source_and_reason(store):
    store.record_failure("bad.warc.gz", "not a readable WARC")
    store.record_failure("bad.warc.gz", "not a readable WARC")
    store.record_failure("empty.txt", "is empty")
    rows = store.failures()
    assert {(r["source"], r["count"]) for r in rows} == {("bad.warc.gz", 2), ("empty.txt", 1)}


# --- across articles -----------------------------------------------------------------

def _three_articles(store):
    a1 = make_analysis("a1", [
        S("Teodor Sarn", "assert", "Ostrava secretly supplied armed drones to rebel groups in "
          "Tarn", kind="person", evidence="cited", prop="x"),
        S("Teodor Sarn", "assert", "the drones were built from Halvik components",
          kind="person", prop="y")],
        outlet="Astarra Herald", published="2026-03-02", filler=2)
    a2 = make_analysis("a2", [
        S("Merin", "deny", "it had supplied drones to the rebels in Tarn", evidence="absent"),
        S("Pavel Drossel", "deny", "Ostrava supplied any drones to rebels", kind="person")],
        outlet="Merin Ledger", published="2026-03-03", filler=2)
    a3 = make_analysis("a3", [
        # Asking whether X is so puts X in doubt: hedging (a hedged suggestion of X
        # would put X forward: asserting; link.sides).
        S("Noor Hadley", "question", "whether Ostrava had supplied some drones to Tarn rebels",
          kind="person"),
        S("a senior official", "assert", "Ostrava supplied drones to rebels in Tarn",
          kind="anonymous"),
        S("Beijing", "assert", "the weather in Tarn was cold in March")],
        outlet="Continental Wire", published="2026-03-04", filler=2)
    return [store.add(a, source=a.article.id) for a in (a1, a2, a3)]


def test_assertion_and_denial_across_articles_make_one_dispute(store):
    _three_articles(store)
    disputes = store.disputes()
    assert len(disputes) == 1
    d = store.dispute(disputes[0]["id"])
    sides = d["sides"]
    assert {s["name"] for s in sides["asserting"]["speakers"]} == {"Teodor Sarn",
                                                                   "a senior official"}
    assert {s["name"] for s in sides["denying"]["speakers"]} == {"Merin", "Pavel Drossel"}
    assert {s["name"] for s in sides["hedging"]["speakers"]} == {"Noor Hadley"}
    assert sides["asserting"]["outlets"] == ["Astarra Herald", "Continental Wire"]
    assert (sides["asserting"]["first_date"], sides["asserting"]["last_date"]) == (
        "2026-03-02", "2026-03-04")
    assert sides["denying"]["evidence"] == {"absent": 1, "none": 1}
    assert sides["asserting"]["evidence"] == {"cited": 1, "none": 1}
    assert (d["first_date"], d["last_date"]) == ("2026-03-02", "2026-03-04")
    assert [e["date"] for e in d["timeline"]] == sorted(e["date"] for e in d["timeline"])
    # five statements and the three outlets' voices (their ledes restate the claim)
    assert d["counts"] == {"statements": 8, "articles": 3, "copies": 0, "outlets": 3}
    # The unrelated statement and the Halvik-components one stay out of the dispute.
    contents = {e["content"] for e in d["timeline"]}
    assert not any("weather" in c or "components" in c for c in contents)


def test_speakers_merge_by_metonym_and_keep_mentions(store):
    a = make_analysis("m1", [S("Beijing", "deny", "Chinese nationals fight for Russia")],
                      filler=1)
    b = make_analysis("m2", [S("China", "deny", "Chinese citizens are fighting for Russia"),
                             S("the Kremlin", "assert", "Chinese nationals fight for Russia")],
                      filler=1)
    c = make_analysis("m3", [S("China's foreign ministry", "deny", "Chinese troops are in "
                               "Ukraine", kind="organization")], filler=1)
    store.add(a, source="m1")
    store.add(b, source="m2")
    store.add(c, source="m3")
    names = {s["name"]: s for s in store.speakers()}
    assert names["China"]["n_statements"] == 3 and names["China"]["n_articles"] == 3
    assert "Russia" in names and "Beijing" not in names
    sp = store.speaker("Beijing")  # a mention finds the canonical speaker
    assert sp["name"] == "China"
    assert {m["text"] for m in sp["mentions"]} == {"Beijing", "China",
                                                   "China's foreign ministry"}
    assert len(sp["denied"]) == 3 and sp["asserted"] == []
    assert store.speaker("Chinese officials")["name"] == "China"
    assert store.speaker(str(sp["id"]))["name"] == "China"
    with pytest.raises(NotFoundError):
        store.speaker("Nobody At All")


def test_anonymous_and_unresolved_speakers(store):
    a = make_analysis("u1", [S("a senior official", "assert", "the talks failed", kind="anonymous"),
                             S("he", "assert", "the border stays shut", kind="unresolved")],
                      filler=1)
    b = make_analysis("u2", [S("a senior official", "assert", "the talks resume",
                               kind="anonymous"),
                             S("he", "assert", "the border opens", kind="unresolved")], filler=1)
    store.add(a, source="u1")
    store.add(b, source="u2")
    rows = store.speakers()
    # Unresolved speakers never merge across articles; same-worded anonymous ones do.
    stored = store._rows("SELECT kind FROM speakers")
    assert sum(1 for r in stored if r["kind"] == "unresolved") == 2
    assert sum(1 for r in rows if r["kind"] == "anonymous") == 1
    # A pronoun names no one: it is no corpus speaker in the list (its row stays).
    assert not [r for r in rows if r["kind"] == "unresolved"]


# --- queries -------------------------------------------------------------------------

def test_search_reads_malformed_queries_as_plain_words(store):
    _three_articles(store)
    r = store.search("drones")
    assert r["interpreted_as"] == "fts5" and r["statements"] and r["articles"]
    assert all("drone" in s["content"]["text"].lower() for s in r["statements"])
    for bad in ('"unterminated', "drones AND (", "NOT", "rebels)", "col:umn drones", "*"):
        try:
            out = store.search(bad)
        except QueryError as exc:  # only for a query with no words at all
            assert "no words" in str(exc)
            continue
        assert out["interpreted_as"] in ("fts5", "plain words")
    assert store.search('"unterminated drones')["interpreted_as"] == "plain words"
    with pytest.raises(QueryError):
        store.search("   ")
    assert store.disputes(search="drones")
    assert store.disputes(search="zebra") == []
    assert store.disputes(search="drones AND (")  # malformed: plain words, no error


def test_pagination_and_not_found(store):
    for i in range(7):
        store.add(make_analysis(f"p{i}", [S(f"Speaker {i}", "assert", f"thing number {i} "
                                            "happened in the harbour")], filler=1),
                  source=str(i))
    first = store.speakers(limit=3)
    second = store.speakers(limit=3, offset=3)
    assert len(first) == 3 and len(second) == 3
    assert not {r["id"] for r in first} & {r["id"] for r in second}
    assert len(store.articles(limit=100)) == 7
    assert len(store.statements(limit=5)) == 5
    with pytest.raises(NotFoundError):
        store.dispute(424242)
    with pytest.raises(NotFoundError):
        store.dispute("abc")  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        store.article(999)
    with pytest.raises(QueryError):
        store.articles(limit=-1)


def test_claimreview_has_claim_claimant_appearances_and_no_rating(store):
    _three_articles(store)
    d = store.disputes()[0]
    from counterclaim.corpus.export import claimreview

    cr = claimreview(store, d["id"])
    assert cr["@type"] == "ClaimReview" and cr["@context"] == "https://schema.org"
    assert "supplied" in cr["claimReviewed"]
    assert {c["name"] for c in cr["claimant"]} == {"Teodor Sarn", "a senior official"}
    apps = cr["itemReviewed"]["appearance"]
    assert {a["publisher"]["name"] for a in apps} == {"Astarra Herald", "Merin Ledger",
                                                      "Continental Wire"}
    assert all("datePublished" in a for a in apps)
    assert "reviewRating" not in json.dumps(cr)


def test_export_rows_have_article_and_speaker_fields(store):
    from counterclaim.corpus.export import statement_row

    _three_articles(store)
    rows = [statement_row(s) for s in store.iter_statements(batch=2)]
    assert len(rows) == store.stats()["statements"] == 10  # 7 and 3 outlet voices
    assert {"article_outlet", "article_published", "speaker_name", "speaker_kind", "stance",
            "content", "evidence"} <= set(rows[0])
    assert len({r["statement_id"] for r in rows}) == 10


def test_store_is_usable_from_another_thread(store):
    import threading

    _three_articles(store)
    out = []
    t = threading.Thread(target=lambda: out.append(store.stats()["articles"]))
    t.start()
    t.join()
    assert out == [3]


def test_many_processes_opening_a_new_database_at_once(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "race.db"
    code = ("import sys; from counterclaim.store import Store; s = Store(sys.argv[1]); "
            "print(s.schema_version); s.close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(6)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [o[1] for o in outs]
    assert {o[0].strip() for o in outs} == {str(SCHEMA_VERSION)}


def test_adjective_voices_merge_with_a_known_state(store):
    store.add(make_analysis("o1", [S("Ostrava", "deny", "it supplied drones to rebels")],
                            filler=1), source="o1")
    store.add(make_analysis("o2", [S("Ostravan Ministry of Foreign Affairs", "deny",
                                     "Ostrava supplied drones to the rebels",
                                     kind="organization")], filler=1), source="o2")
    rows = {r["name"]: r for r in store.speakers()}
    assert "Ostravan Ministry of Foreign Affairs" not in rows
    assert rows["Ostrava"]["n_statements"] == 2
    mentions = {m["text"] for m in store.speaker("Ostrava")["mentions"]}
    assert "Ostravan Ministry of Foreign Affairs" in mentions


def test_read_only_store_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "c.db"
    with Store(path) as store:
        _three_articles(store)
    mtime = path.stat().st_mtime_ns
    with Store(path, readonly=True) as ro:
        assert ro.readonly and len(ro.disputes()) == 1 and ro.stats()["statements"] == 10
        with pytest.raises(StoreError, match="read-only"):
            ro.add(make_analysis("x", [S("Veldra", "assert", "a new claim")], filler=1),
                   source="x")
        with pytest.raises(StoreError, match="read-only"):
            ro.record_failure("x", "y")
    assert path.stat().st_mtime_ns == mtime
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.db", readonly=True)


def test_read_only_store_on_an_old_schema_says_which_command_updates_it(tmp_path):
    from counterclaim.store.schema import MIGRATIONS, _split

    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                 "NULL, applied_at TEXT NOT NULL)")
    for version, _, sql in MIGRATIONS[:2]:
        for stmt in _split(sql):
            conn.execute(stmt)
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'old', 'x')", (version,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema 2.*writes to it"):
        Store(path, readonly=True)


def test_migration_to_link_decided_disputes_relinks_stored_statements(tmp_path):
    """A schema-2 corpus (sides by the old rule, disputes found by SQL at query time) is
    relinked on its first writable open: sides by counterclaim.link's rule, each
    speaker's one side, and the disputes materialised."""
    from counterclaim.store.schema import MIGRATIONS, _split

    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                 "NULL, applied_at TEXT NOT NULL)")
    for version, _, sql in MIGRATIONS[:2]:
        for stmt in _split(sql):
            conn.execute(stmt)
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'old', 'x')", (version,))
    conn.execute("INSERT INTO articles (id, source, text_hash, text, published_date, "
                 "ingested_at) VALUES (1, 's1', 'h1', 'x', '2026-03-02', 'x'), "
                 "(2, 's2', 'h2', 'y', '2026-03-04', 'x')")
    conn.execute("INSERT INTO speakers (id, key, name, kind) VALUES (1, 'veldra', 'Veldra', "
                 "'government'), (2, 'ostrava', 'Ostrava', 'government')")
    conn.execute("INSERT INTO propositions (id, text, signature, created_at) VALUES "
                 "(1, 'Ostrava sent drones', '{}', 'x')")
    # A hedged assertion was 'hedging' under the old rule; link calls it asserting.
    conn.execute("INSERT INTO statements (article_id, speaker_id, content, content_start, "
                 "content_end, kind, stance, side, hedged, evidence, proposition_id) VALUES "
                 "(1, 1, 'Ostrava may have sent drones', 0, 1, 'indirect', 'assert', "
                 "'hedging', 1, 'none', 1), (2, 2, 'it sent drones', 0, 1, 'indirect', "
                 "'deny', 'denying', 0, 'none', 1)")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        (d,) = store.disputes()
        assert (d["asserting_by"], d["denying_by"]) == (["Veldra"], ["Ostrava"])
        assert (d["n_statements"], d["n_articles"], d["first_date"], d["last_date"]) == (
            2, 2, "2026-03-02", "2026-03-04")
        assert {s["side"] for s in store.statements()} == {"asserting", "denying"}


def test_one_side_per_speaker_across_articles(store):
    """A speaker who asserts a claim in one article and denies it in another is on the
    denying side only (a denial outweighs an assertion), so alone they make no dispute."""
    store.add(make_analysis("s1", [S("Veldra", "assert", "Ostrava supplied drones to the "
                                     "rebels in Tarn")], filler=1), source="s1")
    store.add(make_analysis("s2", [S("Veldra", "deny", "Ostrava supplied any drones to the "
                                     "rebels in Tarn")], filler=1), source="s2")
    assert store.disputes() == []
    store.add(make_analysis("s3", [S("Teodor Sarn", "assert", "Ostrava supplied drones to "
                                     "rebels in Tarn", kind="person")], filler=1), source="s3")
    (d,) = store.disputes()
    assert (d["asserting_by"], d["denying_by"]) == (["Teodor Sarn"], ["Veldra"])
