"""Typed, frozen records that every stage reads and writes.

Records hold character offsets into ``Article.text`` (Python string offsets, end
exclusive) and plain values, never spaCy objects, so they pickle cheaply across
processes, serialise to JSON/Parquet and compare equal across runs.

    Article ─┬─ Statement ── SpeakerRef ── (SpeakerEntity by ``entity``)
             │      └─ Span (cue, content, hedges, evidence)
             ├─ SpeakerEntity (canonical speaker with its mentions)
             ├─ Proposition (what statements are about, polarity-free)
             └─ Dispute (a proposition asserted by some and denied by others)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

StatementKind = Literal["direct", "indirect", "mixed"]
Stance = Literal["assert", "deny", "hedge", "question", "criticize"]
Evidence = Literal["cited", "absent", "not_released", "disputed", "none"]
SpeakerKind = Literal[
    "person", "organization", "government", "group", "anonymous", "document", "unresolved",
    "outlet",
]
ResolvedBy = Literal[
    "mention", "name", "pronoun", "nominal", "metonym", "apposition", "document", "unresolved",
    "continuation", "context", "outlet", "absent",
]
# The side a statement takes on its proposition (decided once, by counterclaim.link).
Side = Literal["asserting", "denying", "hedging", "other"]

STANCES: tuple[str, ...] = ("assert", "deny", "hedge", "question", "criticize")
EVIDENCE_VALUES: tuple[str, ...] = ("cited", "absent", "not_released", "disputed", "none")
SPEAKER_KINDS: tuple[str, ...] = (
    "person", "organization", "government", "group", "anonymous", "document", "unresolved",
    "outlet",  # an outlet's own voice (headline and lede; counterclaim.link.voice)
)


@dataclass(frozen=True, slots=True)
class Span:
    """A slice of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Article:
    """One input document. ``text`` is the decoded input, unchanged."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    # The part of ``text`` that holds the story (a headline line and a trailing
    # ``Source: …`` line are metadata, never statements).
    body_start: int = 0
    body_end: int | None = None

    @property
    def body(self) -> Span:
        end = len(self.text) if self.body_end is None else self.body_end
        return Span(self.body_start, end, self.text[self.body_start:end])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "text": self.text,
            "body": {"start": self.body_start, "end": self.body.end},
        }


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """Who made one statement.

    ``mention`` is the speaker's words in the statement's own sentence (None when
    the sentence names nobody, e.g. a quote paragraph after an attributed one);
    ``antecedent`` is the earlier mention the speaker was resolved to.
    """

    name: str
    kind: SpeakerKind
    resolved_by: ResolvedBy
    mention: Span | None = None
    antecedent: Span | None = None
    entity: str | None = None  # SpeakerEntity.id
    anonymous: bool = False

    def to_dict(self) -> dict[str, Any]:
        m = self.mention
        return {
            "text": m.text if m else None,
            "start": m.start if m else None,
            "end": m.end if m else None,
            "name": self.name,
            "kind": self.kind,
            "resolved_by": self.resolved_by,
            "antecedent": self.antecedent.to_dict() if self.antecedent else None,
            "entity": self.entity,
            "anonymous": self.anonymous,
        }


@dataclass(frozen=True, slots=True)
class Cue:
    """The attribution cue ("denied", "according to", a colon before a quote)."""

    span: Span
    lemma: str
    cue_class: str  # neutral | distancing | denial | hedge | factive | criticism | ...

    def to_dict(self) -> dict[str, Any]:
        return {**self.span.to_dict(), "lemma": self.lemma, "class": self.cue_class}


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    speaker: SpeakerRef
    cue: Cue | None
    content: Span
    kind: StatementKind
    stance: Stance
    hedged: bool
    hedges: tuple[Span, ...]
    evidence: Evidence
    evidence_spans: tuple[Span, ...] = ()
    confidence: float = 0.5
    proposition: str | None = None
    sentence: Span | None = None
    negated: bool = False
    marker: Span | None = None  # a non-verb attribution marker ("according to")
    construction: str = ""  # which rule found it: clause, quote, surface, according-to, …
    # Toward the proposition's positive form; decided by counterclaim.link at stage 10
    # ("" only on records made before it was decided).
    side: Side | Literal[""] = ""
    # A quotation or reported clause of the kind quote annotation schemes mark;
    # False for readings they leave out (a headline, speech with noun-phrase
    # content: "praised the transit plan"), so a quotes view can skip them.
    quote: bool = True
    # The statement this one continues (a quote paragraph after '"…," Ortiz said'),
    # and the attribution group: the id of the first statement of the attribution.
    continues: str | None = None
    group: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker.to_dict(),
            "cue": self.cue.to_dict() if self.cue else {"text": None, "start": None,
                                                       "end": None, "lemma": None,
                                                       "class": None},
            "content": self.content.to_dict(),
            "kind": self.kind,
            "stance": self.stance,
            "hedged": self.hedged,
            "hedges": [h.text for h in self.hedges],
            "hedge_spans": [h.to_dict() for h in self.hedges],
            "evidence": self.evidence,
            "evidence_spans": [e.to_dict() for e in self.evidence_spans],
            "confidence": round(self.confidence, 3),
            "proposition": self.proposition,
            "negated": self.negated,
            "marker": self.marker.to_dict() if self.marker else None,
            "construction": self.construction,
            "side": self.side,
            "quote": self.quote,
            "continues": self.continues,
            "group": self.group or self.id,
        }


@dataclass(frozen=True, slots=True)
class SpeakerEntity:
    """A canonical speaker of one article, grouping its mentions."""

    id: str
    name: str
    kind: SpeakerKind
    mentions: tuple[Span, ...] = ()
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Proposition:
    """What one or more statements are about, stated without polarity.

    ``text`` is the claim of its representative statement (an asserting one where
    there is one) and ``text_side`` that statement's side; ``terms`` and
    ``entities`` are that statement's signature (counterclaim.link), by which the
    proposition is linked to others across articles.
    """

    id: str
    text: str
    terms: tuple[str, ...]
    statements: tuple[str, ...]
    entities: tuple[str, ...] = ()
    text_side: Side | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "terms": list(self.terms),
                "entities": list(self.entities), "text_side": self.text_side,
                "statements": list(self.statements)}


@dataclass(frozen=True, slots=True)
class Dispute:
    """A proposition with at least one asserting and one denying speaker."""

    id: str
    proposition: str  # Proposition.id
    proposition_text: str
    asserted_by: tuple[str, ...]
    denied_by: tuple[str, ...]
    hedged_by: tuple[str, ...]
    statements: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "proposition": self.proposition,
            "proposition_text": self.proposition_text,
            "asserted_by": list(self.asserted_by),
            "denied_by": list(self.denied_by),
            "hedged_by": list(self.hedged_by),
            "statements": list(self.statements),
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything counterclaim read in one article."""

    article: Article
    statements: tuple[Statement, ...]
    speakers: tuple[SpeakerEntity, ...]
    propositions: tuple[Proposition, ...]
    disputes: tuple[Dispute, ...]
    versions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        article = self.article.to_dict()
        article["versions"] = dict(self.versions)
        return {
            "article": article,
            "statements": [s.to_dict() for s in self.statements],
            "speakers": [s.to_dict() for s in self.speakers],
            "propositions": [p.to_dict() for p in self.propositions],
            "disputes": [d.to_dict() for d in self.disputes],
        }
