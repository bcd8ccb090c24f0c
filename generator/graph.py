"""Graph algorithms the stages share: strongly connected components (Tarjan's algorithm) and
the depth-first walk of a tree.

Used for `$ref` cycles and mutually recursive models (`schema`), for import cycles between the
generated model modules (`render`), and to visit the resource tree of the IR (`diff`,
`release`, `surface`, `update`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

_Node = TypeVar("_Node")
_Key = TypeVar("_Key", bound=Hashable)


def depth_first(
    roots: Iterable[_Node], children: Callable[[_Node], Iterable[_Node]]
) -> Iterator[_Node]:
    """Every node of a forest, each before its children, siblings in their order (pre-order)."""
    pending = [iter(roots)]
    while pending:
        for node in pending[-1]:
            yield node
            pending.append(iter(children(node)))
            break
        else:
            pending.pop()


def strongly_connected(graph: Mapping[_Key, Sequence[_Key]]) -> list[list[_Key]]:
    """Tarjan's algorithm, iterative; components in a deterministic order given ordered input.
    A component comes after every component it reaches (reverse topological order).

    A component lists its members in the order they leave Tarjan's stack; a node that is only
    named as an edge target is visited too and forms its own component."""
    index_of: dict[_Key, int] = {}
    low: dict[_Key, int] = {}
    on_stack: set[_Key] = set()
    stack: list[_Key] = []
    result: list[list[_Key]] = []
    counter = 0
    for root in graph:
        if root in index_of:
            continue
        work: list[tuple[_Key, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            edges = graph.get(node, [])
            recurse = False
            for i in range(position, len(edges)):
                nxt = edges[i]
                if nxt not in index_of:
                    work.append((node, i + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index_of[nxt])
            if recurse:
                continue
            if low[node] == index_of[node]:
                component: list[_Key] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def cyclic_nodes(graph: Mapping[str, Sequence[str]]) -> set[str]:
    """The nodes on a cycle: members of a component of two or more, or with an edge to itself."""
    cyclic: set[str] = set()
    for component in strongly_connected(graph):
        if len(component) > 1 or component[0] in graph.get(component[0], ()):
            cyclic.update(component)
    return cyclic
