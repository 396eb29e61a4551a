"""Parse records: what the extraction stages know of spaCy's analysis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Tok:
    i: int  # index within the Parse
    start: int  # article offset
    end: int
    text: str
    lower: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index within the Parse (root points to itself)
    ent_type: str
    ent_iob: str
    sent: int  # index into Parse.sents
    ws: bool  # followed by whitespace


@dataclass(frozen=True, slots=True)
class Parse:
    """One parsed segment of an article (usually a paragraph)."""

    start: int
    end: int
    toks: tuple[Tok, ...]
    sents: tuple[tuple[int, int], ...]  # token index ranges [a, b)
    ents: tuple[tuple[int, int, str], ...]  # token index ranges [a, b) with label
    children: tuple[tuple[int, ...], ...]

    def subtree(self, i: int) -> tuple[int, int]:
        """Token range [a, b) of token i's subtree (projective parses)."""
        lo = hi = i
        stack = [i]
        while stack:
            j = stack.pop()
            lo = min(lo, j)
            hi = max(hi, j)
            stack.extend(self.children[j])
        return lo, hi + 1

    def span_chars(self, a: int, b: int) -> tuple[int, int]:
        return self.toks[a].start, self.toks[b - 1].end

    def ent_at(self, i: int) -> tuple[int, int, str] | None:
        for a, b, label in self.ents:
            if a <= i < b:
                return a, b, label
        return None


def from_doc(doc: Any, offset: int) -> Parse:
    sent_of: list[int] = [0] * len(doc)
    sents = []
    for k, s in enumerate(doc.sents):
        sents.append((s.start, s.end))
        for j in range(s.start, s.end):
            sent_of[j] = k
    kids: list[list[int]] = [[] for _ in range(len(doc))]
    toks = []
    for t in doc:
        h = t.head.i
        if h != t.i:
            kids[h].append(t.i)
        toks.append(Tok(
            i=t.i, start=offset + t.idx, end=offset + t.idx + len(t.text), text=t.text,
            lower=t.lower_, lemma=t.lemma_.lower(), pos=t.pos_, tag=t.tag_, dep=t.dep_,
            head=h, ent_type=t.ent_type_, ent_iob=t.ent_iob_, sent=sent_of[t.i],
            ws=bool(t.whitespace_),
        ))
    ents = tuple((e.start, e.end, e.label_) for e in doc.ents)
    end = offset + len(doc.text)
    return Parse(start=offset, end=end, toks=tuple(toks), sents=tuple(sents), ents=ents,
                 children=tuple(tuple(k) for k in kids))
