"""The README's example values: built once per model, and never longer than a reader can use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import ir
from generator.config import ApiConfig
from generator.pipeline.diff import api_from_spec
from generator.render.values import MAX_EXAMPLE_CHARS, Needs, Values, spec_value


def diamonds(levels: int) -> dict[str, object]:
    """Level0 requires `left` and `right`, both Level1, which requires two Level2...: the
    example of Level0 would name the last level 2**levels times."""
    schemas: dict[str, object] = {
        f"Level{i}": {
            "type": "object",
            "required": ["left", "right"],
            "properties": {
                "left": {"$ref": f"#/components/schemas/Level{i + 1}"},
                "right": {"$ref": f"#/components/schemas/Level{i + 1}"},
                f"level{i}": {"type": "integer"},  # one model a level, not one for all
            },
        }
        for i in range(levels)
    }
    schemas[f"Level{levels}"] = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}},
    }
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Level0"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Diamonds", "version": "1"},
        "paths": {
            "/levels": {"post": {"requestBody": body, "responses": {"204": {"description": "ok"}}}}
        },
        "components": {"schemas": schemas},
    }


def test_a_model_example_longer_than_the_limit_is_left_out(tmp_path: Path) -> None:
    spec = tmp_path / "diamonds.json"
    spec.write_text(json.dumps(diamonds(30)))
    api, _ = api_from_spec(spec, ApiConfig())
    values = Values({model.name: model for model in api.models})
    assert values.model("Level0", Needs()) is None  # 2**30 names: built in a blink, then refused
    shallow = values.model("Level28", Needs())
    assert (
        shallow
        == 'Level28(left=Level29(left=Level30(name="name"), right=Level30(name="name")), right=Level29(left=Level30(name="name"), right=Level30(name="name")))'
    )
    assert all(
        len(source) <= MAX_EXAMPLE_CHARS
        for source, _ in values.built.values()
        if source is not None
    )


def typed(kind: str, **parts: object) -> ir.TypeRef:
    return ir.TypeRef(kind=kind, python=ir.AnyType(), **parts)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ref", "example", "expected", "imports"),
    [
        (typed("str"), "Blue shoes", '"Blue shoes"', set()),
        (typed("str"), 3, None, set()),
        (typed("str"), "x" * 81, None, set()),  # a document, not a value
        (typed("str"), "two\nlines", None, set()),
        (typed("int"), 20, "20", set()),
        (typed("int"), True, None, set()),
        (typed("int"), "20", None, set()),
        (typed("float"), 2, "2.0", set()),
        (typed("bool"), False, "False", set()),
        (typed("literal", literals=("asc", "desc")), "desc", '"desc"', set()),
        (typed("literal", literals=("asc", "desc")), "up", None, set()),
        (typed("date"), "2021-04-30", "date(2021, 4, 30)", {"from datetime import date"}),
        (typed("date"), "2021-02-30", None, set()),
        (typed("date"), "30/04/2021", None, set()),
        (
            typed("datetime"),
            "2022-04-19T14:34:00.000Z",
            "datetime(2022, 4, 19, 14, 34, tzinfo=timezone.utc)",
            {"from datetime import datetime, timezone"},
        ),
        (typed("datetime"), "2022-04-19T14:34:00+02:00", None, set()),
        (typed("list", items=(typed("str"),)), ["a", "b"], '["a", "b"]', set()),
        (typed("list", items=(typed("int"),)), ["a"], None, set()),
        (typed("union", items=(typed("int"), typed("none"))), 5, "5", set()),
        (typed("model", model="Item"), {"name": "x"}, None, set()),
        (typed("dict", items=(typed("any"),)), {"a": 1}, None, set()),
    ],
)
def test_a_spec_example_is_used_only_when_it_is_a_value_of_the_type(
    ref: ir.TypeRef, example: object, expected: str | None, imports: set[str]
) -> None:
    needs = Needs()
    assert spec_value(ref, example, needs) == expected
    assert needs.imports == imports


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_values_prefer_the_specs_examples_and_fall_back_to_the_type(tmp_path: Path) -> None:
    item = {
        "type": "object",
        "required": ["name", "size", "code"],
        "properties": {
            "name": {"type": "string", "example": "Blue shoes"},
            "size": {"type": "integer", "example": "large"},  # not an integer: left out
            "code": {"type": "string"},
        },
    }
    attributes = {"type": "object", "properties": {"label": {"type": "string"}}}
    wrapper = {
        "type": "object",
        "required": ["attributes"],
        "properties": {"attributes": {**ref("Caption"), "example": {"label": "Hi"}}},
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            f"/{name.lower()}": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": ref(name)}}},
                    "responses": {"204": {"description": "ok"}},
                }
            }
            for name in ("Item", "Wrapper")
        },
        "components": {"schemas": {"Item": item, "Caption": attributes, "Wrapper": wrapper}},
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document))
    api, _ = api_from_spec(spec, ApiConfig())
    values = Values({model.name: model for model in api.models})
    assert values.model("Item", Needs()) == 'Item(name="Blue shoes", size=1, code="code")'
    # the example object given where a model is used fills that model's fields
    assert values.model("Caption", Needs(), illustrate=True) == 'Caption(label="Hi")'
    assert values.model("Wrapper", Needs()) == "Wrapper(attributes=Caption())"
