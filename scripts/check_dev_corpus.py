"""``counterclaim check`` end to end on a corpus of real news: the FNC-1 development
bodies of the held-out claims, stored with ``Store.add`` from their cached analyses,
then each held-out claim checked against that corpus (FTS5 candidates, stored
articles read back, the shipped model).

    python scripts/check_dev_corpus.py --cache /tmp/counterclaim-cache/fnc-dev.pkl

Per claim (its Emergent wording, ``articles.jsonl``'s ``claim``), an article of the
claim's cluster is *about* it; listed = the check lists it. Prints recall (the
cluster's articles listed), precision (listed articles that are the cluster's), the
stance accuracy on listed cluster articles with a known stance (for → supports,
against → denies, observing → discusses), the denies F1 over those, and the time
per claim. Needs ../shared; writes nothing to the repository.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from counterclaim.corpus.check import check_claim
from counterclaim.evaluation.fnc_data import analyse_bodies, heldout_clusters, load_bodies
from counterclaim.evaluation.runner import shared_dir
from counterclaim.store import Store

STANCE = {"for": "supports", "against": "denies", "observing": "discusses"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    base = shared_dir()
    ap.add_argument("--articles", type=Path, default=base / "datasets" / "fnc1-claims-dev" /
                    "articles.jsonl" if base else None)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/counterclaim-cache/fnc-dev.pkl"))
    ap.add_argument("--limit", type=int, default=50, help="articles listed per claim")
    args = ap.parse_args(argv)
    if args.articles is None or not args.articles.is_file():
        print("check_dev_corpus: no articles.jsonl in ../shared", file=sys.stderr)
        return 2
    meta = {}
    for line in args.articles.open(encoding="utf-8"):
        o = json.loads(line)
        meta[o["id"]] = o
    texts, clusters = load_bodies(args.articles)
    held = heldout_clusters(clusters.values())
    ids = [b for b in texts if clusters.get(b) in held]
    analyses = analyse_bodies({b: texts[b] for b in ids}, cache=args.cache)
    claims: dict[str, str] = {}
    for b in ids:
        claims.setdefault(clusters[b], meta[b]["claim"])
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "dev.db"
        t0 = time.perf_counter()
        with Store(db) as store:
            for b in ids:
                if b in analyses:
                    store.add(analyses[b], source=f"fnc:{b}")
        print(f"stored {len(analyses)} articles of {len(claims)} held-out claims in "
              f"{time.perf_counter() - t0:.0f} s")
        tp = listed = about = ok = known = 0
        d_tp = d_fp = d_fn = 0
        times = []
        with Store(db, readonly=True) as store:
            n_art = store.stats()["articles"]
            for cl, claim in sorted(claims.items()):
                res = check_claim(claim, store, limit=args.limit)
                times.append(res.seconds * 1000)
                rows = res.rows()
                mine = {b for b in ids if clusters[b] == cl and b in analyses}
                about += len(mine)
                listed += len(rows)
                for r in rows:
                    if r["article"] not in mine:
                        continue
                    tp += 1
                    gold = STANCE.get(meta[r["article"]].get("stance") or "")
                    if gold:
                        known += 1
                        ok += r["stance"] == gold
                        d_tp += gold == "denies" and r["stance"] == "denies"
                        d_fp += gold != "denies" and r["stance"] == "denies"
                        d_fn += gold == "denies" and r["stance"] != "denies"
    f1 = 2 * d_tp / (2 * d_tp + d_fp + d_fn) if d_tp else 0.0
    print(f"corpus {n_art} articles; {len(claims)} claims; listed {listed}, of them "
          f"{tp} about the claim")
    print(f"recall {100 * tp / about:.1f}  precision {100 * tp / max(1, listed):.1f}  "
          f"stance accuracy {100 * ok / max(1, known):.1f} (on {known} listed with a known "
          f"stance)  denies F1 {100 * f1:.1f}")
    times.sort()
    print(f"time per claim: p50 {statistics.median(times):.0f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:.0f} ms, max {times[-1]:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
