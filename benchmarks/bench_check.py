"""Time per claim of ``counterclaim check`` on a synthetic corpus (or an existing one).

    .venv/bin/python benchmarks/bench_check.py                  # 1,000 articles
    .venv/bin/python benchmarks/bench_check.py -n 100000        # 100,000 (builds for long)
    .venv/bin/python benchmarks/bench_check.py --db news.db --claims claims.jsonl

The synthetic corpus is bench_web.py's (``Store.add`` of hand-built analyses of our
own invented text: claims from a pool of 150, 6-14 statements an article). The
claims checked are claims of that pool, half of them reworded (words dropped), plus
claims about nothing in the corpus. Prints p50 / p95 / max milliseconds per claim and
how many candidates the full-text index gave.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import _claims, build  # noqa: E402

from counterclaim.corpus.check import check_claim  # noqa: E402
from counterclaim.store import Store  # noqa: E402


def claims_for(n: int, seed: int = 7) -> list[str]:
    """Claims of the synthetic pool (as bench_web draws it), some reworded, and some
    about nothing in the corpus."""
    rng = random.Random(seed)
    pool = _claims(150, rng)  # the same draw as build() with this seed
    rng = random.Random(99)
    out = []
    for k in range(n):
        c = rng.choice(pool)
        if k % 2:
            words = c.split()
            del words[rng.randrange(1, len(words) - 1)]
            c = " ".join(words)
        out.append(c)
    out += ["The Lisvik orchestra toured the moon", "Bread prices fell in Sorrel"]
    return out


def measure(db: Path, claims: list[str], limit: int) -> None:
    times, cands, listed = [], [], []
    with Store(db, readonly=True) as store:
        check_claim(claims[0], store)  # load the model, warm the page cache
        for c in claims:
            t0 = time.perf_counter()
            res = check_claim(c, store, limit=limit)
            times.append((time.perf_counter() - t0) * 1000)
            cands.append(res.candidates)
            listed.append(len(res.results))
        n = store.stats().get("articles")
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"corpus: {n} articles; {len(claims)} claims")
    print("| p50 ms | p95 ms | max ms | candidates (mean) | listed (mean) |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} | "
          f"{statistics.mean(cands):.0f} | {statistics.mean(listed):.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--articles", type=int, default=1000)
    ap.add_argument("-c", "--count", type=int, default=40, help="claims to check")
    ap.add_argument("--limit", type=int, default=20, help="articles listed per claim")
    ap.add_argument("--db", type=Path, help="an existing corpus instead (read-only)")
    ap.add_argument("--claims", type=Path, help='JSON Lines {"claim"} to check (with --db)')
    args = ap.parse_args()
    if args.db:
        claims = ([json.loads(line)["claim"] for line in args.claims.open() if line.strip()]
                  if args.claims else claims_for(args.count))
        measure(args.db, claims, args.limit)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        build(db, args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)
        measure(db, claims_for(args.count), args.limit)


if __name__ == "__main__":
    main()
