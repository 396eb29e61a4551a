"""The claim check on the web: ``/api/check?claim=`` (JSON) and ``/check`` (a claim box,
the articles that support, deny or only report the claim, as columns)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..corpus.check import check_claim
from ..errors import QueryError
from .templating import render

api_router = APIRouter(prefix="/api", tags=["corpus"])
page_router = APIRouter(include_in_schema=False)

Claim = Annotated[str, Query(max_length=500, description="The claim, one sentence.")]
CheckLimit = Annotated[int, Query(ge=1, le=200, description="At most this many articles.")]
COLUMNS = (("supports", "Supports it"), ("denies", "Denies it"),
           ("discusses", "Reports it, no side"))


@api_router.get("/check", summary="A claim checked against the corpus: who supports, denies "
                                  "or only reports it")
def api_check(request: Request, claim: Claim, limit: CheckLimit = 20) -> dict[str, Any]:
    """The related articles, each with its stance, score, deciding statements and why."""
    return check_claim(claim, request.app.state.store, limit=limit).to_dict()


def shared_words(why: dict[str, Any]) -> list[str]:
    """The shared words to show: the terms, and the entities no term already spells."""
    terms = list(why.get("shared_terms", []))
    return terms + [e for e in why.get("shared_entities", [])
                    if not any(t.startswith(e.replace(" ", "")) for t in terms)]


def _columns(res: Any) -> list[dict[str, Any]]:
    groups = res.by_stance()
    cols = []
    for key, title in COLUMNS:
        rows = [{**r, "shared": shared_words(r["why"])} for r in groups.get(key, [])]
        outlets = sorted({r["outlet"] for r in rows if r["outlet"]})
        speakers = sorted({st["speaker"] for r in rows for st in r["statements"][:1]})
        cols.append({"key": key, "title": title, "rows": rows, "outlets": outlets,
                     "speakers": speakers})
    return cols


@page_router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, claim: Claim = "", limit: CheckLimit = 30) -> Response:
    """The claim box and, for a claim, the articles as columns by stance."""
    ctx: dict[str, Any] = {"claim": claim, "result": None, "columns": [], "error": None}
    if not claim.strip():
        return render(request, "check.html", ctx)
    try:
        res = check_claim(claim, request.app.state.store, limit=limit)
    except QueryError as exc:
        return render(request, "check.html", {**ctx, "error": exc.message}, status=400)
    return render(request, "check.html", {**ctx, "result": res, "columns": _columns(res)})
