"""Quality gate of the claim check: ``counterclaim eval fnc`` on a fixed sample of the
FNC-1 development claims held out from training must stay at or above the "check"
floors in eval_floors.json. About 100 bodies are analysed (2–5 minutes on two cores).
Skipped when the shared data are absent (third-party, never in the repository)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterclaim.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COUNTERCLAIM_SHARED") or REPO.parent / "shared")
PAIRS = SHARED / "datasets" / "fnc1-claims-dev" / "pairs.jsonl"
FLOORS = REPO / "eval_floors.json"
SAMPLE = 100


def test_check_floors_are_well_formed() -> None:
    check = json.loads(FLOORS.read_text(encoding="utf-8"))["check"]
    assert set(check["floors"]) == {"fnc_score", "macro_f1", "disagree_f1"}
    assert all(0.0 <= v <= 100.0 for v in check["floors"].values())


@pytest.mark.skipif(not PAIRS.is_file(), reason=f"FNC-1 dev pairs not found at {PAIRS} "
                    "(third-party, kept outside the repo in ../shared)")
def test_check_gate_on_heldout_sample(tmp_path: Path) -> None:
    args = ["eval", "fnc", str(PAIRS), "--split", "heldout", "--sample", str(SAMPLE),
            "--jobs", "2", "--cache", str(tmp_path / "cache.pkl"), "--json",
            "--floors", str(FLOORS)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    figures = json.loads(res.output.splitlines()[0])
    assert figures["pairs"] > 1000 and figures["split"] == "heldout"
    # the same run read back from the cache gives the same figures, without analysing
    again = CliRunner().invoke(main, args)
    assert json.loads(again.output.splitlines()[0]) == figures
