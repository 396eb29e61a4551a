"""The dispute timeline: statements per side over time, as an inline SVG drawn here.

Dates are binned by day, week or month (whichever keeps at most ~60 bins), empty bins
count as zero so the x axis is proportional to time, and each bin holds one bar per side,
side by side (a ``<title>`` on each bar gives the count and the bin). Every text in the
SVG is escaped; every number is formatted here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

SIDES = ("asserting", "denying", "hedging", "other")
SIDE_LABELS = {"asserting": "asserting", "denying": "denying", "hedging": "hedging",
               "other": "questions & criticism"}
_MAX_BINS = 60


def _parse(d: str | None) -> date | None:
    try:
        return date.fromisoformat(d) if d else None
    except ValueError:
        return None


def _bin_start(d: date, unit: str) -> date:
    if unit == "week":
        return d - timedelta(days=d.weekday())
    if unit == "month":
        return d.replace(day=1)
    return d


def _next(d: date, unit: str) -> date:
    if unit == "week":
        return d + timedelta(days=7)
    if unit == "month":
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return d + timedelta(days=1)


def bins(rows: list[dict[str, Any]]) -> tuple[str, list[date], dict[str, list[int]], int]:
    """(unit, bin starts, side → counts per bin, undated statements) from
    ``[{date, side, statements}]`` rows (``Store.dispute_summary()["timeline"]``)."""
    dated = [(d, r) for r in rows if (d := _parse(r.get("date")))]
    undated = sum(int(r["statements"]) for r in rows if not _parse(r.get("date")))
    if not dated:
        return "day", [], {s: [] for s in SIDES}, undated
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    span = (last - first).days
    unit = "day" if span < _MAX_BINS else "week" if span < _MAX_BINS * 7 else "month"
    starts = [_bin_start(first, unit)]
    while _next(starts[-1], unit) <= last:
        starts.append(_next(starts[-1], unit))
    index = {b: i for i, b in enumerate(starts)}
    counts = {s: [0] * len(starts) for s in SIDES}
    for d, r in dated:
        side = r["side"] if r["side"] in counts else "other"
        counts[side][index[_bin_start(d, unit)]] += int(r["statements"])
    return unit, starts, counts, undated


def _ticks(v: int) -> tuple[int, int]:
    """(step, top) for a y axis reaching ``v`` with at most five steps of 1, 2 or 5 × 10^k."""
    mag = 1
    while True:
        for step in (mag, 2 * mag, 5 * mag):
            if step * 5 >= v:
                return step, max(step, -(-v // step) * step)
        mag *= 10


def _label(d: date, unit: str) -> str:
    return d.strftime("%b %Y") if unit == "month" else d.strftime("%-d %b")


def timeline_rows(rows: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]], int]:
    """(unit, the non-empty bins as ``{start, asserting, denying, hedging, other}``,
    undated statements): the chart's numbers, for a table beside it."""
    unit, starts, counts, undated = bins(rows)
    out = [{"start": b.isoformat(), **{s: counts[s][i] for s in SIDES}}
           for i, b in enumerate(starts) if any(counts[s][i] for s in SIDES)]
    return unit, out, undated


def timeline_svg(rows: list[dict[str, Any]], *, width: int = 760, height: int = 260) -> Markup:
    """The chart as inline SVG markup (role="img", titled, with a legend)."""
    unit, starts, counts, undated = bins(rows)
    if not starts:
        note = (f"{undated} statements, none with a publication date" if undated
                else "no statements")
        return Markup(f'<p class="chart-empty">No timeline: {escape(note)}.</p>')
    left, right, top, bottom = 44, 16, 34, 46
    pw, ph = width - left - right, height - top - bottom
    present = [s for s in SIDES if any(counts[s])]
    ystep, ymax = _ticks(max(max(counts[s]) for s in present))
    nb = len(starts)

    slot = pw / nb  # one slot per bin; the sides' bars stand side by side in it
    bar = max(1.0, min(22.0, slot * 0.8 / len(present)))

    def x(i: int) -> float:
        return left + slot * (i + 0.5)

    def y(v: int) -> float:
        return top + ph - ph * v / ymax

    total = sum(sum(counts[s]) for s in present)
    title = (f"Statements per side by {unit}, {_label(starts[0], unit)} to "
             f"{_label(starts[-1], unit)}: {total} dated statements")
    parts = [f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-labelledby="tl-title" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="tl-title">{escape(title)}</title>']
    for v in range(0, ymax + 1, ystep):  # horizontal grid and y labels
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(v):.1f}" '
                     f'y2="{y(v):.1f}"/>')
        parts.append(f'<text class="ylab" x="{left - 6}" y="{y(v) + 4:.1f}">{v}</text>')
    step = max(1, round(nb / 10))
    for i in range(0, nb, step):  # x labels
        parts.append(f'<text class="xlab" x="{x(i):.1f}" y="{height - bottom + 18}">'
                     f'{escape(_label(starts[i], unit))}</text>')
        parts.append(f'<line class="tick" x1="{x(i):.1f}" x2="{x(i):.1f}" '
                     f'y1="{top + ph}" y2="{top + ph + 5}"/>')
    for k, s in enumerate(present):
        for i, v in enumerate(counts[s]):
            if not v:
                continue
            bx = x(i) - bar * len(present) / 2 + bar * k
            tip = (f"{v} {SIDE_LABELS[s]} statement{'s' if v != 1 else ''}, "
                   f"{unit} of {starts[i].isoformat()}")
            parts.append(f'<rect class="bar side-{s}" x="{bx:.1f}" y="{y(v):.1f}" '
                         f'width="{bar:.1f}" height="{top + ph - y(v):.1f}">'
                         f'<title>{escape(tip)}</title></rect>')
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + ph}" '
                 f'y2="{top + ph}"/>')
    lx = left
    for s in present:  # legend
        parts.append(f'<rect class="key side-{s}" x="{lx}" y="8" width="14" height="14" '
                     'rx="3"/>')
        parts.append(f'<text class="legend" x="{lx + 20}" y="20">'
                     f'{escape(SIDE_LABELS[s])} ({sum(counts[s])})</text>')
        lx += 40 + 8 * len(SIDE_LABELS[s]) + 8 * len(str(sum(counts[s])))
    if undated:
        parts.append(f'<text class="legend muted" x="{width - right}" y="20" '
                     f'text-anchor="end">+ {undated} undated</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
