"""generator.normalize.schema.unify: near-duplicate drafts merged by name, by properties, as twins."""

from __future__ import annotations

from generator.normalize.schema import Shape
from generator.normalize.schema.drafts import (
    P_COMPONENT,
    P_CONTEXT,
    P_PROPERTY,
    Candidate,
    FieldDraft,
    ModelDraft,
)
from generator.normalize.schema.unify import MergeRule, Unifier

from ...spelling import spelled
from .support import Built, fields

STR, INT, FLOAT = Shape("str"), Shape("int"), Shape("float")


def draft(
    key: str,
    seq: int,
    name: str | None,
    *fields_: tuple[str, Shape],
    required: set[str] | None = None,
    jsonapi_type: str | None = None,
    parts: set[str] | None = None,
    priority: int = P_CONTEXT,
) -> ModelDraft:
    return ModelDraft(
        key=key,
        kind="object",
        source=f"/{key}",
        seq=seq,
        jsonapi_type=jsonapi_type,
        fields=[
            FieldDraft(wire, shape, wire in (required or set()), None, "")
            for wire, shape in fields_
        ],
        candidates=[Candidate(priority, seq, name, None)] if name else [],
        required=set(required or ()),
        parts=set(parts or ()),
    )


def unify(*drafts: ModelDraft) -> tuple[dict[str, str], dict[str, ModelDraft]]:
    by_key = {d.key: d for d in drafts}
    return Unifier(by_key).run(), by_key


def test_copies_with_one_name_merge_fields_united_required_only_if_always() -> None:
    merged, left = unify(
        draft("a", 1, "Pet", ("id", INT), ("name", STR), required={"id", "name"}),
        draft("b", 2, "Pet", ("id", INT), ("tag", STR), required={"id"}),
    )
    assert merged == {"b": "a"}
    assert list(left) == ["a"]
    assert [f.wire_name for f in left["a"].fields] == ["id", "name", "tag"]
    assert left["a"].required == {"id"}
    assert left["a"].pointers == ["/b"]


def test_the_first_seen_survives() -> None:
    merged, left = unify(
        draft("late", 5, "Pet", ("id", INT)), draft("early", 1, "Pet", ("id", INT))
    )
    assert merged == {"late": "early"} and list(left) == ["early"]


def test_types_widen_where_compatible() -> None:
    literal = Shape("literal", literals=("a",))
    other_literal = Shape("literal", literals=("b",))
    _, left = unify(
        draft("a", 1, "Row", ("n", INT), ("s", literal), ("t", literal), ("x", Shape("any"))),
        draft("b", 2, "Row", ("n", FLOAT), ("s", STR), ("t", other_literal), ("x", STR)),
    )
    shapes = {f.wire_name: f.shape for f in left["a"].fields}
    assert shapes == {
        "n": FLOAT,
        "s": STR,
        "t": Shape("literal", literals=("a", "b")),
        "x": STR,
    }


def test_incompatible_types_or_too_little_in_common_do_not_merge() -> None:
    merged, _ = unify(
        draft("a", 1, "Row", ("n", INT), ("flag", Shape("bool"))),
        draft("b", 2, "Row", ("n", STR), ("flag", Shape("bool"))),
    )
    assert merged == {}
    merged, _ = unify(
        draft("a", 1, "Row", ("a", INT), ("b", INT), ("c", INT)),
        draft("b", 2, "Row", ("a", INT), ("x", INT), ("y", INT)),
    )
    assert merged == {}


def test_resources_of_different_types_never_merge_but_an_untyped_copy_joins() -> None:
    typed = Shape("literal", literals=("pets",))
    merged, left = unify(
        draft(
            "pets", 1, "Pet", ("type", typed), ("id", INT), required={"type"}, jsonapi_type="pets"
        ),
        draft(
            "dogs",
            2,
            "Pet",
            ("type", Shape("literal", literals=("dogs",))),
            ("id", INT),
            jsonapi_type="dogs",
        ),
        draft("plain", 3, "Pet", ("type", STR), ("id", INT), ("name", STR)),
    )
    assert merged == {"plain": "pets"}
    pet = left["pets"]
    assert {f.wire_name: f.shape for f in pet.fields}["type"] == typed  # keeps its Literal
    assert pet.required == {"type"}  # a resource object always has its type


def test_shared_built_ins_never_merge() -> None:
    builtin = draft("jsonapi:Error", 1, "Error", ("code", STR))
    builtin.shared = True
    merged, _ = unify(builtin, draft("b", 2, "Error", ("code", STR)))
    assert merged == {}


def test_objects_with_the_same_properties_merge_whatever_their_names() -> None:
    merged, _ = unify(
        draft("a", 1, "SuccessTrend", ("date", STR), ("count", INT)),
        draft("b", 2, "FailTrend", ("count", INT), ("date", STR)),
        draft("c", 3, "OtherTrend", ("count", INT), ("date", STR), ("extra", STR)),
    )
    assert merged == {"b": "a"}


def test_objects_with_the_same_properties_merge_only_if_alike_all_the_way_down() -> None:
    merged, _ = unify(
        draft("n1", 1, "Inner", ("p", STR), ("q", STR), priority=P_PROPERTY),
        draft("n2", 2, "Other", ("p", STR), ("q", STR), ("r", STR), priority=P_PROPERTY),
        draft("a", 3, "SuccessTrend", ("x", Shape("model", model="n1"))),
        draft("b", 4, "FailTrend", ("x", Shape("model", model="n2"))),
    )
    assert merged == {}


def test_relationships_of_two_resource_types_merge_only_when_identical() -> None:
    one = Shape("model", model="jsonapi:ToOneRelationship")
    merged, _ = unify(
        draft(
            "r@relationships:a",
            1,
            "ARelationships",
            ("parent", one),
            parts={"relationships:a"},
            priority=3,
        ),
        draft(
            "r@relationships:b",
            2,
            "BRelationships",
            ("parent", one),
            parts={"relationships:b"},
            priority=3,
        ),
        draft(
            "s@relationships:c",
            3,
            "CRelationships",
            ("parent", one),
            parts={"relationships:c"},
            priority=3,
        ),
    )
    # r@... are twins (one canonical form); s@... has the same properties but another form
    assert merged == {"r@relationships:b": "r@relationships:a"}


def test_nested_models_merge_with_their_parents_and_shapes_follow_the_survivors() -> None:
    owner_a = draft("oa", 1, "Owner", ("name", STR), priority=P_PROPERTY)
    owner_b = draft("ob", 2, "OwnerCopy", ("name", STR), ("age", INT), priority=P_PROPERTY)
    merged, left = unify(
        owner_a,
        owner_b,
        draft("a", 3, "Pet", ("owner", Shape("model", model="oa")), ("id", INT)),
        draft("b", 4, "Pet", ("owner", Shape("model", model="ob")), ("id", INT)),
        draft(
            "c",
            5,
            "Pair",
            (
                "pair",
                Shape("union", items=(Shape("model", model="oa"), Shape("model", model="ob"))),
            ),
        ),
    )
    assert merged == {"b": "a", "ob": "oa"}
    assert [f.wire_name for f in left["oa"].fields] == ["name", "age"]
    assert {f.wire_name: f.shape for f in left["c"].fields}["pair"] == Shape("model", model="oa")


def test_recursive_copies_merge() -> None:
    merged, left = unify(
        draft("a", 1, "Node", ("value", STR), ("next", Shape("model", model="a"))),
        draft("b", 2, "Node", ("value", STR), ("next", Shape("model", model="b")), ("tag", STR)),
    )
    assert merged == {"b": "a"}
    assert {f.wire_name: f.shape for f in left["a"].fields}["next"] == Shape("model", model="a")


def test_groups_are_tried_names_first_then_properties_then_twins() -> None:
    unifier = Unifier(
        {
            d.key: d
            for d in (
                draft(
                    "x@relationships:t", 1, "TRelationships", ("p", STR), parts={"relationships:t"}
                ),
                draft("b", 2, "Beta", ("a", STR)),
                draft("a", 3, "Alpha", ("a", STR)),
                draft("c", 4, None, ("a", STR), ("b", STR)),
            )
        }
    )
    assert [(g.rule, g.label, g.keys) for g in unifier.groups()] == [
        (MergeRule.SAME_NAME, "Alpha", ["a"]),
        (MergeRule.SAME_NAME, "Beta", ["b"]),
        (MergeRule.SAME_NAME, "TRelationships", ["x@relationships:t"]),
        (MergeRule.SAME_FIELDS, "a", ["b", "a"]),
        (MergeRule.SAME_FIELDS, "a\0b", ["c"]),
        (MergeRule.SAME_FIELDS, "p", ["x@relationships:t"]),
        (MergeRule.TWIN_RELATIONSHIPS, "x", ["x@relationships:t"]),
    ]


def test_exclusive_and_relative_candidates_do_not_group_by_name() -> None:
    a = draft("a", 1, None, ("x", STR))
    a.candidates = [
        Candidate(P_CONTEXT, 1, "FilterParam", None, exclusive=True),
        Candidate(P_PROPERTY, 1, None, "parent", "Filter"),
        Candidate(P_COMPONENT, 1, "Filter", None),
    ]
    group, *_ = Unifier({"a": a}).groups()
    assert (group.rule, group.label) == (MergeRule.SAME_NAME, "Filter")


def test_through_the_builder_an_untyped_request_copy_joins_the_resource() -> None:
    resource = {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["pets"]},
            "id": {"type": "string"},
            "attributes": {"type": "object", "properties": {"name": {"type": "string"}}},
        },
    }
    copy = {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "attributes": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            },
        },
    }
    built = Built()
    built.shape(resource, "Pet")
    built.shape(copy, "Pet")
    models, (one, other) = built.finish()
    assert spelled(one) == spelled(other) == "Pet"
    assert spelled(fields(models["Pet"])["type"].type) == "Literal['pets']"
    assert list(fields(models[spelled(fields(models["Pet"])["attributes"].type)])) == [
        "name",
        "age",
    ]
