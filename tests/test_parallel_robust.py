"""Workers that die, and inputs too large to hold at once."""

from __future__ import annotations

import os

import counterclaim.runner as par
from counterclaim.records import Analysis
from counterclaim.runner import AnalysisFailure, analyze_stream

TEXT = '"We never sold arms to anyone," the ministry said on {day}.\n'


def _jobs(ids):
    return [(f"test:{i}", {"id": i, "text": TEXT.format(day=i)}) for i in ids]


_REAL_RUN_ONE = par._run_one


def run_or_die(job):
    """Module-level (workers find it by name): dies on the article called 'boom'."""
    if job[1]["id"] == "boom":
        os._exit(1)  # what the kernel's OOM killer or a kill -9 does to a worker
    return _REAL_RUN_ONE(job)


def test_a_worker_that_dies_costs_only_its_article(monkeypatch):
    monkeypatch.setattr(par, "_run_one", run_or_die)
    ids = ["a", "b", "boom", "c", "d", "e"]
    out = list(analyze_stream(_jobs(ids), jobs=2, window=4))
    assert [getattr(r, "id", None) or r.article.id for r in out] == ids
    failed = [r for r in out if isinstance(r, AnalysisFailure)]
    assert [f.id for f in failed] == ["boom"] and "worker process died" in failed[0].message
    assert all(isinstance(r, Analysis) for r in out if r not in failed)


def test_input_is_read_one_window_at_a_time():
    pulled = []

    def lazy():
        for i in range(10):
            pulled.append(i)
            yield _jobs([str(i)])[0]

    stream = analyze_stream(lazy(), jobs=2, window=3)
    first = next(stream)
    assert first.article.id == "0"
    assert len(pulled) <= 4  # one window (and the look-ahead of islice), not all ten
    assert [r.article.id for r in stream] == [str(i) for i in range(1, 10)]
