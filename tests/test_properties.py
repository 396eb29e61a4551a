"""Property tests: ``analyze()`` never raises, and every span it reports is exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import counterclaim
from counterclaim.records import Analysis, Span

# Characters that stress the quote and paragraph logic, plus words that trigger
# the attribution stages, mixed with arbitrary unicode.
_MARKS = st.sampled_from(['"', "“", "”", "‘", "’", "'", "«", "»", "„", "\n", "\n\n", "\r\n",
                          ":", ",", ".", " ", "\t", "—", "\u2028", "\x00", "\ufeff"])
_WORDS = st.sampled_from([
    "said", "says", "denied", "according to", "the ministry", "he", "she", "they", "it",
    "Beijing", "the Kremlin", "Source: Wire", "may have", "without providing evidence",
    "allegations that", "a senior official", "Veldra", "Mayor Ana Ruiz", "insisted",
    "is not", "suggested", "citing", "Headline Words Here",
])
_TEXT = st.lists(st.one_of(_MARKS, _WORDS, st.text(max_size=12)), max_size=40).map("".join)


def _spans(a: Analysis) -> list[Span]:
    out: list[Span] = []
    for s in a.statements:
        out.append(s.content)
        out.extend(s.hedges)
        out.extend(s.evidence_spans)
        if s.cue is not None:
            out.append(s.cue.span)
        for sp in (s.speaker.mention, s.speaker.antecedent, s.sentence):
            if sp is not None:
                out.append(sp)
    for e in a.speakers:
        out.extend(e.mentions)
    out.append(a.article.body)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_TEXT, st.text(max_size=300)))
def test_analyze_never_raises_and_offsets_are_exact(text: str) -> None:
    a = counterclaim.analyze(text)
    assert a.article.text == text
    for sp in _spans(a):
        assert 0 <= sp.start <= sp.end <= len(text), sp
        assert text[sp.start:sp.end] == sp.text, sp
    ids = [s.id for s in a.statements]
    assert len(ids) == len(set(ids))
    for s in a.statements:
        assert s.stance in ("assert", "deny", "hedge", "question", "criticize")
        assert s.evidence in ("cited", "absent", "not_released", "disputed", "none")
        assert s.kind in ("direct", "indirect", "mixed")
    a.to_dict()  # serialisable view never fails either
