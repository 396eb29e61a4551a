"""Turn raw input records (WARC files, JSONL files, Parquet rows) into article dicts.

Everything here is plain Python that runs inside Spark tasks: it receives bytes or
dicts, never paths, so it works on any file system Spark reads (HDFS, S3, GCS …).
Each function yields :data:`Item` tuples: ``("article", {...})`` for a readable
article (the keyword arguments of :meth:`Analyzer.analyze` plus ``source``) or
``("failure", {...})`` with a reason; it never raises for a bad record.

JSONL lines go through :func:`counterclaim.io.readers.read_jsonl`, the very reader
``counterclaim analyze`` uses, so ids and metadata match the single-process run.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

from ..corpus.html import try_decode
from ..dates import parse_date
from ..io.readers import MAX_ARTICLE_CHARS, InputFailure, read_jsonl

Item = tuple[str, dict[str, Any]]
META_FIELDS = ("title", "url", "outlet", "published")
HTML_TYPES = ("text/html", "application/xhtml+xml")
UNKNOWN_DATE = "unknown"

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def failure(source: str, stage: str, reason: str, id: str | None = None) -> Item:
    return ("failure", {"source": source, "id": id, "stage": stage, "reason": reason})


def article(source: str, text: str, id: str | None = None, **meta: Any) -> Item:
    fields: dict[str, Any] = {"source": source, "text": text, "id": id}
    for key in META_FIELDS:
        value = meta.get(key)
        fields[key] = None if value in (None, "") else str(value)
    return ("article", fields)


def pub_date(published: str | None, fallback: str | None = None) -> str:
    """``YYYY-MM-DD`` of the publication date (read as the corpus reads it), else of
    ``fallback`` (e.g. the WARC crawl date), else ``"unknown"``: the partition value."""
    return parse_date(published) or parse_date(fallback) or UNKNOWN_DATE


# --- JSONL ------------------------------------------------------------------------------

def maybe_gunzip(data: bytes, source: str) -> bytes:
    if source.endswith(".gz") or data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    return data


def jsonl_items(data: bytes, source: str) -> Iterator[Item]:
    """One article per line, read exactly as ``counterclaim analyze`` reads it."""
    try:
        data = maybe_gunzip(data, source)
    except (OSError, EOFError, zlib.error) as exc:
        yield failure(source, "read", f"cannot be decompressed ({exc})")
        return
    for item in read_jsonl(data.splitlines(), source):
        if isinstance(item, InputFailure):
            yield failure(item.source, "read", item.error.message)
        else:
            yield article(item.source, item.text, item.id, **item.meta)


# --- HTML -----------------------------------------------------------------------------

def _declared_charset(content_type: str | None, head: bytes) -> str | None:
    if content_type:
        m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.I)
        if m:
            return m.group(1)
    m = _CHARSET_RE.search(head[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode HTML bytes as the corpus does: the declared charset (HTTP header or
    ``<meta>``), else UTF-8, else cp1252; raise ``ValueError`` with a reason when
    none of them decodes the bytes (or they hold NUL bytes: binary content)."""
    charset = _declared_charset(content_type, data)
    if b"\x00" in data[:4096] and not (charset or "").lower().startswith("utf-16"):
        raise ValueError("undecodable HTML: NUL bytes (binary content)")
    text = try_decode(data, charset)
    if text is None:
        raise ValueError(f"undecodable HTML: not valid {charset or 'UTF-8'}, UTF-8 or cp1252")
    return text


def html_fields(html: str, url: str | None = None) -> dict[str, Any]:
    """Main text and metadata of a page (trafilatura), or ``ValueError``.

    Uses the corpus's HTML extraction when the corpus package provides one, so an
    article read by Spark and by ``counterclaim ingest`` gets the same text and id.
    """
    shared = _corpus_html_extractor()
    if shared is not None:
        return shared(html, url)
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ValueError("no main text found in the HTML")
    outlet = getattr(doc, "sitename", None) or getattr(doc, "hostname", None)
    return {"text": text, "title": getattr(doc, "title", None), "outlet": outlet,
            "published": getattr(doc, "date", None), "url": url}


def _corpus_html_extractor() -> Any:
    """Adapter: the corpus engineer's HTML → fields function, if it exists."""
    try:
        from ..corpus import html as corpus_html  # type: ignore[attr-defined]
    except ImportError:
        return None
    fn = getattr(corpus_html, "extract_fields", None)
    return fn if callable(fn) else None


def html_item(html: bytes | str, source: str, *, url: str | None = None,
              content_type: str | None = None, id: str | None = None,
              meta: Mapping[str, Any] | None = None,
              fallback: Mapping[str, Any] | None = None) -> Item:
    """One HTML page → an article item (or a failure with its reason).

    As in ``counterclaim ingest``: given ``meta`` wins over the page's metadata,
    ``fallback`` (a WARC record's crawl date) fills what neither has, and the id is
    the given one, else the URL, else (later) the text hash."""
    try:
        text = html if isinstance(html, str) else decode_html(html, content_type)
    except ValueError as exc:
        return failure(source, "decode", str(exc), id)
    try:
        fields = html_fields(text, url)
    except ValueError as exc:
        return failure(source, "html", str(exc), id)
    except Exception as exc:  # noqa: BLE001 - a parser crash is one bad page, not a bad job
        return failure(source, "html", f"HTML extraction failed: {type(exc).__name__}: {exc}",
                       id)
    if len(fields["text"]) > MAX_ARTICLE_CHARS:
        return failure(source, "html", f"text is over the {MAX_ARTICLE_CHARS:,}-character "
                                       "limit for one article", id)
    merged = {k: fields.get(k) for k in META_FIELDS}
    for key, value in (meta or {}).items():  # given metadata wins over extracted
        if value not in (None, ""):
            merged[key] = value
    for key, value in (fallback or {}).items():
        if merged.get(key) in (None, "") and value:
            merged[key] = value
    return article(source, fields["text"], id or merged.get("url"), **merged)


# --- WARC -----------------------------------------------------------------------------

def warc_items(data: bytes, source: str) -> Iterator[Item]:
    """HTML response records of a WARC / .warc.gz file. A record that cannot be read
    ends that file with a failure (the stream cannot be resynchronised safely);
    the records before it are kept."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    is_arc = source.lower().endswith((".arc", ".arc.gz"))
    try:
        stream = ArchiveIterator(io.BytesIO(data))
        for record in stream:
            n += 1
            if str(record.format).startswith("arc") and not is_arc:
                yield failure(f"{source}#{n}", "read", "is not a WARC file (no WARC/1.x "
                                                       "record header)")
                return
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{source}#{url or n}"
            if record.http_headers is not None:
                ctype = record.http_headers.get_header("Content-Type")
                status = record.http_headers.get_statuscode()
                if status and not status.startswith("2"):
                    continue
            else:
                ctype = record.rec_headers.get_header("Content-Type")
            if not ctype or not any(t in ctype.lower() for t in HTML_TYPES):
                continue
            crawled = record.rec_headers.get_header("WARC-Date")
            try:
                payload = record.content_stream().read()
                record.raw_stream.read()
            except Exception as exc:  # noqa: BLE001 - broken chunking / content-encoding
                yield failure(where, "read", f"unreadable WARC payload: {exc}")
                continue
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:  # the file ended inside this record (truncated download)
                yield failure(where, "read", f"truncated WARC record ({missing} bytes "
                                             "missing)")
                continue
            item = html_item(payload, where, url=url, content_type=ctype, id=url,
                             fallback={"published": crawled})
            if item[0] == "article":
                item[1]["crawled"] = crawled
            yield item
    except Exception as exc:  # noqa: BLE001 - truncated gzip, not a WARC, bad headers
        yield failure(f"{source}#{n}", "read",
                      f"unreadable WARC record after {max(n - 1, 0)} record(s): "
                      f"{type(exc).__name__}: {exc}")
        return
    if n == 0:
        yield failure(source, "read", "holds no WARC records")


# --- Parquet / any table row --------------------------------------------------------------

def row_item(row: Mapping[str, Any], source: str) -> Item:
    """A table row with ``id``, ``text`` or ``html`` and optional metadata."""
    rid = row.get("id")
    rid = None if rid in (None, "") else str(rid)
    text = row.get("text")
    meta = {k: row.get(k) for k in META_FIELDS}
    where = f"{source}#{rid}" if rid else source
    if isinstance(text, str) and text.strip():
        if len(text) > MAX_ARTICLE_CHARS:
            return failure(where, "read", f"'text' is over the {MAX_ARTICLE_CHARS:,}-"
                                          "character limit", rid)
        return article(where, text, rid, **meta)
    html = row.get("html")
    if isinstance(html, (str, bytes, bytearray)) and len(html) > 0:
        return html_item(bytes(html) if isinstance(html, bytearray) else html, where,
                         url=meta.get("url"), id=rid, meta=meta)
    return failure(where, "read", "has no non-empty 'text' or 'html' field", rid)


def file_items(data: bytes, source: str) -> Iterator[Item]:
    """Dispatch one whole file by its name: WARC, JSONL, or a single HTML page."""
    name = source.lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        yield from warc_items(data, source)
    elif name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".json")):
        yield from jsonl_items(data, source)
    elif name.endswith((".html", ".htm")):
        yield html_item(data, source)
    else:
        yield failure(source, "read", "unknown input kind; give .warc(.gz), .jsonl(.gz), "
                                      ".html or .parquet")
