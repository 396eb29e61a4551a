"""Reading a pasted text for /analyze and /api/analyze (stored only when allowed and asked)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import HTTPException, Request

from ..errors import InputError
from ..records import Analysis


def run_analysis(request: Request, text: str, *, title: str | None, outlet: str | None,
                 store: bool) -> tuple[Analysis, dict[str, Any] | None]:
    """Read ``text`` (one at a time: the spaCy pipeline is shared); store it only when
    the server allows writes and the user asked."""
    from ..pipeline import get_analyzer

    if not text.strip():
        raise InputError("there is no text to read; paste an article")
    with request.app.state.analyze_lock:
        analysis = get_analyzer().analyze(text, id=f"web-{uuid.uuid4().hex[:12]}",
                                          title=title, outlet=outlet)
        stored = None
        if store:
            if not request.app.state.allow_writes:
                raise HTTPException(403, "this server is read-only")
            res = request.app.state.store.add(analysis, source="web:analyze")
            stored = {"status": res.status, "article_id": res.article_id}
    return analysis, stored
