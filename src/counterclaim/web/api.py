"""The JSON API under /api: the Store's queries over HTTP, paginated, plus /api/analyze."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request

from ..corpus import export
from ..store import Store
from .indexes import query_filters
from .reading import run_analysis
from .views import lookup

router = APIRouter(prefix="/api", tags=["corpus"])

Limit = Annotated[int, Query(ge=0, le=1000, description="At most this many rows (≤ 1000).")]
Offset = Annotated[int, Query(ge=0, description="Skip this many rows first.")]
Side = Annotated[str | None, Query(pattern="^(asserting|denying|hedging|other)$")]


def _store(request: Request) -> Store:
    return request.app.state.store


@router.get("/stats", summary="Corpus counts")
def stats(request: Request) -> dict[str, Any]:
    return _store(request).stats()


@router.get("/disputes", summary="Disputes, most recently active first (or by size)")
def disputes(request: Request, search: str | None = None, limit: Limit = 50,
             offset: Offset = 0,
             order: Annotated[str, Query(pattern="^(activity|size)$")] = "activity"
             ) -> dict[str, Any]:
    store = _store(request)
    if search or order == "size":
        rows = store.disputes(search=search, limit=limit, offset=offset)
    else:
        rows = store.disputes_by_activity(limit=limit, offset=offset)
    return {"limit": limit, "offset": offset, "items": rows}


@router.get("/disputes/{dispute_id}", summary="One dispute: sides, appearances, timeline")
def dispute(request: Request, dispute_id: str) -> dict[str, Any]:
    """The dispute as `Store.dispute` gives it (its lists hold at most the first 1000
    statements); `/summary` and `/statements` cover every statement."""
    return _store(request).dispute(lookup(_store(request), dispute_id, "dispute"))


@router.get("/disputes/{dispute_id}/summary",
            summary="Per-side speakers, outlets, evidence and per-date counts of a dispute")
def dispute_summary(request: Request, dispute_id: str) -> dict[str, Any]:
    store, pid = _store(request), lookup(_store(request), dispute_id, "dispute")
    store.dispute(pid)  # 404 unless it is a dispute
    return store.dispute_summary(pid)


@router.get("/disputes/{dispute_id}/statements", summary="A dispute's statements, paginated")
def dispute_statements(request: Request, dispute_id: str, side: Side = None,
                       limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    store, pid = _store(request), lookup(_store(request), dispute_id, "dispute")
    store.dispute(pid)
    rows = store.statements(proposition_id=pid, side=side, limit=limit, offset=offset)
    return {"limit": limit, "offset": offset, "items": rows}


@router.get("/disputes/{dispute_id}/claimreview", summary="A dispute as ClaimReview JSON-LD")
def claimreview(request: Request, dispute_id: str) -> dict[str, Any]:
    return export.claimreview(_store(request), lookup(_store(request), dispute_id, "dispute"))


@router.get("/articles", summary="Articles, newest first (without their text)")
def articles(request: Request, limit: Limit = 50, offset: Offset = 0,
             outlet: str | None = None, include_copies: bool = True) -> dict[str, Any]:
    rows = _store(request).articles(limit=limit, offset=offset, outlet=outlet,
                                    include_copies=include_copies)
    return {"limit": limit, "offset": offset, "items": rows}


@router.get("/articles/{article_id}", summary="One article: text, statements, copies")
def article(request: Request, article_id: str) -> dict[str, Any]:
    return _store(request).article(lookup(_store(request), article_id, "article"))


@router.get("/statements", summary="Statements, filtered and paginated")
def statements(request: Request, limit: Limit = 50, offset: Offset = 0,
               article_id: int | None = None, speaker_id: int | None = None,
               proposition_id: int | None = None, side: Side = None,
               stance: Annotated[str | None, Query(
                   pattern="^(assert|deny|hedge|question|criticize)$")] = None
               ) -> dict[str, Any]:
    rows = _store(request).statements(limit=limit, offset=offset, article_id=article_id,
                                      speaker_id=speaker_id, proposition_id=proposition_id,
                                      side=side, stance=stance)
    return {"limit": limit, "offset": offset, "items": rows}


@router.get("/speakers", summary="Speakers, most statements first")
def speakers(request: Request, search: str | None = None, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    rows = _store(request).speakers(search=search, limit=limit, offset=offset)
    return {"limit": limit, "offset": offset, "items": rows}


@router.get("/speakers/{name:path}", summary="One speaker by name, mention or id")
def speaker(request: Request, name: str) -> dict[str, Any]:
    return _store(request).speaker(name)


@router.get("/search", summary="Full-text search over statements and articles")
def search(request: Request, q: Annotated[str, Query(max_length=500)], limit: Annotated[
        int, Query(ge=0, le=1000)] = 20, offset: Offset = 0) -> dict[str, Any]:
    """FTS5 syntax (words, "phrases", OR, NOT, prefix*); a query it cannot parse is read
    as plain words (`interpreted_as`); an empty one is a 400. The filters of
    `/api/browse` (`since`, `until`, `outlet`, `speaker`, `stance`, …) apply too."""
    res = _store(request).search(q, limit=limit, offset=offset,
                                 filters=query_filters(request))
    return {"limit": limit, "offset": offset, **res}


@router.get("/failures", summary="Inputs that failed to ingest")
def failures(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return {"limit": limit, "offset": offset,
            "items": _store(request).failures(limit=limit, offset=offset)}


@router.post("/analyze", summary="Read one text (nothing stored unless allowed and asked)")
def analyze(request: Request, text: Annotated[str, Body(embed=True, max_length=200_000)],
            title: Annotated[str | None, Body(embed=True, max_length=500)] = None,
            outlet: Annotated[str | None, Body(embed=True, max_length=200)] = None,
            store: Annotated[bool, Body(embed=True)] = False) -> dict[str, Any]:
    """Body: `{"text": ..., "title": ..., "outlet": ..., "store": false}`; bodies over
    200 KB get a 413. `store: true` needs a server started with `--allow-writes`
    (else 403); the answer then carries `stored: {status, article_id}`."""
    if store and not request.app.state.allow_writes:
        raise HTTPException(403, "this server is read-only; start it with --allow-writes "
                                 "to store texts")
    analysis, stored = run_analysis(request, text, title=title, outlet=outlet, store=store)
    return {**analysis.to_dict(), "stored": stored}
