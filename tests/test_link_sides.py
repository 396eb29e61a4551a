"""The side rules a dispute can trust (link/sides.py, link/propositions.py): a denial
verb opposing a thing is no denial of a claim, a negation later in a long quote or in
a condition negates nothing, a negation that shares nothing with the claim it sits
with rebuts nothing, and a junk speaker takes no side. Invented sentences only; each
row failed on the rules before."""

from __future__ import annotations

import pytest

from counterclaim.link.claims import accusation_clause, is_negated, main_clause
from counterclaim.link.propositions import group_article
from counterclaim.link.rules import load_rules
from counterclaim.link.sides import negation_only, side_of
from counterclaim.link.speakers import is_junk
from counterclaim.records import Cue, Span, SpeakerRef, Statement


@pytest.mark.parametrize("content, lemma, construction, side", [
    # a denial verb with a bare noun object opposes a thing ...
    ("a trade deal with Norland", "reject", "np-object", "other"),
    ("the pressure from the governor's office", "rebuff", "np-object", "other"),
    ("any concerns about the dam", "dismiss", "np-object", "other"),
    ("Ms. Varga's request for the files", "deny", "np-object", "other"),
    ("the Harriers", "deny", "np-object", "other"),
    # ... but denies a claim it names, or a fact with a fact-denial verb
    ("the accusations", "reject", "object", "denying"),
    ("the Pellish claims as reckless", "reject", "np-object", "denying"),
    ("wrongdoing", "deny", "np-object", "denying"),
    ("any role in the fire at the Kessel depot", "deny", "np-object", "denying"),
    ("the mill had dumped waste in the river", "deny", "clause", "denying"),
])
def test_a_denial_verb_denies_a_claim_or_a_fact(content, lemma, construction, side):
    assert side_of("deny", content=content, cue_lemma=lemma, construction=construction) == side


@pytest.mark.parametrize("text, negated", [
    ("no barrels had been dumped", True),
    ("the mill did not dump waste, which it has not done since", True),
    # a negation in a later sentence of a long quote
    ("We want to win the cup. I'm not kidding. Even if we have no chance", False),
    # a condition states no fact to deny
    ("If the sign had stood, he would have never crashed", False),
    ("Unless the dam is fixed, the town will not be safe", False),
])
def test_negation_reads_the_first_sentence_and_no_condition(text, negated):
    assert is_negated(text) is negated


@pytest.mark.parametrize("stance, cue_class, content, only", [
    ("deny", "neutral", "that is not happening", True),
    ("assert", "neutral", "the mill did not dump waste", True),
    ("deny", "denial", "the mill dumped waste", False),           # a denial verb
    ("deny", "neutral", "the story is false", False),             # rebuttal wording
    ("deny", "neutral", "there is no evidence the mill dumped waste", False),
])
def test_negation_only_denials(stance, cue_class, content, only):
    assert negation_only(stance, "denying", content=content, cue_class=cue_class) is only


def _st(i: int, speaker: str, content: str, stance: str = "assert", kind: str = "person",
        lemma: str = "say", cue_class: str = "neutral", negated: bool = False) -> Statement:
    start = i * 200
    return Statement(id=f"s{i}", speaker=SpeakerRef(name=speaker, kind=kind,  # type: ignore[arg-type]
                                                         resolved_by="mention"),  # type: ignore[arg-type]
                     cue=Cue(Span(start, start + 4, "said"), lemma, cue_class),  # type: ignore[arg-type]
                     content=Span(start + 10, start + 10 + len(content), content),
                     kind="indirect", stance=stance, hedged=False, hedges=(),  # type: ignore[arg-type]
                     evidence="none", confidence=0.8, construction="clause",
                     negated=negated)


def _sides(*sts: Statement) -> dict[str, str]:
    return {s.speaker.name: s.side for s in group_article("a", list(sts)).statements}


def test_a_negation_sharing_the_claims_core_denies_it():
    sides = _sides(_st(0, "Ilse Varga", "the Kessel mill dumped chemical waste in the Orra river"),
                   _st(1, "Teo Brand", "the Kessel mill did not dump chemical waste in the river"))
    assert sides == {"Ilse Varga": "asserting", "Teo Brand": "denying"}


def test_a_negation_sharing_one_word_with_the_claim_rebuts_nothing():
    # grouped by the similarity (one shared word, the short side has at most two), but
    # 'that is not happening' shares no core with the claim: it rebuts nothing there
    links = group_article("a", [
        _st(0, "Ilse Varga", "the ferry timetable made the delays happen"),
        _st(1, "Teo Brand", "that is not happening", stance="deny", negated=True)])
    assert len({s.proposition for s in links.statements}) == 1
    assert {s.speaker.name: s.side for s in links.statements} == {
        "Ilse Varga": "asserting", "Teo Brand": "other"}


@pytest.mark.parametrize("name, junk", [
    ("she", True), ("Statement", True), ("the statement", True), ("Suit", True),
    ("Preliminary findings", True), ("Showing", True), (None, True),
    ("Teodor Sarn", False), ("Ministry of Defence", False),
])
def test_junk_speakers(name, junk):
    assert is_junk(name, load_rules()) is junk


def test_a_junk_speaker_takes_no_side():
    sides = _sides(_st(0, "Ilse Varga", "the Kessel mill dumped chemical waste in the Orra river"),
                   _st(1, "Statement", "the Kessel mill did not dump chemical waste in the river",
                       kind="document"))
    assert sides["Statement"] == "other"


def test_a_long_quote_meeting_a_claim_in_one_word_and_a_name_rebuts_nothing():
    links = group_article("a", [
        _st(0, "Ilse Varga", "I am a farmer of Pellany, same as you"),
        _st(1, "Teo Brand", "while many farmers of Pellany received seed, loans and training in "
            "their own language, the help often did not reach the herders", stance="deny",
            negated=True)])
    sides = {s.speaker.name: s.side for s in links.statements}
    assert sides["Teo Brand"] != "denying" or len({s.proposition for s in links.statements}) == 2


def test_an_assertion_naming_a_claim_at_length_says_something_else():
    links = group_article("a", [
        _st(0, "Ilse Varga", "the Kessel mill dumped chemical waste in the Orra river"),
        _st(1, "Teo Brand", "the accusations are not true", stance="deny", negated=True),
        _st(2, "Pia Lund", "the charges against the mill owner carry a penalty of ten years "
            "in prison")])
    sides = {s.speaker.name: s.side for s in links.statements}
    assert sides["Pia Lund"] != "asserting"


@pytest.mark.parametrize("names, display", [
    ([("Foreign Minister Teodor Sarn", "person"), ("Sarn", "person"), ("Teodor Sarn", "person")],
     ["Teodor Sarn"] * 3),
    ([("Phillips", "person"), ("Shannon Phillips", "person")], ["Shannon Phillips"] * 2),
    # a surname two people share stays apart; a title alone stays as it is
    ([("Kim", "person"), ("Ann Kim", "person"), ("Bo Kim", "person")], ["Kim", "Ann Kim", "Bo Kim"]),
    ([("Minister", "person"), ("Dr. Ilse Varga", "person")], ["Minister", "Ilse Varga"]),
    # only people: a state keeps its name
    ([("Varga", "government"), ("Ilse Varga", "person")], ["Varga", "Ilse Varga"]),
])
def test_one_person_one_name_in_an_article(names, display):
    from counterclaim.link.speakers import name_speakers

    got = name_speakers(names, scope="a")
    assert [n.display for n in got] == display
    assert len({n.key for n in got}) == len(set(display))


_WORDS = ["mill", "waste", "river", "dumped", "ferry", "delays", "Kessel", "Orra", "farmers",
          "loans", "seed", "inquiry", "panel", "report"]


def _scan_groups(sts: list[Statement]) -> list[int]:
    """The grouping by a full scan of every earlier statement (the rule before blocking)."""
    from counterclaim.link.propositions import best_match, signature

    sigs = [signature(s.content.text, speaker=s.speaker.name, speaker_kind="person")
            for s in sts]
    group_of: list[int] = []
    n_groups = 0
    for k in range(len(sts)):
        target = best_match(sigs[k], ((group_of[m], sigs[m]) for m in range(k))
                            ) if sigs[k].terms else None
        if target is None:
            target, n_groups = n_groups, n_groups + 1
        group_of.append(target)  # type: ignore[arg-type]
    return group_of


def test_blocked_grouping_equals_a_full_scan():
    import random

    rng = random.Random(5)
    for _ in range(60):
        sts = [_st(i, f"Speaker {i % 3}", " ".join(rng.sample(_WORDS, rng.randint(2, 5))))
               for i in range(rng.randint(2, 9))]
        links = group_article("a", sts)
        order: dict[str, int] = {}
        got = [order.setdefault(s.proposition, len(order)) for s in links.statements]  # type: ignore[arg-type]
        assert got == _scan_groups(sts)


@pytest.mark.parametrize("stance, negated, side", [
    # the reading leaves a negative that answers nothing in its article as "assert"
    # (negated): toward the positive form it is still the denying side ...
    ("assert", True, "denying"),
    ("deny", True, "denying"),
    ("assert", False, "denying"),  # the text shows the negation the parse missed
    # ... while a hedge or a question over a negated clause keeps its own side
    ("hedge", True, "asserting"),
    ("question", True, "hedging"),
])
def test_a_negated_content_sides_toward_the_positive_form(stance, negated, side):
    assert side_of(stance, content="the Kessel mill had not dumped any waste",
                   negated=negated) == side


def test_a_plain_negative_denies_the_claim_it_meets_and_rebuts_nothing_else():
    # the reading's plain negative (stance assert, negated) in a group with the claim
    # it negates: the denying side of that claim ...
    links = group_article("a", [
        _st(0, "Ilse Varga", "the council decided to close the Orra ferry on Monday"),
        _st(1, "Teo Brand", "the council had not decided to close the ferry", negated=True)])
    assert len({s.proposition for s in links.statements}) == 1
    assert [s.side for s in links.statements] == ["asserting", "denying"]
    # ... and beside a claim it shares no core with, it rebuts nothing there
    links = group_article("a", [
        _st(0, "Ilse Varga", "the ferry timetable made the delays happen"),
        _st(1, "Teo Brand", "that is not happening", negated=True)])
    assert len({s.proposition for s in links.statements}) == 1
    assert [s.side for s in links.statements] == ["asserting", "other"]


@pytest.mark.parametrize("text, clause", [
    ("he did not see the road because the sign was down", "he did not see the road"),
    ("few staff were not told, and the board asked them to stay quiet",
     "few staff were not told"),
    ("the mill never dumped waste. It did pay a fine", "the mill never dumped waste"),
    ("the levy had nothing to do with the flood", "the levy had nothing to do with the flood"),
])
def test_the_main_clause_of_a_content(text, clause):
    assert main_clause(text) == clause


def test_had_nothing_to_do_with_negates():
    assert is_negated("the levy had nothing to do with the flood")


def test_a_negation_rebuts_with_its_main_clause_not_its_reason():
    # the reason ('because the Orra ferry sign was down') shares the claim's words;
    # what is negated ('did not reach the pier') does not: it rebuts nothing there
    links = group_article("a", [
        _st(0, "Ilse Varga", "Teo Brand said he could see the Orra ferry sign"),
        _st(1, "Teo Brand", "he did not reach the pier because the Orra ferry sign was down",
            stance="deny", negated=True)])
    sides = {s.speaker.name: s.side for s in links.statements}
    assert sides == {"Ilse Varga": "asserting", "Teo Brand": "other"}


def test_a_group_of_negations_links_on_what_it_negates():
    links = group_article("a", [
        _st(0, "Teo Brand", "most Kessel mill workers were not involved in the buyout, and the "
            "board asked the bidders not to discuss the mill sale with staff", negated=True)])
    (prop,) = links.propositions
    assert "sale" not in prop.terms and "involv" in prop.terms


@pytest.mark.parametrize("content, clause", [
    ("the Republic of Pellan of secretly shipping rifles to Tarn",
     "the Republic of Pellan was secretly shipping rifles to Tarn"),
    ("the mayor of having hidden the audit", "the mayor had hidden the audit"),
    ("officials of being paid by the mill", "officials were paid by the mill"),
    ("the ferry firm with falsifying safety logs", "the ferry firm was falsifying safety logs"),
    # another shape is left as it is
    ("the Ministry of Housing", "the Ministry of Housing"),
    ("a trade deal with Norland", "a trade deal with Norland"),
])
def test_an_accusation_reads_as_a_clause(content, clause):
    assert accusation_clause(content) == clause


def test_an_accused_act_is_the_propositions_text():
    st = _st(0, "Ilse Varga", "the Republic of Pellan of secretly shipping rifles to Tarn",
             lemma="accuse", cue_class="allegation")
    (prop,) = group_article("a", [st]).propositions
    assert prop.text == "the Republic of Pellan was secretly shipping rifles to Tarn"


def test_a_claim_noun_never_points_to_a_negation():
    # 'welcomed the report' names the report, not the denial said just before it
    links = group_article("a", [
        _st(0, "Ilse Varga", "the Kessel mill dumped chemical waste in the Orra river",
            cue_class="allegation"),
        _st(1, "Teo Brand", "the ferry office had not answered the letters", negated=True),
        _st(2, "Ana Pell", "the report", stance="assert", lemma="welcome")])
    prop = {s.speaker.name: s.proposition for s in links.statements}
    assert prop["Ana Pell"] == prop["Ilse Varga"] != prop["Teo Brand"]


def test_a_negative_subject_after_a_lead_in_negates():
    assert is_negated("As the mayor said today, neither she nor her office paid the mill")
    assert not is_negated("As the mayor said today, the office paid the mill")
    assert not is_negated("We want the pier rebuilt, nothing more")


@pytest.mark.parametrize("content, claim_named, side", [
    # the negation is the denial itself: a claim named, or rebuttal wording
    ("reports of the mayor's arrest are not accurate", True, "denying"),
    ("the story about the ferry is untrue", False, "denying"),
    # a double negative: denying it never paid is saying it paid
    ("the mill had never paid the fine", False, "asserting"),
])
def test_a_denial_that_negates_is_no_double_negative(content, claim_named, side):
    assert side_of("deny", content=content, claim_named=claim_named) == side
