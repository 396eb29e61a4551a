"""A generated news corpus for the Spark tests: ~200 short articles written from our
own sentences about invented disputes, with known exact duplicates, syndicated
copies, corrupt JSONL lines and a WARC with good, odd and broken records."""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path
from typing import Any

TOPICS: dict[str, dict[str, list[str]]] = {
    "drones": {
        "assert": [
            "Veldra's defence ministry said that Ostrava had supplied attack drones to the "
            "Korvin militia.",
            "Veldran defence minister Ilse Varga said Ostrava was supplying attack drones to "
            "the Korvin militia.",
        ],
        "deny": [
            "Ostrava's foreign ministry denied that it had supplied attack drones to the "
            "Korvin militia.",
            "Ostravan spokesman Piet Aldon rejected claims that Ostrava supplied attack drones "
            "to the Korvin militia.",
        ],
        "hedge": ["Analysts at the Brenn Institute said Ostrava might have supplied some "
                  "drones to the militia."],
    },
    "river": {
        "assert": ["Environmental group Clearwater said that Marlow Chemicals dumped solvent "
                   "waste into the Tesk river."],
        "deny": ["Marlow Chemicals denied that it had dumped solvent waste into the Tesk "
                 "river."],
    },
    "election": {
        "assert": ["Opposition leader Dara Quinn said the Harwick election count was rigged."],
        "deny": ["The electoral commission rejected claims that the Harwick election count "
                 "was rigged."],
    },
}
HEADLINES = {"drones": "Drone row between Veldra and Ostrava deepens",
             "river": "Pollution dispute over the Tesk river grows",
             "election": "Harwick count faces fresh challenge"}
OUTLETS = ["Harbour Times", "Northgate Post", "Coastline Daily", "Valley Courier",
           "Capital Ledger", "Morning Signal"]
CITIES = ["Alder", "Brisk", "Cobble", "Dunmere", "Elmstead", "Fallow", "Garrow", "Hollin"]
THINGS = ["ferries", "trams", "buses", "barges", "trains", "cyclists"]


def _filler(rng: random.Random, n: int) -> str:
    city, other = rng.sample(CITIES, 2)
    return (f"In {city}, {rng.randint(3, 900)} {rng.choice(THINGS)} crossed the old "
            f"{rng.choice(['harbour', 'canal', 'market', 'ridge'])} district before "
            f"{rng.randint(1, 12)} o'clock on day {n}, while {rng.randint(2, 80)} stalls in "
            f"{other} sold {rng.choice(['apples', 'bread', 'lanterns', 'wool', 'fish'])} "
            f"at {rng.randint(2, 99)} crowns each.")


def make_articles(n: int = 170, seed: int = 7) -> list[dict[str, Any]]:
    """Original articles, in publication order (ids ascending with dates)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        topic = rng.choice(sorted(TOPICS))
        t = TOPICS[topic]
        paras = [_filler(rng, i) for _ in range(3)]
        picks = [rng.choice(t["assert"]), rng.choice(t["deny"])]
        if "hedge" in t and rng.random() < 0.3:
            picks.append(t["hedge"][0])
        rng.shuffle(picks)
        for p in picks:
            paras.insert(rng.randint(0, len(paras)), p)
        paras.append(_filler(rng, i + 1000))
        day = 1 + i * 27 // n
        out.append({
            "id": f"a{i:03d}", "title": HEADLINES[topic],
            "text": HEADLINES[topic] + "\n\n" + "\n\n".join(paras) + "\n",
            "outlet": OUTLETS[i % len(OUTLETS)], "url": f"https://news.example/{topic}/{i}",
            "published": f"2026-02-{day:02d}T{8 + i % 10:02d}:00:00Z", "topic": topic,
        })
    return out


def make_corpus(n: int = 170) -> dict[str, Any]:
    """Originals plus known duplicates and syndicated copies, in ingest order."""
    originals = make_articles(n)
    extra: list[dict[str, Any]] = []
    duplicates: dict[str, str] = {}
    copies: dict[str, str] = {}
    for k, src in enumerate(originals[5:155:15]):  # 10 exact duplicates, new id and URL
        d = dict(src, id=f"{src['id']}-dup", url=f"https://mirror.example/{k}",
                 outlet="Mirror Wire")
        extra.append(d)
        duplicates[d["id"]] = src["id"]
    for k, src in enumerate(originals[2:160:8]):  # 20 syndicated copies, lightly edited
        text = src["text"].replace(" crossed ", " went across ", 1).rstrip("\n")
        c = dict(src, id=f"{src['id']}-syn", url=f"https://wire.example/{k}",
                 outlet=OUTLETS[(k + 3) % len(OUTLETS)],
                 text=text + f"\n\nReporting by the {src['outlet']} desk.\n")
        extra.append(c)
        copies[c["id"]] = src["id"]
    rows = originals + extra
    rows.sort(key=lambda r: (r["published"], r["id"]))
    return {"rows": rows, "duplicates": duplicates, "copies": copies}


CORRUPT_LINES = [
    b"{this is not json\n",
    b'{"id": "no-text", "title": "Empty"}\n',
    b'["a", "list", "not", "an", "object"]\n',
    b'{"id": "bad-utf8", "text": "caf\xe9 \xff\xfe"}\n',
]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> int:
    """Write rows (the ``topic`` key dropped) and a few corrupt lines; returns the
    number of corrupt lines."""
    with path.open("wb") as fh:
        for i, r in enumerate(rows):
            obj = {k: v for k, v in r.items() if k != "topic"}
            fh.write(json.dumps(obj).encode() + b"\n")
            if i in (10, 50, 120, 180) and CORRUPT_LINES:
                fh.write(CORRUPT_LINES[(10, 50, 120, 180).index(i)])
    return len(CORRUPT_LINES)


def html_page(r: dict[str, Any]) -> str:
    body = "".join(f"<p>{p}</p>" for p in r["text"].split("\n\n")[1:] if p.strip())
    return (f"<html><head><title>{r['title']}</title>"
            f"<meta property=\"og:site_name\" content=\"{r['outlet']}\">"
            f"<meta name=\"date\" content=\"{r['published'][:10]}\"></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{r['title']}</h1>{body}</article>"
            "<footer>Copyright, all rights reserved.</footer></body></html>")


def write_warc(path: Path, rows: list[dict[str, Any]]) -> dict[str, int]:
    """A .warc.gz with HTML responses for ``rows`` plus an image, a 404, a request
    record and one page whose bytes do not decode; returns what it holds."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)

        def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                http_headers=http))

        for r in rows:
            response(r["url"], html_page(r).encode("utf-8"), "text/html; charset=utf-8")
        response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                 "image/png")
        response("https://news.example/missing", b"<html>not found</html>", "text/html",
                 "404 Not Found")
        response("https://news.example/broken", b"<html><body><p>caf\xe9 \x81\x8d\x8f "
                 b"broken bytes</p></body></html>", "text/html; charset=utf-8")
    return {"html": len(rows), "undecodable": 1}


def write_bad_warc(path: Path, good: Path) -> None:
    """A truncated .warc.gz (the first half of a good one)."""
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data)
