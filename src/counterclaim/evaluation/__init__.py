"""Measuring counterclaim against annotated news: the GGT quote metric, error
analysis by category, and the helpers the eval command, the quality gate and the
benchmark share.

    >>> from counterclaim.evaluation import evaluate_ggt, ggt_path
    >>> ev = evaluate_ggt(ggt_path(), jobs=2)          # doctest: +SKIP
    >>> ev.headline()                                   # doctest: +SKIP
    {'f1_0.3': ..., 'f1_0.8': ..., 'speaker_acc': ..., 'verb_acc': ...}
"""

from __future__ import annotations

from .error_analysis import CATEGORIES, ErrorItem, ErrorReport, analyze_errors, format_errors
from .ggt import (
    THRESHOLDS,
    GoldArticle,
    GoldQuote,
    Prediction,
    Score,
    load_gold,
    match_article,
    predictions_from_analysis,
    read_predictions,
    score,
    score_all,
)
from .runner import (
    Evaluation,
    RunResult,
    evaluate,
    evaluate_ggt,
    ggt_path,
    run_analyzer,
    shared_dir,
)

__all__ = [
    "CATEGORIES", "THRESHOLDS", "ErrorItem", "ErrorReport", "Evaluation", "GoldArticle",
    "GoldQuote", "Prediction", "RunResult", "Score", "analyze_errors", "evaluate",
    "evaluate_ggt", "format_errors", "ggt_path", "load_gold", "match_article",
    "predictions_from_analysis", "read_predictions", "run_analyzer", "score", "score_all",
    "shared_dir",
]
