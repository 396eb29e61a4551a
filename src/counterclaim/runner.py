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
import multiprocessing as mp
import os
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
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
