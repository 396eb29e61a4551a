"""One reader layer: every input kind, for ``analyze``, ``ingest`` and Spark alike.

Bytes become articles (:class:`ArticleInput`: id, text, source, metadata) or
recorded failures (:class:`InputFailure`, never an exception), the same way on
every path, so one input gives the same articles everywhere:

    text      .txt (UTF-8), stdin                         :mod:`.text`
    jsonl     one article a line, ``text`` or ``html``     :mod:`.jsonl` (.jsonl, .jsonl.gz)
    html      a page (trafilatura); one decoding order     :mod:`.html`
    feeds     RSS / Atom; link-only entries fetched        :mod:`.feeds`
    warc      .warc / .warc.gz, one record policy          :mod:`.warc`
    rows      Parquet rows (``id``, ``text`` or ``html``)   :mod:`.rows`
    fetch     http(s) with timeouts, a size cap            :mod:`.fetch`
    walk      names → readers; paths, directories, URLs    :mod:`.walk`

    >>> from counterclaim.sources import iter_sources
    >>> for item in iter_sources(["examples/"]):           # doctest: +SKIP
    ...     print(item.id, item.source)
"""

from .fetch import Fetcher
from .html import extract_fields, fragment_text
from .jsonl import read_jsonl
from .records import (
    MAX_ARTICLE_CHARS,
    META_FIELDS,
    ArticleInput,
    InputFailure,
    Item,
    Known,
    text_id,
)
from .rows import read_row
from .text import decode_text
from .walk import KNOWN_SUFFIXES, iter_sources, read_bytes, read_path, read_url
from .warc import read_warc

__all__ = ["KNOWN_SUFFIXES", "MAX_ARTICLE_CHARS", "META_FIELDS", "ArticleInput", "Fetcher",
           "InputFailure", "Item", "Known", "decode_text", "extract_fields", "fragment_text",
           "iter_sources", "read_bytes", "read_jsonl", "read_path", "read_row", "read_url",
           "read_warc", "text_id"]
