"""Input reading (counterclaim.sources), stage 1 metadata and stage 2 segments.

These stages exist independently of the extractor: bytes become article text
(or a clear, recorded failure), a headline line and a trailing ``Source:`` line
become metadata, and quotation marks become quotation spans that never run
past the paragraph they were left open in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counterclaim.errors import BinaryInputError, EmptyInputError, InputError, RecordError
from counterclaim.extract import metadata, segments
from counterclaim.sources import (
    MAX_ARTICLE_CHARS,
    ArticleInput,
    InputFailure,
    decode_text,
    read_jsonl,
    text_id,
)
from counterclaim.sources import iter_sources as iter_inputs

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# ---------------------------------------------------------------------------
# decode_text
# ---------------------------------------------------------------------------

def test_decode_plain_utf8_keeps_text_exactly() -> None:
    raw = "Line one — “curly”\r\n\r\nLine two\n"
    assert decode_text(raw.encode("utf-8"), "a.txt") == raw


def test_decode_strips_only_the_bom() -> None:
    assert decode_text(b"\xef\xbb\xbfHello world", "a.txt") == "Hello world"


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"], ids=["empty", "whitespace"])
def test_decode_empty(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as exc:
        decode_text(data, "empty.txt")
    assert "empty.txt" in str(exc.value)


def test_decode_nul_bytes_is_binary() -> None:
    with pytest.raises(BinaryInputError) as exc:
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.txt")
    assert "img.txt" in str(exc.value) and "binary" in str(exc.value)


def test_decode_invalid_utf8_names_byte() -> None:
    data = b"caf\xe9 au lait, said the owner.\n"  # latin-1 é
    with pytest.raises(BinaryInputError) as exc:
        decode_text(data, "latin.txt")
    msg = str(exc.value)
    assert "latin.txt" in msg and "UTF-8" in msg and "byte 3" in msg


def test_decode_refuses_oversized_text() -> None:
    with pytest.raises(InputError) as exc:
        decode_text(b"a" * (MAX_ARTICLE_CHARS + 1), "big.txt")
    assert "big.txt" in str(exc.value) and "limit" in str(exc.value)


def test_text_id_is_stable_and_distinct() -> None:
    assert text_id("abc") == text_id("abc")
    assert text_id("abc") != text_id("abd")
    assert len(text_id("abc")) == 16


# ---------------------------------------------------------------------------
# read_jsonl / iter_inputs
# ---------------------------------------------------------------------------

def _jsonl_lines(*objs: object) -> list[bytes]:
    return [(o if isinstance(o, str) else json.dumps(o)).encode("utf-8") + b"\n" for o in objs]


def test_jsonl_malformed_line_is_recorded_and_others_go_on() -> None:
    lines = _jsonl_lines({"id": "a", "text": "First article."}, '{"id": "b", "text": ',
                         {"id": "c", "text": "Third article.", "title": "T", "extra": 1})
    out = list(read_jsonl(lines, "feed.jsonl"))
    assert [type(x) for x in out] == [ArticleInput, InputFailure, ArticleInput]
    bad = out[1]
    assert bad.source == "feed.jsonl:2"
    assert "feed.jsonl:2" in bad.message and "not valid JSON" in bad.message
    assert isinstance(bad.error, RecordError) and bad.error.line == 2
    assert out[0].id == "a" and out[0].source == "feed.jsonl:1"
    assert out[2].meta == {"title": "T"}  # other fields ignored


@pytest.mark.parametrize(("line", "why"), [
    ('["a list"]', "not a JSON object"),
    ('{"id": "x"}', "no non-empty 'text'"),
    ('{"id": "x", "text": "   "}', "no non-empty 'text'"),
    ('{"id": "x", "text": 5}', "no non-empty 'text'"),
], ids=["not-object", "no-text", "blank-text", "text-not-string"])
def test_jsonl_bad_records(line: str, why: str) -> None:
    out = list(read_jsonl(_jsonl_lines(line), "f.jsonl"))
    assert len(out) == 1 and isinstance(out[0], InputFailure)
    assert why in out[0].message and "f.jsonl:1" in out[0].message


def test_jsonl_undecodable_line() -> None:
    lines = [b'{"id": "a", "text": "caf\xe9"}\n', *_jsonl_lines({"id": "b", "text": "ok."})]
    out = list(read_jsonl(lines, "f.jsonl"))
    assert isinstance(out[0], InputFailure) and "UTF-8" in out[0].message
    assert isinstance(out[1], ArticleInput) and out[1].id == "b"


def test_jsonl_ids_and_metadata() -> None:
    lines = _jsonl_lines(
        {"id": 7, "text": "Numbered.", "url": "https://example.org/7", "outlet": "Wire",
         "published": "2026-03-02", "title": ""},
        {"text": "No id here."},
        "",
    )
    out = list(read_jsonl(lines, "f.jsonl"))
    assert len(out) == 2
    assert out[0].id == "7"
    assert out[0].meta == {"url": "https://example.org/7", "outlet": "Wire",
                           "published": "2026-03-02"}
    assert out[1].id == text_id("No id here.")


def test_jsonl_empty_file_is_a_failure() -> None:
    out = list(read_jsonl([b"\n", b"  \n"], "empty.jsonl"))
    assert len(out) == 1 and isinstance(out[0], InputFailure)
    assert isinstance(out[0].error, EmptyInputError)


def test_iter_inputs_files_and_dirs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("Alpha said it.", encoding="utf-8")
    (tmp_path / "two.jsonl").write_text(json.dumps({"id": "t", "text": "Beta."}) + "\n",
                                        encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    out = list(iter_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    ok = [x for x in out if isinstance(x, ArticleInput)]
    bad = [x for x in out if isinstance(x, InputFailure)]
    assert sorted(x.id for x in ok) == ["one", "t"]
    assert len(bad) == 1 and "missing.txt" in bad[0].message
    assert "does not exist" in bad[0].message


def test_iter_inputs_empty_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    out = list(iter_inputs([str(tmp_path)]))
    assert len(out) == 1 and isinstance(out[0], InputFailure)
    assert str(tmp_path) in out[0].message


def test_bundled_examples_read_as_articles() -> None:
    out = list(iter_inputs([str(EXAMPLES)]))
    assert out and all(isinstance(x, ArticleInput) for x in out), out
    txt = sorted(p.stem for p in EXAMPLES.glob("*.txt"))
    assert 6 <= len(txt) <= 10
    jsonl_ids = [x.id for x in out if ":" in x.source]
    assert sorted(jsonl_ids) == txt  # articles.jsonl holds the same articles


# ---------------------------------------------------------------------------
# stage 1: metadata
# ---------------------------------------------------------------------------

def test_headline_and_source_line() -> None:
    text = ("Ministry denies drone claims\n"
            "The ministry said on Monday that it had sold no drones.\n\n"
            "Source: The Lakeside Courier\n")
    art = metadata.read_article(text, id="x")
    assert art.title == "Ministry denies drone claims"
    assert art.outlet == "The Lakeside Courier"
    body = art.body
    assert text[body.start:body.end] == body.text
    assert body.text.startswith("The ministry said")
    assert "Lakeside" not in body.text and "denies drone" not in body.text
    assert art.text == text  # never normalised


@pytest.mark.parametrize("line", ["Source : Harbour Post", "Source:Harbour Post",
                                  "  Source: Harbour Post  ", "SOURCE: Harbour Post"],
                         ids=["space-colon", "no-space", "indented", "upper"])
def test_source_line_variants(line: str) -> None:
    text = f"Port reopens after storm\nThe harbour master said ships could dock.\n{line}\n"
    art = metadata.read_article(text)
    assert art.outlet == "Harbour Post"
    assert "Harbour Post" not in art.body.text


def test_source_line_not_at_end_is_body() -> None:
    text = ("Port reopens after storm\nSource: Harbour Post\n"
            "The harbour master said ships could dock again.\n")
    art = metadata.read_article(text)
    assert art.outlet is None
    assert "Source: Harbour Post" in art.body.text


@pytest.mark.parametrize("first", [
    "The harbour master said on Monday that ships could dock again.",
    '"Ships can dock again," the harbour master said',
    "Two words",
], ids=["sentence", "opens-with-quote", "too-short"])
def test_first_line_that_is_not_a_headline_stays_in_body(first: str) -> None:
    text = first + "\nThe port had been closed for a week.\n"
    art = metadata.read_article(text)
    assert art.title is None
    assert art.body_start == 0


def test_headline_question_mark_is_a_headline() -> None:
    art = metadata.read_article("Will the port reopen this week?\nOfficials said it might.\n")
    assert art.title == "Will the port reopen this week?"


def test_single_line_text_has_no_title() -> None:
    art = metadata.read_article("Ministry denies drone claims")
    assert art.title is None and art.body.text == "Ministry denies drone claims"


def test_given_metadata_wins_and_body_still_excludes_lines() -> None:
    text = "Port reopens after storm\nShips docked again.\nSource: Harbour Post\n"
    art = metadata.read_article(text, title="Given title", outlet="Given outlet")
    assert art.title == "Given title" and art.outlet == "Given outlet"
    assert art.body.text.strip() == "Ships docked again."


def test_given_title_equal_to_first_line_is_skipped() -> None:
    text = "port reopens.\nShips docked again.\n"  # not headline-like on its own
    art = metadata.read_article(text, title="port reopens.")
    assert art.body.text.strip() == "Ships docked again."


def test_crlf_lines() -> None:
    text = "Port reopens after storm\r\nShips docked again.\r\n\r\nSource: Harbour Post\r\n"
    art = metadata.read_article(text)
    assert art.title == "Port reopens after storm"
    assert art.outlet == "Harbour Post"
    assert art.body.text.strip() == "Ships docked again."


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_examples_metadata(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    art = metadata.read_article(text)
    assert art.title == lines[0]
    assert art.outlet == lines[-1].split(":", 1)[1].strip()
    assert lines[0] not in art.body.text and lines[-1] not in art.body.text
    assert 200 <= len(art.body.text.split()) <= 450


# ---------------------------------------------------------------------------
# stage 2: paragraphs and quotations
# ---------------------------------------------------------------------------

def _quotes(text: str) -> tuple[list[tuple[int, int]], list[segments.Quotation]]:
    art = metadata.read_article(text)
    paras = segments.paragraphs(art)
    return paras, segments.quotations(text, paras)


def _inner(text: str, q: segments.Quotation) -> str:
    s, e = q.inner
    return text[s:e]


def test_paragraphs_are_trimmed_lines_of_the_body() -> None:
    text = "Port reopens after storm\n  First paragraph.  \n\n---\n\nSecond one.\nSource: X Y\n"
    art = metadata.read_article(text)
    paras = segments.paragraphs(art)
    assert [text[s:e] for s, e in paras] == ["First paragraph.", "Second one."]


@pytest.mark.parametrize(("text", "inner"), [
    ('"We will win," the coach said.', "We will win,"),
    ("“We will win,” the coach said.", "We will win,"),
    ("«We will win», the coach said.", "We will win"),
    ("The coach said: ‘We will win the final.’", "We will win the final."),
], ids=["straight", "curly", "guillemets", "curly-single"])
def test_closed_quotation(text: str, inner: str) -> None:
    _, qs = _quotes(text)
    assert len(qs) == 1
    q = qs[0]
    assert q.closed and not q.continues
    assert _inner(text, q) == inner


def test_apostrophes_and_inches_are_not_quotes() -> None:
    text = "The company's 6\" pipes weren't to blame, the engineers' union said."
    _, qs = _quotes(text)
    assert qs == []


def test_two_quotes_in_one_paragraph() -> None:
    text = '"Yes," he said. "And we will do it again."'
    _, qs = _quotes(text)
    assert [_inner(text, q) for q in qs] == ["Yes,", "And we will do it again."]


@pytest.mark.parametrize(("opening", "closing"), [('"', '"'), ("“", "”")],
                         ids=["straight", "curly"])
def test_multi_paragraph_quote(opening: str, closing: str) -> None:
    text = (f"The coach spoke after training.\n\n"
            f"{opening}We were tired. Nobody ran.\n\n"
            f"{opening}We will be better on Sunday.\n\n"
            f"{opening}That is a promise,{closing} he said.\n\n"
            f"The match starts at noon.\n")
    paras, qs = _quotes(text)
    assert len(qs) == 3
    assert [q.closed for q in qs] == [False, False, True]
    assert [q.continues for q in qs] == [False, True, True]
    assert _inner(text, qs[0]) == "We were tired. Nobody ran."
    assert _inner(text, qs[1]) == "We will be better on Sunday."
    assert _inner(text, qs[2]) == "That is a promise,"
    for q in qs:  # each piece stays inside its own paragraph
        s, e = paras[q.paragraph]
        assert s <= q.start < q.end <= e
    last = paras[-1]
    assert all(q.end <= last[0] for q in qs)


@pytest.mark.parametrize("opening", ['"', "“"], ids=["straight", "curly"])
def test_unclosed_quote_stops_at_paragraph_end(opening: str) -> None:
    text = (f"{opening}The factory will close next year, the director said.\n\n"
            "Workers gathered outside the gates on Friday.\n\n"
            '"We will fight," the union said.\n')
    paras, qs = _quotes(text)
    first = qs[0]
    assert not first.closed and first.end == paras[0][1]
    assert "Workers" not in text[first.start:first.end]
    assert not any(q.paragraph == 1 for q in qs)
    later = [q for q in qs if q.paragraph == 2]
    assert len(later) == 1 and later[0].closed and not later[0].continues
    assert _inner(text, later[0]) == "We will fight,"


def test_stray_closing_marks_are_ignored() -> None:
    text = 'The results were published” on Friday, a week late."\n\nNothing else.\n'
    _, qs = _quotes(text)
    assert qs == []


def test_quotes_never_cross_the_source_line() -> None:
    text = 'Storm closes port\n"The port is shut until Monday, the harbour master said.\nSource: X\n'
    art = metadata.read_article(text)
    _, qs = _quotes(text)
    assert len(qs) == 1 and qs[0].end <= art.body.end
