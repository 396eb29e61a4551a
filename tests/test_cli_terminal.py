"""The terminal output as a person sees it, in-process: at COLUMNS=80 (and narrower and
wider) no line of any command that prints a table or a block is wider than the
terminal, no header word is split, words agree with their numbers ("1 article",
"2 syndicated copies"), and progress goes to stderr, never into stdout or --json."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from corpus_helpers import S, make_analysis
from counterclaim.cli import main
from counterclaim.cli.progress import Progress, count_inputs
from counterclaim.cli.terminal import pack, plural, wrap
from counterclaim.sources import iter_sources
from counterclaim.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("COUNTERCLAIM_SHARED") or ROOT.parent / "shared")
GGT = SHARED / "datasets" / "sfu-ggt-quote-eval" / "ggt_quotes.jsonl"

# Wrong plurals and unresolved placeholders that must never be printed.
BAD_WORDS = re.compile(r"\b1 (articles|statements|disputes|speakers|failures|duplicates|"
                       r"inputs|copies|outlets|quotes)\b|\(s\)|\(y/ies\)|\b(?:0|[2-9]|\d{2,}) "
                       r"(article|statement|dispute|speaker|failure|duplicate|input|outlet)\b")


def run(*args: str, columns: int = 80) -> Result:
    res = CliRunner(env={"COLUMNS": str(columns)}).invoke(main, list(args),
                                                          catch_exceptions=False)
    assert "Traceback" not in res.output
    return res


def assert_fits(text: str, columns: int) -> None:
    wide = [line for line in text.splitlines() if len(line) > columns]
    assert not wide, f"{len(wide)} lines wider than {columns}, e.g. {wide[0]!r}"
    assert not BAD_WORDS.search(text), BAD_WORDS.search(text).group(0)


# A speaker, an outlet and a claim longer than any column, and a word longer than a line.
LONG_NAME = "Ministry of Foreign Affairs and International Cooperation of the Republic"
LONG_OUTLET = "The Extremely Long Named International Daily Newspaper of Record"
LONG_WORD = "https://example.org/" + "very-long-path-segment-" * 5 + "end"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The bundled examples ingested by the real CLI, plus a hand-built article with
    over-long names, and a recorded failure."""
    tmp = tmp_path_factory.mktemp("terminal")
    path = tmp / "c.db"
    res = run("ingest", str(EXAMPLES / "articles.jsonl"), "--db", str(path), "--quiet")
    assert res.exit_code == 0, res.stderr
    with Store(path) as store:
        store.add(make_analysis("long", [
            S(LONG_NAME, "assert", f"the shipment of drones went through {LONG_WORD} twice",
              prop="p"),
            S("Ostrava", "deny", f"the shipment of drones went through {LONG_WORD} twice",
              prop="p")], outlet=LONG_OUTLET, published="2026-03-21", filler=1,
            title="A title that goes on " * 6), source="long")
    (tmp / "empty.txt").write_text("", encoding="utf-8")
    run("ingest", str(tmp / "empty.txt"), "--db", str(path))
    return path


TABLE_COMMANDS = [
    ["disputes"], ["dispute", "FIRST"], ["speakers"], ["speaker", "Ostrava"],
    ["speaker", LONG_NAME], ["search", "drones"], ["search", "drones AND ("], ["failures"],
]


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("columns", [80, 60, 120])
def test_corpus_commands_fit_the_terminal(db, args, columns):
    if args == ["dispute", "FIRST"]:
        first = json.loads(run("disputes", "--db", str(db), "--json").stdout.splitlines()[0])
        args = ["dispute", str(first["id"])]
    res = run(*args, "--db", str(db), columns=columns)
    assert res.exit_code == 0, res.stderr
    assert res.stdout.strip()
    assert_fits(res.stdout, columns)


@pytest.mark.parametrize("args,headers,core", [
    (["speakers"], {"id", "name", "kind", "statements", "articles", "assert", "deny", "hedge"},
     {"id", "name", "statements", "assert", "deny", "hedge"}),
    (["search", "drones"], {"id", "article", "speaker", "stance", "content", "title",
                            "snippet"}, {"id", "article", "speaker", "content", "snippet"}),
])
@pytest.mark.parametrize("columns", [60, 80, 120])
def test_header_words_are_never_split(db, args, headers, core, columns):
    out = run(*args, "--db", str(db), columns=columns).stdout
    words = {w for line in out.splitlines() if re.match(r"^\s*id\s", line) for w in line.split()}
    assert core <= words <= headers, words  # whole words only: none cut, none folded
    if columns >= 120:
        assert words == headers  # wide enough: no column dropped


def test_a_long_dispute_wraps_under_its_text(db):
    out = run("disputes", "--db", str(db)).stdout
    assert LONG_NAME.split()[0] in out
    # continuation lines of a labelled line start under the text, not at column 0
    lines = out.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("    asserting: Ministry"))
    assert lines[i + 1].startswith(" " * len("    asserting: "))


@pytest.fixture(scope="module")
def analyze_80() -> Result:
    return run("analyze", *sorted(str(p) for p in EXAMPLES.glob("*.txt")))


def test_analyze_fits_80_columns(analyze_80):
    assert analyze_80.exit_code == 0
    assert_fits(analyze_80.stdout, 80)
    # at 80 columns hedges and evidence move under the content
    assert "hedges:" in analyze_80.stdout and "evidence:" in analyze_80.stdout
    assert re.search(r"^ #\s+speaker\s+cue\s+stance\s+content\s*$", analyze_80.stdout, re.M)
    assert "8 articles ·" in analyze_80.stdout


@pytest.mark.parametrize("columns", [60, 120, 160])
def test_analyze_fits_other_widths(columns):
    res = run("analyze", str(EXAMPLES / "06-veldra-publishes-photographs.txt"),
              columns=columns)
    assert_fits(res.stdout, columns)
    wide_table = re.search(r"\bhedges\s+evidence\b", res.stdout) is not None
    assert wide_table == (columns >= 120)


def test_analyze_summary_is_two_lines_an_article():
    res = run("analyze", "--summary", str(EXAMPLES / "articles.jsonl"))
    assert_fits(res.stdout, 80)
    lines = res.stdout.splitlines()
    titles = [json.loads(line)["title"] for line in
              (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(t in lines for t in titles)
    assert len(lines) <= 3 * len(titles) + 1
    assert lines[-1].startswith("8 articles · ")


@pytest.mark.skipif(not GGT.exists(), reason=f"GGT data not found at {GGT}")
def test_eval_ggt_fits_80_columns():
    res = run("eval", "ggt", str(GGT), "--limit", "2", "--by-outlet", "--errors",
              "--max-errors", "2")
    assert res.exit_code == 0, res.stderr
    assert_fits(res.stdout, 80)
    assert not re.search(r"\bissue \d|Targets", res.stdout)  # no internal notes
    assert re.search(r"^\s+outlet\s+n\s+P@0\.3", res.stdout, re.M)


# --- progress and --quiet ------------------------------------------------------------

def test_analyze_progress_goes_to_stderr_never_into_json(tmp_path):
    res = run("analyze", "--json", "--progress", str(EXAMPLES / "articles.jsonl"))
    docs = [json.loads(line) for line in res.stdout.splitlines()]  # nothing but JSON
    assert len(docs) == 8
    lines = [line for line in res.stderr.splitlines() if line.startswith("analysing")]
    assert lines and lines[-1].startswith("analysing: 8/8 articles")
    assert "left" in " ".join(lines)


def test_no_progress_when_stderr_is_not_a_terminal_unless_asked():
    res = run("analyze", "--json", str(EXAMPLES / "articles.jsonl"))
    assert "analysing" not in res.stderr


def test_analyze_quiet_prints_only_the_totals():
    res = run("analyze", "--quiet", "--progress", str(EXAMPLES / "01-veldra-accuses-ostrava.txt"),
              str(EXAMPLES / "02-ostrava-rejects-accusations.txt"))
    assert res.exit_code == 0
    assert res.stdout.splitlines() == [res.stdout.strip()]
    assert res.stdout.startswith("2 articles · ")
    assert res.stderr == ""  # --quiet wins over --progress


def test_ingest_progress_total_json_and_quiet(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(EXAMPLES.glob("0[1-3]*.txt")):
        (src / p.name).write_bytes(p.read_bytes())
    (src / "broken.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    db = tmp_path / "p.db"
    res = run("ingest", str(src), "--db", str(db), "--json", "--progress")
    summary = json.loads(res.stdout)  # one JSON object, no progress in it
    assert summary["ingested"] == 3 and summary["failed"] == 1
    lines = [line for line in res.stderr.splitlines() if line.startswith("ingesting")]
    assert lines[-1].startswith("ingesting: 4/4 articles"), lines  # counted first
    res = run("ingest", str(src), "--db", str(db), "--quiet")
    assert res.stdout.startswith("ingested 0 articles (0 statements) · 3 duplicates · 1 failure")
    assert "ingesting" not in res.stderr and "failed:" not in res.stderr
    assert "counterclaim failures" in res.stderr  # where the reasons are
    res = run("ingest", str(src), "--db", str(db))
    assert "failed: " in res.stderr and "has no non-empty" in res.stderr


def test_count_inputs(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": 1}\n\n{"id": 2}\n  \n{"id": 3}\n', encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    sub = tmp_path / "dir" / "nested"
    sub.mkdir(parents=True)
    (sub / "x.txt").write_text("x", encoding="utf-8")
    (sub / "y.txt").write_text("y", encoding="utf-8")
    (sub / "notes.md").write_text("z", encoding="utf-8")
    (sub / ".hidden.txt").write_text("h", encoding="utf-8")
    (sub / "page.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "feed.xml").write_text(
        "<rss><channel><item><title>a</title></item><item>b</item>"
        "<itemref/></channel></rss>", encoding="utf-8")
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    c = count_inputs
    assert c([str(tmp_path / "a.jsonl")]) == 3
    assert c([str(tmp_path / "empty.jsonl")]) == 1  # read as one failure
    # x.txt, y.txt and page.html; not notes.md, not the hidden file: as the readers walk
    assert c([str(tmp_path / "dir")]) == 3
    assert c([str(tmp_path / "dir")]) == len(list(iter_sources([str(tmp_path / "dir")])))
    assert c([str(tmp_path / "feed.xml")]) == 2
    assert c([str(tmp_path / "missing.txt"), str(tmp_path / "a.jsonl")]) == 4
    assert c(["-"]) is None and c(["https://example.org/feed"]) is None
    assert c([str(tmp_path / "crawl.warc.gz")]) is None


def test_progress_lines_when_not_a_terminal():
    out = io.StringIO()
    with Progress(20, "reading", enabled=True, stream=out) as bar:
        for _ in range(20):
            bar.advance()
    lines = out.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("reading: 20/20 articles")
    out = io.StringIO()
    with Progress(2, "reading", enabled=True, stream=out) as bar:
        for _ in range(5):  # more than counted: the total follows
            bar.advance()
    assert out.getvalue().splitlines()[-1].startswith("reading: 5/5 articles")
    out = io.StringIO()
    with Progress(None, "reading", enabled=True, stream=out) as bar:
        bar.advance()
    assert out.getvalue().startswith("reading: 1 article,")
    out = io.StringIO()
    with Progress(5, "reading", enabled=False, stream=out) as bar:
        bar.advance()
    assert out.getvalue() == ""


# --- words ---------------------------------------------------------------------------

@pytest.mark.parametrize("n,noun,expected", [
    (1, "article", "1 article"), (0, "article", "0 articles"), (2, "article", "2 articles"),
    (1, "syndicated copy", "1 syndicated copy"), (3, "syndicated copy", "3 syndicated copies"),
    (2, "match", "2 matches"), (1520, "gold quote", "1,520 gold quotes"),
    (2, "analysis", "2 analyses"), (2, "day", "2 days"),
])
def test_plural(n, noun, expected):
    assert plural(n, noun) == expected


def test_wrap_and_pack_keep_to_the_width():
    line = "      4  boundary                 content boundary: " + "word " * 30
    out = wrap(line, 80)
    assert all(len(x) <= 80 for x in out.splitlines())
    under = line.index("content")
    assert out.splitlines()[1].startswith(" " * under + "word")  # under the text column
    parts = ["ingested 7 articles", "1 syndicated copy", "3 duplicates", "4.2 s", "→ x.db"]
    packed = pack(parts, 40)
    assert all(len(x) <= 40 for x in packed.splitlines())
    assert " · ".join(x.strip() for x in packed.splitlines()) == " · ".join(parts)
