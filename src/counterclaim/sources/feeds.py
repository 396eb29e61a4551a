"""RSS and Atom feeds: entries with full content are articles as they are; link-only
entries are fetched (by the caller's ``fetch_link``), or read from their summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..errors import FetchError
from .html import fragment_text
from .records import ArticleInput, Item, text_id
from .stages import failure

# A feed entry whose content (as text) is shorter than this is a teaser: fetch its link.
FULL_CONTENT_CHARS = 400

FetchLink = Callable[[str, str, dict[str, Any], dict[str, Any]], Iterator[Item]]


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return (head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")
            or head.startswith(b"<rdf")) and (b"<rss" in head or b"<feed" in head
                                              or b"<rdf" in head or b"<channel" in head)


def read_feed(data: bytes, source: str, fetch_link: FetchLink | None = None) -> Iterator[Item]:
    """Entries of an RSS/Atom feed. ``fetch_link(url, where, meta, fallback)`` reads a
    link-only entry's page; without it such an entry is read from its summary."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        detail = f" ({type(why).__name__}: {why})" if why else ""
        yield failure(source, FetchError(f"is not a readable RSS/Atom feed or has no "
                                         f"entries{detail}", source=source))
        return
    outlet = (parsed.get("feed") or {}).get("title")
    for n, e in enumerate(entries, 1):
        link = e.get("link")
        where = f"{source}#{link or n}"
        meta = {"title": e.get("title"), "url": link, "outlet": outlet,
                "published": e.get("published") or e.get("updated")}
        meta = {k: v for k, v in meta.items() if v}
        contents = [c.get("value", "") for c in e.get("content") or []]
        body = max(contents, key=len) if contents else ""
        text = fragment_text(body) if body else ""
        eid = e.get("id") or link
        if len(text) >= FULL_CONTENT_CHARS:
            yield ArticleInput(id=eid or text_id(text), text=text + "\n", source=where, meta=meta)
            continue
        if link and link.startswith(("http://", "https://")) and fetch_link is not None:
            # The page's own site name beats the feed's title ("X - World") as outlet.
            yield from fetch_link(link, where, {k: v for k, v in meta.items() if k != "outlet"},
                                  {"outlet": outlet})
            continue
        summary = fragment_text(e.get("summary") or "") or text
        if summary.strip():
            yield ArticleInput(id=eid or text_id(summary), text=summary + "\n", source=where,
                               meta=meta)
        else:
            yield failure(where, FetchError("feed entry has no content and no http(s) link",
                                            source=where))
