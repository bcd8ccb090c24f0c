"""The README's example values: built once per model, and never longer than a reader can use."""

from __future__ import annotations

import json
from pathlib import Path

from generator.config import ApiConfig
from generator.pipeline.diff import api_from_spec
from generator.render.values import MAX_EXAMPLE_CHARS, Needs, Values


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
