"""A long invented article for scaling checks (tests and benchmarks/bench_long.py)."""

from __future__ import annotations

_NAMES = [("Dana", "Okafor"), ("Mary Ann", "Koval"), ("Tobias", "Brenner"), ("Lena", "Ortiz"),
          ("Karl", "Haddad"), ("Ines", "Pell"), ("Rita", "Alden"), ("Omar", "Velic")]
_TITLES = ["Senator", "Chair", "Mayor", "Dr.", "Judge", "Governor"]
_ORGS = ["the Velden Transit Authority", "the Securities Commission", "the Brackton Herald",
         "the ministry", "the union"]
_PARAS = [
    "{title} {first} {last} said on Tuesday that {org} had failed to act on the audit.",
    '"We will rebuild," {last} said. "The bridge will be open by spring."',
    "{title} {last} denied the report, calling it baseless, and said she would not resign.",
    "A spokesperson for {org} said the review had found no evidence of wrongdoing.",
    "According to {org}, the figures remain confidential and have yet to be released.",
    "She questioned the timing of the raid. He said the vote could be delayed until May.",
    "The plan, {last} said, is dead. Critics of {org} have claimed the plan is unfair.",
    "The weather in Velden was cold and the market opened late on the riverside.",
    "{first} {last}, a former trade negotiator, told reporters the deal was a mistake.",
    "It was announced that {org} would close the plant, {last} told the Brackton Herald.",
]


def long_article(paragraphs: int) -> str:
    """``paragraphs`` paragraphs cycling through names, titles and constructions."""
    out = []
    for k in range(paragraphs):
        first, last = _NAMES[(k * 3) % len(_NAMES)]
        out.append(_PARAS[k % len(_PARAS)].format(
            first=first, last=last, title=_TITLES[k % len(_TITLES)], org=_ORGS[k % len(_ORGS)]))
    return "\n\n".join(out) + "\n"
