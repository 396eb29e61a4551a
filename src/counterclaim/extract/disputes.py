"""Stage 10–11: propositions, disputes, and the final Statement records.

Statements are grouped into propositions by term overlap (see
:mod:`.propositions`: polarity is not a term, so "X" and "not X" meet), and by
claim anaphora: a statement whose content names an earlier claim ("rejected the
accusations", "caution against overinterpreting such reports") joins the most
recent proposition another speaker put forward. A proposition with at least one
asserting and one denying speaker is a dispute.

Sides: *deny* for stance deny; *hedge* for questions and for hedged comments on
a claim made by others; *assert* for the rest of assert/hedge stances (a
speaker who suggests X still puts X forward).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..records import Article, Dispute, Proposition, Statement
from .candidate import Candidate
from .propositions import (
    SAME_PROPOSITION,
    entity_terms,
    idf_weights,
    is_anaphoric_claim,
    proposition_text,
    similarity,
    terms,
)
from .stance import dismisses_claim


def _h(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def statement_id(article_id: str, c: Candidate) -> str:
    cue = c.cue.span.start if c.cue else (c.marker.start if c.marker else -1)
    return "st_" + _h(article_id, c.content.start, c.content.end, cue)


@dataclass
class _Group:
    members: list[int] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    anaphoric: set[int] = field(default_factory=set)


def side_of(c: Candidate, anaphoric: bool) -> str | None:
    if c.stance == "deny":
        return "deny"
    if c.stance == "question":
        return "hedge"
    if c.stance in ("assert", "hedge"):
        cautious = c.cue is not None and c.cue.lemma in ("caution", "warn", "question")
        if anaphoric and (c.hedged or cautious):
            return "hedge"
        return "assert"
    return None


_CLAIMING = ("distancing", "hedge")


def _claim_antecedent(found: list[Candidate], groups: list[_Group], group_of: dict[int, int],
                      k: int) -> int | None:
    """The proposition an anaphoric claim noun points to ('the accusations').

    Most recent first, a proposition someone *else* put forward as a claim (an
    alleging or suggesting cue, or a noun-complement claim) is preferred to one
    merely asserted.
    """
    me = found[k].speaker.name if found[k].speaker else None
    order = sorted({group_of[j] for j in range(k) if j in group_of},
                   key=lambda g: max(found[m].content.start for m in groups[g].members),
                   reverse=True)
    fallback = None
    for g_idx in order:
        g = groups[g_idx]
        others = [m for m in g.members if m not in g.anaphoric and found[m].speaker
                  and found[m].speaker.name != me and found[m].stance in ("assert", "hedge")]
        if not others:
            continue
        if any((found[m].cue and found[m].cue.cue_class in _CLAIMING)
               or found[m].source == "noun-claim" for m in others):
            return g_idx
        if fallback is None:
            fallback = g_idx
    return fallback


def link(article: Article, found: list[Candidate],
         lex: Lexicon) -> tuple[tuple[Statement, ...], tuple[Proposition, ...], tuple[Dispute, ...]]:
    ids = [statement_id(article.id, c) for c in found]
    term_sets = [terms(c.content.text, lex, speaker=c.speaker.name if c.speaker else None,
                       speaker_kind=c.speaker.kind if c.speaker else None) for c in found]
    weights = idf_weights(term_sets)
    entities = entity_terms(lex)
    groups: list[_Group] = []
    group_of: dict[int, int] = {}
    for k, c in enumerate(found):
        target = None
        anaphoric = is_anaphoric_claim(c.content.text, lex) or dismisses_claim(c.content.text,
                                                                               lex)
        if anaphoric:
            target = _claim_antecedent(found, groups, group_of, k)
        if target is None and term_sets[k]:
            best, best_sim = None, SAME_PROPOSITION
            for g_idx, g in enumerate(groups):
                sim = max((similarity(term_sets[k], term_sets[m], weights, entities) for m in g.members
                           if m not in g.anaphoric), default=0.0)
                if sim >= best_sim:
                    best, best_sim = g_idx, sim
            target = best
        if target is None:
            groups.append(_Group())
            target = len(groups) - 1
        g = groups[target]
        g.members.append(k)
        if anaphoric:
            g.anaphoric.add(k)
        else:
            g.terms |= term_sets[k]
        group_of[k] = target

    prop_ids: dict[int, str] = {}
    propositions = []
    disputes = []
    for g_idx, g in enumerate(groups):
        members = g.members
        pid = "pr_" + _h(article.id, *[ids[m] for m in members])
        prop_ids[g_idx] = pid
        sides: dict[str, list[str]] = {"assert": [], "deny": [], "hedge": []}
        for m in members:
            s = side_of(found[m], m in g.anaphoric)
            name = found[m].speaker.name if found[m].speaker else "unresolved"
            if s and name not in sides[s]:
                sides[s].append(name)
        rep = next((m for m in members if side_of(found[m], m in g.anaphoric) == "assert"
                    and m not in g.anaphoric), members[0])
        text = proposition_text(found[rep].content.text).strip("“”\"' ,.")
        propositions.append(Proposition(id=pid, text=text, terms=tuple(sorted(g.terms)),
                                        statements=tuple(ids[m] for m in members)))
        # One side per speaker: a denial outweighs a hedge, a hedge an assertion.
        denied = sides["deny"]
        hedged = [n for n in sides["hedge"] if n not in denied]
        asserted = [n for n in sides["assert"] if n not in denied and n not in hedged]
        if asserted and denied:
            disputes.append(Dispute(
                id="di_" + _h(article.id, pid), proposition=pid, proposition_text=text,
                asserted_by=tuple(asserted), denied_by=tuple(denied), hedged_by=tuple(hedged),
                statements=tuple(ids[m] for m in members)))
    statements = []
    for k, c in enumerate(found):
        assert c.speaker is not None
        statements.append(Statement(
            id=ids[k], speaker=c.speaker, cue=c.cue, content=c.content, kind=c.kind,
            stance=c.stance, hedged=c.hedged, hedges=c.hedges, evidence=c.evidence,
            evidence_spans=c.evidence_spans, confidence=c.confidence,
            proposition=prop_ids[group_of[k]], sentence=c.sentence,
            negated=c.content_negated, marker=c.marker, construction=c.source))
    return tuple(statements), tuple(propositions), tuple(disputes)
