"""Stories (link.stories): articles about one event grouped online, the same in the
store (state in SQL, read in each write transaction) and in memory (Spark's driver)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterclaim.link import stories
from counterclaim.records import Article
from counterclaim.store import Store

# Invented events, each told by several outlets in their own words.
EVENTS = {
    "dam": [
        "Floodgates at the Brenmoor dam failed overnight, flooding the lower valley farms "
        "of Kessling. Engineers at the Brenmoor dam said the floodgates had cracked.",
        "The Brenmoor dam floodgates gave way and water poured into the Kessling valley, "
        "flooding farms. Dam engineers blamed cracked floodgates.",
        "Kessling valley farmers lost crops after the Brenmoor dam's floodgates failed; "
        "engineers inspected the cracked floodgates at the dam.",
    ],
    "zoo": [
        "A rare white tiger cub was born at the Talvik zoo, keepers announced. The cub "
        "and its mother are healthy, the Talvik zoo keepers said.",
        "Keepers at Talvik zoo celebrate the birth of a white tiger cub, a rare event; "
        "the tiger cub weighs two kilograms.",
    ],
    "chess": [
        "Grandmaster Ilsa Vorn won the Marrow Open chess tournament after a final-round "
        "endgame against the defending champion.",
        "Ilsa Vorn takes the Marrow Open: the grandmaster's endgame in the final round "
        "beat the defending chess champion.",
        "The Marrow Open chess title goes to grandmaster Ilsa Vorn, who won a long "
        "final-round endgame.",
    ],
}
ARTICLES = [(ev, text) for ev, texts in EVENTS.items() for text in texts]


def _memory(texts: list[str]) -> list[int]:
    m = stories.MemoryStories()
    return [m.add(stories.story_words(None, t))[0] for t in texts]


def _stored(tmp_path, texts: list[str]) -> list[int]:
    with Store(tmp_path / "s.db") as store:
        for i, t in enumerate(texts):
            store.add(Article(id=f"a{i}", text=t), source=f"a{i}")
        rows = store._rows("SELECT ext_id, story_id FROM articles ORDER BY id")
    return [r["story_id"] for r in rows]


def _partition(labels: list) -> set[frozenset[int]]:
    groups: dict = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def test_each_event_is_one_story():
    got = _partition(_memory([t for _, t in ARTICLES]))
    want = _partition([ev for ev, _ in ARTICLES])
    assert got == want


def test_store_and_memory_make_the_same_stories(tmp_path):
    order = list(ARTICLES)
    random.Random(7).shuffle(order)
    texts = [t for _, t in order]
    assert _partition(_stored(tmp_path, texts)) == _partition(_memory(texts))


def test_a_copy_is_in_its_originals_story(tmp_path):
    text = EVENTS["zoo"][0] * 3
    with Store(tmp_path / "c.db") as store:
        store.add(Article(id="o", text=text), source="o")
        res = store.add(Article(id="c", text=text + " Updated."), source="c")
        rows = store._rows("SELECT ext_id, story_id FROM articles ORDER BY id")
    assert res.status == "syndicated"
    assert rows[0]["story_id"] == rows[1]["story_id"] is not None


def test_story_words_drop_function_words_and_weigh_the_title():
    words = stories.story_words("Dam fails", "The dam said that it was failing.")
    assert "the" not in words and "that" not in words and "said" not in words
    assert words["dam"] == 3  # twice for the title, once for the lede


@pytest.mark.parametrize(("shared", "expected"), [
    ({3: 1, 1: 1, 2: 5}, [2, 1, 3]),
    ({10: 2, 9: 2}, [9, 10]),
])
def test_candidates_by_words_shared_then_id(shared, expected):
    assert stories.top_candidates(shared) == expected


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(len(ARTICLES))))
def test_memory_stories_do_not_depend_on_anything_but_order(order):
    texts = [ARTICLES[i][1] for i in order]
    assert _memory(texts) == _memory(list(texts))
    # and every event stays whole in whatever order the articles come
    assert _partition(_memory(texts)) == _partition([ARTICLES[i][0] for i in order])
