"""Ingest: sources → articles → analysis (the worker pool) → the store (this process).

Before analysing an article we ask the store whether it is already there (same URL
or normalised text: a duplicate, skipped) or a syndicated copy of a stored article
(stored as a copy without analysis). Everything else is analysed by
:func:`counterclaim.runner.run_stream` (``jobs > 1``: worker processes that each
hold the spaCy pipeline) and written by this process in input order, one
transaction per article. A run killed at any moment and started again therefore
loses nothing and duplicates nothing.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..link.copies import Fingerprint
from ..records import Analysis, Article
from ..runner import run_stream
from ..sources import ArticleInput, Fetcher, InputFailure, Item, Known, iter_sources
from ..store import DEFAULT_DB, AddResult, Store

MAX_LISTED_FAILURES = 50


@dataclass
class IngestSummary:
    """What a run did. ``failures`` lists (source, reason) pairs (the first 50 kept)."""

    ingested: int = 0
    duplicates: int = 0
    syndicated: int = 0
    failed: int = 0
    statements: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.ingested + self.duplicates + self.syndicated + self.failed

    def to_dict(self) -> dict[str, Any]:
        rate = self.seen / self.seconds if self.seconds else None
        return {"ingested": self.ingested, "duplicates": self.duplicates,
                "syndicated": self.syndicated, "failed": self.failed,
                "statements": self.statements, "seconds": round(self.seconds, 2),
                "articles_per_second": round(rate, 2) if rate else None,
                "failures": [{"source": s, "reason": r} for s, r in self.failures]}


def _article_of(item: ArticleInput) -> Article:
    """The article record as the analyser will see it (title/Source lines read from
    plain text), so the fingerprint covers the story text only."""
    from ..extract.metadata import read_article

    m = item.meta
    art = read_article(item.text, id=item.id, title=m.get("title"), outlet=m.get("outlet"),
                       url=m.get("url"), published=m.get("published"))
    if not art.outlet and art.url:
        host = urlsplit(art.url).hostname or ""
        art = dataclasses.replace(art, outlet=host.removeprefix("www.") or None)
    return art


def _kwargs(art: Article) -> dict[str, Any]:
    return {"text": art.text, "id": art.id, "title": art.title, "outlet": art.outlet,
            "url": art.url, "published": art.published}


@dataclass
class _Pending:
    item: ArticleInput
    article: Article
    fp: Fingerprint

    def __str__(self) -> str:  # the source a failure is recorded under
        return self.item.source


class _Run:
    def __init__(self, store: Store, on_event: Callable[[str, str, IngestSummary], None] | None
                 ) -> None:
        self.store, self.on_event = store, on_event
        self.summary = IngestSummary()
        self.in_flight: set[str] = set()  # text hashes and URL keys not yet written

    def event(self, kind: str, source: str) -> None:
        if self.on_event:
            self.on_event(kind, source, self.summary)

    def fail(self, source: str, reason: str) -> None:
        if not reason.startswith(source):  # an analysis failure: name the file it came from
            reason = f"{source}: {reason}"
        self.store.record_failure(source, reason)
        self.summary.failed += 1
        if len(self.summary.failures) < MAX_LISTED_FAILURES:
            self.summary.failures.append((source, reason))
        self.event("failed", source)

    def count(self, res: AddResult, source: str) -> None:
        if res.status == "ingested":
            self.summary.ingested += 1
            self.summary.statements += res.statements
        elif res.status == "syndicated":
            self.summary.syndicated += 1
        else:
            self.summary.duplicates += 1
        self.event(res.status, source)

    def to_analyse(self, items: Iterable[Item]) -> Iterator[tuple[_Pending, dict[str, Any]]]:
        """The articles that need analysis; failures, duplicates and copies of stored
        articles are dealt with here, as they are read."""
        for item in items:
            if isinstance(item, InputFailure):
                self.fail(item.source, item.message)
                continue
            if isinstance(item, Known):
                self.summary.duplicates += 1
                self.event("duplicate", item.source)
                continue
            art = _article_of(item)
            fp = Fingerprint.of(art.body.text, art.url)
            keys = {fp.text_hash, fp.url_key} - {None}
            dup = None if keys & self.in_flight else self.store.find_duplicate(fp)
            if dup is not None or keys & self.in_flight:
                if dup is not None:
                    self.store.complete(dup, art, fp)  # a URL or date the first copy lacked
                self.summary.duplicates += 1
                self.event("duplicate", item.source)
                continue
            original = self.store.find_original(fp)
            if original is not None:  # a copy of a stored article: no analysis spent on it
                self.count(self.store.add(art, source=item.source, fingerprint=fp,
                                          copy_of=original), item.source)
                continue
            # (A copy of an article still in flight is recognised when it is written.)
            self.in_flight |= keys
            yield _Pending(item, art, fp), _kwargs(art)

    def write(self, p: _Pending, res: Analysis | Any) -> None:
        self.in_flight -= {p.fp.text_hash, p.fp.url_key} - {None}
        if not isinstance(res, Analysis):
            self.fail(p.item.source, res.message)
            return
        self.count(self.store.add(res, source=p.item.source, fingerprint=p.fp), p.item.source)


def ingest(sources: Iterable[str], *, db: str | Store = DEFAULT_DB, jobs: int = 1,
           model: str | None = None, fetcher: Fetcher | None = None,
           progress: bool = False,
           on_event: Callable[[str, str, IngestSummary], None] | None = None,
           analyse: Callable[[Any, Callable[[Any], Iterator[Any]]], Iterator[Any]] | None = None,
           ) -> IngestSummary:
    """Ingest every SOURCE (files, directories, feeds, WARCs, URLs) into the store ``db``.

    ``jobs`` worker processes analyse articles (1: in this process); ``progress``
    shows a rich progress bar on stderr; ``on_event(kind, source, summary)`` is
    called after each input (kind: ingested | duplicate | syndicated | failed).
    ``analyse(jobs, run)``, when given, yields the ``(pending, result)`` pairs in
    place of ``run(jobs)`` (the worker pool), e.g. an evaluation's cache of readings
    (:class:`counterclaim.runner.ReadingCache`). Returns an
    :class:`IngestSummary`.
    """
    store = db if isinstance(db, Store) else Store(db)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    bar = _progress() if progress else None
    handler = on_event
    if bar is not None:
        bar.start()
        task = bar.add_task("ingesting", total=None)

        def handler(kind: str, source: str, s: IngestSummary) -> None:
            bar.update(task, completed=s.seen, description=(
                f"ingested {s.ingested} · duplicates {s.duplicates} · copies {s.syndicated} · "
                f"failed {s.failed}"))
            if on_event:
                on_event(kind, source, s)
    run = _Run(store, handler)
    start = time.perf_counter()
    try:
        items = iter_sources(sources, fetcher=fetcher, known_url=store.has_url)
        def pool(jobs_in: Any) -> Iterator[Any]:
            return run_stream(jobs_in, model=model, jobs=jobs, window=jobs * 4)

        todo = run.to_analyse(items)
        stream = analyse(todo, pool) if analyse is not None else pool(todo)
        for pending, result in stream:
            run.write(pending, result)
    finally:
        if bar is not None:
            bar.stop()
        if own_fetcher:
            fetcher.close()
        if not isinstance(db, Store):
            store.close()
    run.summary.seconds = time.perf_counter() - start
    return run.summary


def _progress() -> Any:
    from rich.console import Console
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=Console(file=sys.stderr),
                    transient=False)
