"""The filters of the index pages, the API and the CLI query commands, as one value.

A :class:`Filters` is read from a mapping of strings (a URL's query, CLI options) by
:meth:`Filters.parse`, which checks every value (a bad one is a QueryError naming the
field); :func:`counterclaim.store.browse.filter_where` turns it into one parameterised
WHERE clause. No SQL here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any, get_args

from ..errors import QueryError
from ..records import Evidence, Side, SpeakerKind, Stance

STANCES: tuple[str, ...] = get_args(Stance)
SIDES: tuple[str, ...] = get_args(Side)
EVIDENCE: tuple[str, ...] = get_args(Evidence)
SPEAKER_KINDS: tuple[str, ...] = get_args(SpeakerKind)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MAX_TEXT = 300


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep: article fields (``since``/``until`` dates inclusive, ``outlet``) and
    statement fields (``speaker`` by name or id, its ``speaker_kind``, ``stance``,
    ``side``, ``evidence``, ``hedged``). ``None`` keeps everything."""

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    speaker: str | None = None
    speaker_kind: str | None = None
    stance: str | None = None
    side: str | None = None
    evidence: str | None = None
    hedged: bool | None = None

    ARTICLE_FIELDS = ("since", "until", "outlet")

    @classmethod
    def parse(cls, values: Mapping[str, Any]) -> Filters:
        """Filters from strings (empty strings are absent); unknown keys are ignored."""
        got: dict[str, Any] = {}
        for f in fields(cls):
            raw = values.get(f.name)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            got[f.name] = _check(f.name, raw)
        if got.get("since") and got.get("until") and got["since"] > got["until"]:
            raise QueryError(f"since ({got['since']}) is after until ({got['until']})")
        return cls(**got)

    def to_dict(self) -> dict[str, Any]:
        """The filters that are set (for JSON answers)."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    def to_params(self) -> dict[str, str]:
        """The filters that are set, as URL query parameters."""
        return {k: ("yes" if v is True else "no" if v is False else str(v))
                for k, v in self.to_dict().items()}

    def statement_level(self) -> bool:
        """Whether any filter looks at statements (not only at their articles)."""
        return any(v is not None for k, v in self.to_dict().items()
                   if k not in self.ARTICLE_FIELDS)

    def without(self, name: str) -> Filters:
        """These filters less one (for the "remove this filter" links)."""
        d = asdict(self)
        d[name] = None
        return Filters(**d)


def _check(name: str, raw: Any) -> Any:
    if name == "hedged":
        if isinstance(raw, bool):
            return raw
        v = str(raw).strip().lower()
        if v in ("1", "yes", "true", "on"):
            return True
        if v in ("0", "no", "false", "off"):
            return False
        raise QueryError(f"hedged must be yes or no, not {raw!r}")
    v = " ".join(str(raw).split())
    if len(v) > _MAX_TEXT:
        raise QueryError(f"{name} is longer than {_MAX_TEXT} characters")
    if name in ("since", "until"):
        if not _DATE.match(v):
            raise QueryError(f"{name} must be a date as YYYY-MM-DD (or YYYY-MM, YYYY), "
                             f"not {raw!r}")
        try:
            date.fromisoformat((v + "-01-01")[:10] if len(v) < 10 else v)
        except ValueError:
            raise QueryError(f"{name}: {raw!r} is not a date") from None
        if name == "until" and len(v) < 10:  # the whole month or year
            v += "-12-31" if len(v) == 4 else "-31"
        return v
    choices = {"stance": STANCES, "side": SIDES, "evidence": EVIDENCE,
               "speaker_kind": SPEAKER_KINDS}.get(name)
    if choices and v not in choices:
        raise QueryError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return v
