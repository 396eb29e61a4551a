"""Table rows (Parquet, or any table a Spark job reads): ``id``, ``text`` or ``html``,
optional ``title``, ``url``, ``outlet``, ``published``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, RecordError
from .html import decode_html, html_article
from .records import MAX_ARTICLE_CHARS, META_FIELDS, ArticleInput, InputFailure, clean_meta, text_id
from .stages import failure

ROW_FIELDS = ("id", "text", "html", *META_FIELDS)


def read_row(row: Mapping[str, Any], source: str) -> ArticleInput | InputFailure:
    """One row → an article (``source#id`` names it) or a failure with its reason."""
    rid = row.get("id")
    rid = None if rid in (None, "") else str(rid)
    where = f"{source}#{rid}" if rid else source
    meta = clean_meta({k: row.get(k) for k in META_FIELDS})
    text, html = row.get("text"), row.get("html")
    try:
        if isinstance(text, str) and text.strip():
            if len(text) > MAX_ARTICLE_CHARS:
                raise RecordError(f"'text' is over the {MAX_ARTICLE_CHARS:,}-character limit",
                                  source=where)
            return ArticleInput(id=rid or text_id(text), text=text, source=where, meta=meta)
        if isinstance(html, (bytes, bytearray)) and html.strip():
            html = decode_html(bytes(html), where)
        if isinstance(html, str) and html.strip():
            return html_article(html, source=where, url=meta.get("url"), meta=meta, id=rid)
        raise RecordError("has no non-empty 'text' or 'html' field", source=where)
    except InputError as exc:
        return failure(where, exc)


def read_parquet(path: Path | IO[bytes], source: str) -> Iterator[ArticleInput | InputFailure]:
    """Rows of a Parquet file (a local path or a binary stream; needs pyarrow), a batch
    at a time."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield failure(source, InputError("reading Parquet needs pyarrow: pip install "
                                         "'counterclaim[corpus]'", source=source))
        return
    try:
        f = pq.ParquetFile(str(path) if isinstance(path, Path) else path)
        cols = [c for c in ROW_FIELDS if c in f.schema_arrow.names]
        for batch in f.iter_batches(batch_size=256, columns=cols):
            for row in batch.to_pylist():
                yield read_row(row, source)
    except (OSError, ValueError) as exc:
        yield failure(source, InputError(f"is not a readable Parquet file ({exc})",
                                         source=source))
