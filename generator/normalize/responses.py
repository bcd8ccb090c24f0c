"""Responses: every status with its description, headers and the type of each media type;
the success response the SDK method returns, and its stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import ir
from ..diagnostics import escape_pointer_token
from ..naming import class_name, pascal_case, python_identifier, unique_name
from .context import Context, text
from .drafts import ContentDraft, HeaderDraft, ResponseDraft, SpecOperation
from .media import is_json, media_rank, media_shape, pick_media
from .operations import path_base, status_order
from .schema import P_CONTEXT, P_FALLBACK, NameHint, Shape
from .streams import stream_draft, stream_format

_PLAIN_NAMES = frozenset({"list", "retrieve", "create", "update", "delete"})


def response_drafts(ctx: Context, op: SpecOperation, base: str) -> list[ResponseDraft]:
    """The responses of `op`, in spec order; `base` is the class-name stem of its models."""
    raw_responses, resp_pointer = ctx.dict_at(op.node.get("responses"), op.pointer + "/responses")
    drafts: list[ResponseDraft] = []
    for status in (str(s) for s in raw_responses):
        response, where = ctx.dict_at(raw_responses[status], f"{resp_pointer}/{status}")
        picked = pick_media(response.get("content"))
        _note_item_schemas(ctx, response.get("content"), where)
        # 3.2 makes `description` optional beside a short `summary`: the summary stands in
        description = text(response.get("description")) or text(response.get("summary"))
        draft = ResponseDraft(status, description, picked, None)
        if picked is not None:
            draft.contents = _contents(ctx, op, base, status, response, where, picked)
            draft.shape = draft.contents[0].shape
        draft.headers = _headers(ctx, response, where, base)
        drafts.append(draft)
    return drafts


def _note_item_schemas(ctx: Context, content: Any, where: str) -> None:
    """OpenAPI 3.2's `itemSchema` of a media type the SDK does not read as a sequence of items
    (see `streams`) is not used: a media type described by it alone is read as bytes."""
    for media_type, entry in (content if isinstance(content, dict) else {}).items():
        if stream_format(str(media_type)) is not None:
            continue
        if isinstance(entry, dict) and "itemSchema" in entry:
            ctx.info(
                "normalize.item-schema-ignored",
                f"{media_type}: the items' schema (`itemSchema`) is not used yet",
                f"{where}/content/{escape_pointer_token(str(media_type))}/itemSchema",
            )


def success_status(drafts: list[ResponseDraft]) -> str | None:
    """The first 2XX status, in status order, whose response has a body."""
    for status in sorted((r.status for r in drafts), key=status_order):
        entry = next(r for r in drafts if r.status == status)
        if status.startswith("2") and entry.shape is not None:
            return status
    return None


def _contents(
    ctx: Context,
    op: SpecOperation,
    base: str,
    status: str,
    response: dict[str, Any],
    where: str,
    media_type: str,
) -> list[ContentDraft]:
    """The type of each media type of a response, the one the SDK parses (`media_type`)
    first; the others in media-type order, sharing its type when they share its schema."""
    name = op.python_name
    if status.startswith("2"):
        context = (
            f"{base}List"
            if name == "list"
            else (
                f"{base}Response"
                if name in ("retrieve", "create", "update", "delete")
                else f"{base}{pascal_case(name)}Response"
            )
        )
        hint = NameHint().add(P_CONTEXT, context)
        data_hint = NameHint().add(
            P_CONTEXT, base if name in _PLAIN_NAMES else base + pascal_case(name)
        )
        stem = path_base(op)
        if stem != base and name in _PLAIN_NAMES:
            data_hint = data_hint.add(P_CONTEXT, stem)
    else:
        hint = NameHint().add(P_CONTEXT, "ErrorResponse")
        hint = hint.add(P_FALLBACK, f"{base}ErrorResponse")
        data_hint = NameHint().add(P_CONTEXT, f"{base}Error")
    content = response["content"]
    media_where = f"{where}/content/{escape_pointer_token(media_type)}"
    shape = media_shape(ctx, media_type, content[media_type], media_where, hint, data_hint)
    item_stem = base if name in _PLAIN_NAMES else base + pascal_case(name)
    contents = [
        ContentDraft(
            media_type,
            shape,
            stream_draft(ctx, media_type, content[media_type], media_where, item_stem),
        )
    ]
    for other in sorted((str(k) for k in content), key=media_rank):
        if other == media_type:
            continue
        other_where = f"{where}/content/{escape_pointer_token(other)}"
        other_media = content[other]
        same = isinstance(other_media, dict) and isinstance(content[media_type], dict)
        same = same and other_media.get("schema") == content[media_type].get("schema")
        contents.append(
            ContentDraft(
                other,
                (
                    shape
                    if same and is_json(other) == is_json(media_type)
                    else media_shape(ctx, other, other_media, other_where, hint, None)
                ),
                stream_draft(ctx, other, other_media, other_where, item_stem),
            )
        )
    return contents


def _headers(ctx: Context, response: dict[str, Any], pointer: str, base: str) -> list[HeaderDraft]:
    raw = response.get("headers")
    if not isinstance(raw, dict):
        return []
    found: list[HeaderDraft] = []
    taken: set[str] = set()
    for name, header in raw.items():
        name = str(name)
        if name.lower() == "content-type":
            continue  # OpenAPI: ignored in response headers
        where = f"{pointer}/headers/{escape_pointer_token(name)}"
        node, where = ctx.dict_at(header, where)
        schema = node.get("schema")
        hint = NameHint().add(P_CONTEXT, base + class_name(name) + "Header")
        shape = (
            ctx.schemas.shape(schema, where + "/schema", hint)
            if schema is not None
            else Shape("str")
        )
        python = unique_name(python_identifier(name, fallback="header"), taken)
        taken.add(python)
        found.append(
            HeaderDraft(
                name, python, shape, node.get("required") is True, text(node.get("description"))
            )
        )
    return found


def to_responses(
    drafts: list[ResponseDraft], typeref: Callable[[Shape], ir.TypeRef]
) -> tuple[ir.Response, ...]:
    return tuple(
        ir.Response(
            r.status,
            r.description,
            r.media_type,
            typeref(r.shape) if r.shape is not None else None,
            headers=tuple(
                ir.ResponseHeader(
                    h.wire_name, h.python_name, typeref(h.shape), h.required, h.description
                )
                for h in r.headers
            ),
            contents=tuple((c.media_type, typeref(c.shape)) for c in r.contents),
        )
        for r in drafts
    )


def to_stream(
    drafts: list[ResponseDraft], status: str | None, typeref: Callable[[Shape], ir.TypeRef]
) -> ir.Stream | None:
    """The stream of the success response: its first streamed media type (which of JSON and a
    stream a call gets, when it may get both, is decided once the models are known:
    `streams.with_selector`)."""
    response = next((r for r in drafts if r.status == status), None)
    found = next((c.stream for c in response.contents if c.stream), None) if response else None
    if found is None:
        return None
    return ir.Stream(
        found.media_type, found.format, typeref(found.item_shape), found.item, found.json_data
    )


def is_jsonapi_document(model: ir.Model) -> bool:
    """A top-level JSON:API document model: it has both `data` and `included` members."""
    wire_names = {f.wire_name for f in model.fields}
    return model.kind == "object" and {"data", "included"} <= wire_names
