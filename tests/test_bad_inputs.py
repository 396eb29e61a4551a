"""Bad inputs, all at once: one directory holding every bad kind, one ingest run.

Every bad file is recorded under its own name with its reason, every good file is
ingested, nothing is printed by the libraries underneath, and the exit status is the
documented one (0: some inputs were read). Plus the reader-level rules behind it.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_helpers import html_page
from counterclaim.cli import main
from counterclaim.sources import ArticleInput, InputFailure, iter_sources
from counterclaim.sources.html import strip_code

GOOD = {
    "plain": "Mayor Ilse Varga said the Brellin bridge would reopen in March.\n",
    "zipped": "Minister Oto Kranz said the Dulse tunnel was safe for lorries.\n",
    "wide": "The ferry operator Cara Wendt said the Ostry route would close in winter.\n",
    "scripted": "The harbour council of Velmora said the new ferry terminal would open in "
                "June, despite objections from local fishermen.",
}
# A response record without WARC-Target-URI (warcio raised AttributeError on it).
NO_URI_WARC = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n0123456789\r\n\r\n"
# Records whose Content-Length is wrong (warcio printed a warning per record).
BAD_LENGTH_WARC = b"".join(b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: "
                           b"https://gazette.example/a.png\r\nContent-Type: image/png\r\n"
                           b"Content-Length: 3\r\n\r\n"
                           b"<html>far more than three bytes</html>\r\n\r\n" for _ in range(20))


def scripted_page(script_bytes: int) -> str:
    """A page with megabytes of script in its head before a short story."""
    script = "<script>var blob = '" + "q" * script_bytes + "';</script>"
    paras = "".join(f"<p>{GOOD['scripted']} Paragraph {i} adds that the works cost more.</p>"
                    for i in range(4))
    return (f"<html><head><title>Ferry terminal</title>{script}<style>p {{ color: red }}"
            f"</style></head><body><article>{paras}</article></body></html>")


def bad_dir(root: Path) -> tuple[Path, dict[str, str]]:
    """Good and bad files side by side; returns the folder and, for each bad file,
    a word its recorded reason must hold."""
    d = root / "in"
    (d / "sub").mkdir(parents=True)
    (d / "plain.txt").write_text(GOOD["plain"])
    (d / "zipped.txt.gz").write_bytes(gzip.compress(GOOD["zipped"].encode()))
    (d / "wide.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD["wide"].encode("utf-16-le"))
    (d / "scripted.html").write_text(scripted_page(11_000_000))
    bad = {
        "no-uri.warc": "WARC-Target-URI",
        "bad-length.warc": "Content-Length",
        "garbage.warc": "not a readable WARC",
        "broken.jsonl:1": "not valid JSON",
        "empty.txt": "empty",
        "binary.txt": "binary",
        "notgzip.txt.gz": "decompressed",
        "dangling.txt": "dangling symbolic link",
        "sub/loop": "symbolic link loop",
        "menu.html": "no article text",
    }
    (d / "no-uri.warc").write_bytes(NO_URI_WARC)
    (d / "bad-length.warc").write_bytes(BAD_LENGTH_WARC)
    (d / "garbage.warc").write_bytes(os.urandom(2000))
    (d / "broken.jsonl").write_text('{"id": "a", "text": "unfinished"\n')
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (d / "notgzip.txt.gz").write_bytes(b"\x1f\x8b this is no gzip stream")
    (d / "dangling.txt").symlink_to(d / "gone.txt")
    (d / "sub" / "loop").symlink_to(d)
    (d / "menu.html").write_text(html_page("Menu", ["Home", "About"]))
    return d, bad


def test_one_directory_of_every_bad_kind_one_run(tmp_path):
    d, bad = bad_dir(tmp_path)
    db = tmp_path / "c.db"
    res = CliRunner().invoke(main, ["ingest", str(d), "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["ingested"] == len(GOOD) and summary["failed"] == len(bad)
    assert "WARNING" not in res.stderr and "Traceback" not in res.output
    conn = sqlite3.connect(db)
    failures = dict(conn.execute("SELECT source, reason FROM failures"))
    ids = {r[0] for r in conn.execute("SELECT ext_id FROM articles")}
    conn.close()
    assert ids == set(GOOD)
    assert set(failures) == {str(d / name) for name in bad}
    for name, word in bad.items():
        reason = failures[str(d / name)]
        assert reason.startswith(str(d / name)) and word in reason, (name, reason)


def test_cli_failures_lists_them_with_their_sources(tmp_path):
    d, bad = bad_dir(tmp_path)
    db = tmp_path / "c.db"
    CliRunner().invoke(main, ["ingest", str(d), "--db", str(db), "--quiet"])
    out = CliRunner().invoke(main, ["failures", "--db", str(db), "--json"])
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert {r["source"] for r in rows} == {str(d / n) for n in bad}


def test_an_analysis_failure_during_ingest_names_its_file(tmp_path, monkeypatch):
    from counterclaim.pipeline import Analyzer

    real = Analyzer.analyze

    def analyze(self, text, **kw):
        if "Grellow" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, text, **kw)

    monkeypatch.setattr(Analyzer, "analyze", analyze)
    d = tmp_path / "in"
    d.mkdir()
    (d / "fine.txt").write_text(GOOD["plain"])
    (d / "deep.txt").write_text("Councillor Abe Grellow said the dam would hold.\n")
    db = tmp_path / "c.db"
    res = CliRunner().invoke(main, ["ingest", str(d), "--db", str(db)])
    assert res.exit_code == 0
    assert f"failed: {d / 'deep.txt'}: analysis failed: RecursionError" in res.stderr
    out = CliRunner().invoke(main, ["failures", "--db", str(db)])
    assert str(d / "deep.txt") in out.stdout.replace("\n  ", "")


def test_only_bad_inputs_exit_2(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "no-uri.warc").write_bytes(NO_URI_WARC)
    (d / "dangling.txt").symlink_to(d / "gone.txt")
    res = CliRunner().invoke(main, ["ingest", str(d), "--db", str(tmp_path / "c.db")])
    assert res.exit_code == 2 and "nothing could be read" in res.stderr


def items(*paths):
    got = list(iter_sources([str(p) for p in paths]))
    return ([i for i in got if isinstance(i, ArticleInput)],
            [i for i in got if isinstance(i, InputFailure)])


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"),
                                       (codecs.BOM_UTF32_LE, "utf-32-le"),
                                       (codecs.BOM_UTF8, "utf-8")])
def test_text_with_a_bom_is_decoded(tmp_path, bom, codec):
    f = tmp_path / "a.txt"
    f.write_bytes(bom + GOOD["wide"].encode(codec))
    ok, bad = items(f)
    assert not bad and ok[0].text == GOOD["wide"]


def test_utf16_html_with_a_bom_is_read(tmp_path):
    f = tmp_path / "a.html"
    page = html_page("Ferry", [GOOD["scripted"]] * 3)
    f.write_bytes(codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    ok, bad = items(f)
    assert not bad and "Velmora" in ok[0].text


def test_json_error_names_line_and_column_once(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"text": "Mayor Ilse Varga said so."}\n{"text": "x",,}\n')
    ok, bad = items(f)
    assert len(ok) == 1
    msg = bad[0].message
    assert msg.startswith(f"{f}:2: is not valid JSON") and msg.count(" at ") == 0
    assert "(column 14)" in msg


def test_html_gz_is_read_like_html(tmp_path):
    f = tmp_path / "page.html.gz"
    f.write_bytes(gzip.compress(html_page("Ferry", [GOOD["scripted"]] * 3).encode()))
    ok, bad = items(f)
    assert not bad and ok[0].id == "page" and "Velmora" in ok[0].text


def test_a_link_to_a_file_is_followed_and_a_sibling_folder_read_once(tmp_path):
    d = tmp_path / "in"
    (d / "real").mkdir(parents=True)
    (d / "real" / "a.txt").write_text(GOOD["plain"])
    (d / "also.txt").symlink_to(d / "real" / "a.txt")
    (d / "mirror").symlink_to(d / "real")  # read through the link, then not again
    ok, bad = items(d)
    assert len(ok) == 2 and not bad
    assert {i.source for i in ok} == {str(d / "also.txt"), str(d / "mirror" / "a.txt")}


def test_a_link_loop_between_two_links_is_reported(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD["plain"])
    (d / "x.txt").symlink_to(d / "y.txt")
    (d / "y.txt").symlink_to(d / "x.txt")
    ok, bad = items(d)
    assert len(ok) == 1 and {b.source for b in bad} == {str(d / "x.txt"), str(d / "y.txt")}
    assert all("symbolic link loop" in b.message for b in bad)


def test_named_dangling_link_is_reported(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    ok, bad = items(tmp_path / "gone.txt")
    assert not ok and "dangling symbolic link" in bad[0].message


def test_megabytes_of_script_do_not_hide_the_article(tmp_path):
    f = tmp_path / "big.html"
    f.write_text(scripted_page(11_000_000))
    ok, bad = items(f)
    assert not bad and "Velmora" in ok[0].text and "qqqq" not in ok[0].text


@pytest.mark.parametrize("html,kept", [
    ("a<script>x</script>b", "ab"),
    ("a<SCRIPT type='x'>x</Script >b<style>p{}</style>c", "abc"),
    ('a<script type="application/ld+json">{"headline": "H"}</script>b',
     'a<script type="application/ld+json">{"headline": "H"}</script>b'),
    ("a<template><p>t</p></template>b<script>never closed", "ab"),
    ("a<scripted>kept</scripted>b", "a<scripted>kept</scripted>b"),
])
def test_strip_code(html, kept):
    assert strip_code(html) == kept


def test_strip_code_is_linear_on_many_open_tags():
    # Many blocks never closed, or closed many times: one pass either way.
    assert strip_code("<p>x</p>" + "<script>" * 100_000) == "<p>x</p>"
    assert strip_code("</script>" * 100_000 + "<p>x</p>") == "</script>" * 100_000 + "<p>x</p>"
