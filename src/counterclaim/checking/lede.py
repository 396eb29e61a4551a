"""Two small learned scores the forest reads as features, each three probabilities
(for, against, observing — stored in the order agree, disagree, discuss):

* **the article's stance toward its story**: does its opening state the story in its
  own voice, debunk it, or relay it? A softmax regression over hashed words and word
  pairs (stems, :func:`.features.words_of`) of the opening sentences;
* **the claim's own stance**: is the claim itself asserting its story ("Plant tore up
  the contract"), debunking it ("No, Plant did not tear up the contract", "The Plant
  contract story is a hoax") or relaying it ("Report: Plant may have …")? The same
  regression over the claim's hashed tokens (:func:`claim_hashed`: every word, the
  function words "no" and "not" too, and word pairs).

An article *supports* a claim when the two stances agree, *denies* it when one is for
and the other against (FNC-1's labels are built so: a body debunking a story
*agrees* with a headline that debunks it too). Both are trained with the forest by
``scripts/train_check.py`` (out-of-fold for the forest's training rows) and shipped in
the same ``.npz``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DIM = 4096
SENTENCES = 5  # the opening read
CLASSES = ("agree", "disagree", "discuss")


def hashed(words: Sequence[str]) -> np.ndarray:
    """The distinct hashed indices of the words and word pairs of a text."""
    return _indices(list(words) + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)])


def _indices(grams: Sequence[str]) -> np.ndarray:
    return np.unique(np.array([zlib.crc32(g.encode()) % DIM for g in grams], np.int64))


_CLAIM_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def claim_hashed(text: str) -> np.ndarray:
    """The distinct hashed indices of a claim's lower-cased words and word pairs (stop
    words kept: "no", "not", "did not" carry its stance), and a question mark's."""
    words = _CLAIM_TOKEN.findall(text.lower())
    grams = [f"c|{w}" for w in words] + [f"c|{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    if text.rstrip().endswith("?"):
        grams.append("c|?")
    return _indices(grams)


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
             steps: int = 400, rate: float = 0.05) -> LedeModel:
    """Fit the regression (``labels`` index CLASSES) by full-batch Adam, each class
    weighed by the inverse of its share: plain gradient descent at these sizes stopped
    far from the optimum and, unweighted, almost never gave the rare *disagree* a high
    probability (its out-of-fold F1 on the training bodies was 2; now about 50)."""
    n = len(rows)
    x = np.zeros((n, DIM), np.float64)  # the weights' type: no conversion at every step
    for i, idx in enumerate(rows):
        x[i, idx] = 1.0
    x /= np.maximum(1.0, np.sqrt(x.sum(1, keepdims=True)))
    y = np.eye(len(CLASSES))[labels]
    share = np.clip(y.mean(0), 1e-6, None)
    weight = (1.0 / (len(CLASSES) * share))[labels]
    weight /= weight.sum()
    w = np.zeros((DIM, len(CLASSES)))
    b = np.zeros(len(CLASSES))
    m1 = np.zeros_like(w)
    m2 = np.zeros_like(w)
    for t in range(1, steps + 1):
        z = x @ w + b
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - y) * weight[:, None]
        grad = x.T @ g + l2 * w
        b -= 0.5 * g.sum(0)
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad * grad
        w -= rate * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    return LedeModel(weights=w.astype(np.float32), bias=b.astype(np.float32))
