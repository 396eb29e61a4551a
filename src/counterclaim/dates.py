"""Reading publication dates: one parser for the corpus, Spark partitions and exports."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")


def parse_date(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO date/datetime or an RFC 822 date (RSS); None otherwise."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip()
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(v).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(v[:40], fmt).date().isoformat()
        except ValueError:
            continue
    return None
