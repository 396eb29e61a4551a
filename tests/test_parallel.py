"""``analyze --jobs N`` gives the same output as ``--jobs 1``, byte for byte, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counterclaim.runner import AnalysisFailure, analyze_stream

ARTICLES = {
    "a-port": (
        "Port authority rejects smuggling claims\n\n"
        '"There is no evidence of any smuggling through our terminals," the Port of '
        'Kessra authority said in a statement on Monday.\n\n'
        "Harbour master Ilse Varga said the inspections had found nothing unusual. She "
        "added that the customs service would publish its figures next week.\n\n"
        "Opposition lawmakers alleged that the authority had ignored warnings for months.\n"
    ),
    "b-minister": (
        "Minister Tomas Brenn denied on Tuesday that his ministry had approved the contract.\n\n"
        '"We never signed anything with Orvell Mining," he told reporters. "Not a page.\n\n'
        '"Not a single page, and I invite anyone to show me one."\n\n'
        "According to two officials familiar with the talks, the draft was circulated in "
        "March. The ministry did not respond to a request for comment.\n\nSource: Daily Ledger\n"
    ),
    "c-plain": "The weather in Kessra was mild for the season, and the market was busy.\n",
    "d-hedges": (
        "Analysts at Northline Research suggested the shortfall might be temporary.\n\n"
        "The report, published Friday, said output could recover by the summer, but it "
        "cautioned that \u201cthe picture remains unclear.\u201d\n\n"
        "Critics called the findings \u201cwishful thinking\u201d and said the company "
        "had yet to release detailed data.\n"
    ),
    "e-unbalanced": (
        'The council said "it would review the decision, and nothing more was said.\n\n'
        "Residents, who alleged that the vote was rushed, said they would appeal. A senior "
        "official, speaking on condition of anonymity, said the appeal would fail.\n"
    ),
}


def _write_inputs(tmp: Path) -> list[str]:
    paths = []
    for name, text in ARTICLES.items():
        p = tmp / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    jl = tmp / "more.jsonl"
    with jl.open("w", encoding="utf-8") as fh:
        for k, (name, text) in enumerate(ARTICLES.items()):
            fh.write(json.dumps({"id": f"j{k}-{name}", "text": text, "outlet": "Test Wire"}) + "\n")
        fh.write("{not json\n")  # a malformed line: reported, the others go on
    paths.append(str(jl))
    return paths


def _analyze(paths: list[str], jobs: int, seed: str) -> subprocess.CompletedProcess[bytes]:
    exe = Path(sys.executable).with_name("counterclaim")
    cmd = ([str(exe)] if exe.exists()
           else [sys.executable, "-c", "from counterclaim.cli import main; main()"])
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([*cmd, "analyze", "--json", "--jobs", str(jobs), *paths],
                          capture_output=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _write_inputs(tmp_path_factory.mktemp("articles"))


@pytest.fixture(scope="module")
def serial(inputs: list[str]) -> subprocess.CompletedProcess[bytes]:
    return _analyze(inputs, 1, "0")


def test_jobs_2_output_equals_jobs_1_byte_for_byte(inputs, serial):
    parallel = _analyze(inputs, 2, "0")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr.decode()
    assert serial.stdout == parallel.stdout
    ids = [json.loads(line)["article"]["id"] for line in serial.stdout.splitlines()]
    assert ids == [*ARTICLES, *(f"j{k}-{n}" for k, n in enumerate(ARTICLES))]
    assert b"more.jsonl:6:" in parallel.stderr and parallel.stderr == serial.stderr


def test_output_does_not_depend_on_hash_seed(inputs, serial):
    """Different processes (hash seeds) must read an article the same way."""
    other = _analyze(inputs, 1, "12345")
    assert other.stdout == serial.stdout


def test_analyze_stream_keeps_order_and_records_failures():
    items = [(f"src{k}", {"id": f"{k}", "text": text})
             for k, text in enumerate(list(ARTICLES.values()) * 3)]
    items.insert(4, ("bad", {"id": "bad", "text": None}))  # analysis fails on it
    one = list(analyze_stream(iter(items), jobs=1))
    two = list(analyze_stream(iter(items), jobs=2))
    assert [type(r) for r in one] == [type(r) for r in two]
    assert isinstance(one[4], AnalysisFailure) and one[4].id == "bad"
    assert one[4] == two[4]
    dump = [json.dumps(r.to_dict()) for r in one if not isinstance(r, AnalysisFailure)]
    assert dump == [json.dumps(r.to_dict()) for r in two if not isinstance(r, AnalysisFailure)]
    assert [r.article.id for r in one if not isinstance(r, AnalysisFailure)] == [
        f"{k}" for k in range(15)]


SHARED = Path(os.environ.get("COUNTERCLAIM_SHARED")
              or Path(__file__).resolve().parents[1].parent / "shared")
GGT = SHARED / "datasets" / "sfu-ggt-quote-eval" / "ggt_quotes.jsonl"
# An article where the proposition grouping once depended on the hash seed.
SEED_SENSITIVE = {"5c159cb81e67d78e277241fd"}


@pytest.mark.skipif(not GGT.is_file(), reason=f"GGT news texts not found at {GGT} "
                    "(third-party, kept in ../shared; set COUNTERCLAIM_SHARED)")
def test_real_news_output_does_not_depend_on_hash_seed(tmp_path: Path):
    rows = [json.loads(line) for line in GGT.open(encoding="utf-8")]
    pick = [r for k, r in enumerate(rows) if k < 8 or r["id"] in SEED_SENSITIVE]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n"
                            for r in pick), encoding="utf-8")
    one, two = (_analyze([str(path)], 1, seed) for seed in ("1", "2"))
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
