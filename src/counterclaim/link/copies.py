"""Copies: exact duplicates and syndicated (near-identical, edited or trimmed) copies.

Deterministic in every process and on every machine: hashes are ``blake2b``, never
Python's salted ``hash()``, so the store and a Spark job agree on every key.

    :func:`normalise_text` / :func:`text_hash`  exact duplicates ("same normalised text")
    :func:`normalise_url`                      exact duplicates by URL
    :func:`shingles` → :func:`minhash` → :func:`lsh_bands`   candidate syndicated copies
    :func:`estimate_overlap` / :func:`is_syndicated`         the decision for a pair
    :class:`Fingerprint`                       all of it for one article, computed once
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# --- articles: exact duplicates -------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Casefolded words separated by single spaces (NFKC; punctuation and layout dropped).

    Two articles whose normalised texts are equal are the same article: curly vs
    straight quotes, re-wrapped lines or a trailing newline do not make a new one.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """Hex digest of :func:`normalise_text` (the exact-duplicate key)."""
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=16).hexdigest()


_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$)", re.IGNORECASE)


def normalise_url(url: str | None) -> str | None:
    """A URL key: lower-case scheme and host, no fragment, no tracking parameters,
    no default port, no trailing slash. Returns None for an empty URL."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80)
                           or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


# --- articles: syndicated copies (near duplicates) ------------------------------------

SHINGLE_SIZE = 5          # words per shingle: long enough that shared phrases are rare
NUM_PERM = 64             # MinHash permutations
BANDS = 32                # LSH bands of NUM_PERM // BANDS rows (2): recall high at J≈0.3
MIN_SHINGLES = 12         # shorter texts are never called copies (too little evidence)
SYNDICATION_JACCARD = 0.6       # near-identical copies
SYNDICATION_CONTAINMENT = 0.8   # a trimmed copy: most of the shorter text is in the longer

_MERSENNE = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1


def _h64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "big")


def _perms(n: int) -> tuple[tuple[int, int], ...]:
    # Fixed (a, b) pairs derived from a seed string: identical in every process.
    out = []
    for i in range(n):
        a = _h64(f"counterclaim-minhash-a-{i}") % _MERSENNE or 1
        b = _h64(f"counterclaim-minhash-b-{i}") % _MERSENNE
        out.append((a, b))
    return tuple(out)


_PERMS = _perms(NUM_PERM)


def shingles(text: str, k: int = SHINGLE_SIZE) -> frozenset[int]:
    """Hashed word k-shingles of the normalised text (a text under k words: one shingle)."""
    words = normalise_text(text).split()
    if not words:
        return frozenset()
    if len(words) < k:
        return frozenset({_h64(" ".join(words)) & _MAX_HASH})
    return frozenset(_h64(" ".join(words[i:i + k])) & _MAX_HASH
                     for i in range(len(words) - k + 1))


def minhash(shingle_set: Iterable[int], num_perm: int = NUM_PERM) -> tuple[int, ...]:
    """A MinHash signature (``num_perm`` 32-bit values) of a shingle set."""
    perms = _PERMS if num_perm == NUM_PERM else _perms(num_perm)
    values = list(shingle_set)
    # One min() over a generator per permutation: about twice as fast in CPython as
    # a nested loop with comparisons, and the same values.
    return tuple(min((((a * s + b) % _MERSENNE) & _MAX_HASH for s in values),
                     default=_MAX_HASH) for a, b in perms)


def signature_bytes(sig: tuple[int, ...]) -> bytes:
    """Pack a signature for storage (4 bytes a value)."""
    return struct.pack(f">{len(sig)}I", *sig)


def signature_from_bytes(data: bytes) -> tuple[int, ...]:
    return struct.unpack(f">{len(data) // 4}I", data)


def lsh_bands(sig: tuple[int, ...], bands: int = BANDS) -> list[int]:
    """One signed 63-bit key per band; two texts sharing any key are candidate copies."""
    rows = len(sig) // bands
    keys = []
    for b in range(bands):
        chunk = ",".join(str(v) for v in sig[b * rows:(b + 1) * rows])
        keys.append(_h64(f"{b}:{chunk}") >> 1)  # fits SQLite's signed INTEGER
    return keys


def estimate_overlap(sig_a: tuple[int, ...], n_a: int, sig_b: tuple[int, ...],
                     n_b: int) -> tuple[float, float]:
    """Estimated (Jaccard, containment) of two shingle sets from their signatures and
    sizes. Containment is |A∩B| / min(|A|, |B|): how much of the shorter is in the longer."""
    if not sig_a or len(sig_a) != len(sig_b) or not n_a or not n_b:
        return 0.0, 0.0
    j = sum(1 for x, y in zip(sig_a, sig_b, strict=True) if x == y) / len(sig_a)
    inter = j * (n_a + n_b) / (1.0 + j)
    return j, min(1.0, inter / min(n_a, n_b))


def is_syndicated(jaccard: float, containment: float, n_a: int, n_b: int) -> bool:
    """The decision rule for "one is a (possibly edited or trimmed) copy of the other"."""
    if min(n_a, n_b) < MIN_SHINGLES:
        return False
    return jaccard >= SYNDICATION_JACCARD or containment >= SYNDICATION_CONTAINMENT


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What recognises an article again, computed once per text: the exact-duplicate
    keys and the MinHash signature with its LSH bands."""

    text_hash: str
    url_key: str | None
    n_shingles: int
    minhash: tuple[int, ...]
    bands: tuple[int, ...]

    @classmethod
    def of(cls, text: str, url: str | None = None) -> Fingerprint:
        sh = shingles(text)
        sig = minhash(sh)
        return cls(text_hash(text), normalise_url(url), len(sh), sig, tuple(lsh_bands(sig)))


def best_original(fp: Fingerprint, candidates: Iterable[tuple[int | str, int | str | None, int,
                                                               tuple[int, ...]]]
                  ) -> tuple[int | str, float] | None:
    """The original ``fp`` is a syndicated copy of, among ``candidates`` given as
    ``(id, original_of_it or None, n_shingles, minhash)``: the one containing most of
    it (ties: the first), and the estimated containment; None when no candidate is a
    copy. A candidate that is itself a copy stands for its original."""
    if fp.n_shingles < MIN_SHINGLES:
        return None
    best: tuple[int | str, float] | None = None
    for cid, original, n, sig in candidates:
        j, cont = estimate_overlap(fp.minhash, fp.n_shingles, sig, n)
        if is_syndicated(j, cont, fp.n_shingles, n) and (best is None or cont > best[1]):
            best = (original if original is not None else cid, cont)
    return best
