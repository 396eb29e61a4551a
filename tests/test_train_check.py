"""The training script's labels (``scripts/train_check.py``): each headline's own stance
read off its pairs, and each body's from the articles file."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

from counterclaim.evaluation.fnc_data import Pair

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "train_check.py"


def _script():
    spec = importlib.util.spec_from_file_location("train_check", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_claim_stances_follow_the_bodies_and_the_labels() -> None:
    tc = _script()
    bodies = {"b_for": 0, "b_against": 1, "b_obs": 2}
    pairs = [
        Pair("Dam burst", "b_for", "agree"), Pair("Dam burst", "b_against", "disagree"),
        Pair("Dam story a hoax", "b_for", "disagree"), Pair("Dam story a hoax", "b_against", "agree"),
        Pair("Report: dam may have burst", "b_for", "discuss"),
        Pair("Report: dam may have burst", "b_obs", "discuss"),  # an observing body tells nothing
        Pair("Only observed", "b_obs", "discuss"),
        Pair("Unrelated", "b_for", "unrelated"),
    ]
    got = tc.claim_stances(SimpleNamespace(pairs=pairs), bodies)
    assert got == {"Dam burst": 0, "Dam story a hoax": 1, "Report: dam may have burst": 2}


def test_article_stances_read_the_stance_field(tmp_path: Path) -> None:
    tc = _script()
    path = tmp_path / "articles.jsonl"
    rows = [{"id": "a", "text": "x", "stance": "for"}, {"id": "b", "text": "x", "stance": "against"},
            {"id": "c", "text": "x", "stance": "observing"}, {"id": "d", "text": "x", "stance": None}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert tc.article_stances(path) == {"a": 0, "b": 1, "c": 2}
    assert tc.article_stances(tmp_path / "missing.jsonl") == {}
