"""How an article is named on a page when its metadata is thin (real data often is):
a byline is not a title, a missing title becomes the opening sentence, shortened and
marked as such, a missing date reads "undated", and a local file is shown by its name,
never by a path of the machine that ingested it."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from markupsafe import Markup, escape

UNDATED = "undated"
_MAX = 90
# "By Ana Perle", "Marley Jay, The Associated Press", "Tomas Reeve and Ida Holm, Wire
# staff": names, then a comma and words naming a newsroom or a reporter's role.
_NAME = r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}"
_BYLINE = re.compile(
    rf"^(?:By\s+{_NAME}(?:\s*(?:,|and|&)\s*.*)?|{_NAME}(?:\s+(?:and|&)\s+{_NAME})?\s*,\s*"
    r"(?:The\s+)?[\w.&'’ -]*(?:Press|News|Reuters|Agency|Correspondent|Reporter|Staff|Writer|"
    r"Editor|Bureau|Wire|Service|Times|Post|Herald|Tribune|Gazette|Journal)[\w.&'’ -]*)$")
_SENTENCE = re.compile(r"^(.+?[.!?])(?:[\"'”’)]*)(?:\s|$)", re.S)


def is_byline(title: str | None) -> bool:
    """Whether ``title`` reads as a byline ("Marley Jay, The Associated Press")."""
    return bool(title) and len(title.split()) <= 12 and bool(_BYLINE.match(title.strip()))


def first_sentence(text: str | None, limit: int = _MAX) -> str | None:
    """The opening sentence of ``text``, cut at a word to ``limit`` characters (…)."""
    t = " ".join((text or "").split())
    if not t:
        return None
    m = _SENTENCE.match(t)
    s = m.group(1) if m else t
    if len(s) > limit:
        s = s[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return s


def display_title(a: dict[str, Any]) -> Markup:
    """The title to show for an article row (``title``, ``lead``/``text``, ``ext_id``):
    its title; else (none, or a byline) its first sentence, marked; else its id."""
    title = (a.get("title") or "").strip()
    if title and not is_byline(title):
        return Markup(escape(title))
    lead = a.get("lead")
    if lead is None and a.get("text") is not None:
        b0 = a.get("body_start") or 0
        lead = a["text"][b0:b0 + 400]
    if title:  # a byline: the text after it
        lead = (lead or "").replace(title, "", 1)
    first = first_sentence(lead)
    if first:
        return Markup(f'{escape(first)} <span class="untitled">(no headline: first sentence)'
                      '</span>')
    return Markup(f'<span class="untitled">untitled article {escape(a.get("ext_id") or a.get("id"))}</span>')


def source_name(source: str | None) -> str:
    """A source as shown: URLs and record names as they are, a local path by its file
    name (with a ``:line`` or ``#record`` it had)."""
    s = (source or "").strip()
    if not s or re.match(r"^[a-z][a-z0-9+.-]*://", s, re.I):
        return s
    if "/" in s or "\\" in s:
        return PurePath(s.replace("\\", "/")).name
    return s
