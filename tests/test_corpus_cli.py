"""The corpus commands through the real CLI: --db, --json, errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_helpers import S, make_analysis
from counterclaim.cli import main
from counterclaim.store import Store

COMMANDS = ["ingest", "disputes", "dispute", "speakers", "speaker", "search", "export",
            "failures"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A corpus of hand-built analyses (no dependence on the extractor's quality)."""
    path = tmp_path_factory.mktemp("cli") / "c.db"
    with Store(path) as store:
        store.add(make_analysis("a1", [
            S("Teodor Sarn", "assert", "Ostrava secretly supplied armed drones to rebel groups in "
              "Tarn", kind="person", evidence="cited")],
            outlet="Astarra Herald", published="2026-03-02",
            url="https://herald.example/1", filler=2), source="a1")
        store.add(make_analysis("a2", [
            S("Beijing", "deny", "Ostrava supplied any drones to rebels in Tarn",
              evidence="absent"),
            S("Pavel Drossel", "question", "whether Ostrava had supplied drones to Tarn rebels",
              kind="person")],
            outlet="Merin Ledger", published="2026-03-03", filler=2), source="a2")
    return path


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize("cmd", COMMANDS)
def test_help_has_an_example_and_db_and_json(cmd):
    code, out, _ = run(cmd, "--help")
    assert code == 0
    assert "Example" in out and "--db" in out and "--json" in out


def test_disputes_and_dispute(db):
    code, out, _ = run("disputes", "--db", str(db))
    assert code == 0 and "Teodor Sarn" in out and "China" in out
    code, out, _ = run("disputes", "--db", str(db), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 1
    d = rows[0]
    assert d["asserting_by"] == ["Teodor Sarn"] and d["denying_by"] == ["China"]
    assert d["hedging_by"] == ["Pavel Drossel"]
    code, out, _ = run("dispute", str(d["id"]), "--db", str(db), "--json")
    full = json.loads(out)
    # the three statements and the two outlets' voices, by date
    assert [e["date"] for e in full["timeline"]] == ["2026-03-02", "2026-03-02", "2026-03-03",
                                                     "2026-03-03", "2026-03-03"]
    code, out, _ = run("dispute", str(d["id"]), "--db", str(db))
    assert code == 0 and "Timeline" in out and "Merin Ledger" in out
    code, out, _ = run("disputes", "--db", str(db), "--search", "drones AND (", "--json")
    assert code == 0 and len(out.splitlines()) == 1
    code, out, _ = run("disputes", "--db", str(db), "--search", "zebra")
    assert code == 0 and "No disputes" in out


def test_speakers_and_speaker(db):
    code, out, _ = run("speakers", "--db", str(db), "--json")
    names = {json.loads(line)["name"] for line in out.splitlines()}
    assert names == {"Teodor Sarn", "China", "Pavel Drossel"}
    code, out, _ = run("speaker", "Beijing", "--db", str(db), "--json")
    s = json.loads(out)
    assert s["name"] == "China" and len(s["denied"]) == 1 and s["disputes"]
    code, out, _ = run("speaker", "china", "--db", str(db))
    assert code == 0 and "denied" in out
    code, out, err = run("speaker", "Nobody", "--db", str(db))
    assert code == 6 and "no speaker" in err and "Traceback" not in out + err


@pytest.mark.parametrize("query", ["drones", '"armed drones"', "drone*", "drones AND (",
                                   '"unbalanced', "NOT", "a:b", ")))", "drones -rebels", "^"])
def test_search_never_tracebacks(db, query):
    code, out, err = run("search", query, "--db", str(db), "--json")
    assert "Traceback" not in out + err
    if code == 0:
        rows = [json.loads(line) for line in out.splitlines()]
        assert all(r["type"] in ("statement", "article") for r in rows)
    else:
        assert code == 5 and err.startswith("error:")


def test_search_note_goes_to_stderr_not_into_the_json(db):
    code, out, err = run("search", "drones AND (", "--db", str(db), "--json")
    assert code == 0 and "read as plain words" in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and {r["type"] for r in rows} <= {"statement", "article"}
    code, out, _ = run("search", "drones AND (", "--db", str(db))
    assert "read as plain words" in out


def test_search_finds_statements_and_articles(db):
    code, out, _ = run("search", "drones", "--db", str(db), "--json")
    rows = [json.loads(line) for line in out.splitlines()]  # JSON Lines, one row a line
    # three statements and the two outlets' voices (their ledes name drones)
    assert len([r for r in rows if r["type"] == "statement"]) == 5
    assert [r for r in rows if r["type"] == "article"]
    code, out, _ = run("search", "drones", "--db", str(db))
    assert code == 0 and "5 statements" in out


def test_exports(db, tmp_path):
    code, out, _ = run("export", "--format", "jsonl", "--db", str(db))
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 5 and rows[0]["article_outlet"] and rows[0]["speaker_name"]  # 2 voices
    code, out, _ = run("export", "--format", "csv", "--db", str(db))
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 5 and "content" in table[0]
    pq_path = tmp_path / "s.parquet"
    code, _, err = run("export", "--format", "parquet", "-o", str(pq_path), "--db", str(db))
    assert code == 0 and "5 rows" in err
    import pyarrow.parquet as pq

    t = pq.read_table(pq_path)
    assert t.num_rows == 5 and "speaker_kind" in t.column_names
    code, out, _ = run("export", "--format", "claimreview", "--db", str(db))
    reviews = [json.loads(line) for line in out.splitlines()]
    assert len(reviews) == 1
    cr = reviews[0]
    assert cr["@type"] == "ClaimReview" and cr["claimant"][0]["name"] == "Teodor Sarn"
    assert {a["url"] for a in cr["itemReviewed"]["appearance"] if "url" in a} == {
        "https://herald.example/1"}
    assert "reviewRating" not in out
    code, _, err = run("export", "--format", "parquet", "--db", str(db))
    assert code != 0 and "--output" in err


def test_missing_database_is_a_clear_error(tmp_path):
    for cmd in (["disputes"], ["speakers"], ["search", "x"], ["dispute", "1"],
                ["speaker", "x"], ["export"]):
        code, out, err = run(*cmd, "--db", str(tmp_path / "nope.db"))
        assert code == 4 and "does not exist" in err and "Traceback" not in out + err
    assert not (tmp_path / "nope.db").exists()


def test_unknown_dispute(db):
    code, _, err = run("dispute", "9999", "--db", str(db))
    assert code == 6 and "no dispute" in err
    code, _, err = run("dispute", "abc", "--db", str(db))
    assert code == 6


def test_ingest_command(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text('Harbour row\n"The pier will reopen in May," said Ona Pell, the harbour '
                   "master.\n")
    (tmp_path / "empty.txt").write_text("")
    dbp = tmp_path / "x.db"
    code, out, err = run("ingest", str(src), str(tmp_path / "empty.txt"), "--db", str(dbp),
                         "--json")
    assert code == 0
    s = json.loads(out)
    assert (s["ingested"], s["failed"]) == (1, 1)
    assert s["failures"][0]["source"].endswith("empty.txt")
    code, out, err = run("ingest", str(src), "--db", str(dbp))
    assert code == 0 and "1 duplicate" in out
    code, out, err = run("ingest", str(tmp_path / "empty.txt"), "--db", str(dbp))
    assert code == 2 and "nothing could be read" in err
    code, out, _ = run("failures", "--db", str(dbp), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 1 and rows[0]["count"] == 2 and "empty" in rows[0]["reason"]
    code, out, _ = run("failures", "--db", str(dbp))
    assert code == 0 and "×2" in out and "empty.txt" in out


def test_text_with_brackets_prints_as_written(tmp_path):
    dbp = tmp_path / "b.db"
    with Store(dbp) as store:
        store.add(make_analysis("b1", [
            S("[/bold] Ministry", "assert", "the [redacted] drones crossed into [/] Tarn"),
            S("Ostrava", "deny", "the [redacted] drones crossed into Tarn")], filler=1),
            source="b1")
    for cmd in (["disputes"], ["dispute", "1"], ["speakers"], ["speaker", "Ostrava"],
                ["search", "redacted"]):
        code, out, err = run(*cmd, "--db", str(dbp))
        assert code == 0, (cmd, err)
    code, out, _ = run("dispute", "1", "--db", str(dbp))
    assert "[redacted]" in out and "[/bold] Ministry" in out
