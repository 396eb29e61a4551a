"""Stages 6–7: resolve each statement's speaker, then group speakers per article.

Resolution works on the parse with rules (no coreference model is available
offline):

* a named mention is canonicalised (surname → the article's full name for that
  person; metonyms, a state's own voices and agencies via :mod:`.naming`);
* ``A doctor, Hugh Hill, said`` uses the proper-noun apposition;
* ``a spokesperson for the ministry`` speaks for the (resolved) ministry;
* pronouns go to the most recent compatible speaker or named entity (person for
  he/she, organisation/state for it/they), with gender learnt from titles and
  earlier pronouns;
* nominal anaphora (``the government``, ``the ministry``, ``the minister``) goes
  to the most recent entity of that type; a document (``the statement``) goes to
  its issuer (``a statement issued by X``, ``X's statement``) or the last speaker;
* quotations with no speaker of their own continue the previous speaker, or take
  the next attribution in the same paragraph;
* anything else stays *unresolved*, never guessed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from ..lexicon import Lexicon
from ..link.rules import load_rules
from ..nlp import Parse, Tok
from ..records import Article, Span, SpeakerEntity, SpeakerRef
from .candidate import Candidate
from .naming import name_mention, state_of, strip_det
from .tree import first_kid, kids, mention_range, tok_span

MALE_TITLES = {"mr", "mr.", "sir", "lord", "king", "prince"}
FEMALE_TITLES = {"ms", "ms.", "mrs", "mrs.", "miss", "dame", "lady", "queen", "princess"}
SPOKES = {"spokesperson", "spokesman", "spokeswoman", "representative", "official", "officer",
          "source", "aide", "director", "head", "chief", "minister", "secretary", "member"}
PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
THING_PRONOUNS = {"it", "they", "them"}
_WINDOW = 2500  # characters looked back for an antecedent


@dataclass(frozen=True, slots=True)
class Ent:
    start: int
    end: int
    label: str
    text: str
    pi: int
    first: int  # token index of the entity's first token
    head: int  # token index of the entity's last token
    subject: bool


def _entities(parses: list[Parse]) -> list[Ent]:
    out = []
    for pi, p in enumerate(parses):
        for a, b, label in p.ents:
            if label not in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
                continue
            t0, t1 = p.toks[a], p.toks[b - 1]
            subj = any(p.toks[j].dep in ("nsubj", "nsubjpass") for j in range(a, b))
            out.append(Ent(t0.start, t1.end, label, "", pi, a, b - 1, subj))
    return out


class _Resolver:
    def __init__(self, article: Article, parses: list[Parse], lex: Lexicon) -> None:
        self.text = article.text
        self.parses = parses
        self.lex = lex
        self.ents = sorted((replace(e, text=self.text[e.start:e.end]) for e in _entities(parses)),
                           key=lambda e: e.start)
        self._ent_starts = [e.start for e in self.ents]
        self._parse_starts = [p.start for p in parses]
        # NER calls unfamiliar place names and adjectives persons ("Veldran"); a
        # name the article also uses as a place or group is not a person.
        other = {e.text for e in self.ents if e.label in ("GPE", "NORP", "ORG")}
        self.persons = [e for e in self.ents if e.label == "PERSON" and e.text not in other
                        and self._proper(e)]
        self._by_surname: dict[str, list[Ent]] = {}
        for e in self.persons:
            ew = e.text.split()
            if len(ew) >= 2:
                self._by_surname.setdefault(ew[-1], []).append(e)
        self.gender: dict[str, str] = {}
        # paragraph breaks: a run of newlines (and blank or "." lines) counts once
        self._newlines = [m.start() for m in re.finditer(r"\n[\s.]*", self.text)]
        self.history: list[tuple[int, SpeakerRef]] = []  # (offset, ref) of resolved speakers
        self._offsets: dict[int, int] = {}  # id(ref) → its latest offset in history
        # words that start no name before a surname: function words, titles, person nouns
        self._not_first = {w.lower() for w in (*load_rules().stopwords, *lex.titles,
                                               *lex.person_nouns)}
        self._text_names: dict[str, str | None] = {}
        self._learn_titles()

    def para_of(self, offset: int) -> int:
        """Paragraph number of an offset (parses may be single sentences)."""
        return bisect.bisect_right(self._newlines, offset)

    def _proper(self, e: Ent) -> bool:
        p = self.parses[e.pi]
        return all(p.toks[j].tag == "NNP" for j in range(e.first, e.head + 1))

    # -- names ------------------------------------------------------------------
    def _learn_titles(self) -> None:
        for e in self.persons:
            before = self.text[max(0, e.start - 6):e.start].strip().lower().split()
            if before:
                t = before[-1]
                g = "m" if t in MALE_TITLES else "f" if t in FEMALE_TITLES else None
                if g:
                    self.gender.setdefault(self.full_name(e.text, e.start), g)

    def _strip_titles(self, name: str) -> list[str]:
        words = name.split()
        while len(words) > 1 and (words[0] in self.lex.titles
                                  or words[0].lower() in self.lex.person_nouns):
            words = words[1:]  # leading titles only: "Prime Minister Elena Vasquez"
        return words

    def _title_name(self, name: str, word: str) -> str:
        """'Lady Gaga' stays whole: a title that can be part of a name is kept when
        the one word after it is all the name there is ('Mr. Haddad' → 'Haddad')."""
        parts = name.split()
        if len(parts) == 2 and parts[0] in self.lex.name_titles and parts[1] == word:
            return name
        return word

    def full_name(self, name: str, at: int) -> str:
        """'Karlsson' → 'Erik Karlsson' (nearest earlier full name sharing the surname).

        Iterative: a surname leads to a mention such as "Chair Koval", which
        strips to "Koval" again; each mention is visited once, so no chain of
        titles, surnames and full names can loop (issue 12).
        """
        seen: set[tuple[int, str]] = set()
        while True:
            words = self._strip_titles(name)
            titled, name = name, " ".join(words) or name
            if len(words) != 1:
                return name
            best = self._surname_match(words[0], at, seen)
            if best is None:
                kept = self._title_name(titled, words[0])  # 'Lady Gaga' stays whole
                return kept if kept != words[0] else self.text_full_name(kept) or kept
            seen.add((best.start, best.text))
            name, at = best.text, best.start

    def text_full_name(self, word: str) -> str | None:
        """The one full name ending in ``word`` that the article's text writes
        ("Darian Lonechild" in a paragraph with no attribution, so never parsed), when it
        writes exactly one: one or two capitalised words before it, the first no function
        word, title or state ("The Woods", "If Woods", "Minister Woods" are no names)."""
        if word in self._text_names:
            return self._text_names[word]
        found = set()
        if re.fullmatch(r"[A-Z][\w'’-]+", word):
            for m in re.finditer(r"(?<![\w'’.-])([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) " +
                                 re.escape(word) + r"(?![\w'’-])", self.text):
                first = m.group(1).split()[0].split("-")[0]
                if first.lower() in self._not_first or first in self.lex.states:
                    continue
                found.add(f"{m.group(1)} {word}")
        self._text_names[word] = next(iter(found)) if len(found) == 1 else None
        return self._text_names[word]

    def _surname_match(self, word: str, at: int, seen: set[tuple[int, str]]) -> Ent | None:
        """The person mention of two words or more ending in this surname, nearest before ``at``."""
        surname = word.strip("’'s").rstrip(",")
        best: Ent | None = None
        for e in self._by_surname.get(surname, ()):
            if (e.start, e.text) in seen:
                continue
            if e.start <= at and (best is None or best.start > at or e.start > best.start):
                best = e
            elif best is None:
                best = e
        return best

    def name_tokens(self, p: Parse, head: Tok) -> tuple[Span | None, SpeakerRef | None]:
        """Mention span and reference for a named / nominal head (no anaphora)."""
        a, b = mention_range(p, head.i)
        mention = tok_span(self.text, p, a, b)
        if mention is None:
            return None, None
        label = head.ent_type
        naming = name_mention(mention.text, self.lex, ent_label=label, head_lemma=head.lemma,
                              plural=head.tag in ("NNS", "NNPS"))
        name = naming.name
        core_text = strip_det(mention.text)
        if label != "PERSON" and head.pos == "PROPN" and " " not in core_text and (
                any(e.text.split()[-1] == core_text and " " in e.text for e in self.persons)
                or (label != "GPE" and naming.kind != "government"
                    and self.text_full_name(core_text))):
            label = "PERSON"  # "Vasquez" after "Elena Vasquez", whatever NER said
        if label == "PERSON" and state_of(core_text, self.lex):
            label = ""  # "China said": the lexicon's state, whatever NER said
        if label == "PERSON":
            ent = p.ent_at(head.i) if head.ent_type == "PERSON" else None
            core = self.text[p.toks[ent[0]].start:p.toks[ent[1] - 1].end] if ent else mention.text
            name = self.full_name(strip_det(core), mention.start)
            naming = replace(naming, kind="person", anonymous=False)
        via = "metonym" if naming.via in ("metonym", "state-voice") else "mention"
        return mention, SpeakerRef(name=name, kind=naming.kind, resolved_by=via,
                                   mention=mention, anonymous=naming.anonymous)

    # -- antecedents ------------------------------------------------------------
    def _recent(self, at: int, kinds: set[str], window: int = _WINDOW) -> SpeakerRef | None:
        for off, ref in reversed(self.history):
            if off < at and at - off > window:
                break  # sorted by offset: everything earlier is farther still
            if off < at and ref.kind in kinds:
                return ref
        return None

    def _recent_ent(self, at: int, labels: set[str], *, subject_only: bool = False,
                    contains: str | None = None, window: int = _WINDOW) -> Ent | None:
        for k in range(bisect.bisect_right(self._ent_starts, at) - 1, -1, -1):
            e = self.ents[k]
            if at - e.start > window:
                break  # sorted by start: everything earlier is farther still
            if e.end > at or e.label not in labels:
                continue
            if subject_only and not e.subject:
                continue
            if contains and contains.lower() not in e.text.lower():
                continue
            return e
        return None

    def ref_from_ent(self, e: Ent, how: str, mention: Span | None) -> SpeakerRef:
        if e.label == "PERSON" and not state_of(strip_det(e.text), self.lex):
            name, kind, anon = self.full_name(e.text, e.start), "person", False
        else:
            n = name_mention(e.text, self.lex, ent_label=e.label)
            name, kind, anon = n.name, n.kind, n.anonymous
        return SpeakerRef(name=name, kind=kind, resolved_by=how, mention=mention,
                          antecedent=Span(e.start, e.end, e.text), anonymous=anon)

    def _inherit(self, ref: SpeakerRef, how: str, mention: Span | None) -> SpeakerRef:
        ante = ref.mention or ref.antecedent
        return SpeakerRef(name=ref.name, kind=ref.kind, resolved_by=how, mention=mention,
                          antecedent=ante, anonymous=ref.anonymous)

    def pronoun(self, word: str, mention: Span) -> SpeakerRef:
        at = mention.start
        w = word.lower()
        if w in PERSON_PRONOUNS:
            g = PERSON_PRONOUNS[w]
            cands: list[tuple[int, SpeakerRef | Ent]] = []
            for off, ref in reversed(self.history):
                singular_anon = ref.kind == "anonymous" and ref.mention is not None and \
                    ref.mention.text.split()[0].lower() in ("a", "an", "one", "the")
                if off < at and at - off > _WINDOW:
                    break
                if off < at and (ref.kind == "person" or singular_anon) \
                        and self.gender.get(ref.name, g) == g:
                    cands.append((off, ref))
                    break
            for e in reversed(self.persons):
                if at - e.start > _WINDOW:
                    break
                if e.end <= at and \
                        self.gender.get(self.full_name(e.text, e.start), g) == g:
                    cands.append((e.start, e))
                    break
            if cands:
                off, best = max(cands, key=lambda x: x[0])
                ref = (self.ref_from_ent(best, "pronoun", mention) if isinstance(best, Ent)
                       else self._inherit(best, "pronoun", mention))
                self.gender.setdefault(ref.name, g)
                return ref
        elif w in THING_PRONOUNS:
            kinds = {"organization", "government", "document"} | (
                {"group", "anonymous"} if w != "it" else set())
            ref = self._recent(at, kinds)
            if w != "it":
                grp = self._recent_plural(at)
                if grp is not None and (ref is None or grp[0] > self._offset_of(ref)):
                    return SpeakerRef(name=grp[1].name, kind=grp[1].kind, resolved_by="pronoun",
                                      mention=mention, antecedent=grp[1].mention)
            e = self._recent_ent(at, {"ORG", "GPE", "NORP"}, subject_only=True)
            if ref is not None and (e is None or self._offset_of(ref) >= e.start):
                return self._inherit(ref, "pronoun", mention)
            if e is not None:
                return self.ref_from_ent(e, "pronoun", mention)
        return SpeakerRef(name=mention.text, kind="unresolved", resolved_by="unresolved",
                          mention=mention)

    def _recent_plural(self, at: int) -> tuple[int, SpeakerRef] | None:
        """The latest plural people-noun subject ('Two residents of the building …')."""
        lex = self.lex
        for p in reversed(self.parses):
            if p.start < at and at - p.end > _WINDOW:
                break
            if p.start >= at:
                continue
            for t in reversed(p.toks):
                if t.start >= at or t.tag != "NNS" or t.dep not in ("nsubj", "nsubjpass"):
                    continue
                if t.lemma in lex.person_nouns or t.lower in lex.group_heads or \
                        t.lemma in lex.anonymous_heads:
                    m, ref = self.name_tokens(p, t)
                    if ref is not None:
                        return t.start, ref
        return None

    def _parse_of(self, tok: Tok) -> Parse:
        k = bisect.bisect_right(self._parse_starts, tok.start) - 1
        if k >= 0 and self.parses[k].start <= tok.start < self.parses[k].end:
            return self.parses[k]
        return next(p for p in self.parses if p.start <= tok.start < p.end)

    @staticmethod
    def _names(ref: SpeakerRef, head: Tok) -> bool:
        """Does an earlier speaker's name or mention contain this head word?"""
        word = head.lemma.lower()
        texts = [ref.name] + [m.text for m in (ref.mention, ref.antecedent) if m is not None]
        return any(word in t.lower() or head.lower in t.lower() for t in texts)

    def _offset_of(self, ref: SpeakerRef) -> int:
        return self._offsets.get(id(ref), -1)

    def nominal(self, head: Tok, mention: Span) -> SpeakerRef | None:
        """'the government', 'the ministry', 'the minister' → an earlier entity."""
        at = mention.start
        lemma = head.lemma
        lex = self.lex
        if lemma in ("government", "administration", "authority", "regime", "state",
                     "country", "nation", "official", "cabinet", "leadership"):
            ref = self._recent(at, {"government"})
            if ref is not None:
                return self._inherit(ref, "nominal", mention)
            e = self._recent_ent(at, {"GPE"})
            return self.ref_from_ent(e, "nominal", mention) if e else None
        if lemma in lex.org_nouns:
            e = self._recent_ent(at, {"ORG"}, contains=head.text)
            ref = self._recent(at, {"organization", "government"})
            if ref is not None and lemma not in lex.generic_org_heads and not self._names(ref, head):
                ref = None  # "the council" is not the ministry spoken of before
            if e is not None and (ref is None or e.start >= self._offset_of(ref)):
                return self.ref_from_ent(e, "nominal", mention)
            if ref is not None:
                return self._inherit(ref, "nominal", mention)
            if lemma in lex.generic_org_heads:
                e = self._recent_ent(at, {"ORG"})
                return self.ref_from_ent(e, "nominal", mention) if e else None
            return None
        if lemma in lex.person_nouns:
            ref = self._recent(at, {"person"})
            e = self._recent_ent(at, {"PERSON"})
            if e is not None and (ref is None or e.start >= self._offset_of(ref)):
                return self.ref_from_ent(e, "nominal", mention)
            if ref is not None:
                return self._inherit(ref, "nominal", mention)
        return None

    def document(self, head: Tok, mention: Span) -> SpeakerRef:
        """'the statement' → who issued it (searching earlier mentions of the document)."""
        at = mention.start
        own = _issuer(self._parse_of(head), head)  # "a statement from the ministry said"
        if own is not None:
            _m, ref = self.resolve_head(self._parse_of(head), own)
            if ref is not None and ref.kind not in ("unresolved", "document"):
                return SpeakerRef(name=ref.name, kind=ref.kind, resolved_by="document",
                                  mention=mention, antecedent=ref.mention or ref.antecedent,
                                  anonymous=ref.anonymous)
        for p in reversed(self.parses):
            if p.start <= at and at - p.end > _WINDOW:
                break
            if p.start > at:
                continue
            for t in reversed(p.toks):
                if t.start >= at or t.lemma != head.lemma or at - t.start > _WINDOW:
                    continue
                issuer = _issuer(p, t)
                if issuer is not None:
                    _m, ref = self.resolve_head(p, issuer)
                    if ref is not None and ref.kind not in ("unresolved", "document"):
                        return SpeakerRef(name=ref.name, kind=ref.kind, resolved_by="document",
                                          mention=mention, antecedent=ref.mention or ref.antecedent,
                                          anonymous=ref.anonymous)
        return SpeakerRef(name=strip_det(mention.text), kind="document", resolved_by="document",
                          mention=mention)

    # -- one head ---------------------------------------------------------------
    def resolve_head(self, p: Parse, head: Tok) -> tuple[Span | None, SpeakerRef | None]:
        lex = self.lex
        # "A doctor, Hugh Hill, said": prefer the proper-noun apposition.
        if head.pos != "PROPN" or head.ent_type != "PERSON":
            for ap in kids(p, head.i, "appos"):
                if ap.ent_type == "PERSON" or (ap.pos == "PROPN" and head.pos != "PROPN"):
                    m, ref = self.name_tokens(p, ap)
                    if ref is not None:
                        return m, replace(ref, resolved_by="apposition")
        if head.pos == "PRON":
            a, b = mention_range(p, head.i)
            mention = tok_span(self.text, p, a, b) or Span(head.start, head.end, head.text)
            return mention, self.pronoun(head.lower, mention)
        mention, ref = self.name_tokens(p, head)
        if mention is None or ref is None:
            return None, None
        det = first_kid(p, head.i, "det", "poss")
        definite = det is not None and det.lower in ("the", "this", "that", "these", "those",
                                                     "its", "their")
        # "a spokesperson for the ministry": the office speaks
        if head.lemma in SPOKES and head.pos == "NOUN":
            for prep in kids(p, head.i, "prep"):
                if prep.lower in ("for", "of", "at", "from", "with"):
                    pobj = first_kid(p, prep.i, "pobj")
                    if pobj is not None and pobj.pos in ("PROPN", "NOUN"):
                        _m, inner = self.resolve_head(p, pobj)
                        if inner is not None and inner.kind in ("organization", "government"):
                            return mention, SpeakerRef(
                                name=inner.name, kind=inner.kind, resolved_by="nominal",
                                mention=mention, antecedent=inner.mention or inner.antecedent)
        if head.lemma in lex.document_nouns and head.pos == "NOUN" and ref.kind == "document":
            return mention, self.document(head, mention)
        if ref.kind in ("unresolved", "organization", "person", "group") and head.pos == "NOUN" \
                and definite and ref.resolved_by == "mention" and not _has_proper(p, head):
            found = self.nominal(head, mention)
            if found is not None:
                return mention, found
        return mention, ref

    def headline_speaker(self, mention: Span) -> SpeakerRef:
        """The speaker a headline names ('Pell' → the body's 'Ines Pell')."""
        name = self.full_name(mention.text, mention.start)
        person = name != mention.text or any(e.text == mention.text for e in self.persons)
        if person:
            return SpeakerRef(name=name, kind="person", resolved_by="mention", mention=mention)
        naming = name_mention(mention.text, self.lex)
        kind = naming.kind
        if mention.text.split()[-1].lower() in self.lex.org_nouns and kind == "person":
            kind = "organization"  # "Velden Council"
        return SpeakerRef(name=naming.name, kind=kind, resolved_by="mention",
                          mention=mention, anonymous=naming.anonymous)

    def remember(self, offset: int, ref: SpeakerRef) -> None:
        if ref.kind != "unresolved":
            bisect.insort_right(self.history, (offset, ref), key=lambda x: x[0])
            self._offsets[id(ref)] = max(offset, self._offsets.get(id(ref), -1))


def _has_proper(p: Parse, head: Tok) -> bool:
    a, b = mention_range(p, head.i)
    return any(p.toks[j].pos == "PROPN" or p.toks[j].ent_type in ("NORP", "GPE", "ORG")
               for j in range(a, b) if j != head.i)


def _issuer(p: Parse, doc: Tok) -> Tok | None:
    """X in 'a statement issued by X', "X's statement", 'a statement from X'."""
    poss = first_kid(p, doc.i, "poss")
    if poss is not None and poss.pos in ("PROPN", "NOUN"):
        return poss
    head = p.toks[doc.head]
    if doc.dep == "dobj" and head.lemma in ("issue", "release", "publish", "post", "send",
                                             "deliver", "circulate", "file", "put"):
        subj = first_kid(p, head.i, "nsubj")  # "the ministry issued a statement"
        if subj is not None and subj.pos in ("PROPN", "NOUN"):
            return subj
    for k in kids(p, doc.i, "acl", "prep"):
        if k.dep == "prep" and k.lower in ("from", "by"):
            pobj = first_kid(p, k.i, "pobj")
            if pobj is not None:
                return pobj
        if k.dep == "acl":
            agent = first_kid(p, k.i, "agent")
            if agent is not None:
                pobj = first_kid(p, agent.i, "pobj")
                if pobj is not None:
                    return pobj
    return None


def resolve(article: Article, parses: list[Parse], found: list[Candidate],
            lex: Lexicon) -> list[Candidate]:
    r = _Resolver(article, parses, lex)
    out: list[Candidate | None] = [None] * len(found)
    order = sorted(range(len(found)), key=lambda k: _position(found[k]))
    pending: list[int] = []
    for k in order:
        c = found[k]
        if c.speaker is not None:  # decided by the construction ('It was announced …')
            out[k] = c
            continue
        if c.source == "headline" and c.mention is not None:
            out[k] = replace(c, speaker=r.headline_speaker(c.mention))
            continue
        if c.head_i < 0 or c.parse_index < 0:
            pending.append(k)
            continue
        p = parses[c.parse_index]
        mention, ref = r.resolve_head(p, p.toks[c.head_i])
        if ref is None:
            ref = SpeakerRef(name=c.mention.text if c.mention else "unknown", kind="unresolved",
                             resolved_by="unresolved", mention=c.mention)
        r.remember(_position(c), ref)
        out[k] = replace(c, speaker=ref, mention=mention or c.mention)
    # Quotations with no speaker in their sentence (each sees the others resolved so far).
    done = _Done([x for x in out if x is not None])
    for k in pending:
        c = found[k]
        ref, of = _continuation(r, c, done, parses)
        out[k] = replace(c, speaker=ref, continues=_key(of) if of is not None else None)
        done.add(out[k])
    return [c for c in out if c is not None]


def _position(c: Candidate) -> int:
    return min(c.content.start, c.mention.start if c.mention else c.content.start)


class _Done:
    """Resolved candidates sorted by content start (bisection instead of scans)."""

    def __init__(self, found: list[Candidate]) -> None:
        self.items = sorted(found, key=lambda d: d.content.start)
        self.starts = [d.content.start for d in self.items]

    def add(self, c: Candidate) -> None:
        k = bisect.bisect_right(self.starts, c.content.start)
        self.items.insert(k, c)
        self.starts.insert(k, c.content.start)

    def after(self, offset: int) -> list[Candidate]:
        return self.items[bisect.bisect_left(self.starts, offset):]

    def between(self, lo: int, hi: int) -> list[Candidate]:
        return self.items[bisect.bisect_left(self.starts, lo):bisect.bisect_right(self.starts, hi)]


def _key(c: Candidate) -> tuple[int, int, int]:
    cue = c.cue.span.start if c.cue else (c.marker.start if c.marker else -1)
    return c.content.start, c.content.end, cue


def _continuation(r: _Resolver, c: Candidate, done: _Done,
                  parses: list[Parse]) -> tuple[SpeakerRef, Candidate | None]:
    """The speaker of a quotation with no attribution of its own, and the statement
    whose attribution it belongs to (same speaker, same or next paragraph), if any."""
    start = c.content.start
    # 1. the next attribution right after it in the same paragraph ('"A." "B," she said.')
    here = r.para_of(start)
    later = done.after(c.content.end)
    if c.content.text.rstrip()[-1:] not in "\"”»’'":
        # a paragraph of a multi-paragraph quote: the words continue in the next
        # paragraph, whose attribution ("…," she said) names the speaker
        for d in later:
            if r.para_of(d.content.start) > here + 1:
                break
            if d.kind == "direct" and d.speaker is not None and \
                    d.speaker.kind != "unresolved" and r.para_of(d.content.start) == here + 1:
                return r._inherit(d.speaker, "continuation", None), d
    for d in later:
        if r.para_of(d.content.start) > here:
            break
        if r.para_of(d.content.start) == here and d.kind == "direct":
            gap = r.text[c.content.end:d.content.start]
            if not gap.strip() and d.speaker is not None:
                return r._inherit(d.speaker, "continuation", None), d
            break
    # 2. the previous statement within the same or the previous two paragraphs
    lo = r._newlines[here - 3] if here >= 3 else -1  # paragraph here-2 starts after it
    prev = [d for d in done.between(lo, start) if d.content.end <= start
            and d.speaker is not None and d.speaker.kind != "unresolved"
            and here - r.para_of(d.content.start) <= 2]
    person = r._recent_ent(start, {"PERSON"}, window=600)
    if prev:
        last = max(prev, key=lambda d: d.content.end)
        if person is None or person.start < last.content.end or \
                r.para_of(last.content.start) == here:
            near = here - r.para_of(last.content.start) <= 1
            return r._inherit(last.speaker, "continuation", None), last if near else None
    # 3. a person named just before (a profile paragraph followed by a quote)
    if person is not None and here - r.para_of(person.start) <= 1:
        ref = r.ref_from_ent(person, "context", None)
        if prev:  # the person is the last statement's speaker ('"…," said X.' then a quote)
            last = max(prev, key=lambda d: d.content.end)
            if last.speaker is not None and last.speaker.name == ref.name and \
                    here - r.para_of(last.content.start) <= 1:
                return ref, last
        return ref, None
    return SpeakerRef(name="unresolved", kind="unresolved", resolved_by="unresolved"), None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "unknown"


_KIND_ORDER = ("government", "organization", "person", "group", "anonymous", "document",
               "unresolved")


def group(article: Article, found: list[Candidate],
          lex: Lexicon) -> tuple[list[Candidate], tuple[SpeakerEntity, ...]]:
    """One SpeakerEntity per canonical name; statements point at theirs."""
    by_key: dict[str, dict] = {}
    out = []
    for c in found:
        ref = c.speaker
        if ref is None:
            continue
        key = _slug(ref.name) if ref.kind != "unresolved" else "unresolved-" + _slug(ref.name)
        g = by_key.setdefault(key, {"name": ref.name, "kinds": [], "mentions": {}, "aliases": {}})
        g["kinds"].append(ref.kind)
        for m in (ref.mention, ref.antecedent):
            if m is not None:
                g["mentions"][(m.start, m.end)] = m
                g["aliases"][m.text] = None
        out.append(replace(c, speaker=replace(ref, entity=key)))
    entities = []
    for key, g in by_key.items():
        kind = min(g["kinds"], key=lambda k: _KIND_ORDER.index(k) if k in _KIND_ORDER else 99)
        mentions = tuple(sorted(g["mentions"].values(), key=lambda m: m.start))
        entities.append(SpeakerEntity(id=key, name=g["name"], kind=kind, mentions=mentions,
                                      aliases=tuple(a for a in g["aliases"] if a != g["name"])))
    entities.sort(key=lambda e: (e.mentions[0].start if e.mentions else 1 << 30, e.name))
    return out, tuple(entities)
