"""Request bodies in their media type: JSON (and JSON:API documents), ndjson, form-urlencoded
per the Encoding Object, multipart parts, files and streams. Models send the fields the caller
set."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import AsyncIterable, AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple, cast
from urllib.parse import quote_plus

import pydantic

from ._deprecation import warn_deprecated
from ._models import JSONAPIDocument, to_jsonable, wire_items
from ._params import is_json, json_text, query_pieces, to_text
from ._types import NOT_GIVEN, NotGiven

__all__ = [
    "EncodedBody",
    "PropertyEncoding",
    "async_chunks",
    "encode_body",
    "is_stream",
    "jsonapi_envelope",
    "keyword_body",
]


@dataclass(slots=True)
class PropertyEncoding:
    """How one property of a form body is serialised (OpenAPI Encoding Object, defaults applied):
    by `style` like a query parameter when set, else as `content_type` ("" to choose from the
    value: JSON for objects, application/octet-stream for binary, text/plain otherwise)."""

    name: str
    _: KW_ONLY
    content_type: str = ""
    style: str = ""
    explode: bool = True
    allow_reserved: bool = False


def _resource_object(
    resource: pydantic.BaseModel, jsonapi_type: str | None, resource_id: object = None
) -> Any:
    """A JSON:API resource model as sent: the members the caller set, plus the `type` JSON:API
    requires (the model's own, else the operation's) and, for an update, the `id` of its path
    when the model has none."""
    data = to_jsonable(resource)
    if not isinstance(data, dict) or "type" not in type(resource).model_fields:
        return data
    if "type" not in data:
        own = getattr(resource, "type", None)
        if own is not None or jsonapi_type:
            data["type"] = own if own is not None else jsonapi_type
    if resource_id is not None and data.get("id") is None:
        data["id"] = resource_id
    return data


def jsonapi_envelope(body: object, jsonapi_type: str | None, resource_id: object = None) -> object:
    """A resource model (or a list of them) passed where a JSON:API document is expected,
    wrapped as `{"data": ...}`; an attributes model (a model without `type` and `attributes`)
    as `{"data": {"type": jsonapi_type, "attributes": ...}}`; dicts as given.

    Models send the fields the caller set, and the envelope the SDK builds: `data.type` always,
    and `data.id` for an update (`resource_id`, the id of its path) when the body has none."""
    if isinstance(body, Mapping):
        return body
    if isinstance(body, JSONAPIDocument):
        document = to_jsonable(body)
        data = getattr(body, "data", None)
        if isinstance(data, pydantic.BaseModel):
            document["data"] = _resource_object(data, jsonapi_type, resource_id)
        elif isinstance(data, list) and all(isinstance(i, pydantic.BaseModel) for i in data):
            document["data"] = [_resource_object(i, jsonapi_type) for i in data]
        return document
    if isinstance(body, pydantic.BaseModel):
        members = type(body).model_fields
        if jsonapi_type and "type" not in members and "attributes" not in members:
            envelope: dict[str, object] = {"type": jsonapi_type, "attributes": to_jsonable(body)}
            if resource_id is not None:
                envelope["id"] = resource_id
            return {"data": envelope}
        return {"data": _resource_object(body, jsonapi_type, resource_id)}
    if isinstance(body, (list, tuple)) and all(isinstance(i, pydantic.BaseModel) for i in body):
        return {"data": [_resource_object(i, jsonapi_type) for i in body]}
    return body


def keyword_body(
    method: str,
    body: object,
    members: Mapping[str, object],
    *,
    required: Sequence[str] = (),
    defaults: Mapping[str, object] | None = None,
    body_required: bool = True,
    jsonapi_type: str | None = None,
    resource_id: object = None,
    relationships: Mapping[str, tuple[str, object, bool]] | None = None,
) -> object:
    """The body of a method that takes its body's fields as keyword arguments: `members` (wire
    name to value) without those not given, as the object itself or, with `jsonapi_type`, as
    the `attributes` of a JSON:API document (`{"data": {"type", "id", "attributes",
    "relationships"}}`), each of `relationships` (name to the related type, the id or ids
    given, whether it is to-many) as its resource linkage. An optional body of which nothing
    was given is not sent (NOT_GIVEN).

    `body` is the whole body passed as `body=`, as the method took it before its fields became
    keywords: still accepted (with a DeprecationWarning) and sent as before, never mixed with
    keywords. `required`: the wire names a call without `body=` must give (a relationship's as
    `relationships.<name>`); `defaults`: the values sent when not given (constants, required
    fields with a default)."""
    given = {name: value for name, value in members.items() if not isinstance(value, NotGiven)}
    links = {
        name: link
        for name, link in (relationships or {}).items()
        if not isinstance(link[1], NotGiven)
    }
    if not isinstance(body, NotGiven):
        if given or links:
            names = [*given, *(f"{name} (relationship)" for name in links)]
            raise TypeError(
                f"{method}() takes the body's fields as keyword arguments or the whole body as "
                f"body=, not both (given: {', '.join(names)})"
            )
        warn_deprecated(
            f"{method}(body=...) is deprecated: pass the body's fields as keyword arguments"
        )
        return body
    present = {*given, *(f"relationships.{name}" for name in links)}
    missing = [name for name in required if name not in present]
    if missing:
        raise TypeError(f"{method}() missing the required body field(s) {', '.join(missing)}")
    if not given and not links and not body_required:
        return NOT_GIVEN
    if defaults:
        given = {
            name: given[name] if name in given else defaults[name]
            for name in members
            if name in given or name in defaults
        }
    if jsonapi_type is None:
        return given
    data: dict[str, object] = {"type": jsonapi_type}
    if resource_id is not None:
        data["id"] = resource_id
    if given:
        data["attributes"] = given
    if links:
        data["relationships"] = {
            name: {"data": _linkage(related, value, to_many)}
            for name, (related, value, to_many) in links.items()
        }
    return {"data": data}


def _linkage(related: str, value: object, to_many: bool) -> object:
    """The resource linkage of a relationship given by id: `{"type", "id"}`, a list of them
    for a to-many one, null for a to-one one cleared with None."""
    if value is None:
        return [] if to_many else None
    if to_many:
        return [{"type": related, "id": each} for each in cast("Sequence[object]", value)]
    return {"type": related, "id": value}


def _is_file_object(value: object) -> bool:
    """A binary file object (something with `read()`; a model with a `read` field is not one)."""
    if isinstance(value, (pydantic.BaseModel, Mapping, str, bytes, bytearray)):
        return False
    return callable(getattr(value, "read", None))


def is_stream(body: object) -> bool:
    """A body to stream rather than hold in memory: a binary file object or an iterator of bytes."""
    return _is_file_object(body) or isinstance(body, (Iterator, AsyncIterable))


def _is_file(value: object) -> bool:
    """A file part of a multipart body: bytes, a binary file object, or a tuple
    (filename, content[, content type[, headers]]) as httpx takes it."""
    if isinstance(value, (bytes, bytearray)) or _is_file_object(value):
        return True
    if not isinstance(value, tuple) or not 2 <= len(value) <= 4:
        return False
    filename, content = value[0], value[1]
    return (filename is None or isinstance(filename, str)) and (
        isinstance(content, (bytes, str)) or _is_file_object(content)
    )


def _media_matches(media_type: str, media_range: str) -> bool:
    wanted = media_range.split(";", 1)[0].strip().lower()
    main, _, sub = media_type.lower().partition("/")
    return wanted in ("*/*", f"{main}/*", f"{main}/{sub}")


def _choose_content_type(listed: str, filename: str | None) -> str | None:
    """The one media type of an `encoding` contentType, which may list several or a range
    (`image/png, image/*`): the file name's type when listed, else the first specific one."""
    choices = [choice.strip() for choice in listed.split(",") if choice.strip()]
    specific = [choice for choice in choices if "*" not in choice]
    if len(choices) == 1 and specific:
        return specific[0]
    guessed = mimetypes.guess_type(filename)[0] if filename else None
    if guessed and any(_media_matches(guessed, choice) for choice in choices):
        return guessed
    return specific[0] if specific else None


def _file_part(value: object, content_type: str) -> tuple[Any, ...]:
    """A file part: (filename, content, content type[, headers]). The type is the caller's (a
    tuple with one), else the `encoding`'s, else application/octet-stream (OpenAPI's default)."""
    if isinstance(value, tuple):
        filename, content = value[0], value[1]
        given = value[2] if len(value) > 2 else None
        headers = value[3:4]
    else:
        content = bytes(value) if isinstance(value, (bytes, bytearray)) else value
        filename = Path(str(getattr(value, "name", None) or "upload")).name
        given, headers = None, ()
    chosen = given or (_choose_content_type(content_type, filename) if content_type else None)
    return (filename, content, chosen or "application/octet-stream", *headers)


def _form_part(value: object, content_type: str) -> tuple[Any, ...]:
    """One multipart part, with the content type OpenAPI gives it: the `encoding`'s, else by
    the value (objects application/json, binary application/octet-stream, other values
    text/plain, UTF-8)."""
    if _is_file(value):
        return _file_part(value, content_type)
    chosen = _choose_content_type(content_type, None) if content_type else None
    if is_json(chosen) or (
        chosen is None and isinstance(value, (pydantic.BaseModel, Mapping, list, tuple))
    ):
        return (None, json_text(value).encode("utf-8"), chosen or "application/json")
    return (None, to_text(value).encode("utf-8"), chosen or "text/plain; charset=utf-8")


def _form_members(body: object) -> list[tuple[str, Any]]:
    """The members of a form body: a model's (the fields the caller set), or a dict's."""
    if isinstance(body, pydantic.BaseModel):
        return wire_items(body)
    return [(str(k), v) for k, v in cast("Mapping[object, object]", body).items()]


def _multipart(body: object, encoding: Mapping[str, PropertyEncoding]) -> list[tuple[str, Any]]:
    """The parts of a multipart/form-data body, in order; a list becomes one part per item (the
    same name), None is left out. Plain fields are parts too, so the body is multipart even
    without files."""
    parts: list[tuple[str, Any]] = []
    for name, value in _form_members(body):
        if value is None or isinstance(value, NotGiven):
            continue
        spec = encoding.get(name)
        content_type = spec.content_type if spec is not None else ""
        for item in cast("list[object]", value) if isinstance(value, list) else [value]:
            if item is not None:
                parts.append((name, _form_part(item, content_type)))
    return parts


def _form_urlencoded(body: object, encoding: Mapping[str, PropertyEncoding]) -> bytes:
    """An application/x-www-form-urlencoded body. A property whose `encoding` names a style is
    serialised like a query parameter of that style (RFC 6570 percent-encoding); any other by
    its content type (OpenAPI's Encoding Object defaults: objects as JSON text, other values as
    text, a list as one pair per item), then form-encoded (RFC 1866: space as `+`). None is
    left out: a form has no null."""
    pieces: list[str] = []
    for name, value in _form_members(body):
        spec = encoding.get(name)
        if spec is not None and spec.style:
            pieces.extend(query_pieces(name, value, spec.style, spec.explode, spec.allow_reserved))
            continue
        if value is None or isinstance(value, NotGiven):
            continue
        content_type = spec.content_type if spec is not None else ""
        chosen = _choose_content_type(content_type, None) if content_type else None
        items = cast("list[object]", value) if isinstance(value, list) else [value]
        for item in items:
            if item is None:
                continue
            text = json_text(item) if is_json(chosen) else to_text(item)
            pieces.append(f"{quote_plus(name)}={quote_plus(text)}")
    return "&".join(pieces).encode("ascii")


class EncodedBody(NamedTuple):
    """A body as httpx takes it: `content` (bytes, or a file object or iterator streamed as it
    is read), or multipart `files` (httpx writes the boundary)."""

    content: Any = None
    files: list[tuple[str, Any]] | None = None


_NDJSON = ("application/x-ndjson", "application/jsonl", "application/json-lines")


def encode_body(
    body: object, media_type: str | None, encoding: Sequence[PropertyEncoding] = ()
) -> EncodedBody:
    """A request body in the given media type; models send the fields the caller set."""
    media = (media_type or "application/json").split(";", 1)[0].strip().lower()
    by_name = {spec.name: spec for spec in encoding}
    if isinstance(body, (bytes, bytearray)):
        return EncodedBody(content=bytes(body))
    if media == "multipart/form-data":
        return EncodedBody(files=_multipart(body, by_name))
    if is_stream(body):
        return EncodedBody(content=body)
    form = media == "application/x-www-form-urlencoded"
    if isinstance(body, str) and (media.startswith("text/") or form):
        return EncodedBody(content=body.encode("utf-8"))
    if form:
        return EncodedBody(content=_form_urlencoded(body, by_name))
    if media in _NDJSON:
        if isinstance(body, str):
            return EncodedBody(content=body.encode("utf-8"))
        lines = [json.dumps(to_jsonable(item)) for item in cast("list[object]", body)]
        return EncodedBody(content=("\n".join(lines) + "\n").encode("utf-8"))
    return EncodedBody(content=json.dumps(to_jsonable(body), ensure_ascii=False).encode("utf-8"))


async def async_chunks(body: object, size: int = 65536) -> AsyncIterator[bytes]:
    """A sync file object or iterator of bytes as the async iterator httpx.AsyncClient streams."""
    if _is_file_object(body):
        read = cast("IO[bytes]", body).read
        while chunk := read(size):
            yield chunk
    else:
        for chunk in cast("Iterator[bytes]", body):
            yield chunk
