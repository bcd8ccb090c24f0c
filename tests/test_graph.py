"""The shared graph helper: strongly connected components, the nodes on cycles, and the
depth-first walk of a tree."""

from __future__ import annotations

import sys

from generator.graph import cyclic_nodes, depth_first, strongly_connected


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


TREE = {"a": ["a1", "a2"], "a1": ["a11"], "a2": [], "a11": [], "b": ["b1"], "b1": []}


def test_depth_first_visits_each_node_before_its_children_and_siblings_in_order() -> None:
    assert list(depth_first(["a", "b"], TREE.__getitem__)) == ["a", "a1", "a11", "a2", "b", "b1"]


def test_depth_first_of_an_empty_forest_or_a_leaf() -> None:
    assert list(depth_first([], TREE.__getitem__)) == []
    assert list(depth_first(["a2"], TREE.__getitem__)) == ["a2"]


def test_depth_first_walks_a_chain_deeper_than_the_recursion_limit() -> None:
    depth = sys.getrecursionlimit() * 2
    chain = list(depth_first([0], lambda n: [n + 1] if n < depth else []))
    assert chain == list(range(depth + 1))
