"""Speed of counterclaim against a bare spaCy parse, on the GGT news texts.

In ONE process and over the same texts (the 98 GGT articles, read from
../shared and never copied into the repository):

1. bare spaCy: ``nlp.pipe`` over the full article texts with the very pipeline
   counterclaim loads (``counterclaim.nlp.load_model()``);
2. counterclaim in-process: ``Analyzer.analyze`` on each article (it parses only
   the paragraphs that can hold an attribution, then extracts);
   the two are run alternately ``--repeat`` times and the medians are compared:
   ratio = counterclaim articles/s ÷ bare spaCy articles/s;
3. scaling: ``counterclaim.runner.analyze_stream`` with ``--jobs 1`` and
   ``--jobs 2`` (the worker pool forks from this process, which has the model
   loaded already, so model loading is not timed), and the speedup.

Peak RSS is the kernel's high-water mark (VmHWM), reset before each phase
where /proc allows it; workers' peak comes from getrusage(RUSAGE_CHILDREN).

    .venv/bin/python benchmarks/bench_ggt.py                 # 3 alternating runs
    .venv/bin/python benchmarks/bench_ggt.py --repeat 5 --scaling-repeat 3
    .venv/bin/python benchmarks/bench_ggt.py --limit 20 --repeat 1   # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Floor ratio >= 1.2 (issue 12: the reading may not fall below 1.2x the bare parse;
# it was 0.87 when the selection was first built), goal >= 1.5; --jobs 2 on 2 cores
# >= 1.8x --jobs 1; peak RSS <= 500 MB for one process.
FLOOR_RATIO, GOAL_RATIO, GOAL_SPEEDUP, MAX_RSS_MB = 1.2, 1.5, 1.8, 500


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak() -> bool:
    """Reset this process's RSS high-water mark (Linux >= 4.0); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    kb = _status_kb("VmHWM")
    if kb is None:  # not Linux: ru_maxrss is bytes on macOS, KiB elsewhere
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            kb //= 1024
    return kb / 1024


def load_inputs(path: Path, limit: int | None) -> list[tuple[str, dict[str, Any]]]:
    """The articles as ``counterclaim analyze`` reads them: (source, {"text", "id", …})."""
    from counterclaim.sources import ArticleInput, iter_sources

    items = [(i.source, i.analyze_kwargs())
             for i in iter_sources([str(path)], fetch=False) if isinstance(i, ArticleInput)]
    return items[:limit] if limit else items


def _cpu_all() -> float:
    """CPU seconds of this process and of its reaped children (pool workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its finished children)."""
    c0, t0 = _cpu_all(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, _cpu_all() - c0


def selected_share(items: Sequence[tuple[str, dict[str, Any]]], analyzer: Any) -> float | None:
    """Share of body characters in the paragraphs counterclaim chooses to parse."""
    try:
        from counterclaim.extract import metadata, segments

        chosen = total = 0
        for _src, item in items:
            art = metadata.read_article(item["text"], id=item["id"])
            paras = segments.paragraphs(art)
            quotes = segments.quotations(art.text, paras)
            total += sum(e - s for s, e in paras)
            chosen += sum(e - s for s, e in
                          segments.select(art.text, paras, quotes, analyzer.lexicon))
        return chosen / total if total else None
    except Exception:  # noqa: BLE001 - an informative extra; internals may change
        return None


def run(args: argparse.Namespace) -> dict[str, Any]:
    from counterclaim.nlp import load_model
    from counterclaim.pipeline import Analyzer
    from counterclaim.runner import AnalysisFailure, analyze_stream

    items = load_inputs(args.data, args.limit)
    texts = [item["text"] for _src, item in items]
    n = len(items)
    t0 = time.perf_counter()
    nlp = load_model(args.model)
    analyzer = Analyzer(args.model)
    load_s = time.perf_counter() - t0
    # warm-up, untimed: first calls allocate vocab/strings and lazy tables
    list(nlp.pipe(texts[:3]))
    for _src, item in items[:3]:
        analyzer.analyze(**item)

    def bare() -> None:
        for _doc in nlp.pipe(texts, batch_size=args.batch_size):
            pass

    def ours() -> None:
        for _src, item in items:
            analyzer.analyze(**item)

    bare_t: list[tuple[float, float]] = []
    ours_t: list[tuple[float, float]] = []
    peak = {"bare": 0.0, "counterclaim": 0.0}
    can_reset = reset_peak()
    for _ in range(args.repeat):  # alternate so machine noise hits both alike
        if can_reset:
            reset_peak()
        bare_t.append(timed(bare))
        peak["bare"] = max(peak["bare"], peak_rss_mb())
        if can_reset:
            reset_peak()
        ours_t.append(timed(ours))
        peak["counterclaim"] = max(peak["counterclaim"], peak_rss_mb())
    if not can_reset:  # one high-water mark for the whole process
        peak = {"bare": peak_rss_mb(), "counterclaim": peak_rss_mb()}

    scaling: dict[int, list[tuple[float, float]]] = {}
    failures = 0
    for _ in range(args.scaling_repeat):
        for jobs in args.jobs:
            def stream(jobs: int = jobs) -> None:
                nonlocal failures
                for r in analyze_stream(iter(items), model=args.model, jobs=jobs):
                    failures += isinstance(r, AnalysisFailure)
            scaling.setdefault(jobs, []).append(timed(stream))
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    def med(runs: list[tuple[float, float]], k: int) -> float:
        return statistics.median(r[k] for r in runs)

    rate = {j: n / med(v, 0) for j, v in scaling.items()}
    base = rate.get(1)
    cpu1 = med(scaling[1], 1) if 1 in scaling else None
    return {
        "articles": n,
        "characters": sum(len(t) for t in texts),
        "model": f"{analyzer.parser.model_name}-{analyzer.parser.model_version}",
        "counterclaim": analyzer.versions.get("counterclaim"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "loadavg_start": args.loadavg,
        "model_load_s": round(load_s, 2),
        "selected_share": selected_share(items, analyzer),
        "bare_s": [r[0] for r in bare_t], "bare_cpu_s": [r[1] for r in bare_t],
        "counterclaim_s": [r[0] for r in ours_t],
        "counterclaim_cpu_s": [r[1] for r in ours_t],
        "bare_rate": n / med(bare_t, 0), "counterclaim_rate": n / med(ours_t, 0),
        "ratio": med(bare_t, 0) / med(ours_t, 0),
        "ratio_cpu": med(bare_t, 1) / med(ours_t, 1),
        "peak_rss_mb": peak, "peak_rss_workers_mb": children_mb,
        "scaling_s": {str(j): [r[0] for r in v] for j, v in scaling.items()},
        "scaling_cpu_s": {str(j): [r[1] for r in v] for j, v in scaling.items()},
        "scaling_rate": {str(j): r for j, r in rate.items()},
        "speedup": {str(j): r / base for j, r in rate.items()} if base else {},
        # jobs x (CPU per run at --jobs 1 / CPU per run at --jobs N): the speedup
        # on idle cores if the only losses are the extra CPU work of the pool
        "speedup_cpu_bound": ({str(j): j * cpu1 / med(v, 1) for j, v in scaling.items()}
                              if cpu1 else {}),
        "failures": failures,
    }


def markdown(res: dict[str, Any]) -> str:
    def runs(v: list[float]) -> str:
        return ", ".join(f"{x:.1f}" for x in v)

    med = statistics.median
    share = res["selected_share"]
    lines = [
        f"GGT texts: {res['articles']} articles, {res['characters']:,} characters; model "
        f"{res['model']}; counterclaim {res['counterclaim']}; Python {res['python']}; "
        f"{res['cpus']} CPUs; load average at start {res['loadavg_start']}",
        "",
        "| run | wall s per run | median wall s | articles/s | vs bare spaCy | "
        "median CPU s | articles per CPU s | vs bare (CPU) | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| bare spaCy `nlp.pipe` (full texts) | {runs(res['bare_s'])} | "
        f"{med(res['bare_s']):.1f} | {res['bare_rate']:.2f} | 1.00 | "
        f"{med(res['bare_cpu_s']):.1f} | {res['articles'] / med(res['bare_cpu_s']):.2f} | 1.00 | "
        f"{res['peak_rss_mb']['bare']:.0f} |",
        f"| counterclaim `Analyzer.analyze` | {runs(res['counterclaim_s'])} | "
        f"{med(res['counterclaim_s']):.1f} | {res['counterclaim_rate']:.2f} | "
        f"**{res['ratio']:.2f}** | {med(res['counterclaim_cpu_s']):.1f} | "
        f"{res['articles'] / med(res['counterclaim_cpu_s']):.2f} | **{res['ratio_cpu']:.2f}** | "
        f"{res['peak_rss_mb']['counterclaim']:.0f} |",
    ]
    for j, v in res["scaling_s"].items():
        sp = res["speedup"].get(j)
        cpu = res["scaling_cpu_s"][j]
        vs = f"speedup {sp:.2f}x" if sp is not None else ""
        bound = res["speedup_cpu_bound"].get(j)
        vs_cpu = f"CPU-bound speedup {bound:.2f}x" if bound is not None else ""
        rss = f"workers {res['peak_rss_workers_mb']:.0f}" if j != "1" else ""
        lines.append(f"| `analyze_stream` --jobs {j} | {runs(v)} | {med(v):.1f} | "
                     f"{res['scaling_rate'][j]:.2f} | {vs} | {med(cpu):.1f} | "
                     f"{res['articles'] / med(cpu):.2f} | {vs_cpu} | {rss} |")
    ratio = res["ratio"]
    verdict = ("meets the goal" if ratio >= GOAL_RATIO else
               "meets the floor, below the goal" if ratio >= FLOOR_RATIO else "BELOW THE FLOOR")
    lines += [
        "",
        f"ratio counterclaim / bare spaCy = {ratio:.2f} wall, {res['ratio_cpu']:.2f} CPU "
        f"({verdict}: floor {FLOOR_RATIO}, goal {GOAL_RATIO})"
        + (f"; counterclaim parses {share:.0%} of the body characters" if share else ""),
    ]
    if "2" in res["speedup"]:
        lines.append(
            f"--jobs 2: speedup {res['speedup']['2']:.2f}x wall (target {GOAL_SPEEDUP}x on 2 "
            f"idle cores); CPU-bound speedup {res['speedup_cpu_bound']['2']:.2f}x = 2 x CPU "
            "(--jobs 1) / CPU(--jobs 2), what idle cores would give if only the pool's extra "
            "work is lost")
    peak = res["peak_rss_mb"]["counterclaim"]
    lines.append(f"peak RSS while counterclaim runs {peak:.0f} MB (limit {MAX_RSS_MB} MB; "
                 f"bare spaCy phase {res['peak_rss_mb']['bare']:.0f} MB, --batch-size "
                 f"{res.get('batch_size', '?')})")
    if res["failures"]:
        lines.append(f"warning: {res['failures']} analysis failures in the scaling runs")
    return "\n".join(lines)


def _default_data() -> Path | None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from counterclaim.evaluation import ggt_path

    return ggt_path()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    ap.add_argument("--data", type=Path, default=None,
                    help="ggt_quotes.jsonl (default: ../shared or $COUNTERCLAIM_SHARED)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="alternating bare/counterclaim runs; medians are compared (3)")
    ap.add_argument("--scaling-repeat", type=int, default=1,
                    help="runs of each --jobs setting in the scaling part (1)")
    ap.add_argument("--jobs", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2],
                    help="comma-separated worker counts for the scaling part (1,2); "
                         "'0' skips it")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: counterclaim's)")
    ap.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size (64)")
    ap.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    args = ap.parse_args(argv)
    args.data = args.data or _default_data()
    if args.data is None or not Path(args.data).is_file():
        print("error: GGT data not found; pass --data PATH/ggt_quotes.jsonl or set "
              "COUNTERCLAIM_SHARED to the shared folder", file=sys.stderr)
        return 2
    args.jobs = [j for j in args.jobs if j > 0]
    try:
        args.loadavg = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        args.loadavg = "n/a"
    res = run(args)
    res["batch_size"] = args.batch_size
    print(markdown(res))
    if args.json:
        print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
