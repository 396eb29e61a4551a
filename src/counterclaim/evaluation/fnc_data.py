"""FNC-1-style stance data: headline–body pairs, bodies, the split by claim, and a
cache of the bodies' analyses.

Two file shapes are read:

* JSON Lines (``fnc1-claims-dev``): pairs ``{"headline", "body_id", "stance"}`` and
  articles ``{"id", "text", "cluster"?}``;
* CSV (FNC-1 and ``ukp-arc-stance``): pairs ``Headline,Body ID,Stance`` and bodies
  ``Body ID,articleBody``.

Analysing a few thousand bodies takes minutes, so :func:`analyse_bodies` keeps the
analyses in the runner's cache of readings (:class:`counterclaim.runner.ReadingCache`,
keyed by the body's id and text and the versions its reading depends on); a rerun
reads them back.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import Analysis
from ..sources.jsonl import json_objects

LABELS = ("agree", "disagree", "discuss", "unrelated")


@dataclass(frozen=True, slots=True)
class Pair:
    """One headline (the claim) and one body, with its gold stance."""

    headline: str
    body_id: str
    stance: str


def _csv_rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_pairs(path: str | Path) -> list[Pair]:
    """Pairs from a JSON Lines or CSV file (see the module docstring)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    out: list[Pair] = []
    if path.suffix == ".csv":
        for n, row in enumerate(_csv_rows(path), 2):
            try:
                out.append(Pair(row["Headline"], str(row["Body ID"]), row["Stance"]))
            except KeyError as exc:
                raise InputError(f"{path}:{n}: missing column {exc}") from exc
    else:
        for n, obj in json_objects(path):
            try:
                out.append(Pair(str(obj["headline"]), str(obj["body_id"]), str(obj["stance"])))
            except KeyError as exc:
                raise InputError(f"{path}:{n}: missing field {exc}") from exc
    for p in out:
        if p.stance not in LABELS:
            raise InputError(f"{path}: unknown stance {p.stance!r} (expected one of "
                             f"{', '.join(LABELS)})")
    return out


def load_bodies(path: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """``({body id: text}, {body id: cluster})`` from JSON Lines or CSV; the clusters
    are empty when the file has none."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    texts: dict[str, str] = {}
    clusters: dict[str, str] = {}
    if path.suffix == ".csv":
        for n, row in enumerate(_csv_rows(path), 2):
            if "Body ID" not in row or "articleBody" not in row:
                raise InputError(f"{path}:{n}: expected the columns Body ID, articleBody")
            texts[str(row["Body ID"])] = row["articleBody"]
        return texts, clusters
    for n, obj in json_objects(path):
        if "id" not in obj or not isinstance(obj.get("text"), str):
            raise InputError(f"{path}:{n}: expected {{'id', 'text'}}")
        texts[str(obj["id"])] = obj["text"]
        if obj.get("cluster"):
            clusters[str(obj["id"])] = str(obj["cluster"])
    return texts, clusters


def default_bodies(pairs_path: str | Path) -> Path:
    """The bodies file beside a pairs file: ``articles.jsonl`` beside ``pairs.jsonl``,
    ``*_bodies.csv`` beside ``*_stances_*.csv``."""
    p = Path(pairs_path)
    if p.suffix == ".csv":
        prefix = p.name.split("_stances")[0]
        return p.with_name(f"{prefix}_bodies.csv")
    return p.with_name("articles.jsonl")


def heldout_clusters(clusters: Iterable[str], fraction: float = 0.2) -> frozenset[str]:
    """A fixed ``fraction`` of the clusters, chosen by a hash of their names (so every
    run and the training script hold out the same claims)."""
    names = sorted(set(clusters), key=lambda c: hashlib.sha1(c.encode()).hexdigest())
    return frozenset(names[: round(len(names) * fraction)])


def fold_of(cluster: str, folds: int) -> int:
    """The cross-validation fold of a cluster (by hash)."""
    return int(hashlib.sha1(f"fold:{cluster}".encode()).hexdigest(), 16) % folds


def headline_clusters(pairs: Iterable[Pair], clusters: Mapping[str, str]) -> dict[str, str]:
    """The cluster of each headline: that of the bodies it is related to."""
    out: dict[str, str] = {}
    for p in pairs:
        if p.stance != "unrelated" and p.body_id in clusters:
            out.setdefault(p.headline, clusters[p.body_id])
    return out


def analyse_bodies(texts: Mapping[str, str], *, cache: str | Path | None = None, jobs: int = 1,
                   progress: Callable[[int, int], None] | None = None) -> dict[str, Analysis]:
    """The analysis of every body, read from ``cache`` (a
    :class:`~counterclaim.runner.ReadingCache` file) where it holds one and appended to
    it otherwise. A body whose analysis fails is left out."""
    from ..runner import ReadingCache, run_stream

    def analyse(batch):  # the runner's pool over the bodies the cache does not hold
        return run_stream(batch, jobs=jobs)

    todo = [(bid, {"text": text, "id": bid}) for bid, text in texts.items()]
    results = ReadingCache(cache).stream(todo, analyse) if cache else analyse(todo)
    out: dict[str, Analysis] = {}
    for n, (bid, result) in enumerate(results, 1):
        if isinstance(result, Analysis):
            out[bid] = result
        if progress:
            progress(n, len(todo))
    return out
