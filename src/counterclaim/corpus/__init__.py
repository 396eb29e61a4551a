"""A corpus of articles: ingest from files, feeds, WARCs and URLs; link across articles.

``counterclaim.corpus.linking`` is pure (standard library only) and safe to import
anywhere, e.g. in Spark executors. :func:`ingest` and :class:`Corpus` pull in the
store and the readers lazily, so importing this package stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Corpus", "IngestSummary", "ingest"]


def __getattr__(name: str) -> Any:  # lazy: keep `import counterclaim.corpus.linking` light
    if name in ("ingest", "IngestSummary"):
        from .ingester import IngestSummary, ingest

        return {"ingest": ingest, "IngestSummary": IngestSummary}[name]
    if name == "Corpus":
        from ..store import Store

        return Store
    raise AttributeError(name)
