"""counterclaim.link: the linking kernel the article reading, the store and Spark share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus_helpers import article_text
from counterclaim.lexicon import load_lexicon
from counterclaim.link import claims, propositions, sides, speakers
from counterclaim.link import copies as L
from counterclaim.link.propositions import THRESHOLD, Signature, similarity


def sig(text: str, speaker: str | None = None) -> Signature:
    return propositions.signature(text, speaker=speaker)


# Modules the kernel may import besides the standard library: its own, and the
# stdlib-only modules below it (records, errors, the lexicon loader).
KERNEL_DEPS = {"counterclaim.link", "counterclaim.records", "counterclaim.errors",
               "counterclaim.lexicon"}


def test_importable_without_third_party_packages_and_imports_only_the_standard_library():
    import ast

    blocked = ("sqlite3", "spacy", "pyspark", "pyarrow", "fastapi", "click", "rich", "numpy",
               "trafilatura", "httpx")
    code = ("import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in blocked)
            + "import counterclaim.link.propositions as P, counterclaim.link.copies as C\n"
              "import counterclaim.link.disputes, counterclaim.link.speakers\n"
              "print(P.signature('Ostrava sent drones').to_dict(), C.text_hash('x')[:4])\n"
              "print(sorted(m for m in sys.modules if m.startswith('counterclaim')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert "'drone'" in out.stdout
    loaded = eval(out.stdout.splitlines()[-1])  # noqa: S307 - our own printed list
    assert {m for m in loaded if not any(m == d or m.startswith(d + ".") for d in
                                         KERNEL_DEPS)} <= {"counterclaim", "counterclaim.version"}, loaded
    for path in Path(propositions.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for n in ast.walk(tree):
            if isinstance(n, ast.Import):
                names = [a.name for a in n.names]
            elif isinstance(n, ast.ImportFrom):
                if n.level:
                    base = "counterclaim.link" if n.level == 1 else "counterclaim"
                    names = [f"{base}.{n.module}" if n.module else base]
                else:
                    names = [n.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__" or any(
                    name == d or name.startswith(d + ".") for d in KERNEL_DEPS), (path, name)


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
    code = ("import sys, json; from counterclaim.link import copies as L; "
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
    assert speakers.speaker_key("Beijing", "government", places=places) == "china"
    assert speakers.speaker_key("the Kremlin", "government", places=places) == "russia"
    assert speakers.speaker_key("China", "organization", places=places) == "china"
    assert speakers.speaker_key("The Ministry", "organization") == "ministry"
    assert speakers.speaker_key("he", "unresolved", scope="1") != speakers.speaker_key(
        "he", "unresolved", scope="2")
    assert speakers.speaker_key("a senior official", "anonymous") != speakers.speaker_key(
        "a senior official", "person")


def test_stem():
    stem = claims.stem
    assert {stem(w) for w in ("supplying", "supplied", "supplies", "supply")} == {"supply"}
    assert stem("weapons") == "weapon" and stem("running") == "run"


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
    assert similarity(sig(a), sig(b)) >= THRESHOLD


@pytest.mark.parametrize("a, b", DIFFERENT)
def test_different_propositions_stay_apart(a, b):
    assert similarity(sig(a), sig(b)) < THRESHOLD


def test_similarity_is_symmetric_and_bounded():
    for a, b in SAME + DIFFERENT:
        s1 = similarity(sig(a), sig(b))
        assert s1 == pytest.approx(similarity(sig(b), sig(a)))
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
    assert Signature.from_dict(s.to_dict()) == s
    assert "e:ostrav" in s.index_keys() and "t:drone" in s.index_keys()


@pytest.mark.parametrize("stance, hedged, named, lemma, side", [
    ("assert", False, False, None, "asserting"), ("deny", False, False, None, "denying"),
    ("deny", True, False, None, "denying"), ("question", False, False, None, "hedging"),
    # A speaker who suggests X still puts X forward ...
    ("hedge", True, False, None, "asserting"), ("assert", True, False, None, "asserting"),
    # ... but a hedged or cautious comment on a claim others made casts doubt on it.
    ("assert", True, True, None, "hedging"), ("assert", False, True, "caution", "hedging"),
    ("assert", False, True, "say", "asserting"), ("criticize", False, False, None, "other"),
])
def test_side_of(stance, hedged, named, lemma, side):
    assert sides.side_of(stance, hedged=hedged, content="x", claim_named=named,
                         cue_lemma=lemma) == side


def test_canonical_speaker_name_from_the_metonym_table():
    def canon(name):
        return speakers.canonical_name(name)
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
    assert similarity(accusation, denial) >= THRESHOLD


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
    assert claims.is_negated(text) is negated


@pytest.mark.parametrize("stance, hedged, content, negated, side", [  # polarity
    ("assert", False, "no Ostravan weapons had been sent", False, "denying"),
    # the parse saw the negation; the reading left it "assert" (it answers nothing in its
    # article): toward the positive form it is still denying
    ("assert", False, "no Ostravan weapons had been sent", True, "denying"),
    ("deny", True, "it is not supplying weapons", True, "denying"),
    ("deny", False, "it had supplied drones", False, "denying"),
    ("deny", False, "it had never paid the invoice", False, "asserting"),
    ("assert", False, "Ostrava supplied drones", False, "asserting"),
    ("question", False, "whether no drones were sent", False, "hedging"),
])
def test_side_toward_the_positive_proposition(stance, hedged, content, negated, side):
    assert sides.side_of(stance, hedged=hedged, content=content, negated=negated) == side


def test_state_of_an_adjective_the_demonym_table_lacks():
    lex = load_lexicon()
    states = set(lex.states) | {"Ostrava", "Veldra", "Niger", "Nigeria"}

    def f(name):
        return speakers.adjective_state(name, states)
    assert f("Ostravan Ministry of Foreign Affairs") == "Ostrava"
    assert f("the Veldran government") == "Veldra"
    assert f("Nigerian officials") == "Nigeria"  # the closest name, not Niger
    assert f("Ostravan company") is None  # not a voice of the state
    assert f("Veldran intelligence") is None  # an agency keeps its identity
    assert f("Ostrava officials") == "Ostrava"
    assert f("Ostrava's foreign ministry") == "Ostrava"
    assert f("Korva's foreign ministry") is None  # not a known state


@pytest.mark.parametrize("text", [
    "The Republic of Ostrava denied supplying drones to the Veldran rebels",
    "Beijing and the White House said the talks in New Delhi would resume",
    "I'm not kidding, Teodor Sarn wasn't at the Ministry on Monday",
    "officials said the mill dumped waste in the Orra river, which Ilse Varga disputed",
    "",
])
def test_entities_of_reads_the_signatures_entities(text):
    # the claim check reads many sentences' actors through entities_of: the same
    # entities as a signature of the text, without stemming its other words
    assert propositions.entities_of(text) == propositions.signature(text).entities
