"""The FNC-1 measure of the claim check: headline–body pairs, four classes.

``supports`` counts as agree, ``denies`` as disagree, ``discusses`` as discuss and
an article the check does not list as unrelated. Figures (:func:`score`):

* the FNC score: 0.25 for each correct related/unrelated decision, 0.75 more for the
  exact class among agree/disagree/discuss, as a percentage of the best possible;
* accuracy, macro-F1 over the four classes, each class's F1 and the confusion matrix.

:func:`evaluate_fnc` reads the pairs and bodies, analyses the bodies (cached), checks
every pair and scores it, on every pair or on the part of the set held out by claim
(``split="heldout"``: the clusters :func:`~.fnc_data.heldout_clusters` chooses, which
the training script never sees).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..checking import FEATURES, decide, load_model, read_article, read_claim
from ..checking.features import features
from ..errors import InputError
from .fnc_data import (
    LABELS,
    Pair,
    analyse_bodies,
    default_bodies,
    headline_clusters,
    heldout_clusters,
    load_bodies,
    load_pairs,
)

_TO_LABEL = {"supports": "agree", "denies": "disagree", "discusses": "discuss",
             "unrelated": "unrelated"}
REFERENCE = ("FNC-1 competition test (other claims): all-unrelated 39.4, official baseline "
             "75.2, the three winners 82.0–82.7 (macro-F1 56–60, disagree F1 3–13).")


@dataclass
class FncScore:
    """The figures of one run (see the module docstring)."""

    pairs: int
    fnc: float
    accuracy: float
    macro_f1: float
    f1: dict[str, float]
    confusion: list[list[int]]  # gold row × predicted column, in LABELS order
    related_accuracy: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"pairs": self.pairs, "fnc_score": round(self.fnc, 2),
                "accuracy": round(self.accuracy, 2), "macro_f1": round(self.macro_f1, 2),
                "f1": {k: round(v, 2) for k, v in self.f1.items()},
                "related_accuracy": round(self.related_accuracy, 2),
                "labels": list(LABELS), "confusion": self.confusion}


def score(gold: Sequence[str], pred: Sequence[str]) -> FncScore:
    """The FNC score, accuracy, macro-F1, per-class F1 and confusion of labels."""
    if len(gold) != len(pred):
        raise ValueError("gold and predicted labels differ in number")
    idx = {lab: i for i, lab in enumerate(LABELS)}
    conf = [[0] * len(LABELS) for _ in LABELS]
    got = best = 0.0
    for g, p in zip(gold, pred, strict=True):
        conf[idx[g]][idx[p]] += 1
        g_rel, p_rel = g != "unrelated", p != "unrelated"
        best += 0.25 + (0.75 if g_rel else 0.0)
        if g_rel == p_rel:
            got += 0.25
            if g_rel and g == p:
                got += 0.75
    f1 = {}
    for lab, i in idx.items():
        tp = conf[i][i]
        fp = sum(conf[r][i] for r in range(len(LABELS))) - tp
        fn = sum(conf[i]) - tp
        f1[lab] = 100.0 * 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    n = len(gold)
    correct = sum(conf[i][i] for i in range(len(LABELS)))
    rel_ok = sum(1 for g, p in zip(gold, pred, strict=True)
                 if (g == "unrelated") == (p == "unrelated"))
    return FncScore(pairs=n, fnc=100.0 * got / best if best else 0.0,
                    accuracy=100.0 * correct / n if n else 0.0,
                    macro_f1=sum(f1.values()) / len(f1), f1=f1, confusion=conf,
                    related_accuracy=100.0 * rel_ok / n if n else 0.0)


@dataclass
class PairSet:
    """Pairs with their bodies' analyses; ``failed``: the pairs whose body could not be
    analysed (the check cannot list such an article: scored as unrelated)."""

    pairs: list[Pair]
    analyses: dict[str, Any]
    clusters: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    failed: list[Pair] = field(default_factory=list)


def load_pair_set(pairs_path: str | Path, articles: str | Path | None = None, *,
                  split: str = "all", sample: int | None = None, jobs: int = 1,
                  cache: str | Path | None = None, seed: int = 0,
                  progress: Callable[[int, int], None] | None = None) -> PairSet:
    """Read pairs and bodies, keep the ``split`` (all / heldout), sample ``sample``
    bodies (all their pairs), and analyse the bodies."""
    pairs = load_pairs(pairs_path)
    texts, clusters = load_bodies(articles or default_bodies(pairs_path))
    missing = sorted({p.body_id for p in pairs} - texts.keys())
    if missing:
        raise InputError(f"{pairs_path}: {len(missing)} pairs name a body the articles file "
                         f"lacks (first: {missing[0]})")
    if split == "heldout":
        if not clusters:
            raise InputError("--split heldout needs an articles file with clusters")
        held = heldout_clusters(clusters.values())
        pairs = [p for p in pairs if clusters.get(p.body_id) in held]
    elif split != "all":
        raise InputError(f"unknown split {split!r} (expected all or heldout)")
    bodies = sorted({p.body_id for p in pairs})
    if sample and sample < len(bodies):
        keep = set(random.Random(seed).sample(bodies, sample))
        pairs = [p for p in pairs if p.body_id in keep]
    t0 = time.perf_counter()
    analyses = analyse_bodies({b: texts[b] for b in sorted({p.body_id for p in pairs})},
                              cache=cache, jobs=jobs, progress=progress)
    return PairSet(pairs=[p for p in pairs if p.body_id in analyses], analyses=analyses,
                   clusters=clusters, seconds=time.perf_counter() - t0,
                   failed=[p for p in pairs if p.body_id not in analyses])


def readings(ps: PairSet, model: Any = None, *, use_lede: bool = True) -> tuple[dict, dict]:
    """Each headline's and each body's reading."""
    claims = {h: read_claim(h, model, use_lede=use_lede) for h in {p.headline for p in ps.pairs}}
    arts = {b: read_article(a, model, use_lede=use_lede) for b, a in ps.analyses.items()}
    return claims, arts


def feature_matrix(ps: PairSet, claims: dict, arts: dict) -> np.ndarray:
    """The features of every pair (rows in the order of ``ps.pairs``) from
    :func:`readings`."""
    x = np.zeros((len(ps.pairs), len(FEATURES)), np.float32)
    for i, p in enumerate(ps.pairs):
        x[i] = features(claims[p.headline], arts[p.body_id])
    return x


def predict(ps: PairSet, model: Any = None) -> list[str]:
    """The check's label for every pair (agree / disagree / discuss / unrelated)."""
    model = model or load_model()
    claims, arts = readings(ps, model)
    return [_TO_LABEL[decide(claims[p.headline], arts[p.body_id], model).stance]
            for p in ps.pairs]


def training_mask(ps: PairSet) -> np.ndarray:
    """Pairs the training script may learn from: bodies and headlines of claims outside
    the held-out clusters."""
    held = heldout_clusters(ps.clusters.values())
    heads = headline_clusters(ps.pairs, ps.clusters)
    return np.array([ps.clusters.get(p.body_id) not in held and heads.get(p.headline) not in held
                     for p in ps.pairs])


def evaluate_fnc(pairs_path: str | Path, articles: str | Path | None = None, *,
                 split: str = "all", sample: int | None = None, jobs: int = 1,
                 cache: str | Path | None = None, model: Any = None,
                 progress: Callable[[int, int], None] | None = None
                 ) -> tuple[FncScore, PairSet]:
    """Check every pair and score it (see the module docstring); a pair whose body
    could not be analysed counts as predicted unrelated."""
    ps = load_pair_set(pairs_path, articles, split=split, sample=sample, jobs=jobs,
                       cache=cache, progress=progress)
    pred = predict(ps, model) + ["unrelated"] * len(ps.failed)
    return score([p.stance for p in [*ps.pairs, *ps.failed]], pred), ps


def format_score(s: FncScore, *, title: str = "") -> str:
    """The figures as a terminal table."""
    lines = [title] if title else []
    lines += [f"FNC score {s.fnc:.1f}   accuracy {s.accuracy:.1f}   macro-F1 {s.macro_f1:.1f}   "
              f"related/unrelated accuracy {s.related_accuracy:.1f}   ({s.pairs:,} pairs)",
              "F1: " + "   ".join(f"{k} {v:.1f}" for k, v in s.f1.items()), "",
              "gold \\ predicted " + "".join(f"{lab:>11}" for lab in LABELS)]
    for lab, row in zip(LABELS, s.confusion, strict=True):
        lines.append(f"{lab:<17}" + "".join(f"{v:>11,}" for v in row))
    lines += ["", REFERENCE]
    return "\n".join(lines)
