"""generator.normalize.schema.refs: local `$ref`s resolved, followed and checked for cycles."""

from __future__ import annotations

from typing import Any

from generator.normalize.schema.refs import References, last_token, local_refs
from generator.normalize.schema.report import Report


def refs_of(document: dict[str, Any]) -> tuple[References, Report]:
    report = Report("spec.yaml")
    return References(document, report), report


def test_a_pointer_with_escaped_tokens_resolves() -> None:
    document = {"paths": {"/a/{id}": {"get": {"x~y": [10, 20]}}}}
    refs, _ = refs_of(document)
    assert refs.resolve("#/paths/~1a~1{id}/get/x~0y/1") == (20, "/paths/~1a~1{id}/get/x~0y/1")
    assert refs.resolve("#") == (document, "")


def test_dangling_and_non_local_references_do_not_resolve() -> None:
    refs, _ = refs_of({"components": {"schemas": {"A": {}}}})
    assert refs.resolve("#/components/schemas/B") is None
    assert refs.resolve("#/components/schemas/A/0") is None  # not a list
    assert refs.resolve("other.yaml#/A") is None
    assert refs.resolve(42) is None


def test_deref_follows_a_chain_of_references() -> None:
    document = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"}}
    refs, report = refs_of(document)
    assert refs.deref({"$ref": "#/a"}, "/start") == ({"type": "string"}, "/c")
    assert refs.deref({"type": "integer"}, "/here") == ({"type": "integer"}, "/here")
    assert report.skipped == []


def test_deref_of_a_dangling_reference_is_empty_and_reported_once() -> None:
    refs, report = refs_of({})
    assert refs.deref({"$ref": "#/missing"}, "/here") == ({}, "/here")
    assert refs.deref({"$ref": "#/missing"}, "/here") == ({}, "/here")
    assert [(s.pointer, s.reason) for s in report.skipped] == [
        ("/here", "unresolvable reference '#/missing'")
    ]


def test_deref_stops_on_a_reference_loop() -> None:
    refs, report = refs_of({"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}})
    node, _ = refs.deref({"$ref": "#/a"}, "/start", limit=5)
    assert node == {}
    assert [s.reason for s in report.skipped] == ["reference chain too long"]


def test_cyclic_targets_are_those_that_reach_themselves() -> None:
    schemas = {
        "Tree": {"properties": {"children": {"items": {"$ref": "#/components/schemas/Tree"}}}},
        "Ping": {"properties": {"pong": {"$ref": "#/components/schemas/Pong"}}},
        "Pong": {"properties": {"ping": {"$ref": "#/components/schemas/Ping"}}},
        "User": {"properties": {"tree": {"$ref": "#/components/schemas/Tree"}}},
        "Root": {"properties": {"user": {"$ref": "#/components/schemas/User"}}},
    }
    refs, _ = refs_of({"components": {"schemas": schemas}})
    assert refs.cyclic == {
        "/components/schemas/Tree",
        "/components/schemas/Ping",
        "/components/schemas/Pong",
    }


def test_local_refs_finds_references_at_any_depth() -> None:
    node = {"a": [{"$ref": "#/x"}, {"b": {"$ref": "#/y"}}], "c": {"$ref": "far.yaml#/z"}}
    assert sorted(local_refs(node)) == ["/x", "/y"]


def test_last_token_is_the_unescaped_name() -> None:
    assert last_token("#/components/schemas/tms~1web~0x") == "tms/web~x"
