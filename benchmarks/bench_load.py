"""Many concurrent users against ``counterclaim serve``: requests/s and p50/p95/p99 per route.

    .venv/bin/python benchmarks/bench_load.py --db /tmp/load.db                # 200 clients, 30 s
    .venv/bin/python benchmarks/bench_load.py --db /tmp/load.db -c 4 -s 20     # 4 clients
    .venv/bin/python benchmarks/bench_load.py --db /tmp/load.db --workers 2 --warmup 30
    .venv/bin/python benchmarks/bench_load.py --db /tmp/load.db --ingest more.jsonl
    .venv/bin/python benchmarks/bench_load.py --url http://127.0.0.1:8000      # a running server

Starts ``counterclaim serve --db DB`` on 127.0.0.1 (a free port; ``--workers N`` is
passed on when given), or uses ``--url`` (127.0.0.1 / localhost only). ``-c`` clients
(asyncio; each user a keep-alive connection of its own — a small hand-written HTTP/1.1
client by default, ``--client httpx`` for httpx, whose ~4 ms of CPU a request makes
it the bottleneck at 200 users on a small machine; the route set is read with
httpx) then loop for ``-s`` seconds over a mixed route
set — the home page, dispute, article and speaker pages, search, and the JSON API on
the same things, drawn from the corpus's own disputes, articles and speakers — with
``--analyze-share`` of the requests a POST /api/analyze of a short text. Each request
has a 30 s timeout; a timeout, a refused connection or a status >= 500 is an error
(a 503 with Retry-After from a full analysis queue is counted apart: ``busy``).

``--ingest SOURCE`` runs ``counterclaim ingest SOURCE --db DB`` in another process for
the whole run (the load while a writer writes; give a copy of the corpus, it grows).

Prints a markdown table: route, requests, req/s, p50 / p95 / p99 / max in ms, errors,
and the totals. The corpus is the caller's (e.g. a 1,000+-article ingest of a news set);
nothing from it is printed but route names.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

ANALYZE_TEXT = ("Harbour row\nMayor Ilse Varga said on Monday that the Brellin ferry had been "
                "sold to a private operator. The harbour board denied that the ferry had been "
                "sold.\n")
WORDS = ["government", "said", "police", "minister", "report", "denied", "attack", "video",
         "president", "claims", "officials", "company"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, workers: int | None) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    exe = Path(sys.executable).with_name("counterclaim")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c",
                                          "from counterclaim.cli import main; main()"]
    cmd += ["serve", "--db", db, "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            httpx.get(base + "/api/stats", timeout=5).raise_for_status()
            return proc, base
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                sys.exit(f"counterclaim serve did not start: {err[-2000:]}")
            time.sleep(0.3)


def route_set(base: str, rng: random.Random) -> list[tuple[str, str]]:
    """(route name, path) pairs over the corpus's own ids and names."""
    with httpx.Client(base_url=base, timeout=60) as c:
        disputes = [d["id"] for d in c.get("/api/disputes", params={"limit": 200}).json()
                    ["items"]]
        articles = [a["id"] for a in c.get("/api/articles", params={"limit": 500}).json()
                    ["items"]]
        speakers = [s["name"] for s in c.get("/api/speakers", params={"limit": 300}).json()
                    ["items"]]
    if not (disputes and articles and speakers):
        sys.exit("the corpus needs disputes, articles and speakers")
    out: list[tuple[str, str]] = []
    for _ in range(200):
        d, a = rng.choice(disputes), rng.choice(articles)
        s, w = quote(rng.choice(speakers), safe=""), rng.choice(WORDS)
        out += [("/", "/"), ("/?page=N", f"/?page={rng.randint(2, 5)}"),
                ("/disputes/{id}", f"/disputes/{d}"), ("/articles/{id}", f"/articles/{a}"),
                ("/speakers/{name}", f"/speakers/{s}"), ("/search", f"/search?q={w}"),
                ("/api/disputes", "/api/disputes"), ("/api/disputes/{id}", f"/api/disputes/{d}"),
                ("/api/articles/{id}", f"/api/articles/{a}"), ("/api/stats", "/api/stats"),
                ("/api/search", f"/api/search?q={w}"),
                ("/api/speakers", "/api/speakers")]
    return out


class RawConnection:
    """A keep-alive HTTP/1.1 connection written by hand: httpx spends about 4 ms of
    CPU per request, so 200 httpx users on a small machine measure the client, not
    the server (``--client httpx`` still uses it)."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"",
                      timeout: float = 30.0) -> int:
        return await asyncio.wait_for(self._request(method, path, body), timeout)

    async def _request(self, method: str, path: str, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Content-Length: {len(body)}\r\n"
                + ("Content-Type: application/json\r\n" if body else "") + "\r\n")
        self.writer.write(head.encode() + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection") == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def raw_client(base: str, routes: list[tuple[str, str]], until: float, seed: int,
                     analyze_share: float, results: dict[str, list]) -> None:
    """One user on its own keep-alive connection (see :class:`RawConnection`)."""
    rng = random.Random(seed)
    conn = RawConnection(base)
    body = json.dumps({"text": ANALYZE_TEXT}).encode()
    while time.monotonic() < until:
        if analyze_share and rng.random() < analyze_share:
            name, method, path, data = "POST /api/analyze", "POST", "/api/analyze", body
        else:
            (name, path), method, data = rng.choice(routes), "GET", b""
        t0 = time.perf_counter()
        try:
            status = await conn.request(method, path, data)
            kind = "busy" if status == 503 else ("error" if status >= 500 else "ok")
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            kind = "error"
            conn.close()
        results[name].append((time.perf_counter() - t0, kind))
    conn.close()


async def client(c: httpx.AsyncClient, routes: list[tuple[str, str]], until: float,
                 seed: int, analyze_share: float, results: dict[str, list]) -> None:
    """One user: a request, its answer, the next request, until ``until``."""
    rng = random.Random(seed)
    while time.monotonic() < until:
        if analyze_share and rng.random() < analyze_share:
            name, req = "POST /api/analyze", c.post("/api/analyze",
                                                    json={"text": ANALYZE_TEXT})
        else:
            name, path = rng.choice(routes)
            req = c.get(path)
        t0 = time.perf_counter()
        try:
            r = await req
            kind = "busy" if r.status_code == 503 else (
                "error" if r.status_code >= 500 else "ok")
        except httpx.HTTPError:
            kind = "error"
        results[name].append((time.perf_counter() - t0, kind))


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] * 1000


def report(results: dict[str, list], seconds: float, clients: int, label: str) -> dict:
    rows = []
    print(f"\n{label}: {clients} clients, {seconds:.0f} s\n")
    print("| route | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | busy |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    total = errors = busy = 0
    for name in sorted(results):
        got = results[name]
        lat = [t for t, k in got if k == "ok"]
        err = sum(k == "error" for _, k in got)
        bz = sum(k == "busy" for _, k in got)
        total, errors, busy = total + len(got), errors + err, busy + bz
        row = {"route": name, "requests": len(got), "rps": len(got) / seconds,
               "p50": pct(lat, .5), "p95": pct(lat, .95), "p99": pct(lat, .99),
               "max": max(lat) * 1000 if lat else float("nan"), "errors": err, "busy": bz}
        rows.append(row)
        print(f"| {name} | {row['requests']} | {row['rps']:.1f} | {row['p50']:.0f} | "
              f"{row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} | {err} | {bz} |")
    print(f"| **all** | {total} | **{total / seconds:.1f}** | | | | | {errors} | {busy} |")
    return {"label": label, "clients": clients, "seconds": seconds, "total": total,
            "rps": total / seconds, "errors": errors, "busy": busy, "routes": rows}


async def run(base: str, clients: int, seconds: float, analyze_share: float,
              seed: int, engine: str = "raw") -> dict[str, list]:
    routes = route_set(base, random.Random(seed))
    results: dict[str, list] = defaultdict(list)
    if engine == "raw":
        until = time.monotonic() + seconds
        await asyncio.gather(*(raw_client(base, routes, until, seed + i, analyze_share,
                                          results) for i in range(clients)))
        return results
    # One pool of connections, one per user (a client each would cost an SSL context
    # apiece, which stalled the event loop and so every request in flight).
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as c:
        until = time.monotonic() + seconds
        await asyncio.gather(*(client(c, routes, until, seed + i, analyze_share, results)
                               for i in range(clients)))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="the corpus to serve (1,000+ articles)")
    ap.add_argument("--url", help="a running server on 127.0.0.1 instead")
    ap.add_argument("-c", "--clients", type=int, default=200)
    ap.add_argument("-s", "--seconds", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=None, help="passed to serve --workers")
    ap.add_argument("--analyze-share", type=float, default=0.0,
                    help="share of requests that POST /api/analyze (e.g. 0.01)")
    ap.add_argument("--ingest", metavar="SOURCE", help="ingest SOURCE into --db meanwhile")
    ap.add_argument("--warmup", type=float, default=0.0, metavar="S",
                    help="run the clients S seconds first, unmeasured (caches warm)")
    ap.add_argument("--client", choices=["raw", "httpx"], default="raw",
                    help="raw: a hand-written keep-alive HTTP/1.1 client (light); httpx: "
                         "httpx.AsyncClient (about 4 ms of client CPU a request)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", metavar="PATH", help="write the figures as JSON too")
    args = ap.parse_args()
    if bool(args.db) == bool(args.url):
        ap.error("give --db or --url")
    proc = writer = None
    if args.url:
        if urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
            ap.error("--url must be on 127.0.0.1 or localhost")
        base = args.url.rstrip("/")
    else:
        proc, base = start_server(args.db, args.workers)
    try:
        if args.ingest:
            exe = Path(sys.executable).with_name("counterclaim")
            writer = subprocess.Popen([str(exe), "ingest", args.ingest, "--db", args.db,
                                       "--quiet"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        if args.warmup:
            asyncio.run(run(base, args.clients, args.warmup, args.analyze_share, args.seed,
                            args.client))
        t0 = time.monotonic()
        results = asyncio.run(run(base, args.clients, args.seconds, args.analyze_share,
                                  args.seed, args.client))
        took = time.monotonic() - t0
        label = ("while an ingest writes" if args.ingest else "read load") + (
            f", {args.client} client") + (
            f", after {args.warmup:.0f} s of warm-up" if args.warmup else "")
        figures = report(results, took, args.clients, label)
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1))
    finally:
        for p in (writer, proc):
            if p is not None:
                p.terminate()
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()


if __name__ == "__main__":
    main()
