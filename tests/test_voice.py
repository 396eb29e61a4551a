"""The outlet's voice (link/voice.py): the text it speaks in and its side. Invented
articles only."""

from __future__ import annotations

import pytest

from counterclaim.extract.metadata import read_article
from counterclaim.link.voice import outlet_voice, voice_span


@pytest.mark.parametrize("text, starts", [
    ("MERIN — The Republic of Ostrava on Tuesday rejected accusations that it had armed "
     "rebels in the north.\n\nMore text follows here.", "The Republic of Ostrava"),
    ("DUNMORE, Ostrava (CWS) — The Ostravan company said its drones were sold only to "
     "civilian buyers last year.\n\nMore.", "The Ostravan company"),
    ("KESTREL BAY, Norland (Wire) - Harbour officials said the ferry service would resume "
     "on Friday after the storm.\n\nMore.", "Harbour officials"),
    ("Harbour officials in Kestrel Bay said the ferry service would resume on Friday "
     "after the storm.\n\nMore.", "Harbour officials"),
])
def test_the_voice_leaves_the_dateline_out(text, starts):
    art = read_article(text, id="v1")
    span = voice_span(art)
    assert span is not None and span.text.startswith(starts)
    assert art.text[span.start:span.end] == span.text


def test_a_title_is_the_voice_when_the_text_holds_it():
    text = "Ferry service to resume\n\nKESTREL BAY — Officials said the ferry would resume."
    art = read_article(text, id="v2")
    v = outlet_voice(art)
    assert v is not None and v.content.text == "Ferry service to resume"


@pytest.mark.parametrize("unit, joins", [
    # restates the lede's claim: several words of its core
    ("Pellan had shipped rifles to the rebels in the hills of Tarn", True),
    ("the company never shipped rifles to the rebels", True),
    # one shared word says nothing about the claim
    ("the inquiry", False),
    ("it would cooperate fully with the inquiry", False),
    ("the weather in Tarn was mild", False),
])
def test_the_voice_takes_in_only_what_states_its_claim(unit, joins):
    from counterclaim.link.propositions import signature, states_core

    lede = signature("An inquiry opened into claims that Pellan shipped rifles to rebels in Tarn")
    assert states_core(lede, signature(unit)) is joins


@pytest.mark.parametrize("lede, side", [
    ("Astronomers have raised doubts about whether the crater near Pellany was made by a "
     "meteorite.", "denying"),
    ("A photograph of a glowing Varrin lighthouse was a mockup made for a contest, its "
     "author said.", "denying"),
    ("A meteorite made the crater near Pellany on Sunday night, leaving a deep hole.",
     "asserting"),
    # a lede's negation is no debunk (ledes negate for effect)
    ("Nothing tops off a holiday in Pellany like a storm at sea.", "asserting"),
    ("Harbour officials pushed back against claims that the Pellany ferry was sold.",
     "denying"),
])
def test_an_outlet_casting_doubt_debunks(lede, side):
    art = read_article(lede + "\n\nMore text of the story follows here.", id="v3")
    v = outlet_voice(art)
    assert v is not None and v.side == side


def test_a_negation_that_shares_only_the_ledes_subject_stays_out_of_its_unit():
    # 'staff were not told of the plan' negates nothing the headline claims; before,
    # its second clause ('… the bid to buy the mill and save its jobs') joined it there
    from counterclaim.link.propositions import group_article
    from counterclaim.link.voice import article_links
    from counterclaim.records import Cue, Span, SpeakerRef, Statement

    text = ("Kessel mill workers craft a bid to buy the mill and save its jobs\n\n"
            "Workers at the Kessel mill have drafted a bid to buy it. Most Kessel mill staff "
            "were not told of the plan, and the board asked the workers not to discuss the "
            "bid to buy the mill and save its jobs, people close to the talks said.")
    art = read_article(text, id="v9")
    content = text[text.index("Most"):text.index(", people")]
    start = text.index("Most")
    st = Statement(id="s1", speaker=SpeakerRef(name="people close to the talks", kind="anonymous",
                                                resolved_by="mention"),  # type: ignore[arg-type]
                   cue=Cue(Span(start + len(content) + 27, start + len(content) + 31, "said"),
                           "say", "neutral"),  # type: ignore[arg-type]
                   content=Span(start, start + len(content), content), kind="indirect",
                   stance="assert", hedged=False, hedges=(), evidence="none",  # type: ignore[arg-type]
                   confidence=0.8, construction="clause", negated=True)
    links = group_article("v9", [st])
    assert links.statements[0].side == "denying"
    _, units, voice_unit = article_links(art, links.statements, links.propositions)
    (vu,) = [u for u in units if u.id == voice_unit]
    assert "s1" not in vu.statements


@pytest.mark.parametrize("text, starts", [
    ("Correction appended\n\nA video shared online made it seem as if the mayor of Pellany "
     "was booed at the fair.", "A video shared online"),
    ("Advertisement\nThe Pellany ferry will stop running in May, its owners said on Monday.",
     "The Pellany ferry"),
    # a short first line that is a sentence is the outlet's words
    ("The ferry is sold.\nIts owners said on Monday that the Pellany ferry was sold.",
     "The ferry is sold."),
])
def test_the_voice_skips_layout_lines(text, starts):
    v = voice_span(read_article(text, id="k1"))
    assert v is not None and v.text.startswith(starts)


_FILLER = ("The harbour of Pellany was quiet on Monday and the ferries ran to time. " * 12)


@pytest.mark.parametrize("body, side", [
    # the lede relays the rumour; the body, past the lede, calls it a hoax twice
    (_FILLER + "The story was a hoax. Its author later admitted the photo was fake.",
     "denying"),
    (_FILLER + "Officials said the report was false and the picture was fabricated.",
     "denying"),
    # one stray debunk word far from the lede is no verdict
    (_FILLER + "A fake moustache was on sale at the fair.", "asserting"),
    (_FILLER + "The singer returned home on Tuesday.", "asserting"),
])
def test_a_body_that_keeps_debunking_makes_the_outlet_debunk(body, side):
    lede = "The Pellany singer Arno Vell was arrested at the border on Sunday night."
    art = read_article(lede + "\n\n" + body, id="v4")
    assert art.body.start + 700 < art.text.find(body[-40:]), "the debunk lies past the lede"
    v = outlet_voice(art)
    assert v is not None and v.side == side


def _statement(sid: str, side: str, cue_class: str | None):
    from counterclaim.records import Cue, Span, SpeakerRef, Statement

    cue = Cue(Span(0, 7, "claimed"), "claim", cue_class) if cue_class else None
    return Statement(id=sid, speaker=SpeakerRef(name="Daily Spoof", kind="organization",
                                                   resolved_by="mention"),
                     cue=cue, content=Span(8, 40, "the singer was arrested at the border"),
                     kind="indirect", stance="assert", hedged=False, hedges=(),
                     evidence="none", confidence=0.8, side=side)


@pytest.mark.parametrize("voice_side, side, in_unit, cue_class, expected", [
    # the outlet debunks: the relays of the claim it debunks are reported, not asserted
    ("denying", "asserting", True, "neutral", "other"),
    ("denying", "asserting", False, "distancing", "other"),   # 'the site claimed X'
    ("denying", "asserting", False, "hedge", "other"),
    # an assertion of something else, by a plain cue, keeps its side
    ("denying", "asserting", False, "neutral", "asserting"),
    ("denying", "asserting", False, None, "asserting"),
    # a denial or a hedge is no relay
    ("denying", "denying", True, "denial", "denying"),
    ("denying", "hedging", True, "hedge", "hedging"),
    # an outlet that reports or relays the claim changes nothing
    ("asserting", "asserting", True, "distancing", "asserting"),
    ("other", "asserting", True, "distancing", "asserting"),
])
def test_relays_of_a_debunked_claim_are_reported_not_asserted(voice_side, side, in_unit,
                                                              cue_class, expected):
    from dataclasses import replace

    from counterclaim.link.voice import debunked_relays

    art = read_article("A hoax about the singer spread online.\n\nMore text.", id="v5")
    voice = outlet_voice(art)
    assert voice is not None
    st = _statement("st_1", side, cue_class)
    out = debunked_relays(replace(voice, side=voice_side), [st], {"st_1"} if in_unit else set())
    assert out[0].side == expected
    # deciding it again on what it decided changes nothing (the corpus re-applies it)
    again = debunked_relays(replace(voice, side=voice_side), out, {"st_1"} if in_unit else set())
    assert [s.side for s in again] == [s.side for s in out]


def test_the_reading_and_the_corpus_agree_on_a_debunked_relay(analyzer):
    from counterclaim.link.voice import article_links

    text = ("A hoax story about the arrest of the Pellany singer Arno Vell has fooled "
            "thousands of readers.\n\nThe satirical site Daily Spoof claimed that Arno Vell "
            "had been arrested at the border with a van of stolen paintings.\n\n"
            "Police in Pellany said the story was false and that no one had been arrested.")
    a = analyzer.analyze(text, id="v6")
    relays = [s for s in a.statements if s.cue is not None and s.cue.lemma == "claim"]
    assert relays and all(s.side == "other" for s in relays)
    stored, _, _ = article_links(a.article, a.statements, a.propositions)
    by_id = {s.id: s.side for s in stored}
    assert all(by_id[s.id] == s.side for s in a.statements)
    assert stored[0].side == "denying"


@pytest.mark.parametrize("side, prop, voice_side, voice_prop, stored", [
    # an assertion landing in the proposition its outlet debunks is a relay
    ("asserting", 7, "denying", 7, "other"),
    # elsewhere, or under an outlet that reports or relays the claim, as read
    ("asserting", 8, "denying", 7, "asserting"),
    ("asserting", 7, "asserting", 7, "asserting"),
    ("asserting", 7, None, None, "asserting"),
    # a denial or a hedge in the debunked proposition keeps its side
    ("denying", 7, "denying", 7, "denying"),
    ("hedging", 7, "denying", 7, "hedging"),
])
def test_the_corpus_side_of_a_relay_in_a_debunked_proposition(side, prop, voice_side,
                                                                voice_prop, stored):
    from counterclaim.link.voice import corpus_side

    assert corpus_side(side, prop, voice_side, voice_prop) == stored
