"""The GGT metric: unit tests on hand-made data, and agreement with the reference
scorer in ../shared/tools on synthetic ``analyze --json`` output built from the
gold set with many kinds of perturbation (no model needed)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from counterclaim.evaluation import (
    GoldArticle,
    GoldQuote,
    Prediction,
    analyze_errors,
    evaluate,
    format_errors,
    load_gold,
    match_article,
    read_predictions,
    score,
)
from counterclaim.evaluation.ggt import speaker_correct, speaker_correct_strict


def _shared() -> Path:
    env = os.environ.get("COUNTERCLAIM_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared"


SHARED = _shared()
GGT = SHARED / "datasets" / "sfu-ggt-quote-eval" / "ggt_quotes.jsonl"
TOOLS = SHARED / "tools"


def _q(i: int, span: tuple[int, int] | None, *, speaker: str = "Kim",
       speaker_span: tuple[int, int] | None = None, reference: str = "Ana Kim",
       verb: str = "said", quote: str = "x") -> GoldQuote:
    return GoldQuote(index=i, quote=quote, span=span, speaker=speaker,
                     speaker_span=speaker_span, reference=reference, verb=verb, verb_span=None)


def _art(*quotes: GoldQuote, text: str = "t" * 400, aid: str = "a1") -> GoldArticle:
    return GoldArticle(id=aid, text=text, outlet=None, url=None, quotes=quotes)


# ---------------------------------------------------------------- matching rules


def test_threshold_is_strict_and_relative_to_gold_length():
    gold = _art(_q(0, (0, 100)))
    exactly = [Prediction(content=(70, 100))]  # covers 30 %: not more than 0.3
    assert match_article(gold, exactly, 0.3).missed == (0,)
    more = [Prediction(content=(69, 300))]  # 31 % of the gold, however long it is
    assert len(match_article(gold, more, 0.3).matches) == 1
    assert match_article(gold, more, 0.8).missed == (0,)


def test_each_prediction_matches_one_gold_quote_best_first_earliest_on_tie():
    gold = _art(_q(0, (0, 100)), _q(1, (100, 200)))
    merged = [Prediction(content=(0, 200))]  # covers both fully, can take only one
    res = match_article(gold, merged, 0.3)
    assert [m.gold for m in res.matches] == [0] and res.missed == (1,)
    tie = [Prediction(content=(0, 100), verb="x"), Prediction(content=(0, 100), verb="said")]
    res = match_article(_art(_q(0, (0, 100))), tie, 0.3)
    assert res.matches[0].pred == 0 and res.spurious == (1,)
    best = [Prediction(content=(0, 50)), Prediction(content=(0, 90))]
    assert match_article(_art(_q(0, (0, 100))), best, 0.3).matches[0].pred == 1


def test_gold_without_span_is_left_out_and_unknown_articles_ignored():
    gold = [_art(_q(0, None), _q(1, (0, 10)))]
    preds = {"a1": [Prediction(content=(0, 10))], "other": [Prediction(content=(0, 5))]}
    s = score(gold, preds, 0.3)
    assert (s.tp, s.fp, s.fn) == (1, 0, 0)
    assert score(gold, {}, 0.3).fn == 1


def test_speaker_rules():
    q = _q(0, (0, 10), speaker="she", speaker_span=(20, 23), reference="Ana Kim")
    assert speaker_correct(q, Prediction((0, 10), speaker_span=(21, 30)))
    assert speaker_correct(q, Prediction((0, 10), speaker_name="ana kim"))
    assert speaker_correct(q, Prediction((0, 10), speaker_name="Kim"))  # substring
    assert speaker_correct(q, Prediction((0, 10), speaker_name="Dr. Ana Kim, MD"))
    assert not speaker_correct(q, Prediction((0, 10), speaker_name="Bo Li", speaker_span=(0, 3)))
    # the GGT rule is a plain substring test: "he" is inside "Stephen"
    q2 = _q(0, (0, 10), speaker="he", speaker_span=(40, 42), reference="Stephen Harper")
    assert speaker_correct(q2, Prediction((0, 10), speaker_name="he"))
    assert not speaker_correct_strict(q2, Prediction((0, 10), speaker_name="he"))
    assert speaker_correct_strict(q2, Prediction((0, 10), speaker_name="Harper"))
    # no speaker in the sentence: right when we name no mention either
    q3 = _q(0, (0, 10), speaker="", reference="")
    assert speaker_correct(q3, Prediction((0, 10), speaker_name="Kim"))
    assert not speaker_correct(q3, Prediction((0, 10), speaker_name="Kim", speaker_span=(1, 2)))


def test_scores_and_verb():
    gold = [_art(_q(0, (0, 10), verb="Said "), _q(1, (20, 30), verb=""), _q(2, (40, 50)))]
    preds = {"a1": [Prediction((0, 10), verb="said", speaker_span=(0, 1)),
                    Prediction((20, 30), verb=""),
                    Prediction((60, 70))]}
    d = score(gold, preds, 0.3).to_dict()
    assert (d["tp"], d["fp"], d["fn"]) == (2, 1, 1)
    assert d["P"] == 66.7 and d["R"] == 66.7 and d["F1"] == 66.7
    assert d["verb_acc"] == 100.0


def test_read_predictions_accepts_both_formats():
    analysis = {"article": {"id": "a1", "text": "abc"},
                "statements": [{"id": "s1", "kind": "direct",
                                "content": {"text": "b", "start": 1, "end": 2},
                                "speaker": {"text": None, "start": None, "end": None,
                                            "name": "Kim"},
                                "cue": {"text": "Said", "start": 0, "end": 1}},
                               {"id": "s2", "content": {"start": None, "end": None}}]}
    ref = {"id": "a2", "quotes": [{"quote_span": [0, 3], "speaker_span": None,
                                   "speaker_name": None, "verb": ""}]}
    preds, texts = read_predictions([json.dumps(analysis), "", json.dumps(ref)])
    assert preds["a1"] == [Prediction((1, 2), None, "Kim", "Said", (0, 1), kind="direct",
                                      statement_id="s1")]
    assert preds["a2"][0].content == (0, 3) and texts == {"a1": "abc"}
    with pytest.raises(ValueError, match="line 1"):
        read_predictions(['{"nothing": 1}'])


def test_error_categories():
    text = ('"We never did it," Kim said.\nShe added that the plan was fine.\n'
            'Officials said the plant would close. "It is over," he said.\n'
            'Nobody expected this, the report said.')
    i_q1 = (0, text.index(",") + 2)
    i_q2 = (text.index("the plan"), text.index("fine.") + 4)
    i_q3 = (text.index("the plant"), text.index("close.") + 5)
    i_q4 = (text.index('"It is'), text.index('over,"') + 6)
    he = text.index(" he said") + 1
    gold = [_art(
        _q(0, i_q1, speaker="Kim", speaker_span=(text.index("Kim"), text.index("Kim") + 3)),
        _q(1, i_q2, speaker="She", speaker_span=(29, 32), reference="Lee Park",
           verb="added"),
        _q(2, i_q3, speaker="Officials", speaker_span=(text.index("Officials"),
                                                        text.index("Officials") + 9),
           reference="officials", quote="the plant would close"),
        _q(3, i_q4, speaker="he", speaker_span=(he, he + 2), reference="Bo Li",
           quote='"It is over,"'),
        text=text)]
    preds = {"a1": [Prediction(i_q1, speaker_span=(20, 21), speaker_name="Kim", verb="said"),
                    Prediction(i_q2, speaker_name="Kim", speaker_span=(0, 1), verb="said"),
                    Prediction((len(text) - 30, len(text) - 16), verb="said")]}
    ev = evaluate(gold, preds)
    rep = analyze_errors(gold, preds, ev.scores[0.3], ev.scores[0.8])
    counts = {k: v for k, v in rep.counts().items() if v}
    assert counts == {"missed_indirect": 1, "missed_direct": 1, "speaker_pronoun": 1,
                      "verb_mismatch": 1, "spurious": 1}
    out = format_errors(rep)
    assert "⟦" in out and "missed indirect speech" in out
    json.dumps(rep.to_dict())


# ---------------------------------------------------------------- vs the reference scorer


def _synthetic_analysis(gold_rows: list[dict], seed: int) -> list[dict]:
    """analyze --json objects built from the gold with deliberate errors of every kind."""
    rnd = random.Random(seed)
    out = []
    for row in gold_rows:
        text, stmts = row["text"], []
        n = len(text)
        for q in row["quotations"]:
            span = q["quote_span"]
            if not span or rnd.random() < 0.15:
                continue  # missed
            a, b = span
            glen = b - a
            r = rnd.random()
            if r < 0.1:  # short prediction, around the thresholds
                cut = int(glen * rnd.choice([0.29, 0.3, 0.31, 0.5, 0.79, 0.8, 0.81]))
                a2, b2 = a, a + cut
            elif r < 0.2:  # longer than the gold
                a2, b2 = max(0, a - rnd.randint(0, 80)), min(n, b + rnd.randint(0, 200))
            else:
                a2, b2 = a + rnd.randint(-2, 2), b + rnd.randint(-2, 2)
            a2, b2 = max(0, a2), min(n, max(a2 + 1, b2))
            sp = q["speaker_span"]
            r = rnd.random()
            if sp and r < 0.5:
                spk = {"start": sp[0], "end": sp[1], "text": text[sp[0]:sp[1]]}
            elif sp and r < 0.6:
                spk = {"start": max(0, sp[0] - 30), "end": max(1, sp[0] - 20), "text": "x"}
            else:
                spk = {"start": None, "end": None, "text": None}
            names = [q["reference"], q["reference"].split(" ")[-1], "he", "she", "Unknown",
                     q["reference"].upper(), None]
            spk["name"] = rnd.choice(names)
            verb = rnd.choice([q["verb"], q["verb"].upper(), " " + q["verb"], "said",
                               "told", None])
            cue = ({"text": verb, "start": 0, "end": 1} if verb is not None
                   else {"text": None, "start": None, "end": None})
            stmts.append({"id": f"s{len(stmts)}", "speaker": spk, "cue": cue,
                          "content": {"start": a2, "end": b2, "text": text[a2:b2]},
                          "kind": "direct"})
            if rnd.random() < 0.08:  # a duplicate (split) statement
                stmts.append({**stmts[-1], "id": f"s{len(stmts)}"})
        for _ in range(rnd.randint(0, 4)):  # spurious statements anywhere
            a2 = rnd.randrange(0, max(1, n - 60))
            stmts.append({"id": f"s{len(stmts)}", "speaker": {"start": None, "end": None,
                                                               "text": None, "name": None},
                          "cue": {"text": "said", "start": 0, "end": 4},
                          "content": {"start": a2, "end": a2 + 50, "text": ""},
                          "kind": "indirect"})
        if rnd.random() < 0.5:
            rnd.shuffle(stmts)
        if rnd.random() < 0.03:
            continue  # an article with no output at all
        out.append({"article": {"id": row["id"], "text": text}, "statements": stmts})
    return out


def reference_scores(gold_path: Path, analysis_jsonl: Path, tmp: Path) -> list[dict]:
    """Run ../shared/tools/to_quotes.py and ggt_score.py as their README says."""
    pred = tmp / "ref_pred.jsonl"
    with pred.open("w") as fh:
        subprocess.run([sys.executable, str(TOOLS / "to_quotes.py"), str(analysis_jsonl)],
                       stdout=fh, check=True)
    done = subprocess.run([sys.executable, str(TOOLS / "ggt_score.py"), str(gold_path),
                           str(pred)], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


REF_KEYS = ("threshold", "P", "R", "F1", "speaker_acc", "verb_acc", "tp", "fp", "fn")


@pytest.mark.skipif(not (GGT.is_file() and (TOOLS / "ggt_score.py").is_file()),
                    reason=f"GGT data or reference scorer not found under {SHARED} "
                           "(set COUNTERCLAIM_SHARED to the shared folder)")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_reference_scorer_on_synthetic_output(tmp_path: Path, seed: int):
    rows = [json.loads(line) for line in GGT.open(encoding="utf-8")]
    docs = _synthetic_analysis(rows, seed)
    out = tmp_path / "analysis.jsonl"
    out.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    ref = reference_scores(GGT, out, tmp_path)
    with out.open(encoding="utf-8") as fh:
        preds, texts = read_predictions(fh)
    ours = evaluate(load_gold(GGT), preds, texts=texts)
    mine = [{k: s.to_dict()[k] for k in REF_KEYS} for s in ours.scores.values()]
    assert mine == ref
    assert ours.scores[0.3].tp > 500 and ours.scores[0.3].fp > 100  # a real test


# ---------------------------------------------------------------- the command


def test_eval_ggt_command_on_small_files(tmp_path: Path):
    from click.testing import CliRunner

    from counterclaim.cli import main

    text = 'Kim said the plan failed.\n"It is over," Lee said.\nNothing else.'
    gold = {"id": "g1", "text": text, "quotations": [
        {"quote": "the plan failed", "quote_span": [9, 24], "speaker": "Kim",
         "speaker_span": [0, 3], "reference": "Ana Kim", "verb": "said", "verb_span": [4, 8]},
        {"quote": '"It is over,"', "quote_span": [26, 39], "speaker": "Lee",
         "speaker_span": [40, 43], "reference": "Bo Lee", "verb": "said", "verb_span": [44, 48]},
    ]}
    gpath = tmp_path / "gold.jsonl"
    gpath.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    st = {"id": "s1", "kind": "indirect", "content": {"start": 9, "end": 24, "text": ""},
          "speaker": {"text": "Kim", "start": 0, "end": 3, "name": "Ana Kim"},
          "cue": {"text": "said", "start": 4, "end": 8, "lemma": "say"}}
    ppath = tmp_path / "pred.jsonl"
    ppath.write_text(json.dumps({"article": {"id": "g1", "text": text}, "statements": [st]})
                     + "\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["eval", "ggt", str(gpath), "--predictions", str(ppath)])
    assert res.exit_code == 0, res.output
    row = next(line.split() for line in res.output.splitlines()
               if line.strip().startswith("0.3 "))
    assert row[:4] == ["0.3", "100.0", "50.0", "66.7"]
    res = runner.invoke(main, ["eval", "ggt", str(gpath), "--predictions", str(ppath),
                               "--json", "--errors"])
    out = json.loads(res.output)
    assert out["headline"] == {"f1_0.3": 66.7, "f1_0.8": 66.7, "speaker_acc": 100.0,
                               "verb_acc": 100.0}
    assert out["errors"]["counts"]["missed_direct"] == 1
    res = runner.invoke(main, ["eval", "ggt", str(gpath), "--predictions", str(ppath),
                               "--by-outlet"])
    assert res.exit_code == 0 and "outlet" in res.output
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"floors": {"f1_0.3": 70, "f1_0.8": 0, "speaker_acc": 0,
                                             "verb_acc": 0}}))
    res = runner.invoke(main, ["eval", "ggt", str(gpath), "--predictions", str(ppath),
                               "--floors", str(floors)])
    assert res.exit_code == 1 and "f1_0.3 = 66.7 is below its floor 70.0" in res.output
    res = runner.invoke(main, ["eval", "ggt", str(gpath), "--predictions", str(ppath),
                               "--only", "nonsense"])
    assert res.exit_code == 2 and "unknown categories" in res.output
