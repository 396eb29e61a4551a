"""A response cache for the read routes, invalidated whenever the database changes.

Every page and API answer is a function of its URL and of what the database holds,
so a GET answer with status 200 is kept, keyed by its path and query, for as long as
the file's ``PRAGMA data_version`` (:meth:`counterclaim.store.Store.data_version`)
stays the same — any commit, by this server or by an ingest in another process,
empties the cache — and at most ``ttl`` seconds (a page's CSRF token stays fresh).
Concurrent misses on one URL are computed once: the others wait for that answer.
Answers are served from the event loop, without a worker thread or a query.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 4096
MAX_BYTES = 128 * 1024 * 1024
MAX_ENTRY_BYTES = 2 * 1024 * 1024
TTL = 300.0


@dataclass(frozen=True, slots=True)
class _Entry:
    start: Message
    body: bytes
    made: float


class ResponseCache:
    """ASGI middleware: see the module docstring. ``version()`` returns the database's
    current data version (called once per GET, a fraction of a millisecond)."""

    def __init__(self, app: ASGIApp, *, version: Callable[[], int], ttl: float = TTL,
                 max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.app, self.version, self.ttl = app, version, ttl
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries: OrderedDict[str, _Entry] = OrderedDict()
        self.size = 0
        self.seen_version: int | None = None
        self.pending: dict[str, asyncio.Event] = {}
        self.hits = self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        try:
            version = self.version()
        except Exception:  # noqa: BLE001 - a damaged file: let the route say so
            await self.app(scope, receive, send)
            return
        if version != self.seen_version:
            self.clear()
            self.seen_version = version
        key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
        while key in self.pending:  # the same page is being made: wait for it
            await self.pending[key].wait()
        entry = self._get(key)
        if entry is not None:
            self.hits += 1
            await send(entry.start)
            await send({"type": "http.response.body", "body": entry.body})
            return
        self.misses += 1
        done = self.pending[key] = asyncio.Event()
        try:
            await self._fill(key, version, scope, receive, send)
        finally:
            del self.pending[key]
            done.set()

    async def _fill(self, key: str, version: int, scope: Scope, receive: Receive,
                    send: Send) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        complete = False

        async def keep(msg: Message) -> None:
            nonlocal start, size, complete
            if msg["type"] == "http.response.start":
                start = msg
            elif msg["type"] == "http.response.body" and size <= MAX_ENTRY_BYTES:
                chunks.append(msg.get("body", b""))
                size += len(chunks[-1])
                complete = not msg.get("more_body", False)
            await send(msg)

        await self.app(scope, receive, keep)
        cacheable = (start is not None and start["status"] == 200 and complete
                     and size <= MAX_ENTRY_BYTES and version == self.seen_version
                     and not any(k.lower() == b"set-cookie" for k, _ in start.get("headers", [])))
        if cacheable:
            self._put(key, _Entry(start, b"".join(chunks), time.monotonic()))  # type: ignore[arg-type]

    def _get(self, key: str) -> _Entry | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        if time.monotonic() - entry.made > self.ttl:
            self._drop(key)
            return None
        self.entries.move_to_end(key)
        return entry

    def _put(self, key: str, entry: _Entry) -> None:
        if key in self.entries:
            self._drop(key)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.entries and (len(self.entries) > self.max_entries
                                or self.size > self.max_bytes):
            self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        self.size -= len(self.entries.pop(key).body)

    def clear(self) -> None:
        """Forget every answer (the database changed)."""
        self.entries.clear()
        self.size = 0
