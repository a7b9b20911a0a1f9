"""The package's shape: the tree shows the pipeline, and each piece stays small.

Stages, lowest first: core, source, schemas, rules, policy, pipeline, formats, report,
authoring, commands (and cli). A module imports only its own stage and lower ones, so
that a lower stage knows nothing of a higher one, nor of the command line. No import
circles; modules of at most MAX_LINES lines; functions of cyclomatic complexity at most
MAX_COMPLEXITY, as radon measures it (`radon cc -s -n C srm_check` lists the worst).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "srm_check"
STAGES = (
    "core",
    "source",
    "schemas",
    "rules",
    "policy",
    "pipeline",
    "formats",
    "report",
    "authoring",
    "commands",
)
MAX_LINES = 400
MAX_COMPLEXITY = 15


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def stage(module: str) -> int:
    """The stage index of a module: its first folder under srm_check (cli and __main__ on top)."""
    parts = module.split(".")
    if len(parts) == 1:  # srm_check itself: the version
        return -1
    if parts[1] in STAGES:
        return STAGES.index(parts[1])
    return len(STAGES)  # cli, __main__


def imports(path: Path, name: str) -> set[str]:
    """The srm_check modules a module imports, anywhere in it (function-local and TYPE_CHECKING too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    known = {m for m, _ in modules()}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("srm_check"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if not base.startswith("srm_check"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return found & known


GRAPH = {name: imports(path, name) for name, path in modules()}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_a_module_imports_only_its_own_stage_and_lower(module: str) -> None:
    higher = sorted(m for m in GRAPH[module] if stage(m) > stage(module))
    assert higher == [], f"{module} (stage {stage(module)}) imports higher stages: {higher}"


def test_no_import_circles() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(GRAPH[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    # A package's __init__ importing its own submodules is not a circle of meaning.
    circles = [
        c for c in circles if not all(m.startswith(min(c, key=len) + ".") or m == min(c, key=len) for m in c)
    ]
    assert circles == []


def _one_package(component: list[str]) -> bool:
    top = min(component, key=len)
    return all(m == top or m.startswith(top + ".") for m in component)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_modules_stay_small(module: str) -> None:
    path = dict(modules())[module]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MAX_LINES})"


def test_functions_stay_simple() -> None:
    from radon.complexity import cc_visit

    complex_ones = []
    for _, path in modules():
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > MAX_COMPLEXITY:
                complex_ones.append(
                    f"{path.relative_to(ROOT)}:{block.lineno} {block.name} ({block.complexity})"
                )
    assert complex_ones == [], "cyclomatic complexity over 15 (radon): " + ", ".join(complex_ones)


def test_every_folder_of_the_package_is_a_stage() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders - {"policies"} <= set(STAGES)
