"""Latency of each web page and API call on a corpus of ≥ 1,000 articles.

    .venv/bin/python benchmarks/bench_web.py                 # synthetic corpus, 1,000 + 100 articles
    .venv/bin/python benchmarks/bench_web.py -n 3000 -r 50   # larger corpus, more requests
    .venv/bin/python benchmarks/bench_web.py --db news.db    # an existing corpus (read-only)

The synthetic corpus is written through the store's public API (``Store.add`` of
hand-built analyses, our own invented text): ``-n`` articles of 6-14 statements each
about claims drawn from a pool of 150 (each with invented words of its own, so
they stay apart; most end up disputed across articles), by
speakers drawn from a pool of 300, dated over a year, plus one dispute of 10,000
statements (100 articles of 100 statements). Requests go through the app in-process
(FastAPI's TestClient: routing, queries, templates, no network), one at a time, each
page on several different ids; prints a markdown table of p50 / p95 / max in ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from counterclaim.records import (
    Analysis,
    Article,
    Proposition,
    Span,
    SpeakerEntity,
    SpeakerRef,
    Statement,
)
from counterclaim.store import Store

_PLACES = ["Veldra", "Ostrava", "Corvale", "Merin", "Tarn", "Lisvik", "Kessel", "Astarra",
           "Pellow", "Ambry", "Northgate", "Halvik", "Brenna", "Sorrel", "Dunmore"]
_THINGS = ["drones", "rifles", "grain", "fuel", "radar parts", "medicine", "ferries",
           "turbines", "copper ore", "satellite images"]
_ACTS = ["shipped", "sold", "withheld", "smuggled", "seized"]
_WORDS = ("harbour council report vote budget river bridge school clinic market road "
          "tunnel museum ferry survey station library inquiry festival").split()
_STANCES = ["assert", "assert", "deny", "deny", "hedge", "question"]


def _word(rng: random.Random) -> str:
    """An invented word (so that claims do not share topic words by chance)."""
    return "".join(rng.choice(("k", "v", "r", "t", "m", "l", "s", "d")) + rng.choice("aeiou")
                   for _ in range(3)) + rng.choice(("n", "th", "x", "r"))


def _claims(n: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    while len(seen) < n:
        a, b = rng.sample(_PLACES, 2)
        seen.add(f"{a} {rng.choice(_ACTS)} {_word(rng)} {rng.choice(_THINGS)} to {b} "
                 f"through {_word(rng).capitalize()} and {_word(rng)}")
    return sorted(seen)


def _analysis(aid: str, items: list[tuple[str, str, str]], published: str, outlet: str,
              rng: random.Random) -> Analysis:
    """An article whose text holds each (speaker, stance, claim) as a sentence, with
    exact offsets, between paragraphs of invented filler (so no two are copies)."""
    parts: list[str] = [f"{outlet} report {aid}\n"]
    pos = len(parts[0])
    ents: dict[str, SpeakerEntity] = {}
    stmts: list[Statement] = []
    props: dict[str, list[str]] = {}
    for i, (speaker, stance, claim) in enumerate(items):
        filler = " ".join(rng.choice(_WORDS) for _ in range(30)) + f" {aid}-{i}.\n\n"
        lead = f"{speaker} said "
        sent = f"{filler}{lead}{claim}.\n\n"
        s0 = pos + len(filler)
        c0 = s0 + len(lead)
        mention = Span(s0, s0 + len(speaker), speaker)
        ent = ents.get(speaker)
        ents[speaker] = SpeakerEntity(ent.id if ent else f"E{len(ents) + 1}", speaker,
                                      "person", ((*ent.mentions, mention) if ent
                                                 else (mention,)))
        sid = f"S{i + 1}"
        pid = f"P{abs(hash(claim)) % 10**8}"
        props.setdefault(pid, []).append(sid)
        stmts.append(Statement(
            id=sid, speaker=SpeakerRef(speaker, "person", "name", mention,
                                       entity=ents[speaker].id),
            cue=None, content=Span(c0, c0 + len(claim), claim), kind="indirect",
            stance=stance, hedged=stance == "hedge", hedges=(),
            evidence=rng.choice(["none", "none", "cited", "absent"]), proposition=pid))
        parts.append(sent)
        pos += len(sent)
    text = "".join(parts)
    propositions = tuple(Proposition(p, next(s.content.text for s in stmts if s.id == ids[0]),
                                     (), tuple(ids)) for p, ids in props.items())
    art = Article(id=aid, text=text, title=f"{outlet}: report {aid}", outlet=outlet,
                  published=published, body_start=len(parts[0]))
    return Analysis(article=art, statements=tuple(stmts), speakers=tuple(ents.values()),
                    propositions=propositions, disputes=())


def build(db: Path, n_articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    claims = _claims(150, rng)
    speakers = [f"{rng.choice(['Anna', 'Pavel', 'Noor', 'Ilse', 'Teodor', 'Mira', 'Eryk'])} "
                f"{rng.choice(_PLACES)}son {k}" for k in range(300)]
    outlets = [f"The {p} {kind}" for p in _PLACES for kind in ("Herald", "Ledger")]
    t0 = time.perf_counter()
    with Store(db) as store:
        for a in range(n_articles):
            picks = rng.sample(claims, rng.randint(2, 4))
            items = [(rng.choice(speakers), rng.choice(_STANCES), rng.choice(picks))
                     for _ in range(rng.randint(6, 14))]
            day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            store.add(_analysis(f"a{a}", items, day, rng.choice(outlets), rng),
                      source=f"bench:a{a}")
        big = "Ostrava supplied armed drones to rebels in Tarn"
        for a in range(100):
            items = [(speakers[(a + i) % 40], ("assert", "deny", "hedge")[i % 3], big)
                     for i in range(100)]
            store.add(_analysis(f"big{a}", items, f"2026-03-{1 + a % 28:02d}",
                                outlets[a % len(outlets)], rng), source=f"bench:big{a}")
        stats = store.stats()
    print(f"built {db}: {stats['articles']} articles, {stats['statements']} statements, "
          f"{stats['disputes']} disputes in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def measure(db: Path, requests: int, seed: int = 11,
            only: list[str] | None = None) -> list[tuple[str, list[float]]]:
    from fastapi.testclient import TestClient

    from counterclaim.web import create_app

    rng = random.Random(seed)
    app = create_app(db)
    store = app.state.store
    disputes = store.disputes(limit=1000)
    giant = disputes[0]["id"]  # most statements first
    dispute_ids = [d["id"] for d in disputes]
    n_art = store.stats()["articles"]
    speakers = [s["name"] for s in store.speakers(limit=1000)]
    art_uids = [r["uid"] for r in store.browse("articles", limit=1000, facets=False)["items"]]
    outlets = [o["value"] for o in store.facets("articles")["outlet"]] or [""]
    dated = sorted({r["date"] for r in store.browse("articles", limit=1000, facets=False)
                    ["items"] if r["date"]}) or ["2025-01-01"]

    def since() -> str:
        return rng.choice(dated[: max(1, len(dated) // 2)])

    def filtered(index: str) -> Callable[[], str]:
        """An index page with filters: an outlet, a date range, a stance, a sort."""
        def url() -> str:
            pick = rng.randint(0, 3)
            q = {0: f"outlet={quote(rng.choice(outlets))}",
                 1: "since={}&until={}".format(*sorted(rng.choices(dated, k=2))),
                 2: f"stance={rng.choice(['assert', 'deny', 'hedge'])}",
                 3: f"outlet={quote(rng.choice(outlets))}&stance=deny&since={since()}"}[pick]
            sort = {"articles": "-statements", "statements": "-date", "speakers": "name",
                    "disputes": "-last"}[index]
            return f"/{index}?{q}&sort={sort}&page={rng.randint(1, 2)}"
        return url
    words = ["drones", "rifles", "grain", "Veldra", "Ostrava", "fuel", "shipped", '"sold fuel"',
             "Corvale OR Merin", "medic*", '"unterminated', "harbour"]
    pages: list[tuple[str, Callable[[], str]]] = [
        ("/ (home)", lambda: f"/?page={rng.randint(1, 3)}"),
        ("/disputes/{id}", lambda: f"/disputes/{rng.choice(dispute_ids)}"),
        ("/disputes/{id} (10,000 statements)", lambda: f"/disputes/{giant}"
         f"?p_denying={rng.randint(1, 60)}"),
        ("/articles/{id}", lambda: f"/articles/{rng.randint(1, n_art)}"),
        ("/speakers/{name}", lambda: "/speakers/" + quote(rng.choice(speakers), safe="")),
        ("/search?q=", lambda: "/search?q=" + quote(rng.choice(words))),
        ("/analyze (form)", lambda: "/analyze"),
        ("/api/disputes", lambda: f"/api/disputes?offset={rng.randint(0, 20)}"),
        ("/api/disputes/{id}", lambda: f"/api/disputes/{rng.choice(dispute_ids)}"),
        ("/api/articles/{id}", lambda: f"/api/articles/{rng.randint(1, n_art)}"),
        ("/api/search?q=", lambda: "/api/search?q=" + quote(rng.choice(words))),
        ("/articles (index, unfiltered)", lambda: f"/articles?page={rng.randint(1, 5)}"),
        ("/articles (filtered)", filtered("articles")),
        ("/statements (filtered)", filtered("statements")),
        ("/speakers (filtered)", filtered("speakers")),
        ("/disputes (filtered)", filtered("disputes")),
        ("/statements.csv (filtered)", lambda: filtered("statements")().replace(
            "/statements?", "/statements.csv?")),
        ("/api/browse/statements (filtered)", lambda: filtered("statements")().replace(
            "/statements?", "/api/browse/statements?")),
        ("/search?q= (filtered)", lambda: "/search?q=" + quote(rng.choice(words))
         + f"&outlet={quote(rng.choice(outlets))}"),
        ("/articles/{uid}", lambda: f"/articles/{rng.choice(art_uids)}"),
    ]
    if only:
        pages = [(n, u) for n, u in pages if any(o in n for o in only)]
    out = []
    with TestClient(app) as client:
        for name, url in pages:
            client.get(url())  # warm-up
            times = []
            for _ in range(requests):
                u = url()
                t0 = time.perf_counter()
                r = client.get(u)
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise SystemExit(f"{u}: {r.status_code}")
            out.append((name, times))
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--articles", type=int, default=1000,
                    help="synthetic articles besides the 100 of the big dispute")
    ap.add_argument("-r", "--requests", type=int, default=40, help="requests per page")
    ap.add_argument("--db", type=Path, help="an existing corpus instead (opened read-only)")
    ap.add_argument("--only", action="append", metavar="TEXT",
                    help="only the pages whose name contains TEXT (repeatable), e.g. "
                         "--only filtered --only index")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            build(db, args.articles)
        with Store(db, create=False) as s:
            st = s.stats()
        rows = measure(db, args.requests, only=args.only)
    print(f"\ncorpus: {st['articles']} articles, {st['statements']} statements, "
          f"{st['disputes']} disputes; {args.requests} requests per page, in-process\n")
    print("| page | p50 ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, t in rows:
        q = statistics.quantiles(t, n=20, method="inclusive")
        print(f"| `{name}` | {statistics.median(t):.1f} | {q[18]:.1f} | {max(t):.1f} |")


if __name__ == "__main__":
    main()
