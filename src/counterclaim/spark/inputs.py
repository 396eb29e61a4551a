"""Raw input records (files' bytes, table rows) → the article dicts a Spark task analyses.

A thin adapter over :mod:`counterclaim.sources`, the reader layer ``analyze`` and
``ingest`` use, so an input gives the same articles on Spark (same ids, text and
metadata). Everything here receives bytes or dicts, never paths, so it works on any
file system Spark reads (HDFS, S3, GCS …). Each function yields :data:`Item` tuples:
``("article", {...})`` (the keyword arguments of :meth:`Analyzer.analyze` plus
``source`` and, for a WARC record, ``crawled``) or ``("failure", {...})`` with the
stage that failed and the reason; it never raises for a bad record.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..dates import parse_date
from ..sources import META_FIELDS, ArticleInput, InputFailure, read_bytes, read_row
from ..sources.html import decode_html, html_article
from ..sources.stages import failure as _failure

Item = tuple[str, dict[str, Any]]
UNKNOWN_DATE = "unknown"
__all__ = ["META_FIELDS", "Item", "article", "failure", "file_items", "html_item",
           "jsonl_items", "pub_date", "row_item"]


def failure(source: str, stage: str, reason: str, id: str | None = None) -> Item:
    return ("failure", {"source": source, "id": id, "stage": stage, "reason": reason})


def article(source: str, text: str, id: str | None = None, **meta: Any) -> Item:
    fields: dict[str, Any] = {"source": source, "text": text, "id": id}
    for key in META_FIELDS:
        value = meta.get(key)
        fields[key] = None if value in (None, "") else str(value)
    if meta.get("crawled"):
        fields["crawled"] = str(meta["crawled"])
    return ("article", fields)


def _item(x: ArticleInput | InputFailure | Any, id: str | None = None) -> Item:
    if isinstance(x, ArticleInput):
        return article(x.source, x.text, x.id, **x.meta)
    if isinstance(x, InputFailure):
        return failure(x.source, x.stage, x.error.message, id)
    return failure(str(getattr(x, "source", "?")), "read", "not an article")


def pub_date(published: str | None, fallback: str | None = None) -> str:
    """``YYYY-MM-DD`` of the publication date (read as the corpus reads it), else of
    ``fallback`` (e.g. the WARC crawl date), else ``"unknown"``: the partition value."""
    return parse_date(published) or parse_date(fallback) or UNKNOWN_DATE


def file_items(data: bytes, source: str) -> Iterator[Item]:
    """One whole file, by its name: WARC, JSONL (.gz), HTML, a feed, text or Parquet;
    a file of no known kind is a failure (Spark reads globs and directories)."""
    for x in read_bytes(data, source, strict=True):
        yield _item(x)


def jsonl_items(data: bytes, source: str) -> Iterator[Item]:
    """One article per line, read exactly as ``counterclaim analyze`` reads it."""
    name = source if source.lower().endswith((".jsonl", ".jsonl.gz", ".ndjson")) \
        else f"{source}.jsonl"
    for x in read_bytes(data, name, strict=True):
        yield _item(x)


def html_item(html: bytes | str, source: str, *, url: str | None = None,
              content_type: str | None = None, id: str | None = None,
              meta: Mapping[str, Any] | None = None,
              fallback: Mapping[str, Any] | None = None) -> Item:
    """One HTML page → an article item (or a failure with its stage and reason)."""
    from ..errors import InputError

    try:
        text = html if isinstance(html, str) else decode_html(html, source, content_type)
        return _item(html_article(text, source=source, url=url, meta=dict(meta or {}), id=id,
                                  fallback=dict(fallback or {})))
    except InputError as exc:
        return _item(_failure(source, exc), id)


def row_item(row: Mapping[str, Any], source: str) -> Item:
    """A table row with ``id``, ``text`` or ``html`` and optional metadata."""
    rid = row.get("id")
    return _item(read_row(row, source), None if rid in (None, "") else str(rid))
