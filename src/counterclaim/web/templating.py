"""The Jinja2 templates (autoescaped) and the page helpers every route module uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from ..version import __version__
from . import titles, views
from .security import csrf_input

HERE = Path(__file__).parent

templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(speaker_href=views.speaker_href, version=__version__,
                             SIDES=views.SIDES, csrf_input=csrf_input,
                             display_title=titles.display_title,
                             source_name=titles.source_name)


def render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    ctx = {"allow_writes": request.app.state.allow_writes, **ctx}
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return templates.TemplateResponse(request, "error.html", {
        "status": status, "title": title, "message": message,
        "allow_writes": getattr(request.app.state, "allow_writes", False)}, status_code=status)
