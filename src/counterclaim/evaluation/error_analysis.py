"""Error analysis for the GGT evaluation: missed and spurious quotes by category.

The categories are heuristic (they read the gold annotation and the text around
it, not the extractor's internals) and meant to point at constructions:

missed (at T = 0.3, no prediction covers more than 30 % of the gold quote)
  missed_direct        a quote that opens with a quote mark, nothing overlaps it
  missed_indirect      reported speech without quote marks, nothing overlaps it
  missed_mixed         reported speech holding a partial quote, nothing overlaps it
  multi_paragraph      part of a quote running over several paragraphs (the gold
                       annotates one quote per paragraph), or a prediction that
                       overlaps it runs over a paragraph break (merged)
  boundary             a prediction overlaps the quote but covers ≤ 30 % of it, or
                       the covering prediction was taken by another gold quote
found at 0.3 but not at 0.8
  boundary_08          the content misses more than 20 % of the quote (too short or shifted)
wrong speaker (on quotes found at 0.3)
  speaker_pronoun      the gold speaker is a pronoun: the chain to its name broke
  speaker_other_sentence  the speaker is not in the quote's sentence (the gold
                       speaker is empty, or sits across a sentence break)
  speaker_wrong        the speaker is in the sentence and we named someone else
spurious (at 0.3, predictions no gold quote took)
  spurious_duplicate   overlaps a gold quote another statement took (split/duplicate)
  spurious             no gold quote overlaps it
verb_mismatch          found at 0.3, cue text differs from the gold verb
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .ggt import GoldArticle, GoldQuote, Prediction, Score, SpanT, overlap

CATEGORIES: dict[str, str] = {
    "missed_direct": "missed direct quote",
    "missed_indirect": "missed indirect speech",
    "missed_mixed": "missed mixed quote (partial quote inside reported speech)",
    "multi_paragraph": "multi-paragraph quote split or merged",
    "boundary": "content boundary: overlapped but covered <= 30 %, or taken by another quote",
    "boundary_08": "found at 0.3 but not at 0.8: the content misses > 20 % of the quote",
    "speaker_pronoun": "speaker: unresolved pronoun chain (gold speaker is a pronoun)",
    "speaker_other_sentence": "speaker in another sentence or paragraph",
    "speaker_wrong": "wrong speaker (speaker is in the sentence)",
    "spurious_duplicate": "spurious: overlaps a gold quote another statement took",
    "spurious": "spurious statement (no gold quote there)",
    "verb_mismatch": "verb mismatch",
}

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them",
                      "us", "me"})
_BREAK = re.compile(r"[ \t]*\n(?:[ \t]*[.•*]?[ \t]*\n)*[ \t]*")
_SENT_BREAK = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class ErrorItem:
    category: str
    article: str
    context: str
    gold: GoldQuote | None = None
    pred: Prediction | None = None
    note: str = ""
    subtype: str = ""  # a finer label, counted per category (gold verb, cue, reason)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"category": self.category, "article": self.article,
                               "subtype": self.subtype, "note": self.note,
                               "context": self.context}
        if self.gold is not None:
            g = self.gold
            out["gold"] = {"index": g.index, "quote": g.quote,
                           "span": list(g.span) if g.span else None, "speaker": g.speaker,
                           "reference": g.reference, "verb": g.verb, "kind": g.kind}
        if self.pred is not None:
            out["pred"] = self.pred.to_dict()
        return out


@dataclass
class ErrorReport:
    items: dict[str, list[ErrorItem]] = field(
        default_factory=lambda: {k: [] for k in CATEGORIES})

    def add(self, item: ErrorItem) -> None:
        self.items[item.category].append(item)

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.items.items()}

    def ranked(self) -> list[tuple[str, list[ErrorItem]]]:
        """Non-empty categories, largest first (ties in the listed order)."""
        order = list(CATEGORIES)
        return sorted(((k, v) for k, v in self.items.items() if v),
                      key=lambda kv: (-len(kv[1]), order.index(kv[0])))

    def to_dict(self, max_per_category: int | None = None) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "categories": {k: v for k, v in CATEGORIES.items()},
            "items": {k: [i.to_dict() for i in v[:max_per_category]]
                      for k, v in self.items.items()},
        }


# ---------------------------------------------------------------- text helpers


def _paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, len(text) if e < 0 else e


def context(text: str, span: SpanT, *, before: int = 0, width: int = 420) -> str:
    """The paragraph(s) around ``span`` with the span marked ⟦…⟧, whitespace folded.

    ``before`` adds that many earlier non-empty paragraphs (for speaker context).
    """
    a, b = span
    ps, _ = _paragraph_bounds(text, a)
    _, pe = _paragraph_bounds(text, max(a, b - 1))
    for _ in range(before):
        prev_end = ps - 1
        while prev_end > 0:
            s, _e = _paragraph_bounds(text, prev_end - 1)
            if re.search(r"[A-Za-z]", text[s:prev_end]):
                ps = s
                break
            prev_end = s - 1
        else:
            break
    pre, mid, post = text[ps:a], text[a:b], text[b:pe]
    pre, mid, post = _fold(pre), _fold(mid), _fold(post)
    room = max(60, width - len(mid))
    if len(pre) > room // 2:
        pre = "…" + pre[-(room // 2):]
    if len(post) > room // 2:
        post = post[:room // 2] + "…"
    if len(mid) > width:
        mid = mid[:width // 2] + " … " + mid[-width // 4:]
    return f"{pre.lstrip()}⟦{mid}⟧{post.rstrip()}"


def _fold(s: str) -> str:
    """Whitespace folded; a paragraph break (with a lone "." line) shown as ¶."""
    return re.sub(r"\s+", " ", _BREAK.sub(" ¶ ", s))


_OPENERS = "\"“«‘'"
_CLOSERS = "\"”»’'"


def _neighbour_paragraph(text: str, pos: int, step: int) -> str:
    """The nearest paragraph with letters before (step -1) or after (step +1) ``pos``."""
    s, e = _paragraph_bounds(text, pos)
    while True:
        if step < 0:
            if s <= 0:
                return ""
            s, e = _paragraph_bounds(text, s - 1)
        else:
            if e >= len(text):
                return ""
            s, e = _paragraph_bounds(text, e + 1)
        para = text[s:e].strip()
        if re.search(r"[A-Za-z]", para):
            return para


def _multi_paragraph(text: str, q: GoldQuote) -> bool:
    """Is the gold quote one paragraph of a quote running over several paragraphs?

    Either it is left open (no closing mark) and the next paragraph opens with a
    quote mark, or it opens a paragraph that follows such an open paragraph.
    """
    assert q.span is not None
    quote = q.quote.strip()
    if q.kind != "direct":
        return False
    nxt = _neighbour_paragraph(text, q.span[1] - 1, +1)
    if quote[-1:] not in _CLOSERS and nxt[:1] in _OPENERS:
        return True
    prev = _neighbour_paragraph(text, q.span[0], -1)
    prev_open = prev.count('"') % 2 == 1 or prev.count("“") > prev.count("”")
    return quote[:1] in _OPENERS and prev_open


def _other_sentence(text: str, quote: SpanT, speaker: SpanT) -> bool:
    """Is the speaker mention across a paragraph or sentence break from the quote?"""
    if _paragraph_bounds(text, quote[0])[0] != _paragraph_bounds(text, speaker[0])[0]:
        return True
    lo, hi = (speaker[1], quote[0]) if speaker[0] < quote[0] else (quote[1], speaker[0])
    return lo < hi and bool(_SENT_BREAK.search(text[lo:hi]))


def _describe(p: Prediction) -> str:
    who = p.speaker_name or "?"
    return f"predicted {p.kind or 'statement'}: speaker {who!r}, cue {p.verb!r}"


# ---------------------------------------------------------------- analysis


def analyze_errors(gold: Sequence[GoldArticle], preds: Mapping[str, Sequence[Prediction]],
                   loose: Score, strict: Score | None = None) -> ErrorReport:
    """Categorise the errors of ``loose`` (T = 0.3) and, if given, ``strict`` (T = 0.8)."""
    report = ErrorReport()
    strict_found: dict[str, set[int]] = {}
    if strict is not None:
        strict_found = {r.id: {m.gold for m in r.matches} for r in strict.articles}
    by_id = {r.id: r for r in loose.articles}
    for g in gold:
        res = by_id.get(g.id)
        if res is None:
            continue
        ps = list(preds.get(g.id, ()))
        text = g.text
        taken = {m.pred: m.gold for m in res.matches}
        quotes = {q.index: q for q in g.quotes}
        for qi in res.missed:
            report.add(_missed(g.id, text, quotes[qi], ps, taken, quotes))
        for m in res.matches:
            q, p = quotes[m.gold], ps[m.pred]
            assert q.span is not None
            if strict is not None and m.gold not in strict_found.get(g.id, set()):
                head, tail = p.content[0] > q.span[0], p.content[1] < q.span[1]
                sub = ("misses the start and the end" if head and tail else
                       "misses the start of the quote" if head else "misses the end of the quote")
                report.add(ErrorItem(
                    "boundary_08", g.id, context(text, q.span), q, p,
                    f"covers {m.coverage:.0%} of the gold quote; predicted content: "
                    f"{_clip(text[p.content[0]:p.content[1]])!r}", sub))
            if not m.speaker_ok:
                report.add(_speaker(g.id, text, q, p))
            if not m.verb_ok:
                report.add(ErrorItem(
                    "verb_mismatch", g.id, context(text, q.span), q, p,
                    f"gold verb {q.verb.strip().lower()!r}, predicted cue "
                    f"{(p.verb or '').strip().lower()!r}", _verb_reason(q, p)))
        for pi in res.spurious:
            p = ps[pi]
            hit = [q for q in g.scored if overlap(q.span, p.content) > 0]
            cat = "spurious_duplicate" if hit else "spurious"
            note = _describe(p)
            if hit:
                note += f"; overlaps gold quote #{hit[0].index} ({hit[0].quote[:60]!r}…)"
            if text.count(text[p.content[0]:p.content[1]]) > 1:
                note += "; the same text occurs again in the article (caption/repeat?)"
            sub = (p.cue_lemma or p.verb or "∅").strip().lower()
            report.add(ErrorItem(cat, g.id, context(text, p.content), None, p, note,
                                 f"{p.kind or '?'} / {sub}"))
    return report


def _clip(s: str, n: int = 160) -> str:
    s = _fold(s)
    return s if len(s) <= n else s[:n] + "…"


def _missed(aid: str, text: str, q: GoldQuote, ps: list[Prediction],
            taken: dict[int, int], quotes: Mapping[int, GoldQuote]) -> ErrorItem:
    assert q.span is not None
    touching = [(overlap(q.span, p.content), i) for i, p in enumerate(ps)
                if overlap(q.span, p.content) > 0]
    ctx = context(text, q.span)
    who = f"gold speaker {q.speaker or '∅'!r} (ref {q.reference!r}), verb {q.verb or '∅'!r}"
    if touching:
        _ov, best = max(touching)
        p = ps[best]
        cov = _ov / max(1, q.span[1] - q.span[0])
        where = (f"taken by gold quote #{taken[best]}" if best in taken
                 else "not taken")
        note = (f"{who}; best overlapping statement covers {cov:.0%} ({where}): "
                f"{_clip(text[p.content[0]:p.content[1]])!r}")
        merged = "\n" in text[p.content[0]:p.content[1]]
        cat = "multi_paragraph" if merged or _multi_paragraph(text, q) else "boundary"
        other = quotes.get(taken[best]) if best in taken else None
        nested = (other is not None and other.span is not None
                  and overlap(other.span, q.span) >= (q.span[1] - q.span[0]) * 0.9)
        sub = ("merged across paragraphs" if merged else
               "nested in another gold quote (a second attribution inside it)" if nested else
               "taken by another gold quote (merged)" if best in taken else
               "covers too little")
        return ErrorItem(cat, aid, ctx, q, p, note, sub)
    if _multi_paragraph(text, q):
        return ErrorItem("multi_paragraph", aid, ctx, q, None,
                         f"{who}; one paragraph of a quote running over several paragraphs",
                         "missed paragraph")
    sub = _construction(text, q)
    if q.kind == "direct" and (q.quote.strip()[:1] in "”’'" or q.quote.strip()[:2] == "‘’"):
        sub = "irregular quote marks"
    return ErrorItem(f"missed_{q.kind}", aid, ctx, q, None, who, sub)


def _construction(text: str, q: GoldQuote) -> str:
    """Where the gold attribution sits relative to the quote, roughly."""
    assert q.span is not None
    a, b = q.span
    ps, pe = _paragraph_bounds(text, a)
    around = text[max(ps, a - 60):min(pe, b + 60)].lower()
    if "according to" in around:
        return "according to"
    cue = q.verb_span
    if cue is None:
        if q.speaker_span is None:
            return "no verb, speaker elsewhere" if not q.speaker.strip() else "no verb"
        return ("no verb, speaker before" if q.speaker_span[1] <= a else
                "no verb, speaker after" if q.speaker_span[0] >= b else "no verb")
    if cue[0] >= b:
        between = text[b:min(cue[0], q.speaker_span[0] if q.speaker_span else cue[0])]
        after = text[cue[1]:cue[1] + 3] if q.verb_span else ""
        if len(between.strip(" ,\"”’'")) == 0 and after.startswith(",") and (
                q.verb_span and q.speaker_span):
            return "parenthetical (…, he says, …)"
        return "attribution after the content"
    if cue[1] <= a:
        gap = text[cue[1]:a]
        if re.search(r"[.!?]\s", gap):
            return "attribution in an earlier sentence"
        if re.search(r"\bthat\s*$", gap):
            return "verb + that"
        if re.search(r",\s*$", text[ps:a]) and ", " in gap:
            return "parenthetical (…, he says, …)"
        return "verb before the content"
    return "attribution inside the content"


def _speaker(aid: str, text: str, q: GoldQuote, p: Prediction) -> ErrorItem:
    assert q.span is not None
    got = (f"predicted name {p.speaker_name!r}"
           + (f" (mention {_clip(text[p.speaker_span[0]:p.speaker_span[1]], 60)!r})"
              if p.speaker_span else " (no mention)"))
    note = f"gold speaker {q.speaker or '∅'!r}, reference {q.reference!r}; {got}"
    if q.speaker_span is not None and _inside_word(text, q.speaker_span):
        note += ("; the gold speaker span is misplaced inside another word "
                 f"({_clip(text[max(0, q.speaker_span[0] - 3):q.speaker_span[1] + 3], 30)!r}), so only "
                 "the reference name can match")
    name = (p.speaker_name or "").strip().lower()
    sub = ("left unresolved" if not name or name in PRONOUNS or p.resolved_by == "unresolved"
           else f"named someone else (resolved by {p.resolved_by or '?'})")
    if q.speaker.strip().lower() in PRONOUNS:
        return ErrorItem("speaker_pronoun", aid, context(text, q.span, before=1), q, p, note,
                         sub)
    if not q.speaker.strip() or (q.speaker_span is not None
                                 and _other_sentence(text, q.span, q.speaker_span)):
        return ErrorItem("speaker_other_sentence", aid, context(text, q.span, before=1), q, p,
                         note, sub)
    return ErrorItem("speaker_wrong", aid, context(text, q.span), q, p, note, sub)


def _inside_word(text: str, span: SpanT) -> bool:
    a, b = span
    return (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum())


def _verb_reason(q: GoldQuote, p: Prediction) -> str:
    gold, cue = q.verb.strip().lower(), (p.verb or "").strip().lower()
    if p.cue_span is not None and q.span is not None and (
            q.span[0] <= p.cue_span[0] and p.cue_span[1] <= q.span[1]):
        return "cue taken from inside the quote"
    if not cue:
        return "no cue predicted"
    if not gold:
        return ("'according to' (the gold has no verb)" if cue.startswith("according")
                else "cue where the gold has no verb")
    return "another verb"


def verb_pairs(report: ErrorReport, top: int = 8) -> list[tuple[str, str, int]]:
    """The most frequent (gold verb, predicted cue) pairs among verb mismatches."""
    c = Counter(((i.gold.verb.strip().lower() if i.gold else ""),
                 (i.pred.verb.strip().lower() if i.pred else ""))
                for i in report.items["verb_mismatch"])
    return [(g, p, n) for (g, p), n in c.most_common(top)]


def format_errors(report: ErrorReport, max_per_category: int | None = None) -> str:
    """Plain-text listing: a count table, then each category's items, largest first."""
    lines = ["Errors by category (T = 0.3; boundary_08 at 0.8):"]
    for key, items in report.ranked():
        lines.append(f"  {len(items):5d}  {key:24s} {CATEGORIES[key]}")
        subs = Counter(i.subtype for i in items if i.subtype)
        if subs:
            lines.append("         " + ", ".join(f"{k} ×{n}" for k, n in subs.most_common(6)))
    pairs = verb_pairs(report)
    if pairs:
        lines.append("  verb mismatches (gold -> predicted): " + ", ".join(
            f"{g or '∅'}->{p or '∅'} ×{n}" for g, p, n in pairs))
    for key, items in report.ranked():
        shown = items if max_per_category is None else items[:max_per_category]
        lines += ["", f"== {CATEGORIES[key]} [{key}]: {len(items)}"
                  + (f" (showing {len(shown)})" if len(shown) < len(items) else "") + " =="]
        for it in shown:
            span = it.gold.span if it.gold else (it.pred.content if it.pred else None)
            where = f"{it.article}:{span[0]}-{span[1]}" if span else it.article
            lines.append(f"- [{where}] {it.note}")
            lines.append(f"    {it.context}")
    return "\n".join(lines)
