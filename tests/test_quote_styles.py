"""Quotation styles beyond North American double quotes."""

from __future__ import annotations

import pytest

from counterclaim.extract.segments import _single_quotes


def _found(text: str) -> list[str]:
    return [text[a:b + 1] for a, b in _single_quotes(text, 0, len(text))]


@pytest.mark.parametrize(("text", "quotes"), [
    ("'We will not back down,' she said.", ["'We will not back down,'"]),
    ("‘We don’t know yet,’ he said.", ["‘We don’t know yet,’"]),
    ("'Yes,' he said.", ["'Yes,'"]),
    ("It's the players' turn, isn't it?", []),
    ("The workers' union called the plan 'a betrayal of trust'.", ["'a betrayal of trust'"]),
])
def test_single_quote_pairs(text, quotes):
    assert _found(text) == quotes


def test_british_style_article(analyzer):
    text = ("Ministers vow to press on with rail plan\n"
            "'We will not back down on this,' said Alan Price, the transport secretary.\n"
            "'It is a scandal,' said Jo Hart, a local councillor. 'Nobody asked the people "
            "of Wexford what they wanted.'\n")
    a = analyzer.analyze(text)
    by_content = {s.content.text: s for s in a.statements}
    assert by_content["'We will not back down on this,'"].speaker.name == "Alan Price"
    assert by_content["'It is a scandal,'"].speaker.name == "Jo Hart"
    cont = by_content["'Nobody asked the people of Wexford what they wanted.'"]
    assert cont.kind == "direct" and cont.speaker.name == "Jo Hart"


def test_pull_quote_subhead_is_not_a_statement(analyzer):
    text = ("Shelter users speak out\n"
            "Residents say the beds are too close together.\n"
            "'Hard to be in such close quarters'\n"
            "Nadia Jamil said the agency would publish its findings in March.\n")
    a = analyzer.analyze(text)
    assert not [s for s in a.statements if "close quarters" in s.content.text]
