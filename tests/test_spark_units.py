"""The plain-Python parts of the Spark job (no pyspark, no Java needed): input
records, the lossless analysis round trip, the partition body's failure handling,
and the linking rules Stage 2 runs per group."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest

from counterclaim.spark import inputs
from counterclaim.spark.graph import union_find
from counterclaim.spark.grouped import dispute_of, leader_groups
from counterclaim.spark.rows import TABLES, analysis_rows, as_tuple, columns
from counterclaim.spark.serial import dumps_analysis, loads_analysis
from counterclaim.spark.stage1 import COUNTERS, Counters, analyse_partition


class _Acc:
    def __init__(self) -> None:
        self.value = 0

    def add(self, n: int) -> None:
        self.value += n


def _counters() -> Counters:
    return Counters({name: _Acc() for name in COUNTERS})


TEXT = ('Ostrava denies drone claims\n\n"We never sold drones to the Korvin militia," '
        "Ostravan spokesman Piet Aldon said on Monday.\n\nVeldra's defence ministry said "
        "that Ostrava had supplied attack drones to the Korvin militia.\n")


def test_analysis_round_trip_is_lossless(analyzer):
    a = analyzer.analyze(TEXT, id="x1", outlet="Harbour Times", published="2026-02-03")
    back = loads_analysis(dumps_analysis(a), a.article.text)
    assert back == a
    assert back.to_dict() == a.to_dict()
    assert json.loads(dumps_analysis(a))["article"]["text"] is None


def test_rows_follow_the_table_layouts(analyzer):
    a = analyzer.analyze(TEXT, id="x1", published="2026-02-03T10:00:00Z")
    rows = analysis_rows(a, source="s", pub="2026-02-03")
    tables = {t for t, _ in rows}
    assert tables <= set(TABLES) and "articles" in tables
    for table, row in rows:
        assert set(row) == set(columns(table)), table
        assert len(as_tuple(table, row)) == len(TABLES[table])
    art = rows[0][1]
    assert art["published_date"] == "2026-02-03" and len(art["minhash"]) == 64
    # the reading's statements and the outlet's voice (link.voice)
    assert len([r for t, r in rows if t == "statements"]) == len(a.statements) + 1


def test_jsonl_items_match_the_cli_reader():
    data = (b'{"id": "a", "text": "Hello there.", "outlet": "X", "published": 2026}\n'
            b"{broken\n\n"
            b'{"id": "b", "text": ""}\n')
    items = list(inputs.jsonl_items(data, "f.jsonl"))
    assert items[0] == ("article", {"source": "f.jsonl:1", "text": "Hello there.", "id": "a",
                                    "title": None, "url": None, "outlet": "X",
                                    "published": "2026"})
    assert [k for k, _ in items] == ["article", "failure", "failure"]
    assert items[1][1]["source"] == "f.jsonl:2" and "not valid JSON" in items[1][1]["reason"]
    gz = list(inputs.jsonl_items(gzip.compress(data), "f.jsonl.gz"))
    assert [k for k, _ in gz] == ["article", "failure", "failure"]
    bad = list(inputs.jsonl_items(b"\x1f\x8bnot gzip", "g.jsonl.gz"))
    assert bad[0][0] == "failure" and "decompressed" in bad[0][1]["reason"]


@pytest.mark.parametrize(("data", "ctype", "reason"), [
    (b"<p>caf\x81\x8d</p>", "text/html; charset=utf-8", "not valid utf-8, UTF-8 or cp1252"),
    (b"<p>\x81\x8d</p>", "text/html; charset=no-such-charset", "undecodable HTML"),
    (b"\x00\x01\x02<html>", "text/html", "NUL bytes"),
])
def test_undecodable_html_is_a_failure(data, ctype, reason):
    kind, fields = inputs.html_item(data, "page", content_type=ctype)
    assert kind == "failure" and fields["stage"] == "decode" and reason in fields["reason"]


def test_html_item_and_meta_charset():
    html = ("<html><head><meta charset='iso-8859-1'><title>A row</title></head><body>"
            "<article><p>" + "The minister said the report was false and misleading. " * 4
            + "Caf\u00e9.</p></article></body></html>").encode("iso-8859-1")
    kind, fields = inputs.html_item(html, "page", url="https://x.example/a",
                                    meta={"outlet": "Given Outlet"})
    assert kind == "article" and "Caf\u00e9" in fields["text"]
    assert fields["outlet"] == "Given Outlet" and fields["url"] == "https://x.example/a"


def test_row_item_and_file_dispatch():
    assert inputs.row_item({"id": 3, "text": "Some text here."}, "t.parquet")[1]["id"] == "3"
    kind, fields = inputs.row_item({"id": "z"}, "t.parquet")
    assert kind == "failure" and "'text' or 'html'" in fields["reason"]
    assert next(inputs.file_items(b"x", "notes.pdf"))[0] == "failure"
    kind, fields = next(inputs.file_items(b"not a warc at all", "a.warc.gz"))
    assert kind == "failure" and fields["stage"] == "read"


def test_pub_date():
    assert inputs.pub_date("2026-02-03T10:00:00Z") == "2026-02-03"
    assert inputs.pub_date("Tue, 03 Feb 2026 10:00:00 GMT") == "2026-02-03"
    assert inputs.pub_date("someday", "2026-01-01T00:00:00Z") == "2026-01-01"
    assert inputs.pub_date(None) == "unknown"


class _Boom:
    """An analyzer that fails on one article."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.lexicon = real.lexicon

    def analyze(self, text: str, **kw: Any) -> Any:
        if "EXPLODE" in text:
            raise RuntimeError("boom")
        return self.real.analyze(text, **kw)


def test_one_failing_article_never_fails_the_partition(analyzer, monkeypatch):
    from counterclaim.spark import stage1

    monkeypatch.setitem(stage1._ANALYZERS, "boom-model", _Boom(analyzer))
    c = _counters()
    items = [("article", {"source": "s:1", "id": "a", "text": TEXT}),
             ("article", {"source": "s:2", "id": "b", "text": "EXPLODE " + TEXT}),
             inputs.failure("s:3", "read", "is not valid JSON"),
             ("article", {"source": "s:4", "id": "c", "text": TEXT.replace("Monday",
                                                                           "Friday")})]
    out = list(analyse_partition(items, "boom-model", c))
    fails = [r for t, r in out if t == "failures"]
    assert len(fails) == 2
    assert any("analysis failed: RuntimeError: boom" in f for r in fails for f in r if f)
    assert {r[0] for t, r in out if t == "articles"} == {"a", "c"}
    assert c.values()["analysed"] == 2 and c.values()["failed_analyze"] == 1
    assert c.values()["model_loads"] == 0  # cached: loaded once per process, not per record


def test_union_find_roots_are_least_members():
    roots = union_find([("c", "d"), ("b", "c"), ("x", "y")])
    assert roots == {"b": "b", "c": "b", "d": "b", "x": "x", "y": "x"}


def _unit(key: str, terms: str, ents: str, side: str = "asserting") -> dict[str, Any]:
    return {"ukey": key, "sig_terms": terms.split(), "sig_entities": ents.split(),
            "text": f"text {key}", "text_side": side}


def test_leader_groups_follow_the_store_rule():
    units = [_unit("1", "suppli drone militia", "ostrava korvin", "denying"),
             _unit("2", "suppli drone militia attack", "ostrava korvin"),
             _unit("3", "dump waste river", "marlow")]
    got = {u: (lead, text) for u, lead, text in leader_groups(units)}
    assert got["1"][0] == got["2"][0] == "1" and got["3"][0] == "3"
    assert got["1"][1] == "text 2"  # the first asserting wording wins


def test_dispute_needs_two_speakers_on_opposite_sides():
    def st(i: int, side: str, key: str) -> dict[str, Any]:
        return {"id": f"s{i}", "article_id": f"a{i}", "position": 0, "side": side,
                "stance": "assert", "speaker_key": key, "outlet": "O",
                "published_date": f"2026-02-0{i}", "evidence": "none", "content": "c",
                "proposition_text": "p", "copy_outlets": ["C"], "copy_dates": ["2026-02-09"]}

    assert dispute_of("P1", [st(1, "asserting", "x"), st(2, "denying", "x")], {}) is None
    head, rows = dispute_of("P1", [st(1, "asserting", "x"), st(2, "denying", "y")],
                            {"x": "X", "y": "Y"})
    assert head["asserting_by"] == ["X"] and head["denying_by"] == ["Y"]
    assert head["first_date"] == "2026-02-01" and head["last_date"] == "2026-02-02"
    assert head["outlets"] == ["C", "O"] and len(rows) == 2


def test_warc_read_as_counterclaim_ingest_reads_it(tmp_path):
    """Same WARC, same articles: ids, texts and metadata equal to the corpus reader's."""
    import sys
    from pathlib import Path

    from counterclaim import sources

    sys.path.insert(0, str(Path(__file__).parent))
    import test_spark_data as data

    path = tmp_path / "crawl.warc.gz"
    data.write_warc(path, data.make_articles(5, seed=42))
    ours = [f for k, f in inputs.file_items(path.read_bytes(), str(path)) if k == "article"]
    theirs = [x for x in sources.iter_sources([str(path)]) if hasattr(x, "text")]
    assert len(ours) == len(theirs) == 5
    for a, b in zip(ours, theirs, strict=True):
        assert (a["id"], a["text"]) == (b.id, b.text)
        assert {k: a[k] for k in inputs.META_FIELDS if a[k]} == {
            k: v for k, v in b.meta.items() if k in inputs.META_FIELDS}
        assert a["crawled"] == b.meta["crawled"]
