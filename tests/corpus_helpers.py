"""Helpers for the corpus tests: hand-built Analysis records, invented article text,
inputs of every kind written by the test itself, and a local HTTP server (127.0.0.1)."""

from __future__ import annotations

import http.server
import random
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from counterclaim.records import (
    Analysis,
    Article,
    Proposition,
    Span,
    SpeakerEntity,
    SpeakerRef,
    Statement,
)

# --- invented article text ------------------------------------------------------------

_SUBJECTS = ["The harbour authority", "A farmers' cooperative", "The regional council",
             "Engineers at the dam", "Residents of Pellow", "The rail operator",
             "A fisheries inspector", "The weather service", "Teachers in Ambry",
             "The customs office", "A hospital board", "The river commission"]
_VERBS = ["reviewed", "postponed", "approved", "questioned", "inspected", "published",
          "extended", "reopened", "measured", "discussed", "funded", "mapped"]
_OBJECTS = ["the winter timetable", "a new grain silo", "the flood barrier plans",
            "repairs to the north pier", "the school bus routes", "a survey of the wetlands",
            "the copper mine licence", "a ferry to the islands", "the market hall roof",
            "the census of fishing boats", "a bridge over the Lune", "the library budget"]
_TAILS = ["after a long meeting on Tuesday", "before the spring thaw", "for the third time",
          "despite objections from the mayor", "with help from volunteers",
          "ahead of the autumn fair", "at a cost of four million", "following heavy rain",
          "in a short statement", "as traffic returned to normal"]


def article_text(seed: int, paragraphs: int = 6) -> str:
    """A unique invented news text (deterministic for a seed), plain sentences only."""
    rng = random.Random(seed)
    paras = []
    for _ in range(paragraphs):
        sents = [f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                 f"{rng.choice(_TAILS)}, in item {rng.randrange(10**6)}." for _ in range(3)]
        paras.append(" ".join(sents))
    return "\n\n".join(paras) + "\n"


# --- hand-built analyses --------------------------------------------------------------

@dataclass
class S:
    """One statement to build: speaker name/kind, stance, content, hedged, evidence,
    the article proposition key it belongs to (None: its own)."""

    speaker: str
    stance: str
    content: str
    kind: str = "government"
    hedged: bool = False
    evidence: str = "none"
    prop: str | None = None


def make_analysis(aid: str, statements: list[S], *, outlet: str | None = None,
                  published: str | None = None, url: str | None = None,
                  title: str | None = None, filler: int = 0) -> Analysis:
    """An Analysis whose article text holds each statement as "<speaker> said <content>."
    (offsets exact), plus ``filler`` paragraphs of invented text to make it unique."""
    parts: list[str] = []
    pos = 0
    spans = []
    for st in statements:
        lead = f"{st.speaker} said "
        parts.append(lead)
        c_start = pos + len(lead)
        parts.append(st.content + ".\n\n")
        spans.append((pos, pos + len(st.speaker), c_start, c_start + len(st.content)))
        pos += len(lead) + len(st.content) + 3
    text = "".join(parts) + (article_text(zlib.crc32(aid.encode()), filler) if filler else "")
    ents: dict[str, SpeakerEntity] = {}
    stmts = []
    props: dict[str, list[str]] = {}
    for i, (st, (ms, me, cs, ce)) in enumerate(zip(statements, spans, strict=True)):
        ent_id = f"E{len(ents) + 1}" if st.speaker not in ents else ents[st.speaker].id
        mention = Span(ms, me, text[ms:me])
        if st.speaker not in ents:
            ents[st.speaker] = SpeakerEntity(ent_id, st.speaker, st.kind, (mention,))
        else:
            e = ents[st.speaker]
            ents[st.speaker] = SpeakerEntity(e.id, e.name, e.kind, (*e.mentions, mention))
        sid = f"S{i + 1}"
        if st.prop:
            props.setdefault(st.prop, []).append(sid)
        stmts.append(Statement(
            id=sid, speaker=SpeakerRef(st.speaker, st.kind, "name", mention, entity=ent_id,
                                       anonymous=st.kind == "anonymous"),
            cue=None, content=Span(cs, ce, text[cs:ce]), kind="indirect", stance=st.stance,
            hedged=st.hedged, hedges=(), evidence=st.evidence,
            proposition=f"P-{st.prop}" if st.prop else None))
    propositions = []
    for key, sids in props.items():
        first = next(s for s in stmts if s.id == sids[0])
        propositions.append(Proposition(f"P-{key}", first.content.text, (), tuple(sids)))
    art = Article(id=aid, text=text, title=title, outlet=outlet, url=url, published=published)
    return Analysis(article=art, statements=tuple(stmts), speakers=tuple(ents.values()),
                    propositions=tuple(propositions), disputes=())


# --- a local HTTP server --------------------------------------------------------------

@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    location: str | None = None
    hits: int = 0  # how many times it was requested


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        route = self.routes.get(self.path)
        if route is None:
            route = Route(b"<html><body>not here</body></html>", status=404)
        route.hits += 1
        if route.delay:
            time.sleep(route.delay)
        try:
            self.send_response(route.status)
            if route.location:
                self.send_header("Location", route.location)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the slow-response test)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def local_server(routes: dict[str, Route]) -> Iterator[str]:
    """Serve ``routes`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = type("H", (_Handler,), {"routes": routes})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- documents of every kind ----------------------------------------------------------

def html_page(title: str, paragraphs: list[str], *, site: str = "The Pellow Courier",
              date: str = "2026-04-02") -> str:
    """An HTML news page with navigation, cookie banner and footer boilerplate."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T08:00:00Z">
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
<main><article><h1>{title}</h1>
{body}
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Ten recipes for the weekend</a></li></ul></aside>
<footer><p>Copyright 2026 {site}. All rights reserved. Privacy policy. Terms of use.</p></footer>
</body></html>"""


def rss_feed(items: list[dict[str, str]], title: str = "Pellow Courier - World") -> str:
    out = []
    for it in items:
        content = (f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>"
                   if it.get("content") else "")
        out.append(f"""<item><title>{it['title']}</title><link>{it['link']}</link>
<guid>{it['link']}</guid><pubDate>{it.get('date', 'Thu, 02 Apr 2026 08:00:00 GMT')}</pubDate>
<description>{it.get('summary', 'A short teaser.')}</description>{content}</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>{title}</title><link>https://courier.example/</link>
<description>News</description>
{''.join(out)}
</channel></rss>"""


def atom_feed(entries: list[dict[str, str]], title: str = "Ambry Gazette") -> str:
    out = []
    for e in entries:
        content = (f'<content type="html"><![CDATA[{e["content"]}]]></content>'
                   if e.get("content") else "")
        out.append(f"""<entry><title>{e['title']}</title><link href="{e['link']}"/>
<id>{e['link']}</id><updated>{e.get('date', '2026-04-03T09:00:00Z')}</updated>
<summary>{e.get('summary', 'Teaser.')}</summary>{content}</entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>
<id>urn:ambry</id><updated>2026-04-03T09:00:00Z</updated>
{''.join(out)}
</feed>"""


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())


def write_warc(path: str, pages: list[tuple[str, str]], *, gz: bool = True) -> None:
    """A WARC with one HTML response record per (url, html), plus a non-HTML record."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=BytesIO(html.encode()),
                                            http_headers=headers)
            writer.write_record(rec)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")],
                                   protocol="HTTP/1.1")
        rec = writer.create_warc_record("https://courier.example/logo.png", "response",
                                        payload=BytesIO(b"\x89PNG\r\n\x1a\n0000"),
                                        http_headers=headers)
        writer.write_record(rec)


# --- one story, several articles, a surname alone (link.speakers.story_names) -----------

def story_articles() -> list[dict[str, str]]:
    """Invented articles: two stories about a dam at Corrow (the first names Foreign
    Minister Teodor Sarn in full, a later one only "Sarn"; a third names a second Sarn,
    so "Sarn" there is no one in particular) and one unrelated story with a "Sarn"."""
    dam = ("Lowmark accuses Corrow of diverting the river Esk with a secret dam",
           "Foreign Minister Teodor Sarn said on Monday that Corrow had built a secret dam "
           "on the river Esk and diverted half of its water away from Lowmark farms.\n\n"
           "The ministry said satellite images showed the dam near the border town of Vell.\n")
    denial = ("Corrow denies diverting the river Esk with a secret dam",
              "Corrow denied building a secret dam on the river Esk on Tuesday. Sarn said the "
              "satellite images of the dam near Vell were clear, and Sarn said Lowmark would "
              "take the river dispute to the regional court.\n\n"
              "Officials in Corrow said the Esk dam was an old weir repaired after floods.\n")
    both = ("Second Sarn joins river Esk dam dispute between Lowmark and Corrow",
            "Mila Sarn, an engineer in Corrow, said the Esk dam near Vell was an old weir. "
            "Sarn said the river had fallen because of a dry summer, not a secret dam.\n\n"
            "Corrow said the dispute over the Esk should be settled by engineers.\n")
    other = ("Harbour cranes in Pellow stand idle as dockers strike over pay",
             "Sarn said on Thursday that the harbour cranes in Pellow would stay idle until "
             "the dock company raised wages for the night shifts.\n\n"
             "The dock company said talks with the union would resume next week.\n")
    rows = []
    for i, (title, text) in enumerate((dam, denial, both, other), start=1):
        rows.append({"id": f"story-{i}", "title": title, "text": text,
                     "outlet": f"Outlet {i}", "published": f"2026-05-0{i}"})
    return rows
