"""What the reader layer yields: an article input, a failure, or a URL already stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

MAX_ARTICLE_CHARS = 2_000_000  # larger texts are refused with a clear error
META_FIELDS = ("title", "url", "outlet", "published")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One readable article: its id, text, where it came from (file, line, record or
    URL) and its metadata (``title``, ``url``, ``outlet``, ``published``; a WARC record
    adds ``crawled``)."""

    id: str
    text: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)

    def analyze_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of :meth:`counterclaim.Analyzer.analyze` for it."""
        return {"text": self.text, "id": self.id,
                **{k: self.meta.get(k) for k in META_FIELDS if self.meta.get(k)}}


@dataclass(frozen=True, slots=True)
class InputFailure:
    """A file, record, feed entry or URL that could not be read, and why. ``stage``
    says which step failed: ``read`` (the bytes or the record), ``decode`` (bytes
    that are no text) or ``html`` (a page with no article in it)."""

    source: str
    error: InputError
    stage: str = "read"

    @property
    def message(self) -> str:
        return str(self.error)


@dataclass(frozen=True, slots=True)
class Known:
    """A URL the store already holds: not fetched again (counted as a duplicate)."""

    source: str
    url: str


Item = ArticleInput | InputFailure | Known


def text_id(text: str) -> str:
    """A stable id for an article given without one: hash of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def clean_meta(meta: dict[str, Any] | None) -> dict[str, str]:
    """Metadata as strings, empty values left out."""
    return {k: str(v) for k, v in (meta or {}).items() if v not in (None, "")}
