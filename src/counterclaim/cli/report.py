"""The readable terminal report (rich) for ``counterclaim analyze``.

Two forms: the full report (a table of statements per article, then the article's
disputes) and ``--summary`` (two lines per article). Both fit the terminal: from 120
columns the table has a column each for hedges and evidence; narrower, those move
under the content, and the speaker, cue and content columns wrap.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.text import Text

from ..records import Analysis, Statement
from .terminal import Col, console, fit, hang, pack, plural, table

STANCE_STYLE = {"assert": "green", "deny": "red", "hedge": "yellow", "question": "cyan",
                "criticize": "magenta"}
WIDE = 120  # from this width the table has hedges and evidence columns
CONTENT_CHARS = 240  # longer contents are shortened in the table (--json has them whole)


class Report:
    def __init__(self, con: Any = None, *, summary_only: bool = False) -> None:
        self.console = con or console()
        self.summary_only = summary_only
        self.totals = {"articles": 0, "statements": 0, "disputes": 0}

    def count(self, a: Analysis) -> None:
        """Add the article to the totals (what ``show`` does, without printing)."""
        self.totals["articles"] += 1
        self.totals["statements"] += len(a.statements)
        self.totals["disputes"] += len(a.disputes)

    def show(self, a: Analysis, console: Any = None) -> None:
        """Print one article (on ``console`` when given, e.g. a progress bar's)."""
        self.count(a)
        mine = self.console
        if console is not None:
            self.console = console
        try:
            self._brief(a) if self.summary_only else self._full(a)
        finally:
            self.console = mine

    # -- --summary: two lines an article ------------------------------------------------

    def _brief(self, a: Analysis) -> None:
        c, w = self.console, self.console.width
        art = a.article
        c.print(Text(hang("", art.title or art.id, w), style="bold"))
        stances = Counter(s.stance for s in a.statements)
        counts = plural(len(a.statements), "statement")
        if stances:
            counts += ": " + ", ".join(f"{n} {k}" for k, n in stances.most_common())
        disputes = plural(len(a.disputes), "dispute") if a.disputes else None
        parts = [art.outlet, art.published, counts, disputes]
        c.print(pack([p for p in parts if p], w, indent="  "), markup=False)

    # -- the full report ----------------------------------------------------------------

    def _full(self, a: Analysis) -> None:
        c = self.console
        art = a.article
        head = art.title or art.id
        if len(head) + 6 <= c.width:
            c.rule(Text(head, style="bold"))
        else:
            c.rule()
            c.print(Text(hang("", head, c.width), style="bold"))
        meta = " · ".join(x for x in (art.outlet, art.published, art.url) if x)
        if meta:
            c.print(Text(meta, style="dim"), overflow="fold")
        c.print(self._table(a))
        if a.disputes:
            c.print(Text(f"Disputes ({len(a.disputes)})", style="bold"))
            for d in a.disputes:
                c.print(hang("• ", _shorten(d.proposition_text, 200), c.width), markup=False)
                sides = [("asserted by: ", d.asserted_by, "green"),
                         ("denied by:   ", d.denied_by, "red")]
                if d.hedged_by:
                    sides.append(("hedged by:   ", d.hedged_by, "yellow"))
                for label, who, style in sides:
                    line = Text(hang("   " + label, ", ".join(who) or "—", c.width))
                    line.stylize(style, 3, 3 + len(label))
                    c.print(line)
        else:
            c.print(Text("No disputes in this article.", style="dim"))
        c.print()

    def _table(self, a: Analysis) -> Any:
        wide = self.console.width >= WIDE
        cols = [Col("#", "num", style="dim"), Col("speaker", ratio=2), Col("cue", ratio=1),
                Col("stance", "tag")]
        if wide:
            cols += [Col("hedges", ratio=1), Col("evidence", "tag")]
        cols.append(Col("content", ratio=5))
        t = table(plural(len(a.statements), "statement"), cols)
        for n, s in enumerate(a.statements, 1):
            row: list[Any] = [str(n), _speaker(s), _cue(s),
                              Text(s.stance + (" ~" if s.hedged else ""),
                                   style=STANCE_STYLE.get(s.stance, ""))]
            content = Text(_shorten(s.content.text, CONTENT_CHARS))
            content.append(f"  [{s.kind}]", style="dim")
            hedges = ", ".join(h.text for h in s.hedges)
            evidence = s.evidence if s.evidence != "none" else ""
            if wide:
                row += [hedges, evidence]
            else:
                extra = [x for x in (hedges and f"hedges: {hedges}",
                                     evidence and f"evidence: {evidence}") if x]
                if extra:
                    content.append("\n" + " · ".join(extra), style="italic")
            t.add_row(*row, content)
        return fit(t, self.console.width)

    def summary(self) -> None:
        t = self.totals
        self.console.print(Text(
            f"{plural(t['articles'], 'article')} · {plural(t['statements'], 'statement')} · "
            f"{plural(t['disputes'], 'dispute')} within articles", style="bold"))


def _speaker(s: Statement) -> Text:
    sp = s.speaker
    who = Text(sp.name or "?")
    if sp.mention and sp.mention.text != sp.name:
        who.append(f"\n“{sp.mention.text}”", style="dim")
    if sp.resolved_by not in ("mention", "name"):
        who.append(f"\n({sp.resolved_by})", style="dim italic")
    return who


def _cue(s: Statement) -> str:
    return s.cue.span.text if s.cue else (s.marker.text if s.marker else "—")


def _shorten(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
