"""Plain text: bytes → article text (UTF-8, BOM allowed), or a clear error."""

from __future__ import annotations

from ..errors import BinaryInputError, EmptyInputError, InputError
from .records import MAX_ARTICLE_CHARS


def decode_text(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (BOM allowed); refuse binary data with a clear error."""
    if not data.strip():
        raise EmptyInputError("is empty; give a file with article text", source=source)
    if b"\x00" in data[:8192]:
        raise BinaryInputError("looks binary (NUL bytes); give a UTF-8 text file", source=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BinaryInputError(
            f"is not valid UTF-8 (byte {exc.start}); convert it to UTF-8 first", source=source
        ) from exc
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,} limit for one article; "
            "split it into articles (e.g. a .jsonl file)", source=source)
    return text
