"""HTML: bytes → text in one decoding order, and a page → an article (trafilatura).

One policy for every path that reads a page (a file, a JSONL ``html`` field, a WARC
record, a fetched URL, a Parquet row), so an article read by ``analyze``, ``ingest``
or Spark gets the same text and so the same id and fingerprint.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import BinaryInputError, EmptyInputError, InputError
from .records import MAX_ARTICLE_CHARS, ArticleInput, clean_meta, text_id
from .text import bom_encoding

# Fewer words than this after boilerplate removal is a menu or an error page, not a story.
MIN_HTML_WORDS = 15

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
# Scripts, styles and templates hold no article text; a page with megabytes of them
# before its story made the extractor give up, so they go before extraction. Linked
# data (``application/ld+json``, the page's title and date) is kept when small.
_CODE_OPEN = re.compile(r"<(script|style|template)\b([^>]{0,4000})>", re.I)
MAX_LINKED_DATA = 100_000


def strip_code(html: str) -> str:
    """The page without its ``<script>``, ``<style>`` and ``<template>`` blocks (small
    JSON-LD metadata scripts kept). One pass, linear in the page's length: a block
    left open runs to the end of the page and is dropped."""
    low = html.lower()
    out: list[str] = []
    pos = 0
    while (m := _CODE_OPEN.search(html, pos)) is not None:
        close = low.find(f"</{m.group(1).lower()}", m.end())
        end = len(html) if close < 0 else low.find(">", close) + 1 or len(html)
        keep = "ld+json" in m.group(2).lower() and end - m.start() <= MAX_LINKED_DATA
        out.append(html[pos:end] if keep else html[pos:m.start()])
        pos = end
    out.append(html[pos:])
    return "".join(out)


def declared_charset(content_type: str | None, data: bytes) -> str | None:
    """The charset an HTTP ``Content-Type`` header declares, else a ``<meta>`` tag."""
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m:
            return m.group(1)
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def try_decode(data: bytes, charset: str | None = None) -> str | None:
    """The bytes as text: the declared charset, else UTF-8, else cp1252; None when none
    of them decodes the bytes."""
    for enc in (charset, "utf-8", "cp1252"):
        if not enc:
            continue
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def decode_html(data: bytes, source: str, content_type: str | None = None) -> str:
    """HTML bytes as text (:func:`try_decode` with the declared charset); raises
    :class:`EmptyInputError` for no bytes and :class:`BinaryInputError` for NUL bytes
    (binary content) or bytes no candidate charset decodes."""
    if not data.strip():
        raise EmptyInputError("is empty", source=source)
    charset = bom_encoding(data) or declared_charset(content_type, data)
    if b"\x00" in data[:4096] and not (charset or "").lower().startswith(("utf-16", "utf-32")):
        raise BinaryInputError("undecodable HTML: NUL bytes (binary content)", source=source)
    text = try_decode(data, charset)
    if text is None:
        raise BinaryInputError(f"undecodable HTML: not valid {charset or 'UTF-8'}, UTF-8 or "
                               "cp1252", source=source)
    return text


def extract_fields(html: str, url: str | None = None) -> dict[str, Any]:
    """``{"text", "title", "outlet", "published", "url"}`` of a news page; navigation,
    footers and cookie notices are dropped. Raises ``ValueError`` when the page holds
    no article text (fewer than :data:`MIN_HTML_WORDS` words remain)."""
    import trafilatura

    doc = trafilatura.bare_extraction(strip_code(html), url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    found = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (found.get("text") or "").strip()
    if len(text.split()) < MIN_HTML_WORDS:
        raise ValueError("no article text found in the HTML (only boilerplate?)")
    return {"text": text + "\n", "title": found.get("title") or None,
            "outlet": found.get("sitename") or found.get("hostname") or None,
            "published": found.get("date") or None, "url": url or found.get("url") or None}


class HTMLError(InputError):
    """A page that holds no article (the reader layer records it at stage ``html``)."""


def html_article(html: str, *, source: str, url: str | None = None,
                 meta: dict[str, Any] | None = None, id: str | None = None,
                 fallback: dict[str, Any] | None = None) -> ArticleInput:
    """Main text, title, date and site name of an HTML page. Given ``meta`` wins over
    the page's; ``fallback`` fills what neither has (a WARC record's crawl date). The
    id is the given one, else the URL, else a hash of the text."""
    try:
        fields = extract_fields(html, url)
    except ValueError as exc:
        raise HTMLError(str(exc), source=source) from exc
    except Exception as exc:  # noqa: BLE001 - a parser crash is one bad page, not a bad run
        raise HTMLError(f"HTML extraction failed: {type(exc).__name__}: {exc}",
                        source=source) from exc
    text = fields.pop("text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise HTMLError(f"article text is over the {MAX_ARTICLE_CHARS:,}-character limit",
                        source=source)
    out = clean_meta(fields)
    out.update(clean_meta(meta))
    for k, v in clean_meta(fallback).items():
        out.setdefault(k, v)
    return ArticleInput(id=id or out.get("url") or text_id(text), text=text, source=source,
                        meta=out)


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry's content), one paragraph a line."""
    import lxml.html

    marked = re.sub(r"(?i)</(p|div|li|h[1-6]|blockquote)>|<br\s*/?>", "\n", html)
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except Exception:  # noqa: BLE001 - lxml raises several types on junk; fall back to regex
        text = re.sub(r"<[^>]+>", " ", marked)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
