"""The one worker pool: analysing many articles in this process or in worker processes.

``analyze --jobs``, ``ingest --jobs`` and ``eval --jobs`` all run through
:func:`run_stream`. Results come back in input order while a window of articles is
in flight (the input is read lazily, so memory stays bounded on a huge file).
The parent loads the spaCy pipeline first (a bad ``--model`` fails at once) and
forked workers inherit it. An article never ends the batch: an exception in its
analysis becomes an :class:`AnalysisFailure`; a worker that dies (killed, out of
memory) costs only the article it was reading (the others the pool lost are read
again, one at a time, so only the culprit fails); an analysis that runs past
``timeout`` seconds is a failure and its worker is replaced. Workers exit when
their parent dies, so a killed run leaves no orphans.
"""

from __future__ import annotations

import collections
import hashlib
import json
import multiprocessing as mp
import os
import pickle
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .records import Analysis

T = TypeVar("T")
ANALYSIS_TIMEOUT_S = 600.0  # one article; far above the slowest seen


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    id: str
    source: str
    message: str


_WORKER: Any = None


def _init_worker(model: str | None, watch_parent: bool = False) -> None:
    global _WORKER
    from .pipeline import Analyzer

    if watch_parent:
        _watch_parent()
    _WORKER = Analyzer(model)


def _watch_parent() -> None:
    """Exit when the parent dies: a parent killed with SIGKILL cannot stop its pool, and
    an orphaned worker would otherwise wait on its task queue forever."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="counterclaim-parent-watch", daemon=True).start()


def _run_one(job: tuple[str, dict[str, Any]]) -> Analysis | AnalysisFailure:
    """Analyse one ``(source, kwargs)`` job in this process (a worker, or the parent)."""
    source, item = job
    try:
        return _WORKER.analyze(**item)
    except Exception as exc:  # noqa: BLE001 - one bad article must not end the batch
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return AnalysisFailure(id=str(item.get("id")), source=source,
                               message=f"analysis failed: {last}")


def _failure(job: tuple[str, dict[str, Any]], message: str) -> AnalysisFailure:
    return AnalysisFailure(id=str(job[1].get("id")), source=job[0], message=message)


class _Pool:
    """A process pool that can be replaced: after a worker died or hung."""

    def __init__(self, jobs: int, model: str | None) -> None:
        self.jobs, self.model = jobs, model
        self.ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() \
            else mp.get_context()
        self.pool: ProcessPoolExecutor | None = None

    def make(self, n: int | None = None) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n or self.jobs, mp_context=self.ctx,
                                   initializer=_init_worker, initargs=(self.model, True))

    def submit(self, job: tuple[str, dict[str, Any]]) -> Future:
        if self.pool is None:
            self.pool = self.make()
        try:
            return self.pool.submit(_run_one, job)
        except BrokenProcessPool as exc:  # it broke since the last result: recovered later
            lost: Future = Future()
            lost.set_exception(exc)
            return lost

    @staticmethod
    def kill(pool: ProcessPoolExecutor | None) -> None:
        if pool is None:
            return
        # A hung worker never returns: stop the processes, not only the queue.
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)

    def discard(self) -> None:
        self.kill(self.pool)
        self.pool = None

    def alone(self, job: tuple[str, dict[str, Any]], timeout: float) -> Analysis | AnalysisFailure:
        """One job in a fresh one-worker pool: only a job that kills its worker fails."""
        single = self.make(1)
        try:
            return single.submit(_run_one, job).result(timeout=timeout)
        except BrokenProcessPool:
            return _failure(job, "analysis failed: the worker process died on this article "
                                 "(killed or out of memory)")
        except FutureTimeout:
            return _failure(job, f"analysis did not finish within {timeout:g} s")
        finally:
            self.kill(single)


def run_stream(jobs_in: Iterable[tuple[T, dict[str, Any]]], *, model: str | None = None,
               jobs: int = 1, window: int | None = None,
               timeout: float | None = None) -> Iterator[tuple[T, Analysis | AnalysisFailure]]:
    """Analyse ``(tag, {"text": ..., "id": ..., ...})`` jobs; yield ``(tag, result)`` in
    input order. ``tag`` is the caller's (a source name, a pending record); a failure's
    ``source`` is ``str(tag)``. With ``jobs > 1`` at most ``window`` jobs are in flight."""
    timeout = ANALYSIS_TIMEOUT_S if timeout is None else timeout
    if jobs <= 1:
        loaded = False
        for tag, kwargs in jobs_in:
            if not loaded:  # on first need: a re-run that finds only duplicates skips it
                _init_worker(model)
                loaded = True
            yield tag, _run_one((str(tag), kwargs))
        return
    from .nlp import load_model

    load_model(model)  # fail fast on a bad --model; forked workers inherit the pipeline
    pool = _Pool(jobs, model)
    window = max(1, window or jobs * 32)
    it = iter(jobs_in)
    pending: collections.deque[tuple[T, tuple[str, dict[str, Any]], Future | None, Any]] = \
        collections.deque()
    finished = False
    try:
        while True:
            while len(pending) < window:
                nxt = next(it, None)
                if nxt is None:
                    break
                job = (str(nxt[0]), nxt[1])
                pending.append((nxt[0], job, pool.submit(job), None))
            if not pending:
                break
            tag, job, fut, ready = pending.popleft()
            if fut is None:
                yield tag, ready
                continue
            try:
                result = fut.result(timeout=timeout)
            except BrokenProcessPool:
                result = _recover(pool, job, pending, timeout)
            except FutureTimeout:
                result = _failure(job, f"analysis did not finish within {timeout:g} s")
                _resubmit(pool, pending)
            yield tag, result
        finished = True
    finally:
        if pool.pool is not None:
            if finished:
                pool.pool.shutdown(wait=True)  # reap the workers (their CPU time is accounted)
            else:
                pool.discard()


def _recover(pool: _Pool, job: tuple[str, dict[str, Any]], pending: collections.deque,
             timeout: float) -> Analysis | AnalysisFailure:
    """A worker died. Which article killed it is unknown, so each one the pool lost is
    read again alone (only the culprit fails again); finished ones are kept."""
    pool.discard()
    result = pool.alone(job, timeout)
    for i, (tag, other, fut, _ready) in enumerate(pending):
        if fut is None:
            continue
        if fut.done() and not fut.cancelled() and fut.exception() is None:
            pending[i] = (tag, other, None, fut.result())
        else:
            pending[i] = (tag, other, None, pool.alone(other, timeout))
    return result


def _resubmit(pool: _Pool, pending: collections.deque) -> None:
    """A job hung: replace the pool and send the unfinished jobs to the new one."""
    old = pool.pool
    done = {i: fut.result() for i, (_, _, fut, _) in enumerate(pending)
            if fut is not None and fut.done() and not fut.cancelled() and fut.exception() is None}
    pool.pool = None
    _Pool.kill(old)
    for i, (tag, job, fut, _ready) in enumerate(pending):
        if fut is None:
            continue
        pending[i] = (tag, job, None, done[i]) if i in done else (tag, job, pool.submit(job),
                                                                  None)


def analyze_stream(jobs_in: Iterable[tuple[str, dict[str, Any]]], *, model: str | None = None,
                   jobs: int = 1, window: int | None = None) -> Iterator[Analysis | AnalysisFailure]:
    """Analyse ``(source, {"text": ..., "id": ..., ...})`` pairs; yield the results in
    input order (see :func:`run_stream`)."""
    for _, result in run_stream(jobs_in, model=model, jobs=jobs, window=window):
        yield result


# --- a cache of readings (``counterclaim eval claims --cache FILE``) --------------------
#
# An evaluation that only re-runs the linking reads ~1,700 articles whose reading
# (stages 1-9, spaCy) has not changed. The cache keeps each article's analysis, keyed
# by its id, a hash of its text and metadata and the versions its reading depends on
# (package, model, the reading's lexicon files: ``pipeline.reading_versions``); a hit
# is re-linked with today's rules (``pipeline.relink``) and stored like a fresh
# analysis, so a cached run gives the corpus a fresh run gives. A miss is analysed and
# appended. The file is a sequence of pickles written by this process only (a torn
# last record is ignored): never read a cache file from someone else.

_T = TypeVar("_T")
Analyse = Callable[[Iterable[tuple[_T, dict[str, Any]]]], Iterator[tuple[_T, Any]]]


def _reading_key(kwargs: dict[str, Any], versions: dict[str, str]) -> str:
    meta = {k: kwargs.get(k) for k in ("id", "title", "outlet", "url", "published")}
    digest = hashlib.sha1(json.dumps([kwargs.get("text", ""), meta, versions],
                                     sort_keys=True).encode("utf-8")).hexdigest()[:20]
    return f"{kwargs.get('id')}:{digest}"


class ReadingCache:
    """Analyses by reading key, read from ``path`` (missing: empty) and appended to."""

    def __init__(self, path: str | Path, versions: dict[str, str] | None = None, *,
                 model: str | None = None) -> None:
        from .pipeline import current_versions, reading_versions

        self.path = Path(path)
        self.versions = reading_versions(versions or current_versions(model))
        self.known: dict[str, Analysis] = {}
        self.hits = self.misses = 0
        if self.path.is_file():
            with self.path.open("rb") as fh:
                while True:
                    try:
                        key, analysis = pickle.load(fh)
                    except EOFError:
                        break
                    except Exception:  # noqa: BLE001 - a torn last record: keep the rest
                        break
                    self.known[key] = analysis

    def key(self, kwargs: dict[str, Any]) -> str:
        """The key of one article's reading (its analysis kwargs)."""
        return _reading_key(kwargs, self.versions)

    def stream(self, jobs_in: Iterable[tuple[_T, dict[str, Any]]], analyse: Analyse
               ) -> Iterator[tuple[_T, Any]]:
        """``(tag, result)`` in input order, like ``analyse`` (the runner): a hit is
        re-linked, consecutive misses go to ``analyse`` together and are cached."""
        from .pipeline import relink

        batch: list[tuple[_T, dict[str, Any]]] = []
        for tag, kwargs in jobs_in:
            hit = self.known.get(self.key(kwargs))
            if hit is None:
                batch.append((tag, kwargs))
                continue
            yield from self._analyse(batch, analyse)
            batch = []
            self.hits += 1
            yield tag, relink(hit)
        yield from self._analyse(batch, analyse)

    def _analyse(self, batch: list[tuple[_T, dict[str, Any]]], analyse: Analyse
                 ) -> Iterator[tuple[_T, Any]]:
        if not batch:
            return
        keys = iter([self.key(kw) for _, kw in batch])  # one result per job, in order
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as fh:
            for tag, result in analyse(batch):
                key = next(keys)
                if isinstance(result, Analysis):
                    self.misses += 1
                    self.known[key] = result
                    pickle.dump((key, result), fh)
                    fh.flush()
                yield tag, result
