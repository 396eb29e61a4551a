"""Plain text: bytes → article text (UTF-8; UTF-16/32 with a BOM), or a clear error."""

from __future__ import annotations

import codecs

from ..errors import BinaryInputError, EmptyInputError, InputError
from .records import MAX_ARTICLE_CHARS

# Byte-order marks of the encodings a text file may use besides UTF-8 (UTF-32 first:
# its little-endian mark starts with UTF-16's).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def bom_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when the bytes start with that encoding's BOM."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc
    return None


def decode_text(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (BOM allowed); refuse binary data with a clear error."""
    if not data.strip():
        raise EmptyInputError("is empty; give a file with article text", source=source)
    enc = bom_encoding(data)
    if enc is None and b"\x00" in data[:8192]:
        raise BinaryInputError("looks binary (NUL bytes); give a UTF-8 text file", source=source)
    try:
        text = data.decode(enc or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BinaryInputError(
            f"is not valid {(enc or 'UTF-8').upper()} (byte {exc.start}); convert it to "
            "UTF-8 first", source=source) from exc
    if not text.strip():
        raise EmptyInputError("is empty; give a file with article text", source=source)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,} limit for one article; "
            "split it into articles (e.g. a .jsonl file)", source=source)
    return text
