"""Local `$ref`s: resolving them, following chains of them, and finding the cyclic ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...diagnostics import unescape_pointer_token
from ...graph import cyclic_nodes
from ...load.documents import resolve_pointer
from .report import Report


class References:
    """The `$ref`s of one document (only local "#/..." references; the loader bundled the
    others). `cyclic` holds the targets that can reach themselves through `$ref`s."""

    def __init__(self, document: dict[str, Any], report: Report) -> None:
        self.document = document
        self.report = report
        self._memo: dict[str, tuple[Any, bool]] = {}
        self.cyclic = self._cyclic_pointers()

    def resolve(self, ref: Any) -> tuple[Any, str] | None:
        """Resolve a local "#/..." reference; None when it is not local or dangles."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        pointer = ref[1:]
        if pointer in self._memo:
            found, ok = self._memo[pointer]
            return (found, pointer) if ok else None
        try:
            node, ok = resolve_pointer(self.document, pointer), True
        except KeyError:
            node, ok = None, False
        self._memo[pointer] = (node, ok)
        return (node, pointer) if ok else None

    def deref(self, node: Any, pointer: str, *, limit: int = 32) -> tuple[Any, str]:
        """Follow `$ref` chains (for parameters, responses, ...); dangling refs give {}."""
        for _ in range(limit):
            if not (isinstance(node, dict) and "$ref" in node):
                return node, pointer
            target = self.resolve(node["$ref"])
            if target is None:
                self.report.skip(pointer, f"unresolvable reference {node['$ref']!r}")
                return {}, pointer
            node, pointer = target
        self.report.skip(pointer, "reference chain too long")
        return {}, pointer

    def _cyclic_pointers(self) -> frozenset[str]:
        """Reference targets that can reach themselves through `$ref`s."""
        targets = sorted(set(local_refs(self.document)))
        if not targets:
            return frozenset()
        graph: dict[str, list[str]] = {}
        todo = list(targets)
        while todo:
            pointer = todo.pop()
            if pointer in graph:
                continue
            resolved = self.resolve("#" + pointer)
            edges = sorted(set(local_refs(resolved[0]))) if resolved else []
            graph[pointer] = edges
            todo.extend(e for e in edges if e not in graph)
        return frozenset(cyclic_nodes(graph))


def local_refs(node: Any) -> Iterator[str]:
    """The pointers of the local `$ref`s anywhere inside `node`."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                yield ref[1:]
            stack.extend(v for v in current.values() if isinstance(v, (dict, list)))
        elif isinstance(current, list):
            stack.extend(v for v in current if isinstance(v, (dict, list)))


def last_token(pointer: str) -> str:
    """The name a pointer or reference ends with: "#/components/schemas/a~1b" -> "a/b"."""
    return unescape_pointer_token(pointer.rsplit("/", 1)[1])
