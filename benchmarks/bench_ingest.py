"""Ingest throughput (articles/s, --jobs 1 and 2) and database size per 1,000 articles.

    .venv/bin/python benchmarks/bench_ingest.py                  # 1,000 articles, jobs 1 and 2
    .venv/bin/python benchmarks/bench_ingest.py -n 200 --jobs 1  # a quick look
    .venv/bin/python benchmarks/bench_ingest.py --source some.jsonl   # your own articles

By default the articles are generated from the bundled examples (our own invented
text): each one is a shuffle of paragraphs drawn from all eight examples, with the
invented names swapped for others from a list, so the articles are distinct (now and
then two draws overlap enough to be called a syndicated copy) and as dense in
attributions as the examples.
Each run ingests into a fresh database in a temporary folder through the same code
path as ``counterclaim ingest`` (reading, fingerprinting, analysis in ``--jobs``
worker processes, one transaction per article); the time includes loading the
spaCy pipeline, as a user's run does. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# Invented names in the examples and invented replacements (kept consistent per article).
SWAPS = {
    "Veldra": ["Maroth", "Quessa", "Tirlan", "Belgor", "Ustra", "Pellany", "Corvin"],
    "Ostrava": ["Halden", "Sarrow", "Ivrel", "Dorsk", "Meliad", "Tarsis", "Vennholm"],
    "Halvik": ["Brenmark", "Aldous", "Kestrel", "Nordane", "Orrin", "Sable", "Thule"],
    "Tarn": ["Eskar", "Morrow", "Dunholt", "Lathe", "Brisk", "Carrow", "Fenn"],
}


def synthetic_articles(n: int, seed: int = 7) -> list[dict[str, str]]:
    paras: list[str] = []
    for p in sorted(EXAMPLES.glob("*.txt")):
        lines = p.read_text(encoding="utf-8").split("\n\n")
        # Drop the headline line and the Source line: they are metadata.
        for block in lines:
            block = "\n".join(line for line in block.splitlines()
                              if not line.startswith("Source:")).strip()
            if len(block.split()) >= 8:
                paras.append(block)
    if not paras:
        sys.exit("no example paragraphs found in examples/*.txt")
    rng = random.Random(seed)
    out = []
    for i in range(n):
        chosen = rng.sample(paras, k=min(len(paras), rng.randint(7, 12)))
        text = "\n\n".join(chosen)
        for name, alts in SWAPS.items():
            text = re.sub(rf"\b{name}", rng.choice(alts), text)
        text += f"\n\nThis is benchmark article {i}, filed from desk {rng.randrange(10**6)}.\n"
        out.append({"id": f"bench-{i:05d}", "text": text, "outlet": f"Outlet {i % 23}",
                    "published": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "url": f"https://bench.example/{i}"})
    return out


def run_once(src: Path, jobs: int, workdir: Path) -> dict[str, float]:
    from counterclaim.corpus import ingest

    db = workdir / f"bench-j{jobs}.db"
    for p in workdir.glob(db.name + "*"):
        p.unlink()
    t0 = time.perf_counter()
    summary = ingest([str(src)], db=str(db), jobs=jobs)
    wall = time.perf_counter() - t0
    # A re-run over the finished corpus: every article is a duplicate (no analysis).
    t1 = time.perf_counter()
    rerun = ingest([str(src)], db=str(db), jobs=jobs)
    rerun_wall = time.perf_counter() - t1
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = conn.execute("SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM "
                          "statements), (SELECT SUM(length(CAST(text AS BLOB))) FROM articles)"
                          ).fetchone()
    conn.close()
    size = sum(p.stat().st_size for p in workdir.glob(db.name + "*"))
    queries = time_queries(db)
    return {"queries_ms": queries, "jobs": jobs, "articles": counts[0], "statements": counts[1],
            "ingested": summary.ingested, "syndicated": summary.syndicated,
            "failed": summary.failed, "seconds": wall, "articles_per_s": summary.seen / wall,
            "rerun_articles_per_s": rerun.seen / rerun_wall, "text_bytes": counts[2] or 0,
            "db_bytes": size, "mb_per_1000": size / 1e6 * 1000 / max(counts[0], 1)}


def time_queries(db: Path) -> dict[str, float]:
    """Median milliseconds of the store queries the CLI and the web UI ask most."""
    import statistics

    from counterclaim.store import Store

    out: dict[str, float] = {}
    with Store(db) as store:
        top = store.disputes(limit=1)
        speaker = store.speakers(limit=1)
        calls = {
            "stats()": lambda: store.stats(),
            "disputes(limit=50)": lambda: store.disputes(limit=50),
            "disputes(search=...)": lambda: store.disputes(search="drones", limit=50),
            "dispute(top)": (lambda: store.dispute(top[0]["id"])) if top else None,
            "speakers(limit=50)": lambda: store.speakers(limit=50),
            "speaker(top)": (lambda: store.speaker(speaker[0]["id"])) if speaker else None,
            "search(word)": lambda: store.search("drones"),
        }
        for name, fn in calls.items():
            if fn is None:
                continue
            times = []
            for _ in range(5):
                t = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t) * 1000)
            out[name] = statistics.median(times)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="articles to generate (default 1000)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values (default 1,2)")
    ap.add_argument("--source", default=None, help="ingest this SOURCE instead of generating")
    ap.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cc-bench-") as tmp:
        work = Path(tmp)
        if args.source:
            src = Path(args.source)
        else:
            src = work / "articles.jsonl"
            with src.open("w", encoding="utf-8") as fh:
                for art in synthetic_articles(args.n):
                    fh.write(json.dumps(art) + "\n")
        results = [run_once(src, int(j), work) for j in args.jobs.split(",")]
    print(f"\nIngest benchmark ({os.cpu_count()} CPUs; source: "
          f"{args.source or f'{args.n} articles generated from examples/'})\n")
    print("| jobs | articles | statements | seconds | articles/s | re-run articles/s | "
          "text MB | DB MB | DB MB per 1,000 articles |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['jobs']} | {r['articles']} | {r['statements']} | {r['seconds']:.1f} | "
              f"{r['articles_per_s']:.1f} | {r['rerun_articles_per_s']:.0f} | "
              f"{r['text_bytes'] / 1e6:.1f} | {r['db_bytes'] / 1e6:.1f} | "
              f"{r['mb_per_1000']:.1f} |")
    print("\nQuery latency on the last database (median of 5, ms):\n")
    q = results[-1]["queries_ms"]
    print("| " + " | ".join(q) + " |")
    print("|" + " ---: |" * len(q))
    print("| " + " | ".join(f"{v:.1f}" for v in q.values()) + " |")
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
