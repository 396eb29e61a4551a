"""`counterclaim eval claims --cache FILE`: readings are reused and re-linked with the
current rules, so a cached run gives the figures of a fresh one; a changed text is
read again. Uses the bundled invented examples as a tiny gold set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counterclaim import pipeline
from counterclaim.cli.eval import evaluate_claims
from counterclaim.pipeline import current_versions
from counterclaim.runner import ReadingCache

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gold(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    rows = []
    for i, line in enumerate((REPO / "examples" / "articles.jsonl").read_text().splitlines()):
        o = json.loads(line)
        o["cluster"] = "drones" if i < 6 else "inquiry"
        o["stance"] = "against" if "reject" in o["id"] or "denies" in o["title"] else "for"
        rows.append(json.dumps(o))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _figures(res: dict) -> dict:
    return {k: v for k, v in res.items() if k not in ("ingest", "cache")}


def test_cached_run_equals_fresh_run(gold, tmp_path):
    cache = tmp_path / "readings"
    fresh = evaluate_claims(gold)
    first = evaluate_claims(gold, cache=cache)
    second = evaluate_claims(gold, cache=cache)
    assert first["cache"]["hits"] == 0 and first["cache"]["misses"] > 0
    assert second["cache"]["misses"] == 0 and second["cache"]["hits"] > 0
    assert _figures(fresh) == _figures(first) == _figures(second)


def test_relink_redoes_stage_10(gold):
    text = json.loads((REPO / "examples" / "articles.jsonl").read_text().splitlines()[1])
    a = pipeline.analyze(text["text"], id="x", title=text["title"], outlet=text["outlet"])
    again = pipeline.relink(a)
    assert [s.side for s in again.statements] == [s.side for s in a.statements]
    assert again.propositions == a.propositions and again.disputes == a.disputes


def test_key_follows_text_and_reading_versions(tmp_path):
    versions = current_versions(None)
    cache = ReadingCache(tmp_path / "c", versions)
    kw = {"id": "a", "text": "Kessa said the bridge was closed."}
    assert cache.key(kw) == cache.key(dict(kw))
    assert cache.key(kw) != cache.key({**kw, "text": kw["text"] + " More."})
    # a link-only lexicon's version does not invalidate a reading; a reading one does
    linked = ReadingCache(tmp_path / "c", {**versions, "lexicon.linking": "x"})
    read = ReadingCache(tmp_path / "c", {**versions, "lexicon.cues": "x"})
    assert linked.key(kw) == cache.key(kw)
    assert read.key(kw) != cache.key(kw)
