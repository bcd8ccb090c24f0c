"""The generator's modules depend one way: commands → pipeline → bookkeeping and stages → IR.

Every import between the modules of `generator/` counts, the ones made inside functions too (a
late import still ties the two modules together), and the graph they form has no cycle. A stage
package (`schema/`, `normalize/`) is one node of that graph; the modules inside each package
form no cycle either."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"


def node_of(source: Path) -> str:
    """The node of a source file: its module, or the stage package it belongs to."""
    return source.relative_to(GENERATOR).parts[0].removesuffix(".py")


def imported(source: Path) -> set[tuple[str, ...]]:
    """The `generator...` modules and names a source imports from, as absolute dotted parts
    (`from ..naming import x` in generator/schema/refs.py gives ("generator", "naming"))."""
    package = source.relative_to(GENERATOR.parent).with_suffix("").parts[:-1]
    found: set[tuple[str, ...]] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = tuple(node.module.split(".")) if node.module else ()
        target = (*package[: len(package) - node.level + 1], *module) if node.level else module
        if target[:1] != ("generator",):
            continue
        if len(target) > 1:
            found.add(target)
        else:
            found.update(("generator", alias.name) for alias in node.names)
    return found


def imports_of(source: Path, modules: set[str]) -> set[str]:
    found = {target[1] for target in imported(source)}
    return (found & modules) - {node_of(source)}


def import_graph() -> dict[str, set[str]]:
    sources = sorted(GENERATOR.rglob("*.py"))
    graph: dict[str, set[str]] = {node_of(source): set() for source in sources}
    for source in sources:
        graph[node_of(source)] |= imports_of(source, set(graph))
    return graph


def package_graph(package: str) -> dict[str, set[str]]:
    """The imports between the modules of one stage package (`schema`, `normalize`)."""
    sources = sorted((GENERATOR / package).glob("*.py"))
    modules = {source.stem for source in sources}
    graph: dict[str, set[str]] = {}
    for source in sources:
        inner = {t[2] for t in imported(source) if t[1] == package and len(t) > 2}
        graph[source.stem] = (inner & modules) - {source.stem, "__init__"}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)) is not None:
            return cycle
    return None


def test_the_generator_modules_import_one_another_without_a_cycle() -> None:
    graph = import_graph()
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_the_modules_of_each_stage_package_import_one_another_without_a_cycle() -> None:
    packages = sorted(p.name for p in GENERATOR.iterdir() if (p / "__init__.py").exists())
    assert {"normalize", "schema"} <= set(packages)
    for package in packages:
        graph = package_graph(package)
        assert find_cycle(graph) is None, f"{package}: " + " → ".join(find_cycle(graph) or [])


def test_the_pipeline_the_stages_and_the_bookkeeping_do_not_import_the_commands() -> None:
    graph = import_graph()
    commands = {"cli", "check", "update"}
    for module in ("pipeline", "manifest", "changelog", "diff", "versioning", "aliases"):
        assert not graph.get(module, set()) & commands, module
    for stage in ("normalize", "schema", "render"):
        assert not graph[stage] & (commands | {"pipeline"}), stage


def test_the_schema_stage_does_not_depend_on_normalize() -> None:
    graph = import_graph()
    assert "schema" in graph["normalize"] and "normalize" not in graph["schema"]
    assert "graph" in graph["schema"] and "graph" in graph["render"]  # one Tarjan for both


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
