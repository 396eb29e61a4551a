"""A cache of readings for evaluations that only re-run the linking.

``counterclaim eval claims --cache FILE`` ingests ~1,700 articles; the reading
(stages 1–9, spaCy) is most of the time and does not change when only the linking
rules (``counterclaim.link``, ``linking.json``, ``stories.json``) do. The cache
keeps each article's analysis, keyed by its id, a hash of its text and the
versions its reading depends on (package, model, the reading's lexicon files:
:func:`counterclaim.pipeline.reading_versions`); a hit is re-linked with today's
rules (:func:`counterclaim.pipeline.relink`) and stored like a fresh analysis, so a
cached run gives the corpus a fresh run gives. A miss is analysed and appended.

The file is a sequence of pickles written by this process only (a torn last record
is ignored); never read a cache file from someone else.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..records import Analysis

T = TypeVar("T")
Analyse = Callable[[Iterable[tuple[T, dict[str, Any]]]], Iterator[tuple[T, Any]]]


def _reading_key(kwargs: dict[str, Any], versions: dict[str, str]) -> str:
    meta = {k: kwargs.get(k) for k in ("id", "title", "outlet", "url", "published")}
    digest = hashlib.sha1(json.dumps([kwargs.get("text", ""), meta, versions],
                                     sort_keys=True).encode("utf-8")).hexdigest()[:20]
    return f"{kwargs.get('id')}:{digest}"


class ReadingCache:
    """Analyses by reading key, read from ``path`` (missing: empty) and appended to."""

    def __init__(self, path: str | Path, versions: dict[str, str]) -> None:
        from ..pipeline import reading_versions

        self.path = Path(path)
        self.versions = reading_versions(versions)
        self.known: dict[str, Analysis] = {}
        self.hits = self.misses = 0
        if self.path.is_file():
            with self.path.open("rb") as fh:
                while True:
                    try:
                        key, analysis = pickle.load(fh)
                    except EOFError:
                        break
                    except Exception:  # noqa: BLE001 - a torn last record: keep the rest
                        break
                    self.known[key] = analysis

    def key(self, kwargs: dict[str, Any]) -> str:
        """The key of one article's reading (its analysis kwargs)."""
        return _reading_key(kwargs, self.versions)

    def stream(self, jobs_in: Iterable[tuple[T, dict[str, Any]]], analyse: Analyse
               ) -> Iterator[tuple[T, Any]]:
        """``(tag, result)`` in input order, like ``analyse`` (the runner): a hit is
        re-linked, consecutive misses go to ``analyse`` together and are cached."""
        from ..pipeline import relink

        batch: list[tuple[T, dict[str, Any]]] = []
        for tag, kwargs in jobs_in:
            hit = self.known.get(self.key(kwargs))
            if hit is None:
                batch.append((tag, kwargs))
                continue
            yield from self._analyse(batch, analyse)
            batch = []
            self.hits += 1
            yield tag, relink(hit)
        yield from self._analyse(batch, analyse)

    def _analyse(self, batch: list[tuple[T, dict[str, Any]]], analyse: Analyse
                 ) -> Iterator[tuple[T, Any]]:
        if not batch:
            return
        keys = iter([self.key(kw) for _, kw in batch])  # one result per job, in order
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("ab") as fh:
            for tag, result in analyse(batch):
                key = next(keys)
                if isinstance(result, Analysis):
                    self.misses += 1
                    self.known[key] = result
                    pickle.dump((key, result), fh)
                    fh.flush()
                yield tag, result
