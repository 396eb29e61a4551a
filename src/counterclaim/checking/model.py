"""A small learned component: oblivious gradient-boosted trees in plain numpy.

Every tree asks the same question (feature ≤ threshold) of every example at one
depth, so a tree of depth ``d`` is ``d`` (feature, threshold) pairs and ``2**d`` leaf
vectors (one score per class); a forest is a few arrays. :func:`fit` trains one with
the softmax loss on binned features; :class:`Forest` predicts, and saves to / loads
from an ``.npz`` file (the shipped weights are ``data/check-model.npz``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .lede import LedeModel

MODEL_FILE = "check-model.npz"


@dataclass(frozen=True)
class Forest:
    """A trained forest: ``features[t, level]`` and ``thresholds[t, level]`` per tree,
    ``leaves[t, 2**depth, classes]``, a ``base`` score per class and a learning rate
    already folded into the leaves; ``shift``: a score added to each class after the
    trees, the decision threshold chosen by cross-validation (``scripts/train_check.py``;
    zeros when none was set)."""

    features: np.ndarray  # int16 (trees, depth)
    thresholds: np.ndarray  # float32 (trees, depth)
    leaves: np.ndarray  # float32 (trees, 2**depth, classes)
    base: np.ndarray  # float32 (classes,)
    classes: tuple[str, ...]
    feature_names: tuple[str, ...]
    version: str
    lede: LedeModel | None = None
    claim: LedeModel | None = None  # the claim's own stance (:mod:`.lede`)
    shift: np.ndarray | None = None  # float32 (classes,)

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Raw class scores for rows of features ``x`` (n, features)."""
        x = np.asarray(x, dtype=np.float32)
        if x.ndim == 1:
            x = x[None, :]
        depth = self.features.shape[1]
        weights = (1 << np.arange(depth))[::-1]
        trees = np.arange(self.features.shape[0])
        out = np.tile(self.base, (x.shape[0], 1)).astype(np.float64)
        # every tree at once, in blocks of rows (a loop over trees costs about 30 µs a
        # tree, which for one row is most of a claim check's time)
        for start in range(0, x.shape[0], 512):
            block = x[start:start + 512]
            bits = block[:, self.features] > self.thresholds  # (rows, trees, depth)
            leaf = bits.astype(np.int64) @ weights  # (rows, trees)
            out[start:start + 512] += self.leaves[trees, leaf].sum(axis=1)
        return out if self.shift is None else out + self.shift

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (softmax of :meth:`scores`)."""
        return _softmax(self.scores(x))

    def save(self, path: str | Path) -> None:
        """Write the forest to an ``.npz`` file."""
        np.savez_compressed(
            path, features=self.features, thresholds=self.thresholds, leaves=self.leaves,
            base=self.base, classes=np.array(self.classes), version=np.array(self.version),
            feature_names=np.array(self.feature_names),
            **({"shift": self.shift} if self.shift is not None else {}),
            **({"lede_weights": self.lede.weights, "lede_bias": self.lede.bias}
               if self.lede else {}),
            **({"claim_weights": self.claim.weights, "claim_bias": self.claim.bias}
               if self.claim else {}))

    @classmethod
    def load(cls, path: str | Path) -> Forest:
        """Read a forest written by :meth:`save`."""
        try:
            with np.load(path, allow_pickle=False) as d:
                return cls(features=d["features"], thresholds=d["thresholds"],
                           leaves=d["leaves"], base=d["base"],
                           classes=tuple(str(c) for c in d["classes"]),
                           feature_names=tuple(str(c) for c in d["feature_names"]),
                           version=str(d["version"]),
                           lede=LedeModel(d["lede_weights"], d["lede_bias"])
                           if "lede_weights" in d else None,
                           claim=LedeModel(d["claim_weights"], d["claim_bias"])
                           if "claim_weights" in d else None,
                           shift=d["shift"] if "shift" in d else None)
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{path}: cannot read the check model ({exc})") from exc


def average(forests: list[Forest]) -> Forest:
    """One forest scoring the mean of ``forests``' raw scores (their trees together,
    each leaf divided by their number): a bagged ensemble in the same file shape."""
    n = len(forests)
    if not n:
        raise ValueError("no forest to average")
    first = forests[0]
    return Forest(features=np.concatenate([f.features for f in forests]),
                  thresholds=np.concatenate([f.thresholds for f in forests]),
                  leaves=(np.concatenate([f.leaves for f in forests]) / n).astype(np.float32),
                  base=np.mean([f.base for f in forests], axis=0).astype(np.float32),
                  classes=first.classes, feature_names=first.feature_names,
                  version=first.version, lede=first.lede, claim=first.claim,
                  shift=first.shift)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _bins(x: np.ndarray, n_bins: int) -> list[np.ndarray]:
    """Candidate thresholds per feature: distinct quantiles."""
    qs = np.linspace(0, 1, n_bins + 1)[1:-1]
    return [np.unique(np.quantile(x[:, f], qs)) for f in range(x.shape[1])]


def fit(x: np.ndarray, y: np.ndarray, *, classes: tuple[str, ...], feature_names: tuple[str, ...],
        trees: int = 300, depth: int = 6, rate: float = 0.1, l2: float = 1.0,
        n_bins: int = 32, class_weight: np.ndarray | None = None,
        sample_weight: np.ndarray | None = None, subsample: float = 0.8, version: str = "",
        seed: int = 0) -> Forest:
    """Train a forest on rows ``x`` (n, features) with labels ``y`` (class indices),
    weighting each row by its class weight times its sample weight."""
    x = np.asarray(x, dtype=np.float32)
    n, nf = x.shape
    k = len(classes)
    onehot = np.eye(k)[y]
    w = np.ones(n) if class_weight is None else class_weight[y]
    if sample_weight is not None:
        w = w * sample_weight
    prior = (onehot * w[:, None]).sum(0) / w.sum()
    base = np.log(np.clip(prior, 1e-6, None)).astype(np.float32)
    cuts = _bins(x, n_bins)
    nb = max(len(c) for c in cuts) + 1
    xb = np.stack([np.searchsorted(cuts[f], x[:, f], side="left") for f in range(nf)], axis=1)
    # xb[i, f] = number of cut points < x, so "x > cuts[f][j]" ⇔ "xb > j".
    score = np.tile(base, (n, 1)).astype(np.float64)
    t_feat = np.zeros((trees, depth), np.int16)
    t_thr = np.zeros((trees, depth), np.float32)
    t_leaf = np.zeros((trees, 1 << depth, k), np.float32)
    rng = np.random.default_rng(seed)
    for t in range(trees):
        p = _softmax(score)
        g = (p - onehot) * w[:, None]
        h = np.clip(p * (1 - p), 1e-6, None) * w[:, None]
        rows = rng.random(n) < subsample  # row subsampling
        xr, ghr = np.asfortranarray(xb[rows]), np.concatenate([g[rows], h[rows]], 1)
        node = np.zeros(n, np.int64)
        for level in range(depth):
            f, j = _best_split(xr, ghr, node[rows], 1 << level, nb, cuts, l2)
            t_feat[t, level] = f
            t_thr[t, level] = cuts[f][j] if len(cuts[f]) else np.inf
            node = node * 2 + (xb[:, f] > j)
        leaves = 1 << depth
        gs = np.stack([np.bincount(node[rows], g[rows, c], leaves) for c in range(k)], 1)
        hs = np.stack([np.bincount(node[rows], h[rows, c], leaves) for c in range(k)], 1)
        t_leaf[t] = (-rate * gs / (hs + l2)).astype(np.float32)
        score += t_leaf[t][node]
    return Forest(features=t_feat, thresholds=t_thr, leaves=t_leaf, base=base, classes=classes,
                  feature_names=feature_names, version=version)


def _best_split(xb: np.ndarray, gh: np.ndarray, node: np.ndarray, nodes: int, nb: int,
                cuts: list[np.ndarray], l2: float) -> tuple[int, int]:
    """The (feature, bin) whose split of every node gains most (summed over classes).
    ``gh`` holds the gradients then the hessians of the sampled rows, (n, 2k)."""
    best, best_gain = (0, 0), -np.inf
    n, k2 = gh.shape
    k = k2 // 2
    base = node * nb
    gh = np.asfortranarray(gh)
    for f in range(xb.shape[1]):
        valid = len(cuts[f])
        if not valid:
            continue
        cell = base + xb[:, f]
        hist = np.stack([np.bincount(cell, gh[:, c], nodes * nb) for c in range(k2)],
                        1).reshape(nodes, nb, k2)
        left = np.cumsum(hist, 1)[:, :-1]
        total = hist.sum(1, keepdims=True)
        gl, hl = left[..., :k], left[..., k:]
        gr, hr = total[..., :k] - gl, total[..., k:] - hl
        gain = (gl ** 2 / (hl + l2) + gr ** 2 / (hr + l2)).sum(axis=(0, 2))
        j = int(np.argmax(gain[:valid]))
        if gain[j] > best_gain:
            best, best_gain = (f, j), gain[j]
    return best


def load_default(path: Path) -> Forest:
    """The shipped forest, with a clear error when it is missing."""
    if not path.is_file():
        raise ModelError(f"the check model {path.name} is missing; run scripts/train_check.py "
                         "or reinstall counterclaim")
    return Forest.load(path)


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Forest:
    """The forest at ``path``, or the shipped one (``data/check-model.npz``)."""
    if path:
        return load_default(Path(path))
    ref = resources.files(__package__).joinpath("data", MODEL_FILE)
    with resources.as_file(ref) as p:
        return load_default(Path(p))
