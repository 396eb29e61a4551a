"""counterclaim.corpus.linking: the pure functions the store and the Spark job share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus_helpers import article_text
from counterclaim.corpus import linking as L
from counterclaim.lexicon import load_lexicon

ALIASES = {**load_lexicon().demonyms, **load_lexicon().places}


def sig(text: str, speaker: str | None = None) -> L.PropositionSignature:
    return L.proposition_signature(text, aliases=ALIASES, speaker=speaker)


def test_importable_without_sqlite_and_imports_only_the_standard_library():
    import ast

    code = ("import sys; sys.modules['sqlite3'] = None\n"
            "import counterclaim.corpus.linking as L\n"
            "print(L.side_of('deny'), L.text_hash('x')[:4])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("denying")
    tree = ast.parse(Path(L.__file__).read_text())
    imported = {(n.module or "").split(".")[0] for n in ast.walk(tree)
                if isinstance(n, ast.ImportFrom)}
    imported |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                 for a in n.names}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_normalised_text_and_url_keys():
    assert L.normalise_text("“Hello,”  she\nSAID.") == L.normalise_text('"hello," she said')
    assert L.text_hash("A  b.") == L.text_hash("a b")
    assert L.text_hash("a b") != L.text_hash("a c")
    assert L.normalise_url("HTTPS://News.Example:443/a/b/?utm_source=x&b=2&a=1#frag") == \
        "https://news.example/a/b?a=1&b=2"
    assert L.normalise_url("http://x.example:8080/p") == "http://x.example:8080/p"
    assert L.normalise_url("") is None and L.normalise_url(None) is None


def test_minhash_is_deterministic_across_processes():
    text = article_text(7)
    here = L.minhash(L.shingles(text))
    code = ("import sys, json; from counterclaim.corpus import linking as L; "
            "print(json.dumps(L.minhash(L.shingles(sys.stdin.read()))))")
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                         text=True, check=True)
    assert tuple(__import__("json").loads(out.stdout)) == here
    assert L.signature_from_bytes(L.signature_bytes(here)) == here


@pytest.mark.parametrize("edit, expected", [
    (lambda t: t, True),                                              # identical
    (lambda t: "Breaking: harbour news\n" + t.replace("Tuesday", "Monday"), True),  # edited
    (lambda t: "\n\n".join(t.split("\n\n")[:4]), True),               # trimmed wire copy
    (lambda t: t + "\n\nSource: Ambry Gazette\n", True),              # outlet line added
    (lambda t: article_text(99), False),                              # another article
    (lambda t: "\n\n".join(t.split("\n\n")[:1]) + article_text(98), False),  # shares a lede
])
def test_syndication_decision(edit, expected):
    a = article_text(1)
    b = edit(a)
    sa, sb = L.shingles(a), L.shingles(b)
    ma, mb = L.minhash(sa), L.minhash(sb)
    j, c = L.estimate_overlap(ma, len(sa), mb, len(sb))
    assert L.is_syndicated(j, c, len(sa), len(sb)) is expected, (j, c)
    if expected:  # near copies share an LSH band, so the store finds them as candidates
        assert set(L.lsh_bands(ma)) & set(L.lsh_bands(mb))


def test_short_texts_are_never_copies():
    a, b = "Ostrava denies it.", "Ostrava denies it!"
    sa, sb = L.shingles(a), L.shingles(b)
    j, c = L.estimate_overlap(L.minhash(sa), len(sa), L.minhash(sb), len(sb))
    assert not L.is_syndicated(j, c, len(sa), len(sb))


def test_speaker_keys():
    places = load_lexicon().places
    assert L.speaker_key("Beijing", "government", places=places) == "china"
    assert L.speaker_key("the Kremlin", "government", places=places) == "russia"
    assert L.speaker_key("China", "organization", places=places) == "china"
    assert L.speaker_key("The Ministry", "organization") == "ministry"
    assert L.speaker_key("he", "unresolved", scope="1") != L.speaker_key("he", "unresolved",
                                                                         scope="2")
    assert L.speaker_key("a senior official", "anonymous") != L.speaker_key(
        "a senior official", "person")


def test_stem():
    assert {L.stem(w) for w in ("supplying", "supplied", "supplies", "supply")} == {"supply"}
    assert L.stem("weapons") == "weapon" and L.stem("running") == "run"


SAME = [
    ("Chinese nationals are fighting for Russia", "Chinese citizens are not fighting for Russia"),
    ("Beijing is supplying drones to Moscow", "China has never supplied drones to Russia"),
    ("Ostrava secretly supplied armed drones to rebel groups in Tarn",
     "Ostrava did not supply any drones to the rebels in Tarn"),
    ("the Veldran ministry sold rifles to the Korvan militia",
     "Veldra did not sell rifles to Korvan militias"),
    ("China is providing lethal aid to Russia", "allegations that China provides lethal aid "
     "to Russia"),
]
DIFFERENT = [
    ("Chinese nationals are fighting for Russia", "China supplies weapons to Russia"),
    ("Ostravan military advisers had visited rebel camps in the Tarn highlands",
     "no Ostravan weapons had been sent to the rebels"),
    ("Ostrava supplied drones to rebels", "Veldra's harvest failed this year"),
    ("the weather in Tarn was cold", "Ostrava supplied drones to rebels in Tarn"),
    ("the new bridge over the river would open next week after repairs",
     "the river ferry would open next week for tourists"),
]


@pytest.mark.parametrize("a, b", SAME)
def test_same_proposition_in_other_words_and_polarity(a, b):
    assert L.proposition_similarity(sig(a), sig(b)) >= L.LINK_THRESHOLD


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_different_propositions_stay_apart(a, b):
    assert L.proposition_similarity(sig(a), sig(b)) < L.LINK_THRESHOLD


def test_similarity_is_symmetric_and_bounded():
    for a, b in SAME + DIFFERENT:
        s1 = L.proposition_similarity(sig(a), sig(b))
        assert s1 == pytest.approx(L.proposition_similarity(sig(b), sig(a)))
        assert 0.0 <= s1 <= 1.0


def test_negation_and_attribution_words_are_not_topic():
    s = sig("China has never denied the allegations that it did not supply drones")
    assert "never" not in s.terms and "allegation" not in s.terms and "deny" not in s.terms
    assert s.terms == {"supply", "drone"}


def test_pronoun_subject_takes_the_speaker_as_entity():
    assert "ostrav" in sig("it had supplied drones to rebels", speaker="Ostrava").entities
    assert sig("drones were supplied", speaker="Ostrava").entities == frozenset()
    # Through the alias table: "Beijing" speaks for China.
    assert "china" in sig("it sends no weapons", speaker="Beijing").entities


def test_signature_roundtrip_and_index_keys():
    s = sig("Ostrava supplied drones to rebels in Tarn")
    assert L.PropositionSignature.from_dict(s.to_dict()) == s
    assert "e:ostrav" in s.index_keys() and "t:drone" in s.index_keys()


@pytest.mark.parametrize("stance, hedged, side", [
    ("assert", False, "asserting"), ("deny", False, "denying"), ("deny", True, "denying"),
    ("hedge", False, "hedging"), ("assert", True, "hedging"), ("question", False, "other"),
    ("criticize", False, "other"),
])
def test_side_of(stance, hedged, side):
    assert L.side_of(stance, hedged) == side


def test_canonical_speaker_name_from_the_metonym_table():
    lex = load_lexicon()

    def canon(name):
        return L.canonical_speaker_name(name, places=lex.places, demonyms=lex.demonyms,
                                        state_voices=lex.state_voices)
    assert canon("Beijing") == "China" and canon("the Kremlin") == "Russia"
    assert canon("China's foreign ministry") == "China"
    assert canon("Chinese officials") == "China"
    assert canon("the Russian government") == "Russia"
    assert canon("Ukrainian intelligence") == "Ukrainian intelligence"  # an agency
    assert canon("Hugh  Hill") == "Hugh Hill"
    assert canon("Chinese Ministry of Foreign Affairs") == "China"
    assert canon("the Republic of Ostrava") == "Ostrava"
    assert canon("Kingdom of Saudi Arabia") == "Saudi Arabia"
    assert canon("Democratic Republic of the Congo") == "Democratic Republic of the Congo"
    assert canon("People's Republic of China") == "China"


def test_long_denial_with_a_pronoun_subject_meets_the_accusation():
    accusation = sig("the Republic of Ostrava of secretly supplying armed drones to rebel groups "
                     "in its northern province of Tarn")
    denial = sig('it had supplied drones to rebels in neighbouring Veldra, calling them "a pure '
                 "invention\" designed to distract from Veldra's own troubles in the north",
                 speaker="Republic of Ostrava")
    assert L.proposition_similarity(accusation, denial) >= L.LINK_THRESHOLD


@pytest.mark.parametrize("text, negated", [
    ("no Ostravan weapons had been sent to the rebels", True),
    ("the report proved that no Ostravan weapons had been sent", True),
    ("The Republic of Ostrava does not arm insurgents", True),
    ("Ostrava isn't involved", True),
    ("it had never supplied drones", True),
    ("We followed the parts, not the politics", False),
    ("Ostrava is not only a neighbour but a partner", False),
    ("Ostrava supplied drones to the rebels", False),
    ("it recovered the fragments, which the government has not allowed anyone to see", False),
    ("Ostrava would welcome an inquiry but would not accept a verdict", False),
])
def test_is_negated(text, negated):
    assert L.is_negated(text) is negated


@pytest.mark.parametrize("stance, hedged, content, negated, side", [
    ("assert", False, "no Ostravan weapons had been sent", False, "denying"),
    ("assert", False, "no Ostravan weapons had been sent", True, "asserting"),  # extractor knew
    ("deny", True, "it is not supplying weapons", True, "denying"),
    ("deny", False, "it had supplied drones", False, "denying"),
    ("deny", False, "it had never paid the invoice", False, "asserting"),
    ("assert", False, "Ostrava supplied drones", False, "asserting"),
    ("hedge", True, "the drones may not have come from Ostrava", False, "hedging"),
    ("question", False, "whether no drones were sent", False, "other"),
])
def test_effective_side(stance, hedged, content, negated, side):
    assert L.effective_side(stance, hedged, content, negated) == side


def test_state_of_an_adjective_the_demonym_table_lacks():
    lex = load_lexicon()
    states = set(lex.states) | {"Ostrava", "Veldra", "Niger", "Nigeria"}

    def f(name):
        return L.state_of_adjective_voice(name, states, lex.state_voices)
    assert f("Ostravan Ministry of Foreign Affairs") == "Ostrava"
    assert f("the Veldran government") == "Veldra"
    assert f("Nigerian officials") == "Nigeria"  # the closest name, not Niger
    assert f("Ostravan company") is None  # not a voice of the state
    assert f("Veldran intelligence") is None  # an agency keeps its identity
    assert f("Ostrava officials") == "Ostrava"
    assert f("Ostrava's foreign ministry") == "Ostrava"
    assert f("Korva's foreign ministry") is None  # not a known state
