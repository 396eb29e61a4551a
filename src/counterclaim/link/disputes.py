"""Disputes: a proposition asserted by some speakers and denied by others.

The rule, the same in one article, in the corpus store and on Spark:

* each speaker takes **one side** on a proposition, the strongest of their
  statements' sides: a denial outweighs a hedge, a hedge an assertion
  (:func:`merge_side`; statements on the ``other`` side take none);
* a proposition is a **dispute** when at least one speaker is asserting and at
  least one (so another) is denying (:func:`is_dispute`).

:func:`speaker_sides` folds statements into the per-speaker sides; the store keeps
those sides in a table and folds each new statement into it with
:func:`merge_side` (the fold is monotone, so the order statements arrive in does
not matter). :func:`side_summary` gives each side's counts, outlets, dates and
evidence for a dispute's page.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from .sides import SIDES

_RANK = {"asserting": 1, "hedging": 2, "denying": 3}


def merge_side(current: str | None, new: str | None) -> str | None:
    """A speaker's side after one more statement: the stronger of the two (deny >
    hedge > assert); ``other`` and None take no side."""
    if new not in _RANK:
        return current
    if current not in _RANK:
        return new
    return new if _RANK[new] > _RANK[current] else current  # type: ignore[index]


def speaker_sides(statements: Iterable[tuple[Hashable, str]]) -> dict[Hashable, str]:
    """``(speaker, side)`` pairs → each speaker's one side, in first-seen order."""
    out: dict[Hashable, str] = {}
    for speaker, side in statements:
        merged = merge_side(out.get(speaker), side)
        if merged is not None:
            out[speaker] = merged
    return out


def side_counts(sides: Mapping[Any, str]) -> dict[str, int]:
    """How many speakers are on each side."""
    counts = dict.fromkeys(SIDES, 0)
    for side in sides.values():
        if side in counts:
            counts[side] += 1
    return counts


def is_dispute(counts: Mapping[str, int]) -> bool:
    """The dispute rule over per-side speaker counts (:func:`side_counts`)."""
    return counts.get("asserting", 0) > 0 and counts.get("denying", 0) > 0


def by_side(sides: Mapping[Hashable, str]) -> dict[str, list[Hashable]]:
    """Speakers listed under their one side, in first-seen order."""
    out: dict[str, list[Hashable]] = {s: [] for s in SIDES}
    for speaker, side in sides.items():
        out[side].append(speaker)
    return out


def side_summary(statements: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per statement side (asserting, denying, hedging, other): the number of
    statements, outlets and dates (syndicated copies' included) and evidence counts.
    Each statement is a mapping with ``side``, ``outlet``, ``date``, ``evidence`` and
    optionally ``copy_outlets`` and ``copy_dates``."""
    out: dict[str, dict[str, Any]] = {}
    for s in statements:
        v = out.setdefault(s["side"], {"n_statements": 0, "outlets": set(), "dates": set(),
                                       "evidence": {}})
        v["n_statements"] += 1
        v["outlets"] |= {o for o in [s.get("outlet"), *s.get("copy_outlets", ())] if o}
        v["dates"] |= {d for d in [s.get("date"), *s.get("copy_dates", ())] if d}
        ev = s.get("evidence") or "none"
        v["evidence"][ev] = v["evidence"].get(ev, 0) + 1
    result = {}
    for side in ("asserting", "denying", "hedging", "other"):
        if side not in out:
            continue
        v = out[side]
        dates = sorted(v["dates"])
        result[side] = {"n_statements": v["n_statements"], "outlets": sorted(v["outlets"]),
                        "first_date": dates[0] if dates else None,
                        "last_date": dates[-1] if dates else None,
                        "evidence": dict(sorted(v["evidence"].items()))}
    return result
