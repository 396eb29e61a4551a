"""What each page shows, as plain dicts built from the Store's public methods.

Kept apart from the routes so the JSON API and the HTML pages read the same data.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi.responses import RedirectResponse, Response

from ..errors import NotFoundError
from ..store import Store
from . import chart, highlight

SIDES = ("asserting", "denying", "hedging", "other")
DISPUTE_PAGE = 50      # statements per side per page on /disputes/{id}
HOME_PAGE = 25         # disputes per page on /
SPEAKER_PAGE = 100     # statements per page on /speakers/{name}
SEARCH_PAGE = 20       # statements and articles per page on /search
APPEARANCES_SHOWN = 100


def parse_id(value: str, what: str) -> int:
    """A numeric id from a URL; anything else is an unknown id (404), not a bad request."""
    v = value.strip()
    if not v.isdigit() or len(v) > 18:
        raise NotFoundError(f"no {what} with id {value!r}; {what} ids are numbers")
    return int(v)


def stable_redirect(request: Any, store: Store, kind: str, value: str) -> Response | None:
    """For an old numeric URL (``/articles/7``), a permanent redirect to the same page
    under the row's stable id (``/articles/a1b2c3d4e5f6``), its query kept; else None."""
    v = value.strip()
    if not v.isdigit() or len(v) > 18:
        return None
    uid = store.uid_of(kind, int(v))
    if not uid:
        return None
    base = {"article": "/articles/", "dispute": "/disputes/"}[kind]
    query = request.url.query
    return RedirectResponse(base + quote(uid) + (f"?{query}" if query else ""), status_code=308)


def lookup(store: Store, value: str, what: str) -> int:
    """The row id of ``what`` given by row id or stable id (404 when unknown)."""
    return store.find_id(what, value)


def pages(total: int, per_page: int, page: int) -> dict[str, int]:
    """Page numbers for a pager (``page`` is 1-based)."""
    last = max(1, math.ceil(total / per_page)) if per_page else 1
    return {"page": page, "last": last, "total": total, "per_page": per_page}


def speaker_href(name: str | None) -> str:
    return "/speakers/" + quote(name or "", safe="")


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link (never ``javascript:`` or ``data:``)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


# --- home ---------------------------------------------------------------------------

def home(store: Store, page: int) -> dict[str, Any]:
    stats = store.stats()
    offset = (page - 1) * HOME_PAGE
    disputes = store.disputes_by_activity(limit=HOME_PAGE, offset=offset)
    overview = store.overview() if page == 1 else None
    return {"stats": stats, "disputes": disputes,
            "pager": pages(int(stats.get("disputes") or 0), HOME_PAGE, page),
            "overview": overview,
            "chart": chart.timeline_svg(overview["per_day"]) if overview else None,
            "articles": overview["latest"] if overview else []}


# --- a dispute ----------------------------------------------------------------------

def dispute(store: Store, pid: int, side_pages: dict[str, int],
            per_page: int = DISPUTE_PAGE) -> dict[str, Any]:
    """The dispute's head, per side its speakers, outlets, evidence and one page of
    statements, the timeline chart and its appearances."""
    d = store.dispute(pid)
    summary = store.dispute_summary(pid)
    sides: dict[str, Any] = {}
    for side in SIDES:
        speakers = [s for s in summary["speakers"] if s["side"] == side]
        total = sum(s["statements"] for s in speakers)
        if not total and side == "other":
            continue
        page = max(1, side_pages.get(side, 1))
        stmts = store.statements(proposition_id=pid, side=side, limit=per_page,
                                 offset=(page - 1) * per_page) if total else []
        sides[side] = {
            "total": total, "speakers": speakers,
            "outlets": [o for o in summary["outlets"] if o["side"] == side],
            "evidence": [e for e in summary["evidence"] if e["side"] == side],
            "statements": stmts, "pager": pages(total, per_page, page),
        }
    appearances = d["appearances"]
    return {"dispute": d, "sides": sides, "timeline": summary["timeline"],
            "chart": chart.timeline_svg(summary["timeline"]),
            "chart_table": chart.timeline_rows(summary["timeline"]),
            "appearances": appearances[:APPEARANCES_SHOWN],
            "more_appearances": max(0, len(appearances) - APPEARANCES_SHOWN)}


# --- an article ---------------------------------------------------------------------

def article(store: Store, aid: int) -> dict[str, Any]:
    a = store.article(aid)
    marks = highlight.stored_marks(a, store.speaker_offsets(aid))
    # Show the body: the headline line is the page title and a trailing "Source:" line
    # the outlet (statements never lie outside it; marks that would are dropped).
    text = a["text"] or ""
    b0 = a.get("body_start") or 0
    b1 = a.get("body_end") if a.get("body_end") is not None else len(text)
    if not 0 <= b0 <= b1 <= len(text):
        b0, b1 = 0, len(text)
    body = text[b0:b1].strip("\n")
    lead = b0 + (len(text[b0:b1]) - len(text[b0:b1].lstrip("\n")))
    marks = [highlight.Mark(m.start - lead, m.end - lead, m.role, m.statement, m.stance)
             for m in marks]
    original = None
    if a.get("syndicated_of"):
        original = store.article(a["syndicated_of"])
        original = {k: original.get(k) for k in ("id", "title", "outlet", "date")}
    return {"article": a, "html": highlight.render(body, marks),
            "details": highlight.stored_details(a["statements"]),
            "url": safe_url(a.get("url")), "original": original}


# --- a speaker ----------------------------------------------------------------------

def speaker(store: Store, name: str, page: int) -> dict[str, Any]:
    """The speaker, and one page of their statements grouped by proposition, then side."""
    sp = store.speaker(name)
    total = sum(len(sp[k]) for k in ("asserted", "denied", "hedged", "other"))
    stmts = store.statements(speaker_id=sp["id"], limit=SPEAKER_PAGE,
                             offset=(page - 1) * SPEAKER_PAGE)
    disputes = set(sp["disputes"])
    groups: dict[Any, dict[str, Any]] = {}
    for st in stmts:
        key = st["proposition_id"] if st["proposition_id"] is not None else f"s{st['id']}"
        g = groups.setdefault(key, {"proposition_id": st["proposition_id"],
                                    "dispute": st["proposition_id"] in disputes,
                                    "label": None, "sides": {s: [] for s in SIDES}, "n": 0})
        g["sides"][st["side"] if st["side"] in SIDES else "other"].append(st)
        g["n"] += 1
    texts = store.proposition_texts([g["proposition_id"] for g in groups.values()
                                     if g["dispute"]])
    for g in groups.values():
        if g["dispute"]:  # the dispute's own wording of the claim
            g["label"] = texts.get(g["proposition_id"])
        elif g["n"] > 1:
            first = g["sides"]["asserting"] or next(v for v in g["sides"].values() if v)
            g["label"] = first[0]["content"]["text"]
    ordered = sorted(groups.values(), key=lambda g: (not g["dispute"], -g["n"]))
    counts = {"asserting": len(sp["asserted"]), "denying": len(sp["denied"]),
              "hedging": len(sp["hedged"]), "other": len(sp["other"])}
    return {"speaker": sp, "groups": ordered, "counts": counts,
            "pager": pages(total, SPEAKER_PAGE, page)}


# --- search -------------------------------------------------------------------------

def search(store: Store, q: str, page: int, filters: Any = None) -> dict[str, Any]:
    res = store.search(q, limit=SEARCH_PAGE, offset=(page - 1) * SEARCH_PAGE,
                       filters=filters)
    for a in res["articles"]:
        a["snippet_html"] = highlight.snippet(a.get("snippet"))
    more = len(res["statements"]) == SEARCH_PAGE or len(res["articles"]) == SEARCH_PAGE
    return {"result": res, "page": page, "more": more}


# --- a fresh reading (/analyze) -------------------------------------------------------

def reading(analysis: Any) -> dict[str, Any]:
    marks = highlight.analysis_marks(analysis)
    return {"analysis": analysis, "html": highlight.render(analysis.article.text, marks),
            "details": highlight.analysis_details(analysis),
            "disputes": [d.to_dict() for d in analysis.disputes]}

