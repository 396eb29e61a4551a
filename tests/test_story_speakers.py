"""Speakers across the articles of a story (issue 10, item 4): a surname alone is the
one full name of its story, a known state is never a person, and a word that names no
one is no corpus speaker. The rules are ``counterclaim.link.speakers``'; the corpus
tests run them through ``ingest`` (the parity with Spark: tests/test_parity.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus_helpers import story_articles
from counterclaim.link.speakers import (
    SpeakerName,
    name_speakers,
    relisted_kind,
    story_names,
    story_people,
)


def _named(pairs: list[tuple[str, str]], states: tuple[str, ...] = ()) -> list[SpeakerName]:
    return name_speakers(pairs, states, scope="a1")


# --- the merge within a story, as a table ------------------------------------------------

STORY_CASES = [
    # (article speakers, full names of the story's earlier articles, displays wanted)
    ([("Sarn", "person")], ["Teodor Sarn"], ["Teodor Sarn"]),
    ([("Minister Sarn", "person")], ["Teodor Sarn"], ["Teodor Sarn"]),
    ([("Sarn", "organization")], ["Teodor Sarn"], ["Teodor Sarn"]),   # NER took it for an org
    ([("Sarn", "person")], ["Teodor Sarn", "Mila Sarn"], ["Sarn"]),  # two Sarns: no one
    ([("Sarn", "person")], [], ["Sarn"]),                            # no full name known
    ([("Sarn", "person")], ["Teodor Sarnov"], ["Sarn"]),             # ends with it, no word
    ([("Sarn", "government")], ["Teodor Sarn"], ["Sarn"]),           # a state stays a state
    ([("Sarn", "anonymous")], ["Teodor Sarn"], ["Sarn"]),
    ([("Sarn", "person"), ("Mila Sarn", "person")], ["Teodor Sarn"],  # the article's own
     ["Mila Sarn", "Mila Sarn"]),                                     # Sarn comes first
    ([("Ines Pell", "person"), ("Pell", "person")], [], ["Ines Pell", "Ines Pell"]),
    ([("Pell", "person"), ("Koval", "person")], ["Ines Pell", "Mary Ann Koval"],
     ["Ines Pell", "Mary Ann Koval"]),
]


@pytest.mark.parametrize(("pairs", "known", "want"), STORY_CASES)
def test_story_names_table(pairs, known, want) -> None:
    got = story_names(_named(pairs), known)
    assert [n.display for n in got] == want
    for n, w in zip(got, want, strict=True):
        if " " in w:  # merged: one key, the full name's, and a person
            assert n.key == w.casefold() and n.kind == "person"


def test_story_names_leaves_an_article_without_surnames_alone() -> None:
    names = _named([("Teodor Sarn", "person"), ("Veldra", "government"), ("she", "unresolved")])
    assert story_names(names, ["Mila Sarn"]) == names


def test_story_people_are_full_person_names_only() -> None:
    names = _named([("Foreign Minister Teodor Sarn", "person"), ("Sarn", "person"),
                    ("Halvik Aerosystems", "organization"), ("Veldra", "government")])
    assert story_people(names) == {"Teodor Sarn"}


# --- kinds and junk ----------------------------------------------------------------------

KIND_CASES = [
    # (name, kind as read, states known before, kind listed)
    ("Veldra", "person", ("Veldra",), "government"),   # a state the corpus knows
    ("China", "person", (), "government"),             # a state the lexicon knows
    ("Beijing", "person", (), "government"),           # a place standing for its state
    ("Veldra", "person", (), "person"),                # no state known by that name
    ("Teodor Sarn", "person", ("Veldra",), "person"),
    ("Halvik Aerosystems", "organization", ("Veldra",), "organization"),
]


@pytest.mark.parametrize(("name", "kind", "states", "want"), KIND_CASES)
def test_a_known_state_is_never_a_person(name, kind, states, want) -> None:
    assert _named([(name, kind)], states)[0].kind == want


def test_an_article_government_makes_its_state_known_to_its_persons() -> None:
    got = _named([("Ostrava", "person"), ("Republic of Ostrava", "government")])
    assert [(n.display, n.kind) for n in got] == [("Ostrava", "government")] * 2


@pytest.mark.parametrize("junk", ["unresolved", "she", "it", "you", "that", "Showing", "Move",
                                  "website", "The statement"])
def test_a_junk_name_is_unresolved_and_merges_with_nothing(junk) -> None:
    a = name_speakers([(junk, "person")], scope="a1")[0]
    b = name_speakers([(junk, "person")], scope="a2")[0]
    assert a.kind == b.kind == "unresolved"
    assert a.key != b.key


@pytest.mark.parametrize(("stored", "named", "want"), [
    ("person", "government", "government"), ("person", "organization", "person"),
    ("organization", "government", "organization"), ("government", "person", "government")])
def test_relisted_kind(stored, named, want) -> None:
    assert relisted_kind(stored, named) == want


# --- the corpus ---------------------------------------------------------------------------

def _write(rows: list[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return path


def _speakers_of(db: Path) -> dict[str, dict[str, str]]:
    """article ext id → {statement's speaker name in the corpus: kind}."""
    from counterclaim.store import Store

    out: dict[str, dict[str, str]] = {}
    with Store(db, readonly=True) as store:
        for s in store.iter_statements():
            if s["speaker"]["kind"] != "outlet":
                out.setdefault(s["article"]["ext_id"], {})[s["speaker"]["name"]] = \
                    s["speaker"]["kind"]
    return out


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> Path:
    from counterclaim.corpus import ingest

    d = tmp_path_factory.mktemp("story")
    db = d / "story.db"
    ingest([str(_write(story_articles(), d / "story.jsonl"))], db=str(db), jobs=1)
    return db


def test_the_stories_are_as_written(story_db) -> None:
    from counterclaim.store import Store

    with Store(story_db, readonly=True) as store:
        rows = store._rows("SELECT ext_id, story_id FROM articles ORDER BY ext_id")
    story = {r["ext_id"]: r["story_id"] for r in rows}
    assert story["story-1"] == story["story-2"] == story["story-3"] != story["story-4"]


def test_a_surname_in_a_later_article_is_the_full_name_of_its_story(story_db) -> None:
    got = _speakers_of(story_db)
    assert got["story-1"].get("Teodor Sarn") == "person"
    assert "Teodor Sarn" in got["story-2"] and "Sarn" not in got["story-2"]
    from counterclaim.store import Store

    with Store(story_db, readonly=True) as store:
        sarn = store.speaker("Teodor Sarn")
        assert {s["article"]["ext_id"] for s in sarn["asserted"] + sarn["denied"] +
                sarn["hedged"] + sarn["other"]} == {"story-1", "story-2"}


def test_two_sarns_in_a_story_and_a_sarn_elsewhere_stay_apart(story_db) -> None:
    got = _speakers_of(story_db)
    assert set(got["story-3"]) & {"Mila Sarn", "Teodor Sarn"} == {"Mila Sarn"}
    assert "Teodor Sarn" not in got["story-4"]  # another story: no merge on a surname


def test_an_article_ingested_later_into_its_story_merges_and_a_rerun_adds_nothing(
        tmp_path) -> None:
    from counterclaim.corpus import ingest
    from counterclaim.store import Store

    rows = story_articles()
    db = tmp_path / "inc.db"
    ingest([str(_write(rows[:1], tmp_path / "first.jsonl"))], db=str(db), jobs=1)
    with Store(db, readonly=True) as store:
        before = {r["uid"]: r["name"] for r in store._rows("SELECT uid, name FROM speakers")}
    ingest([str(_write(rows[1:2], tmp_path / "second.jsonl"))], db=str(db), jobs=1)
    assert "Teodor Sarn" in _speakers_of(db)["story-2"]
    with Store(db, readonly=True) as store:
        after = {r["uid"]: r["name"] for r in store._rows("SELECT uid, name FROM speakers")}
        n = store.stats()
    assert before.items() <= after.items(), "the speakers stored before keep their ids"
    ingest([str(_write(rows[:2], tmp_path / "again.jsonl"))], db=str(db), jobs=1)
    with Store(db, readonly=True) as store:
        assert store.stats() == n
        assert {r["uid"]: r["name"] for r in store._rows("SELECT uid, name FROM speakers")} \
            == after


def test_the_order_is_the_rule_a_surname_before_its_full_name_stays(tmp_path) -> None:
    """The merge knows the story's earlier articles only (as the known states do), so
    the corpus and Spark agree in ingest order: a surname read before the full name
    ever appears is kept as it is (a known weakness, said so in docs/corpus.md)."""
    from counterclaim.corpus import ingest

    rows = story_articles()[1::-1]  # "Sarn denied" ingested first
    db = tmp_path / "rev.db"
    ingest([str(_write(rows, tmp_path / "rev.jsonl"))], db=str(db), jobs=1)
    got = _speakers_of(db)
    assert "Teodor Sarn" not in got["story-2"]
    assert "Teodor Sarn" in got["story-1"]


def test_junk_speakers_are_not_listed(tmp_path) -> None:
    from counterclaim.corpus import ingest
    from counterclaim.store import Store

    text = ("Showing the harbour plans on Monday, the council said the pier would reopen.\n\n"
            '"It will be finished by June," she said. You said the timetable was late.\n\n'
            "Mayor Ilse Varga said the pier repairs would cost four million.\n")
    db = tmp_path / "junk.db"
    ingest([str(_write([{"id": "j1", "title": "Pellow pier to reopen", "text": text}],
                       tmp_path / "junk.jsonl"))], db=str(db), jobs=1)
    with Store(db, readonly=True) as store:
        names = {r["name"].casefold() for r in store.speakers(limit=1000)}
        kinds = {r["kind"] for r in store.speakers(limit=1000)}
    assert names, "someone is listed"
    assert not names & {"she", "you", "it", "showing", "unresolved"}, names
    assert "unresolved" not in kinds


def test_relink_reads_the_stories_surnames_again(story_db, tmp_path) -> None:
    """A corpus stored before the story rule (its "Sarn" a row of its own, no story
    people) gets the merge from relink; on a corpus stored with it relink changes nothing."""
    import shutil

    from counterclaim.store import Store

    db = tmp_path / "old.db"
    shutil.copy(story_db, db)
    want = _speakers_of(db)
    with Store(db) as store:
        store.relink()
    assert _speakers_of(db) == want
    with Store(db) as store, store._tx() as conn:
        sid = conn.execute("INSERT INTO speakers (key, name, kind) VALUES ('sarn-old', 'Sarn', "
                           "'organization')").lastrowid
        conn.execute("UPDATE statements SET speaker_id = ? WHERE article_id = (SELECT id FROM "
                     "articles WHERE ext_id = 'story-2') AND speaker_id = (SELECT id FROM "
                     "speakers WHERE key = 'teodor sarn')", (sid,))
        conn.execute("DELETE FROM story_people")
    assert "Teodor Sarn" not in _speakers_of(db)["story-2"]
    with Store(db) as store:
        store.relink()
    assert _speakers_of(db) == want


# --- the reading: a surname whose full name only an unparsed paragraph writes ------------

@pytest.mark.parametrize(("text", "want"), [
    ("Mara Quillfeather is new to the harbour board, and already known on the docks.\n\n"
     "Quillfeather said the pier would reopen in June.\n", "Mara Quillfeather"),
    ("Ana Pell runs the ferry. Ines Pell runs the market.\n\n"      # two: no one of them
     "Pell said the pier would reopen in June.\n", "Pell"),
    ("If Quillfeather wins, the board changes.\n\n"                  # "If" starts no name
     "Quillfeather said the pier would reopen in June.\n", "Quillfeather"),
])
def test_a_surname_is_the_full_name_the_text_writes_once(analyzer, text, want) -> None:
    a = analyzer.analyze(text)
    assert [(s.speaker.name, s.speaker.kind) for s in a.statements] == [(want, "person")]


def test_the_story_people_migration_keeps_the_stored_sides(story_db, tmp_path) -> None:
    """Opening a corpus stored before schema 6 re-reads its speakers but keeps each
    statement's stored side: the side the reading and the corpus decided over the whole
    article (a negation rebutting nothing, a debunked relay) is not redone from the
    statement's row alone."""
    import shutil
    import sqlite3

    from counterclaim.store import Store

    db = tmp_path / "v5.db"
    shutil.copy(story_db, db)
    conn = sqlite3.connect(db)
    # as if the corpus had decided 'other' where a row alone reads 'asserting'
    sid = conn.execute("SELECT id FROM statements WHERE side = 'asserting' AND construction "
                       "!= 'outlet' ORDER BY id LIMIT 1").fetchone()[0]
    conn.execute("UPDATE statements SET side = 'other' WHERE id = ?", (sid,))
    conn.execute("DELETE FROM schema_migrations WHERE version = 6")
    conn.execute("DROP TABLE story_people")
    conn.commit()
    conn.close()
    with Store(db) as store, store._tx() as c:
        assert c.execute("SELECT side FROM statements WHERE id = ?", (sid,)).fetchone()[0] \
            == "other"
        assert c.execute("SELECT COUNT(*) FROM story_people").fetchone()[0] > 0
    assert "Teodor Sarn" in _speakers_of(db)["story-2"]
