"""Running counterclaim over an evaluation set, and finding the shared data.

The evaluation data are third-party and never live in the repository: they sit
in a ``shared`` folder next to the checkout (``../shared``) or wherever the
environment variable ``COUNTERCLAIM_SHARED`` points.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..runner import AnalysisFailure, analyze_stream
from ..sources import ArticleInput, InputFailure, iter_sources
from .error_analysis import ErrorReport, analyze_errors
from .ggt import (
    GoldArticle,
    Prediction,
    Score,
    load_gold,
    predictions_from_analysis,
    read_predictions,
    score_all,
)

GGT_RELATIVE = Path("datasets") / "sfu-ggt-quote-eval" / "ggt_quotes.jsonl"
SHARED_ENV = "COUNTERCLAIM_SHARED"


def shared_dir() -> Path | None:
    """The shared data folder: ``$COUNTERCLAIM_SHARED``, else ``shared`` beside the repo
    (or beside the current directory); None when neither exists."""
    env = os.environ.get(SHARED_ENV)
    if env:
        return Path(env) if Path(env).is_dir() else None
    repo = Path(__file__).resolve().parents[3]  # src/counterclaim/evaluation/ → repo
    for candidate in (repo.parent / "shared", Path.cwd().parent / "shared"):
        if candidate.is_dir():
            return candidate
    return None


def ggt_path() -> Path | None:
    """``ggt_quotes.jsonl`` in the shared folder, or None when it is absent."""
    base = shared_dir()
    if base is None:
        return None
    path = base / GGT_RELATIVE
    return path if path.is_file() else None


@dataclass
class RunResult:
    """``analyze --json`` objects in input order, plus what failed and how long it took."""

    docs: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)

    def predictions(self, *, quotes_only: bool = True) -> dict[str, list[Prediction]]:
        return {str(d["article"]["id"]): predictions_from_analysis(d, quotes_only=quotes_only)
                for d in self.docs}

    def write_jsonl(self, path: str | Path) -> None:
        """Write the documents exactly as ``counterclaim analyze --json`` does."""
        with open(path, "w", encoding="utf-8") as fh:
            for d in self.docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def _jobs(inputs: Iterator[ArticleInput | InputFailure | Any], failures: list[str],
          ids: set[str] | None) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in inputs:
        if isinstance(item, InputFailure):
            failures.append(item.message)
            continue
        if not isinstance(item, ArticleInput):
            continue
        if ids is not None and item.id not in ids:
            continue
        # the same fields ``counterclaim analyze`` passes for a .jsonl line
        yield item.source, item.analyze_kwargs()


def run_analyzer(path: str | Path, *, jobs: int = 1, model: str | None = None,
                 gold: Sequence[GoldArticle] | None = None,
                 progress: Callable[[int], None] | None = None) -> RunResult:
    """Analyse every article of a .jsonl file with :func:`analyze_stream`.

    The inputs are read exactly as ``counterclaim analyze PATH`` reads them, so the
    result equals that command's ``--json`` output. With ``gold``, only the gold
    articles' ids are analysed (e.g. a ``--limit``-ed subset).
    """
    run = RunResult()
    ids = {g.id for g in gold} if gold is not None else None
    start = time.perf_counter()
    stream = analyze_stream(_jobs(iter_sources([str(path)], fetch=False), run.failures, ids),
                            model=model, jobs=jobs)
    for result in stream:
        if isinstance(result, AnalysisFailure):
            run.failures.append(f"{result.source}: {result.message}")
            continue
        doc = result.to_dict()
        run.docs.append(doc)
        if not run.versions:
            run.versions = dict(doc["article"].get("versions") or {})
        if progress is not None:
            progress(len(run.docs))
    run.seconds = time.perf_counter() - start
    return run


@dataclass
class Evaluation:
    """Scores at both thresholds for one set of predictions."""

    gold: list[GoldArticle]
    predictions: dict[str, list[Prediction]]
    scores: dict[float, Score]
    run: RunResult | None = None
    missing: list[str] = field(default_factory=list)  # gold ids with no prediction
    text_mismatch: list[str] = field(default_factory=list)  # ids whose text differs

    def headline(self) -> dict[str, float]:
        """The four gated figures, in percent with one decimal."""
        lo, hi = self.scores[0.3].to_dict(), self.scores[0.8].to_dict()
        return {"f1_0.3": lo["F1"], "f1_0.8": hi["F1"], "speaker_acc": lo["speaker_acc"],
                "verb_acc": lo["verb_acc"]}

    def errors(self) -> ErrorReport:
        return analyze_errors(self.gold, self.predictions, self.scores[0.3], self.scores[0.8])

    def to_dict(self) -> dict[str, Any]:
        n_gold = sum(len(g.quotes) for g in self.gold)
        n_scored = sum(len(g.scored) for g in self.gold)
        out: dict[str, Any] = {
            "articles": len(self.gold),
            "gold_quotes": n_scored,
            "gold_quotes_without_span": n_gold - n_scored,
            "predicted": sum(len(self.predictions.get(g.id, ())) for g in self.gold),
            "scores": {str(t): s.to_dict() for t, s in self.scores.items()},
            "headline": self.headline(),
            "missing_predictions": self.missing,
        }
        if self.text_mismatch:
            out["text_mismatch"] = self.text_mismatch
        if self.run is not None:
            out["versions"] = self.run.versions
            out["failures"] = self.run.failures
            out["seconds"] = round(self.run.seconds, 2)
        return out


def evaluate(gold: list[GoldArticle], predictions: dict[str, list[Prediction]], *,
             texts: Mapping[str, str] | None = None, run: RunResult | None = None
             ) -> Evaluation:
    """Score predictions against the gold articles at 0.3 and 0.8."""
    missing = [g.id for g in gold if g.id not in predictions]
    mismatch = [g.id for g in gold if texts and g.id in texts and texts[g.id] != g.text]
    return Evaluation(gold=gold, predictions=predictions,
                      scores=score_all(gold, predictions), run=run, missing=missing,
                      text_mismatch=mismatch)


def evaluate_ggt(path: str | Path, *, jobs: int = 1, model: str | None = None,
                 limit: int | None = None, predictions_file: str | Path | None = None,
                 progress: Callable[[int], None] | None = None,
                 quotes_only: bool = True) -> Evaluation:
    """Run (or read) counterclaim's predictions for the GGT set at ``path`` and score them.

    ``quotes_only``: score the quotes view (statements marked ``quote``), the
    readings the GGT annotates; False scores every statement."""
    gold = load_gold(path)
    if limit is not None:
        gold = gold[:limit]
    if predictions_file is not None:
        with open(predictions_file, encoding="utf-8") as fh:
            preds, texts = read_predictions(fh, quotes_only=quotes_only)
        return evaluate(gold, preds, texts=texts)
    run = run_analyzer(path, jobs=jobs, model=model, gold=gold, progress=progress)
    return evaluate(gold, run.predictions(quotes_only=quotes_only), run=run)
