"""The Gender Gap Tracker quote metric over counterclaim's statements.

Gold: ``ggt_quotes.jsonl`` (98 Canadian news articles, 1,520 quotations; spans
are Python offsets into ``text``). Predictions: the ``analyze --json`` contract,
one statement → one predicted quote (content span, speaker mention span,
canonical speaker name, cue text).

The metric is the GGT's own (``evaluate_quotes.py``), so figures compare with
the published ones:

* a gold quote is *found* at threshold T when a predicted content span covers
  more than T of the gold quote's characters (overlap / gold length); gold quotes
  are taken in order, each takes the best still-unused prediction of its article
  (the earliest one on a tie), so a prediction matches at most one gold quote;
  gold quotes whose span could not be located in the text are left out;
* precision = tp / (tp + fp), recall = tp / (tp + fn), where fp are the
  predictions no gold quote took (articles absent from the gold set are ignored);
* speaker accuracy over found quotes: the predicted speaker mention overlaps the
  gold speaker span, or the gold ``reference`` (the coreference-resolved speaker)
  and the predicted canonical name contain one another (case-insensitive), or the
  gold quote has no speaker in its sentence and the prediction has no mention
  either;
* verb accuracy over found quotes: the cue text equals the gold verb, stripped and
  lower-cased (an empty gold verb is matched by a statement without a cue).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

THRESHOLDS: tuple[float, float] = (0.3, 0.8)

SpanT = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    index: int  # position in the article's annotation list
    quote: str
    span: SpanT | None
    speaker: str
    speaker_span: SpanT | None
    reference: str
    verb: str
    verb_span: SpanT | None

    @property
    def kind(self) -> str:
        """direct (opens with a quote mark), mixed (holds quote marks) or indirect."""
        q = self.quote.strip()
        if q[:1] in "\"“”«'‘":
            return "direct"
        if any(ch in q for ch in "\"“”«»"):
            return "mixed"
        return "indirect"


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    outlet: str | None
    url: str | None
    quotes: tuple[GoldQuote, ...]

    @property
    def scored(self) -> tuple[GoldQuote, ...]:
        """The quotes the metric counts (those with a located span)."""
        return tuple(q for q in self.quotes if q.span is not None)


@dataclass(frozen=True, slots=True)
class Prediction:
    """One predicted quote: what the metric reads from one statement."""

    content: SpanT
    speaker_span: SpanT | None = None
    speaker_name: str | None = None
    verb: str = ""
    cue_span: SpanT | None = None
    kind: str | None = None  # direct | indirect | mixed, when the source says
    statement_id: str | None = None
    cue_lemma: str | None = None
    resolved_by: str | None = None  # how the speaker was resolved (pronoun, nominal, …)

    def to_dict(self) -> dict[str, Any]:
        """The reference scorer's prediction format (plus kind and statement id)."""
        return {
            "quote_span": list(self.content),
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "speaker_name": self.speaker_name,
            "verb": self.verb,
            "cue_span": list(self.cue_span) if self.cue_span else None,
            "kind": self.kind,
            "statement_id": self.statement_id,
            "cue_lemma": self.cue_lemma,
            "resolved_by": self.resolved_by,
        }


def _span(value: Any) -> SpanT | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(
            isinstance(v, int) for v in value):
        return int(value[0]), int(value[1])
    return None


def _parse_gold(obj: Mapping[str, Any]) -> GoldArticle:
    quotes = []
    for k, q in enumerate(obj.get("quotations") or ()):
        quotes.append(GoldQuote(
            index=k, quote=q.get("quote") or "", span=_span(q.get("quote_span")),
            speaker=q.get("speaker") or "", speaker_span=_span(q.get("speaker_span")),
            reference=q.get("reference") or "", verb=q.get("verb") or "",
            verb_span=_span(q.get("verb_span"))))
    return GoldArticle(id=str(obj["id"]), text=obj["text"], outlet=obj.get("outlet"),
                       url=obj.get("url"), quotes=tuple(quotes))


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Read ``ggt_quotes.jsonl`` (one annotated article per line)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(_parse_gold(json.loads(line)))
    return out


# ---------------------------------------------------------------- predictions


def _pair(d: Mapping[str, Any] | None) -> SpanT | None:
    if not d:
        return None
    s, e = d.get("start"), d.get("end")
    if isinstance(s, int) and isinstance(e, int):
        return s, e
    return None


def predictions_from_analysis(doc: Mapping[str, Any], *,
                              quotes_only: bool = True) -> list[Prediction]:
    """Predicted quotes of one ``analyze --json`` object (``Analysis.to_dict()``).

    A statement without a content span is not a quote and is skipped; so is one
    marked ``"quote": false`` (a headline, noun-phrase content), unless
    ``quotes_only`` is False. The speaker name is the canonical ``speaker.name``
    (falling back to the mention text).
    """
    preds = []
    for st in doc.get("statements") or ():
        content = _pair(st.get("content"))
        if content is None or (quotes_only and st.get("quote") is False):
            continue
        sp = st.get("speaker") or {}
        cue = st.get("cue") or {}
        preds.append(Prediction(
            content=content, speaker_span=_pair(sp), speaker_name=sp.get("name") or sp.get("text"),
            verb=cue.get("text") or "", cue_span=_pair(cue), kind=st.get("kind"),
            statement_id=st.get("id"), cue_lemma=cue.get("lemma"),
            resolved_by=sp.get("resolved_by")))
    return preds


def _prediction_from_quote(q: Mapping[str, Any]) -> Prediction:
    content = _span(q.get("quote_span"))
    if content is None:
        raise ValueError(f"prediction without a quote_span: {q!r}")
    return Prediction(content=content, speaker_span=_span(q.get("speaker_span")),
                      speaker_name=q.get("speaker_name"), verb=q.get("verb") or "",
                      cue_span=_span(q.get("cue_span")), kind=q.get("kind"),
                      statement_id=q.get("statement_id"))


def read_predictions(lines: Iterable[str], *, quotes_only: bool = True
                     ) -> tuple[dict[str, list[Prediction]], dict[str, str]]:
    """Predictions by article id from JSON Lines, and the article texts seen.

    Each line is either an ``analyze --json`` object (``{"article": …,
    "statements": …}``) or the reference scorer's format (``{"id": …, "quotes":
    [{"quote_span": [a, b], "speaker_span": …, "speaker_name": …, "verb": …}]}``).
    """
    preds: dict[str, list[Prediction]] = {}
    texts: dict[str, str] = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {lineno}: not valid JSON ({exc.msg})") from exc
        if isinstance(obj, dict) and isinstance(obj.get("article"), dict):
            aid = str(obj["article"].get("id"))
            preds[aid] = predictions_from_analysis(obj, quotes_only=quotes_only)
            if isinstance(obj["article"].get("text"), str):
                texts[aid] = obj["article"]["text"]
        elif isinstance(obj, dict) and "quotes" in obj and "id" in obj:
            preds[str(obj["id"])] = [_prediction_from_quote(q) for q in obj["quotes"]]
        else:
            raise ValueError(f"line {lineno}: neither an analyze --json object nor "
                             '{"id", "quotes"} predictions')
    return preds, texts


# ---------------------------------------------------------------- matching


def overlap(a: SpanT | None, b: SpanT | None) -> int:
    """Characters two spans share (0 when either is missing)."""
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def coverage(gold: SpanT, pred: SpanT) -> float:
    """Share of the gold span's characters that the predicted span covers."""
    return overlap(gold, pred) / max(1, gold[1] - gold[0])


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them",
                       "us", "me", "his", "their", "its", "our"})
_WORD = re.compile(r"[\w'’-]+")


def speaker_correct(gold: GoldQuote, pred: Prediction) -> bool:
    """The GGT speaker rule (see the module docstring)."""
    if gold.speaker_span is not None and overlap(gold.speaker_span, pred.speaker_span) > 0:
        return True
    name = (pred.speaker_name or "").lower()
    ref = gold.reference.lower()
    if ref and name and (ref in name or name in ref):
        return True
    return not gold.speaker.strip() and pred.speaker_span is None


def speaker_correct_strict(gold: GoldQuote, pred: Prediction) -> bool:
    """A stricter reading than the GGT's: names must agree as whole words.

    The GGT rule accepts any substring ("he" is in "Stephen Harper"); here the
    predicted name's words must all be words of ``reference`` (or the other way
    round) and a bare pronoun never counts as a name.
    """
    if gold.speaker_span is not None and overlap(gold.speaker_span, pred.speaker_span) > 0:
        return True
    name = {w.lower() for w in _WORD.findall(pred.speaker_name or "")} - _PRONOUNS
    ref = {w.lower() for w in _WORD.findall(gold.reference)} - _PRONOUNS
    if name and ref and (name <= ref or ref <= name):
        return True
    return not gold.speaker.strip() and pred.speaker_span is None


def verb_correct(gold: GoldQuote, pred: Prediction) -> bool:
    return gold.verb.strip().lower() == (pred.verb or "").strip().lower()


@dataclass(frozen=True, slots=True)
class Match:
    gold: int  # GoldQuote.index
    pred: int  # index into the article's predictions
    coverage: float
    speaker_ok: bool
    speaker_ok_strict: bool
    verb_ok: bool


@dataclass(frozen=True, slots=True)
class ArticleResult:
    id: str
    matches: tuple[Match, ...]
    missed: tuple[int, ...]  # GoldQuote.index of scored gold quotes not found
    spurious: tuple[int, ...]  # prediction indices no gold quote took


def match_article(gold: GoldArticle, preds: Sequence[Prediction],
                  threshold: float) -> ArticleResult:
    """Greedy GGT matching of one article's predictions to its gold quotes."""
    free = list(range(len(preds)))
    matches: list[Match] = []
    missed: list[int] = []
    for q in gold.scored:
        assert q.span is not None
        chosen, chosen_cov = -1, threshold
        for i in free:  # ascending order: the earliest wins a tie
            cov = coverage(q.span, preds[i].content)
            if cov > chosen_cov:
                chosen, chosen_cov = i, cov
        if chosen < 0:
            missed.append(q.index)
            continue
        free.remove(chosen)
        p = preds[chosen]
        matches.append(Match(gold=q.index, pred=chosen, coverage=chosen_cov,
                             speaker_ok=speaker_correct(q, p),
                             speaker_ok_strict=speaker_correct_strict(q, p),
                             verb_ok=verb_correct(q, p)))
    return ArticleResult(id=gold.id, matches=tuple(matches), missed=tuple(missed),
                         spurious=tuple(free))


def _pct(num: int, den: int) -> float:
    return num / den if den else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    threshold: float
    tp: int
    fp: int
    fn: int
    speaker_ok: int
    speaker_ok_strict: int
    verb_ok: int
    articles: tuple[ArticleResult, ...] = field(default=(), repr=False, compare=False)

    @property
    def precision(self) -> float:
        return _pct(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _pct(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    @property
    def speaker_acc(self) -> float:
        return _pct(self.speaker_ok, self.tp)

    @property
    def speaker_acc_strict(self) -> float:
        return _pct(self.speaker_ok_strict, self.tp)

    @property
    def verb_acc(self) -> float:
        return _pct(self.verb_ok, self.tp)

    def to_dict(self) -> dict[str, Any]:
        """Percentages rounded to one decimal, as the GGT reports them."""
        return {
            "threshold": self.threshold,
            "P": round(100 * self.precision, 1),
            "R": round(100 * self.recall, 1),
            "F1": round(100 * self.f1, 1),
            "speaker_acc": round(100 * self.speaker_acc, 1),
            "verb_acc": round(100 * self.verb_acc, 1),
            "speaker_acc_strict": round(100 * self.speaker_acc_strict, 1),
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
        }


def score(gold: Sequence[GoldArticle], preds: Mapping[str, Sequence[Prediction]],
          threshold: float) -> Score:
    """Score predictions (by article id) against the gold articles at one threshold.

    A gold article without predictions counts all its quotes as missed;
    predictions for articles outside the gold set are ignored.
    """
    results = [match_article(g, preds.get(g.id, ()), threshold) for g in gold]
    return Score(
        threshold=threshold,
        tp=sum(len(r.matches) for r in results),
        fp=sum(len(r.spurious) for r in results),
        fn=sum(len(r.missed) for r in results),
        speaker_ok=sum(m.speaker_ok for r in results for m in r.matches),
        speaker_ok_strict=sum(m.speaker_ok_strict for r in results for m in r.matches),
        verb_ok=sum(m.verb_ok for r in results for m in r.matches),
        articles=tuple(results),
    )


def score_all(gold: Sequence[GoldArticle], preds: Mapping[str, Sequence[Prediction]],
              thresholds: Sequence[float] = THRESHOLDS) -> dict[float, Score]:
    return {t: score(gold, preds, t) for t in thresholds}
