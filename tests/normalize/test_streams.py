"""generator.normalize.streams: which responses stream, in which format, the type of each item,
and the body member that chooses a stream over one JSON answer."""

from __future__ import annotations

from typing import Any

from ..coverage_ir import normalized
from ..spelling import spelled

CHUNK = {"type": "object", "properties": {"id": {"type": "string"}}}
REQUEST = {
    "type": "object",
    "properties": {"model": {"type": "string"}, "stream": {"type": "boolean", "nullable": True}},
}


def post(
    content: dict[str, Any],
    body: Any = None,
    parameters: list[Any] | None = None,
    version: str = "3.0.3",
) -> Any:
    node: dict[str, Any] = {"responses": {"200": {"description": "ok", "content": content}}}
    if body is not None:
        node["requestBody"] = {"content": {"application/json": {"schema": body}}}
    node["parameters"] = parameters or []
    spec = {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {"/completions": {"post": node}},
    }
    api, _ = normalized(spec)
    [op] = api.all_operations()
    return op


def test_event_stream_schema_types_each_events_data() -> None:
    op = post({"text/event-stream": {"schema": CHUNK}})
    assert (op.stream.format, op.stream.item, op.stream.json_data) == ("sse", "data", True)
    assert op.stream.item_type.kind == "model" and op.stream.selector is None
    text = post({"text/event-stream": {"schema": {"type": "string"}}})
    assert (spelled(text.stream.item_type), text.stream.json_data) == ("str", False)
    bare = post({"text/event-stream": {}})
    assert (spelled(bare.stream.item_type), bare.stream.json_data) == ("str", False)


def test_json_lines_and_sequences_type_each_line_an_array_schema_its_items() -> None:
    for media_type in ("application/x-ndjson", "application/jsonl", "application/json-seq"):
        op = post({media_type: {"schema": {"type": "array", "items": {"type": "integer"}}}})
        assert spelled(op.stream.item_type) == "int", media_type
    line = post({"application/jsonl": {"schema": {"type": "integer"}}})
    assert (line.stream.format, spelled(line.stream.item_type)) == ("jsonl", "int")
    assert spelled(post({"application/x-ndjson": {}}).stream.item_type) == "Any"


def test_a_stream_member_of_the_body_chooses_the_stream_beside_json() -> None:
    content = {
        "application/json": {"schema": {"type": "object", "properties": {"id": {}}}},
        "text/event-stream": {"schema": CHUNK},
    }
    op = post(content, REQUEST)
    assert op.success_media_type == "application/json"
    assert (op.stream.selector, op.stream.selector_argument) == ("stream", "stream")
    taken = [{"name": "stream", "in": "query", "schema": {"type": "string"}}]
    assert post(content, REQUEST, taken).stream.selector_argument == "stream_"


def test_beside_json_without_a_boolean_stream_member_the_json_answer_is_kept() -> None:
    content = {"application/json": {"schema": CHUNK}, "text/event-stream": {"schema": CHUNK}}
    assert post(content).stream is None
    not_boolean = {"type": "object", "properties": {"stream": {"type": "string"}}}
    assert post(content, not_boolean).stream is None


def test_openapi_32_item_schema_types_the_event_and_its_data() -> None:
    event = {
        "type": "object",
        "properties": {
            "event": {"type": "string"},
            "data": {"type": "string", "contentMediaType": "text/plain", "contentSchema": {}},
        },
    }
    op = post({"text/event-stream": {"itemSchema": event}}, version="3.2.0")
    assert (op.stream.item, op.stream.json_data) == ("event", False)
    plain = {"type": "object", "properties": {"data": {"type": "string"}}}
    op = post({"text/event-stream": {"itemSchema": plain}}, version="3.2.0")
    assert (op.stream.item, op.stream.json_data) == ("event", False)
    op = post({"application/jsonl": {"itemSchema": CHUNK}}, version="3.2.0")
    assert (op.stream.format, op.stream.item_type.kind) == ("jsonl", "model")
