"""Lossless, JSON-safe round trip of :class:`~counterclaim.records.Analysis`.

``Analysis.to_dict()`` is the public output shape and drops a few fields (e.g.
``Statement.sentence``); a Spark output that ``counterclaim load`` brings back
into the corpus must rebuild the very same records. :func:`to_plain` walks the
frozen dataclasses generically (so fields the extractor adds later travel too)
and :func:`analysis_from_plain` rebuilds them from their type hints.

Pure Python: no pyspark import.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any

from ..records import Analysis


def to_plain(obj: Any) -> Any:
    """Dataclasses → dicts, tuples → lists; other values unchanged."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is type(None):
                continue
            return _build(arg, value)
        return value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in value)
        return tuple(_build(a, v) for a, v in zip(args, value, strict=False))
    if origin is dict:
        return dict(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {f.name: _build(hints[f.name], value[f.name])
                  for f in dataclasses.fields(tp) if f.name in value}
        return tp(**kwargs)
    return value


def analysis_from_plain(data: dict[str, Any]) -> Analysis:
    """Rebuild an :class:`Analysis` from :func:`to_plain` output."""
    return _build(Analysis, data)


def dumps_analysis(analysis: Analysis, *, drop_text: bool = True) -> str:
    """Compact JSON of the analysis; the article text is left out by default (the
    ``articles`` table holds it in its own column)."""
    plain = to_plain(analysis)
    if drop_text:
        plain["article"]["text"] = None
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def loads_analysis(blob: str, text: str | None = None) -> Analysis:
    """Inverse of :func:`dumps_analysis`; give ``text`` when it was dropped."""
    plain = json.loads(blob)
    if text is not None:
        plain["article"]["text"] = text
    return analysis_from_plain(plain)
