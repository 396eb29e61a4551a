"""Property tests for speaker resolution on articles built from name templates (issue 12).

A person named in full, then with a title and surname, then by surname alone,
then by pronoun — in any order, with nested "a spokesperson for the …" chains and
long sentences — must never make ``analyze()`` raise (the resolver once recursed
forever on "Chair Koval" → "Koval" → "Chair Koval"), and every span stays exact.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import counterclaim
from counterclaim.records import Analysis, Span

_FIRST = ["Dana", "Mary Ann", "Tobias", "Lena", "Karl", "Ines"]
_LAST = ["Okafor", "Koval", "Brenner", "Haddad", "Ortiz", "Pell"]
_TITLES = ["Senator", "Chair", "Mr.", "Mrs.", "Dr.", "Lady", "Mayor", "Prime Minister",
           "Commission Chair", "Judge", "Governor"]
_ORGS = ["the Securities Commission", "the Velden Transit Authority", "the ministry",
         "the Brackton Herald", "the union"]
_VERBS = ["said", "says", "denied", "insisted", "told reporters", "added", "claimed"]
_CLAUSES = ["the commission had failed", "she would not resign", "the bridge would reopen",
            "the audit was a whitewash", "no decision had been made", "the tax was unfair"]


@st.composite
def _mention(draw: st.DrawFn) -> str:
    first, last = draw(st.sampled_from(_FIRST)), draw(st.sampled_from(_LAST))
    title = draw(st.sampled_from(_TITLES))
    form = draw(st.integers(0, 6))
    if form == 0:
        return f"{first} {last}"
    if form == 1:
        return f"{title} {first} {last}"
    if form == 2:
        return f"{title} {last}"
    if form == 3:
        return last
    if form == 4:
        return draw(st.sampled_from(["He", "She", "They", "It"]))
    if form == 5:  # nested spokesperson chains
        depth = draw(st.integers(1, 4))
        chain = " for ".join(["a spokesperson"] * depth)
        return f"{chain.capitalize()} for {draw(st.sampled_from(_ORGS))}"
    return f"{last}, a {title.lower()} for {draw(st.sampled_from(_ORGS))},"


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    who, verb = draw(_mention()), draw(st.sampled_from(_VERBS))
    clauses = draw(st.lists(st.sampled_from(_CLAUSES), min_size=1, max_size=6))
    what = ", and ".join(clauses)
    if draw(st.booleans()):
        return f'"{what.capitalize()}," {who} {verb}.'
    return f"{who} {verb} {what}."


@st.composite
def _article(draw: st.DrawFn) -> str:
    paras = draw(st.lists(st.lists(_sentence(), min_size=1, max_size=4).map(" ".join),
                          min_size=1, max_size=6))
    return "\n\n".join(paras)


def _spans(a: Analysis) -> list[Span]:
    out: list[Span] = [a.article.body]
    for s in a.statements:
        out.append(s.content)
        for sp in (s.speaker.mention, s.speaker.antecedent):
            if sp is not None:
                out.append(sp)
    for e in a.speakers:
        out.extend(e.mentions)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_article())
def test_name_templates_never_raise(text: str) -> None:
    a = counterclaim.analyze(text)
    for sp in _spans(a):
        assert 0 <= sp.start <= sp.end <= len(text), sp
        assert text[sp.start:sp.end] == sp.text, sp
    a.to_dict()


def test_issue_reproducer_title_surname_chain() -> None:
    text = ("Senator Dana Okafor on Tuesday asked the president to remove Securities Commission "
            "Chair Mary Ann Koval. In a letter, Okafor said Chair Koval had failed to police the "
            'banks. "She has to go," Okafor said. Chair Koval has defended her record. Koval said '
            "the commission had brought record penalties, and she said she would not resign.")
    a = counterclaim.analyze(text)
    names = {s.speaker.name for s in a.statements}
    assert "Dana Okafor" in names
    assert "Mary Ann Koval" in names


def test_title_only_name_does_not_loop() -> None:
    a = counterclaim.analyze("Lady Gaga said the show would go on.\n")
    assert len(a.statements) == 1
    assert "Gaga" in a.statements[0].speaker.name
