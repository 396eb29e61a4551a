"""``counterclaim load DIR --db PATH``: bring a Spark output into the SQLite corpus.

Reads the Stage 1 ``articles`` and ``failures`` tables with pyarrow (no Spark, no
Java needed; any file system pyarrow reads: local, ``s3://``, ``gs://``, HDFS),
rebuilds each :class:`~counterclaim.records.Analysis` from its lossless ``analysis``
column, and stores it through the store's public API (:meth:`Store.add`,
:meth:`Store.record_failure`), one transaction per article. The store links
duplicates, syndicated copies, speakers and propositions itself, in the same
ingest order Stage 2 assumes (publication date, ``published``, id), so ``serve``
and the query commands then show what Stage 2 found. Loading twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .serial import loads_analysis

_COLS = ["id", "source", "text", "analysis", "published", "published_date"]


@dataclass
class LoadSummary:
    ingested: int = 0
    duplicates: int = 0
    syndicated: int = 0
    failures: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ingested": self.ingested, "duplicates": self.duplicates,
                "syndicated": self.syndicated, "failures": self.failures,
                "errors": self.errors[:20]}


def _dataset(path: str) -> Any:
    import pyarrow.dataset as ds

    return ds.dataset(path, format="parquet", partitioning="hive")


def _partitions(path: str) -> list[str]:
    """The ``pub_date`` values of a table, in order (``unknown`` last)."""
    import pyarrow.compute as pc

    dates = pc.unique(_dataset(path).to_table(columns=["pub_date"])["pub_date"]).to_pylist()
    return sorted((str(d) for d in dates if d is not None),
                  key=lambda d: (d == "unknown", d))


def iter_articles(out: str) -> Iterator[dict[str, Any]]:
    """Stage 1 article rows in ingest order, one ``pub_date`` partition at a time."""
    import pyarrow.dataset as ds

    path = f"{out.rstrip('/')}/articles"
    data = _dataset(path)
    for day in _partitions(path):
        rows = data.to_table(columns=_COLS, filter=ds.field("pub_date") == day).to_pylist()
        rows.sort(key=lambda r: (r["published_date"] or "9999-99-99", r["published"] or "",
                                 r["id"]))
        yield from rows


def load(out: str, db: str, *, progress: Callable[[int], None] | None = None
         ) -> LoadSummary:
    """Store every article (and failure) of the Spark output ``out`` in corpus ``db``."""
    from ..store import Store

    summary = LoadSummary()
    with Store(db) as store:
        for n, row in enumerate(iter_articles(out), 1):
            try:
                analysis = loads_analysis(row["analysis"], row["text"])
            except (ValueError, KeyError, TypeError) as exc:
                summary.errors.append(f"{row['source']}: cannot rebuild the analysis ({exc})")
                store.record_failure(row["source"], f"load: cannot rebuild the analysis ({exc})")
                continue
            result = store.add(analysis, source=row["source"])
            if result.status == "duplicate":
                summary.duplicates += 1
            elif result.status == "syndicated":
                summary.syndicated += 1
            else:
                summary.ingested += 1
            if progress:
                progress(n)
        try:
            failures = _dataset(f"{out.rstrip('/')}/failures").to_table().to_pylist()
        except (FileNotFoundError, OSError):
            failures = []
        for f in failures:
            store.record_failure(f["source"], f"{f['stage']}: {f['reason']}")
            summary.failures += 1
    return summary
