"""Analysing many articles, in one process or a pool of workers.

Each worker loads the spaCy pipeline once (in the pool initializer), results come
back in input order, and an article whose analysis fails becomes a recorded
failure instead of killing the batch.
"""

from __future__ import annotations

import multiprocessing as mp
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
                   jobs: int = 1, chunksize: int = 2) -> Iterator[Analysis | AnalysisFailure]:
    """Analyse ``(source, {"text": ..., "id": ..., ...})`` pairs, preserving order."""
    if jobs <= 1:
        _init_worker(model)
        for job in jobs_in:
            yield _run_one(job)
        return
    # Load the pipeline here first: a bad --model fails at once with a clear
    # error (a failing pool initializer would respawn workers for ever), and
    # forked workers inherit the loaded model instead of reading it again.
    from .nlp import load_model

    load_model(model)
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(processes=jobs, initializer=_init_worker, initargs=(model,)) as pool:
        yield from pool.imap(_run_one, jobs_in, chunksize=chunksize)
