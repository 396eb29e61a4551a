"""Cross-article claim linking measured on real multi-outlet news (claim clusters).

Gold: one article a line with ``id``, ``cluster`` (one claim covered by many outlets)
and ``stance`` (the article's stance toward that claim: for / against / observing /
null). The corpus is read from its JSON Lines export (``counterclaim export
--format jsonl``): statement rows with ``article_ext_id``, ``proposition_id``,
``side``, ``speaker_id``, ``story_id``, and ``{"article_ext_id", "copy_of"}`` rows
for syndicated copies, which take their original's propositions and story.

The figures (the same definitions as ``shared/tools/claims_score.py``, the reference
scorer, computed here independently; a test checks that both agree):

* ``story_bcubed``: B-cubed P/R/F1 of each article's story (its statements' most
  frequent ``story_id``; an article without one is a story of its own);
* ``prop_bcubed``: B-cubed of each article's dominant proposition (the one it shares
  with most articles, then the one it states most, then the smallest id as text);
* ``purity``: over propositions spanning 2+ articles, the article-weighted share of
  each one's largest cluster;
* ``coverage``: per cluster of 2+ articles, the share of its articles that its best
  cross-article proposition reaches (most of its articles, ties to the smallest id as
  text), averaged; and how many clusters reach half or more;
* ``polarity``: for/against articles with statements in their cluster's main
  proposition: denying (more denying than asserting statements there) must match
  "against", asserting "for"; beside it, answering "asserting" always;
* ``denial``: P/R/F1 of "has a denying statement in its cluster's main proposition"
  against gold "against" (over articles with a stance);
* ``disputes``: clusters with both for and against articles whose main proposition
  has asserting and denying speakers, two or more in all.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class _Corpus:
    """An export read back: per article, its propositions and stories (statement
    counts), and the statement rows."""

    props: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    stories: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    rows: list[tuple[str, Any, Any, Any]] = field(default_factory=list)  # art, prop, side, spk
    copies: dict[str, str] = field(default_factory=dict)


def _pct(x: float) -> float:
    return round(100 * x, 1)


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": _pct(p), "R": _pct(r), "F1": _pct(f)}


def bcubed(gold: Mapping[str, str], pred: Mapping[str, Any]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``pred`` (item → cluster) against ``gold``."""
    members: dict[Any, list[str]] = defaultdict(list)
    for item in gold:
        members[pred[item]].append(item)
    gold_size = Counter(gold.values())
    p_sum = r_sum = 0.0
    for item, g in gold.items():
        group = members[pred[item]]
        right = sum(1 for other in group if gold[other] == g)
        p_sum += right / len(group)
        r_sum += right / gold_size[g]
    n = len(gold) or 1
    p, r = p_sum / n, r_sum / n
    return {"P": _pct(p), "R": _pct(r), "F1": _pct(2 * p * r / (p + r) if p + r else 0.0)}


def read_gold(path: str | Path) -> dict[str, dict[str, Any]]:
    """The gold articles by id."""
    out: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                g = json.loads(line)
                out[str(g["id"])] = g
    return out


def _read_export(lines: Iterable[str], gold: Mapping[str, Any]) -> _Corpus:
    c = _Corpus()
    for line in lines:
        if not line.strip():
            continue
        o = json.loads(line)
        art = str(o.get("article_ext_id"))
        if art not in gold:
            continue
        if o.get("copy_of") is not None:
            c.copies[art] = str(o["copy_of"])
            continue
        if "proposition_id" not in o:
            continue
        prop, story = o.get("proposition_id"), o.get("story_id")
        c.rows.append((art, prop, o.get("side"), o.get("speaker_id")))
        if prop is not None:
            c.props[art][prop] += 1
        if story is not None:
            c.stories[art][story] += 1
    for copy, original in c.copies.items():
        for table in (c.props, c.stories):
            if original in table and copy not in table:
                table[copy] = table[original]
    return c


def score_export(gold: Mapping[str, Mapping[str, Any]], lines: Iterable[str]) -> dict[str, Any]:
    """The figures (module docstring) of an export's ``lines`` against ``gold``."""
    c = _read_export(lines, gold)
    cluster = {a: str(g["cluster"]) for a, g in gold.items()}
    size = Counter(cluster.values())
    res: dict[str, Any] = {
        "articles": len(gold), "clusters": len(size), "statements": len(c.rows),
        "articles_with_statements": len({r[0] for r in c.rows}), "copies": len(c.copies)}
    if any(c.stories.values()):
        res["story_bcubed"] = bcubed(cluster, {
            a: ("story", c.stories[a].most_common(1)[0][0]) if c.stories.get(a) else ("own", a)
            for a in gold})
    reach: dict[Any, set[str]] = defaultdict(set)
    for a, ps in c.props.items():
        for p in ps:
            reach[p].add(a)
    dominant = {a: max(ps, key=lambda p, ps=ps: (len(reach[p]), ps[p], str(p)))
                for a, ps in c.props.items() if ps}
    res["prop_bcubed"] = bcubed(cluster, {a: ("prop", dominant[a]) if a in dominant
                                          else ("own", a) for a in gold})
    main = _main_propositions(reach, cluster)
    res["purity"] = _purity(reach, cluster)
    res["coverage"] = _coverage(main, size)
    res.update(_sides(c, gold, cluster, {k: v[1] for k, v in main.items()}, size))
    return res


def _purity(reach: Mapping[Any, set[str]], cluster: Mapping[str, str]) -> dict[str, Any]:
    cross = [arts for arts in reach.values() if len(arts) > 1]
    weight = sum(len(arts) for arts in cross)
    top = sum(max(Counter(cluster[a] for a in arts).values()) for arts in cross)
    return {"cross_article_propositions": len(cross), "articles_in": weight,
            "purity": _pct(top / weight) if weight else 0.0}


def _main_propositions(reach: Mapping[Any, set[str]], cluster: Mapping[str, str]
                       ) -> dict[str, tuple[int, Any]]:
    """Per cluster, its best cross-article proposition: (articles reached, id)."""
    best: dict[str, tuple[int, Any]] = {}
    for p, arts in reach.items():
        if len(arts) < 2:
            continue
        for cl, n in Counter(cluster[a] for a in arts).items():
            cur = best.get(cl)
            if cur is None or n > cur[0] or (n == cur[0] and str(p) < str(cur[1])):
                best[cl] = (n, p)
    return best


def _coverage(main: Mapping[str, tuple[int, Any]], size: Mapping[str, int]) -> dict[str, Any]:
    shares = [main[cl][0] / n if cl in main else 0.0 for cl, n in size.items() if n > 1]
    return {"clusters": len(shares),
            "mean": _pct(sum(shares) / len(shares)) if shares else 0.0,
            "half_or_more": sum(1 for s in shares if s >= 0.5)}


def _sides(c: _Corpus, gold: Mapping[str, Mapping[str, Any]], cluster: Mapping[str, str],
           main: Mapping[str, Any], size: Mapping[str, int]) -> dict[str, Any]:
    in_main: dict[str, Counter] = defaultdict(Counter)
    speakers: dict[Any, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for art, prop, side, spk in c.rows:
        if prop is None:
            continue
        speakers[prop][side].add(spk)
        if cluster[art] in main and main[cluster[art]] == prop:
            in_main[art][side] += 1
    judged = right = base = 0
    for a, g in gold.items():
        if g.get("stance") not in ("for", "against") or not in_main.get(a):
            continue
        judged += 1
        says_false = in_main[a]["denying"] > in_main[a]["asserting"]
        right += says_false == (g["stance"] == "against")
        base += g["stance"] == "for"
    stanced = [a for a, g in gold.items() if g.get("stance")]
    against = {a for a in stanced if gold[a]["stance"] == "against"}
    denies = {a for a in stanced if in_main.get(a) and in_main[a]["denying"]}
    stances: dict[str, set] = defaultdict(set)
    for a, g in gold.items():
        stances[cluster[a]].add(g.get("stance"))
    contested = [cl for cl in size if {"for", "against"} <= stances[cl]]
    found = 0
    for cl in contested:
        if cl not in main:
            continue
        sp = speakers[main[cl]]
        if sp["asserting"] and sp["denying"] and len(sp["asserting"] | sp["denying"]) >= 2:
            found += 1
    return {
        "polarity": {"articles": judged, "acc": _pct(right / judged) if judged else 0.0,
                     "all_asserting": _pct(base / judged) if judged else 0.0},
        "denial": {**_prf(len(denies & against), len(denies), len(against)),
                   "gold_against": len(against)},
        "disputes": {"contested_clusters": len(contested), "found_in_main_proposition": found},
    }


def score_files(gold_path: str | Path, export_path: str | Path) -> dict[str, Any]:
    """:func:`score_export` of two files."""
    gold = read_gold(gold_path)
    with open(export_path, encoding="utf-8") as fh:
        return score_export(gold, fh)


HEADLINE_KEYS = ("story_bcubed", "prop_bcubed", "coverage", "purity", "polarity", "denial",
                 "disputes_share")


def headline(res: Mapping[str, Any]) -> dict[str, float]:
    """The gated figures: story and proposition B-cubed F1, coverage, purity,
    polarity accuracy, denial F1 and the share of contested claims found (%)."""
    d = res["disputes"]
    return {
        "story_bcubed": res.get("story_bcubed", {}).get("F1", 0.0),
        "prop_bcubed": res["prop_bcubed"]["F1"], "coverage": res["coverage"]["mean"],
        "purity": res["purity"]["purity"], "polarity": res["polarity"]["acc"],
        "denial": res["denial"]["F1"],
        "disputes_share": _pct(d["found_in_main_proposition"] / d["contested_clusters"])
        if d["contested_clusters"] else 0.0,
    }


def format_claims(res: Mapping[str, Any]) -> str:
    """The figures as a short report (one line each)."""
    ing = res.get("ingest") or {}
    lines = [f"Claim linking: {res['articles']:,} articles in {res['clusters']:,} claim clusters, "
             f"{res['statements']:,} statements ({res['articles_with_statements']:,} articles "
             f"with statements), {res['copies']:,} copies"]
    if ing:
        lines.append(f"ingest: {ing.get('ingested', 0):,} ingested, {ing.get('failed', 0):,} "
                     f"failed, {ing.get('seconds', 0.0):.1f} s")
    lines.append("")
    for key in ("story_bcubed", "prop_bcubed"):
        if key in res:
            r = res[key]
            lines.append(f"  {key:<13} P {r['P']:5.1f}  R {r['R']:5.1f}  F1 {r['F1']:5.1f}")
    cov, pur, pol = res["coverage"], res["purity"], res["polarity"]
    den, dis = res["denial"], res["disputes"]
    lines += [
        f"  {'coverage':<13} {cov['mean']:5.1f} % of a claim's articles in its best proposition "
        f"({cov['half_or_more']}/{cov['clusters']} clusters at half or more)",
        f"  {'purity':<13} {pur['purity']:5.1f} % over {pur['cross_article_propositions']:,} "
        f"cross-article propositions ({pur['articles_in']:,} articles)",
        f"  {'polarity':<13} {pol['acc']:5.1f} % of {pol['articles']:,} for/against articles "
        f"(all asserting: {pol['all_asserting']:.1f} %)",
        f"  {'denial':<13} P {den['P']:5.1f}  R {den['R']:5.1f}  F1 {den['F1']:5.1f} "
        f"({den['gold_against']} gold against)",
        f"  {'disputes':<13} {dis['found_in_main_proposition']} of {dis['contested_clusters']} "
        "contested claims found as a dispute in their main proposition",
    ]
    return "\n".join(lines)
