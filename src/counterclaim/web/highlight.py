"""Article text with statement spans highlighted, built from character offsets.

The text is cut at every span boundary into segments; each segment is escaped on its
own (``markupsafe.escape``) and wrapped in one ``<span>`` whose classes come from a
fixed list (roles and stances), never from the data. Overlapping spans therefore need
no nesting, and no byte of article text ever reaches the page unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..link.sides import statement_side
from ..records import STANCES, Analysis

ROLES = ("content", "speaker", "cue", "hedge", "evidence")
_STANCE_CLASS = {s: f"st-{s}" for s in STANCES}


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to highlight: ``role`` of statement number ``statement`` (its index in
    the page's statement list), coloured by ``stance`` when it is content."""

    start: int
    end: int
    role: str
    statement: int
    stance: str = ""


def render(text: str, marks: list[Mark]) -> Markup:
    """``text`` as escaped HTML with ``marks`` as ``<span class="hl …" data-st="i j">``."""
    n = len(text)
    clean = [m for m in marks if m.role in ROLES and 0 <= m.start < m.end <= n]
    starts: dict[int, list[Mark]] = {}
    for m in clean:
        starts.setdefault(m.start, []).append(m)
    cuts = sorted({0, n, *(m.start for m in clean), *(m.end for m in clean)})
    active: list[Mark] = []
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        piece = escape(text[a:b])
        if not active:
            out.append(str(piece))
            continue
        classes = ["hl"]
        contents = sorted((m for m in active if m.role == "content"),
                          key=lambda m: (m.end - m.start, m.statement))
        if contents:
            classes += ["content", _STANCE_CLASS.get(contents[0].stance, "st-other")]
        classes += [r for r in ROLES[1:] if any(m.role == r for m in active)]
        order = [m.statement for m in contents] + [m.statement for m in active
                                                   if m.role != "content"]
        ids = " ".join(str(i) for i in dict.fromkeys(order))
        out.append(f'<span class="{" ".join(classes)}" data-st="{ids}">{piece}</span>')
    return Markup("".join(out))


def nearest(text: str, needle: str | None, start: int, end: int, window: int = 240, *,
            inside: bool = False) -> tuple[int, int] | None:
    """Where ``needle`` occurs closest to ``[start, end)``, within ``window`` characters
    either side: outside the span (a cue), or anywhere, inside first (a hedge), for the
    words whose offsets the store does not keep."""
    if not needle or not re.search(r"\w", needle):
        return None
    lo, hi = max(0, start - window), min(len(text), end + window)
    best: tuple[int, int, int] | None = None
    for m in re.finditer(re.escape(needle), text[lo:hi]):
        s, e = lo + m.start(), lo + m.end()
        if s < end and start < e:
            if not inside:
                continue
            dist = -1
        else:
            dist = start - e if e <= start else s - end
        if best is None or dist < best[0]:
            best = (dist, s, e)
    return (best[1], best[2]) if best else None


def stored_marks(article: dict[str, Any], speaker_offsets: dict[int, tuple[int, int]]
                 ) -> list[Mark]:
    """Marks for a stored article (``Store.article``): content and speaker from stored
    offsets, the cue found next to its content (the store keeps its words only)."""
    text = article["text"]
    marks: list[Mark] = []
    for i, st in enumerate(article["statements"]):
        c = st["content"]
        if c["start"] is None or c["end"] is None:
            continue
        marks.append(Mark(c["start"], c["end"], "content", i, st["stance"]))
        sp = speaker_offsets.get(st["id"])
        if sp:
            marks.append(Mark(sp[0], sp[1], "speaker", i))
        cue = nearest(text, st["cue"]["text"], c["start"], c["end"])
        if cue:
            marks.append(Mark(cue[0], cue[1], "cue", i))
        for h in st.get("hedges") or []:
            span = nearest(text, h, c["start"], c["end"], 120, inside=True)
            if span:
                marks.append(Mark(span[0], span[1], "hedge", i))
    return marks


def analysis_marks(analysis: Analysis) -> list[Mark]:
    """Marks for a fresh reading: every span the extractor found, exactly."""
    marks: list[Mark] = []
    for i, st in enumerate(analysis.statements):
        marks.append(Mark(st.content.start, st.content.end, "content", i, st.stance))
        if st.speaker.mention:
            marks.append(Mark(st.speaker.mention.start, st.speaker.mention.end, "speaker", i))
        if st.cue:
            marks.append(Mark(st.cue.span.start, st.cue.span.end, "cue", i))
        elif st.marker:
            marks.append(Mark(st.marker.start, st.marker.end, "cue", i))
        marks += [Mark(h.start, h.end, "hedge", i) for h in st.hedges]
        marks += [Mark(e.start, e.end, "evidence", i) for e in st.evidence_spans]
    return marks


def analysis_details(analysis: Analysis) -> list[dict[str, Any]]:
    """The statements of a fresh reading in the shape the article page's script shows."""
    out = []
    for st in analysis.statements:
        sp = st.speaker
        out.append({
            "id": st.id, "content": st.content.text, "kind": st.kind, "stance": st.stance,
            "side": statement_side(st), "hedged": st.hedged,
            "hedges": [h.text for h in st.hedges], "evidence": st.evidence,
            "evidence_text": [e.text for e in st.evidence_spans],
            "confidence": round(st.confidence, 3), "negated": st.negated,
            "cue": {"text": st.cue.span.text if st.cue else (st.marker.text if st.marker
                                                             else None),
                    "lemma": st.cue.lemma if st.cue else None,
                    "class": st.cue.cue_class if st.cue else None},
            "speaker": {"name": sp.name, "kind": sp.kind, "resolved_by": sp.resolved_by,
                        "text": sp.mention.text if sp.mention else None,
                        "antecedent": sp.antecedent.text if sp.antecedent else None,
                        "anonymous": sp.anonymous, "id": None},
            "proposition_id": st.proposition,
        })
    return out


def stored_details(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The statements of a stored article in the shape the article page's script shows."""
    return [{
        "id": st["id"], "ext_id": st.get("ext_id"), "uid": st.get("uid"),
        "content": st["content"]["text"], "kind": st["kind"],
        "stance": st["stance"], "side": st["side"], "hedged": st["hedged"],
        "hedges": st["hedges"], "evidence": st["evidence"], "evidence_text": [],
        "confidence": st["confidence"], "negated": st["negated"], "cue": st["cue"],
        "speaker": {**st["speaker"], "antecedent": None},
        "proposition_id": st["proposition_id"],
        "proposition_uid": st.get("proposition_uid"),
        "proposition_dispute": st.get("proposition_dispute", False),
    } for st in statements]


_MARK = re.compile(r"\[([^\[\]]*)\]")


def snippet(text: str | None) -> Markup:
    """An FTS snippet (matches between ``[`` and ``]``) as escaped HTML with ``<mark>``."""
    return Markup(_MARK.sub(r"<mark>\1</mark>", str(escape(text or ""))))
