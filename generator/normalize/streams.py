"""Streamed responses: which media types arrive as a sequence of items, the type of each item,
and the boolean request-body member that chooses between a stream and one JSON answer.

Server-sent events (`text/event-stream`): in OpenAPI 3.0 and 3.1 the media type's `schema`
describes each event's `data` (the common practice: the specs have no other way to say it); in
3.2 its `itemSchema` describes each event (`event`, `data`, `id`, `retry`), the `data` member
being text whose `contentSchema` (in `contentMediaType`, JSON unless it says otherwise) is the
type the SDK gives it. JSON Lines, ndjson and JSON text sequences: each item is one JSON text,
described by `itemSchema`, else by `schema` (the items of an array schema, which some specs
write for the whole sequence)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from .. import ir
from ..naming import python_identifier
from .context import Context
from .media import is_json
from .schema import P_CONTEXT, NameHint, Shape

_FORMATS: dict[str, Literal["sse", "jsonl", "json-seq"]] = {
    "text/event-stream": "sse",
    "application/jsonl": "jsonl",
    "application/x-jsonl": "jsonl",
    "application/jsonlines": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/ndjson": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/json-seq": "json-seq",
}
# The request-body member that turns a JSON answer into a stream, in the APIs that offer both
SELECTOR = "stream"


def stream_format(media_type: str) -> Literal["sse", "jsonl", "json-seq"] | None:
    return _FORMATS.get(media_type.split(";", 1)[0].strip().lower())


@dataclass(frozen=True)
class StreamDraft:
    """A streamed media type of a response, its item type still a shape."""

    media_type: str
    format: Literal["sse", "jsonl", "json-seq"]
    item_shape: Shape
    item: Literal["data", "event"] = "data"
    json_data: bool = True


def stream_draft(
    ctx: Context, media_type: str, media: Any, pointer: str, stem: str
) -> StreamDraft | None:
    """The stream of one media type of a response (`media` at `pointer`); None when the media
    type is not a sequence of items. An inline item model is named `<stem>Event` (an event of
    server-sent events) or `<stem>Item`."""
    found = stream_format(media_type)
    if found is None:
        return None
    hint = NameHint().add(P_CONTEXT, stem + ("Event" if found == "sse" else "Item"))
    media = media if isinstance(media, dict) else {}
    if "itemSchema" in media:
        where = pointer + "/itemSchema"
        if found == "sse":
            return _event_items(ctx, media_type, media["itemSchema"], where, hint)
        return StreamDraft(media_type, found, ctx.schemas.shape(media["itemSchema"], where, hint))
    if "schema" not in media:  # no type: an event's data as text, a line as any JSON value
        if found == "sse":
            return StreamDraft(media_type, found, Shape("str"), json_data=False)
        return StreamDraft(media_type, found, Shape("any"))
    schema, where = media["schema"], pointer + "/schema"
    if found != "sse":
        node, node_where = ctx.deref(schema, where)
        if isinstance(node, dict) and node.get("type") == "array" and "items" in node:
            schema, where = node["items"], node_where + "/items"
        return StreamDraft(media_type, found, ctx.schemas.shape(schema, where, hint))
    shape = ctx.schemas.shape(schema, where, hint)
    return StreamDraft(media_type, found, shape, json_data=shape.kind != "str")


def _event_items(
    ctx: Context, media_type: str, item_schema: Any, pointer: str, hint: NameHint
) -> StreamDraft:
    """3.2 SSE: each item the event; a `data` member with a `contentSchema` typed by it (and
    decoded from JSON when its `contentMediaType` is JSON or absent), else kept as text."""
    node, where = ctx.dict_at(item_schema, pointer)
    properties = dict(node["properties"]) if isinstance(node.get("properties"), dict) else {}
    data, _ = ctx.dict_at(properties.get("data"), where + "/properties/data")
    if "contentSchema" not in data:
        return StreamDraft(
            media_type, "sse", ctx.schemas.shape(item_schema, pointer, hint), "event", False
        )
    content_type = data.get("contentMediaType")
    json_data = not isinstance(content_type, str) or is_json(content_type)
    # The event as the SDK sees it: its `data` member is the content, not the text carrying it
    event = {**node, "properties": {**properties, "data": data["contentSchema"]}}
    return StreamDraft(media_type, "sse", ctx.schemas.shape(event, where, hint), "event", json_data)


def with_selector(operation: ir.Operation, models: dict[str, ir.Model]) -> ir.Stream | None:
    """The operation's stream, its selector found when the success response answers JSON too:
    then a boolean member `stream` of the JSON request body's model chooses the stream, and the
    method takes it as an argument. Without such a member the JSON answer is the one the SDK
    asks for, and the stream is dropped (None)."""
    stream = operation.stream
    if stream is None or operation.success_media_type == stream.media_type:
        return stream
    body = operation.request_bodies[0] if operation.request_bodies else None
    if body is None or not is_json(body.media_type) or body.type.kind != "model":
        return None
    model = models.get(body.type.model or "")
    member = next((f for f in model.fields if f.wire_name == SELECTOR), None) if model else None
    if member is None or not _is_boolean(member.type):
        return None
    taken = {p.name for p in operation.parameters}
    name = python_identifier(SELECTOR, fallback="stream")
    while name in taken:
        name += "_"
    return replace(stream, selector=SELECTOR, selector_argument=name)


def _is_boolean(type_ref: ir.TypeRef) -> bool:
    if type_ref.kind == "bool":
        return True
    kinds = {member.kind for member in type_ref.items} if type_ref.kind == "union" else set()
    return type_ref.kind == "union" and "bool" in kinds and kinds <= {"bool", "none"}
