"""Kill -9 in the middle of an ingest, run it again: nothing lost, nothing duplicated.

Real processes, real SIGKILLs: the ingest runs as a subprocess and is killed once a
number of articles are committed (and again later), then re-run to the end; the
result must equal an uninterrupted run's, row for row.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_helpers import article_text

N_ARTICLES = 100
CLI = [sys.executable, "-c", "from counterclaim.cli import main; main()"]


def make_input(path: Path) -> None:
    with path.open("w") as fh:
        for i in range(N_ARTICLES):
            text = (article_text(1000 + i, paragraphs=6)
                    + f'\n"The pier will reopen in week {i}," said Ona Pell, the harbour master.'
                    + "\nThe ministry denied that the ferry had been sold, officials said.\n")
            fh.write(json.dumps({"id": f"k{i:04d}", "text": text, "outlet": f"Outlet {i % 7}",
                                 "published": f"2026-04-{1 + i % 28:02d}"}) + "\n")


def n_articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def run_ingest(src: Path, db: Path, jobs: int) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "ingest", str(src), "--db", str(db), "--jobs", str(jobs),
                           "--json", "--no-progress"], capture_output=True, text=True,
                          timeout=600)


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def kill_when(src: Path, db: Path, jobs: int, at_least: int) -> tuple[int, list[int]]:
    """Start an ingest, SIGKILL it once ``at_least`` articles are committed; return the
    count seen at the kill and the worker pids it had."""
    proc = subprocess.Popen([*CLI, "ingest", str(src), "--db", str(db), "--jobs", str(jobs),
                             "--no-progress"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    try:
        while n_articles(db) < at_least:
            if proc.poll() is not None:
                pytest.fail(f"ingest ended (rc {proc.returncode}) before it could be killed")
            if time.monotonic() > deadline:
                pytest.fail("ingest too slow to reach the kill point")
            time.sleep(0.02)
        workers = children_of(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return n_articles(db), workers


def code_fingerprint() -> str:
    """A hash of the code and data that decide what analysis finds. When it changes
    between the reference run and the killed runs (someone is editing the extractor
    in this working tree), statements may differ for that reason alone, and only the
    structure is compared; in CI it never changes and everything is compared."""
    import hashlib

    import counterclaim

    root = Path(counterclaim.__file__).parent
    h = hashlib.sha1()
    for p in sorted([*root.glob("extract/*.py"), *root.glob("nlp/*.py"),
                     *root.glob("lexicon/**/*"), root / "pipeline.py"]):
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def structure(snap: dict[str, list]) -> dict[str, list]:
    """What must hold whatever the extractor finds: the same articles, once each."""
    return {"articles": [a[:5] for a in snap["articles"]], "failures": snap["failures"],
            "integrity": snap["integrity"]}


def consistent(db: Path) -> None:
    """Every article is whole: its statements all there (n_statements was written in the
    same transaction), FTS rows for every article and statement, no orphan rows."""
    conn = sqlite3.connect(db)
    # n_statements counts what the reading found; each article holds at most one more
    # statement, its outlet's own voice (construction "outlet", link.voice)
    bad = conn.execute("SELECT a.ext_id, a.n_statements, COUNT(s.id), "
                       "COUNT(CASE WHEN s.construction = 'outlet' THEN 1 END) AS voices "
                       "FROM articles a LEFT JOIN statements s ON s.article_id = a.id "
                       "GROUP BY a.id HAVING a.n_statements != COUNT(s.id) - voices "
                       "OR voices > 1").fetchall()
    assert bad == []
    assert conn.execute("SELECT COUNT(*) FROM statements_fts").fetchone()[0] == \
        conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM articles_fts_docsize").fetchone()[0] == \
        conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM statements WHERE article_id NOT IN "
                        "(SELECT id FROM articles)").fetchone()[0] == 0
    conn.close()


def snapshot(db: Path) -> dict[str, list]:
    conn = sqlite3.connect(db)
    out = {
        "articles": conn.execute("SELECT ext_id, text_hash, outlet, published, syndicated_of IS "
                                 "NULL, n_statements FROM articles ORDER BY ext_id").fetchall(),
        "statements": conn.execute("SELECT a.ext_id, s.content, s.stance, s.side, sp.name FROM "
                                   "statements s JOIN articles a ON a.id = s.article_id JOIN "
                                   "speakers sp ON sp.id = s.speaker_id ORDER BY a.ext_id, "
                                   "s.content_start").fetchall(),
        "fts": conn.execute("SELECT COUNT(*) FROM statements_fts").fetchall()
        + conn.execute("SELECT COUNT(*) FROM articles_fts").fetchall(),
        "failures": conn.execute("SELECT source, reason FROM failures").fetchall(),
        "integrity": conn.execute("PRAGMA integrity_check").fetchall(),
    }
    conn.close()
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    d = tmp_path_factory.mktemp("kill")
    src = d / "articles.jsonl"
    make_input(src)
    ref = d / "ref.db"
    code = code_fingerprint()
    res = run_ingest(src, ref, 1)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["ingested"] == N_ARTICLES and summary["failed"] == 0
    return src, snapshot(ref), code


@pytest.mark.parametrize("jobs", [1, 2])
def test_kill_9_twice_and_resume_loses_and_duplicates_nothing(tmp_path, reference, jobs):
    src, ref, code = reference
    db = tmp_path / "killed.db"
    first, workers = kill_when(src, db, jobs, at_least=10)
    assert 0 < first < N_ARTICLES
    second, _ = kill_when(src, db, jobs, at_least=first + 20)
    assert first < second < N_ARTICLES, "the second run should resume, not restart"
    if jobs > 1:
        # Orphaned pool workers notice their parent is gone and exit.
        assert workers
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = [w for w in workers if Path(f"/proc/{w}/stat").exists()
                 and Path(f"/proc/{w}/stat").read_text().split()[2] != "Z"]
        assert not alive, f"workers still running after the parent was killed: {alive}"
    res = run_ingest(src, db, jobs)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["duplicates"] == second
    assert summary["ingested"] == N_ARTICLES - second
    consistent(db)
    same_code = code_fingerprint() == code
    got = snapshot(db)
    assert (got if same_code else structure(got)) == (ref if same_code else structure(ref))
    # And once more: a finished corpus takes nothing new.
    again = json.loads(run_ingest(src, db, jobs).stdout)
    assert (again["ingested"], again["duplicates"]) == (0, N_ARTICLES)
    assert snapshot(db) == got


def test_two_ingests_at_once_store_each_article_once(tmp_path, reference):
    src, _, _ = reference
    small = tmp_path / "small.jsonl"
    small.write_text("".join(src.read_text().splitlines(keepends=True)[:30]))
    db = tmp_path / "both.db"
    procs = [subprocess.Popen([*CLI, "ingest", str(small), "--db", str(db), "--json",
                               "--no-progress"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    sums = [json.loads(o[0]) for o in outs]
    assert sum(s["ingested"] for s in sums) == 30
    assert sum(s["duplicates"] for s in sums) == 30
    consistent(db)
    assert n_articles(db) == 30
