"""HTML → article fields (trafilatura), shared by ``counterclaim ingest`` and the Spark job.

:func:`extract_fields` is the one place a page becomes text and metadata, so an
article read by either path gets the same text (and so the same fingerprint).
"""

from __future__ import annotations

from typing import Any

# Fewer words than this after boilerplate removal is a menu or an error page, not a story.
MIN_HTML_WORDS = 15


def try_decode(data: bytes, charset: str | None = None) -> str | None:
    """HTML bytes as text: the declared charset, else UTF-8, else cp1252; None when
    none of them decodes the bytes. Ingest and the Spark path share this order
    (ingest then falls back to replacement characters, Spark records a failure)."""
    for enc in (charset, "utf-8", "cp1252"):
        if not enc:
            continue
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def extract_fields(html: str, url: str | None = None) -> dict[str, Any]:
    """``{"text", "title", "outlet", "published", "url"}`` of a news page; navigation,
    footers and cookie notices are dropped. Raises ``ValueError`` when the page holds
    no article text (fewer than :data:`MIN_HTML_WORDS` words remain)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    found = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (found.get("text") or "").strip()
    if len(text.split()) < MIN_HTML_WORDS:
        raise ValueError("no article text found in the HTML (only boilerplate?)")
    return {"text": text + "\n", "title": found.get("title") or None,
            "outlet": found.get("sitename") or found.get("hostname") or None,
            "published": found.get("date") or None, "url": url or found.get("url") or None}
