"""The working record that flows through stages 5–9 before it becomes a Statement."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Cue, Span, SpeakerRef


@dataclass(frozen=True, slots=True)
class Candidate:
    content: Span
    kind: str  # direct | indirect | mixed
    cue: Cue | None
    sentence: Span
    # An attribution marker that is not a verb ("according to"); such statements
    # have no cue, the way quote annotation schemes record no verb for them.
    marker: Span | None = None
    # Speaker as written in the sentence (None: a quote with no attribution in
    # its sentence; the resolver looks back).
    mention: Span | None = None
    mention_type: str = "none"  # name | pronoun | nominal | document | anonymous | none
    speaker: SpeakerRef | None = None
    negated: bool = False  # the cue is negated ("did not deny") or the content is
    content_negated: bool = False  # the content's main clause is negated
    source: str = ""  # which construction found it (for error analysis)
    # Where the speaker's head token and the cue sit in the parses (for stage 6).
    parse_index: int = -1
    head_i: int = -1
    cue_i: int = -1
    content_root: int = -1  # token index of the content's main word, if parsed
    stance: str = "assert"
    hedged: bool = False
    hedges: tuple[Span, ...] = ()
    evidence: str = "none"
    evidence_spans: tuple[Span, ...] = ()
    confidence: float = 0.5
    quote: bool = True  # False: a reading quote annotation leaves out (headline, NP content)
    # (content start, content end, cue start) of the statement this one continues
    continues: tuple[int, int, int] | None = None
