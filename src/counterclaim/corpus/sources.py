"""Every SOURCE kind ``counterclaim ingest`` reads, turned into article inputs.

:func:`iter_sources` yields :class:`~counterclaim.io.readers.ArticleInput` for each
article found and :class:`~counterclaim.io.readers.InputFailure` for each file,
record, feed entry or URL that could not be read, so one bad input never stops a
run. Kinds: .txt, .html/.htm (trafilatura), .jsonl (``text`` or ``html``), RSS/Atom
feeds (feedparser; link-only entries are fetched), WARC/.warc.gz (warcio), http(s)
URLs (:mod:`.fetch`), and directories of these, recursively.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BinaryInputError, EmptyInputError, FetchError, InputError, RecordError
from ..io.readers import (
    MAX_ARTICLE_CHARS,
    ArticleInput,
    InputFailure,
    decode_text,
    read_text_file,
    text_id,
)
from .fetch import Fetched, Fetcher
from .html import extract_fields, try_decode


@dataclass(frozen=True, slots=True)
class Known:
    """A URL the store already holds: not fetched again (counted as a duplicate)."""

    source: str
    url: str


Item = ArticleInput | InputFailure | Known
KnownURL = Callable[[str], bool]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
WARC_SUFFIXES = (".warc", ".warc.gz")
KNOWN_SUFFIXES = (".txt", ".jsonl", *HTML_SUFFIXES, *FEED_SUFFIXES, *WARC_SUFFIXES)
# A feed entry whose content (as text) is shorter than this is a teaser: fetch its link.
FULL_CONTENT_CHARS = 400
_META = ("title", "url", "outlet", "published")


def _fail(source: str, exc: InputError) -> InputFailure:
    return InputFailure(source, exc)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in (".warc.gz",):
        if name.endswith(s):
            return s
    return path.suffix.lower()


# --- HTML ----------------------------------------------------------------------------

def decode_html(data: bytes, source: str, charset: str | None = None) -> str:
    """Bytes of an HTML page as text: the declared charset, else UTF-8, else cp1252."""
    if not data.strip():
        raise EmptyInputError("is empty", source=source)
    if b"\x00" in data[:4096]:
        raise BinaryInputError("looks binary (NUL bytes), not HTML", source=source)
    if not charset:
        m = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", data[:4096], re.IGNORECASE)
        charset = m.group(1).decode("ascii", "replace") if m else None
    text = try_decode(data, charset)
    return text if text is not None else data.decode("utf-8", errors="replace")


def html_article(html: str, *, source: str, url: str | None = None,
                 meta: dict[str, Any] | None = None, id: str | None = None,
                 fallback: dict[str, Any] | None = None) -> ArticleInput:
    """Main text, title, date and site name of an HTML page (trafilatura); boilerplate
    (navigation, footers, cookie notices) is dropped. Given ``meta`` wins over the page's;
    ``fallback`` fills what neither has (a WARC record's crawl date)."""
    try:
        fields = extract_fields(html, url)
    except ValueError as exc:
        raise InputError(str(exc), source=source) from exc
    text = fields.pop("text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"article text is over the {MAX_ARTICLE_CHARS:,}-character limit",
                         source=source)
    out: dict[str, Any] = fields
    out.update({k: v for k, v in (meta or {}).items() if v not in (None, "")})
    for k, v in (fallback or {}).items():
        if out.get(k) in (None, "") and v:
            out[k] = v
    out = {k: v for k, v in out.items() if v not in (None, "")}
    return ArticleInput(id=id or out.get("url") or text_id(text), text=text,
                        source=source, meta=out)


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


# --- JSON Lines ----------------------------------------------------------------------

def read_jsonl(lines: Iterable[bytes], source: str) -> Iterator[Item]:
    """One article per line with ``text`` or ``html``; a bad line is a failure."""
    seen = False
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        seen = True
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            yield _fail(where, RecordError("is not valid UTF-8", source=source, line=lineno))
            continue
        except json.JSONDecodeError as exc:
            yield _fail(where, RecordError(f"is not valid JSON ({exc.msg} at column {exc.colno})",
                                           source=source, line=lineno))
            continue
        if not isinstance(obj, dict):
            yield _fail(where, RecordError("is not a JSON object", source=source, line=lineno))
            continue
        meta = {k: str(obj[k]) for k in _META if obj.get(k) not in (None, "")}
        rid = str(obj["id"]) if obj.get("id") not in (None, "") else None
        text, html = obj.get("text"), obj.get("html")
        try:
            if isinstance(text, str) and text.strip():
                if len(text) > MAX_ARTICLE_CHARS:
                    raise RecordError(f"'text' is over the {MAX_ARTICLE_CHARS:,}-character limit",
                                      source=source, line=lineno)
                yield ArticleInput(id=rid or text_id(text), text=text, source=where, meta=meta)
            elif isinstance(html, str) and html.strip():
                yield html_article(html, source=where, url=meta.get("url"), meta=meta, id=rid)
            else:
                raise RecordError("has no non-empty 'text' or 'html' field", source=source,
                                  line=lineno)
        except InputError as exc:
            yield _fail(where, exc)
    if not seen:
        yield _fail(source, EmptyInputError("is empty; give one JSON object per line",
                                            source=source))


# --- feeds ---------------------------------------------------------------------------

def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return (head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")
            or head.startswith(b"<rdf")) and (b"<rss" in head or b"<feed" in head
                                              or b"<rdf" in head or b"<channel" in head)


def read_feed(data: bytes, source: str, fetcher: Fetcher | None,
              known_url: KnownURL | None = None) -> Iterator[Item]:
    """Entries of an RSS/Atom feed: full content as is, link-only entries fetched."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        detail = f" ({type(why).__name__}: {why})" if why else ""
        yield _fail(source, FetchError(f"is not a readable RSS/Atom feed or has no entries{detail}",
                                       source=source))
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
        if link and link.startswith(("http://", "https://")) and fetcher is not None:
            if known_url is not None and known_url(link):
                yield Known(where, link)  # re-reading a feed does not fetch again
                continue
            # The page's own site name beats the feed's title ("X - World") as outlet.
            yield from read_url(link, fetcher, source=where, allow_feed=False,
                                meta={k: v for k, v in meta.items() if k != "outlet"},
                                fallback={"outlet": outlet})
            continue
        summary = fragment_text(e.get("summary") or "") or text
        if summary.strip():
            yield ArticleInput(id=eid or text_id(summary), text=summary + "\n", source=where,
                               meta=meta)
        else:
            yield _fail(where, FetchError("feed entry has no content and no http(s) link",
                                          source=where))


# --- WARC ----------------------------------------------------------------------------

def read_warc(path: Path, source: str) -> Iterator[Item]:
    """HTML ``response`` records of a WARC / .warc.gz file, as in a news crawl."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        with path.open("rb") as fh:
            for n, rec in enumerate(ArchiveIterator(fh), 1):
                if not rec.rec_type:
                    raise ValueError(f"record {n} has no WARC-Type header")
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                where = f"{source}#{uri or n}"
                http = rec.http_headers
                ctype = (http.get_header("Content-Type") if http else "") or ""
                status = http.get_statuscode() if http else "200"
                wanted = (rec.rec_type == "response" and "html" in ctype.lower()
                          and str(status).startswith("2"))
                # Images, scripts, redirects: not articles, not failures (but read through
                # them, so a file cut inside one is still noticed).
                data = rec.content_stream().read() if wanted else b""
                while rec.raw_stream.read(65536):
                    pass
                if getattr(rec.raw_stream, "limit", 0) > 0:
                    # warcio ends a cut gzip member quietly; the record's declared
                    # length is what shows the file was truncated.
                    raise EOFError(f"record {n} is truncated ({rec.raw_stream.limit} bytes "
                                   "missing)")
                if not wanted:
                    continue
                found += 1
                try:
                    html = decode_html(data, where, _charset(ctype))
                    date = rec.rec_headers.get_header("WARC-Date")
                    yield html_article(html, source=where, url=uri, id=uri,
                                       fallback={"published": date})
                except InputError as exc:
                    yield _fail(where, exc)
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError,
            OSError) as exc:
        yield _fail(source, FetchError(f"is not a readable WARC file ({type(exc).__name__}: "
                                       f"{str(exc).strip()[:160]})", source=source))
        return
    if not found:
        yield _fail(source, FetchError("holds no HTML response records", source=source))


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=([\w-]+)", content_type or "", re.IGNORECASE)
    return m.group(1) if m else None


# --- URLs ----------------------------------------------------------------------------

def read_url(url: str, fetcher: Fetcher, *, meta: dict[str, Any] | None = None,
             source: str | None = None, allow_feed: bool = True,
             known_url: KnownURL | None = None,
             fallback: dict[str, Any] | None = None) -> Iterator[Item]:
    """An http(s) URL: an HTML page becomes one article; a feed, its entries."""
    where = source or url
    try:
        got: Fetched = fetcher.get(url)
    except FetchError as exc:
        yield _fail(where, exc)
        return
    kind = got.kind
    if kind == "feed" or (kind == "xml" and looks_like_feed(got.body)):
        if allow_feed:
            yield from read_feed(got.body, where, fetcher, known_url)
        else:
            yield _fail(where, FetchError("a feed entry links to another feed", source=where))
        return
    try:
        if kind in ("html", "xml"):
            html = decode_html(got.body, where, got.charset)
            yield html_article(html, source=where, url=got.url, meta=meta, id=got.url,
                               fallback=fallback)
        else:  # text/plain
            text = decode_text(got.body, where)
            yield ArticleInput(id=got.url, text=text, source=where,
                               meta={**(fallback or {}), "url": got.url, **(meta or {})})
    except InputError as exc:
        yield _fail(where, exc)


# --- dispatch ------------------------------------------------------------------------

def read_path(path: Path, fetcher: Fetcher | None,
              known_url: KnownURL | None = None) -> Iterator[Item]:
    """One file, by suffix (content sniffed when the suffix says nothing)."""
    source = str(path)
    suffix = _suffix(path)
    if suffix in WARC_SUFFIXES:
        yield from read_warc(path, source)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _fail(source, InputError(f"cannot be read ({exc.strerror})", source=source))
        return
    try:
        if suffix == ".jsonl":
            yield from read_jsonl(data.splitlines(), source)
        elif suffix in FEED_SUFFIXES or (suffix not in (".txt", *HTML_SUFFIXES)
                                         and looks_like_feed(data)):
            if not data.strip():
                raise EmptyInputError("is empty", source=source)
            yield from read_feed(data, source, fetcher, known_url)
        elif suffix in HTML_SUFFIXES or (suffix != ".txt"
                                         and data.lstrip()[:15].lower().startswith(
                                             (b"<!doctype html", b"<html"))):
            yield html_article(decode_html(data, source), source=source,
                               id=path.stem)
        else:
            yield read_text_file(path, data)
    except InputError as exc:
        yield _fail(source, exc)


def iter_sources(sources: Iterable[str], *, fetcher: Fetcher | None = None,
                 known_url: KnownURL | None = None) -> Iterator[Item]:
    """Article inputs from every SOURCE (files, directories, URLs), in order.

    ``known_url(url)`` (e.g. the store's :meth:`~counterclaim.store.Store.has_url`)
    says a page is already stored: feed entries linking to it are not fetched again
    and yield :class:`Known`. (A URL given as SOURCE is always fetched: it may be a feed.)
    """
    fetcher = fetcher or Fetcher()  # its HTTP client is made on first use
    for src in sources:
        if src.startswith(("http://", "https://")):
            yield from read_url(src, fetcher, known_url=known_url)
            continue
        if "://" in src:
            yield _fail(src, FetchError("only http(s) URLs can be fetched", source=src))
            continue
        path = Path(src)
        if path.is_dir():
            children = sorted(c for c in path.rglob("*") if c.is_file()
                              and not c.name.startswith(".")
                              and _suffix(c) in KNOWN_SUFFIXES)
            for child in children:
                yield from read_path(child, fetcher, known_url)
            continue
        if not path.exists():
            yield _fail(src, InputError("does not exist", source=src))
            continue
        yield from read_path(path, fetcher, known_url)
