"""/docs without a network: Swagger UI from the ``fastapi-offline`` package's copy of
its assets (no CDN), started by a script of ours (no inline script, so the page runs
under the same Content-Security-Policy as the rest). Without that package /docs is a
plain page of ours listing the API's operations from the OpenAPI document."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from markupsafe import escape


def swagger_assets() -> Path | None:
    """The folder holding swagger-ui-bundle.js and swagger-ui.css, if installed."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "static"
    ok = (folder / "swagger-ui-bundle.js").is_file() and (folder / "swagger-ui.css").is_file()
    return folder if ok else None


def install(app: FastAPI) -> None:
    assets = swagger_assets()
    if assets is not None:
        app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs_page(request: Request) -> HTMLResponse:
        if assets is not None:
            return HTMLResponse(
                "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                "<title>counterclaim API</title>"
                "<link rel='stylesheet' href='/docs-assets/swagger-ui.css'>"
                "<link rel='icon' href='/static/favicon.svg'></head><body>"
                "<div id='swagger-ui'></div>"
                "<script src='/docs-assets/swagger-ui-bundle.js'></script>"
                "<script src='/static/docs.js'></script></body></html>")
        rows = []
        for path, ops in sorted(app.openapi().get("paths", {}).items()):
            for method, op in ops.items():
                rows.append(f"<tr><td><code>{escape(method.upper())}</code></td>"
                            f"<td><code>{escape(path)}</code></td>"
                            f"<td>{escape(op.get('summary', ''))}</td></tr>")
        return HTMLResponse(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>counterclaim API</title><link rel='stylesheet' href='/static/style.css'>"
            "</head><body><main class='page'><h1>counterclaim API</h1>"
            "<p>The full description is the <a href='/openapi.json'>OpenAPI document</a>."
            "</p><table class='plain'><tr><th>method</th><th>path</th><th>what</th></tr>"
            + "".join(rows) + "</table></main></body></html>")
