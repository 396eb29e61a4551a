"""Stage 9: evidence status from evidence phrases in or right around a statement.

The lexicon's patterns (``evidence.json``) are tried in its order
(not_released, absent, disputed, cited) over the statement's sentence; the next
sentence counts too when it continues the same source ("They have yet to
release …", "The ministry offered no evidence"). The first status that matches
wins and its matched phrases are kept as ``evidence_spans``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import Lexicon
from ..nlp import Parse
from ..records import Article, Span
from .candidate import Candidate

_CONTINUES = re.compile(r"^\W*(?:they|he|she|it|the (?:ministry|government|agency|company|"
                        r"officials|statement|report)|however|but|so far)\b", re.IGNORECASE)


def _next_sentence(parses: list[Parse], c: Candidate) -> Span | None:
    if c.parse_index < 0:
        return None
    p = parses[c.parse_index]
    for k, (a, _b) in enumerate(p.sents):
        if p.toks[a].start >= c.sentence.end:
            s, e = p.toks[a].start, p.toks[p.sents[k][1] - 1].end
            return Span(s, e, "")
    return None


def status_of(text: str, spans: list[Span], lex: Lexicon) -> tuple[str, tuple[Span, ...]]:
    for status in lex.evidence_order:
        hits = []
        for sp in spans:
            for rx in lex.evidence_res.get(status, ()):
                for m in rx.finditer(text, sp.start, sp.end):
                    hits.append(Span(m.start(), m.end(), m.group()))
        if hits:
            return status, tuple(sorted(set(hits), key=lambda h: h.start))
    return "none", ()


def assign(article: Article, found: list[Candidate], parses: list[Parse],
           lex: Lexicon) -> list[Candidate]:
    text = article.text
    out = []
    for c in found:
        scope = [Span(min(c.sentence.start, c.content.start), max(c.sentence.end, c.content.end),
                      "")]
        nxt = _next_sentence(parses, c)
        if nxt is not None and _CONTINUES.match(text[nxt.start:nxt.end]):
            scope.append(nxt)
        status, spans = status_of(text, scope, lex)
        out.append(replace(c, evidence=status, evidence_spans=spans))
    return out
