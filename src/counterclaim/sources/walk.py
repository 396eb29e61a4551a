"""From names to articles: one file's bytes by its kind, paths and directories, URLs.

:func:`read_bytes` reads one named file's bytes (what a Spark task receives);
:func:`read_path` one local file (a WARC and a Parquet file are streamed, not read
whole); :func:`read_url` one http(s) URL; :func:`iter_sources` every SOURCE a
command is given (files, directories recursively, URLs, ``-`` for stdin).
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import EmptyInputError, FetchError, InputError
from .feeds import looks_like_feed, read_feed
from .fetch import Fetched, Fetcher
from .html import decode_html, html_article
from .jsonl import read_jsonl
from .records import ArticleInput, InputFailure, Item, Known, text_id
from .rows import read_parquet
from .stages import failure
from .text import decode_text
from .warc import WARC_SUFFIXES, read_warc

KnownURL = Callable[[str], bool]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
GZ_SUFFIXES = (".txt.gz", ".html.gz", ".htm.gz")  # decompressed, then read by the inner kind
KNOWN_SUFFIXES = (".txt", *GZ_SUFFIXES, *JSONL_SUFFIXES, *HTML_SUFFIXES, *FEED_SUFFIXES, *WARC_SUFFIXES,
                  ".parquet")


def suffix_of(name: str) -> str:
    low = name.lower().rsplit("/", 1)[-1]
    for s in (".warc.gz", ".arc.gz", ".jsonl.gz", *GZ_SUFFIXES):
        if low.endswith(s):
            return s
    return Path(low).suffix


def stem_of(name: str) -> str:
    """The file name without its kind's suffix (an article's id when it has no other)."""
    base = name.rstrip("/").rsplit("/", 1)[-1]
    suffix = suffix_of(base)
    return base[: -len(suffix)] if suffix and base.lower().endswith(suffix) else base


class _Reader:
    """Shared state of one run: the fetcher (made on first use) and the store's
    ``known_url`` (feed entries linking to a stored page are not fetched again)."""

    def __init__(self, fetcher: Fetcher | None, known_url: KnownURL | None,
                 fetch: bool, strict: bool = False) -> None:
        self.fetcher, self.known_url, self.fetch = fetcher, known_url, fetch
        self.strict = strict

    def fetch_link(self, url: str, where: str, meta: dict[str, Any],
                   fallback: dict[str, Any]) -> Iterator[Item]:
        if self.known_url is not None and self.known_url(url):
            yield Known(where, url)  # re-reading a feed does not fetch again
            return
        yield from self.url(url, source=where, allow_feed=False, meta=meta, fallback=fallback)

    def bytes(self, data: bytes, name: str) -> Iterator[Item]:
        suffix = suffix_of(name)
        try:
            if suffix in GZ_SUFFIXES:  # a.txt.gz is read as a.txt, a.html.gz as a.html
                data, suffix = gunzip(data, name), suffix[: -len(".gz")]
            if suffix in WARC_SUFFIXES:
                yield from read_warc(io.BytesIO(data), name)
            elif suffix in JSONL_SUFFIXES:
                if suffix.endswith(".gz") or data[:2] == b"\x1f\x8b":
                    data = gunzip(data, name)
                yield from read_jsonl(data.splitlines(), name)
            elif suffix == ".parquet":
                yield from read_parquet(io.BytesIO(data), name)  # type: ignore[arg-type]
            elif suffix in FEED_SUFFIXES or (suffix not in (".txt", *HTML_SUFFIXES)
                                             and looks_like_feed(data)):
                if not data.strip():
                    raise EmptyInputError("is empty", source=name)
                yield from read_feed(data, name, self.fetch_link if self.fetch else None)
            elif suffix in HTML_SUFFIXES or (suffix != ".txt" and data.lstrip()[:15].lower()
                                             .startswith((b"<!doctype html", b"<html"))):
                yield html_article(decode_html(data, name), source=name, id=stem_of(name))
            elif suffix == ".txt" or name == "<stdin>" or not self.strict:
                # A file named on the command line is text unless its content says
                # otherwise; files found by a glob (Spark) must be of a known kind.
                text = decode_text(data, name)
                yield ArticleInput(id=stem_of(name) if name != "<stdin>" else text_id(text),
                                   text=text, source=name)
            else:
                raise InputError("unknown input kind; give .txt, .jsonl(.gz), .html, a feed "
                                 "(.xml/.rss/.atom), .warc(.gz) or .parquet", source=name)
        except InputError as exc:
            yield failure(name, exc)

    def path(self, path: Path) -> Iterator[Item]:
        source = str(path)
        suffix = suffix_of(path.name)
        if suffix in WARC_SUFFIXES:
            try:
                with path.open("rb") as fh:
                    yield from read_warc(fh, source)
            except OSError as exc:
                yield failure(source, InputError(f"cannot be read ({exc.strerror})",
                                                 source=source))
            return
        if suffix == ".parquet":
            yield from read_parquet(path, source)
            return
        if suffix in (".jsonl", ".ndjson"):  # streamed: a huge file is read a line at a time
            try:
                with path.open("rb") as fh:
                    yield from read_jsonl(fh, source)
            except OSError as exc:
                yield failure(source, InputError(f"cannot be read ({exc.strerror})",
                                                 source=source))
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield failure(source, InputError(f"cannot be read ({exc.strerror})", source=source))
            return
        yield from self.bytes(data, source)

    def url(self, url: str, *, meta: dict[str, Any] | None = None, source: str | None = None,
            allow_feed: bool = True, fallback: dict[str, Any] | None = None) -> Iterator[Item]:
        where = source or url
        if self.fetcher is None:
            self.fetcher = Fetcher()
        try:
            got: Fetched = self.fetcher.get(url)
        except FetchError as exc:
            yield failure(where, exc)
            return
        kind = got.kind
        if kind == "feed" or (kind == "xml" and looks_like_feed(got.body)):
            if allow_feed:
                yield from read_feed(got.body, where, self.fetch_link)
            else:
                yield failure(where, FetchError("a feed entry links to another feed",
                                                source=where))
            return
        try:
            if kind in ("html", "xml"):
                content_type = f"text/html; charset={got.charset}" if got.charset else None
                html = decode_html(got.body, where, content_type)
                yield html_article(html, source=where, url=got.url, meta=meta, id=got.url,
                                   fallback=fallback)
            else:  # text/plain
                text = decode_text(got.body, where)
                yield ArticleInput(id=got.url, text=text, source=where,
                                   meta={**(fallback or {}), "url": got.url, **(meta or {})})
        except InputError as exc:
            yield failure(where, exc)


def read_bytes(data: bytes, name: str, *, fetcher: Fetcher | None = None,
               known_url: KnownURL | None = None, strict: bool = False) -> Iterator[Item]:
    """The articles of one file's bytes, by its name's suffix (the content is sniffed
    when the suffix says nothing; ``strict``: a file of no known kind is a failure,
    not text). Feed entries with only a link are fetched when a ``fetcher`` is given,
    else read from their summary."""
    return _Reader(fetcher, known_url, fetch=fetcher is not None, strict=strict).bytes(
        data, name)


def read_path(path: Path, *, fetcher: Fetcher | None = None,
              known_url: KnownURL | None = None) -> Iterator[Item]:
    """The articles of one local file (see :func:`read_bytes`)."""
    return _Reader(fetcher, known_url, fetch=fetcher is not None).path(path)


def read_url(url: str, fetcher: Fetcher, *, known_url: KnownURL | None = None,
             **kwargs: Any) -> Iterator[Item]:
    """An http(s) URL: an HTML or text page becomes one article; a feed, its entries."""
    return _Reader(fetcher, known_url, fetch=True).url(url, **kwargs)


def iter_sources(sources: Iterable[str], *, fetcher: Fetcher | None = None,
                 known_url: KnownURL | None = None, fetch: bool = True) -> Iterator[Item]:
    """Article inputs from every SOURCE (files, directories, http(s) URLs, ``-``), in
    order, each bad one a failure. ``fetch=False`` reads no URL (a URL SOURCE and a
    feed entry with only a link are then failures or read from their summary).

    ``known_url(url)`` (e.g. :meth:`counterclaim.store.Store.has_url`) says a page is
    already stored: feed entries linking to it are not fetched again and yield
    :class:`Known`. (A URL given as SOURCE is always fetched: it may be a feed.)"""
    reader = _Reader(fetcher, known_url, fetch=fetch)
    for src in sources:
        if src == "-":
            data = sys.stdin.buffer.read()
            if data.lstrip().startswith(b"{"):
                yield from read_jsonl(data.splitlines(), "<stdin>")
            else:
                yield from reader.bytes(data, "<stdin>")
            continue
        if src.startswith(("http://", "https://")):
            if fetch:
                yield from reader.url(src)
            else:
                yield failure(src, FetchError("URLs are read by `counterclaim ingest`; give a "
                                              "file", source=src))
            continue
        if "://" in src:
            yield failure(src, FetchError("only http(s) URLs can be fetched", source=src))
            continue
        path = Path(src)
        if path.is_dir():
            yield from _read_dir(reader, path)
            continue
        if path.is_symlink() and not path.exists():
            yield failure(src, InputError(f"is {_broken_link(path)}", source=src))
            continue
        if not path.exists():
            yield failure(src, InputError("does not exist", source=src))
            continue
        yield from reader.path(path)
    if reader.fetcher is not None and fetcher is None:
        reader.fetcher.close()


def gunzip(data: bytes, name: str) -> bytes:
    """The decompressed bytes of a gzip file, or an :class:`InputError` naming it."""
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot be decompressed ({exc})", source=name) from exc


def walk_dir(root: Path) -> Iterator[Path | InputFailure]:
    """The article files under ``root`` (recursively, sorted, hidden names left out),
    and a failure for each link that leads nowhere: a dangling symbolic link, or a
    link back to a directory already being read (a loop). Links to files and to
    other directories are followed; files of no known kind are passed over."""
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path) -> Iterator[Path | InputFailure]:
        try:
            st = folder.stat()
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield failure(str(folder), InputError(f"cannot be read ({exc.strerror})",
                                                  source=str(folder)))
            return
        seen.add((st.st_dev, st.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child, src = Path(entry.path), entry.path
            if entry.is_symlink() and not child.exists():
                yield failure(src, InputError(f"is {_broken_link(child)}; skipped", source=src))
            elif child.is_dir():
                cst = child.stat()
                if (cst.st_dev, cst.st_ino) not in seen:
                    yield from visit(child)
                elif entry.is_symlink():
                    yield failure(src, InputError(
                        f"is a symbolic link loop (to {os.readlink(child)}, a directory "
                        "already read); skipped", source=src))
            elif child.is_file() and suffix_of(entry.name) in KNOWN_SUFFIXES:
                yield child

    yield from visit(root)


def _broken_link(link: Path) -> str:
    """What is wrong with a symbolic link that leads to no file."""
    try:
        link.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"a symbolic link loop (to {os.readlink(link)})"
    return f"a dangling symbolic link (to {os.readlink(link)}, which does not exist)"


def _read_dir(reader: _Reader, path: Path) -> Iterator[Item]:
    src, found = str(path), False
    for child in walk_dir(path):
        if isinstance(child, InputFailure):
            yield child
            continue
        found = True
        yield from reader.path(child)
    if not found:
        yield failure(src, InputError(
            "is a directory with no articles in it (.txt, .txt.gz, .jsonl, .html, feeds, "
            "WARC or Parquet files)", source=src))
