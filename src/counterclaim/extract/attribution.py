"""Stage 5: find attributed statements in the parsed paragraphs.

Constructions, each from the dependency parse (never from sentence templates):

* cue verb + clausal complement — ``X said (that) …``, ``…, X said``, ``…, said X``;
  participial and coordinated cues inherit their subject (``…, stating …``,
  ``… and has maintained that …``, ``went on to criticize …``); relative-clause
  sources (``officials, who alleged that …``); absolute participles (``with some
  sources suggesting that …``);
* cue verb + quotation in the same sentence (``"…," X said`` / ``X said: "…"``),
  the content being the whole quotation, across sentences if need be;
* cue verb + claim-noun object with its complement (``denied allegations that …``)
  or a bare object for cues listed in ``object_content`` (``rejected the accusations``);
* predicative cues: ``calling the reports "unsubstantiated"``, ``described … as …``,
  ``called for …``;
* ``according to X, …`` and ``…, according to X``;
* noun-complement claims with a source: ``X's claim that …``, ``allegations by X that …``;
* quotations with no cue in their sentence (continuations); stage 6 finds their speaker.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from ..lexicon import Lexicon
from ..nlp import Parse, Tok
from ..records import Article, Cue, Span
from .candidate import Candidate
from .clauses import claim_complement, content_range, cue_text, has_that, kind_of, make, quotes_in
from .intervals import Cover, quote_lookup
from .nouns import according_to, noun_claims, passive
from .phrases import NP_HOWS, animate, is_document, np_prep, object_range, speech_act
from .segments import Quotation
from .tree import (
    PRONOUNS,
    WH_WORDS,
    char_span,
    conj_root,
    first_kid,
    is_negated,
    kids,
    mention_range,
    tok_span,
)

# Clausal complements that carry what was said.
CLAUSE_DEPS = ("ccomp",)
SUBJECT_INHERIT_DEPS = ("xcomp", "advcl", "conj", "pcomp")


def _cue_class(tok: Tok, p: Parse, lex: Lexicon) -> str | None:
    if tok.pos != "VERB":
        return None
    cls = lex.cue_class.get(tok.lemma)
    if cls is None:
        return None
    if tok.lemma == "point" and not first_kid(p, tok.i, "prt"):
        return None  # only "point out"
    return cls


def _speaker_token(p: Parse, tok: Tok, depth: int = 0,
                   lex: Lexicon | None = None) -> Tok | None:
    """The head token of the cue's speaker, climbing through inherited subjects."""
    subj = first_kid(p, tok.i, "nsubj")
    if subj is None:
        agent = first_kid(p, tok.i, "agent")
        if agent is not None:
            subj = first_kid(p, agent.i, "pobj")
        elif first_kid(p, tok.i, "nsubjpass") is not None:
            return None  # passive without agent: "it was alleged that …"
    if subj is not None:
        if subj.lower in WH_WORDS and tok.dep == "relcl":
            return p.toks[conj_root(p, tok.head)]
        if subj.lower in ("it", "there") and first_kid(p, tok.i, "auxpass"):
            return None
        return p.toks[conj_root(p, subj.i)] if subj.dep == "conj" else subj
    if depth >= 3 or tok.head == tok.i:
        return None
    head = p.toks[tok.head]
    if tok.dep == "acl" and head.pos in ("NOUN", "PROPN"):
        if lex is not None and not (head.lemma in lex.claim_nouns or animate(p, head, lex)):
            return None  # "a rising tendency to blame outsiders": no speaker
        return head  # "sources suggesting that …" (a claim noun is filtered later)
    if tok.dep in SUBJECT_INHERIT_DEPS and head.pos in ("VERB", "AUX"):
        return _speaker_token(p, head, depth + 1, lex)
    return None


FIRST_PERSON = {"i", "we"}


def _speech_context(p: Parse, tok: Tok, lex: Lexicon) -> bool:
    """Rule out cue verbs that report no speech in this context."""
    head = p.toks[tok.head]
    if tok.dep == "xcomp" and head.lemma in lex.non_speech_governors:
        return False  # "declined to say why", "refused to comment"
    if tok.dep == "xcomp" and head.lemma in lex.directive_cues and head.i < tok.i and \
            first_kid(p, head.i, "dobj", "dative") is not None:
        return False  # "asking Australia to call for …": what was asked, said by no one
    if tok.tag == "VBN" and first_kid(p, tok.i, "auxpass") and not first_kid(p, tok.i, "agent"):
        return False  # "it is believed that …", "was asked whether …"
    if any(k.lower == "than" for k in kids(p, tok.i, "mark")) or (
            head.lemma in ("hear", "see", "watch", "overhear") and tok.dep in ("ccomp", "xcomp")):
        return False  # "higher than city reports say", "witnesses heard him tell Kody"
    if tok.dep == "acl" and tok.lemma in ("call", "name", "dub", "title", "label"):
        return False  # "an app called 'Screen Meter'"
    if tok.lemma == "call" and tok.i >= 1 and (
            p.toks[tok.i - 1].lower in ("so-", "so") or (
                tok.i >= 2 and p.toks[tok.i - 1].text in "-‐–" and p.toks[tok.i - 2].lower == "so")):
        return False  # 'so-called "passive" losses': a label, not a report
    if lex.cue_class.get(tok.lemma) == "question" and not first_kid(p, tok.i, "nsubj"):
        return False  # "Asked whether …, he said": the reporter's question
    if tok.lemma in lex.cognition_cues:
        # private belief: a statement only as a present-tense main clause
        main = tok.dep == "ROOT" or (tok.dep == "conj" and p.toks[tok.head].dep == "ROOT")
        subj = first_kid(p, tok.i, "nsubj")
        if not main or tok.tag not in ("VBZ", "VBP") or subj is None:
            return False
        if subj.lower in lex.generic_subjects or subj.lemma in lex.generic_subjects:
            return False
    return True


_ISSUE = frozenset({"issue", "release", "publish", "post", "send", "put", "file", "circulate"})


def _issued_document(p: Parse, tok: Tok, subj: Tok, lex: Lexicon) -> bool:
    """'issued a statement saying …': the document speaks (for its issuer)."""
    return (tok.dep == "acl" and subj.lemma in lex.document_nouns and subj.dep == "dobj"
            and p.toks[subj.head].lemma in _ISSUE)


def _plausible_speaker(p: Parse, tok: Tok, subj: Tok, lex: Lexicon) -> bool:
    if subj.lower in FIRST_PERSON and subj.pos == "PRON":
        return False  # the writer's own voice ("I believe …"), outside any quote
    if tok.lemma in lex.evidence_like_cues and subj.pos == "NOUN" and not subj.ent_type:
        lemma = subj.lemma
        return (lemma in lex.person_nouns or lemma in lex.org_nouns or lemma in lex.group_heads
                or subj.lower in lex.group_heads or lemma in lex.anonymous_heads
                or is_document(subj, lex))
    return True


def _adjacent_quote(text: str, p: Parse, tok: Tok, subj: Tok | None,
                    quotes: list[Quotation], *, before_only: bool = False) -> Quotation | None:
    """A quotation right before the attribution clause or right after the cue."""
    _sa, sb = p.sents[tok.sent]
    sent_end = p.toks[sb - 1].end
    clause_start, clause_end = tok.start, tok.end
    if subj is not None:
        a, b = p.subtree(subj.i)
        sub_start, sub_end = p.toks[a].start, p.toks[b - 1].end
        ma, mb = mention_range(p, subj.i)  # "John Horgan", not just "Horgan"
        clause_start = min(clause_start, p.toks[ma].start)
        clause_end = max(clause_end, p.toks[mb - 1].end)
        quotes = [q for q in quotes if not (sub_start <= q.start and q.end <= sub_end + 1)]
    for q in quotes:
        # "…," X said  /  "…," said X   (only punctuation between)
        gap = text[q.end:clause_start]
        if q.end <= clause_start and len(gap) <= 4 and not gap.strip(" ,;:-–—\n"):
            inner_end = text[max(q.start, q.end - 3):q.end]
            if "." in inner_end and text[clause_start:clause_start + 1].isupper():
                continue  # '… citizens." She insisted …': the quote ended its sentence
            return q
    if before_only:
        return None
    for q in quotes:
        # X said: "…"   /  X said, "…"
        gap = text[clause_end:q.start]
        if clause_end <= q.start < sent_end + 2 and len(gap) <= 4 and not gap.strip(" ,;:-–—"):
            return q
    return None


def _content(p: Parse, tok: Tok, cls: str, lex: Lexicon) -> tuple[int, int, int, str] | None:
    """(token start, token end, root index, construction) of the cue's content."""
    clause = [k for k in kids(p, tok.i, *CLAUSE_DEPS)]
    if clause:
        best = max(clause, key=lambda k: p.subtree(k.i)[1] - p.subtree(k.i)[0])
        a, b = content_range(p, best)
        return a, b, best.i, "clause"
    if tok.lemma in lex.directive_cues:
        x = first_kid(p, tok.i, "xcomp")
        if x is not None and x.pos in ("VERB", "AUX") and x.i > tok.i and \
                first_kid(p, x.i, "aux") is not None:
            a, b = p.subtree(x.i)
            return a, b, x.i, "directive"  # "urged police to investigate"
    dobj = first_kid(p, tok.i, "dobj")
    if dobj is None and first_kid(p, tok.i, "agent") is not None:
        dobj = first_kid(p, tok.i, "nsubjpass")  # "reports that … were denied by X"
    if tok.lemma in ("call", "describe", "label", "brand", "term", "dub"):
        pred = first_kid(p, tok.i, "oprd", "xcomp", "acomp")
        if pred is not None and (dobj is not None or pred.dep == "oprd"):
            a, b = p.subtree(pred.i)  # "called the allegation “false”"
            if dobj is not None:
                a, b = min(a, p.subtree(dobj.i)[0]), max(b, p.subtree(dobj.i)[1])
            return a, b, pred.i, "predicative"
        as_prep = next((k for k in kids(p, tok.i, "prep") if k.lower == "as"), None)
        if as_prep is not None:
            a, b = p.subtree(as_prep.i)
            if dobj is not None and dobj.i < as_prep.i:
                a = p.subtree(dobj.i)[0]
            return a, b, as_prep.i, "predicative"
        if tok.lemma == "call":
            for_prep = next((k for k in kids(p, tok.i, "prep") if k.lower == "for"), None)
            if for_prep is not None:
                pobj = first_kid(p, for_prep.i, "pobj")
                if pobj is not None:
                    a, b = p.subtree(pobj.i)
                    return a, b, pobj.i, "call-for"
    if dobj is not None:
        comp = claim_complement(p, dobj, lex)
        if comp is not None:
            a, b = content_range(p, comp)
            return a, b, comp.i, "claim-object"
        if dobj.lower not in PRONOUNS:
            a, b = object_range(p, tok, dobj)
            if cls in ("criticism", "distancing") and tok.lemma not in ("claim",):
                return a, b, dobj.i, "object"  # "criticised the league for …", "accused X of …"
            if tok.lemma in lex.position_cues or tok.lemma == "question" or (
                    tok.lemma in lex.object_cues and dobj.lemma in lex.claim_nouns):
                return a, b, dobj.i, "object"
            if tok.lemma in lex.object_cues or tok.lemma in lex.position_cues:
                return a, b, dobj.i, "object-quoted"  # kept only if it holds a quotation
            if tok.lemma in lex.np_content and tok.lemma not in lex.directive_cues and \
                    tok.lemma not in lex.np_prep_only:
                return a, b, dobj.i, "np-object"  # "praised the new transit plan"
        elif cls in ("denial", "question") and tok.lemma in lex.np_content:
            return dobj.i, dobj.i + 1, dobj.i, "np-object"  # "the minister denied it"
    if cls in ("distancing", "denial", "hedge") or tok.lemma in lex.commissive_cues:
        x = first_kid(p, tok.i, "xcomp")
        if x is not None and x.pos in ("VERB", "AUX"):
            a, b = p.subtree(x.i)
            # "has promised to repeal the parking tax", "vowed to appeal"
            return a, b, x.i, "xcomp" if tok.lemma not in lex.commissive_cues else "commissive"
    if tok.lemma in ("warn", "caution", "advise"):
        prep = next((k for k in kids(p, tok.i, "prep") if k.lower in ("against", "of", "that")),
                    None)
        if prep is not None:
            a, b = p.subtree(prep.i)
            return a, b, prep.i, "prep"
    return np_prep(p, tok, lex)




_SKIP_AFTER = {"though", "although", "whereas", "who", "whom", "which", "whose", "according",
               "adding", "noting", "saying", "citing", "stating", "explaining", "referring",
               "speaking", "pointing"}


def _surface(p: Parse, tok: Tok, subj: Tok | None, cls: str,
             lex: Lexicon) -> list[tuple[int, int]]:
    """Content by word order when the parse gives none (spaCy's small model often
    attaches the reported clause wrongly):

    * ``X said <rest>``: the rest of the sentence (after a leading 'that', and
      after a short prepositional phrase before 'that': 'alleged to CBC News that …');
    * ``<before>, X said.``: what precedes the attribution;
    * ``<before>, X said, <after>``: both sides, as two statements.
    """
    if tok.lemma not in lex.surface_cues:
        return []
    sa, sb = p.sents[tok.sent]
    while sb > sa and p.toks[sb - 1].pos == "PUNCT":
        sb -= 1
    lo = tok.i
    if subj is not None and subj.sent == tok.sent:
        lo = min(lo, p.subtree(subj.i)[0])
    hi = tok.i + 1
    if subj is not None and subj.i > tok.i and subj.sent == tok.sent:
        hi = max(hi, mention_range(p, subj.i)[1])  # "…, said X"
    prt = first_kid(p, tok.i, "prt")
    if prt is not None and prt.i == hi:
        hi += 1
    out: list[tuple[int, int]] = []
    before_comma = lo - 1 >= sa and p.toks[lo - 1].text in (",", "—", "–", ":")
    ends_or_comma = hi >= sb or p.toks[hi].text == ","
    if before_comma and ends_or_comma and lo - 1 > sa and _interrupts(p, sa, lo - 1, hi, sb):
        return [(sa, sb)]  # "The plan, she said, is dead": one statement
    if before_comma and ends_or_comma and lo - 1 - sa >= 2:
        out.append((sa, lo - 1))
        # "<before>, he said, <after>": the after-part is a second piece
        if hi < sb and p.toks[hi].text == "," and sb - (hi + 1) >= 2 and \
                p.toks[hi + 1].lower not in _SKIP_AFTER:
            out.append((hi + 1, sb))
        return out
    if tok.lemma in lex.forward_cues and sb - hi >= 3 and not ends_or_comma:
        a = hi
        window = [t for t in p.toks[hi:min(sb, hi + 8)]]
        that = next((t for t in window if t.lower == "that"), None)
        if that is not None and all(t.pos not in ("VERB", "AUX") for t in p.toks[hi:that.i]):
            a = that.i + 1
        elif p.toks[hi].pos in ("ADP", "PUNCT", "ADV", "CCONJ", "PART"):
            return []
        if p.toks[a].lower in _SKIP_AFTER:
            return []
        if not any(t.tag in ("VBD", "VBZ", "VBP", "MD") for t in p.toks[a:sb]):
            return []  # not a clause: "the film tells the story of …"
        out.append((a, sb))
    return out


_FINITE = ("VBD", "VBZ", "VBP", "MD")


def _interrupts(p: Parse, sa: int, before_end: int, hi: int, sb: int) -> bool:
    """Does the attribution interrupt one clause ('The plan, she said, is dead')?
    The part before it has no finite verb and the part after starts with one."""
    if hi >= sb or p.toks[hi].text != "," or hi + 1 >= sb:
        return False
    after = p.toks[hi + 1]
    return (not any(t.tag in _FINITE for t in p.toks[sa:before_end])
            and (after.tag in _FINITE or (after.pos == "ADV" and hi + 2 < sb
                                          and p.toks[hi + 2].tag in _FINITE)))


def _from_cues(article: Article, p: Parse, pi: int, quotes: list[Quotation],
               lex: Lexicon) -> list[Candidate]:
    text = article.text
    out: list[Candidate] = []
    body = article.body
    for tok in p.toks:
        cls = _cue_class(tok, p, lex)
        if cls is None:
            continue
        if not _speech_context(p, tok, lex):
            continue
        subj = _speaker_token(p, tok, lex=lex)
        if subj is not None and subj.lemma in lex.claim_nouns and subj.dep != "nsubj" and \
                not _issued_document(p, tok, subj, lex):
            subj = None  # "allegations suggesting that …": the noun is not a speaker
        if subj is not None and not _plausible_speaker(p, tok, subj, lex):
            continue
        if tok.lemma in lex.document_subject_cues and (
                subj is None or subj.lemma not in lex.document_nouns):
            continue  # "read" is a cue only for documents ("the statement read")
        span, lemma = cue_text(p, tok, text)
        cue = Cue(span, lemma, cls)
        found = _content(p, tok, cls, lex)
        quote = None
        if found is not None:
            a, b, root, how = found
            content = tok_span(text, p, a, b)
        else:
            content, root, how = None, tok.i, ""
        if how == "call-for":
            # the phrasal cue: "called for"
            nxt = p.toks[tok.i + 1] if tok.i + 1 < len(p.toks) else None
            if nxt is not None and nxt.lower == "for":
                cue = Cue(Span(tok.start, nxt.end, text[tok.start:nxt.end]), "call for", cls)
        inherited = subj is not None and subj.head != tok.i and tok.head != subj.i
        if (content is None or not quotes_in(quotes, content.start, content.end)) and not (
                inherited and how == "clause"):
            # ('"…," Pell said, suggesting that X': the quote is the governing verb's)
            quote = _adjacent_quote(text, p, tok, subj, quotes)
            if quote is not None:
                content = Span(quote.start, quote.end, text[quote.start:quote.end])
                how = "quote"
        if quote is None and subj is not None and (found is None or how == "xcomp"
                                                   or how in NP_HOWS):
            pieces = _surface(p, tok, subj, cls, lex)
            if pieces:
                a, b = pieces[0]
                content, root, how = tok_span(text, p, a, b), a, "surface"
                if a <= subj.i < b:
                    how = "parenthetical"  # the attribution inside its clause
                for a2, b2 in pieces[1:]:
                    extra = tok_span(text, p, a2, b2)
                    if extra is not None:
                        k2, w2 = kind_of(extra, quotes)
                        out.append(make(article, p, pi, tok, cue, subj,
                                         w2, k2, "surface", a2,
                                         negated=is_negated(p, tok.i)))
        if how == "object-quoted" and (content is None
                                       or not quotes_in(quotes, content.start, content.end)):
            if tok.lemma not in lex.np_content or tok.lemma in lex.np_prep_only:
                continue
            how = "np-object"  # "denied wrongdoing": noun-phrase content
        if (how in NP_HOWS or how == "commissive") and (
                subj is None or not animate(p, subj, lex) or (
                    tok.lemma in lex.needs_that and not is_document(subj, lex))
                or not speech_act(p, tok, subj, p.toks[root], how, lex)):
            continue  # "a rising tendency", "she found the keys", "denied a request"
        if content is None or subj is None and quote is None and how != "clause":
            continue
        if subj is None and how == "clause" and tok.dep not in ("ROOT", "conj", "advcl"):
            continue
        if not (body.start <= content.start and content.end <= body.end):
            continue
        if subj is not None and content.start <= subj.start < content.end and \
                how != "parenthetical":
            continue  # the "speaker" sits inside the content: not an attribution
        if how == "clause" and subj is not None and subj.i > 0 and \
                p.toks[subj.i - 1].lower == "what" and p.toks[a].tag in ("VBD", "VBZ", "VBP"):
            continue  # "what it said were fragments": a free relative, not a report
        kind, widened = kind_of(content, quotes)
        document = subj is not None and is_document(subj, lex)
        bare = tok.lemma in lex.needs_that and kind == "indirect" and not has_that(p, root)
        if bare and not document:
            continue  # "China finds itself navigating …" reports no speech
        content = widened
        made = make(article, p, pi, tok, cue, subj, content, kind, how or "clause", root,
                     negated=is_negated(p, tok.i))
        if how == "commissive" or kind == "indirect" and (how in NP_HOWS or bare):
            # not a quotation as quote annotation marks them: "praised the plan",
            # "vowed to appeal", "the audit found widespread errors"
            made = replace(made, quote=False)
        out.append(made)
        if how != "quote" and subj is not None:
            # '"Q1," said X, "Q2."': the quotation before the attribution is X's too
            before = _adjacent_quote(text, p, tok, subj, quotes, before_only=True)
            if before is not None and before.end <= content.start:
                q_span = Span(before.start, before.end, text[before.start:before.end])
                out.append(make(article, p, pi, tok, cue, subj, q_span, "direct", "quote",
                                 root, negated=is_negated(p, tok.i)))
    return out


def _standalone_quotes(article: Article, parses: list[Parse], quotes: list[Quotation],
                       taken: list[Candidate]) -> list[Candidate]:
    """Quotations no cue claimed: continuations whose speaker stage 6 finds."""
    text = article.text
    out = []
    claimed = Cover((c.content.start, c.content.end) for c in taken)
    starts = [p.start for p in parses]
    ordered = all(a.end <= b.start for a, b in zip(parses, parses[1:], strict=False))
    for q in quotes:
        if claimed.overlaps(q.start, q.end):
            continue
        inner = text[q.start + 1:q.end - 1 if q.closed else q.end]
        words = len(inner.split())
        if words < 3:
            continue
        if ordered:
            pi = bisect.bisect_right(starts, q.start) - 1
            pi = pi if pi >= 0 and parses[pi].start <= q.start < parses[pi].end else -1
        else:
            pi = next((k for k, p in enumerate(parses) if p.start <= q.start < p.end), -1)
        if pi < 0:
            continue
        p = parses[pi]
        sent = next((s for s in p.sents if p.toks[s[0]].start <= q.start < p.toks[s[1] - 1].end),
                    None)
        if sent is None:
            continue
        s_start = p.toks[sent[0]].start
        at_start = not text[s_start:q.start].strip()
        if not at_start and words < 8:
            continue  # a scare quote or a title inside a sentence
        sentence = Span(s_start, p.toks[sent[1] - 1].end, text[s_start:p.toks[sent[1] - 1].end])
        content = Span(q.start, q.end, text[q.start:q.end])
        head_i = -1
        if text[s_start:q.start].rstrip().endswith(":"):
            # 'Martell is more blunt: "…"': the clause before the colon names the speaker
            root = next((t for t in p.toks[sent[0]:sent[1]] if t.dep == "ROOT"
                         and t.end <= q.start), None)
            subj = first_kid(p, root.i, "nsubj") if root is not None else None
            if subj is not None and (subj.pos in ("PROPN", "PRON") or subj.ent_type):
                head_i = subj.i
        out.append(Candidate(content=content, kind="direct", cue=None, sentence=sentence,
                             source="quote-only", parse_index=pi, head_i=head_i))
    return out


def find(article: Article, parses: list[Parse], quotes: list[Quotation],
         lex: Lexicon) -> list[Candidate]:
    found: list[Candidate] = []
    look = quote_lookup(quotes)
    for pi, p in enumerate(parses):
        local = look(p.start, p.end)
        found.extend(_from_cues(article, p, pi, local, lex))
        found.extend(according_to(article, p, pi, local, lex))
        found.extend(noun_claims(article, p, pi, local, lex))
        found.extend(passive(article, p, pi, local, lex))
    found = _dedupe(found, quotes, parses)
    found.extend(_standalone_quotes(article, parses, quotes, found))
    return sorted(found, key=lambda c: (c.content.start, c.content.end))


def _nested_source(c: Candidate, parses: list[Parse]) -> bool:
    """Is this cue's subject one the outer speaker reports on (a pronoun, a
    document or other common noun) rather than a named source of its own?"""
    if c.mention is None or c.head_i < 0 or c.parse_index < 0:
        return True
    head = parses[c.parse_index].toks[c.head_i]
    return head.pos in ("PRON", "NOUN") and not head.ent_type


def _dedupe(found: list[Candidate], quotes: list[Quotation],
            parses_of: list[Parse]) -> list[Candidate]:
    """One statement per content span; a cue inside a quotation is speech within
    speech ("I think …" inside a quote), not the article's attribution."""
    keep: dict[tuple[int, int, int], Candidate] = {}
    contents = Cover((c.content.start, c.content.end) for c in found if c.kind != "direct")
    quoted = Cover((q.start, q.end) for q in quotes)
    for c in found:
        if c.cue is not None and quoted.inside(c.cue.span.start, strict_start=True):
            continue
        if c.cue is not None and _nested_source(c, parses_of) and contents.inside(
                c.cue.span.start, exclude=(c.content.start, c.content.end)):
            # "Matlow said he thinks X", "the ministry said the report proved X":
            # one statement, the outer one (the inner attribution is the outer
            # speaker's claim, not the inner source's own words)
            continue
        # One statement per content span, except that two different speakers
        # may take opposite sides on one clause ("allegations by X that … were
        # rejected by Y").
        key = (c.content.start, c.content.end, c.head_i if c.kind != "direct" else -2)
        old = keep.get(key)
        if old is None or _rank(c) > _rank(old):
            keep[key] = c
    return sorted(keep.values(), key=lambda c: (c.content.start, c.content.end))


def _rank(c: Candidate) -> tuple[int, int]:
    return (c.mention is not None, c.cue is not None)


__all__ = ["find", "char_span"]
