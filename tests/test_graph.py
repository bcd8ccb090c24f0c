"""The shared graph helper: strongly connected components and the nodes on cycles."""

from __future__ import annotations

import sys

from generator.graph import cyclic_nodes, strongly_connected


def test_a_cycle_is_one_component_and_the_rest_stand_alone() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a", "d"], "d": []}
    components = strongly_connected(graph)
    assert sorted(sorted(c) for c in components) == [["a", "b", "c"], ["d"]]


def test_components_come_out_dependencies_first_in_a_fixed_order() -> None:
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}
    assert strongly_connected(graph) == [["d"], ["b"], ["c"], ["a"]]
    reordered = {"a": ["c", "b"], "b": ["d"], "c": ["d"], "d": []}
    assert strongly_connected(reordered) == [["d"], ["c"], ["b"], ["a"]]


def test_a_node_named_only_as_a_target_is_visited() -> None:
    assert strongly_connected({"a": ["z"]}) == [["z"], ["a"]]


def test_cyclic_nodes_count_self_loops_but_not_plain_chains() -> None:
    graph = {"loop": ["loop"], "x": ["y"], "y": ["x"], "chain": ["x"], "leaf": []}
    assert cyclic_nodes(graph) == {"loop", "x", "y"}


def test_a_chain_deeper_than_the_recursion_limit_is_fine() -> None:
    depth = sys.getrecursionlimit() * 3
    graph = {str(i): [str(i + 1)] for i in range(depth)}
    graph[str(depth)] = ["0"]  # closes one long cycle
    (component,) = strongly_connected(graph)
    assert len(component) == depth + 1
