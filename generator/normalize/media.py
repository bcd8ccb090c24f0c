"""Media types: which one of several a body uses, which are JSON, and the type of a body."""

from __future__ import annotations

from typing import Any

from ..load.documents import clone_json, resolve_ref
from .context import Context
from .schema import JSONAPI_MEDIA_TYPE, NameHint, Shape

FORM_URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def media_rank(media_type: str) -> int:
    """0 for `application/json`, 1 for other JSON (`+json`, `/json`), 2 for the rest."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "application/json":
        return 0
    if base.endswith(("+json", "/json")):
        return 1
    return 2


def is_json(media_type: str) -> bool:
    return media_rank(media_type) < 2


def pick_media(content: Any) -> str | None:
    """The media type of a `content` map the SDK uses first: JSON first, else the first."""
    if not isinstance(content, dict) or not content:
        return None
    keys = [str(k) for k in content]
    return min(keys, key=media_rank)


def media_shape(
    ctx: Context,
    media_type: str,
    media: Any,
    pointer: str,
    hint: NameHint,
    data_hint: NameHint | None = None,
) -> Shape:
    """The body type; JSON:API documents become `Document[...]` named by `data_hint`."""
    if isinstance(media, dict) and "schema" in media:
        if data_hint is not None and is_json(media_type):
            jsonapi = media_type.split(";", 1)[0].strip().lower() == JSONAPI_MEDIA_TYPE
            document = ctx.schemas.document_shape(
                media["schema"], pointer + "/schema", data_hint, jsonapi=jsonapi
            )
            if document is not None:
                return document
        return ctx.schemas.shape(media["schema"], pointer + "/schema", hint)
    if is_json(media_type):
        return Shape("any")
    return Shape("str") if media_type.startswith("text/") else Shape("bytes")


_SCHEMA_KEYS = frozenset({"schema", "itemSchema", "schemas"})  # JSON Schema below: no content


def inline_media_types(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with every media type of a `content` map that is a `$ref` (OpenAPI 3.2's
    `#/components/mediaTypes/X`) replaced by what it refers to, so that the rest of the stage
    reads media types in place; `data` itself when it has no `components.mediaTypes` (a copy
    otherwise: the input is not changed). A `$ref` that resolves to no object stays."""
    components = data.get("components")
    if not isinstance(components, dict) or not components.get("mediaTypes"):
        return data
    data = clone_json(data)

    def target(ref: str) -> Any:
        seen: set[str] = set()
        node: Any = {"$ref": ref}
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            if node["$ref"] in seen or not node["$ref"].startswith("#/"):
                return None
            seen.add(node["$ref"])
            try:
                node = resolve_ref(data, node["$ref"])
            except KeyError:
                return None
        return node if isinstance(node, dict) else None

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        content = node.get("content")
        if isinstance(content, dict):
            for media_type, entry in content.items():
                if isinstance(entry, dict) and isinstance(entry.get("$ref"), str):
                    found = target(entry["$ref"])
                    if found is not None:
                        content[media_type] = found
        for key, value in node.items():
            if key not in _SCHEMA_KEYS:
                walk(value)

    walk(data)
    return data
