"""Reading a pasted text for /analyze and /api/analyze (stored only when allowed and asked).

The analysis runs in a worker process of its own (started on first use, holding the
spaCy pipeline), never on the threads that answer requests: a long text no longer
holds every other page behind it. At most :data:`MAX_WAITING` texts wait or run at
once; one more gets a 503 with ``Retry-After`` at once. A text that takes longer
than :data:`TIME_BUDGET_S` gets a 503 too, and its worker is replaced. (Texts are
also capped at 200 KB before they reach the app: ``app.MAX_ANALYZE_BYTES``.)
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
import traceback
import uuid
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from fastapi import HTTPException, Request

from ..errors import CounterclaimError, InputError
from ..records import Analysis

MAX_WAITING = 4
TIME_BUDGET_S = 120.0
RETRY_AFTER_S = 10


_ANALYZER: Any = None


def _start(model: str | None) -> None:
    """In the worker process: load the pipeline once, and exit when the server dies
    (a server killed with SIGKILL cannot stop its pool)."""
    global _ANALYZER
    from ..pipeline import Analyzer

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="counterclaim-web-watch", daemon=True).start()
    _ANALYZER = Analyzer(model)


def _read(kwargs: dict[str, Any]) -> Analysis | str:
    """In the worker process: the analysis, or what went wrong (one line)."""
    try:
        return _ANALYZER.analyze(**kwargs)
    except Exception as exc:  # noqa: BLE001 - one bad text must not end the worker
        return "analysis failed: " + traceback.format_exception_only(type(exc), exc)[-1].strip()


class _Worker:
    """One analysis process for the whole server (shared by every app in it)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(MAX_WAITING)
        self.pool: ProcessPoolExecutor | None = None

    def _get(self) -> ProcessPoolExecutor:
        with self.lock:
            if self.pool is None:
                # spawn: the server has threads, and a forked copy of them is unsafe.
                self.pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context(
                    "spawn"), initializer=_start, initargs=(None,))
            return self.pool

    def _replace(self, pool: ProcessPoolExecutor) -> None:
        with self.lock:
            if self.pool is pool:
                self.pool = None
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)

    def analyze(self, kwargs: dict[str, Any]) -> Analysis:
        if not self.slots.acquire(blocking=False):
            raise HTTPException(503, f"the server is reading {MAX_WAITING} texts already; try "
                                     f"again in {RETRY_AFTER_S} s",
                                headers={"Retry-After": str(RETRY_AFTER_S)})
        try:
            pool = self._get()
            future = pool.submit(_read, kwargs)
            try:
                result = future.result(timeout=TIME_BUDGET_S)
            except FutureTimeout:
                self._replace(pool)
                raise HTTPException(503, f"the text took longer than {TIME_BUDGET_S:.0f} s to "
                                         "read; try a shorter one",
                                    headers={"Retry-After": str(RETRY_AFTER_S)}) from None
            except BrokenProcessPool:
                self._replace(pool)
                raise CounterclaimError("the analysis worker stopped (out of memory?); "
                                        "try again") from None
        finally:
            self.slots.release()
        if isinstance(result, str):
            raise CounterclaimError(result)
        return result


WORKER = _Worker()


def run_analysis(request: Request, text: str, *, title: str | None, outlet: str | None,
                 store: bool) -> tuple[Analysis, dict[str, Any] | None]:
    """Read ``text`` in the analysis worker; store it only when the server allows
    writes and the user asked."""
    if not text.strip():
        raise InputError("there is no text to read; paste an article")
    if store and not request.app.state.allow_writes:
        raise HTTPException(403, "this server is read-only")
    analysis = WORKER.analyze({"text": text, "id": f"web-{uuid.uuid4().hex[:12]}",
                               "title": title, "outlet": outlet})
    stored = None
    if store:
        res = request.app.state.store.add(analysis, source="web:analyze")
        stored = {"status": res.status, "article_id": res.article_id}
    return analysis, stored
