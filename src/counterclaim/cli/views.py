"""How the corpus commands print: the rows the store returns, as a person reads them
at any terminal width (the ``--json`` forms are the rows themselves).

Lists are tables (:func:`terminal.table`); one dispute or speaker is a block of
labelled lines whose continuations stay under their text. Article text is printed
as plain text, never as rich markup, so "[...]" in a quote prints as written.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from .terminal import Col, console, fit, hang, plural, table

UNDATED = "undated"


def _labelled(label: str, text: str, style: str = "bold", cols: int | None = None) -> Text:
    """``label`` in ``style``, then ``text`` wrapped under itself."""
    out = Text(hang(label, text, cols))
    out.stylize(style, 0, len(label.rstrip()))
    return out


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _dates(first: str | None, last: str | None) -> str:
    if not first:
        return UNDATED
    return first if not last or last == first else f"{first} → {last}"


def _where(date: str | None, outlet: str | None) -> Text:
    return Text(f"{date or UNDATED}\n{outlet or 'unknown outlet'}")


# --- disputes ---------------------------------------------------------------------------

def print_disputes(rows: list[dict[str, Any]]) -> None:
    """A block per dispute (a table folds long propositions badly)."""
    con = console()
    if not rows:
        con.print("No disputes found.")
        return
    con.print(Text(plural(len(rows), "dispute"), style="bold"))
    for r in rows:
        con.print()
        con.print(_labelled(f"#{r['id']} ", _short(r["proposition"], 220), cols=con.width))
        con.print(_labelled("    asserting: ", ", ".join(r["asserting_by"]) or "—", "green",
                            con.width))
        con.print(_labelled("    denying:   ", ", ".join(r["denying_by"]) or "—", "red",
                            con.width))
        if r["hedging_by"]:
            con.print(_labelled("    hedging:   ", ", ".join(r["hedging_by"]), "yellow",
                                con.width))
        con.print(hang("    ", f"{plural(r['n_statements'], 'statement')} in "
                       f"{plural(r['n_articles'], 'article')}, "
                       f"{_dates(r['first_date'], r['last_date'])}", con.width), markup=False)


def print_dispute(d: dict[str, Any]) -> None:
    """One dispute: the claim, each side, the timeline, the syndicated appearances."""
    con = console()
    w = con.width
    con.print(_labelled(f"Dispute {d['id']}: ", d["proposition"], cols=w))
    c = d["counts"]
    copies = plural(c["copies"], "syndicated copy") if c["copies"] else "no syndicated copies"
    con.print(hang("", f"{plural(c['statements'], 'statement')} in "
                   f"{plural(c['articles'], 'article')} from {plural(c['outlets'], 'outlet')} "
                   f"({copies}); {_dates(d['first_date'], d['last_date'])}", w), markup=False)
    for side, v in d["sides"].items():
        if not v["speakers"]:
            continue
        names = ", ".join(f"{s['name']} ({s['statements']})" for s in v["speakers"])
        ev = ", ".join(f"{k} {n}" for k, n in sorted(v["evidence"].items()))
        con.print()
        con.print(_labelled(f"{side}: ", names, cols=w))
        con.print(_labelled("  outlets:  ", ", ".join(v["outlets"]) or "—", "dim", w))
        con.print(_labelled("  dates:    ", _dates(v["first_date"], v["last_date"]), "dim", w))
        con.print(_labelled("  evidence: ", ev or "—", "dim", w))
    con.print()
    con.print(Text("Timeline", style="bold") + Text(" (by date and outlet)"))
    for e in d["timeline"]:
        ev = "" if e["evidence"] == "none" else f", evidence {e['evidence']}"
        con.print(hang(f"  {e['date'] or UNDATED:<10}  ",
                       f"{e['outlet'] or 'unknown outlet'} — {e['speaker']} [{e['side']}{ev}]: "
                       f"{_short(e['content'], 160)}", w), markup=False)
    copies_seen = [a for a in d["appearances"] if a["copy_of"]]
    if copies_seen:
        con.print(hang("Also appeared (syndicated copies): ", "; ".join(
            f"{a['outlet'] or 'unknown outlet'} {a['date'] or ''}".strip()
            for a in copies_seen), w), markup=False)


# --- speakers ---------------------------------------------------------------------------

def print_speakers(rows: list[dict[str, Any]]) -> None:
    con = console()
    if not rows:
        con.print("No speakers found.")
        return
    # In a narrow terminal the articles count goes first, then the kind (--json has both).
    t = table(plural(len(rows), "speaker"), [
        Col("id", "num"), Col("name", ratio=3), Col("kind", "tag", drop=1),
        Col("statements", "num"), Col("articles", "num", drop=2), Col("assert", "num"),
        Col("deny", "num"), Col("hedge", "num")])
    for r in rows:
        t.add_row(str(r["id"]), Text(r["name"]), r["kind"], str(r["n_statements"]),
                  str(r["n_articles"]), str(r["asserting"]), str(r["denying"]),
                  str(r["hedging"]))
    con.print(fit(t, con.width))


def print_speaker(s: dict[str, Any]) -> None:
    con = console()
    w = con.width
    con.print(_labelled(f"{s['name']} ", f"({s['kind']})", cols=w))
    mentions = ", ".join(f"{m['text']} ×{m['n']}" for m in s["mentions"][:12])
    con.print(_labelled("mentions: ", mentions or "—", "dim", w))
    if s["disputes"]:
        con.print(_labelled("disputes: ", ", ".join(str(i) for i in s["disputes"]), "dim", w))
    for key in ("asserted", "denied", "hedged", "other"):
        if not s[key]:
            continue
        con.print()
        con.print(Text(key, style="bold") + Text(f" ({len(s[key])})"))
        for st in s[key]:
            a = st["article"]
            con.print(hang(f"  {a['date'] or UNDATED:<10}  ",
                           f"{a['outlet'] or 'unknown outlet'}: "
                           f"{_short(st['content']['text'], 200)}", w), markup=False)


# --- search -----------------------------------------------------------------------------

def print_search(r: dict[str, Any]) -> None:
    con = console()
    if r["interpreted_as"] != "fts5":
        con.print(hang("", f"(query read as plain words: {r['fts_query']})", con.width),
                  markup=False)
    if not r["statements"] and not r["articles"]:
        con.print(f"Nothing matches {r['query']!r}.", markup=False)
        return
    t = table(plural(len(r["statements"]), "statement"), [
        Col("id", "num"), Col("article", ratio=2), Col("speaker", ratio=2), Col("stance", "tag"),
        Col("content", ratio=5)])
    for st in r["statements"]:
        a = st["article"]
        t.add_row(str(st["id"]), _where(a["date"], a["outlet"]), Text(st["speaker"]["name"]),
                  st["stance"], Text(_short(st["content"]["text"], 160)))
    con.print(fit(t, con.width))
    t = table(plural(len(r["articles"]), "article"), [
        Col("id", "num"), Col("article", ratio=2), Col("title", ratio=3),
        Col("snippet", ratio=4)])
    for a in r["articles"]:
        t.add_row(str(a["id"]), _where(a["date"], a["outlet"]), Text(_short(a["title"], 90)),
                  Text(_short(a["snippet"], 160)))
    con.print(fit(t, con.width))


# --- failures ---------------------------------------------------------------------------

def print_failures(rows: list[dict[str, Any]]) -> None:
    con = console()
    if not rows:
        con.print("No failures recorded.")
        return
    con.print(Text(plural(len(rows), "failure"), style="bold"))
    for r in rows:
        times = f" ×{r['count']}" if r["count"] > 1 else ""
        # The reason on its own lines: it starts with a path or URL, best left whole.
        con.print(Text(f"{r['last_seen']}{times}", style="dim"))
        con.print(hang("  ", r["reason"], con.width), markup=False)
