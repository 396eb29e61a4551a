"""What the claim check reads in one (claim, article) pair, as a vector of numbers.

Three groups (the names are in :data:`FEATURES`, in order):

* relatedness: how many of the claim's words (stems, :func:`~counterclaim.link.claims.stem`,
  in the word classes of the linking rules), word pairs and entities the article's title,
  lede, body and best sentences hold;
* the article's own voice: debunking, reporting and confirming cues
  (``lexicon/data/check.json``) and negation, in the title, the lede, the body and the
  sentences about the claim;
* what the reading found: the statements whose proposition signature is close to the
  claim's (:func:`~counterclaim.link.propositions.similarity`), by the side each takes
  (:attr:`Statement.side`), their evidence, and the article's disputes.

Everything here is a pure function of the claim text and the article's
:class:`~counterclaim.records.Analysis`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from ..lexicon import CheckCues, load_check_cues
from ..link.claims import is_negated, stem
from ..link.propositions import Signature, entities_of, signature, similarity
from ..link.rules import LinkRules, load_rules
from ..records import Analysis, Statement
from .lede import SENTENCES, claim_hashed, hashed
from .model import Forest, load_model

FEATURES: tuple[str, ...] = (
    "claim_words", "claim_negated", "claim_debunk", "claim_report",
    "words_body", "words_lede", "words_title", "entities_body", "entities_lede",
    "pairs_body", "pairs_lede", "best_sentence", "second_sentence", "sentences_half",
    "hits_per_word", "first_hit", "body_chars_log",
    "debunk_title", "debunk_lede", "debunk_body", "debunk_about",
    "report_lede", "report_body", "report_about",
    "confirm_lede", "confirm_body", "confirm_about",
    "negated_best", "negated_about", "question_lede",
    "statements", "statement_best", "asserting", "denying", "hedging", "other_side",
    "denying_best", "asserting_best", "evidence_cited", "disputes", "debunk_about_share",
    "negated_opening", "negated_about_opening", "debunk_opening", "attributed_about",
    "attributed_opening", "report_title", "best_sentence_position",
    "lede_agree", "lede_disagree", "lede_discuss",
    "claim_for", "claim_against", "claim_observing",
    "stances_agree", "stances_disagree", "stances_discuss",
)
LEDE_KEYS = ("lede_agree", "lede_disagree", "lede_discuss")
NO_STANCE = (0.0, 0.0, 0.0)
OPENING = 3  # sentences

ABOUT = 0.3  # a sentence holding this share of the claim's words is about the claim
STATEMENT_MIN = 0.15  # a statement this close to the claim counts toward its side
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[0-9][0-9.,]*")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


@dataclass(frozen=True, slots=True)
class ClaimReading:
    """A claim as the check reads it: its words (stems), word pairs, entities and
    signature, and whether it is itself negated, debunking or reporting."""

    text: str
    words: tuple[str, ...]
    pairs: frozenset[tuple[str, str]]
    signature: Signature
    negated: bool
    debunk: bool
    report: bool
    tokens: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # :func:`.lede.claim_hashed`
    stance: tuple[float, float, float] = NO_STANCE  # for, against, observing (:mod:`.lede`)

    @property
    def vocabulary(self) -> frozenset[str]:
        """The distinct words of the claim."""
        return frozenset(self.words)


@lru_cache(maxsize=1)
def _rules() -> tuple[LinkRules, CheckCues]:
    return load_rules(), load_check_cues()


@lru_cache(maxsize=200_000)
def _word(tok: str) -> str | None:
    """One token as a content word (its stem in its word class), or None."""
    rules, _ = _rules()
    low = tok.lower().strip("'’-")
    if len(low) < 3 or low in rules.stopwords:
        return None
    s = stem(low)
    return None if s in rules.stopwords else rules.concepts.get(s, s)


def words_of(text: str) -> list[str]:
    """The content words of a text in order: lower-cased, stemmed, in their word class;
    stop words and one- or two-letter words left out."""
    return [w for w in map(_word, _TOKEN.findall(text)) if w is not None]


def _pairs(words: list[str]) -> frozenset[tuple[str, str]]:
    return frozenset(zip(words, words[1:], strict=False))


def read_claim(claim: str, model: Forest | None = None, *, use_lede: bool = True) -> ClaimReading:
    """Read a claim once, to check it against many articles (its own stance by
    ``model``'s claim regression, the shipped one by default; none without
    ``use_lede``, as the training script's first pass)."""
    _, cues = _rules()
    words = words_of(claim)
    tokens = claim_hashed(claim)
    stance_model = (model if model is not None else load_model()).claim if use_lede else None
    stance = (tuple(map(float, stance_model.proba(tokens))) if stance_model is not None
              else NO_STANCE)
    return ClaimReading(text=claim, words=tuple(words), pairs=_pairs(words),
                        signature=signature(claim), negated=is_negated(claim),
                        debunk=bool(cues.debunk.search(claim)),
                        report=bool(cues.report.search(claim)), tokens=tokens,
                        stance=stance)  # type: ignore[arg-type]


def with_stance(claim: ClaimReading, stance: Sequence[float]) -> ClaimReading:
    """The claim reading with its own stance set (the training script's second pass)."""
    return replace(claim, stance=tuple(map(float, stance)))


def sentences_of(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of a text (a rough split on end punctuation
    and line breaks)."""
    out, start = [], 0
    for m in _SENTENCE.finditer(text):
        if text[start:m.start()].strip():
            out.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


@dataclass(frozen=True, slots=True)
class ArticleReading:
    """An article as the check reads it, once for every claim checked against it."""

    analysis: Analysis
    title: str
    body: str
    sentences: tuple[tuple[int, int], ...]  # offsets into ``body``
    sentence_words: tuple[frozenset[str], ...]
    body_words: tuple[str, ...]
    body_counts: dict[str, int]
    body_vocabulary: frozenset[str]
    lede_words: frozenset[str]
    title_words: frozenset[str]
    body_pairs: frozenset[tuple[str, str]]
    lede_pairs: frozenset[tuple[str, str]]
    body_entities: frozenset[str]
    lede_entities: frozenset[str]
    statement_sigs: tuple[tuple[Statement, Signature], ...]
    statement_words: tuple[frozenset[str], ...]
    sentence_negated: tuple[bool, ...]
    sentence_cues: tuple[tuple[int, int, int], ...]  # debunk, report, confirm per sentence
    voice: dict[str, float]  # cue counts in the title, lede and body
    sentence_attributed: tuple[bool, ...]  # a statement's content overlaps the sentence
    opening: np.ndarray  # hashed words of the opening sentences (:mod:`.lede`)

    @property
    def lede(self) -> str:
        """The first two sentences of the body."""
        if not self.sentences:
            return ""
        return self.body[: self.sentences[min(1, len(self.sentences) - 1)][1]]


def read_article(analysis: Analysis, model: Forest | None = None, *,
                 use_lede: bool = True) -> ArticleReading:
    """Read an analysed article once (its sentences, words, entities, statements'
    signatures, and the opening's score by ``model``'s lede regression, the shipped
    one by default; zeros without ``use_lede``, as the training script's first pass)."""
    art = analysis.article
    body = art.text[art.body_start: art.body_end if art.body_end is not None else len(art.text)]
    title = art.title or ""
    sents = tuple(sentences_of(body))
    sent_words = tuple(frozenset(words_of(body[a:b])) for a, b in sents)
    words = words_of(body)
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    lede_end = sents[min(1, len(sents) - 1)][1] if sents else 0
    lede = words_of(body[:lede_end])
    ents: set[str] = set()
    lede_ents: set[str] = set()
    for i, (a, b) in enumerate(sents):
        e = entities_of(body[a:b])
        ents |= e
        if i < 2:
            lede_ents |= e
    sigs = tuple((st, signature(st.content.text, speaker=st.speaker.name,
                                speaker_kind=st.speaker.kind)) for st in analysis.statements)
    _, cues = _rules()
    texts = [body[a:b] for a, b in sents]
    negated = tuple(bool(cues.negation.search(t)) or is_negated(t) for t in texts)
    per = tuple((_count(cues.debunk, t), _count(cues.report, t), _count(cues.confirm, t))
                for t in texts)
    lede_text = body[:lede_end]
    n_sent = max(1, len(sents))
    lede_cues = [sum(c[k] for c in per[:2]) for k in range(3)]  # the lede: two sentences
    voice = {"debunk_title": _count(cues.debunk, title), "debunk_lede": lede_cues[0],
             "debunk_body": sum(c[0] for c in per) / n_sent * 10,
             "report_lede": lede_cues[1],
             "report_body": sum(c[1] for c in per) / n_sent * 10,
             "confirm_lede": lede_cues[2],
             "confirm_body": sum(c[2] for c in per) / n_sent * 10,
             "question_lede": float("?" in lede_text or "?" in title),
             "report_title": _count(cues.report, title),
             "negated_opening": float(any(negated[:OPENING])),
             "debunk_opening": sum(c[0] for c in per[:OPENING])}
    spans = [(st.content.start - art.body_start, st.content.end - art.body_start)
             for st in analysis.statements]
    attributed = tuple(any(a < e and s < b for s, e in spans) for a, b in sents)
    opening = hashed(words_of(body[: sents[min(SENTENCES, len(sents)) - 1][1]] if sents else ""))
    lede_model = (model if model is not None else load_model()).lede if use_lede else None
    probs = lede_model.proba(opening) if lede_model is not None else np.zeros(3)
    voice.update(zip(LEDE_KEYS, map(float, probs), strict=True))
    voice["attributed_opening"] = sum(attributed[:OPENING]) / max(1, min(OPENING, len(sents)))
    return ArticleReading(
        analysis=analysis, title=title, body=body, sentences=sents, sentence_words=sent_words,
        body_words=tuple(words), body_counts=counts,
        body_vocabulary=frozenset(counts), lede_words=frozenset(lede),
        title_words=frozenset(words_of(title)), body_pairs=_pairs(words),
        lede_pairs=_pairs(lede), body_entities=frozenset(ents),
        lede_entities=frozenset(lede_ents), statement_sigs=sigs,
        statement_words=tuple(frozenset(words_of(st.content.text)) for st, _ in sigs),
        sentence_negated=negated, sentence_cues=per, voice=voice,
        sentence_attributed=attributed, opening=opening)


def disputed(statements: Sequence[Statement]) -> int:
    """How many of an article's propositions one speaker asserts and another denies
    (read from the statements' sides, so that an article read back from a corpus
    counts the same)."""
    sides: dict[str, dict[str, set[str]]] = {}
    for st in statements:
        if st.proposition and st.side in ("asserting", "denying"):
            sides.setdefault(st.proposition, {}).setdefault(st.side, set()).add(st.speaker.name)
    return sum(1 for v in sides.values()
               if v.get("asserting") and v.get("denying")
               and (len(v["asserting"] | v["denying"]) > 1))


def _share(part: frozenset | set, whole: frozenset | set) -> float:
    return len(part & whole) / len(whole) if whole else 0.0


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def statement_scores(claim: ClaimReading, art: ArticleReading) -> list[tuple[float, Statement]]:
    """Each statement's similarity to the claim, closest first (zero left out)."""
    out = []
    for (st, sig), words in zip(art.statement_sigs, art.statement_words, strict=True):
        s = similarity(claim.signature, sig)
        if s <= 0.0:
            # Signatures too short for the similarity's two-word rule: the share of the
            # claim's words the content holds, discounted.
            s = 0.5 * _share(words, claim.vocabulary)
        if s > 0.0:
            out.append((s, st))
    out.sort(key=lambda x: -x[0])
    return out


def about_sentences(claim: ClaimReading, art: ArticleReading) -> list[tuple[float, int]]:
    """``(share of the claim's words, sentence index)`` for every sentence holding some,
    best first."""
    vocab = claim.vocabulary
    scored = [(_share(w, vocab), i) for i, w in enumerate(art.sentence_words)]
    return sorted((x for x in scored if x[0] > 0), key=lambda x: (-x[0], x[1]))


def features(claim: ClaimReading, art: ArticleReading) -> list[float]:
    """The feature vector of one (claim, article) pair, in the order of :data:`FEATURES`."""
    vocab = claim.vocabulary
    about = about_sentences(claim, art)
    about_idx = [i for s, i in about if s >= ABOUT]
    n_sent = max(1, len(art.sentences))
    best = about[0][0] if about else 0.0
    second = about[1][0] if len(about) > 1 else 0.0
    first_hit = min(about_idx) / n_sent if about_idx else 1.0
    hits = sum(art.body_counts.get(w, 0) for w in vocab)
    ents = claim.signature.entities
    negated_about = sum(1 for i in about_idx if art.sentence_negated[i])
    deb_about = sum(art.sentence_cues[i][0] for i in about_idx)
    rep_about = sum(art.sentence_cues[i][1] for i in about_idx)
    conf_about = sum(art.sentence_cues[i][2] for i in about_idx)
    scored = statement_scores(claim, art)
    side_sum = {"asserting": 0.0, "denying": 0.0, "hedging": 0.0, "other": 0.0}
    side_max = {"asserting": 0.0, "denying": 0.0}
    cited = 0
    for s, st in scored:
        if s < STATEMENT_MIN:
            break
        side = st.side or "other"
        side_sum[side] = side_sum.get(side, 0.0) + s
        if side in side_max:
            side_max[side] = max(side_max[side], s)
        cited += st.evidence == "cited"
    v = art.voice
    return [
        float(len(claim.words)), float(claim.negated), float(claim.debunk), float(claim.report),
        _share(art.body_vocabulary, vocab), _share(art.lede_words, vocab),
        _share(art.title_words, vocab),
        _share(art.body_entities, ents) if ents else -1.0,
        _share(art.lede_entities, ents) if ents else -1.0,
        _share(art.body_pairs, claim.pairs), _share(art.lede_pairs, claim.pairs),
        best, second, float(sum(1 for s, _ in about if s >= 0.5)),
        hits / max(1, len(vocab)), first_hit, math.log1p(len(art.body)),
        v["debunk_title"], v["debunk_lede"], v["debunk_body"], float(deb_about),
        v["report_lede"], v["report_body"], float(rep_about),
        v["confirm_lede"], v["confirm_body"], float(conf_about),
        float(art.sentence_negated[about[0][1]]) if about else 0.0,
        negated_about / len(about_idx) if about_idx else 0.0,
        v["question_lede"],
        float(len(art.statement_sigs)), scored[0][0] if scored else 0.0,
        side_sum["asserting"], side_sum["denying"], side_sum["hedging"], side_sum["other"],
        side_max["denying"], side_max["asserting"], float(cited),
        float(disputed(art.analysis.statements)), deb_about / max(1, len(about_idx)),
        v["negated_opening"],
        float(any(art.sentence_negated[i] for i in about_idx if i < OPENING)),
        v["debunk_opening"],
        sum(art.sentence_attributed[i] for i in about_idx) / len(about_idx) if about_idx else 0.0,
        v["attributed_opening"], v["report_title"],
        about[0][1] / n_sent if about else 1.0,
        v["lede_agree"], v["lede_disagree"], v["lede_discuss"],
        *claim.stance, *stances_product(claim.stance, (v["lede_agree"], v["lede_disagree"],
                                                       v["lede_discuss"])),
    ]


def stances_product(claim: Sequence[float], article: Sequence[float]) -> tuple[float, float, float]:
    """How likely the two stances (for, against, observing) agree, oppose, or one only
    relays: ``P(same)``, ``P(opposite)``, ``P(either observing)``, each stance read as
    independent. FNC-1's labels are built so (see :mod:`.lede`)."""
    cf, ca, co = claim
    af, aa, ao = article
    return (cf * af + ca * aa, cf * aa + ca * af, co + ao - co * ao)
