"""The claim check: the FNC measure, the data readers, the forest, the features, and
the faces (library, CLI in-process, /api/check, /check) on a small invented corpus."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from counterclaim.checking import FEATURES, check, claim_words
from counterclaim.checking.features import (
    features,
    read_article,
    read_claim,
    sentences_of,
    stances_product,
)
from counterclaim.checking.lede import claim_hashed
from counterclaim.checking.model import Forest, average, fit
from counterclaim.cli import main
from counterclaim.errors import InputError, QueryError
from counterclaim.evaluation.fnc import score
from counterclaim.evaluation.fnc_data import (
    default_bodies,
    fold_of,
    heldout_clusters,
    load_bodies,
    load_pairs,
)

# --- the FNC measure --------------------------------------------------------------------

# (gold, predicted, FNC score): 0.25 for the related/unrelated decision, 0.75 more for
# the exact related class, over the best possible.
FNC_CASES = [
    (["agree"], ["agree"], 100.0),
    (["agree"], ["discuss"], 25.0),  # related right, class wrong
    (["agree"], ["unrelated"], 0.0),
    (["unrelated"], ["unrelated"], 100.0),
    (["unrelated"], ["disagree"], 0.0),
    (["agree", "unrelated"], ["disagree", "unrelated"], 100 * 0.5 / 1.25),
    (["discuss", "disagree", "unrelated", "unrelated"],
     ["discuss", "agree", "unrelated", "agree"], 100 * (1.0 + 0.25 + 0.25) / 2.5),
]


@pytest.mark.parametrize("gold,pred,expected", FNC_CASES)
def test_fnc_score(gold: list[str], pred: list[str], expected: float) -> None:
    assert score(gold, pred).fnc == pytest.approx(expected)


def test_f1_accuracy_and_confusion() -> None:
    gold = ["agree", "agree", "disagree", "discuss", "unrelated", "unrelated"]
    pred = ["agree", "discuss", "disagree", "discuss", "unrelated", "agree"]
    s = score(gold, pred)
    assert s.accuracy == pytest.approx(100 * 4 / 6)
    # agree: tp 1, fp 1, fn 1 → F1 0.5; disagree 1.0; discuss: tp 1, fp 1 → 2/3; unrelated 2/3
    assert s.f1 == pytest.approx({"agree": 50.0, "disagree": 100.0, "discuss": 200 / 3,
                                  "unrelated": 200 / 3})
    assert s.macro_f1 == pytest.approx((50 + 100 + 200 / 3 + 200 / 3) / 4)
    assert s.confusion[0] == [1, 0, 1, 0]
    assert s.confusion[3] == [1, 0, 0, 1]
    assert s.related_accuracy == pytest.approx(100 * 5 / 6)


# --- the data readers -------------------------------------------------------------------

def test_pairs_and_bodies_jsonl_and_csv(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"headline": "A dam burst", "body_id": "b1", "stance": "agree"}\n\n'
                     '{"headline": "A dam burst", "body_id": "b2", "stance": "unrelated"}\n')
    (tmp_path / "articles.jsonl").write_text(
        '{"id": "b1", "text": "The Pellow dam burst.", "cluster": "c1"}\n'
        '{"id": "b2", "text": "Bread prices rose."}\n')
    assert [p.stance for p in load_pairs(pairs)] == ["agree", "unrelated"]
    texts, clusters = load_bodies(default_bodies(pairs))
    assert texts["b2"] == "Bread prices rose." and clusters == {"b1": "c1"}
    stances = tmp_path / "x_stances_test.csv"
    stances.write_text('Headline,Body ID,Stance\n"Dams, they burst",7,disagree\n')
    (tmp_path / "x_bodies.csv").write_text('Body ID,articleBody\n7,"It did not, he said."\n')
    assert load_pairs(stances)[0].headline == "Dams, they burst"
    assert load_bodies(default_bodies(stances))[0] == {"7": "It did not, he said."}


@pytest.mark.parametrize("content,message", [
    ('{"headline": "x", "body_id": "b"}\n', "pairs.jsonl:1: missing field 'stance'"),
    ('{"headline": "x"\n', "pairs.jsonl:1: malformed JSON"),
    ('{"headline": "x", "body_id": "b", "stance": "maybe"}\n', "unknown stance 'maybe'"),
])
def test_bad_pairs_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        load_pairs(path)


def test_heldout_split_is_fixed_and_a_fifth() -> None:
    clusters = [f"c{i:03d}" for i in range(200)]
    held = heldout_clusters(clusters)
    assert len(held) == 40
    assert held == heldout_clusters(reversed(clusters))
    assert {fold_of(c, 5) for c in clusters} == set(range(5))


# --- the forest -------------------------------------------------------------------------

def test_forest_learns_an_interaction_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    x = rng.random((3000, 3)).astype(np.float32)
    y = ((x[:, 0] > 0.5) ^ (x[:, 1] > 0.5)).astype(int)  # XOR: needs two levels
    m = fit(x[:2000], y[:2000], classes=("a", "b"), feature_names=("f0", "f1", "f2"),
            trees=40, depth=3, rate=0.3)
    acc = (m.proba(x[2000:]).argmax(1) == y[2000:]).mean()
    assert acc > 0.95
    m.save(tmp_path / "m.npz")
    back = Forest.load(tmp_path / "m.npz")
    assert np.allclose(back.proba(x[:50]), m.proba(x[:50]))
    assert back.classes == ("a", "b") and back.feature_names == ("f0", "f1", "f2")
    other = fit(x[:2000], y[:2000], classes=("a", "b"), feature_names=("f0", "f1", "f2"),
                trees=20, depth=3, rate=0.3, seed=5)
    both = average([m, other])  # the mean of the two forests' raw scores
    assert np.allclose(both.scores(x[:50]), (m.scores(x[:50]) + other.scores(x[:50])) / 2,
                       atol=1e-4)
    assert both.features.shape[0] == 60 and (both.proba(x[2000:]).argmax(1) == y[2000:]).mean() > 0.9
    with pytest.raises(ValueError):
        average([])


def test_forest_decision_shift_moves_the_decision_and_round_trips(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    x = rng.random((1000, 2)).astype(np.float32)
    y = (x[:, 0] > 0.7).astype(int)  # "b" is the rarer class
    m = fit(x, y, classes=("a", "b"), feature_names=("f0", "f1"), trees=20, depth=2, rate=0.3)
    assert m.shift is None
    near = np.array([[0.66, 0.5], [0.68, 0.5]], np.float32)  # just under the boundary
    assert (m.proba(near).argmax(1) == 0).all()
    z = m.scores(near)
    gap = float((z[:, 0] - z[:, 1]).max()) + 1.0  # enough to turn both
    shifted = replace(m, shift=np.array([0.0, gap], np.float32))
    assert (shifted.proba(near).argmax(1) == 1).all()  # the threshold on "b" is lower
    assert np.allclose(shifted.scores(near) - z, [[0.0, gap]] * 2, atol=1e-4)
    shifted.save(tmp_path / "s.npz")
    back = Forest.load(tmp_path / "s.npz")
    assert np.allclose(back.shift, [0.0, gap]) and np.allclose(back.proba(near), shifted.proba(near))
    m.save(tmp_path / "m.npz")
    assert Forest.load(tmp_path / "m.npz").shift is None


def test_shipped_model_matches_the_features() -> None:
    from counterclaim.checking import load_model

    m = load_model()
    assert m.feature_names == FEATURES
    assert m.classes == ("agree", "disagree", "discuss", "unrelated")
    assert m.lede is not None
    assert m.claim is not None


@pytest.mark.parametrize("claim, own", [
    ("The Pellow dam burst and flooded the village of Ambry", 0),
    ("Ambry flood story is a hoax", 1),
    ("No, the Pellow dam did not burst", 1),
])
def test_the_claims_own_stance_reads_a_debunking_headline(claim: str, own: int) -> None:
    # for, against, observing: a claim that debunks its story is read as against it, so
    # an article that debunks the story too agrees with it (FNC-1's labels are so built)
    stance = read_claim(claim).stance
    assert max(range(3), key=stance.__getitem__) == own, stance


@pytest.mark.parametrize("claim, article, expected", [
    ((1, 0, 0), (1, 0, 0), (1, 0, 0)),  # both for: the same
    ((1, 0, 0), (0, 1, 0), (0, 1, 0)),  # for and against: opposite
    ((0, 1, 0), (0, 1, 0), (1, 0, 0)),  # both against: the same
    ((0, 0, 1), (1, 0, 0), (0, 0, 1)),  # a relaying claim: only discussed
    ((0.5, 0.5, 0), (1, 0, 0), (0.5, 0.5, 0)),
])
def test_stances_product(claim, article, expected) -> None:
    assert stances_product(claim, article) == pytest.approx(expected)


def test_claim_tokens_keep_the_negation() -> None:
    assert len(claim_hashed("the dam did not burst")) > len(claim_hashed("the dam did burst"))
    assert claim_hashed("Did the dam burst?").tolist() != claim_hashed("Did the dam burst").tolist()


# --- the features, on hand-written articles ---------------------------------------------

CLAIM = "The Pellow dam burst and flooded the village of Ambry"
SUPPORT = ("Dam burst floods Ambry\n\nThe Pellow dam burst early on Sunday and flooded the "
           "village of Ambry, leaving two hundred homes under water. Rescue teams reached the "
           "village by boat. The regional council said the dam had been inspected in March.\n")
DEBUNK = ("Ambry flood story is a hoax\n\nA viral post claiming that the Pellow dam burst and "
          "flooded Ambry is fake. The dam is intact, the river commission said on Monday, and "
          "no village was flooded. \"The pictures are from another country,\" said Mira Talo, "
          "a spokeswoman for the commission. The story was false from the start.\n")
OTHER = ("Bakery wins prize\n\nA bakery in Corvale won the national bread prize on Friday for a "
         "rye loaf. The owner, Ilse Varn, said she would open a second shop in the spring.\n")


@pytest.fixture(scope="module")
def readings(analyzer) -> dict:
    return {k: analyzer.analyze(t, id=k) for k, t in
            (("support", SUPPORT), ("debunk", DEBUNK), ("other", OTHER))}


def test_claim_words_and_sentences() -> None:
    assert {"pellow", "dam", "burst", "flooded", "village", "ambry"} <= set(claim_words(CLAIM))
    assert "the" not in claim_words(CLAIM)
    assert len(sentences_of("One here. Two there! \"Three?\" Four\nFive")) == 5


def test_features_see_overlap_and_debunk_cues(readings: dict) -> None:
    claim = read_claim(CLAIM)
    vec = {k: dict(zip(FEATURES, features(claim, read_article(a)), strict=True))
           for k, a in readings.items()}
    assert vec["support"]["words_body"] > 0.8 and vec["other"]["words_body"] == 0.0
    assert vec["debunk"]["debunk_body"] > 0 and vec["support"]["debunk_body"] == 0
    assert vec["debunk"]["debunk_title"] >= 1
    assert vec["other"]["best_sentence"] == 0.0


def test_check_unrelated_and_related(readings: dict) -> None:
    other = check(CLAIM, readings["other"])
    assert other.stance == "unrelated"
    for key in ("support", "debunk"):
        r = check(CLAIM, readings[key])
        assert r.stance != "unrelated", key
        assert "ambry" in r.why["shared_entities"] or "ambry" in r.why["shared_terms"]
        assert sum(r.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert check(CLAIM, readings["debunk"]).probabilities["denies"] > \
        check(CLAIM, readings["support"]).probabilities["denies"]
    d = check(CLAIM, readings["debunk"]).to_dict()
    assert json.loads(json.dumps(d))["article"] == "debunk"


# --- a corpus: library, CLI, API, page ----------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, readings: dict) -> Path:
    from counterclaim.store import Store

    db = tmp_path_factory.mktemp("check") / "c.db"
    with Store(db) as store:
        for k, a in readings.items():
            store.add(a, source=f"test:{k}")
    return db


def test_library_check_lists_related_articles_only(corpus: Path) -> None:
    import counterclaim
    from counterclaim.store import Store

    with Store(corpus, readonly=True) as store:
        res = counterclaim.check(CLAIM, store)
        listed = {r["article"] for r in res.rows()}
        assert listed == {"support", "debunk"}
        assert res.candidates >= 2
        row = next(r for r in res.rows() if r["article"] == "debunk")
        assert set(row) >= {"claim_id", "claim", "article", "stance", "score", "statements", "why"}
        for empty in ("   ", "the of and"):
            with pytest.raises(QueryError):
                counterclaim.check(empty, store)
        assert counterclaim.check("Lisvik orchestra toured the moon", store).results == []


def test_cli_check_json_and_text(corpus: Path, tmp_path: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text(json.dumps({"id": "c9", "claim": CLAIM}) + "\n")
    out = CliRunner().invoke(main, ["check", "--claims", str(claims), "--db", str(corpus),
                                    "--json"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert {r["article"] for r in rows} == {"support", "debunk"}
    assert all(r["claim_id"] == "c9" and r["stance"] in ("supports", "denies", "discusses")
               for r in rows)
    text = CliRunner().invoke(main, ["check", CLAIM, "--db", str(corpus)])
    assert text.exit_code == 0 and "related article" in text.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n')
    res = CliRunner().invoke(main, ["check", "--claims", str(bad), "--db", str(corpus)])
    assert res.exit_code == 2 and "bad.jsonl:1" in res.output
    assert CliRunner().invoke(main, ["check", "--db", str(corpus)]).exit_code == 2


def test_api_and_page(corpus: Path) -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    from fastapi.testclient import TestClient

    from counterclaim.web import create_app

    client = TestClient(create_app(corpus))
    r = client.get("/api/check", params={"claim": CLAIM})
    assert r.status_code == 200
    body = r.json()
    assert {x["article"] for x in body["results"]} == {"support", "debunk"}
    assert client.get("/api/check", params={"claim": " "}).status_code == 400
    assert client.get("/api/check").status_code == 422
    page = client.get("/check", params={"claim": CLAIM + " <script>x</script>"})
    assert page.status_code == 200
    assert "<script>x</script>" not in page.text and "&lt;script&gt;" in page.text
    assert page.text.count('class="card check-card"') >= 2
    assert client.get("/check").status_code == 200


# --- properties ---------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=120))
def test_any_claim_gives_finite_features_and_one_stance(text: str) -> None:
    from counterclaim.records import Analysis, Article

    art = Article(id="x", text=SUPPORT)
    reading = read_article(Analysis(article=art, statements=(), speakers=(), propositions=(),
                                    disputes=()))
    vec = features(read_claim(text), reading)
    assert len(vec) == len(FEATURES) and all(np.isfinite(vec))
    r = check(text, reading.analysis)
    assert r.stance in ("supports", "denies", "discusses", "unrelated")
    assert 0.0 <= r.score <= 1.0


# --- retrieval from the store's indexes, and the bulk path of the benchmark ---------------

def test_gather_fuses_the_indexes(corpus: Path) -> None:
    from counterclaim.corpus.check import gather
    from counterclaim.store import Store

    with Store(corpus, readonly=True) as store:
        ids, sources = gather(store, read_claim(CLAIM), claim_words(CLAIM), 50)
        assert set(sources) == {"fts", "propositions", "stories"}
        assert len(ids) == len(set(ids)) >= 2 and sources["fts"] >= 2
        one, _ = gather(store, read_claim(CLAIM), claim_words(CLAIM), 1)
        assert len(one) == 1 and one[0] in ids


def test_bulk_copies_are_searchable_and_checked_like_their_original(
        tmp_path: Path, readings: dict) -> None:
    import shutil

    import counterclaim
    from counterclaim.store import Store
    from counterclaim.store.bulk import replicate

    db = tmp_path / "bulk.db"
    with Store(db) as store:
        for k, a in readings.items():
            store.add(a, source=f"test:{k}")
    shutil.copy(db, tmp_path / "before.db")
    with Store(db) as store:
        got = replicate(store, 2, lambda k, aid: f"Bulletin {k} zorvek{aid}x{k}.")
        assert got["articles"] == 6 and store.stats()["articles"] == 9
        assert store.stats()["statements"] == 3 * Store(tmp_path / "before.db").stats()[
            "statements"]
    with Store(db, readonly=True) as store:
        res = counterclaim.check(CLAIM, store)
        by_article = {r["article"]: r["stance"] for r in res.rows()}
        assert {"support~1", "support~2", "debunk~1"} <= set(by_article)
        assert by_article["support~1"] == by_article["support"]
        from counterclaim.store.check import candidates, stored_analyses
        hit = candidates(store, ["zorvek1x2"])
        assert len(hit) == 1
        an = stored_analyses(store, hit)[hit[0]]
        assert an.article.text.endswith("zorvek1x2.")
        for st in an.statements:  # offsets still point at the content
            assert an.article.text[st.content.start:st.content.end] == st.content.text
