"""What every response and every request goes through, outside the app itself.

:class:`Guard` is a plain ASGI middleware wrapped around the whole app (outside
Starlette's own error handling, so even a crash's 500 passes through it):

* security headers (CSP, nosniff, frame denial, ``Referrer-Policy: same-origin``) on
  every response, 500s, 404s, 413s and static files included;
* a Host-header allow-list (against DNS rebinding): ``counterclaim serve`` allows the
  localhost names and the names given with ``--allowed-host``;
* HEAD answered wherever GET is (the GET response without its body);
* with writes allowed, every request that can write (POST, PUT, PATCH, DELETE) must
  come from this site: an ``Origin`` or ``Referer`` naming another origin is refused,
  and a form (urlencoded, multipart or text/plain body) must carry a valid CSRF token
  (an HMAC of its issue time under a per-process secret; :func:`csrf_input` renders
  it into every form). JSON bodies need no token: a browser cannot send one
  cross-site without a CORS preflight, which this server never grants;
* an uncaught exception after the response began is logged, never re-raised into the
  server; before it began, the app's error page (or a plain one) is sent.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("counterclaim.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets style attributes from its bundle: allowed on /docs only.
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
# same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on a
# same-site form post, and the Origin check below could not tell it from an attack.
HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
TOKEN_FIELD = "csrf_token"
TOKEN_TTL = 12 * 3600  # seconds a page's token stays good
MAX_FORM_BYTES = 1_000_000

_FALLBACK_500 = (b"<!doctype html><html lang=en><meta charset=utf-8><title>500 Error</title>"
                 b"<h1>500 &middot; Error</h1><p>Something went wrong on the server; the error "
                 b"is in its log.</p><p><a href=\"/\">Back to the disputes</a></p></html>")


# --- CSRF tokens ----------------------------------------------------------------------

def new_secret() -> bytes:
    """A fresh per-process secret (tokens do not outlive the server)."""
    return secrets.token_bytes(32)


def make_token(secret: bytes, now: float | None = None) -> str:
    """``<issued>.<hmac>``: the issue time and its HMAC-SHA256 under ``secret``."""
    issued = str(int(now if now is not None else time.time()))
    mac = hmac.new(secret, issued.encode(), hashlib.sha256).hexdigest()
    return f"{issued}.{mac}"


def token_ok(secret: bytes, token: str | None, now: float | None = None) -> bool:
    """Whether ``token`` was made with ``secret`` less than :data:`TOKEN_TTL` ago."""
    if not token or "." not in token:
        return False
    issued, _, mac = token.partition(".")
    if not issued.isdigit():
        return False
    want = hmac.new(secret, issued.encode(), hashlib.sha256).hexdigest()
    age = (now if now is not None else time.time()) - int(issued)
    return hmac.compare_digest(want, mac) and -60 <= age <= TOKEN_TTL


def csrf_input(request: object) -> Markup:
    """The hidden form field with a fresh token, for every ``<form method="post">``
    (``{{ csrf_input(request) }}`` in a template); empty on a read-only server."""
    app = getattr(request, "app", None)
    secret = getattr(getattr(app, "state", None), "csrf_secret", None)
    if not secret:
        return Markup("")
    return Markup(f'<input type="hidden" name="{TOKEN_FIELD}" value="{make_token(secret)}">')


# --- the middleware -------------------------------------------------------------------

def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1")
            for k, v in scope.get("headers") or []}


def _host_name(host: str) -> str:
    """``example.org:8000`` → ``example.org``; ``[::1]:8000`` → ``::1``."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0].lower()
    return host.rsplit(":", 1)[0].lower() if host.count(":") == 1 else host.lower()


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


class Guard:
    """The ASGI middleware described in the module docstring. ``allowed_hosts=None``
    checks no Host header (the library default; ``counterclaim serve`` passes its
    list); ``csrf_secret=None`` means the server writes nothing (no write check)."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str] | None = None,
                 csrf_secret: bytes | None = None,
                 error_page: bytes | None = None) -> None:
        self.app = app
        self.hosts = None if allowed_hosts is None else {h.lower().strip("[]")
                                                         for h in allowed_hosts}
        self.secret = csrf_secret
        self.error_page = error_page or _FALLBACK_500

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        started = False
        head = scope["method"] == "HEAD"
        path = scope.get("path", "")

        async def guarded_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
                msg = {**msg, "headers": _with_security(msg.get("headers") or [], path)}
            elif msg["type"] == "http.response.body" and head:
                msg = {**msg, "body": b""}
            await send(msg)

        refusal = self._refuse(scope, headers)
        if refusal is not None:
            await _plain(guarded_send, *refusal)
            return
        if head:
            scope = {**scope, "method": "GET"}
        if self.secret is not None and scope["method"] in UNSAFE:
            receive, refusal = await self._check_write(scope, headers, receive)
            if refusal is not None:
                await _plain(guarded_send, *refusal)
                return
        try:
            await self.app(scope, receive, guarded_send)
        except Exception:
            log.exception("uncaught error on %s %s", scope["method"], path)
            if not started:
                await _plain(guarded_send, 500, self.error_page, "text/html; charset=utf-8")

    def _refuse(self, scope: Scope, headers: dict[str, str]) -> tuple[int, bytes, str] | None:
        if self.hosts is None:
            return None
        name = _host_name(headers.get("host", ""))
        if name in self.hosts:
            return None
        return (400, b"400: this server does not answer for that Host name (start it with "
                     b"--allowed-host NAME to allow one)", "text/plain; charset=utf-8")

    async def _check_write(self, scope: Scope, headers: dict[str, str], receive: Receive
                           ) -> tuple[Receive, tuple[int, bytes, str] | None]:
        """Refuse a write from another origin, or a form without a valid token."""
        own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()
        origin = headers.get("origin")
        claimed = origin if origin is not None else headers.get("referer")
        if claimed is not None and _origin_of(claimed) != own:
            return receive, _forbidden("the request comes from another site")
        ctype = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ctype not in FORM_TYPES:
            return receive, None
        body, too_big = await _read_body(receive, MAX_FORM_BYTES)
        if too_big:
            return receive, (413, b"413: the form is too large", "text/plain; charset=utf-8")
        if not token_ok(self.secret or b"", _form_token(body, ctype)):
            return receive, _forbidden("the form has no valid token; reload the page and "
                                       "send it again")
        return _replay(body, receive), None


def _forbidden(why: str) -> tuple[int, bytes, str]:
    return 403, f"403: not allowed: {why}.".encode(), "text/plain; charset=utf-8"


def _with_security(raw: list[tuple[bytes, bytes]], path: str) -> list[tuple[bytes, bytes]]:
    have = {k.lower() for k, _ in raw}
    extra = {"content-security-policy": CSP_DOCS if path == "/docs" else CSP,
             **{k.lower(): v for k, v in HEADERS.items()}}
    return [*raw, *((k.encode(), v.encode()) for k, v in extra.items()
                    if k.encode() not in have)]


async def _plain(send: Send, status: int, body: bytes, ctype: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", ctype.encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive, limit: int) -> tuple[list[Message], bool]:
    msgs: list[Message] = []
    size = 0
    while True:
        msg = await receive()
        msgs.append(msg)
        if msg["type"] != "http.request":
            return msgs, False
        size += len(msg.get("body", b""))
        if size > limit:
            return msgs, True
        if not msg.get("more_body"):
            return msgs, False


def _replay(msgs: list[Message], receive: Receive) -> Receive:
    async def replay() -> Message:
        return msgs.pop(0) if msgs else await receive()
    return replay


def _form_token(msgs: list[Message], ctype: str) -> str | None:
    body = b"".join(m.get("body", b"") for m in msgs if m["type"] == "http.request")
    if ctype == "application/x-www-form-urlencoded":
        got = parse_qs(body.decode("latin-1"), max_num_fields=1000).get(TOKEN_FIELD)
        return got[0] if got else None
    marker = f'name="{TOKEN_FIELD}"'.encode()
    at = body.find(marker)
    if at < 0 or ctype != "multipart/form-data":
        return None  # text/plain bodies are never a form of this site
    start = body.find(b"\r\n\r\n", at)
    end = body.find(b"\r\n", start + 4)
    return body[start + 4:end].decode("ascii", "replace") if start >= 0 and end >= 0 else None
