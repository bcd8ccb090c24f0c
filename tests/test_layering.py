"""The generator's modules depend one way: commands → pipeline → bookkeeping and stages → IR.

Every import between the modules of `generator/` counts, the ones made inside functions too (a
late import still ties the two modules together), and the graph they form has no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"


def imports_of(source: Path, modules: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level == 1 and node.module:
            found.add(node.module.split(".")[0])
        elif node.level == 1:
            found.update(alias.name for alias in node.names)
        elif node.module and node.module.split(".")[0] == "generator":
            parts = node.module.split(".")
            found.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
    return (found & modules) - {source.stem}


def import_graph() -> dict[str, set[str]]:
    sources = sorted(GENERATOR.glob("*.py"))
    modules = {source.stem for source in sources}
    return {source.stem: imports_of(source, modules) for source in sources}


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


def test_the_pipeline_and_the_bookkeeping_do_not_import_the_commands() -> None:
    graph = import_graph()
    commands = {"cli", "check", "update"}
    for module in ("pipeline", "manifest", "changelog", "diff", "versioning", "aliases"):
        assert not graph.get(module, set()) & commands, module


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
