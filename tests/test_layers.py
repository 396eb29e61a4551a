"""The package's shape: no import cycles, no import against the layering, small modules.

Read from the source with ``ast`` (every import, at module level or inside a
function, counts: a lazy import is still a dependency). Layers, lowest first:

    errors, version, records, dates  the vocabulary every layer shares
    lexicon                          rule data, one validated loader
    link                             linking decisions (stdlib only)
    checking                         the claim check's decision (numpy; no database)
    nlp                              the only place spaCy is imported
    extract, pipeline                the reading of one article
    sources, runner                  inputs and the worker pool
    store                            SQL only: writes what link decided, answers queries
    corpus, evaluation               ingest and export; evaluation
    spark, web, cli                  the faces
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "counterclaim"

# What each part may import from counterclaim (besides its own modules).
BASE = {"errors", "version", "records", "dates"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(), "version": set(), "records": set(), "dates": set(),
    "__init__": BASE | {"pipeline", "corpus"},
    "lexicon": BASE,
    "link": BASE | {"lexicon"},
    "checking": BASE | {"lexicon", "link"},
    "nlp": BASE,
    "extract": BASE | {"lexicon", "link", "nlp"},
    "pipeline": BASE | {"lexicon", "link", "nlp", "extract"},
    "sources": BASE,
    "runner": BASE | {"pipeline", "nlp"},
    "store": BASE | {"link"},
    "corpus": BASE | {"link", "sources", "runner", "store", "extract", "checking"},
    "evaluation": BASE | {"sources", "runner", "checking"},
    "spark": BASE | {"link", "sources", "pipeline", "store"},
    "web": BASE | {"link", "store", "corpus", "pipeline", "checking"},
    "cli": BASE | {"sources", "runner", "store", "corpus", "evaluation", "spark", "web",
                   "errors", "checking"},
}
THIRD_PARTY_HOMES = {"spacy": {"nlp"}, "sqlite3": {"store"}, "pyspark": {"spark"}}


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every counterclaim module ``name`` imports (a name imported from a package is
    the submodule when there is one), and top-level third-party names as ``!name``."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rsplit(".", 1)[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("counterclaim"):
                    out.add(a.name)
                else:
                    out.add("!" + a.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("counterclaim"):
                mod = node.module or ""
            else:
                out.add("!" + (node.module or "").split(".")[0])
                continue
            for a in node.names:
                sub = f"{mod}.{a.name}"
                out.add(sub if sub in MODULES else mod)
    out.discard(name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_import_cycles():
    graph = {m: {d for d in deps if d in MODULES} for m, deps in GRAPH.items()}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    sys.setrecursionlimit(10_000)
    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module):
    part = _part(module)
    allowed = ALLOWED[part] | {part}
    bad = sorted(d for d in GRAPH[module] if not d.startswith("!") and _part(d) not in allowed
                 and d != "counterclaim")
    assert not bad, f"{module} ({part}) imports {bad}"
    for lib, homes in THIRD_PARTY_HOMES.items():
        if "!" + lib in GRAPH[module]:
            assert part in homes, f"{module} imports {lib} (only {sorted(homes)} may)"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_well_under_800_lines(module):
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n < 700, f"{module}: {n} lines"
