"""Ingest: sources → articles → analysis (in worker processes) → the store (in this one).

Before analysing an article we ask the store whether it is already there (same URL
or normalised text: a duplicate, skipped) or a syndicated copy of a stored article
(stored as a copy without analysis). Everything else is analysed, with ``jobs > 1``
in a pool of worker processes that each load the spaCy pipeline once, and written
by this process in input order, one transaction per article. A run killed at any
moment and started again therefore loses nothing and duplicates nothing.
"""

from __future__ import annotations

import collections
import dataclasses
import multiprocessing as mp
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..io.readers import ArticleInput, InputFailure
from ..link.copies import Fingerprint
from ..records import Analysis, Article
from ..store import DEFAULT_DB, AddResult, Store
from .fetch import Fetcher
from .sources import Known, iter_sources

MAX_LISTED_FAILURES = 50
ANALYSIS_TIMEOUT_S = 600  # one article; far above the slowest seen (seconds)


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


# --- analysis workers ----------------------------------------------------------------

_ANALYZER: Any = None


def _init_worker(model: str | None, watch_parent: bool = False) -> None:
    global _ANALYZER
    from ..pipeline import Analyzer

    if watch_parent:
        _watch_parent()
    _ANALYZER = Analyzer(model)


def _watch_parent() -> None:
    """Exit when the parent dies: a parent killed with SIGKILL cannot stop its pool,
    and an orphaned worker would otherwise wait on its task queue forever."""
    import os
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="counterclaim-parent-watch", daemon=True).start()


def _analyze(kwargs: dict[str, Any]) -> Analysis | str:
    """Analysis, or the one-line reason it failed (a bad article must not end the run)."""
    try:
        return _ANALYZER.analyze(**kwargs)
    except Exception as exc:  # noqa: BLE001
        return "analysis failed: " + traceback.format_exception_only(type(exc), exc)[-1].strip()


# --- the run -------------------------------------------------------------------------

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
    result: Any  # AsyncResult, or an Analysis/str computed in-process


class _Run:
    def __init__(self, store: Store, jobs: int, model: str | None,
                 on_event: Callable[[str, str, IngestSummary], None] | None) -> None:
        self.store, self.jobs, self.model, self.on_event = store, jobs, model, on_event
        self.summary = IngestSummary()
        self.pool: Any = None
        self.window: collections.deque[_Pending] = collections.deque()
        self.in_flight: set[str] = set()  # text hashes and URL keys not yet written
        self.lost = False  # a task never answered: the pool cannot be joined cleanly

    def event(self, kind: str, source: str) -> None:
        if self.on_event:
            self.on_event(kind, source, self.summary)

    def fail(self, source: str, reason: str) -> None:
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

    def analyse(self, art: Article) -> Any:
        if self.jobs <= 1:
            if _ANALYZER is None:
                _init_worker(self.model)  # loaded on first need: a re-run of dups skips it
            return _analyze(_kwargs(art))
        if self.pool is None:
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() \
                else mp.get_context()
            self.pool = ctx.Pool(self.jobs, initializer=_init_worker,
                                 initargs=(self.model, True))
        return self.pool.apply_async(_analyze, (_kwargs(art),))

    def take(self, item: ArticleInput | InputFailure | Known) -> None:
        if isinstance(item, InputFailure):
            self.fail(item.source, item.message)
            return
        if isinstance(item, Known):
            self.summary.duplicates += 1
            self.event("duplicate", item.source)
            return
        art = _article_of(item)
        fp = Fingerprint.of(art.body.text, art.url)
        keys = {fp.text_hash, fp.url_key} - {None}
        dup = None if keys & self.in_flight else self.store.find_duplicate(fp)
        if dup is not None or keys & self.in_flight:
            if dup is not None:
                self.store.complete(dup, art, fp)  # a URL or date the first copy lacked
            self.summary.duplicates += 1
            self.event("duplicate", item.source)
            return
        original = self.store.find_original(fp)
        if original is not None:  # a copy of a stored article: no analysis spent on it
            self.count(self.store.add(art, source=item.source, fingerprint=fp,
                                      copy_of=original), item.source)
            return
        # (A copy of an article still in flight is recognised when it is written.)
        self.in_flight |= keys
        self.window.append(_Pending(item, art, fp, self.analyse(art)))
        self.drain(self.jobs * 4 if self.jobs > 1 else 0)

    def drain(self, keep: int) -> None:
        while len(self.window) > keep:
            p = self.window.popleft()
            try:
                res = (p.result.get(timeout=ANALYSIS_TIMEOUT_S) if hasattr(p.result, "get")
                       else p.result)
            except mp.TimeoutError:
                # A worker killed from outside (out of memory) never answers; the pool
                # replaces it, and this article is a failure instead of a hung run.
                res = f"analysis did not finish within {ANALYSIS_TIMEOUT_S} s"
                self.lost = True
            self.in_flight -= {p.fp.text_hash, p.fp.url_key} - {None}
            if isinstance(res, str):
                self.fail(p.item.source, res)
                continue
            self.count(self.store.add(res, source=p.item.source, fingerprint=p.fp),
                       p.item.source)

    def close(self, finished: bool) -> None:
        if self.pool is not None:
            if finished and not self.lost:
                self.pool.close()
            else:  # interrupted, or a task lost with its worker: join() would wait forever
                self.pool.terminate()
            self.pool.join()


def ingest(sources: Iterable[str], *, db: str | Store = DEFAULT_DB, jobs: int = 1,
           model: str | None = None, fetcher: Fetcher | None = None,
           progress: bool = False,
           on_event: Callable[[str, str, IngestSummary], None] | None = None) -> IngestSummary:
    """Ingest every SOURCE (files, directories, feeds, WARCs, URLs) into the store ``db``.

    ``jobs`` worker processes analyse articles (1: in this process); ``progress``
    shows a rich progress bar on stderr; ``on_event(kind, source, summary)`` is
    called after each input (kind: ingested | duplicate | syndicated | failed).
    Returns an :class:`IngestSummary`.
    """
    store = db if isinstance(db, Store) else Store(db)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher()
    bar = _progress() if progress else None
    task = None
    if bar is not None:
        bar.start()
        task = bar.add_task("ingesting", total=None)

        def tick(kind: str, source: str, s: IngestSummary) -> None:
            bar.update(task, completed=s.seen, description=(
                f"ingested {s.ingested} · duplicates {s.duplicates} · copies {s.syndicated} · "
                f"failed {s.failed}"))
            if on_event:
                on_event(kind, source, s)
        run = _Run(store, jobs, model, tick)
    else:
        run = _Run(store, jobs, model, on_event)
    start = time.perf_counter()
    finished = False
    try:
        for item in iter_sources(sources, fetcher=fetcher, known_url=store.has_url):
            run.take(item)
        run.drain(0)
        finished = True
    finally:
        run.close(finished)
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
