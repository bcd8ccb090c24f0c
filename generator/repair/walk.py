"""Where each repair runs: the document-wide repairs of the path keys first, then every OpenAPI
object and schema visited in document order (paths, webhooks, components), each getting the
repairs of its kind, and last the null defaults, which read `$ref` targets already repaired.
The order fixes the order of the warnings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..load.documents import Parts
from ..vocabulary import path_item_operations
from . import drafts, keywords, nulls, path_parameters, paths, required, stray_parameters
from .context import Repairing
from .type_names import fix_type


def repair_tree(ctx: Repairing) -> None:
    keywords.fix_object_keys(ctx, ctx.doc, (), "root")
    paths.fix_path_slashes(ctx)
    stray_parameters.fix_stray_path_parameters(ctx)
    path_items = ctx.doc.get("paths")
    if isinstance(path_items, dict):
        for path, item in path_items.items():
            if isinstance(item, dict):
                _path_item(ctx, path, item, ("paths", path))
    webhooks = ctx.doc.get("webhooks")
    if isinstance(webhooks, dict):
        for name, item in webhooks.items():
            _named_path_item(ctx, item, ("webhooks", name))
    components = ctx.doc.get("components")
    if isinstance(components, dict):
        _components(ctx, components)
    nulls.fix_schema_null_defaults(ctx)


def _components(ctx: Repairing, components: dict[str, Any]) -> None:
    keywords.fix_object_keys(ctx, components, ("components",), "components")
    sections: dict[str, Callable[[Repairing, Any, Parts], None]] = {
        "schemas": _schema,
        "parameters": _parameter,
        "headers": _header,
        "requestBodies": _request_body,
        "responses": _response,
        "pathItems": _named_path_item,
        "mediaTypes": _media_type,
    }
    for section, visit in sections.items():
        members = components.get(section)
        if isinstance(members, dict):
            for name, member in members.items():
                visit(ctx, member, ("components", section, name))


def _named_path_item(ctx: Repairing, item: Any, parts: Parts) -> None:
    """A path item under a name, not a path (a webhook, a component): no template."""
    if isinstance(item, dict):
        _path_item(ctx, "", item, parts)


def _path_item(ctx: Repairing, path: str, item: dict[str, Any], parts: Parts) -> None:
    keywords.fix_object_keys(ctx, item, parts, "pathItem")
    operations = {keys: op for _, op, keys in path_item_operations(item) if isinstance(op, dict)}
    path_parameters.declare_path_parameters(ctx, path, item, operations, parts)
    for index, param in enumerate(item.get("parameters") or []):
        _parameter(ctx, param, (*parts, "parameters", index))
    for keys, operation in operations.items():
        _operation(ctx, operation, (*parts, *keys))


def _operation(ctx: Repairing, operation: dict[str, Any], parts: Parts) -> None:
    keywords.fix_object_keys(ctx, operation, parts, "operation")
    for index, param in enumerate(operation.get("parameters") or []):
        _parameter(ctx, param, (*parts, "parameters", index))
    if "requestBody" in operation:
        _request_body(ctx, operation["requestBody"], (*parts, "requestBody"))
    responses = operation.get("responses")
    if isinstance(responses, dict):
        for code, response in responses.items():
            _response(ctx, response, (*parts, "responses", code))


def _parameter(ctx: Repairing, param: Any, parts: Parts, kind: str = "parameter") -> None:
    if not isinstance(param, dict) or "$ref" in param:
        return
    keywords.fix_object_keys(ctx, param, parts, kind)
    path_parameters.require_path_parameter(ctx, param, parts)
    nulls.fix_parameter_null_default(ctx, param.get("schema"), (*parts, "schema"))
    _schema(ctx, param.get("schema"), (*parts, "schema"))
    _content(ctx, param.get("content"), (*parts, "content"))


def _header(ctx: Repairing, header: Any, parts: Parts) -> None:
    _parameter(ctx, header, parts, "header")


def _request_body(ctx: Repairing, body: Any, parts: Parts) -> None:
    if isinstance(body, dict) and "$ref" not in body:
        keywords.fix_object_keys(ctx, body, parts, "requestBody")
        _content(ctx, body.get("content"), (*parts, "content"))


def _response(ctx: Repairing, response: Any, parts: Parts) -> None:
    if not isinstance(response, dict) or "$ref" in response:
        return
    keywords.fix_object_keys(ctx, response, parts, "response")
    headers = response.get("headers")
    if isinstance(headers, dict):
        for name, header in headers.items():
            _header(ctx, header, (*parts, "headers", name))
    _content(ctx, response.get("content"), (*parts, "content"))


def _content(ctx: Repairing, content: Any, parts: Parts) -> None:
    if not isinstance(content, dict):
        return
    for media_type, entry in content.items():
        _media_type(ctx, entry, (*parts, media_type))


def _media_type(ctx: Repairing, entry: Any, parts: Parts) -> None:
    if isinstance(entry, dict) and "$ref" not in entry:  # 3.2: `$ref` to components.mediaTypes
        keywords.fix_object_keys(ctx, entry, parts, "mediaType")
        _schema(ctx, entry.get("schema"), (*parts, "schema"))
        _schema(ctx, entry.get("itemSchema"), (*parts, "itemSchema"))


def _schema(ctx: Repairing, node: Any, parts: Parts, is_property: bool = False) -> None:
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        if ctx.is_31:  # 3.1 reads the keywords beside a `$ref`; 3.0 ignores them
            _fix_values(ctx, node, parts)
        return
    if is_property:
        keywords.fix_missing_properties(ctx, node, parts)
    keywords.fix_schema_keys(ctx, node, parts)
    fix_type(ctx, node, parts)
    required.fix_required(ctx, node, parts)
    _fix_values(ctx, node, parts)
    nulls.note_null_default(ctx, node, parts)
    for keyword in ("items", "not", "additionalProperties", "contains", "propertyNames"):
        if keyword in node:
            _schema(ctx, node[keyword], (*parts, keyword))
    for keyword in ("allOf", "anyOf", "oneOf", "prefixItems"):
        if isinstance(node.get(keyword), list):
            for index, item in enumerate(node[keyword]):
                _schema(ctx, item, (*parts, keyword, index))
    for keyword in ("properties", "patternProperties", "$defs", "dependentSchemas"):
        members = node.get(keyword)
        if isinstance(members, dict) and not keywords.is_misplaced_schema(members):
            for name, member in members.items():
                _schema(ctx, member, (*parts, keyword, name), keyword == "properties")


def _fix_values(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    """Keywords whose value alone is wrong, each with one reading (beside a `$ref` too)."""
    required.fix_duplicate_required(ctx, node, parts)
    if ctx.is_31:  # 3.0 takes boolean bounds, and parks `$recursiveAnchor` as unknown
        drafts.fix_exclusive_bounds(ctx, node, parts)
        drafts.fix_draft_2019_keywords(ctx, node, parts)
