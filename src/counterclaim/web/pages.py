"""The HTML pages: server-rendered with Jinja2 (autoescaped), no build step, no CDN."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import InputError, QueryError
from . import indexes, views
from .reading import run_analysis
from .templating import render

router = APIRouter(include_in_schema=False)
Page = Annotated[int, Query(ge=1, le=1_000_000)]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, page: Page = 1) -> Response:
    return render(request, "home.html", views.home(request.app.state.store, page))


@router.get("/disputes/{dispute_id}", response_class=HTMLResponse)
def dispute(request: Request, dispute_id: str, p_asserting: Page = 1, p_denying: Page = 1,
            p_hedging: Page = 1, p_other: Page = 1) -> Response:
    side_pages = {"asserting": p_asserting, "denying": p_denying, "hedging": p_hedging,
                  "other": p_other}
    store = request.app.state.store
    moved = views.stable_redirect(request, store, "dispute", dispute_id)
    if moved:
        return moved
    ctx = views.dispute(store, store.find_id("dispute", dispute_id), side_pages)
    ctx["side_pages"] = side_pages
    return render(request, "dispute.html", ctx)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> Response:
    store = request.app.state.store
    moved = views.stable_redirect(request, store, "article", article_id)
    if moved:
        return moved
    aid = store.find_id("article", article_id)
    return render(request, "article.html", views.article(store, aid))


@router.get("/speakers/{name:path}", response_class=HTMLResponse)
def speaker(request: Request, name: str, page: Page = 1) -> Response:
    if not name.strip():  # /speakers/ is the index, not some speaker
        return RedirectResponse("/speakers", status_code=308)
    return render(request, "speaker.html", views.speaker(request.app.state.store, name, page))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
           page: Page = 1) -> Response:
    base: dict[str, Any] = {"q": q, "result": None, "error": None, "filters": {},
                            "choices": indexes.CHOICES, "more_q": ""}
    try:
        f = indexes.query_filters(request)
        base["filters"] = f.to_params() if f else {}
        base["more_q"] = indexes.href("", base["filters"]).lstrip("?")
        if not q.strip():
            return render(request, "search.html", base)
        ctx = views.search(request.app.state.store, q, page, f)
    except QueryError as exc:
        return render(request, "search.html", {**base, "error": exc.message}, status=400)
    return render(request, "search.html", {**base, **ctx})


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> Response:
    return render(request, "analyze.html", {"text": "", "title": "", "outlet": "",
                                            "reading": None, "stored": None, "error": None})


@router.post("/analyze", response_class=HTMLResponse)
def analyze_post(request: Request, text: Annotated[str, Form()] = "",
                 title: Annotated[str, Form(max_length=500)] = "",
                 outlet: Annotated[str, Form(max_length=200)] = "",
                 store_it: Annotated[str | None, Form()] = None) -> Response:
    ctx: dict[str, Any] = {"text": text, "title": title, "outlet": outlet, "reading": None,
                           "stored": None, "error": None}
    want_store = store_it is not None
    if want_store and not request.app.state.allow_writes:
        ctx["error"] = ("This server is read-only: nothing was stored. Start it with "
                        "--allow-writes to store texts.")
        return render(request, "analyze.html", ctx, status=403)
    try:
        analysis, stored = run_analysis(request, text, title=title or None,
                                        outlet=outlet or None, store=want_store)
    except InputError as exc:
        ctx["error"] = exc.message
        return render(request, "analyze.html", ctx, status=400)
    ctx.update(reading=views.reading(analysis), stored=stored)
    return render(request, "analyze.html", ctx)
