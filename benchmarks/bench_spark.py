"""Stage 1 throughput on Spark (local[1], local[2]) against ``counterclaim analyze
--jobs 1/2`` on the same articles, in one run.

    .venv/bin/python benchmarks/bench_spark.py                 # 2,000 generated articles
    .venv/bin/python benchmarks/bench_spark.py --n 4000
    .venv/bin/python benchmarks/bench_spark.py --ggt           # GGT news texts, cycled

The generated articles are written from our own sentences (tests/test_spark_data.py);
``--ggt`` reads ../shared/datasets/sfu-ggt-quote-eval/ggt_quotes.jsonl at run time
(never copied into the repository) and cycles its 98 texts with distinct ids.

Timings: ``analyze`` is the wall time of the CLI process (start, model load(s),
analysis, JSON out). Spark is the wall time of Stage 1 (read, model load per worker,
analysis, Parquet out) with the session already started; the session start-up is
reported on its own. Overhead = Spark Stage 1 time / analyze time at equal cores - 1.

Each configuration runs in its own child process. CPU seconds are reported too,
because on a machine shared with other work the wall times move with the load and
the CPU cost per article much less: for ``analyze``, the CLI process and its
workers; for Spark, the Python workers' CPU on the analysis partitions (model load,
analysis, row building; the ``worker_cpu_ms`` counter), the JVM not included.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def make_input(path: Path, n: int, ggt: bool) -> int:
    if ggt:
        src = REPO.parent / "shared" / "datasets" / "sfu-ggt-quote-eval" / "ggt_quotes.jsonl"
        if not src.exists():
            sys.exit(f"{src} is absent")
        texts = [json.loads(x) for x in src.read_text().splitlines() if x.strip()]
        rows = [{"id": f"g{i:05d}", "text": texts[i % len(texts)]["text"],
                 "outlet": texts[i % len(texts)].get("outlet"),
                 "published": f"2026-02-{1 + i % 28:02d}"} for i in range(n)]
    else:
        import test_spark_data as data

        rows = [{k: v for k, v in r.items() if k != "topic"}
                for r in data.make_articles(n, seed=11)]
    with path.open("w") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    return sum(len(r["text"]) for r in rows)


def _cpu_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def bench_analyze(path: Path, jobs: int) -> dict[str, float]:
    exe = Path(sys.executable).with_name("counterclaim")
    c0, t0 = _cpu_children(), time.perf_counter()
    subprocess.run([str(exe), "analyze", "--json", "--jobs", str(jobs), str(path)],
                   stdout=subprocess.DEVNULL, check=True)
    return {"stage1_s": time.perf_counter() - t0, "cpu_s": _cpu_children() - c0}


def bench_spark_child(path: Path, cores: int, out: Path) -> dict[str, float]:
    """Run :func:`bench_spark` in a child process."""
    res = subprocess.run([sys.executable, __file__, "--child", str(cores), str(path), str(out)],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                         check=True)
    line = [x for x in res.stdout.splitlines() if x.startswith("{")][-1]
    r = json.loads(line)
    return {**r, "cpu_s": r["worker_cpu_ms"] / 1000}


def bench_spark(path: Path, cores: int, out: Path) -> dict[str, float]:
    from counterclaim.spark.job import build_session
    from counterclaim.spark.stage1 import run_stage1

    t0 = time.perf_counter()
    spark = build_session(f"local[{cores}]", app=f"bench-{cores}", partitions=4 * cores,
                          conf={"spark.ui.enabled": "false",
                                "spark.driver.host": "127.0.0.1",
                                "spark.driver.bindAddress": "127.0.0.1"})
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.parallelize([0], 1).count()  # JVM and first Python worker up
    startup = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        counters = run_stage1(spark, [str(path)], str(out), partitions=4 * cores)
        stage1 = time.perf_counter() - t1
    finally:
        spark.stop()
    return {"startup_s": startup, "stage1_s": stage1, **counters.values()}


def breakdown(path: Path, cores: int, out: Path) -> dict[str, float]:
    """Where Stage 1's time goes. The whole stage runs first, in a fresh session as
    in :func:`bench_spark`; then, in the same session (the Python worker and its model
    reused), each step alone: reading the inputs, reading and the shuffle by article
    id, and the analysis of the shuffled articles. What the whole stage spends beyond
    read + shuffle + analysis + one model load is the rows, the Python → JVM
    serialisation and the Parquet writes."""
    from pyspark import StorageLevel

    from counterclaim.pipeline import Analyzer
    from counterclaim.spark.job import build_session
    from counterclaim.spark.stage1 import (
        Counters,
        _key,
        _pick,
        analyse_partition,
        read_items,
        run_stage1,
    )

    t = time.perf_counter()
    Analyzer()
    res = {"model_load_s": time.perf_counter() - t}
    t = time.perf_counter()
    spark = build_session(f"local[{cores}]", app=f"breakdown-{cores}", partitions=4 * cores,
                          conf={"spark.ui.enabled": "false",
                                "spark.driver.host": "127.0.0.1",
                                "spark.driver.bindAddress": "127.0.0.1"})
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.parallelize([0], 1).count()
    res["session_s"] = time.perf_counter() - t
    try:
        parts = 4 * cores
        t = time.perf_counter()
        c = run_stage1(spark, [str(path)], str(out), partitions=parts)
        res["stage1_s"] = time.perf_counter() - t
        res["stage1_worker_cpu_s"] = c.values()["worker_cpu_ms"] / 1000
        counters = Counters.create(spark.sparkContext)
        t = time.perf_counter()
        items = read_items(spark, [str(path)], parts, counters)
        items.count()
        res["read_s"] = time.perf_counter() - t
        t = time.perf_counter()
        keyed = (items.map(lambda it: (_key(it), it)).reduceByKey(_pick, numPartitions=parts)
                 .values().persist(StorageLevel.MEMORY_AND_DISK))
        keyed.count()
        res["read_shuffle_s"] = time.perf_counter() - t
        t = time.perf_counter()
        keyed.mapPartitions(lambda p: analyse_partition(p, None, counters)).count()
        res["analyse_s"] = time.perf_counter() - t
        res["analyse_worker_cpu_s"] = counters.values()["worker_cpu_ms"] / 1000
        keyed.unpersist()
    finally:
        spark.stop()
    res["rest_s"] = res["stage1_s"] - res["read_shuffle_s"] - res["analyse_s"] \
        - res["model_load_s"]
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--ggt", action="store_true")
    ap.add_argument("--breakdown", action="store_true",
                    help="time Stage 1's steps at one core (session, read, shuffle, "
                         "analysis, the whole stage) against analyze --jobs 1")
    ap.add_argument("--child", nargs=3, metavar=("CORES", "INPUT", "OUT"),
                    help=argparse.SUPPRESS)
    ap.add_argument("--child-breakdown", nargs=2, metavar=("INPUT", "OUT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if args.child:
        cores, path, out = args.child
        print(json.dumps(bench_spark(Path(path), int(cores), Path(out))))
        return
    if args.child_breakdown:
        path, out = args.child_breakdown
        print(json.dumps(breakdown(Path(path), 1, Path(out))))
        return
    if args.breakdown:
        tmp = Path(tempfile.mkdtemp(prefix="bench-spark-"))
        try:
            path = tmp / "articles.jsonl"
            make_input(path, args.n, args.ggt)
            an = bench_analyze(path, 1)
            res = subprocess.run([sys.executable, __file__, "--child-breakdown", str(path),
                                  str(tmp / "out")], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, check=True)
            b = json.loads([x for x in res.stdout.splitlines() if x.startswith("{")][-1])
            print(json.dumps({"analyze --jobs 1": an, "spark local[1]": b}, indent=1))
            print(f"analyze --jobs 1 {an['stage1_s']:.1f} s; Spark session "
                  f"{b['session_s']:.1f} s (not in Stage 1); Stage 1 {b['stage1_s']:.1f} s = "
                  f"read+shuffle {b['read_shuffle_s']:.1f} (read alone {b['read_s']:.1f}) + "
                  f"model load {b['model_load_s']:.1f} + analysis {b['analyse_s']:.1f} + "
                  f"rows/serialisation/writes {b['rest_s']:.1f}; overhead "
                  f"{100 * (b['stage1_s'] / an['stage1_s'] - 1):+.1f} %")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    try:
        load0 = f"{os.getloadavg()[0]:.2f}"
        path = tmp / "articles.jsonl"
        chars = make_input(path, args.n, args.ggt)
        res: dict[str, dict[str, float]] = {}
        for jobs in (1, 2):
            res[f"analyze --jobs {jobs}"] = bench_analyze(path, jobs)
        for cores in (1, 2):
            res[f"spark local[{cores}]"] = bench_spark_child(path, cores, tmp / f"out{cores}")
        print(f"\n{args.n} articles ({'GGT texts' if args.ggt else 'generated'}), "
              f"{chars / args.n:.0f} chars/article, {os.cpu_count()} CPUs\n")
        print(f"load average before: {load0}, after: {os.getloadavg()[0]:.2f}")
        print(f"{'run':<20} {'seconds':>8} {'articles/s':>11} {'startup s':>10} {'loads':>6} "
              f"{'CPU s':>7} {'ms CPU/article':>15}")
        for name, r in res.items():
            print(f"{name:<20} {r['stage1_s']:8.1f} {args.n / r['stage1_s']:11.1f} "
                  f"{r.get('startup_s', float('nan')):10.1f} "
                  f"{int(r.get('model_loads', 0)) or '':>6} {r['cpu_s']:7.1f} "
                  f"{1000 * r['cpu_s'] / args.n:15.1f}")
        for cores in (1, 2):
            sp = res[f"spark local[{cores}]"]["stage1_s"]
            an = res[f"analyze --jobs {cores}"]["stage1_s"]
            cpu_sp = res[f"spark local[{cores}]"]["cpu_s"]
            cpu_an = res[f"analyze --jobs {cores}"]["cpu_s"]
            print(f"overhead at {cores} core(s): wall {100 * (sp / an - 1):+.1f} %, "
                  f"CPU {100 * (cpu_sp / cpu_an - 1):+.1f} % (Spark Stage 1 vs analyze)")
        print(f"Spark scaling local[1] -> local[2]: "
              f"{res['spark local[1]']['stage1_s'] / res['spark local[2]']['stage1_s']:.2f}x; "
              f"analyze --jobs 1 -> 2: "
              f"{res['analyze --jobs 1']['stage1_s'] / res['analyze --jobs 2']['stage1_s']:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
