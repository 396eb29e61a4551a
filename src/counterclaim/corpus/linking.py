"""Pure linking logic for a corpus: duplicates, syndicated copies, speakers, propositions.

Nothing here touches SQL, spaCy or the network, and it imports only the standard
library, so the same functions serve the SQLite store (``counterclaim.store``) and
a Spark job at scale (block with MinHash LSH, then score pairs with
:func:`proposition_similarity`). Every function is deterministic across processes
and machines: hashes are ``blake2b``, never Python's salted ``hash()``.

Articles
    :func:`normalise_text` / :func:`text_hash`  exact duplicates ("same normalised text")
    :func:`normalise_url`                      exact duplicates by URL
    :func:`shingles` → :func:`minhash` → :func:`lsh_bands`   candidate syndicated copies
    :func:`estimate_overlap` / :func:`is_syndicated`         verify a candidate pair

Speakers
    :func:`canonical_speaker_name`  metonyms and state voices → the state ("Beijing" → China)
    :func:`speaker_key`             the key two speakers of different articles merge on

Propositions (what statements are about, polarity kept apart)
    :func:`proposition_signature`  terms and entities of a content text, negation dropped
    :func:`proposition_similarity` a score in [0, 1]; link when ``>= LINK_THRESHOLD``
    :func:`side_of`                asserting / denying / hedging / other, from the stance
    :func:`effective_side`         the same, toward the proposition's positive form

Example::

    >>> a = proposition_signature("Chinese nationals are fighting for Russia")
    >>> b = proposition_signature("Chinese citizens are not fighting for Russia")
    >>> proposition_similarity(a, b) >= LINK_THRESHOLD
    True
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "LINK_THRESHOLD", "NUM_PERM", "BANDS", "SHINGLE_SIZE", "SYNDICATION_JACCARD",
    "SYNDICATION_CONTAINMENT", "MIN_SHINGLES", "PropositionSignature", "normalise_text",
    "text_hash", "normalise_url", "shingles", "minhash", "lsh_bands", "estimate_overlap",
    "is_syndicated", "canonical_speaker_name", "state_of_adjective_voice", "speaker_key",
    "stem", "proposition_signature",
    "proposition_similarity", "side_of", "effective_side", "is_negated", "SIDES",
]

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


# --- speakers -------------------------------------------------------------------------

def speaker_key(name: str, kind: str, *, places: Mapping[str, str] | None = None,
                scope: str | None = None) -> str:
    """The key speakers merge on across articles.

    ``places`` is the metonym table (``Lexicon.places``: "Beijing" → "China"); a
    name found there becomes its state. Names are compared casefolded without a
    leading "the" or a possessive. Kinds: ``unresolved`` speakers never merge
    (pass ``scope``, e.g. the article id, to keep them apart); ``anonymous``
    ones merge only with anonymous ones of the same wording; every other kind
    merges by name (an extractor may call one state "government" in one article
    and "organization" in another).
    """
    raw = " ".join(name.split())
    if places:
        bare = raw[4:] if raw.lower().startswith("the ") else raw
        raw = places.get(raw) or places.get(bare) or raw
    key = raw.casefold()
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"['’]s?$", "", key).strip()
    if kind == "unresolved":
        return f"unresolved:{scope or ''}:{key}"
    if kind == "anonymous":
        return f"anonymous:{key}"
    return key


_STATE_FORM = re.compile(r"^(?:(?:Islamic|Federal|Socialist|Arab|Hashemite)\s+)?"
                         r"(?:Republic|Kingdom|State|Federation|Commonwealth|Principality|"
                         r"Sultanate)\s+of\s+(?:the\s+)?")


def canonical_speaker_name(name: str, *, places: Mapping[str, str] | None = None,
                           demonyms: Mapping[str, str] | None = None,
                           state_voices: Iterable[str] = ()) -> str:
    """The name a speaker is listed under across the corpus, from the metonym table:
    a place that stands for a state becomes the state ("Beijing", "the Kremlin"), and
    a state's voice becomes the state itself ("China's foreign ministry", "Chinese
    officials", "the Russian government"; heads from ``state_voices``); a state's
    formal name becomes its short one ("the Republic of Ostrava"). Other names
    are returned as written (whitespace normalised). Agencies with their own
    identity ("Ukrainian intelligence") are not in ``state_voices`` and stay apart."""
    raw = " ".join(name.split())
    places = places or {}
    bare = raw[4:] if raw.lower().startswith("the ") else raw
    if raw in places or bare in places:
        return places.get(raw) or places[bare]
    short = _STATE_FORM.sub("", bare)
    if short != bare and short[:1].isupper():
        # "the Republic of Ostrava" is Ostrava ("Democratic Republic of the Congo" stays).
        return places.get(short, short)
    if not state_voices:
        return raw
    demonyms = demonyms or {}
    states = set(places.values()) | set(demonyms.values())
    voices = {v.lower() for v in state_voices}
    words = bare.split()
    for k in range(1, min(4, len(words))):
        head = re.sub(r"['’]s$", "", " ".join(words[:k]))
        rest = " ".join(words[k:]).lower()
        state = demonyms.get(head) or places.get(head) or (head if head in states else None)
        if state and rest in voices:
            return state
    return raw


def state_of_adjective_voice(name: str, states: Iterable[str],
                             state_voices: Iterable[str]) -> str | None:
    """The state a "<Adjective> <state voice>" speaks for, when the adjective is not in
    the demonym table but is a known state's name ("Ostrava's foreign ministry") or
    plainly derives from one ("Ostravan officials" → Ostrava, when Ostrava is known,
    e.g. stored as a government speaker): the adjective starts with the state's
    name less its last letter (at least four letters) and is at most three letters
    longer. The closest such state wins; None when there is none."""
    words = " ".join(name.split()).removeprefix("the ").removeprefix("The ").split()
    voices = {v.lower() for v in state_voices}
    for k in (1, 2):
        if len(words) <= k:
            break
        adj, rest = " ".join(words[:k]), " ".join(words[k:]).lower()
        if rest not in voices or not adj[:1].isupper():
            continue
        named = re.sub(r"['’]s$", "", adj)
        if named in states:  # "Ostrava's foreign ministry", "Ostrava officials"
            return named
        best: tuple[int, str] | None = None
        for state in states:
            stem_ = state[:-1]
            if len(stem_) >= 4 and adj.startswith(stem_) and 0 < len(adj) - len(state) <= 3:
                diff = len(adj) - len(state)
                if best is None or diff < best[0]:
                    best = (diff, state)
        if best:
            return best[1]
    return None


# --- propositions ---------------------------------------------------------------------

LINK_THRESHOLD = 0.5

# The word lists are data (lexicon/data/linking.json), read with the standard
# library only so that this module stays importable on a Spark worker.
def _load_rules() -> dict:
    from importlib import resources

    raw = resources.files("counterclaim.lexicon").joinpath("data", "linking.json")
    return json.loads(raw.read_text("utf-8"))


_RULES = _load_rules()
_STOP = frozenset(_RULES["stopwords"])
_GENERIC_NAME = frozenset(_RULES["generic_name_words"])

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")


# Word classes that disputes state in other words ("supplied weapons" / "sent arms").
_CONCEPTS: dict[str, str] = {w: cls for cls, words in _RULES["concepts"].items() for w in words}


def stem(word: str) -> str:
    """A light, deterministic suffix stripper (supplying/supplied/supplies → supply)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("ied"):
        return w[:-3] + "y"
    for suf in ("ing", "ed"):
        if len(w) > len(suf) + 2 and w.endswith(suf):  # arming, armed → arm
            w = w[: -len(suf)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # running → run
            return w
    if len(w) > 3 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not w.endswith("us"):
        return w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class PropositionSignature:
    """What a proposition is about: ``terms`` (stems of content words, entities
    excluded) and ``entities`` (canonical, casefolded names); no polarity."""

    terms: frozenset[str]
    entities: frozenset[str]

    def to_dict(self) -> dict[str, list[str]]:
        return {"terms": sorted(self.terms), "entities": sorted(self.entities)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Iterable[str]]) -> PropositionSignature:
        return cls(frozenset(d.get("terms", ())), frozenset(d.get("entities", ())))

    def index_keys(self) -> list[str]:
        """Keys for an inverted index / blocking: ``t:<term>`` and ``e:<entity>``."""
        return sorted({f"t:{t}" for t in self.terms} | {f"e:{e}" for e in self.entities})


def _entity_key(name: str) -> str:
    """Casefolded entity; a long single word is cut to 6 letters so a name and its
    adjective meet when no alias table lists them (Veldra/Veldran, Russia/Russian)."""
    key = name.casefold().replace("’", "'").removesuffix("'s")
    if " " not in key and len(key) >= 7:
        return key[:6]
    return key


_SUBJECT_PRONOUN = re.compile(r"^\W*(it|its|they|their|we|our|he|his|she|her)\b", re.I)


def proposition_signature(text: str, *, aliases: Mapping[str, str] | None = None,
                          extra_terms: Iterable[str] = (),
                          speaker: str | None = None) -> PropositionSignature:
    """Terms and entities of a content text.

    ``aliases`` maps a name or adjective to its canonical entity (the lexicon's
    places and demonyms: "Beijing"/"Chinese" → "China"), so "Beijing sells arms"
    and "Chinese arms sales" share the entity ``china``. A capitalised word that
    is not a stop word is an entity (the first word too, unless a stop word);
    negation and attribution words are dropped so a denial keeps the topic of the
    assertion. ``extra_terms`` (e.g. ``Proposition.terms`` from the extractor) are
    stemmed and added. ``speaker`` (a canonical name) becomes an entity when the
    content opens with a pronoun: in "Ostrava denied (that) it had supplied drones"
    the "it" is, in news prose, the speaker.
    """
    aliases = aliases or {}
    terms: set[str] = set()
    entities: set[str] = set()
    tokens = _TOKEN.findall(text)
    i = 0
    while i < len(tokens):
        tok = tokens[i].strip(".'’-")
        if not tok:
            i += 1
            continue
        # Two-word aliases first ("White House", "Downing Street").
        if i + 1 < len(tokens):
            pair = f"{tok} {tokens[i + 1].strip('.')}"
            if pair in aliases:
                entities.add(_entity_key(aliases[pair]))
                i += 2
                continue
        if tok in aliases:
            entities.add(_entity_key(aliases[tok]))
        elif tok.lower() in _GENERIC_NAME and tok[0].isupper():
            pass
        elif tok[0].isupper() and tok.lower() not in _STOP and len(tok) > 1:
            entities.add(_entity_key(tok))
        else:
            low = tok.lower()
            if low not in _STOP and len(low) > 2:
                s = stem(low)
                if s not in _STOP:
                    terms.add(_CONCEPTS.get(s, s))
        i += 1
    for t in extra_terms:
        low = t.lower()
        if low and low not in _STOP and low not in entities:
            terms.add(_CONCEPTS.get(stem(low), stem(low)))
    if speaker and _SUBJECT_PRONOUN.match(text):
        # The speaker's name read like the text's names ("Republic of Ostrava" → ostrav).
        named = proposition_signature(aliases.get(speaker, speaker), aliases=aliases)
        entities |= named.entities or {_entity_key(speaker)}
    return PropositionSignature(frozenset(terms - entities), frozenset(entities))


def _overlap_score(a: frozenset[str], b: frozenset[str]) -> float:
    inter = len(a & b)
    if not inter:
        return 0.0
    dice = 2 * inter / (len(a) + len(b))
    contain = inter / min(len(a), len(b))
    return 0.5 * dice + 0.5 * contain


def proposition_similarity(a: PropositionSignature, b: PropositionSignature) -> float:
    """Score in [0, 1] that two signatures state the same thing (polarity ignored).

    Topic words carry 60 % and must overlap, by two words unless one side has at
    most two (shared entities alone never link:
    "China supplies drones to Russia" is not "Chinese nationals fight for
    Russia"); entities carry 40 % when both sides name some, and a pair naming
    disjoint entities is halved (other actors, another proposition). When neither
    names an entity the topic words decide alone.
    """
    shared = len(a.terms & b.terms)
    # One shared word links only short propositions ("nationals fight" / "citizens
    # fight"); longer ones must share two ("rebel" alone does not make a topic).
    if shared == 0 or (shared == 1 and min(len(a.terms), len(b.terms)) > 2):
        return 0.0
    topic = _overlap_score(a.terms, b.terms)
    if a.entities & b.entities:
        # About the same actors, three shared topic words make a strong topic even
        # between long contents, which Dice alone calls weak ("it had supplied drones
        # to rebels, calling them …" / "Ostrava secretly supplied armed drones …").
        topic = max(topic, min(1.0, (shared - 1) / 3))
    if a.entities and b.entities:
        ent = _overlap_score(a.entities, b.entities)
        score = 0.6 * topic + 0.4 * ent
        return score * 0.5 if ent == 0.0 else score
    if a.entities or b.entities:
        # One side names nobody ("it is supplying weapons"): topic only, slightly discounted.
        return 0.9 * topic
    # Neither names anyone: common words ("the river … open next week") are weak evidence.
    return 0.85 * topic


SIDES: tuple[str, ...] = ("asserting", "denying", "hedging")

# A content that negates its own main claim: "no weapons had been sent", "it did not
# arm", "Ostrava isn't involved", "had never". Contrasts ("the parts, not the
# politics") and "not only" are left alone.
_NEGATED = re.compile(
    r"^\W*(?:no|none|nobody|nothing|neither|never)\b"
    r"|\bthat\s+(?:no|none|nobody|nothing|neither)\b"
    r"|\b(?:do|does|did|is|are|was|were|has|have|had|will|would|could|can|should|must)"
    r"\s+(?:not|never)\b(?!\s+only)"
    r"|\b(?:do|does|did|is|are|was|were|has|have|had|wo|would|could|ca|should)n['’]t\b"
    r"|\b(?:has|have|had|is|are|was|were)\s+(?:no|never)\b",
    re.IGNORECASE)


# Where the main claim ends: a negation in a relative or contrastive clause after it
# ("…, which the government has not allowed") does not negate the claim.
_CLAUSE_END = re.compile(r",?\s+(?:which|who|whom|whose|where|while|although|though|because|"
                         r"but|whereas)\b|[;:]", re.IGNORECASE)


def is_negated(text: str) -> bool:
    """Whether a content negates its own main claim (see ``_NEGATED``); a rough reading
    of the text up to the first relative or contrastive clause."""
    m = _CLAUSE_END.search(text)
    return bool(_NEGATED.search(text[:m.start()] if m else text))


def side_of(stance: str, hedged: bool = False) -> str:
    """The dispute side of a statement: deny → denying; hedge, or an assertion carrying
    hedges → hedging; assert → asserting; question/criticize → ``other``."""
    if stance == "deny":
        return "denying"
    if stance == "hedge" or (stance == "assert" and hedged):
        return "hedging"
    if stance == "assert":
        return "asserting"
    return "other"


def effective_side(stance: str, hedged: bool, content: str, negated: bool = False) -> str:
    """The side of a statement toward the *positive* form of its proposition.

    Signatures drop negation, so "Ostrava supplied drones" and "no Ostravan drones
    were sent" share a proposition; the side then has to carry the polarity. The
    extractor's stance already accounts for a negation it noticed (``negated`` is
    True: "insisted it is not supplying" → deny). When it did not, and the content
    negates itself, an assertion of it is a denial of the proposition ("said no
    weapons had been sent" → denying) and a denial of it is an assertion ("denied
    that it had never paid" → asserting). Hedges stay hedging.
    """
    side = side_of(stance, hedged)
    if negated or side not in ("asserting", "denying") or not is_negated(content):
        return side
    return "denying" if side == "asserting" else "asserting"
