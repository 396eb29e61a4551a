"""Interval look-ups in logarithmic time (long articles must not cost quadratic time).

A 2 MB article holds thousands of quotations and candidate statements; asking
"is this offset inside any quotation?" by scanning all of them for each
candidate made extraction quadratic (issue 12). :class:`Cover` answers the
questions the stages ask with a sorted list, a prefix maximum and bisection.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from .segments import Quotation

# Below any offset (a plain -1 would count as "inside" for a negative offset).
_NONE = -(2 ** 62)


class Cover:
    """A fixed set of half-open character intervals ``[start, end)``."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        items = sorted(set(spans))
        self.starts = [a for a, _b in items]
        self.spans = items
        # prefix top two ends over distinct spans: (end, span) of the largest, end of the next
        self._best: list[tuple[int, tuple[int, int]]] = []
        self._second: list[int] = []
        best: tuple[int, tuple[int, int]] = (_NONE, (_NONE, _NONE))
        second = _NONE
        for sp in items:
            if sp[1] > best[0]:
                second, best = best[0], (sp[1], sp)
            elif sp[1] > second:
                second = sp[1]
            self._best.append(best)
            self._second.append(second)

    def _prefix(self, k: int, exclude: tuple[int, int] | None) -> int:
        if k <= 0:
            return _NONE
        end, sp = self._best[k - 1]
        return self._second[k - 1] if exclude is not None and sp == exclude else end

    def inside(self, x: int, *, strict_start: bool = False,
               exclude: tuple[int, int] | None = None) -> bool:
        """Is there an interval with ``start <= x < end`` (``start < x`` when
        ``strict_start``), other than ``exclude``?"""
        k = (bisect.bisect_left if strict_start else bisect.bisect_right)(self.starts, x)
        return self._prefix(k, exclude) > x

    def overlaps(self, start: int, end: int) -> bool:
        """Does any interval overlap ``[start, end)`` (``a < end and start < b``)?"""
        k = bisect.bisect_left(self.starts, end)
        return self._prefix(k, None) > start


def quote_lookup(quotes: list[Quotation]) -> Callable[[int, int], list[Quotation]]:
    """``_quotes_in`` over all quotations by bisection (quotations do not overlap,
    so sorted by start their ends are sorted too); a plain scan otherwise."""
    qs = sorted(quotes, key=lambda q: q.start)
    ends = [q.end for q in qs]
    if any(a > b for a, b in zip(ends, ends[1:], strict=False)):
        return lambda start, end: [q for q in quotes if q.start < end and q.end > start]
    starts = [q.start for q in qs]

    def look(start: int, end: int) -> list[Quotation]:
        lo, hi = bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)
        return qs[lo:hi]
    return look
