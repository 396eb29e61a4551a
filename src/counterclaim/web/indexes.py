"""The index pages (/articles, /statements, /speakers, /disputes), their downloads
(/articles.csv, /articles.json, …) and the filtered /api/browse/{index} answer.

Every filter lives in the URL (``?outlet=…&since=…&sort=-date&page=2``); the CSV and
JSON links carry the same query, so they hold exactly the rows shown, read from the
store a batch at a time and streamed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from ..store import Store
from ..store.browse import FACETS, INDEXES, SORTS
from ..store.filters import EVIDENCE, SIDES, SPEAKER_KINDS, STANCES, Filters
from .templating import render
from .titles import display_title

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["corpus"])

PER_PAGE = 50
_PARAMS = ("since", "until", "outlet", "speaker", "speaker_kind", "stance", "side",
           "evidence", "hedged")
TITLES = {"articles": "Articles", "statements": "Statements", "speakers": "Speakers",
          "disputes": "Disputes"}
# index → columns: (row key, header, sort key or None)
COLUMNS: dict[str, list[tuple[str, str, str | None]]] = {
    "articles": [("date", "Date", "date"), ("title", "Title", "title"),
                 ("outlet", "Outlet", "outlet"), ("n_statements", "Statements", "statements")],
    "statements": [("date", "Date", "date"), ("speaker", "Speaker", "speaker"),
                   ("stance", "Stance", "stance"), ("side", "Side", "side"),
                   ("content", "Statement", None), ("evidence", "Evidence", "evidence"),
                   ("outlet", "Outlet", "outlet")],
    "speakers": [("name", "Speaker", "name"), ("kind", "Kind", "kind"),
                 ("n_statements", "Statements", "statements"),
                 ("n_articles", "Articles", "articles"), ("asserting", "Asserting", "asserting"),
                 ("denying", "Denying", "denying"), ("hedging", "Hedging", "hedging")],
    "disputes": [("proposition", "Claim", "proposition"),
                 ("n_statements", "Statements", "statements"),
                 ("n_articles", "Articles", "articles"), ("first_date", "First", "first"),
                 ("last_date", "Last", "last")],
}
FACET_LABELS = {"outlet": "Outlet", "side": "Side", "stance": "Stance", "evidence": "Evidence",
                "speaker_kind": "Speaker kind", "hedged": "Hedged"}
CHOICES = {"stance": STANCES, "side": SIDES, "evidence": EVIDENCE,
           "speaker_kind": SPEAKER_KINDS, "hedged": ("yes", "no")}
_DESC_FIRST = {"date", "statements", "articles", "asserting", "denying", "hedging", "last",
               "first"}
_Text = Annotated[str | None, Query(max_length=300)]
_Page = Annotated[int, Query(ge=1, le=1_000_000)]
_PerPage = Annotated[int, Query(ge=1, le=1000)]


def _filters(request: Request) -> Filters:
    return Filters.parse({k: request.query_params.get(k) for k in _PARAMS})


def query_filters(request: Request) -> Filters | None:
    """The filters in the request's query, or None when it has none."""
    f = _filters(request)
    return f if f.to_dict() else None


def _store(request: Request) -> Store:
    return request.app.state.store


def href(path: str, params: dict[str, Any]) -> str:
    """``path`` with the non-empty ``params`` as its query."""
    q = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(q) if q else "")


def cell(index: str, key: str, row: dict[str, Any]) -> dict[str, Any]:
    """What one table cell shows: its text, a link, and a class."""
    v = row.get(key)
    text = "—" if v is None or v == "" else str(v)
    link = None
    if index == "articles" and key == "title":
        text = display_title(row)
        link = f"/articles/{row.get('uid') or row['id']}"
    elif index == "statements" and key == "content":
        link = (f"/articles/{row.get('article_uid') or row['article_id']}"
                f"#statement-{row.get('ext_id') or row['id']}")
    elif index == "statements" and key == "speaker":
        link = "/speakers/" + quote(row.get("speaker_uid") or str(row["speaker_id"]))
    elif index == "speakers" and key == "name":
        link = "/speakers/" + quote(row.get("uid") or str(row["id"]))
    elif index == "disputes" and key == "proposition":
        link = f"/disputes/{row.get('uid') or row['id']}"
    elif key in ("date", "first_date", "last_date") and v is None:
        text = "undated"
    num = isinstance(v, int) and key not in ("date",)
    return {"text": text, "href": link, "num": num,
            "cls": f"side-{v}" if key == "side" else ""}


def _facet_links(res: dict[str, Any], f: Filters, path: str,
                 base: dict[str, Any]) -> list[dict[str, Any]]:
    """Each facet's values, each with the link that adds it as a filter."""
    facets = []
    for name in FACETS:
        chosen = f.to_params().get(name)
        values = [{"value": fv["value"], "count": fv["count"],
                   "chosen": str(fv["value"]) == chosen,
                   "href": href(path, {**base, name: fv["value"], "page": None})}
                  for fv in res["facets"].get(name, [])]
        if values:
            facets.append({"name": name, "label": FACET_LABELS[name], "values": values,
                           "remove": href(path, {**base, name: None}) if chosen else None})
    return facets


def _headers(index: str, sort: str, path: str, base: dict[str, Any]) -> list[dict[str, Any]]:
    """The column headers, each sortable one a link (the current one flips)."""
    headers = []
    desc = sort.startswith("-")
    for _key, label, skey in COLUMNS[index]:
        link = arrow = aria = None
        if skey:
            if sort.lstrip("-") == skey:
                flip = skey if desc else f"-{skey}"
                arrow, aria = ("▼", "descending") if desc else ("▲", "ascending")
            else:
                flip = f"-{skey}" if skey in _DESC_FIRST else skey
            link = href(path, {**base, "sort": flip})
        headers.append({"label": label, "href": link, "arrow": arrow, "aria": aria})
    return headers


def index_context(store: Store, index: str, f: Filters, sort: str | None, page: int,
                  per_page: int) -> dict[str, Any]:
    """Everything an index page shows: the rows as cells, the facets with the links
    that add (or remove) each value, sort links, the pager and the download links."""
    res = store.browse(index, f, sort=sort, limit=per_page, offset=(page - 1) * per_page)
    base = {**f.to_params(), "sort": res["sort"] if sort else None,
            "per_page": per_page if per_page != PER_PAGE else None}
    path = f"/{index}"
    active = [{"name": k, "label": FACET_LABELS.get(k, k.replace("_", " ")), "value": v,
               "remove": href(path, {**base, k: None})} for k, v in f.to_params().items()]
    last = max(1, -(-res["total"] // per_page))
    here = {**base, "page": page if page > 1 else None}
    return {
        "index": index, "title": TITLES[index], "total": res["total"],
        "rows": [[cell(index, key, r) for key, _, _ in COLUMNS[index]] for r in res["items"]],
        "headers": _headers(index, res["sort"], path, base),
        "facets": _facet_links(res, f, path, base), "active": active,
        "filters": f.to_params(), "choices": CHOICES,
        "outlets": [v["value"] for v in res["facets"].get("outlet", [])],
        "sort": res["sort"], "per_page": per_page,
        "pager": {"page": page, "last": last, "total": res["total"],
                  "prev": href(path, {**base, "page": page - 1}) if page > 1 else None,
                  "next": href(path, {**base, "page": page + 1}) if page < last else None},
        "csv": href(f"/{index}.csv", here), "json": href(f"/{index}.json", here),
        "api": href(f"/api/browse/{index}", {**f.to_params(), "sort": base["sort"],
                                              "limit": per_page,
                                              "offset": (page - 1) * per_page or None}),
    }


# --- streamed downloads --------------------------------------------------------------

def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer: csv.DictWriter | None = None
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=list(r), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(r)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def _json_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    for r in rows:
        yield json.dumps(r, ensure_ascii=False, default=str) + "\n"


def download(request: Request, index: str, fmt: str, sort: str | None, page: int,
             per_page: int) -> Response:
    """The rows of the page as CSV or JSON Lines, streamed."""
    store, f = _store(request), _filters(request)
    store.browse(index, f, sort=sort, limit=0, facets=False)  # errors before streaming
    rows = store.iter_browse(index, f, sort=sort, limit=per_page,
                             offset=(page - 1) * per_page)
    name = f"{index}-page{page}.{'csv' if fmt == 'csv' else 'jsonl'}"
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    body = _csv_lines(rows) if fmt == "csv" else _json_lines(rows)
    return StreamingResponse(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="{name}"'})


def _page_route(index: str) -> None:
    def page_view(request: Request, sort: _Text = None, page: _Page = 1,
                  per_page: _PerPage = PER_PAGE) -> Response:
        ctx = index_context(_store(request), index, _filters(request), sort, page, per_page)
        return render(request, "index.html", ctx)

    def csv_view(request: Request, sort: _Text = None, page: _Page = 1,
                 per_page: _PerPage = PER_PAGE) -> Response:
        return download(request, index, "csv", sort, page, per_page)

    def json_view(request: Request, sort: _Text = None, page: _Page = 1,
                  per_page: _PerPage = PER_PAGE) -> Response:
        return download(request, index, "json", sort, page, per_page)

    router.add_api_route(f"/{index}", page_view, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"/{index}.csv", csv_view, methods=["GET"])
    router.add_api_route(f"/{index}.json", json_view, methods=["GET"])


for _index in INDEXES:
    _page_route(_index)


@api_router.get("/browse/{index}", summary="An index (articles, statements, speakers, "
                "disputes): filtered, sorted, paginated, with facet counts")
def browse(request: Request, index: str, sort: _Text = None,
           limit: Annotated[int, Query(ge=0, le=1000)] = PER_PAGE,
           offset: Annotated[int, Query(ge=0)] = 0,
           since: _Text = None, until: _Text = None, outlet: _Text = None,
           speaker: _Text = None, speaker_kind: _Text = None, stance: _Text = None,
           side: _Text = None, evidence: _Text = None, hedged: _Text = None,
           facets: bool = True) -> dict[str, Any]:
    """`Store.browse`: `{index, items, total, limit, offset, sort, filters, facets}`.
    Filters: `since`/`until` (YYYY-MM-DD, inclusive), `outlet`, `speaker` (name or id),
    `speaker_kind`, `stance`, `side`, `evidence`, `hedged` (yes/no); `sort` is a column
    key, `-key` for descending (sort keys per index: docs/web.md)."""
    from ..errors import NotFoundError

    if index not in INDEXES:
        raise NotFoundError(f"no index {index!r}; one of {', '.join(INDEXES)}")
    return _store(request).browse(index, _filters(request), sort=sort, limit=limit,
                                  offset=offset, facets=facets)


__all__ = ["COLUMNS", "SORTS", "api_router", "router"]
