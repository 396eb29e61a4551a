"""Fetching http(s) URLs (pages and feeds): timeouts, redirects, a size cap, a content-type check.

Every failure becomes a :class:`~counterclaim.errors.FetchError` whose message says
what happened (HTTP 404, timed out after 10 s, 7.2 MB over the 5 MB cap, content
type image/png …), so the run records it and goes on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ..errors import FetchError

USER_AGENT = "counterclaim/0.1 (+https://github.com/counterclaim; news research crawler)"
MAX_BYTES = 5_000_000
TIMEOUT_S = 15.0
MAX_REDIRECTS = 5

_KINDS = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/rdf+xml": "feed", "application/feed+xml": "feed",
    "application/xml": "xml", "text/xml": "xml",
    "text/plain": "text",
}


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str            # the final URL, after redirects
    status: int
    content_type: str   # the media type, lower case, without parameters
    charset: str | None
    body: bytes

    @property
    def kind(self) -> str:
        """html | feed | xml | text"""
        return _KINDS.get(self.content_type, "html")


class Fetcher:
    """A small, careful HTTP client. Create once, reuse for many URLs; ``close()`` at end.

    ``total_timeout`` bounds a whole response, so a server that drips bytes slowly
    cannot hold a run forever (httpx's own timeouts are per read)."""

    def __init__(self, *, timeout: float = TIMEOUT_S, total_timeout: float | None = None,
                 max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
                 trust_env: bool = True) -> None:
        self.timeout = timeout
        self.total_timeout = total_timeout or timeout * 2
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.trust_env = trust_env
        self._client: Any = None

    def _get_client(self) -> Any:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                follow_redirects=True, max_redirects=self.max_redirects,
                headers={"User-Agent": USER_AGENT,
                         "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                                   "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8"},
                trust_env=self.trust_env)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str) -> Fetched:
        import httpx

        client = self._get_client()
        start = time.monotonic()
        try:
            with client.stream("GET", url) as resp:
                final = str(resp.url)
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(),
                                     source=url)
                raw_type = resp.headers.get("content-type", "")
                ctype = raw_type.split(";")[0].strip().lower()
                if ctype and ctype not in _KINDS:
                    raise FetchError(f"content type {ctype!r} is not HTML, a feed or text",
                                     source=url)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"is {int(declared):,} bytes, over the "
                                     f"{self.max_bytes:,}-byte cap", source=url)
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"is over the {self.max_bytes:,}-byte cap", source=url)
                    if time.monotonic() - start > self.total_timeout:
                        raise FetchError(f"timed out after {self.total_timeout:g} s "
                                         "(response too slow)", source=url)
                    chunks.append(chunk)
                charset = resp.charset_encoding
                return Fetched(final, resp.status_code, ctype or "text/html", charset,
                               b"".join(chunks))
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.timeout:g} s ({type(exc).__name__})",
                             source=url) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"more than {self.max_redirects} redirects", source=url) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(f"is not a valid http(s) URL ({exc})", source=url) from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect ({exc})", source=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"request failed ({type(exc).__name__}: {exc})", source=url) from exc
