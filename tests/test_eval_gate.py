"""Quality gate: the GGT evaluation must not drop below the floors in eval_floors.json.

Runs ``counterclaim analyze --json --jobs 2`` over the 98 GGT articles once (about
10–30 s on two cores), then scores that output with ``counterclaim eval ggt
--predictions`` and, on the very same file, with the reference scorer in
../shared/tools: both must print the same figures. Skipped when the shared data
are absent (they are third-party and never copied into the repository).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterclaim.cli import main
from counterclaim.cli.eval import FLOOR_KEYS, load_floors
from counterclaim.evaluation import evaluate, load_gold, read_predictions, run_analyzer

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COUNTERCLAIM_SHARED") or REPO.parent / "shared")
GGT = SHARED / "datasets" / "sfu-ggt-quote-eval" / "ggt_quotes.jsonl"
TOOLS = SHARED / "tools"
FLOORS = REPO / "eval_floors.json"
REF_KEYS = ("threshold", "P", "R", "F1", "speaker_acc", "verb_acc", "tp", "fp", "fn")

needs_ggt = pytest.mark.skipif(
    not GGT.is_file(),
    reason=f"GGT quote set not found at {GGT} (third-party, kept outside the repo in "
           "../shared; set COUNTERCLAIM_SHARED to the shared folder to run the gate)")


@pytest.fixture(scope="module")
def analysis_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``counterclaim analyze --json --jobs 2`` over the GGT articles, as a user runs it."""
    out = tmp_path_factory.mktemp("ggt") / "analysis.jsonl"
    exe = Path(sys.executable).with_name("counterclaim")
    cmd = ([str(exe)] if exe.exists()
           else [sys.executable, "-c", "from counterclaim.cli import main; main()"])
    with out.open("w", encoding="utf-8") as fh:
        done = subprocess.run([*cmd, "analyze", "--json", "--jobs", "2", str(GGT)],
                              stdout=fh, stderr=subprocess.PIPE, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "error" not in done.stderr, done.stderr[-2000:]
    return out


def test_floors_file_is_well_formed():
    floors = load_floors(FLOORS)
    assert set(floors) == set(FLOOR_KEYS)
    assert all(0.0 <= v <= 100.0 for v in floors.values())


@needs_ggt
def test_gate_figures_at_or_above_floors(analysis_jsonl: Path):
    res = CliRunner().invoke(main, ["eval", "ggt", str(GGT), "--predictions",
                                    str(analysis_jsonl), "--json", "--floors", str(FLOORS)])
    report = json.loads(res.output.splitlines()[0])
    assert report["articles"] == 98 and not report["missing_predictions"]
    figures = "; ".join(f"{k} {v}" for k, v in report["headline"].items())
    floors = load_floors(FLOORS)
    below = {k: (report["headline"][k], floors[k]) for k in FLOOR_KEYS
             if report["headline"][k] < floors[k]}
    assert not below, f"below the floors in eval_floors.json: {below} (measured: {figures})"
    assert res.exit_code == 0, res.output


@needs_ggt
def test_eval_agrees_with_reference_scorer(analysis_jsonl: Path, tmp_path: Path):
    if not (TOOLS / "ggt_score.py").is_file():
        pytest.skip(f"reference scorer not found at {TOOLS}")
    pred = tmp_path / "ref_pred.jsonl"
    with pred.open("w") as fh:
        subprocess.run([sys.executable, str(TOOLS / "to_quotes.py"), str(analysis_jsonl)],
                       stdout=fh, check=True)
    done = subprocess.run([sys.executable, str(TOOLS / "ggt_score.py"), str(GGT), str(pred)],
                          capture_output=True, text=True, check=True)
    ref = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    with analysis_jsonl.open(encoding="utf-8") as fh:
        # to_quotes.py passes every statement, so compare with --all-statements
        preds, texts = read_predictions(fh, quotes_only=False)
    ev = evaluate(load_gold(GGT), preds, texts=texts)
    assert not ev.text_mismatch
    assert [{k: s.to_dict()[k] for k in REF_KEYS} for s in ev.scores.values()] == ref


@needs_ggt
def test_in_process_run_equals_analyze_json(analysis_jsonl: Path):
    """``eval ggt`` without --predictions analyses exactly what ``analyze --json`` does."""
    gold = load_gold(GGT)[:4]
    run = run_analyzer(GGT, jobs=1, gold=gold)
    lines = analysis_jsonl.read_text(encoding="utf-8").splitlines()[:4]
    assert [json.dumps(d, ensure_ascii=False) for d in run.docs] == lines
