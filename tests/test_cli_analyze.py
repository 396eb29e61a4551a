"""``counterclaim analyze`` in-process (click's CliRunner): inputs, errors, JSON shape."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from counterclaim.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ARTICLE = (
    "Harbour reopens after week-long closure\n"
    '"The harbour is open again and every berth is in use," port director Nadia Kerr said '
    "on Monday.\n\n"
    "The port had been closed since a storm damaged the main breakwater.\n\n"
    "Source: The Lakeside Courier\n"
)


def run(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def _json_lines(result: Result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def _no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr


@pytest.fixture
def article_txt(tmp_path: Path) -> Path:
    p = tmp_path / "harbour.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_help_has_an_example() -> None:
    res = run("analyze", "--help")
    assert res.exit_code == 0
    assert "Example" in res.output
    assert "counterclaim analyze" in res.output
    top = run("--help")
    assert top.exit_code == 0 and "analyze" in top.output


def test_txt_json_output_shape(article_txt: Path) -> None:
    res = run("analyze", "--json", str(article_txt))
    assert res.exit_code == 0, res.stderr
    objs = _json_lines(res)
    assert len(objs) == 1
    obj = objs[0]
    assert {"article", "statements", "speakers", "disputes"} <= obj.keys()
    art = obj["article"]
    assert {"id", "title", "outlet", "published", "text", "versions"} <= art.keys()
    assert art["id"] == "harbour"
    assert art["text"] == ARTICLE  # the decoded input, unchanged
    assert art["title"] == "Harbour reopens after week-long closure"
    assert art["outlet"] == "The Lakeside Courier"
    assert art["published"] is None
    assert "lexicon.cues" in art["versions"] and "pipeline" in art["versions"]
    assert isinstance(obj["statements"], list) and isinstance(obj["disputes"], list)
    for sp in obj["speakers"]:
        assert {"name", "kind", "mentions"} <= sp.keys()
        for m in sp["mentions"]:
            assert ARTICLE[m["start"]:m["end"]] == m["text"]
    for d in obj["disputes"]:
        assert {"id", "proposition", "asserted_by", "denied_by", "hedged_by",
                "statements"} <= d.keys()


STATEMENT_KEYS = {"id", "speaker", "cue", "content", "kind", "stance", "hedged", "hedges",
                  "evidence", "confidence", "proposition"}


@pytest.mark.constructions
def test_json_statement_shape(article_txt: Path) -> None:
    res = run("analyze", "--json", str(article_txt))
    assert res.exit_code == 0, res.stderr
    obj = _json_lines(res)[0]
    assert obj["statements"], "the quoted sentence yields no statement"
    for st in obj["statements"]:
        assert STATEMENT_KEYS <= st.keys()
        assert {"text", "start", "end", "name", "kind", "resolved_by"} <= st["speaker"].keys()
        assert {"text", "start", "end", "lemma"} <= st["cue"].keys()
        assert {"text", "start", "end"} <= st["content"].keys()
        assert st["kind"] in ("direct", "indirect", "mixed")
        assert st["stance"] in ("assert", "deny", "hedge", "question", "criticize")
        assert st["evidence"] in ("cited", "absent", "not_released", "disputed", "none")
        assert isinstance(st["hedged"], bool) and isinstance(st["hedges"], list)
        assert 0.0 <= st["confidence"] <= 1.0
        c = st["content"]
        assert ARTICLE[c["start"]:c["end"]] == c["text"]
        sp = st["speaker"]
        if sp["text"] is not None:
            assert ARTICLE[sp["start"]:sp["end"]] == sp["text"]
    quote = [s for s in obj["statements"] if "every berth is in use" in s["content"]["text"]]
    assert quote and "Kerr" in (quote[0]["speaker"]["name"] or "")


def test_readable_report(article_txt: Path) -> None:
    res = run("analyze", str(article_txt))
    assert res.exit_code == 0, res.stderr
    assert "Harbour reopens after week-long closure" in res.stdout
    assert "The Lakeside Courier" in res.stdout
    assert re.search(r"\b\d+ statements?\b", res.stdout)
    _no_traceback(res)


def test_jsonl_with_malformed_line(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"id": "first", "text": "The mayor said the bridge would reopen.",
                    "outlet": "Wire", "published": "2026-03-02", "ignored": [1, 2]}) + "\n"
        + '{"id": "broken", "text": "no closing brace"\n'
        + json.dumps({"id": 42, "text": "Police said the road was closed."}) + "\n",
        encoding="utf-8")
    res = run("analyze", "--json", str(p))
    assert res.exit_code == 0
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert f"{p}:2" in errors[0]
    objs = _json_lines(res)
    assert [o["article"]["id"] for o in objs] == ["first", "42"]
    assert objs[0]["article"]["outlet"] == "Wire"
    assert objs[0]["article"]["published"] == "2026-03-02"
    assert "1 input failed" in res.stderr
    _no_traceback(res)


@pytest.mark.parametrize(("data", "words"), [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" * 50, "binary"),
    (b"", "empty"),
    (b"\n \n\t\n", "empty"),
    (b"Caf\xe9 owners said prices would rise.\n", "UTF-8"),
], ids=["binary", "empty", "blank", "undecodable"])
def test_bad_single_input_fails_cleanly(tmp_path: Path, data: bytes, words: str) -> None:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    res = run("analyze", "--json", str(p))
    assert res.exit_code == 2
    assert res.stdout.strip() == ""
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(p) in errors[0] and words in errors[0]
    _no_traceback(res)


def test_bad_input_next_to_good_one_exits_zero(tmp_path: Path, article_txt: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    res = run("analyze", "--json", str(bad), str(article_txt), str(tmp_path / "missing.txt"))
    assert res.exit_code == 0
    assert [o["article"]["id"] for o in _json_lines(res)] == ["harbour"]
    assert str(bad) in res.stderr and "missing.txt" in res.stderr
    assert "2 inputs failed, 1 analysed" in res.stderr
    _no_traceback(res)


def test_five_megabyte_text(tmp_path: Path) -> None:
    para = ("The council said the new library would open in the spring. "
            "Residents welcomed the plan.\n\n")
    p = tmp_path / "huge.txt"
    p.write_text(para * (5_000_000 // len(para) + 1), encoding="utf-8")
    assert p.stat().st_size >= 5_000_000
    res = run("analyze", "--json", str(p))
    _no_traceback(res)
    if res.exit_code == 0:  # processed: one complete article
        assert len(_json_lines(res)) == 1
    else:  # refused: one clear line naming the file
        assert res.exit_code == 2
        errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and str(p) in errors[0]
        assert "limit" in errors[0] or "split" in errors[0]


def test_stdin_text() -> None:
    res = run("analyze", "--json", "-", input=ARTICLE.encode("utf-8"))
    assert res.exit_code == 0, res.stderr
    objs = _json_lines(res)
    assert len(objs) == 1
    assert objs[0]["article"]["text"] == ARTICLE
    assert objs[0]["article"]["outlet"] == "The Lakeside Courier"
    assert len(objs[0]["article"]["id"]) == 16


def test_stdin_jsonl() -> None:
    data = "\n".join(json.dumps({"id": f"a{i}", "text": f"Article number {i} said hello."})
                     for i in range(3))
    res = run("analyze", "--json", "-", input=data)
    assert res.exit_code == 0, res.stderr
    assert [o["article"]["id"] for o in _json_lines(res)] == ["a0", "a1", "a2"]


def test_stdin_empty() -> None:
    res = run("analyze", "--json", "-", input=b"")
    assert res.exit_code == 2
    assert "<stdin>" in res.stderr and "empty" in res.stderr
    _no_traceback(res)


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    res = run("analyze", str(tmp_path / "nope.txt"), str(tmp_path))
    assert res.exit_code == 2
    assert "nope.txt" in res.stderr and "does not exist" in res.stderr
    assert f"{tmp_path}: is a directory" in res.stderr
    _no_traceback(res)


def test_no_paths_is_a_usage_error() -> None:
    res = CliRunner().invoke(main, ["analyze"])
    assert res.exit_code == 2
    assert "PATHS" in res.output or "Missing argument" in res.output


def test_bundled_examples_json() -> None:
    txt = sorted(EXAMPLES.glob("*.txt"))
    res = run("analyze", "--json", *map(str, txt), str(EXAMPLES / "articles.jsonl"))
    assert res.exit_code == 0, res.stderr
    assert res.stderr.strip() == ""
    objs = _json_lines(res)
    assert len(objs) == 2 * len(txt)
    from_txt, from_jsonl = objs[:len(txt)], objs[len(txt):]
    for a, b in zip(from_txt, from_jsonl, strict=True):
        assert a["article"]["id"] == b["article"]["id"]
        assert a["article"]["title"] == b["article"]["title"]
        assert a["article"]["outlet"] == b["article"]["outlet"]
        assert b["article"]["published"] and b["article"]["url"].startswith("https://example.org/")


def test_examples_jsonl_is_up_to_date() -> None:
    proc = subprocess.run([sys.executable, str(EXAMPLES / "build_jsonl.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
