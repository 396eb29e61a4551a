"""The linking kernel: every decision that ties statements together lives here.

Standard library only, pure functions over plain values and the frozen records of
:mod:`counterclaim.records`; the article pipeline (stage 10), the corpus store and
Spark's Stage 2 call these and re-implement none of them, so the three agree.

    rules         the linking rules, read from the lexicon data (one validated loader)
    copies        exact duplicates and syndicated copies (fingerprints, MinHash, LSH)
    speakers      the name a speaker is listed under and the key speakers merge on
    claims        what a content claims, whether it negates it, whether it names a claim
    sides         the one side of each statement: asserting, denying, hedging, other
    propositions  signature, similarity, in-article grouping, units across articles
    disputes      one side per speaker; asserted and denied → a dispute; side summaries
"""

from .rules import LinkRules, load_rules

__all__ = ["LinkRules", "load_rules"]
