"""Train the claim check's forest from FNC-1's development pairs (``../shared``).

    python scripts/train_check.py                       # train, report the held-out claims, save
    python scripts/train_check.py --cv 5                # 5-fold cross-validation by claim
    python scripts/train_check.py --reshift             # the shipped trees, DECISION_SHIFT set

The held-out part is 20 % of the claim clusters (``evaluation.fnc_data.heldout_clusters``,
by a hash of the cluster names); training never sees a body or a headline of those
claims. The bodies' analyses are cached (``--cache``) so a rerun takes seconds.
The shipped weights are ``src/counterclaim/checking/data/check-model.npz``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from counterclaim.checking import FEATURES
from counterclaim.checking.features import LEDE_KEYS, with_stance
from counterclaim.checking.lede import CLASSES, LedeModel, fit_lede
from counterclaim.checking.model import average, fit
from counterclaim.evaluation.fnc import (
    feature_matrix,
    format_score,
    load_pair_set,
    readings,
    score,
    training_mask,
)
from counterclaim.evaluation.fnc_data import LABELS, fold_of, headline_clusters, heldout_clusters
from counterclaim.evaluation.runner import shared_dir

MODEL = Path(__file__).resolve().parents[1] / "src" / "counterclaim" / "checking" / "data" / "check-model.npz"
VERSION = "2026.12.3"
# Disagree is the rare class users care most about: it weighs more in training.
CLASS_WEIGHT = np.array([1.0, 3.0, 1.0, 1.0])
# Added to a class's forest score before the decision (a threshold). The forest
# under-calls disagree (a reported denial reads as discuss): on the training clusters
# (--cv 5 --shifts 0,0.5,1, three seeds) a disagree shift of 1.0 gave the best macro-F1
# (58.8 -> 59.5, disagree 14.6 -> 19.6, FNC 81.8 -> 80.9), but on the held-out claims
# the shipped trees with it scored lower (84.9 / 62.6 / 22.7 -> 83.5 / 61.8 / 22.6), so
# none is set (docs/check.md, "Decision shift").
DECISION_SHIFT: dict[str, float] = {}


UNRELATED_SHARE = 0.3  # of the (easy, plentiful) unrelated pairs trained on, weighted up


def train(x: np.ndarray, y: np.ndarray, *, trees: int = 200, depth: int = 6, rate: float = 0.1,
          seed: int = 0):
    """A forest trained on every related pair and a seeded share of the unrelated ones."""
    rng = np.random.default_rng(seed)
    unrelated = y == LABELS.index("unrelated")
    keep = ~unrelated | (rng.random(len(y)) < UNRELATED_SHARE)
    weight = np.where(unrelated, 1 / UNRELATED_SHARE, 1.0)[keep]
    return fit(x[keep], y[keep], classes=LABELS, feature_names=FEATURES, trees=trees,
               depth=depth, rate=rate, class_weight=CLASS_WEIGHT, sample_weight=weight,
               version=VERSION, seed=seed)


def _train(x: np.ndarray, y: np.ndarray, args: argparse.Namespace):
    # --seeds N: N forests (each its own share of the unrelated pairs and its own row
    # samples), averaged. One seed's disagree F1 on the held-out claims varies by about
    # ±3 points between seeds; three averaged did not score higher (22.2 against
    # 21.1–24.8 for single seeds on the reading before reading2), so one is shipped.
    return average([train(x, y, trees=args.trees, depth=args.depth, rate=args.rate, seed=s)
                    for s in range(args.seeds)])


def shift_vector(shifts: dict[str, float]) -> np.ndarray:
    """The per-class decision shift (raw score added), in the order of LABELS."""
    return np.array([shifts.get(lab, 0.0) for lab in LABELS], np.float32)


def _labels(model, x: np.ndarray, shift: np.ndarray | None = None) -> list[str]:
    z = model.scores(x) + (0.0 if shift is None else shift)
    return [LABELS[i] for i in z.argmax(1)]


def body_labels(ps) -> dict[str, int]:
    """Each body's stance toward its own claim (the most common related label; a tie
    goes to the first of CLASSES, not to a set's order, which changes with the hash
    seed of each process and made two runs of the same training differ)."""
    votes: dict[str, list[str]] = {}
    for p in ps.pairs:
        if p.stance != "unrelated":
            votes.setdefault(p.body_id, []).append(p.stance)
    return {b: CLASSES.index(max(CLASSES, key=v.count)) for b, v in votes.items()}


STANCES = {"for": 0, "against": 1, "observing": 2}  # in the order of CLASSES
_OPPOSITE = {0: 1, 1: 0}


def article_stances(articles: Path) -> dict[str, int]:
    """Each body's own stance toward its story (``articles.jsonl``'s ``stance``: for,
    against, observing; bodies without one left out). This, not a pair's label, is
    what the lede regression learns: a pair's label also depends on its headline's
    stance (a body debunking a story *agrees* with a headline that debunks it)."""
    from counterclaim.sources.jsonl import json_objects

    if not articles.is_file():
        return {}
    return {str(o["id"]): STANCES[o["stance"]] for _, o in json_objects(articles)
            if o.get("stance") in STANCES}


def claim_stances(ps, bodies: dict[str, int]) -> dict[str, int]:
    """Each headline's own stance, read off its pairs with bodies of a known stance:
    *agree* with a body gives the body's stance, *disagree* the opposite, *discuss*
    with a body that takes a side gives observing; the most common vote (ties to the
    first of for, against, observing)."""
    votes: dict[str, list[int]] = {}
    for p in ps.pairs:
        b = bodies.get(p.body_id)
        if b is None or b == 2 or p.stance == "unrelated":
            continue
        vote = {"agree": b, "disagree": _OPPOSITE[b], "discuss": 2}[p.stance]
        votes.setdefault(p.headline, []).append(vote)
    return {h: max(range(3), key=v.count) for h, v in votes.items()}


def fitted_scores(items: dict, rows: dict[str, np.ndarray], labels: dict[str, int],
                  groups: dict[str, str], train: set[str], folds: int = 5
                  ) -> tuple[dict[str, np.ndarray], LedeModel]:
    """A regression's probabilities for every item: out-of-fold (by claim, ``groups``)
    for the training items, from a regression fitted on all of them for the others; and
    that regression."""
    def fit_on(keys):
        keys = sorted(k for k in keys if k in labels)  # one order in every process
        return fit_lede([rows[k] for k in keys], np.array([labels[k] for k in keys]))

    out: dict[str, np.ndarray] = {}
    for k in range(folds):
        inner = {i for i in train if fold_of("lede" + groups.get(i, i), folds) == k}
        m = fit_on(train - inner)
        out.update({i: m.proba(rows[i]) for i in inner})
    full = fit_on(train)
    out.update({i: full.proba(rows[i]) for i in items if i not in train})
    return out, full


def with_lede(arts: dict, scores: dict[str, np.ndarray]) -> dict:
    """The readings with the lede probabilities filled in."""
    return {b: replace(a, voice={**a.voice, **dict(zip(LEDE_KEYS, map(float, scores[b]),
                                                         strict=True))})
            for b, a in arts.items()}


def split_features(ps, claims, arts, train_bodies: set[str], bodies: dict[str, int]
                   ) -> tuple[np.ndarray, LedeModel, LedeModel]:
    """The feature matrix when only ``train_bodies`` (and the headlines of their claims)
    are known to training; the two regressions fitted on them."""
    bodies = bodies or body_labels(ps)
    scores, lede = fitted_scores(arts, {b: a.opening for b, a in arts.items()}, bodies,
                                 ps.clusters, train_bodies)
    heads = headline_clusters(ps.pairs, ps.clusters)
    train_clusters = {ps.clusters[b] for b in train_bodies if b in ps.clusters}
    train_heads = {h for h in claims if heads.get(h) in train_clusters}
    cscores, claim = fitted_scores(claims, {h: c.tokens for h, c in claims.items()},
                                   claim_stances(ps, bodies), heads, train_heads)
    claims = {h: with_stance(c, cscores[h]) for h, c in claims.items()}
    return feature_matrix(ps, claims, with_lede(arts, scores)), lede, claim


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    base = shared_dir()
    default = base / "datasets" / "fnc1-claims-dev" / "pairs.jsonl" if base else None
    ap.add_argument("--pairs", type=Path, default=default)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/counterclaim-cache/fnc-dev.pkl"))
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation by claim (no model saved)")
    ap.add_argument("--trees", type=int, default=200)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--rate", type=float, default=0.1)
    ap.add_argument("--seeds", type=int, default=1, help="forests averaged (bagging)")
    ap.add_argument("--sample", type=int, default=None, help="only this many bodies (a quick try)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--shifts", default=None,
                    help="--cv: the disagree decision shifts to score, comma-separated "
                         "(default: 0 and DECISION_SHIFT's)")
    ap.add_argument("--reshift", action="store_true",
                    help="no training: set DECISION_SHIFT and VERSION on the shipped trees")
    args = ap.parse_args(argv)
    if args.reshift:
        return reshift(args.out)
    if args.pairs is None or not args.pairs.is_file():
        print("train_check: no FNC-1 pairs (../shared/datasets/fnc1-claims-dev/pairs.jsonl)",
              file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    ps = load_pair_set(args.pairs, jobs=args.jobs, cache=args.cache, sample=args.sample)
    claims, arts = readings(ps, use_lede=False)
    bodies = article_stances(args.pairs.parent / "articles.jsonl")
    y = np.array([LABELS.index(p.stance) for p in ps.pairs])
    print(f"{len(ps.pairs):,} pairs, {len(ps.analyses):,} bodies read in "
          f"{time.perf_counter() - t0:.0f} s", flush=True)
    if args.cv:
        return cross_validate(ps, claims, arts, y, args, bodies)
    hc = heldout_clusters(ps.clusters.values())
    train_bodies = {b for b in arts if ps.clusters.get(b) not in hc}
    x, lede, claim = split_features(ps, claims, arts, train_bodies, bodies)
    mask = training_mask(ps)
    model = replace(_train(x[mask], y[mask], args), lede=lede, claim=claim,
                    shift=shift_vector(DECISION_SHIFT))
    test = np.array([ps.clusters.get(p.body_id) in hc for p in ps.pairs])
    s = score([LABELS[i] for i in y[test]], _labels(model, x[test]))
    print(format_score(s, title="held-out claims (20 % of the clusters)"))
    if not args.no_save:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        model.save(args.out)
        print(f"saved {args.out} ({args.out.stat().st_size / 1024:.0f} KB)")
    return 0


def reshift(path: Path) -> int:
    """Write the forest at ``path`` back with DECISION_SHIFT and VERSION (its trees kept)."""
    from counterclaim.checking.model import Forest

    model = Forest.load(path)
    model = replace(model, shift=shift_vector(DECISION_SHIFT), version=VERSION)
    model.save(path)
    print(f"{path}: version {VERSION}, decision shift {DECISION_SHIFT}")
    return 0


def cross_validate(ps, claims, arts, y: np.ndarray, args: argparse.Namespace,
                   bodies: dict[str, int]) -> int:
    """k-fold cross-validation by claim on the training clusters only (the held-out
    claims are never scored here): train on the other folds' claims, score one, at each
    disagree decision shift of ``--shifts``."""
    heads = headline_clusters(ps.pairs, ps.clusters)
    held = heldout_clusters(ps.clusters.values())
    body_fold = np.array([fold_of(ps.clusters[p.body_id], args.cv) for p in ps.pairs])
    head_fold = np.array([fold_of(heads[p.headline], args.cv) if p.headline in heads else -1
                          for p in ps.pairs])
    usable = training_mask(ps)
    shifts = ([float(v) for v in args.shifts.split(",")] if args.shifts
              else sorted({0.0, DECISION_SHIFT.get("disagree", 0.0)}))
    rows: dict[float, list[tuple[float, float, float]]] = {sh: [] for sh in shifts}
    for k in range(args.cv):
        train_bodies = {b for b in arts if ps.clusters.get(b) not in held
                        and fold_of(ps.clusters[b], args.cv) != k}
        x, _, _ = split_features(ps, claims, arts, train_bodies, bodies)
        train = usable & (body_fold != k) & (head_fold != k)
        test = usable & (body_fold == k)
        m = _train(x[train], y[train], args)
        for sh in shifts:
            s = score([LABELS[i] for i in y[test]],
                      _labels(m, x[test], shift_vector({"disagree": sh})))
            rows[sh].append((s.fnc, s.macro_f1, s.f1["disagree"]))
            print(f"fold {k} shift {sh:g}: FNC {s.fnc:.1f}  macro-F1 {s.macro_f1:.1f}  "
                  f"disagree F1 {s.f1['disagree']:.1f}  ({s.pairs:,} pairs)", flush=True)
    for sh in shifts:
        a = np.array(rows[sh])
        print(f"{args.cv}-fold by claim, shift {sh:g}: FNC {a[:, 0].mean():.1f}±"
              f"{a[:, 0].std():.1f}  macro-F1 {a[:, 1].mean():.1f}±{a[:, 1].std():.1f}  "
              f"disagree F1 {a[:, 2].mean():.1f}±{a[:, 2].std():.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
