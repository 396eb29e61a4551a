"""``counterclaim check`` (a claim against a corpus) and ``counterclaim eval fnc`` (the
FNC-1 measure of the check)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import InputError
from ..sources.jsonl import json_objects
from ..store import DEFAULT_DB, Store
from .terminal import plural, wrap

_STANCE_TITLE = {"supports": "Supports", "denies": "Denies", "discusses": "Reports it (no side)"}


def _read_claims(claims: tuple[str, ...], claims_file: str | None) -> list[tuple[str, str]]:
    out = [(str(i), c) for i, c in enumerate(claims, 1)]
    if claims_file:
        path = Path(claims_file)
        for n, obj in json_objects(path):
            if not isinstance(obj.get("claim"), str):
                raise InputError(f"{path}:{n}: expected {{\"id\", \"claim\"}}")
            out.append((str(obj.get("id", f"{path.name}:{n}")), obj["claim"]))
    return out


def _statement_line(st: dict[str, Any]) -> str:
    ev = f", evidence {st['evidence']}" if st.get("evidence") not in (None, "none") else ""
    cue = f" {st['cue']}" if st.get("cue") else ""
    return f"      {st['speaker']}{cue}: “{st['content']}” ({st['side']}{ev})"


def format_check(res: Any) -> str:
    """One claim's check as readable text: the outlets and speakers on each side."""
    found = res.sources or {}
    where = ", ".join(f"{name} {found[key]}" for key, name in (
        ("fts", "full text"), ("propositions", "propositions"), ("stories", "stories"))
        if key in found)
    lines = [f"Claim {res.claim_id}: {res.claim}",
             f"  {plural(len(res.results), 'related article')} among "
             f"{plural(res.candidates, 'candidate')} ({where + '; ' if where else ''}"
             f"{res.seconds * 1000:.0f} ms)"]
    for stance, rows in res.by_stance().items():
        if not rows:
            continue
        lines.append(f"  {_STANCE_TITLE.get(stance, stance)} ({len(rows)}):")
        for r in rows:
            head = " · ".join(x for x in (r["outlet"], r["date"], r["title"] or r["article"]) if x)
            lines.append(f"    {r['score']:.2f}  {head}")
            for st in r["statements"][:2]:
                lines.append(_statement_line(st))
            cues = r["why"].get("debunk") or []
            if cues:
                lines.append(f"      the article's own words: {', '.join(cues)}")
    return "\n".join(lines)


@click.command("check")
@click.argument("claim", nargs=-1)
@click.option("--claims", "claims_file", type=click.Path(exists=True, dir_okay=False),
              default=None, metavar="FILE.jsonl",
              help='Read more claims from JSON Lines {"id", "claim"}.')
@click.option("--db", default=DEFAULT_DB, show_default=True, metavar="PATH",
              help="The corpus database (SQLite file).")
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines: one object per (claim, article).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="At most this many related articles per claim.")
def check_cmd(claim: tuple[str, ...], claims_file: str | None, db: str, as_json: bool,
              limit: int) -> None:
    """Check claims against a corpus: the articles about each claim, with their
    stance (supports / denies / discusses), a score, the statements that decide it
    and why (the shared words and entities). Unrelated articles are not listed.
    Candidates come from the corpus's indexes: the full text, the propositions
    whose signature states the claim, and the stories of the best full-text hits.

    \b
    Examples:
      counterclaim check "Chinese nationals are fighting for Russia" --db news.db
      counterclaim check --claims claims.jsonl --db news.db --json > checks.jsonl
    """
    from ..corpus.check import check_claim

    todo = _read_claims(claim, claims_file)
    if not todo:
        raise click.UsageError("give a CLAIM or --claims FILE.jsonl")
    with Store(db, readonly=True) as store:
        for cid, text in todo:
            res = check_claim(text, store, claim_id=cid, limit=limit)
            if as_json:
                for row in res.rows():
                    click.echo(json.dumps(row, ensure_ascii=False, default=str))
            else:
                click.echo(wrap(format_check(res)))
                click.echo("")


@click.command("fnc")
@click.argument("pairs", type=click.Path(exists=True, dir_okay=False))
@click.option("--articles", type=click.Path(exists=True, dir_okay=False), default=None,
              metavar="FILE", help="The bodies (default: articles.jsonl or *_bodies.csv "
                                   "beside PAIRS).")
@click.option("--split", type=click.Choice(["all", "heldout"]), default="all",
              show_default=True,
              help="heldout: only the claims the shipped model was not trained on.")
@click.option("--sample", type=click.IntRange(1), default=None, metavar="N",
              help="Only N bodies (with all their pairs), chosen by a fixed seed.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Analyse the bodies in this many processes.")
@click.option("--cache", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Keep the bodies' analyses in FILE and reuse them (default: in the "
                   "temporary folder, per PAIRS).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object with the figures.")
@click.option("--floors", "floors_file", type=click.Path(exists=True, dir_okay=False),
              default=None, metavar="FILE",
              help='Exit with status 1 when a figure is below the "check" floors in FILE.')
def fnc_cmd(pairs: str, articles: str | None, split: str, sample: int | None, jobs: int,
            cache: str | None, as_json: bool, floors_file: str | None) -> None:
    """Score the claim check on FNC-1-style pairs (a headline, a body, a stance):
    FNC score, accuracy, macro-F1, per-class F1 and the confusion matrix.

    PAIRS is pairs.jsonl (fnc1-claims-dev) or a *_stances_*.csv (FNC-1, ARC), kept
    outside the repository in ../shared.

    \b
    Examples:
      counterclaim eval fnc ../shared/datasets/fnc1-claims-dev/pairs.jsonl --split heldout
      counterclaim eval fnc ../shared/datasets/ukp-arc-stance/arc_stances_test.csv -j 2
      counterclaim eval fnc PAIRS --sample 100 --json --floors eval_floors.json
    """
    import tempfile

    from ..evaluation.fnc import evaluate_fnc, format_score

    if cache is None:
        stem = Path(pairs).resolve().parent.name + "-" + Path(pairs).stem
        cache = str(Path(tempfile.gettempdir()) / "counterclaim-cache" / f"{stem}.pkl")
    s, ps = evaluate_fnc(pairs, articles, split=split, sample=sample, jobs=jobs, cache=cache)
    if as_json:
        click.echo(json.dumps({**s.to_dict(), "split": split, "bodies": len(ps.analyses),
                               "failed_bodies": len({p.body_id for p in ps.failed})}))
    else:
        failed = len({p.body_id for p in ps.failed})
        title = (f"FNC-1 measure of the claim check: {Path(pairs).name}, split {split}, "
                 f"{plural(len(ps.analyses), 'body', 'bodies')}"
                 + (f" ({plural(failed, 'body', 'bodies')} whose analysis failed: their "
                    f"{plural(len(ps.failed), 'pair')} count as unrelated)" if failed else ""))
        click.echo(format_score(s, title=title))
    if floors_file:
        floors = json.loads(Path(floors_file).read_text(encoding="utf-8")).get("check", {})
        got = {"fnc_score": s.fnc, "macro_f1": s.macro_f1, "disagree_f1": s.f1["disagree"]}
        low = [f"{k} = {got[k]:.1f} is below its floor {v:.1f}"
               for k, v in floors.get("floors", {}).items() if k in got and got[k] < v]
        for line in low:
            click.echo(f"gate: {line}", err=True)
        if low:
            sys.exit(1)


COMMANDS = [check_cmd]
