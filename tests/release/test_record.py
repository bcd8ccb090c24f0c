"""generator.release.record: the surface record of an SDK, as large as the API."""

from __future__ import annotations

import json
from pathlib import Path

from generator.config import ApiConfig
from generator.pipeline.diff import record_from_spec
from generator.release.compare import compare


def dense_spec(models: int) -> dict[str, object]:
    """`models` object schemas, each with a field referring to every one of them: the number
    of paths through the model graph is exponential in the depth, its size is models²."""
    names = [f"Node{i}" for i in range(models)]
    schemas = {
        name: {
            "type": "object",
            "properties": {
                f"label{i}": {"type": "string"},
                **{
                    f"to{j}": {"$ref": f"#/components/schemas/{other}"}
                    for j, other in enumerate(names)
                },
            },
        }
        for i, name in enumerate(names)
    }
    get = {
        "operationId": "getNode",
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node0"}}},
            }
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Dense", "version": "1"},
        "paths": {"/node": {"get": get}},
        "components": {"schemas": schemas},
    }


def test_the_record_grows_with_the_models_not_with_the_paths_through_them(tmp_path: Path) -> None:
    spec = tmp_path / "dense.json"
    spec.write_text(json.dumps(dense_spec(12)))
    record, _ = record_from_spec(spec, ApiConfig())
    assert sum(len(model["wire"]) for model in record["models"].values()) == 12 * 13
    assert record["operations"]["getNode"]["response"] == {
        "response": {"type": "Node0", "required": True}
    }
    changed = json.loads(spec.read_text())
    del changed["components"]["schemas"]["Node11"]["properties"]["to3"]
    spec.write_text(json.dumps(changed))
    log = compare(record, record_from_spec(spec, ApiConfig())[0])
    assert [(c.name, c.returned, c.breaking) for c in log.models_changed] == [
        ("Node11", True, True)
    ]
    assert log.operations == ()
