"""How thin metadata is shown (issue 13): bylines are not titles, a missing title is
the first sentence (marked), local sources by file name. Table-driven."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from counterclaim.web.titles import (  # noqa: E402
    display_title,
    first_sentence,
    is_byline,
    source_name,
)


@pytest.mark.parametrize("line,byline", [
    ("Marley Jay, The Associated Press", True),
    ("By Ana Perle", True),
    ("By Ana Perle and Tomas Reeve, Pellow Courier", True),
    ("Tomas Reeve and Ida Holm, Wire staff", True),
    ("Ida Holm, Staff Writer", True),
    ("Ostrava Denies Sending Drones, Officials Say", False),
    ("Harbour authority denies selling the ferry", False),
    ("Minister says the bridge is safe", False),
    ("", False),
])
def test_is_byline(line: str, byline: bool) -> None:
    assert is_byline(line) is byline


@pytest.mark.parametrize("text,first", [
    ("The council met. Then it rained.", "The council met."),
    ("  The council\nmet on Tuesday!  More.", "The council met on Tuesday!"),
    ("No full stop at all", "No full stop at all"),
    ("word " * 40, ("word " * 40)[:90].rsplit(" ", 1)[0] + "…"),
    ("", None),
])
def test_first_sentence(text: str, first: str | None) -> None:
    assert first_sentence(text) == first


def test_display_title() -> None:
    assert str(display_title({"title": "Ferry sold <b>"})) == "Ferry sold &lt;b&gt;"
    t = str(display_title({"title": "Marley Jay, The Associated Press",
                           "lead": "Marley Jay, The Associated Press\nShares fell on Monday. "
                                   "More later."}))
    assert t.startswith("Shares fell on Monday.") and "first sentence" in t
    t = str(display_title({"title": None, "text": "HEAD\nThe pier <closed>. Then.",
                           "body_start": 5}))
    assert t.startswith("The pier &lt;closed&gt;.") and "no headline" in t
    assert "untitled article k9" in str(display_title({"title": None, "lead": "",
                                                       "ext_id": "k9"}))


@pytest.mark.parametrize("source,shown", [
    ("/home/ana/news/2026/story.txt", "story.txt"),
    ("/data/feed.jsonl:12", "feed.jsonl:12"),
    ("C:\\Users\\ana\\story.html", "story.html"),
    ("https://example.org/a/b.html", "https://example.org/a/b.html"),
    ("t:a1", "t:a1"), ("", ""),
])
def test_source_name(source: str, shown: str) -> None:
    assert source_name(source) == shown
