"""``counterclaim eval``: measure the extractor on annotated news."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .progress import Progress, count_inputs
from .terminal import plural, wrap

# Published figures on the same 98 articles (the GGT's README, system V7.0), so a
# reader can place ours.
REFERENCE_LINES = (
    "Published on this set: GGT extractor V7.0 F1 83.7 (0.3) / 76.1 (0.8), speaker 86.5, "
    "verb 92.1; textacy direct_quotations F1 46.5 (0.3), speaker 69.9.",
)

FLOOR_KEYS = ("f1_0.3", "f1_0.8", "speaker_acc", "verb_acc")


def load_floors(path: str | Path) -> dict[str, float]:
    """The pinned floors: ``{"f1_0.3": …, "f1_0.8": …, "speaker_acc": …, "verb_acc": …}``."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    floors = data.get("floors", data)
    return {k: float(floors[k]) for k in FLOOR_KEYS}


def below_floors(headline: dict[str, float], floors: dict[str, float]) -> list[str]:
    """One line per figure under its floor (empty: the gate passes)."""
    return [f"{k} = {headline[k]:.1f} is below its floor {floors[k]:.1f}"
            for k in FLOOR_KEYS if headline[k] < floors[k]]


def format_table(ev: Any, *, jobs: int | None = None) -> str:
    d = ev.to_dict()
    head = (f"GGT quote evaluation: {plural(d['articles'], 'article')}, "
            f"{plural(d['gold_quotes'], 'gold quote')} "
            f"({d['gold_quotes_without_span']:,} without a located span left out), "
            f"{plural(d['predicted'], 'predicted statement')}")
    lines = [head]
    if ev.run is not None:
        v = ev.run.versions
        rate = len(ev.run.docs) / ev.run.seconds if ev.run.seconds else 0.0
        lines.append(f"counterclaim {v.get('counterclaim', '?')}, model {v.get('model', '?')}; "
                     f"{ev.run.seconds:.1f} s ({rate:.2f} articles/s, --jobs {jobs or 1})")
    lines += ["", "  T     P      R      F1     speaker  verb    tp     fp     fn"]
    for s in ev.scores.values():
        r = s.to_dict()
        lines.append(f"  {r['threshold']:<4}  {r['P']:5.1f}  {r['R']:5.1f}  {r['F1']:5.1f}  "
                     f"{r['speaker_acc']:5.1f}    {r['verb_acc']:5.1f}  {r['tp']:5d}  "
                     f"{r['fp']:5d}  {r['fn']:5d}")
    lo = ev.scores[0.3].to_dict()
    lines += ["", "Speaker and verb accuracy are over the quotes found at each threshold; "
              f"strict speaker accuracy (whole-word names) at 0.3: {lo['speaker_acc_strict']:.1f}.",
              *REFERENCE_LINES]
    if d["missing_predictions"]:
        n = len(d["missing_predictions"])
        lines.append(f"warning: {plural(n, 'gold article')} {'has' if n == 1 else 'have'} no "
                     "prediction (all their quotes count as missed)")
    if d.get("text_mismatch"):
        n = len(d["text_mismatch"])
        lines.append(f"warning: the text of {plural(n, 'article')} differs from the gold "
                     "text: offsets may not line up")
    return "\n".join(lines)


def outlet_scores(ev: Any) -> dict[str, dict[str, Any]]:
    """Figures per outlet at both thresholds (speaker/verb at 0.3)."""
    from ..evaluation import score

    groups: dict[str, list[Any]] = {}
    for g in ev.gold:
        groups.setdefault(g.outlet or "?", []).append(g)
    out = {}
    for outlet, gold in sorted(groups.items()):
        lo = score(gold, ev.predictions, 0.3).to_dict()
        hi = score(gold, ev.predictions, 0.8).to_dict()
        out[outlet] = {"articles": len(gold), "P": lo["P"], "R": lo["R"], "F1": lo["F1"],
                       "F1_0.8": hi["F1"], "speaker_acc": lo["speaker_acc"],
                       "verb_acc": lo["verb_acc"], "tp": lo["tp"], "fp": lo["fp"],
                       "fn": lo["fn"]}
    return out


def format_outlets(outlets: dict[str, dict[str, Any]]) -> str:
    """Figures per outlet, 80 columns wide (outlet names cut at 16 characters)."""
    lines = ["  outlet              n  P@0.3  R@0.3  F1@0.3  F1@0.8  speaker  verb    fp    fn"]
    for name, r in outlets.items():
        short = name if len(name) <= 16 else name[:15] + "…"
        lines.append(f"  {short:16s} {r['articles']:4d}  {r['P']:5.1f}  {r['R']:5.1f}  "
                     f"{r['F1']:6.1f}  {r['F1_0.8']:6.1f}  {r['speaker_acc']:7.1f} "
                     f"{r['verb_acc']:5.1f}  {r['fp']:4d}  {r['fn']:4d}")
    return "\n".join(lines)


@click.group("eval")
def eval_group() -> None:
    """Measure counterclaim against annotated news data."""


@eval_group.command("ggt")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--errors", "show_errors", is_flag=True,
              help="List missed and spurious quotes with context, grouped by category.")
@click.option("--max-errors", type=click.IntRange(0), default=None, metavar="N",
              help="With --errors: show at most N items per category (counts stay complete).")
@click.option("--only", "only", multiple=True, metavar="CATEGORY",
              help="With --errors: list only these categories (repeatable), e.g. "
                   "--only verb_mismatch --only spurious.")
@click.option("--by-outlet", is_flag=True,
              help="Also break the figures down by outlet (14 articles each).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for the analysis.")
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to load.")
@click.option("--limit", type=click.IntRange(1), default=None, metavar="N",
              help="Evaluate only the first N articles (quick checks; not comparable).")
@click.option("--save", "save_path", type=click.Path(dir_okay=False), default=None,
              metavar="FILE", help="Write the predictions (analyze --json JSON Lines) to FILE.")
@click.option("--predictions", "predictions_file", type=click.Path(exists=True, dir_okay=False),
              default=None, metavar="FILE",
              help="Score an existing `analyze --json` output (or {id, quotes} lines) "
                   "instead of running the analyzer.")
@click.option("--floors", "floors_file", type=click.Path(exists=True, dir_okay=False),
              default=None, metavar="FILE",
              help="Exit with status 1 when a figure is below the floors in FILE "
                   "(e.g. eval_floors.json).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar while the articles are analysed, on stderr "
                   "(default: when stderr is a terminal).")
@click.option("--all-statements", is_flag=True,
              help="Score every statement, also those marked quote: false (headlines, "
                   "noun-phrase content) that the GGT does not annotate.")
def ggt_cmd(path: str, as_json: bool, show_errors: bool, max_errors: int | None,
            only: tuple[str, ...], by_outlet: bool, jobs: int,
            model: str | None, limit: int | None, save_path: str | None,
            predictions_file: str | None, floors_file: str | None,
            progress: bool | None, all_statements: bool) -> None:
    """Score counterclaim on the Gender Gap Tracker quote set (98 news articles,
    1,520 annotated quotes) with the GGT's own metric: P/R/F1 at overlap
    thresholds 0.3 and 0.8, speaker accuracy and verb accuracy.

    PATH is ggt_quotes.jsonl (kept outside the repository, in ../shared).

    \b
    Examples:
      counterclaim eval ggt ../shared/datasets/sfu-ggt-quote-eval/ggt_quotes.jsonl --jobs 2
      counterclaim eval ggt GGT.jsonl --errors --max-errors 20 > errors.txt
      counterclaim eval ggt GGT.jsonl --predictions out.jsonl --only verb_mismatch
      counterclaim eval ggt GGT.jsonl --save out.jsonl        # keep the predictions
      counterclaim eval ggt GGT.jsonl --predictions out.jsonl --json   # re-score, no analysis
      counterclaim eval ggt GGT.jsonl --floors eval_floors.json        # the quality gate
      counterclaim eval ggt GGT.jsonl --all-statements   # not only the quotes view
    """
    from ..evaluation import CATEGORIES, evaluate_ggt, format_errors

    unknown = [c for c in only if c not in CATEGORIES]
    if unknown:
        raise click.BadParameter(f"unknown categories {unknown}; choose from "
                                 f"{', '.join(CATEGORIES)}", param_hint="--only")
    if predictions_file and save_path:
        raise click.UsageError("--save writes new predictions; it cannot go with --predictions")
    total = count_inputs([path])
    total = min(total, limit) if total is not None and limit else total
    shown = progress if progress is not None else sys.stderr.isatty()
    try:
        with Progress(total, "analysing", enabled=shown and not predictions_file) as bar:
            ev = evaluate_ggt(path, jobs=jobs, model=model, limit=limit,
                              predictions_file=predictions_file,
                              progress=lambda done: bar.advance(done - bar.done),
                              quotes_only=not all_statements)
    except (ValueError, KeyError, json.JSONDecodeError) as exc:
        click.echo(f"error: {predictions_file or path}: {exc}", err=True)
        sys.exit(2)
    if ev.run is not None:
        for msg in ev.run.failures:
            click.echo(f"error: {msg}", err=True)
        if save_path:
            ev.run.write_jsonl(save_path)
            click.echo(f"predictions written to {save_path}", err=True)
    report = ev.errors() if show_errors or only else None
    if report is not None and only:
        report.items = {k: (v if k in only else []) for k, v in report.items.items()}
    outlets = outlet_scores(ev) if by_outlet else None
    if as_json:
        out = ev.to_dict()
        if outlets is not None:
            out["by_outlet"] = outlets
        if report is not None:
            out["errors"] = report.to_dict(max_errors)
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        click.echo(wrap(format_table(ev, jobs=jobs)))
        if outlets is not None:
            click.echo("")
            click.echo(format_outlets(outlets))
        if report is not None:
            click.echo("")
            click.echo(wrap(format_errors(report, max_errors)))
    if floors_file:
        problems = below_floors(ev.headline(), load_floors(floors_file))
        for line in problems:
            click.echo(f"gate: {line}", err=True)
        if problems:
            sys.exit(1)


def evaluate_claims(path: str | Path, *, jobs: int = 1, model: str | None = None,
                    db: str | Path | None = None, export_path: str | Path | None = None,
                    on_event: Any = None, cache: str | Path | None = None) -> dict[str, Any]:
    """Ingest the gold articles at ``path`` into a corpus (a temporary one unless ``db``
    is given), export its statements as JSON Lines (to ``export_path`` if given) and
    score the export. Returns the figures with the ingest summary under ``ingest``.
    ``cache``: a file of readings (:class:`counterclaim.runner.ReadingCache`) reused and
    re-linked where the reading is unchanged; ``res["cache"]`` counts hits and misses."""
    import tempfile

    from ..corpus import export
    from ..corpus.ingester import ingest
    from ..evaluation.claims import read_gold, score_export
    from ..runner import ReadingCache
    from ..store import Store

    gold = read_gold(path)
    with tempfile.TemporaryDirectory(prefix="counterclaim-claims-") as tmp:
        db_path = Path(db) if db else Path(tmp) / "claims.db"
        out_path = Path(export_path) if export_path else Path(tmp) / "export.jsonl"
        readings = ReadingCache(cache, model=model) if cache else None
        summary = ingest([str(path)], db=str(db_path), jobs=jobs, model=model,
                         on_event=on_event, analyse=readings.stream if readings else None)
        with Store(db_path) as store:
            export.write(store, "jsonl", str(out_path))
        with open(out_path, encoding="utf-8") as fh:
            res = score_export(gold, fh)
    res["ingest"] = summary.to_dict()
    if readings is not None:
        res["cache"] = {"hits": readings.hits, "misses": readings.misses}
    return res


CLAIM_FLOOR_KEYS = ("story_bcubed", "prop_bcubed", "coverage", "purity", "polarity", "denial",
                    "disputes_share")


@eval_group.command("claims")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for the analysis.")
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to load.")
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Keep the corpus in FILE (default: a temporary database, removed after).")
@click.option("--export", "export_path", type=click.Path(dir_okay=False), default=None,
              metavar="FILE", help="Keep the corpus's JSON Lines export in FILE.")
@click.option("--floors", "floors_file", type=click.Path(exists=True, dir_okay=False),
              default=None, metavar="FILE",
              help="Exit with status 1 when a figure is below the claims floors in FILE "
                   "(eval_floors.json, key claims_floors).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar while the articles are ingested, on stderr "
                   "(default: when stderr is a terminal).")
@click.option("--cache", "cache", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Keep each article's reading in FILE and reuse it on the next run, "
                   "re-linked with the current rules (for work on the linking: a run "
                   "then takes seconds, not minutes). Keyed by article id, text and the "
                   "reading's versions.")
def claims_cmd(path: str, as_json: bool, jobs: int, model: str | None, db: str | None,
               export_path: str | None, floors_file: str | None,
               progress: bool | None, cache: str | None) -> None:
    """Score cross-article claim linking on articles grouped by claim (one article a
    line with id, text, cluster and stance, e.g. fnc1-claims-dev): ingest them into a
    corpus, export it, and print story and proposition B-cubed, coverage, purity,
    polarity of the sides, denial P/R/F1 and the contested claims found as disputes
    (the figures of shared/tools/claims_score.py, which gives the same on the export).

    \b
    Examples:
      counterclaim eval claims ../shared/datasets/fnc1-claims-dev/articles.jsonl --jobs 2
      counterclaim eval claims ARTICLES.jsonl --json --export dev.export.jsonl
      counterclaim eval claims ARTICLES.jsonl --floors eval_floors.json   # the gate
      counterclaim eval claims ARTICLES.jsonl --cache /tmp/claims.readings  # re-link only
    """
    from ..evaluation.claims import format_claims, headline

    total = count_inputs([path])
    shown = progress if progress is not None else sys.stderr.isatty()
    try:
        with Progress(total, "ingesting", enabled=shown) as bar:
            res = evaluate_claims(path, jobs=jobs, model=model, db=db, export_path=export_path,
                                  on_event=lambda *a: bar.advance(), cache=cache)
    except (ValueError, KeyError, json.JSONDecodeError) as exc:
        click.echo(f"error: {path}: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(res, ensure_ascii=False))
    else:
        click.echo(wrap(format_claims(res)))
    if floors_file:
        data = json.loads(Path(floors_file).read_text(encoding="utf-8"))
        floors = data.get("claims_floors", {})
        got = headline(res)
        problems = [f"{k} = {got[k]:.1f} is below its floor {float(floors[k]):.1f}"
                    for k in CLAIM_FLOOR_KEYS if k in floors and got[k] < float(floors[k])]
        for line in problems:
            click.echo(f"gate: {line}", err=True)
        if problems:
            sys.exit(1)


COMMANDS = [eval_group]
