"""Stage 2–3: paragraphs, quotations, and which paragraphs are worth parsing.

Quotation finding is character-level and never fails: straight and curly double
quotes, and curly single quotes; a quote left open at the end of a paragraph is
continued when the next paragraph opens with a quote mark (the news convention
for multi-paragraph quotes) and otherwise closed at the paragraph end, so an
unbalanced mark never swallows the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon import Lexicon
from ..records import Article

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
_LINE_RE = re.compile(r"[^\n]+")
_JUNK_LINE = re.compile(r"^\W*$")


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or paragraph end if unclosed)
    closed: bool
    paragraph: int  # index of the paragraph it starts in
    continues: bool = False  # continued from the previous paragraph (no closing mark there)

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1 if self.closed else self.end


_TERMINAL = re.compile(r"[.!?:;…\"'”’)\]]\s*$")
_ANY_QUOTE = re.compile(r"[\"“”«»]")


def is_furniture(line: str, lex: Lexicon | None) -> bool:
    """Teasers, photo captions and short unpunctuated lines (subheads)."""
    if lex is None:
        return False
    if lex.furniture_re.search(line) or lex.caption_re.search(line) or \
            lex.subhead_re.match(line):
        return True
    return (not _TERMINAL.search(line) and not _ANY_QUOTE.search(line)
            and len(line.split()) <= lex.short_line_words)


def paragraphs(article: Article, lex: Lexicon | None = None) -> list[tuple[int, int]]:
    """Non-empty lines of the body (each line of news plain text is a paragraph),
    without page furniture when a lexicon is given."""
    body = article.body
    out = []
    for m in _LINE_RE.finditer(article.text, body.start, body.end):
        s, e = m.span()
        seg = m.group()
        if _JUNK_LINE.match(seg):
            continue
        # trim surrounding whitespace without moving the text inside
        if is_furniture(seg.strip(), lex):
            continue
        ls = len(seg) - len(seg.lstrip())
        rs = len(seg) - len(seg.rstrip())
        if lex is not None:
            m = lex.dateline_re.match(seg, ls)
            if m and m.end() < len(seg) - rs:
                ls = m.end()  # "MERIN — …": the place line is not part of the story
        out.append((s + ls, e - rs))
    return out


def _is_opening(text: str, i: int) -> bool:
    """Is the straight quote at i an opening one (by what precedes it)?"""
    if i == 0:
        return True
    prev = text[i - 1]
    return prev.isspace() or prev in "([{—–-/:;" or prev in OPEN_DOUBLE


# Double quotation marks, and doubled single marks ('' or ‘‘) standing for one.
_DOUBLE_MARK = re.compile("[\"“”„«»]|['‘’]{2}")


def _paragraph_quotes(text: str, s: int, e: int) -> list[tuple[int, int | None]]:
    """(open, close|None) pairs of double quotes in one paragraph (close is the
    index of the closing mark's last character)."""
    pairs: list[tuple[int, int | None]] = []
    open_at: int | None = None
    for m in _DOUBLE_MARK.finditer(text, s, e):
        i, last = m.start(), m.end() - 1
        ch = '"' if len(m.group()) == 2 else m.group()
        if ch == "”" and open_at is None and _is_opening(text, i) and i + 1 < e and \
                text[i + 1].isalnum():
            ch = "“"  # a closing mark used to open ("(”This guy …”)")
        if ch == '"':
            if open_at is None and _is_opening(text, i):
                open_at = i
            elif open_at is not None:
                pairs.append((open_at, last))
                open_at = None
            # a stray closing-looking straight quote with nothing open is ignored
        elif ch in OPEN_DOUBLE:
            if open_at is None:
                open_at = i
            # a nested/duplicated opening mark inside an open quote is ignored
        elif ch in CLOSE_DOUBLE and open_at is not None:
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs


_SINGLE_OPEN = re.compile("[‘']")
_STRAIGHT_CLOSE = re.compile("'")
_CURLY_CLOSE = re.compile("[’']")


def _single_quotes(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Single quotation marks used as quotes (British style): ‘…’ or '…'.

    An opening mark starts a word (after a space, a bracket or a dash); a closing
    mark ends one and is not followed by a letter, so apostrophes ("don’t",
    "it's") never close a quote. A straight mark after an "s" and before a
    lower-case word ("the workers' union") is read as a plural possessive.
    """
    out: list[tuple[int, int]] = []
    resume = s
    for m in _SINGLE_OPEN.finditer(text, s, e):
        i = m.start()
        if i < resume or not (i == s or text[i - 1].isspace() or text[i - 1] in "([{—–-") \
                or not (i + 1 < e and (text[i + 1].isalnum() or text[i + 1] in "….")):
            continue
        straight = m.group() == "'"
        closers = _STRAIGHT_CLOSE if straight else _CURLY_CLOSE
        for c in closers.finditer(text, i + 1, e):
            j = c.start()
            if j + 1 < e and text[j + 1].isalnum():
                continue  # an apostrophe: "don’t", "it's"
            possessive = straight and text[j - 1] == "s" and j + 2 < e and \
                text[j + 1] == " " and text[j + 2].islower()
            if possessive or text[j - 1].isspace():
                continue
            if len(text[i + 1:j].split()) >= 2 or text[j - 1] in ",.!?":
                out.append((i, j))
                resume = j + 1
            break
    return out


def quotations(text: str, paras: list[tuple[int, int]]) -> list[Quotation]:
    quotes: list[Quotation] = []
    carry: int | None = None  # an open quote carried over from the previous paragraph
    for k, (s, e) in enumerate(paras):
        pairs = _paragraph_quotes(text, s, e)
        if carry is not None:
            opens_with_quote = text[s] == '"' or text[s] in OPEN_DOUBLE
            if not opens_with_quote:
                carry = None  # the previous paragraph's quote really ended there
        if carry is not None:
            quotes.append(Quotation(carry, s, closed=False, paragraph=k - 1, continues=True))
        carry = None
        for a, b in pairs:
            if b is None:
                carry = a
                # tentatively closed at paragraph end; replaced if continued
                quotes.append(Quotation(a, e, closed=False, paragraph=k))
            else:
                quotes.append(Quotation(a, b + 1, closed=True, paragraph=k))
        if not pairs:
            for a, b in _single_quotes(text, s, e):
                quotes.append(Quotation(a, b + 1, closed=True, paragraph=k))
    # Collapse: a tentative unclosed quote followed by a continuation marker keeps
    # its own paragraph's extent; the marker itself is dropped (it only says the
    # next paragraph's opening mark continues the same speaker's words).
    out = [q for q in quotes if not q.continues]
    continued_paragraphs = {q.paragraph for q in quotes if q.continues}
    return [
        Quotation(q.start, q.end, q.closed, q.paragraph,
                  continues=(q.paragraph - 1) in continued_paragraphs)
        for q in out
    ]


_IRREGULAR = {
    "say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "think": ["thought"],
    "feel": ["felt"], "find": ["found"], "show": ["shown"], "go": ["went", "gone"],
    "read": [], "speak": ["spoke", "spoken"], "hold": ["held"], "take": ["took", "taken"],
    "give": ["gave", "given"], "make": ["made"], "know": ["knew", "known"],
    "swear": ["swore", "sworn"], "lead": ["led"], "mean": ["meant"], "hear": ["heard"],
    "forecast": [], "cast": [], "put": [], "let": [], "set": [], "upset": [], "broadcast": [],
}


def word_forms(lemma: str) -> set[str]:
    """Inflected forms of an English verb/noun lemma (for cheap pre-selection)."""
    w = lemma.lower()
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing", w + "d"}
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) >= 3 and w[-1] not in "aeiouwyx" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    forms.update(_IRREGULAR.get(w, []))
    return forms


@lru_cache(maxsize=4)
def _trigger_re(lex_id: int, lemmas: frozenset[str],
                present_only: frozenset[str] = frozenset()) -> re.Pattern[str]:
    forms: set[str] = set()
    for lemma in lemmas:
        forms |= ({lemma, lemma + "s", lemma + "es"} if lemma in present_only
                  else word_forms(lemma))
    alts = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    return re.compile(r"\b(?:" + alts + r")\b", re.IGNORECASE)


def triggers(lex: Lexicon) -> re.Pattern[str]:
    """A regex for the words that can signal an attribution (quotations are
    flagged from the quotation list, not by their marks)."""
    lemmas = (set(lex.cue_class) | set(lex.claim_nouns) | set(lex.sourceless_nouns)
              | {"according"}) - lex.weak_triggers - _that_only(lex)
    # A belief verb is a statement only in the present tense ("Experts believe …"),
    # so "thought", "believed", "assuming" make no sentence worth parsing.
    present = frozenset(lex.cognition_cues - set(lex.claim_nouns) - set(lex.sourceless_nouns))
    return _trigger_re(id(lex), frozenset(lemmas), present)


@lru_cache(maxsize=4)
def _frame_re(lex_id: int, nouns: frozenset[str], preps: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(sorted(re.escape(n) for n in nouns)) or "(?!)"
    ps = "|".join(sorted(re.escape(p) for p in preps)) or "(?!)"
    return re.compile(r"\b(?:" + ps + r")\s+(?:\w+\s+){0,3}?\w+(?:'s|’s|s'|s’|\s+own|)\s+(?:"
                      + alts + r")\b", re.IGNORECASE)


def frame_trigger(lex: Lexicon) -> re.Pattern[str]:
    """'In the governor's view': a frame worth parsing (the bare nouns are too common)."""
    return _frame_re(id(lex), lex.view_nouns, lex.view_preps)


def _that_only(lex: Lexicon) -> frozenset[str]:
    """Cues that report speech only with a 'that' clause or a document as subject
    ('the study found that …', 'the audit found errors'; not 'she found the keys')."""
    return frozenset(lex.needs_that - set(lex.claim_nouns) - set(lex.sourceless_nouns))


@lru_cache(maxsize=4)
def _that_or_document_re(lex_id: int, nouns: frozenset[str]) -> re.Pattern[str]:
    forms: set[str] = {"that"}
    for noun in nouns:
        forms |= {noun, noun + "s"}
    alts = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    return re.compile(r"\b(?:" + alts + r")\b", re.IGNORECASE)


def that_triggers(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the forms of the that-only cues, 'that' or a document noun): a sentence with
    the first is worth parsing only when it also has the second."""
    return (_trigger_re(id(lex), _that_only(lex)),
            _that_or_document_re(id(lex), frozenset(lex.document_nouns)))


@lru_cache(maxsize=4)
def _prep_re(lex_id: int, pairs: frozenset[tuple[str, frozenset[str]]]) -> re.Pattern[str]:
    alts = []
    for lemma, preps in sorted(pairs):
        forms = "|".join(sorted((re.escape(f) for f in word_forms(lemma)), key=len, reverse=True))
        alts.append(r"(?:" + forms + r")\s+(?:[\w'’-]+\s+){0,3}?(?:"
                    + "|".join(sorted(preps)) + ")")
    return re.compile(r"\b(?:" + ("|".join(alts) or "(?!)") + r")\b", re.IGNORECASE)


def prep_trigger(lex: Lexicon) -> re.Pattern[str]:
    """A weak cue shortly before one of its content prepositions ('talked about the
    border', 'talked at length about the drought', 'agreed with the ruling'): worth
    parsing, though the bare verb is not."""
    pairs = frozenset((lemma, lex.np_content[lemma]) for lemma in lex.weak_triggers
                      if lex.np_content.get(lemma))
    return _prep_re(id(lex), pairs)


# A cheap sentence splitter for selection only (spaCy splits again inside a segment).
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def sentences(text: str, start: int, end: int,
              abbreviations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Cheap sentence ranges of text[start:end]; no cut after a title or an
    initial ("believed Mr. Haddad could win", "J. Smith said")."""
    out, pos = [], start
    for m in _SENT_END.finditer(text, start, end):
        w = _LAST_WORD.search(text, max(pos, m.start() - 12), m.start())
        if w is not None and text[m.start() - 1] == "." and (
                w.group(1).lower() in abbreviations or (len(w.group(1)) == 1
                                                        and w.group(1).isupper())):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, end))
    return [(a, b) for a, b in out if b > a]


def _names_someone(text: str, a: int, b: int) -> bool:
    """Can this context sentence name a speaker for the next one? Speaker
    resolution looks back for a named person, organisation or place (a pronoun,
    "the ministry" and a bare quotation resolve to one), so a sentence with no
    capitalised word after its first has nothing to offer and is not parsed."""
    words = text[a:b].split()
    return any(w.lstrip("\"“‘'(").istitle() or w.lstrip("\"“‘'(")[:1].isupper()
               for w in words[1:])


def select(text: str, paras: list[tuple[int, int]], quotes: list[Quotation],
           lex: Lexicon, context: int = 1) -> list[tuple[int, int]]:
    """Stretches of text worth parsing: sentences that can hold an attribution (a
    quotation, a cue word form, "according to") plus ``context`` sentences before
    each, merged into contiguous segments within a paragraph.

    The context sentences are parsed because speaker resolution looks back for
    the antecedent of "he", "the ministry", or an unattributed quote's speaker.
    """
    rx = triggers(lex)
    frame = frame_trigger(lex)
    preps = prep_trigger(lex)
    that_cue, that_or_doc = that_triggers(lex)
    units: list[tuple[int, int, int]] = []  # (start, end, paragraph)
    for k, (s, e) in enumerate(paras):
        units.extend((a, b, k) for a, b in sentences(text, s, e, lex.abbreviations))
    keep = [False] * len(units)
    qi = 0
    qs = sorted(quotes, key=lambda q: q.start)
    for u, (a, b, _k) in enumerate(units):
        while qi < len(qs) and qs[qi].end <= a:
            qi += 1
        quoted = qi < len(qs) and qs[qi].start < b
        if quoted or rx.search(text, a, b) or frame.search(text, a, b) or \
                preps.search(text, a, b) or (that_cue.search(text, a, b)
                                             and that_or_doc.search(text, a, b)):
            keep[u] = True
            for j in range(max(0, u - context), u):
                keep[j] = keep[j] or _names_someone(text, units[j][0], units[j][1])
    out: list[tuple[int, int]] = []
    last_para = -1
    for (a, b, k), flag in zip(units, keep, strict=True):
        if not flag:
            last_para = -1
            continue
        if out and last_para == k:
            out[-1] = (out[-1][0], b)  # contiguous with the previous kept sentence
        else:
            out.append((a, b))
        last_para = k
    return out
