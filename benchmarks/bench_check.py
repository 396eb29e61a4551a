"""Time per claim of ``counterclaim check`` on a synthetic corpus (or an existing one).

    .venv/bin/python benchmarks/bench_check.py                  # 1,000 articles
    .venv/bin/python benchmarks/bench_check.py -n 100000 --base 1000   # 100,000 (bulk copies)
    .venv/bin/python benchmarks/bench_check.py --db news.db --claims claims.jsonl

The synthetic corpus is bench_web.py's (``Store.add`` of hand-built analyses of our
own invented text: claims from a pool of 150, 6-14 statements an article). The
claims checked are claims of that pool, half of them reworded (words dropped), plus
claims about nothing in the corpus. Prints p50 / p95 / max milliseconds per claim and
how many candidates the full-text index gave.

``--base N``: only N articles go through ``Store.add``; the rest of the ``-n`` are
copies of them written by the store's bulk path (``store.bulk.replicate``: each copy
ends with a paragraph of invented words of its own, so the full-text index ranks
different texts; its statements, speakers and story are its original's). Store.add
links each article to the corpus (about 6–20 articles/s), which would take hours for
100,000; the copies take minutes. The build time of each part and of the index is
printed.
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
from counterclaim.store.bulk import replicate  # noqa: E402

_FILLER = ("harbour council report vote budget river bridge school clinic market road "
           "tunnel museum ferry survey station library inquiry festival weather train "
           "concert price farm election court hospital").split()


def tail(k: int, aid: int) -> str:
    """The paragraph a bulk copy ends with: filler words and an invented word, drawn
    from the copy's own seed."""
    rng = random.Random(k * 1_000_003 + aid)
    word = "".join(rng.choice("kvrtmlsd") + rng.choice("aeiou") for _ in range(4))
    return f"Bulletin {k}: " + " ".join(rng.choice(_FILLER) for _ in range(25)) + f" {word}."


def build_bulk(db: Path, n: int, base: int) -> None:
    """``base`` articles through Store.add, then bulk copies up to about ``n``."""
    t0 = time.perf_counter()
    build(db, base)
    t1 = time.perf_counter()
    with Store(db) as store:
        have = store.stats()["articles"]
        got = replicate(store, max(0, round(n / have) - 1), tail)
        total = store.stats()["articles"]
    print(f"Store.add: {have} articles in {t1 - t0:.0f} s; bulk copies: {got['articles']:,} "
          f"in {got['seconds']:.0f} s; corpus {total:,} articles, {db.stat().st_size / 1e6:.0f} MB",
          file=sys.stderr)


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
    ap.add_argument("--base", type=int, default=0,
                    help="articles through Store.add; the rest of -n are bulk copies")
    ap.add_argument("--keep", type=Path, help="build the corpus at this path and keep it")
    ap.add_argument("--db", type=Path, help="an existing corpus instead (read-only)")
    ap.add_argument("--claims", type=Path, help='JSON Lines {"claim"} to check (with --db)')
    args = ap.parse_args()
    if args.db:
        claims = ([json.loads(line)["claim"] for line in args.claims.open() if line.strip()]
                  if args.claims else claims_for(args.count))
        measure(args.db, claims, args.limit)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        if args.base and args.base < args.articles:
            build_bulk(db, args.articles, args.base)
        else:
            build(db, args.articles)
        print(f"built {args.articles} articles in {time.perf_counter() - t0:.0f} s",
              file=sys.stderr)
        measure(db, claims_for(args.count), args.limit)


if __name__ == "__main__":
    main()
