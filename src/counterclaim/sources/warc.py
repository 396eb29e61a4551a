"""WARC / .warc.gz: the HTML pages of a web crawl, one record policy everywhere.

A record is an article when it is a ``response`` (or ``resource``) record whose
content type is HTML and, for a response, whose HTTP status is 2xx; other records
(images, scripts, redirects, request and metadata records) are read through and
skipped. The page's id is its target URI, its crawl date (``WARC-Date``) the
published date when the page gives none. A record that cannot be read — a file cut
inside it, broken chunking — ends the file with one failure; the articles before it
are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from ..errors import FetchError, InputError
from .html import decode_html, html_article
from .records import Item
from .stages import failure

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


class _Damage:
    """Counts the records warcio finds not followed by a blank line (a wrong
    ``Content-Length``) instead of letting it print a warning on stderr for each."""

    def __init__(self) -> None:
        self.count, self.first = 0, None

    def format(self, offset: object, remainder: object) -> str:  # warcio's INC_RECORD.format
        self.count += 1
        self.first = offset if self.first is None else self.first
        return ""


def _archive(stream: IO[bytes], damage: _Damage) -> Any:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(stream)
    it.INC_RECORD = damage  # warcio writes INC_RECORD.format(...) to stderr
    return it


def _reason(exc: Exception, n: int) -> str:
    if isinstance(exc, AttributeError):  # warcio on a record missing a header it needs
        return f"record {n + 1} is malformed (a required WARC header such as " \
               "WARC-Target-URI is missing)"
    said = "".join(c if c.isprintable() else "?" for c in str(exc).strip()[:120])
    return f"{type(exc).__name__}: {said}"


def read_warc(stream: IO[bytes], source: str) -> Iterator[Item]:
    """Articles of the WARC file read from ``stream`` (named ``source``)."""
    found = n = 0
    damage = _Damage()
    is_arc = source.lower().endswith((".arc", ".arc.gz"))
    try:
        for n, rec in enumerate(_archive(stream, damage), 1):  # noqa: B007 - n used after
            if str(rec.format).startswith("arc") and not is_arc:
                raise ValueError("not a WARC file (no WARC/1.x record header)")
            if not rec.rec_type:
                raise ValueError(f"record {n} has no WARC-Type header")
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            http = rec.http_headers
            ctype = ((http.get_header("Content-Type") if http is not None
                      else rec.rec_headers.get_header("Content-Type")) or "")
            status = http.get_statuscode() if http is not None else "200"
            wanted = (rec.rec_type in ("response", "resource")
                      and any(t in ctype.lower() for t in HTML_TYPES)
                      and str(status).startswith("2"))
            data = rec.content_stream().read() if wanted else b""
            while rec.raw_stream.read(65536):  # read through, so a cut file is noticed
                pass
            missing = getattr(rec.raw_stream, "limit", 0) or 0
            if missing > 0:
                # warcio ends a cut gzip member quietly; the record's declared length
                # is what shows the file was truncated.
                raise EOFError(f"record {n} is truncated ({missing} bytes missing)")
            if not wanted:
                continue
            found += 1
            where = f"{source}#{uri or n}"
            crawled = rec.rec_headers.get_header("WARC-Date")
            try:
                html = decode_html(data, where, ctype)
                art = html_article(html, source=where, url=uri, id=uri,
                                   fallback={"published": crawled})
                if crawled:
                    art.meta["crawled"] = crawled
                yield art
            except InputError as exc:
                yield failure(where, exc)
    except Exception as exc:  # noqa: BLE001 - truncated gzip, not a WARC, bad headers
        # (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError, OSError …)
        kept = f"; the {found} article(s) before record {n + 1} are kept" if found else ""
        yield failure(source, FetchError(
            f"is not a readable WARC file: {_reason(exc, n)}{kept}", source=source))
        return
    if damage.count:
        kept = f"; the {found} article(s) read are kept" if found else ""
        yield failure(source, FetchError(
            f"is damaged: {damage.count} record(s) have a wrong Content-Length (the first "
            f"at byte {damage.first}){kept}", source=source))
    elif not found:
        yield failure(source, FetchError("holds no HTML response records", source=source))
