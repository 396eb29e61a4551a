"""Stage 1: article metadata read from plain text (headline, Source line)."""

from __future__ import annotations

import hashlib
import re

from ..records import Article

_SOURCE_RE = re.compile(r"^[ \t]*(?:Source|SOURCE|Via|Originally published (?:by|in|on))[ \t]*:[ \t]*(\S[^\n]{0,120}?)[ \t]*$")
_SENT_END = re.compile(r"[.!?:;][\"'”’)]*\s*$")


def _looks_like_headline(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 200 or len(s.split()) < 3:
        return False
    if _SENT_END.search(s) and not s.endswith("?"):
        return False  # a headline does not end with a full stop
    if s[0] in "\"“‘'":
        return False
    return s[0].isupper() or s[0].isdigit()


def read_article(text: str, *, id: str | None = None, title: str | None = None,
                 outlet: str | None = None, url: str | None = None,
                 published: str | None = None) -> Article:
    """Find the title line and a trailing Source line; the rest is the body."""
    body_start, body_end = 0, len(text)
    # Trailing "Source : Outlet" line (the last non-empty line).
    stripped = text.rstrip()
    last_nl = stripped.rfind("\n")
    last_line = stripped[last_nl + 1:]
    m = _SOURCE_RE.match(last_line)
    if m and last_nl >= 0:
        if outlet is None:
            outlet = m.group(1).strip()
        body_end = last_nl
    # First line as title when it reads as a headline and more text follows.
    first_nl = text.find("\n")
    if first_nl > 0:
        first = text[:first_nl]
        rest = text[first_nl + 1:body_end]
        if rest.strip() and _looks_like_headline(first):
            if title is None:
                title = first.strip()
            body_start = first_nl + 1
        elif title is not None and first.strip() == title.strip():
            body_start = first_nl + 1
    if id is None:
        id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Article(id=str(id), text=text, title=title, outlet=outlet, url=url,
                   published=published, body_start=body_start, body_end=body_end)
