"""Small helpers over :class:`~counterclaim.nlp.Parse` used by several stages."""

from __future__ import annotations

from collections.abc import Iterable

from ..nlp import Parse, Tok
from ..records import Span

PUNCT_EDGE = set(" \t\n,;:.-–—")
QUOTE_CHARS = set("\"“”„«»‘’'")
SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
WH_WORDS = {"who", "which", "that", "whom", "whose"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"}
# Dependents that do not belong to a speaker mention.
MENTION_DROP = {"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "parataxis"}


def kids(p: Parse, i: int, *deps: str) -> list[Tok]:
    return [p.toks[c] for c in p.children[i] if not deps or p.toks[c].dep in deps]


def first_kid(p: Parse, i: int, *deps: str) -> Tok | None:
    for c in p.children[i]:
        if p.toks[c].dep in deps:
            return p.toks[c]
    return None


def sentence_range(p: Parse, i: int) -> tuple[int, int]:
    return p.sents[p.toks[i].sent]


def char_span(text: str, start: int, end: int, *, keep_quotes: bool = True) -> Span | None:
    """Span over text[start:end], trimmed of spaces and edge punctuation."""
    strip = PUNCT_EDGE if keep_quotes else PUNCT_EDGE | QUOTE_CHARS
    while start < end and text[start] in strip:
        start += 1
    while end > start and (text[end - 1] in strip):
        end -= 1
    if end <= start:
        return None
    return Span(start, end, text[start:end])


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so it does not cut a word ('de' of 'de-escalation')."""
    n = len(text)
    while end < n and (text[end].isalnum() or (text[end] in "-'’" and end + 1 < n
                                                and text[end + 1].isalnum()
                                                and text[end - 1].isalnum())):
        end += 1
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    return start, end


def tok_span(text: str, p: Parse, a: int, b: int) -> Span | None:
    if b <= a:
        return None
    s, e = p.span_chars(a, b)
    s, e = whole_words(text, s, e)
    return char_span(text, s, e)


def pruned_range(p: Parse, i: int, drop: Iterable[str] = MENTION_DROP) -> tuple[int, int]:
    """Token range [a, b) of i's subtree without dependents whose dep is in ``drop``."""
    drop = set(drop)
    lo, hi = i, i
    stack = [i]
    while stack:
        j = stack.pop()
        lo, hi = min(lo, j), max(hi, j)
        stack.extend(c for c in p.children[j] if p.toks[c].dep not in drop)
    return lo, hi + 1


def mention_range(p: Parse, i: int) -> tuple[int, int]:
    """The noun phrase headed by token i, without clauses, appositions or punctuation."""
    lo, hi = pruned_range(p, i)
    # trim leading/trailing punctuation tokens
    while lo < hi and p.toks[lo].pos == "PUNCT":
        lo += 1
    while hi > lo and p.toks[hi - 1].pos == "PUNCT":
        hi -= 1
    return lo, hi


def is_negated(p: Parse, i: int) -> bool:
    return any(p.toks[c].dep == "neg" for c in p.children[i])


def conj_root(p: Parse, i: int) -> int:
    """Climb 'conj' links to the first conjunct."""
    seen = 0
    while p.toks[i].dep == "conj" and p.toks[i].head != i and seen < 10:
        i = p.toks[i].head
        seen += 1
    return i
