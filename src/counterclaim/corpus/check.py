"""A claim checked against a corpus: the articles about it, each with its stance.

    >>> from counterclaim import Store, check                         # doctest: +SKIP
    >>> res = check("Chinese nationals are fighting for Russia", Store("corpus.db"))
    >>> [(r["outlet"], r["stance"]) for r in res.rows()]              # doctest: +SKIP

Candidates come from the store's indexes, never a scan of every article
(:func:`gather`): the full-text index (``store.check.candidates``, best BM25 first),
the articles holding a corpus proposition that states the claim (the
``proposition_keys`` index, scored by ``link.propositions.similarity``) and the
other articles of the stories of the best full-text hits, fused by rank; each is read
back from the store and checked by ``counterclaim.checking``; unrelated articles are
not listed.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ..checking import CheckResult, claim_words, decide, load_model, read_article, read_claim
from ..checking.features import ClaimReading
from ..errors import QueryError
from ..link.propositions import THRESHOLD, Signature, similarity
from ..store.check import (
    article_briefs,
    candidates,
    proposition_articles,
    proposition_candidates,
    stored_analyses,
    story_articles,
)

SIDE_OF_STANCE = {"supports": "asserting", "denies": "denying", "discusses": "hedging"}
_READINGS: OrderedDict[tuple[str, int, int], Any] = OrderedDict()  # (db, article, model)
_READINGS_MAX = 4096


def _readings(store: Any, ids: list[int], model: Any) -> dict[int, Any]:
    """Each candidate's reading (``checking.read_article``), kept in a small LRU so that
    a server checking many claims reads an article once."""
    db = str(getattr(store, "path", id(store)))
    out: dict[int, Any] = {}
    todo = []
    for aid in ids:
        key = (db, aid, id(model))
        if key in _READINGS:
            _READINGS.move_to_end(key)
            out[aid] = _READINGS[key]
        else:
            todo.append(aid)
    for aid, analysis in stored_analyses(store, todo).items():
        out[aid] = _READINGS[(db, aid, id(model))] = read_article(analysis, model)
    while len(_READINGS) > _READINGS_MAX:
        _READINGS.popitem(last=False)
    return out


STORY_SEEDS = 3  # the best full-text hits whose stories are read
_FUSE = 20  # reciprocal-rank fusion constant: a list's first ranks count most, not all


def gather(store: Any, claim: ClaimReading, words: list[str], limit: int
           ) -> tuple[list[int], dict[str, int]]:
    """At most ``limit`` candidate article ids for a claim, and how many each index gave:
    ``fts`` (the full-text index), ``propositions`` (articles holding a corpus
    proposition whose signature states the claim, ``similarity`` at the linking
    threshold or over), ``stories`` (the other articles of the stories of the
    best full-text hits). Fused by reciprocal rank, so an article two indexes find
    comes first; the full-text order breaks ties."""
    fts = candidates(store, words, limit=limit)
    sig = claim.signature
    props = [pid for pid, d in proposition_candidates(store, sig.index_keys())
             if similarity(sig, Signature.from_dict(d)) >= THRESHOLD] if sig.terms else []
    by_prop = proposition_articles(store, props, limit=limit)
    by_story = story_articles(store, fts[:STORY_SEEDS], limit=max(1, limit // 5))
    score: dict[int, float] = {}
    for ranked in (fts, by_prop, by_story):
        for rank, aid in enumerate(ranked):
            score[aid] = score.get(aid, 0.0) + 1.0 / (_FUSE + rank)
    fts_rank = {aid: i for i, aid in enumerate(fts)}
    merged = sorted(score, key=lambda a: (-score[a], fts_rank.get(a, len(fts))))
    return merged[:limit], {"fts": len(fts), "propositions": len(by_prop),
                            "stories": len(by_story)}


@dataclass
class ClaimCheck:
    """One claim's check: the related articles (best first) and how long it took."""

    claim: str
    claim_id: str
    results: list[tuple[CheckResult, dict[str, Any]]] = field(default_factory=list)
    candidates: int = 0
    seconds: float = 0.0
    sources: dict[str, int] = field(default_factory=dict)  # candidates per index (gather)

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-ready object per (claim, article): ``claim_id``, ``claim``,
        ``article`` (its ext id), ``stance``, ``score``, ``statements``, ``why``, and the
        article's ``article_id``, ``title``, ``outlet``, ``date`` and ``url``."""
        out = []
        for r, brief in self.results:
            d = r.to_dict()
            out.append({"claim_id": self.claim_id, "claim": self.claim,
                        "article": brief.get("ext_id") or str(brief["id"]),
                        "stance": d["stance"], "score": d["score"],
                        "statements": d["statements"], "why": d["why"],
                        "article_id": brief["id"], "title": brief.get("title"),
                        "outlet": brief.get("outlet"), "date": brief.get("date"),
                        "url": brief.get("url")})
        return out

    def by_stance(self) -> dict[str, list[dict[str, Any]]]:
        """The rows grouped as ``{"supports": […], "denies": […], "discusses": […]}``."""
        out: dict[str, list[dict[str, Any]]] = {"supports": [], "denies": [], "discusses": []}
        for row in self.rows():
            out.setdefault(row["stance"], []).append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the API's answer)."""
        return {"claim": self.claim, "claim_id": self.claim_id, "candidates": self.candidates,
                "sources": self.sources, "seconds": round(self.seconds, 4),
                "results": self.rows()}


def check_claim(claim: str, store: Any, *, claim_id: str = "1", limit: int = 20,
                candidates_limit: int = 50, model: Any = None) -> ClaimCheck:
    """Check one claim against the corpus in ``store`` (see the module docstring):
    at most ``limit`` related articles, from ``candidates_limit`` candidates."""
    t0 = time.perf_counter()
    claim = (claim or "").strip()
    if not claim:
        raise QueryError("the claim is empty; give a sentence")
    words = claim_words(claim)
    if not words:
        raise QueryError(f"the claim {claim!r} has no content words to look for")
    model = model or load_model()
    reading = read_claim(claim, model)
    ids, sources = gather(store, reading, words, candidates_limit)
    readings = _readings(store, ids, model)
    results = []
    for aid in ids:
        if aid in readings:
            r = decide(reading, readings[aid], model)
            if r.stance != "unrelated":
                results.append((aid, r))
    results.sort(key=lambda x: -x[1].score)
    results = results[: max(0, int(limit))]
    briefs = article_briefs(store, [aid for aid, _ in results])
    return ClaimCheck(claim=claim, claim_id=claim_id,
                      results=[(r, briefs[aid]) for aid, r in results], candidates=len(ids),
                      seconds=time.perf_counter() - t0, sources=sources)


def check(claim: str, store: Any, **kwargs: Any) -> ClaimCheck:
    """``counterclaim.check(claim, store)``: :func:`check_claim`."""
    return check_claim(claim, store, **kwargs)
