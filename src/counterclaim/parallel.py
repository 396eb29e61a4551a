"""Analysing many articles, in one process or a pool of workers.

The parent loads the spaCy pipeline once and forked workers inherit it; results
come back in input order, and an article whose analysis fails (or whose worker
dies) becomes a recorded failure instead of killing the batch.
"""

from __future__ import annotations

import multiprocessing as mp
import traceback
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Any

from .records import Analysis


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    id: str
    source: str
    message: str


_WORKER: Any = None


def _init_worker(model: str | None) -> None:
    global _WORKER
    from .pipeline import Analyzer

    _WORKER = Analyzer(model)


def _run_one(job: tuple[str, dict[str, Any]]) -> Analysis | AnalysisFailure:
    source, item = job
    try:
        return _WORKER.analyze(**item)
    except Exception as exc:  # noqa: BLE001 - one bad article must not end the batch
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return AnalysisFailure(id=str(item.get("id")), source=source,
                               message=f"analysis failed: {last}")


def analyze_stream(jobs_in: Iterable[tuple[str, dict[str, Any]]], *, model: str | None = None,
                   jobs: int = 1, window: int | None = None) -> Iterator[Analysis | AnalysisFailure]:
    """Analyse ``(source, {"text": ..., "id": ..., ...})`` pairs, preserving order.

    With ``jobs > 1`` the input is read ``window`` items at a time (memory stays
    bounded on a huge .jsonl), and a worker that dies (killed, out of memory)
    costs the article it was reading, recorded as a failure; the others are
    analysed again in a fresh pool.
    """
    if jobs <= 1:
        _init_worker(model)
        for job in jobs_in:
            yield _run_one(job)
        return
    # Load the pipeline here first: a bad --model fails at once with a clear
    # error, and forked workers inherit the loaded model instead of reading it again.
    from .nlp import load_model

    load_model(model)
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    window = window or jobs * 32
    it = iter(jobs_in)

    def new_pool(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init_worker,
                                   initargs=(model,))

    pool: ProcessPoolExecutor | None = None
    try:
        while batch := list(islice(it, window)):
            pool = pool or new_pool(jobs)
            futures = [pool.submit(_run_one, job) for job in batch]
            results: list[Analysis | AnalysisFailure | None] = [None] * len(batch)
            broken = []
            for i, fut in enumerate(futures):
                try:
                    results[i] = fut.result()
                except BrokenProcessPool:
                    broken.append(i)
            if broken:
                # A worker died. Which article killed it is unknown, so each one the
                # pool lost is read again alone: only the culprit fails again.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = None
                for i in broken:
                    single = new_pool(1)
                    try:
                        results[i] = single.submit(_run_one, batch[i]).result()
                    except BrokenProcessPool:
                        source, item = batch[i]
                        results[i] = AnalysisFailure(
                            id=str(item.get("id")), source=source,
                            message="analysis failed: the worker process died on this article "
                                    "(killed or out of memory)")
                    finally:
                        single.shutdown(wait=False, cancel_futures=True)
            yield from (r for r in results if r is not None)
        if pool is not None:
            pool.shutdown(wait=True)  # reap the workers (their CPU time is then accounted)
            pool = None
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
