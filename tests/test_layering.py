"""The generator's packages depend one way, in the order of the pipeline:

    commands (cli, pipeline) → stages (download → load → repair → validate → normalize → render →
    format → write → release) → shared modules (the IR, diagnostics, naming, ...)

A stage may use an earlier stage (release reads the manifest `write` wrote, render the format's
line length) and the shared modules, never a later stage nor a command. Every import counts,
the ones made inside functions too (a late import still ties two modules together). Inside each
package the modules form no cycle either, and the SDK runtime imports nothing of the generator
(it is copied into every SDK as it is)."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
STAGES = (
    "download",
    "load",
    "repair",
    "validate",
    "normalize",
    "render",
    "format",
    "write",
    "release",
)
COMMANDS = ("pipeline", "cli", "__main__")
SHARED = {
    "__init__",
    "cache",
    "config",
    "diagnostics",
    "graph",
    "ir",
    "naming",
    "progress",
    "typing_printer",
    "vocabulary",
}
MAX_LOOSE_MODULES = 12


def node_of(source: Path) -> str:
    """The node of a source file: its top-level module, or the package it belongs to."""
    return source.relative_to(GENERATOR).parts[0].removesuffix(".py")


def imported(source: Path) -> set[tuple[str, ...]]:
    """The `generator...` modules and names a source imports from, as absolute dotted parts
    (`from ..naming import x` in generator/normalize/api.py gives ("generator", "naming"))."""
    package = source.relative_to(GENERATOR.parent).with_suffix("").parts[:-1]
    found: set[tuple[str, ...]] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(
                tuple(a.name.split(".")) for a in node.names if a.name.startswith("generator.")
            )
            continue
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


def import_graph() -> dict[str, set[str]]:
    """Node → the other nodes it imports."""
    graph: dict[str, set[str]] = {}
    for source in sorted(GENERATOR.rglob("*.py")):
        node = node_of(source)
        # `from . import __version__` reads the package's own __init__
        targets = {"__init__" if t[1] == "__version__" else t[1] for t in imported(source)}
        targets -= {node}
        graph.setdefault(node, set()).update(targets)
    return graph


def package_graph(folder: Path) -> dict[str, set[str]]:
    """The modules directly in `folder` → the ones of them each imports."""
    sources = sorted(folder.glob("*.py"))
    names = {source.stem for source in sources}
    depth = len(folder.relative_to(GENERATOR.parent).parts)
    graph: dict[str, set[str]] = {}
    for source in sources:
        inner = {
            t[depth]
            for t in imported(source)
            if len(t) > depth and t[:depth] == folder.relative_to(GENERATOR.parent).parts
        }
        graph[source.stem] = (inner & names) - {source.stem, "__init__"}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
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


def test_every_module_of_the_generator_has_a_place_in_the_layers() -> None:
    assert set(import_graph()) == set(STAGES) | set(COMMANDS) | SHARED | {"runtime"}


def test_at_most_twelve_modules_lie_loose_beside_the_packages() -> None:
    loose = sorted(p.name for p in GENERATOR.glob("*.py"))
    assert len(loose) <= MAX_LOOSE_MODULES, loose


def test_a_stage_uses_only_earlier_stages_and_the_shared_modules() -> None:
    graph = import_graph()
    for index, stage in enumerate(STAGES):
        allowed = set(STAGES[:index]) | SHARED
        assert graph[stage] <= allowed, f"{stage} imports {sorted(graph[stage] - allowed)}"


def test_the_shared_modules_use_no_stage_and_no_command() -> None:
    graph = import_graph()
    for module in SHARED:
        assert graph[module] <= SHARED, f"{module} imports {sorted(graph[module] - SHARED)}"


def test_the_pipeline_does_not_import_the_command_line() -> None:
    assert "cli" not in import_graph()["pipeline"]


def test_the_sdk_runtime_imports_nothing_of_the_generator() -> None:
    assert import_graph()["runtime"] == set()


def test_the_nodes_import_one_another_without_a_cycle() -> None:
    graph = import_graph()
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_the_modules_of_each_package_import_one_another_without_a_cycle() -> None:
    folders = [p.parent for p in GENERATOR.rglob("__init__.py") if p.parent != GENERATOR]
    assert {"normalize", "schema", "release", "pipeline"} <= {f.name for f in folders}
    for folder in folders:
        graph = package_graph(folder)
        assert find_cycle(graph) is None, f"{folder.name}: " + " → ".join(find_cycle(graph) or [])


def test_the_schema_builder_does_not_depend_on_the_rest_of_normalize() -> None:
    schema = GENERATOR / "normalize" / "schema"
    for source in schema.glob("*.py"):
        for target in imported(source):
            if target[:2] == ("generator", "normalize"):
                assert target[2:3] == ("schema",), f"{source.name} imports {'.'.join(target)}"


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
