"""Stages 10–11: the Statement records, then their propositions, sides and disputes.

Stage 10 assembles one :class:`~counterclaim.records.Statement` per candidate (a
stable id from the article id and offsets); every linking decision that follows —
propositions, the side of each statement, disputes — is made by
:mod:`counterclaim.link`, the same functions the corpus store and Spark call.
"""

from __future__ import annotations

import hashlib

from ..link import disputes as rule
from ..link import speakers, voice
from ..records import Article, Dispute, Proposition, Statement
from .candidate import Candidate


def _h(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def statement_key(c: Candidate) -> tuple[int, int, int]:
    """What a statement's id is made of besides the article id."""
    cue = c.cue.span.start if c.cue else (c.marker.start if c.marker else -1)
    return c.content.start, c.content.end, cue


def statement_id(article_id: str, c: Candidate) -> str:
    return "st_" + _h(article_id, *statement_key(c))


def _groups(ids: list[str], continues: list[str | None]) -> list[str]:
    """Each statement's attribution group: the first statement of its chain."""
    parent = dict(zip(ids, continues, strict=True))
    out = []
    for sid in ids:
        seen = {sid}
        root = sid
        while parent.get(root) is not None and parent[root] not in seen:
            root = parent[root]  # type: ignore[assignment]
            seen.add(root)
        out.append(root)
    return out


def statements_of(article: Article, found: list[Candidate]) -> list[Statement]:
    """One Statement per candidate, not yet linked (no proposition, no side)."""
    out = []
    ids = [statement_id(article.id, c) for c in found]
    by_key = {statement_key(c): sid for c, sid in zip(found, ids, strict=True)}
    continues = [by_key.get(c.continues) if c.continues is not None else None for c in found]
    continues = [p if p != sid else None for p, sid in zip(continues, ids, strict=True)]
    groups = _groups(ids, continues)
    for c, sid, cont, grp in zip(found, ids, continues, groups, strict=True):
        assert c.speaker is not None
        out.append(Statement(
            id=sid, speaker=c.speaker, cue=c.cue, content=c.content,
            kind=c.kind, stance=c.stance, hedged=c.hedged, hedges=c.hedges,  # type: ignore[arg-type]
            evidence=c.evidence, evidence_spans=c.evidence_spans,  # type: ignore[arg-type]
            confidence=c.confidence, sentence=c.sentence, negated=c.content_negated,
            marker=c.marker, construction=c.source, quote=c.quote, continues=cont,
            group=grp))
    return out


def article_disputes(article: Article, statements: tuple[Statement, ...],
                     props: tuple[Proposition, ...]) -> tuple[Dispute, ...]:
    """The disputes of one article, by the corpus's rule: speakers are told apart by
    the key the corpus merges them on, and listed by their name in the article."""
    pairs = [(s.speaker.name, s.speaker.kind) for s in statements]
    keys = [n.key for n in speakers.name_speakers(pairs, scope=article.id)]
    by_id = {s.id: (s, k) for s, k in zip(statements, keys, strict=True)}
    out = []
    for p in props:
        members = [by_id[sid] for sid in p.statements]
        sides = rule.speaker_sides((k, s.side) for s, k in members)
        if not rule.is_dispute(rule.side_counts(sides)):
            continue
        shown = {}
        for s, k in members:
            shown.setdefault(k, s.speaker.name)
        listed = rule.by_side(sides)
        out.append(Dispute(
            id="di_" + _h(article.id, p.id), proposition=p.id, proposition_text=p.text,
            asserted_by=tuple(shown[k] for k in listed["asserting"]),  # type: ignore[index]
            denied_by=tuple(shown[k] for k in listed["denying"]),  # type: ignore[index]
            hedged_by=tuple(shown[k] for k in listed["hedging"]),  # type: ignore[index]
            statements=p.statements))
    return tuple(out)


def link(article: Article, found: list[Candidate]
         ) -> tuple[tuple[Statement, ...], tuple[Proposition, ...], tuple[Dispute, ...]]:
    """Stage 10: statements, their propositions and sides, and the article's disputes."""
    linked = voice.link_article(article, statements_of(article, found))
    return linked.statements, linked.propositions, article_disputes(
        article, linked.statements, linked.propositions)
