"""`counterclaim eval claims`: our figures (evaluation/claims.py) agree with the
reference scorer (../shared/tools/claims_score.py) on the same export: on random
exports (hypothesis) and end to end on a small sample of fnc1-claims-dev ingested
through the CLI. Skipped when ../shared is absent."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from counterclaim.cli import main
from counterclaim.evaluation.claims import bcubed, headline, score_export

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COUNTERCLAIM_SHARED") or REPO.parent / "shared")
REFERENCE = SHARED / "tools" / "claims_score.py"
DEV = SHARED / "datasets" / "fnc1-claims-dev" / "articles.jsonl"

needs_ref = pytest.mark.skipif(not REFERENCE.is_file(),
                               reason=f"reference scorer not found at {REFERENCE} (../shared)")


def _reference():
    spec = importlib.util.spec_from_file_location("claims_score_ref", REFERENCE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bcubed_by_hand():
    gold = {"a": "x", "b": "x", "c": "y"}
    assert bcubed(gold, {"a": 1, "b": 1, "c": 1}) == {"P": 55.6, "R": 100.0, "F1": 71.4}
    assert bcubed(gold, {"a": 1, "b": 2, "c": 3}) == {"P": 100.0, "R": 66.7, "F1": 80.0}


_ARTS = [f"n{i}" for i in range(9)]
_row = st.fixed_dictionaries({
    "article_ext_id": st.sampled_from(_ARTS),
    "proposition_id": st.one_of(st.none(), st.integers(1, 5)),
    "side": st.sampled_from(["asserting", "denying", "hedging", "other"]),
    "speaker_id": st.integers(1, 4),
    "story_id": st.one_of(st.none(), st.integers(1, 3)),
})
_copy = st.fixed_dictionaries({"article_ext_id": st.sampled_from(_ARTS),
                               "copy_of": st.sampled_from(_ARTS)})


@needs_ref
@settings(max_examples=60, deadline=None)
@given(clusters=st.lists(st.sampled_from("abc"), min_size=9, max_size=9),
       stances=st.lists(st.sampled_from(["for", "against", "observing", None]), min_size=9,
                        max_size=9),
       rows=st.lists(st.one_of(_row, _row, _row, _copy), max_size=30))
def test_agrees_with_the_reference_on_random_exports(tmp_path_factory, clusters, stances, rows):
    d = tmp_path_factory.mktemp("rand")
    gold = [{"id": a, "text": "", "cluster": c, "claim": "", "stance": s}
            for a, c, s in zip(_ARTS, clusters, stances, strict=True)]
    (d / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    (d / "export.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    ref = _reference().score(str(d / "gold.jsonl"), str(d / "export.jsonl"))
    ours = score_export({g["id"]: g for g in gold}, (json.dumps(r) for r in rows))
    assert ours == ref


@needs_ref
@pytest.mark.skipif(not DEV.is_file(), reason="fnc1-claims-dev not found (../shared)")
def test_eval_claims_cli_agrees_with_the_reference_on_its_export(tmp_path):
    rows = [json.loads(line) for line in DEV.open(encoding="utf-8")]
    by_cluster: dict[str, list] = {}
    for r in rows:
        by_cluster.setdefault(r["cluster"], []).append(r)
    sample = [r for c in sorted(by_cluster)[:40] if len(by_cluster[c]) >= 3
              for r in by_cluster[c][:3]][:9]
    gold = tmp_path / "sample.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in sample))
    export = tmp_path / "export.jsonl"
    res = CliRunner().invoke(main, ["eval", "claims", str(gold), "--json", "--export",
                                    str(export), "--no-progress"])
    assert res.exit_code == 0, res.output
    ours = json.loads(res.output)
    ours.pop("ingest")
    assert ours == _reference().score(str(gold), str(export))
    assert 0.0 <= headline(ours)["story_bcubed"] <= 100.0
    text = CliRunner().invoke(main, ["eval", "claims", str(gold), "--no-progress"])
    assert text.exit_code == 0 and "story_bcubed" in text.output


FLOORS = REPO / "eval_floors.json"


@needs_ref
@pytest.mark.skipif(not DEV.is_file(), reason="fnc1-claims-dev not found (../shared)")
def test_claims_gate_on_a_sample(tmp_path):
    """The quality gate: `eval claims --floors` on a sample of contested claims (the
    articles of the first 6 contested clusters of 6 to 14 articles, in file order)."""
    rows = [json.loads(line) for line in DEV.open(encoding="utf-8")]
    by_cluster: dict[str, list] = {}
    for r in rows:
        by_cluster.setdefault(r["cluster"], []).append(r)
    chosen = sorted(c for c, rs in by_cluster.items()
                    if {"for", "against"} <= {r["stance"] for r in rs} and 6 <= len(rs) <= 14)[:6]
    keep = {r["id"] for c in chosen for r in by_cluster[c]}
    sample = tmp_path / "gate.jsonl"
    sample.write_text("".join(json.dumps(r) + "\n" for r in rows if r["id"] in keep))
    res = CliRunner().invoke(main, ["eval", "claims", str(sample), "--jobs", "2", "--json",
                                    "--floors", str(FLOORS), "--no-progress"])
    assert res.exit_code == 0, res.output
