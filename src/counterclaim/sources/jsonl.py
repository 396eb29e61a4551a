"""JSON Lines: one article per line, with ``text`` or ``html``, optional ``id``, ``title``,
``url``, ``outlet``, ``published``. A bad line is a failure; the others go on."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import EmptyInputError, InputError, RecordError
from .html import html_article
from .records import MAX_ARTICLE_CHARS, META_FIELDS, ArticleInput, InputFailure, text_id
from .stages import failure


def read_jsonl(lines: Iterable[bytes], source: str) -> Iterator[ArticleInput | InputFailure]:
    """Articles of a .jsonl file's lines; ``source:line`` names each."""
    seen = False
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        seen = True
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(raw.decode("utf-8-sig").rstrip("\r\n"))
        except UnicodeDecodeError:
            yield failure(where, RecordError("is not valid UTF-8", source=source, line=lineno))
            continue
        except json.JSONDecodeError as exc:
            yield failure(where, RecordError(f"is not valid JSON: {exc.msg} (column "
                                             f"{exc.colno})", source=source, line=lineno))
            continue
        if not isinstance(obj, dict):
            yield failure(where, RecordError("is not a JSON object", source=source, line=lineno))
            continue
        meta = {k: str(obj[k]) for k in META_FIELDS if obj.get(k) not in (None, "")}
        rid = str(obj["id"]) if obj.get("id") not in (None, "") else None
        text, html = obj.get("text"), obj.get("html")
        try:
            if isinstance(text, str) and text.strip():
                if len(text) > MAX_ARTICLE_CHARS:
                    raise RecordError(f"'text' is over the {MAX_ARTICLE_CHARS:,}-character "
                                      "limit", source=source, line=lineno)
                yield ArticleInput(id=rid or text_id(text), text=text, source=where, meta=meta)
            elif isinstance(html, str) and html.strip():
                yield html_article(html, source=where, url=meta.get("url"), meta=meta, id=rid)
            else:
                raise RecordError("has no non-empty 'text' or 'html' field", source=source,
                                  line=lineno)
        except InputError as exc:
            yield failure(where, exc)
    if not seen:
        yield failure(source, EmptyInputError("is empty; give one JSON object per line",
                                              source=source))


def json_objects(path: Path) -> Iterator[tuple[int, dict]]:
    """``(line number, object)`` for each non-blank line of a JSON Lines file that is not
    articles (claims, pairs, gold labels); a line that is not a JSON object is an
    :class:`~counterclaim.errors.InputError` naming the file and the line."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: malformed JSON ({exc.msg}, column "
                                 f"{exc.colno})") from exc
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{n}: expected a JSON object")
            yield n, obj
