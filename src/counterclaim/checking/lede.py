"""How an article's opening reads, as a small learned score: does it state a story in
its own voice, debunk it, or relay it?

A softmax regression over hashed words and word pairs (stems, :func:`.features.words_of`)
of the opening sentences; three probabilities (agree, disagree, discuss) that the
forest reads as features. Trained with the forest by ``scripts/train_check.py``
(out-of-fold for the forest's training rows) and shipped in the same ``.npz``.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DIM = 4096
SENTENCES = 5  # the opening read
CLASSES = ("agree", "disagree", "discuss")


def hashed(words: Sequence[str]) -> np.ndarray:
    """The distinct hashed indices of the words and word pairs of a text."""
    grams = list(words) + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return np.unique(np.array([zlib.crc32(g.encode()) % DIM for g in grams], np.int64))


@dataclass(frozen=True)
class LedeModel:
    """Weights ``(DIM, 3)`` and a bias ``(3,)``."""

    weights: np.ndarray
    bias: np.ndarray

    def proba(self, idx: np.ndarray) -> np.ndarray:
        """The three probabilities for one text's hashed indices."""
        z = self.weights[idx].sum(0) / max(1.0, np.sqrt(len(idx))) + self.bias
        z = np.exp(z - z.max())
        return z / z.sum()


def fit_lede(rows: Sequence[np.ndarray], labels: np.ndarray, *, l2: float = 1e-3,
             steps: int = 300, rate: float = 0.5) -> LedeModel:
    """Fit the regression by full-batch gradient descent (``labels`` index CLASSES)."""
    n = len(rows)
    x = np.zeros((n, DIM), np.float64)  # the weights' type: no conversion at every step
    for i, idx in enumerate(rows):
        x[i, idx] = 1.0
    x /= np.maximum(1.0, np.sqrt(x.sum(1, keepdims=True)))
    y = np.eye(len(CLASSES))[labels]
    w = np.zeros((DIM, len(CLASSES)))
    b = np.log(np.clip(y.mean(0), 1e-6, None))
    for _ in range(steps):
        z = x @ w + b
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - y) / n
        w -= rate * (x.T @ g + l2 * w)
        b -= rate * g.sum(0)
    return LedeModel(weights=w.astype(np.float32), bias=b.astype(np.float32))

