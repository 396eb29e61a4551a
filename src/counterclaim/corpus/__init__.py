"""A corpus of articles: ingest from files, feeds, WARCs and URLs; export what it holds.

:func:`ingest` reads sources (:mod:`counterclaim.sources`), analyses the articles in
the worker pool (:mod:`counterclaim.runner`) and writes them to the store
(:class:`counterclaim.store.Store`), which links them with :mod:`counterclaim.link`;
:mod:`.export` writes statements and disputes out. Imports are lazy, so importing
this package stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Corpus", "IngestSummary", "ingest"]


def __getattr__(name: str) -> Any:
    if name in ("ingest", "IngestSummary"):
        from .ingester import IngestSummary, ingest

        return {"ingest": ingest, "IngestSummary": IngestSummary}[name]
    if name == "Corpus":
        from ..store import Store

        return Store
    raise AttributeError(name)
