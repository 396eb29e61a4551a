"""Turn paths into article inputs, recording (never raising on) bad documents.

``iter_inputs`` yields :class:`ArticleInput` for every readable article and
:class:`InputFailure` for every file or record that could not be read, so a batch
goes on past a bad document and can report it at the end.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BinaryInputError, EmptyInputError, InputError, RecordError

MAX_ARTICLE_CHARS = 2_000_000  # larger texts are refused with a clear error
_META_FIELDS = ("title", "url", "outlet", "published")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    id: str
    text: str
    source: str  # file (and line) it came from
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputFailure:
    source: str
    error: InputError

    @property
    def message(self) -> str:
        return str(self.error)


def text_id(text: str) -> str:
    """A stable id for an article given without one: hash of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


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


def read_text_file(path: Path, data: bytes | None = None) -> ArticleInput:
    source = str(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})", source=source) from exc
    text = decode_text(data, source)
    return ArticleInput(id=path.stem if path.name != "-" else text_id(text), text=text,
                        source=source)


def _record(obj: Any, source: str, lineno: int) -> ArticleInput:
    if not isinstance(obj, dict):
        raise RecordError("is not a JSON object", source=source, line=lineno)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("has no non-empty 'text' field", source=source, line=lineno)
    if len(text) > MAX_ARTICLE_CHARS:
        raise RecordError(f"'text' is over the {MAX_ARTICLE_CHARS:,}-character limit",
                          source=source, line=lineno)
    rid = obj.get("id")
    rid = str(rid) if rid not in (None, "") else text_id(text)
    meta = {k: obj[k] for k in _META_FIELDS if obj.get(k) not in (None, "")}
    return ArticleInput(id=rid, text=text, source=f"{source}:{lineno}", meta=meta)


def read_jsonl(lines: Iterable[bytes], source: str) -> Iterator[ArticleInput | InputFailure]:
    """One article per line; a bad line is a failure, the others go on."""
    seen_any = False
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        seen_any = True
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield InputFailure(f"{source}:{lineno}",
                               RecordError("is not valid UTF-8", source=source, line=lineno))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(f"{source}:{lineno}", RecordError(
                f"is not valid JSON ({exc.msg} at column {exc.colno})", source=source,
                line=lineno))
            continue
        try:
            yield _record(obj, source, lineno)
        except RecordError as exc:
            yield InputFailure(f"{source}:{lineno}", exc)
    if not seen_any:
        yield InputFailure(source, EmptyInputError("is empty; give one JSON object per line",
                                                   source=source))


def iter_inputs(paths: Iterable[str]) -> Iterator[ArticleInput | InputFailure]:
    """Articles from .txt files, .jsonl files, directories of them, or ``-`` (stdin)."""
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            if data.lstrip().startswith(b"{"):
                yield from read_jsonl(data.splitlines(), "<stdin>")
            else:
                try:
                    text = decode_text(data, "<stdin>")
                    yield ArticleInput(id=text_id(text), text=text, source="<stdin>")
                except InputError as exc:
                    yield InputFailure("<stdin>", exc)
            continue
        path = Path(p)
        if path.is_dir():
            children = sorted(c for c in path.rglob("*")
                              if c.is_file() and c.suffix.lower() in (".txt", ".jsonl"))
            if not children:
                yield InputFailure(p, InputError(
                    "is a directory with no .txt or .jsonl files in it", source=p))
                continue
            yield from iter_inputs(str(c) for c in children)
            continue
        if not path.exists():
            yield InputFailure(p, InputError("does not exist", source=p))
            continue
        if path.suffix.lower() == ".jsonl":
            try:
                with path.open("rb") as fh:
                    yield from read_jsonl(fh, p)
            except OSError as exc:
                yield InputFailure(p, InputError(f"cannot be read ({exc.strerror})", source=p))
            continue
        try:
            yield read_text_file(path)
        except InputError as exc:
            yield InputFailure(p, exc)
