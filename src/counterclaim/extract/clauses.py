"""Clause helpers shared by the attribution rules (stage 5).

The content of a cue or a speech noun (its clause, without a leading *that*),
whether it is a quotation (direct / mixed / indirect) and the candidate record
built from one reading. Used by :mod:`.attribution` and :mod:`.nouns`.
"""

from __future__ import annotations

from ..lexicon import Lexicon
from ..nlp import Parse, Tok
from ..records import Article, Cue, Span
from .candidate import Candidate
from .segments import Quotation
from .tree import first_kid, kids, mention_range, tok_span


def cue_text(p: Parse, tok: Tok, text: str) -> tuple[Span, str]:
    """The cue span: the verb plus a particle or 'for' ('point out', 'called for')."""
    start, end = tok.start, tok.end
    lemma = tok.lemma
    prt = first_kid(p, tok.i, "prt")
    if prt is not None and prt.i == tok.i + 1:
        end = prt.end
        lemma = f"{lemma} {prt.lemma}"
    return Span(start, end, text[start:end]), lemma


def quotes_in(quotes: list[Quotation], start: int, end: int) -> list[Quotation]:
    return [q for q in quotes if q.start < end and q.end > start]


def has_that(p: Parse, root: int) -> bool:
    mark = first_kid(p, root, "mark")
    return mark is not None and mark.lower == "that"


def _that_misparsed(p: Parse, clause: Tok) -> bool:
    """'allegations that the charity had misused donations' with 'that' parsed as
    the clause's object: a complementizer when the clause has its own subject and
    another object ('claims that he made' stays a relative clause)."""
    a, _b = p.subtree(clause.i)
    first = p.toks[a]
    if first.lower != "that" or first.dep not in ("dobj", "nsubj", "pobj"):
        return False
    subj = first_kid(p, clause.i, "nsubj", "nsubjpass")
    others = [k for k in kids(p, clause.i, "dobj", "attr", "acomp", "ccomp", "xcomp", "oprd")
              if k.i != first.i]
    return subj is not None and subj.i != first.i and bool(others)


def claim_complement(p: Parse, noun: Tok, lex: Lexicon) -> Tok | None:
    """The clause a claim noun carries: 'allegations (suggesting) that X' → X's head."""
    if noun.lemma not in lex.claim_nouns:
        return None
    for k in kids(p, noun.i, "acl", "ccomp", "relcl", "appos"):
        if k.dep == "relcl" and not first_kid(p, k.i, "mark"):
            continue  # "claims which he made" is not a complement
        if k.dep == "acl" and k.lemma in lex.cue_class:
            inner = first_kid(p, k.i, "ccomp")
            if inner is not None:
                return inner  # "allegations suggesting that X"
        mark = first_kid(p, k.i, "mark")
        if mark is not None and mark.lower in ("that", "whether", "if"):
            return k
        if _that_misparsed(p, k):
            return k
        if k.dep == "ccomp":
            return k
    return None


def content_range(p: Parse, root: Tok) -> tuple[int, int]:
    a, b = p.subtree(root.i)
    # drop a leading complementizer ("that", "whether" stays: it is content)
    if p.toks[a].lower == "that" and (p.toks[a].dep == "mark" or _that_misparsed(p, root)):
        a += 1
    return a, b


def kind_of(content: Span, quotes: list[Quotation]) -> tuple[str, Span]:
    """direct / mixed / indirect, widening a direct content to its whole quotation."""
    inside = quotes_in(quotes, content.start, content.end)
    if not inside:
        return "indirect", content
    q = inside[0]
    qa, qb = q.start, q.end
    quoted = sum(min(x.end, content.end) - max(x.start, content.start) for x in inside)
    if len(inside) == 1 and (quoted >= 0.75 * len(content) or (qa <= content.start + 2
                                                                and qb >= content.end - 2)):
        return "direct", Span(qa, qb, "")
    last = inside[-1]
    if content.start <= last.start and content.end < last.end <= content.end + 3:
        # keep the closing mark: '… sent to Tarn "now or ever."'
        return "mixed", Span(content.start, last.end, "")
    return "mixed", content


def make(article: Article, p: Parse, pi: int, tok: Tok | None, cue: Cue | None,
          subj: Tok | None, content: Span, kind: str, source: str, root: int,
          negated: bool = False) -> Candidate:
    text = article.text
    if kind != "indirect":
        content = Span(content.start, content.end, text[content.start:content.end])
    sa, sb = p.sents[(tok or subj or p.toks[root]).sent]
    sentence = Span(p.toks[sa].start, p.toks[sb - 1].end, text[p.toks[sa].start:p.toks[sb - 1].end])
    mention = None
    head_i = -1
    if subj is not None:
        a, b = mention_range(p, subj.i)
        mention = tok_span(text, p, a, b)
        head_i = subj.i
    return Candidate(content=content, kind=kind, cue=cue, sentence=sentence, mention=mention,
                     negated=negated, source=source, parse_index=pi, head_i=head_i,
                     cue_i=tok.i if tok is not None else -1, content_root=root)
