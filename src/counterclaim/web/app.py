"""The FastAPI app: JSON API under /api, server-rendered pages, offline API docs.

``create_app(db_path, allow_writes=False)`` opens the corpus (read-only unless writes
are allowed) and returns the app; ``counterclaim serve`` runs it with uvicorn.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import CounterclaimError, InputError, NotFoundError, QueryError, StoreError
from ..store import Store
from ..version import __version__
from . import api, check, docs, indexes, pages
from .cache import ResponseCache
from .security import Guard, new_secret
from .templating import HERE, error_page, templates, wants_json

MAX_ANALYZE_BYTES = 200_000
ANALYZE_PATHS = ("/analyze", "/api/analyze")


class BodyLimit:
    """413 for a request body over ``limit`` bytes on ``paths`` (by Content-Length, or
    counted while reading a chunked body) before any of it reaches the app."""

    def __init__(self, app: ASGIApp, limit: int, paths: tuple[str, ...]) -> None:
        self.app, self.limit, self.paths = app, limit, paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = False
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = True
        body: list[Message] = []
        if not too_big:
            size = 0
            while True:  # read the whole (bounded) body, then replay it
                msg = await receive()
                body.append(msg)
                if msg["type"] != "http.request":
                    break
                size += len(msg.get("body", b""))
                if size > self.limit:
                    too_big = True
                    break
                if not msg.get("more_body"):
                    break
        if too_big:
            api = scope["path"].startswith("/api/")
            resp = _too_big(api, self.limit)
            await resp(scope, receive, send)
            return

        async def replay() -> Message:
            return body.pop(0) if body else await receive()

        await self.app(scope, replay, send)


def _too_big(api: bool, limit: int) -> Response:
    msg = f"the text is over {limit // 1000} KB; paste a shorter article"
    if api:
        resp: Response = JSONResponse({"detail": msg}, status_code=413)
    else:
        page = templates.env.get_template("error.html").render(
            status=413, title="Too large", message=msg + ".", version=__version__)
        resp = HTMLResponse(page, status_code=413)
    return resp


# Threads that run the (synchronous) routes at once, per server process. The work is
# Python, so more threads only share one GIL more thinly — and starve the event loop,
# which answers cached pages, parses requests and sends answers. Fewer threads: the
# misses queue (holding no GIL) while the loop stays quick.
ROUTE_THREADS = 4


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = ROUTE_THREADS
    yield


class _App(FastAPI):
    """FastAPI with :class:`~counterclaim.web.security.Guard` around everything,
    Starlette's own error handling included (so a crash's 500 gets the headers too)."""

    guard_options: dict[str, Any]

    def build_middleware_stack(self) -> ASGIApp:
        return Guard(super().build_middleware_stack(), **self.guard_options)


def create_app(db_path: str | Path, allow_writes: bool = False,
               allowed_hosts: Iterable[str] | None = None, cache: bool = True,
               csrf_secret: bytes | None = None) -> FastAPI:
    """The app over the corpus at ``db_path`` (read-only unless ``allow_writes``).

    ``allowed_hosts``: the Host names it answers (e.g. ``security.LOCAL_HOSTS``, what
    ``counterclaim serve`` allows by default); None answers any (an app embedded
    behind another server, or tests). ``cache``: keep GET answers until the database
    changes (:mod:`counterclaim.web.cache`). ``csrf_secret``: the key of the forms'
    tokens (one for all the worker processes of one server; else a fresh one)."""
    store = Store(db_path, create=False, readonly=not allow_writes)
    app = _App(
        lifespan=_lifespan,
        title="counterclaim", version=__version__, docs_url=None, redoc_url=None,
        description="Attributed statements and disputes across a news corpus. Every list "
                    "is paginated with `limit` (at most 1000) and `offset`.")
    app.state.store = store
    app.state.allow_writes = allow_writes
    app.state.db_path = str(db_path)
    app.state.csrf_secret = (csrf_secret or new_secret()) if allow_writes else None
    app.guard_options = {"allowed_hosts": allowed_hosts, "csrf_secret": app.state.csrf_secret}

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return error_page(request, 500, "Error", "Something went wrong on the server; the "
                                                 "error is in its log.")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return error_page(request, 500, "Database error", exc.message)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return error_page(request, 404, "Not found", exc.message)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return error_page(request, 400, "Bad query", exc.message)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_page(request, 400, "Cannot read this text", exc.message)

    @app.exception_handler(CounterclaimError)
    async def other_error(request: Request, exc: CounterclaimError) -> Response:
        return error_page(request, 500, "Error", exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {404: "Not found", 405: "Method not allowed", 403: "Not allowed",
                  413: "Too large"}
        message = str(exc.detail) if exc.status_code != 404 else "There is no page here."
        resp = error_page(request, exc.status_code, titles.get(exc.status_code, "Error"),
                          message)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.errors()}, status_code=422)
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) or "request"
                           for e in exc.errors())
        return error_page(request, 400, "Bad request", f"invalid value for {fields}")

    app.include_router(api.router)
    app.include_router(indexes.api_router)
    app.include_router(indexes.router)
    app.include_router(check.api_router)
    app.include_router(pages.router)
    app.include_router(check.page_router)
    docs.install(app)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    if cache:
        app.add_middleware(ResponseCache, version=store.data_version)
    app.add_middleware(BodyLimit, limit=MAX_ANALYZE_BYTES, paths=ANALYZE_PATHS)
    return app


SERVE_ENV = "COUNTERCLAIM_SERVE"


def app_from_env() -> FastAPI:
    """The app ``counterclaim serve --workers N`` starts in each worker process, from
    the options the command put in ``$COUNTERCLAIM_SERVE`` (JSON)."""
    import json
    import os

    opts = json.loads(os.environ[SERVE_ENV])
    secret = bytes.fromhex(opts["csrf_secret"]) if opts.get("csrf_secret") else None
    return create_app(opts["db"], allow_writes=opts["allow_writes"],
                      allowed_hosts=opts["allowed_hosts"], csrf_secret=secret)
