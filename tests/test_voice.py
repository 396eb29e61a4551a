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
