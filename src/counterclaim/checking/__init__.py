"""Claim check: given a claim, does an article support it, deny it, only report it, or
is it about something else?

    >>> from counterclaim.checking import check
    >>> r = check("Veldra sold drones to Ostrava", analysis)        # doctest: +SKIP
    >>> r.stance, r.score, [s["side"] for s in r.statements]         # doctest: +SKIP
    ('denies', 0.81, ['denying'])

The decision is a pure function of the claim and the article's
:class:`~counterclaim.records.Analysis`: the features of :mod:`.features` (what the
article's title, lede and statements share with the claim, its debunking and
reporting cues, the sides of the statements close to the claim) scored by a small
forest of boosted trees (:mod:`.model`) trained by ``scripts/train_check.py`` and
shipped as ``data/check-model.npz``. Retrieval of candidate articles from a corpus is
the store's (``Store.check_candidates``); this package never reads a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..records import Analysis
from .features import (
    FEATURES,
    ArticleReading,
    ClaimReading,
    features,
    read_article,
    read_claim,
    statement_scores,
    words_of,
)
from .model import Forest, load_model

STANCES = ("supports", "denies", "discusses", "unrelated")
_FROM_LABEL = {"agree": "supports", "disagree": "denies", "discuss": "discusses",
               "unrelated": "unrelated"}


@dataclass(frozen=True)
class CheckResult:
    """One article's stance toward one claim.

    ``stance``: supports / denies / discusses / unrelated; ``score``: the model's
    probability of that stance; ``probabilities``: all four; ``statements``: the
    statements that decide it (closest to the claim first), each
    ``{"id", "speaker", "cue", "content", "start", "end", "side", "evidence",
    "similarity"}``; ``why``: the claim's words and entities the article shares and
    the article's own cues (``debunk``, ``report``) in the sentences about the claim."""

    claim: str
    article: str
    stance: str
    score: float
    probabilities: dict[str, float]
    statements: tuple[dict[str, Any], ...] = ()
    why: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"claim": self.claim, "article": self.article, "stance": self.stance,
                "score": round(self.score, 4),
                "probabilities": {k: round(v, 4) for k, v in self.probabilities.items()},
                "statements": list(self.statements), "why": self.why}


def claim_words(claim: str) -> list[str]:
    """The claim's distinct content words as written (lower-cased, no stop words), for
    a full-text index query."""
    seen: dict[str, None] = {}
    stems = set(words_of(claim))
    for tok in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[0-9]+", claim):
        low = tok.lower().strip("'’-")
        if words_of(low) and set(words_of(low)) <= stems:
            seen.setdefault(low, None)
    return list(seen)


def _statement_dict(sim: float, st: Any) -> dict[str, Any]:
    return {"id": st.id, "speaker": st.speaker.name,
            "cue": st.cue.lemma if st.cue else None, "content": st.content.text,
            "start": st.content.start, "end": st.content.end, "side": st.side or "other",
            "evidence": st.evidence, "similarity": round(sim, 3)}


def _why(claim: ClaimReading, art: ArticleReading) -> dict[str, Any]:
    from ..lexicon import load_check_cues

    cues = load_check_cues()
    shared = sorted(claim.vocabulary & frozenset(art.body_counts) | (claim.vocabulary & art.title_words))
    ents = sorted(claim.signature.entities & art.body_entities)
    lede = art.lede
    return {"shared_terms": shared, "shared_entities": ents,
            "missing_terms": sorted(claim.vocabulary - frozenset(art.body_counts)),
            "debunk": sorted({m.lower() for m in cues.debunk.findall(art.title + " " + lede)}),
            "report": sorted({m.lower() for m in cues.report.findall(art.title + " " + lede)})}


def decide(claim: ClaimReading, art: ArticleReading, model: Forest | None = None,
           *, vector: Sequence[float] | None = None) -> CheckResult:
    """The check of one read claim against one read article."""
    model = model or load_model()
    x = np.asarray([vector if vector is not None else features(claim, art)], np.float32)
    p = model.proba(x)[0]
    probs = {_FROM_LABEL[c]: float(v) for c, v in zip(model.classes, p, strict=True)}
    stance = max(probs, key=lambda s: probs[s])
    scored = [(s, st) for s, st in statement_scores(claim, art) if s >= 0.15][:3]
    return CheckResult(claim=claim.text, article=art.analysis.article.id, stance=stance,
                       score=probs[stance], probabilities=probs,
                       statements=tuple(_statement_dict(s, st) for s, st in scored),
                       why=_why(claim, art))


def check(claim: str, analysis: Analysis, *, model: Forest | None = None) -> CheckResult:
    """The stance of one analysed article toward a claim (see the module docstring)."""
    model = model or load_model()
    return decide(read_claim(claim, model), read_article(analysis, model), model)


def check_many(claim: str, analyses: Iterable[Analysis], *, model: Forest | None = None,
               related_only: bool = True) -> list[CheckResult]:
    """The check of many articles against one claim, best first (denials and support
    before reports, then by score); unrelated articles left out unless
    ``related_only`` is False."""
    model = model or load_model()
    c = read_claim(claim, model)
    out = [decide(c, read_article(a, model), model) for a in analyses]
    if related_only:
        out = [r for r in out if r.stance != "unrelated"]
    return sorted(out, key=lambda r: (r.stance == "unrelated", -r.score))


__all__ = ["FEATURES", "STANCES", "CheckResult", "check", "check_many", "claim_words", "decide",
           "load_model", "read_article", "read_claim"]
