"""Stories: articles about the same event or claim, grouped as they arrive.

An article's story words are the stemmed content words of its title and the first
``lede_chars`` characters of its body (:func:`story_words`; news leads with what it
is about). Stories are made online, one article at a time, in ingest order:

* the article's words are weighted TF-IDF (``1 + log tf`` times ``log((n+1)/(df+1)) + 1``
  with the document frequencies of the articles seen *before* it), L2-normalised;
* the candidate stories are those whose centroid holds one of the article's
  ``key_terms`` heaviest words (an inverted index: blocking, never all pairs), the
  best ``MAX_CANDIDATES`` by words shared (:func:`top_candidates`);
* the article joins the candidate whose centroid is most similar (cosine, the
  centroid re-weighted with the same IDF) at or over ``threshold``, ties to the
  earliest story, else it starts a story (:func:`choose`);
* the story's centroid adds the article's sublinear term frequencies and keeps the
  ``centroid_terms`` heaviest (:func:`merge_centroid`).

The store keeps this state in its database and reads it inside the write
transaction of each article; Spark's Stage 2 runs :class:`MemoryStories` (the very
same functions over an in-memory index) on the driver in the same order, so both
give the same stories. Standard library only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import LexiconError
from ..lexicon import load_data, load_lexicon
from .claims import stem
from .rules import load_rules, strings

MAX_CANDIDATES = 24
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_SOURCE = "lexicon/data/stories.json"


@dataclass(frozen=True)
class StoryRules:
    """The story and outlet-voice rules (``lexicon/data/stories.json``)."""

    version: str
    lede_chars: int
    threshold: float
    key_terms: int
    centroid_terms: int
    voice_chars: int
    stopwords: frozenset[str]
    debunk_re: re.Pattern[str]
    relay_re: re.Pattern[str]
    # the place line opening a wire story ('MERIN —'): never part of the outlet's voice
    dateline_re: re.Pattern[str] | None = None
    # debunk words anywhere in the body that make the outlet's verdict (see voice.py)
    body_debunk_min: int = 2
    # cue classes that relay someone's claim ('claimed', 'alleged'): in a debunking
    # article, an assertion under such a cue is the rumour being debunked
    relay_cue_classes: frozenset[str] = frozenset()


def _phrases_re(data: Mapping[str, Any], key: str) -> re.Pattern[str]:
    words = data.get(key)
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise LexiconError(f"'{key}' must be a non-empty list of strings", source=_SOURCE)
    alts = sorted({re.escape(w.lower()).replace(r"\ ", r"\s+") for w in words}, key=len,
                  reverse=True)
    return re.compile(r"(?<![\w’'-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)


def _number(data: Mapping[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
        raise LexiconError(f"'{key}' must be a positive number", source=_SOURCE)
    return kind(value)


@lru_cache(maxsize=1)
def load_story_rules() -> StoryRules:
    """The story rules, loaded and checked once per process."""
    data = load_data("stories")
    extra = strings(data, "extra_stopwords", _SOURCE)
    return StoryRules(
        version=str(data["version"]),
        lede_chars=_number(data, "lede_chars", int),
        threshold=_number(data, "threshold", float),
        key_terms=_number(data, "key_terms", int),
        centroid_terms=_number(data, "centroid_terms", int),
        voice_chars=_number(data, "voice_chars", int),
        stopwords=load_rules().stopwords | frozenset(w.lower() for w in extra),
        debunk_re=_phrases_re(data, "debunk"),
        relay_re=_phrases_re(data, "relay"),
        dateline_re=load_lexicon().dateline_re,
        body_debunk_min=_number(data, "body_debunk_min", int),
        relay_cue_classes=frozenset(strings(data, "relay_cue_classes", _SOURCE)),
    )


def story_words(title: str | None, body: str, rules: StoryRules | None = None) -> dict[str, int]:
    """Stemmed content words of the title and the lede, with their counts (the title
    counts twice: a headline says what the story is)."""
    rules = rules or load_story_rules()
    counts: Counter[str] = Counter()
    for weight, text in ((2, title or ""), (1, body[: rules.lede_chars])):
        for tok in _WORD.findall(text):
            low = tok.lower().replace("’", "'")
            if len(low) < 3 or low in rules.stopwords:
                continue
            s = stem(low)
            if s not in rules.stopwords and len(s) > 2:
                counts[s] += weight
    return dict(sorted(counts.items()))


def _tf(counts: Mapping[str, float]) -> dict[str, float]:
    return {t: 1.0 + math.log(c) for t, c in counts.items() if c > 0}


class Idf(dict):
    """``log((n+1)/(df+1)) + 1`` per term, computed once per term for one placement."""

    def __init__(self, df: Mapping[str, int], n_docs: int) -> None:
        super().__init__()
        self.df, self.log_n = df, math.log(n_docs + 1)

    def __missing__(self, term: str) -> float:
        v = self[term] = self.log_n - math.log(self.df.get(term, 0) + 1) + 1.0
        return v


def weigh(tf: Mapping[str, float], idf: Idf) -> dict[str, float]:
    """TF-IDF weights of ``tf`` (term → sublinear frequency), L2-normalised."""
    w = {t: v * idf[t] for t, v in tf.items()}
    norm = math.sqrt(math.fsum(x * x for x in w.values()))
    return {t: x / norm for t, x in w.items()} if norm else {}


def key_terms(weights: Mapping[str, float], rules: StoryRules | None = None) -> list[str]:
    """The article's heaviest words: the keys its candidate stories are found by."""
    rules = rules or load_story_rules()
    return [t for t, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
            ][: rules.key_terms]


def top_candidates(shared: Mapping[int | str, int]) -> list[int | str]:
    """Candidate stories (story → number of the article's key words its centroid
    holds): the ``MAX_CANDIDATES`` sharing most, ties by story id."""
    order = sorted(shared.items(), key=lambda kv: (-kv[1], str(kv[0]).zfill(20)))
    return [k for k, _ in order[:MAX_CANDIDATES]]


def cosine(weights: Mapping[str, float], centroid: Mapping[str, float], idf: Idf) -> float:
    """Cosine of an article's weights and a story centroid re-weighted by the same IDF."""
    cw = weigh(centroid, idf)
    return math.fsum(v * cw[t] for t, v in weights.items() if t in cw)


def choose(weights: Mapping[str, float], candidates: Iterable[tuple[Any, Mapping[str, float]]],
           idf: Idf, rules: StoryRules | None = None
           ) -> tuple[Any, float] | None:
    """The story an article joins among ``(story, centroid)`` candidates (story ids
    ascending = oldest first): the most similar at or over the threshold, ties to the
    oldest; None when none is."""
    rules = rules or load_story_rules()
    best: tuple[Any, float] | None = None
    for sid, centroid in candidates:
        s = cosine(weights, centroid, idf)
        if s >= rules.threshold and (best is None or s > best[1] + 1e-12):
            best = (sid, s)
    return best


def merge_centroid(centroid: Mapping[str, float], tf: Mapping[str, float], idf: Idf,
                   rules: StoryRules | None = None
                   ) -> dict[str, float]:
    """A story's centroid after one more article: summed sublinear frequencies, the
    ``centroid_terms`` heaviest by TF-IDF kept (rounded, so a stored and an in-memory
    centroid are equal)."""
    rules = rules or load_story_rules()
    summed = dict(centroid)
    for t, v in tf.items():
        summed[t] = summed.get(t, 0.0) + v
    ranked = sorted(summed.items(), key=lambda kv: (-kv[1] * idf[kv[0]], kv[0]))
    return {t: round(v, 6) for t, v in sorted(ranked[: rules.centroid_terms])}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an article goes: ``story`` (None: a new one) with its ``score``; the
    article's ``tf`` and the IDF it was weighed with (for :func:`merge_centroid`)."""

    story: Any
    score: float
    tf: dict[str, float]
    idf: Idf


def place(words: Mapping[str, int], df: Mapping[str, int], n_docs: int,
          centroids_of: Any, rules: StoryRules | None = None) -> Placement:
    """Decide one article's story. ``centroids_of(keys)`` returns the ``(story,
    centroid)`` candidates for the article's key words (the caller's index: SQL or
    memory; it applies :func:`top_candidates`)."""
    rules = rules or load_story_rules()
    tf = _tf(words)
    idf = Idf(df, n_docs)
    weights = weigh(tf, idf)
    if not weights:
        return Placement(None, 0.0, tf, idf)
    found = choose(weights, centroids_of(key_terms(weights, rules)), idf, rules)
    if found is None:
        return Placement(None, 0.0, tf, idf)
    return Placement(found[0], round(found[1], 4), tf, idf)


class MemoryStories:
    """The story state in memory (Spark's driver, tools): the same decisions as the
    store's, article by article in ingest order."""

    def __init__(self, rules: StoryRules | None = None) -> None:
        self.rules = rules or load_story_rules()
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.centroids: list[dict[str, float]] = []
        self.index: dict[str, set[int]] = {}

    def _candidates(self, keys: list[str]) -> list[tuple[int, dict[str, float]]]:
        shared: Counter[int] = Counter()
        for k in keys:
            for sid in self.index.get(k, ()):
                shared[sid] += 1
        chosen = sorted(top_candidates(shared))  # type: ignore[type-var]
        return [(sid, self.centroids[sid]) for sid in chosen]  # type: ignore[index]

    def add(self, words: Mapping[str, int]) -> tuple[int | None, float]:
        """Place one article; return its story number (0-based, in order of creation;
        None for an article with no story words, as the store leaves it) and the score
        it joined with (0.0 for a new story)."""
        if not words:
            return None, 0.0
        p = place(words, self.df, self.n_docs, self._candidates, self.rules)
        sid = p.story if p.story is not None else len(self.centroids)
        if p.story is None:
            self.centroids.append({})
        old = self.centroids[sid]
        new = merge_centroid(old, p.tf, p.idf, self.rules)
        for t in old.keys() - new.keys():
            self.index[t].discard(sid)
        for t in new.keys() - old.keys():
            self.index.setdefault(t, set()).add(sid)
        self.centroids[sid] = new
        self.df.update(words.keys())
        self.n_docs += 1
        return sid, p.score
