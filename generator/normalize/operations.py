"""Operations: found in the paths, placed on a resource and named; and the class-name stems of
the models they send and receive.

A path's static segments form the resource chain (`/integrations/{id}/delivery/healths` ->
`client.integrations.delivery.healths`). Method names say what the operation does, from the path
and the HTTP method, the same way for every API:

- GET on an item path (last segment a parameter) is `retrieve`; GET on a static path is `list`
  when the success body is an array or a JSON:API collection, else `retrieve`; POST `create`,
  PUT/PATCH `update`, DELETE `delete`.
- POST on an item path updates the item (`POST /assistants/{id}` is `update`), unless the path
  also has a PUT or PATCH.
- An action (`POST /batches/{id}/cancel`, `POST /jobs/pause`) is a method of its parent resource
  named after its last segment: `client.batches.cancel(id)`. An action is a POST on a path whose
  last segment is a literal that follows an item (a parameter) or a collection (a path with
  operations of its own), and is a verb: the operationId starts with its first word
  (`cancelBatch`; `uploadPhoto` on `/pets/{id}/photo` is no action) and it is no plural noun
  (`/uploads/{id}/parts` stays a sub-resource). And nothing else lives under it: no other
  operation on it, beside it (`/x/cancel` and `/x/{id}/cancel`) or below it.

Clashes within one resource: the operation whose path shape fits the name best keeps it (item
paths for retrieve/update/delete, collection paths for list/create, then document order); the
others are named from their operationId with the resource words stripped: the operationId decides
only where the path says nothing better. `config.operation_names` (operationId ->
"dotted.resource.method", or a bare "method" on the resource the rules pick) overrides all of
that. Each name a path rule or the config gave is an info diagnostic (`generate --verbose`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..diagnostics import pointer_from_parts
from ..naming import (
    class_name,
    numbered,
    pascal_case,
    python_identifier,
    singular_class_name,
    singularize,
    snake_case,
)
from ..vocabulary import HTTP_METHODS, http_method, path_item_operations
from .context import Context
from .drafts import SpecOperation
from .media import pick_media
from .schema import jsonapi_type_of, resource_name


def collect_operations(ctx: Context) -> list[SpecOperation]:
    """Every operation of the paths, in document order (duplicate operationIds replaced)."""
    paths = ctx.data.get("paths")
    ops: list[SpecOperation] = []
    if not isinstance(paths, dict):
        return ops
    seen_ids: set[str] = set()
    for path, raw_item in paths.items():
        item_pointer = pointer_from_parts(["paths", path])
        item, item_pointer = ctx.dict_at(raw_item, item_pointer)
        path = str(path)
        segments = [s for s in path.split("/") if s]
        static = [s for s in segments if "{" not in s]
        resource = tuple(python_identifier(s, fallback="resource") for s in static) or ("root",)
        is_item = bool(segments) and "{" in segments[-1]
        for method, node, keys in path_item_operations(item):
            pointer = pointer_from_parts(["paths", path, *keys])
            if not isinstance(node, dict):
                ctx.skip(pointer, "operation is not an object; left out")
                continue
            op_id = node.get("operationId")
            if not isinstance(op_id, str) or not op_id or op_id in seen_ids:
                generated = snake_case(method).replace("_", "") + pascal_case(path)
                if isinstance(op_id, str) and op_id:
                    ctx.warn(
                        "normalize.duplicate-operation-id",
                        f"operationId {op_id!r} is used twice; using {generated!r}",
                        pointer,
                    )
                op_id = generated
            seen_ids.add(op_id)
            ops.append(
                SpecOperation(
                    seq=len(ops),
                    pointer=pointer,
                    path=path,
                    method=method,
                    node=node,
                    path_item=item,
                    path_item_pointer=item_pointer,
                    operation_id=op_id,
                    resource=resource,
                    is_item=is_item,
                )
            )
    return ops


def status_order(status: str) -> tuple[int, str]:
    """Statuses in numeric order, ranges (`4XX`) and `default` after them."""
    return (0, status) if status[:3].isdigit() else (1, status)


def success_schema(ctx: Context, op: SpecOperation) -> tuple[Any, str] | None:
    """The schema (and its pointer) of the first 2XX response with content, if it has one."""
    responses, where = ctx.dict_at(op.node.get("responses"), op.pointer + "/responses")
    for status in sorted((str(s) for s in responses), key=status_order):
        if not status.startswith("2"):
            continue
        response, rwhere = ctx.dict_at(responses.get(status), f"{where}/{status}")
        media = pick_media(response.get("content"))
        if media is not None:
            content = response["content"][media]
            if isinstance(content, dict) and "schema" in content:
                return ctx.deref(content["schema"], rwhere)
            return None
    return None


# --- class-name stems ---------------------------------------------------------------------------


def resource_base(ctx: Context, op: SpecOperation, schema: Any) -> str:
    """Class-name stem for the documents an operation sends/receives."""
    jtype = _document_type(ctx, schema)
    if jtype:
        return resource_name(jtype)
    return path_base(op)


def path_base(op: SpecOperation) -> str:
    """Class-name stem from the path alone: `/tms/web-triggers/{id}` -> TmsWebTrigger."""
    return singular_class_name(class_name("_".join(op.resource), fallback="Resource"))


def _document_type(ctx: Context, schema: Any) -> str | None:
    schema, _ = ctx.deref(schema, "")
    if not isinstance(schema, dict):
        return None
    if schema.get("type") == "array":
        return _document_type(ctx, schema.get("items"))
    props = schema.get("properties")
    if not isinstance(props, dict) or "data" not in props:
        return jsonapi_type_of(schema)
    data, _ = ctx.deref(props["data"], "")
    if isinstance(data, dict) and data.get("type") == "array":
        data, _ = ctx.deref(data.get("items"), "")
    return jsonapi_type_of(data)


# --- method names -------------------------------------------------------------------------------


def name_operations(ctx: Context, ops: list[SpecOperation]) -> None:
    """Set the resource and method name of every operation (see the module docstring)."""
    _place_actions(ops)
    claimed = _apply_overrides(ctx, ops)
    groups: dict[tuple[str, ...], list[SpecOperation]] = {}
    for op in ops:
        if not op.overridden:
            groups.setdefault(op.resource, []).append(op)
    for resource, members in groups.items():
        taken = claimed.setdefault(resource, set())
        wanted = [(_default_name(ctx, op), op) for op in members]
        by_name: dict[str, list[SpecOperation]] = {}
        for name, op in wanted:
            by_name.setdefault(name, []).append(op)
        losers: list[SpecOperation] = []
        for name, group in by_name.items():
            group.sort(key=_fit_key(name))
            if name in taken:
                losers.extend(group)
                continue
            group[0].python_name = name
            taken.add(name)
            losers.extend(group[1:])
        for op in sorted(losers, key=lambda o: o.seq):
            fallback = _name_from_operation_id(op)
            name = fallback if fallback and fallback not in taken else ""
            if not name:
                name = numbered(fallback or _default_name(ctx, op), taken)
            ctx.info(
                "normalize.operation-renamed",
                f"{http_method(op.method)} {op.path} is named {name!r} to avoid a clash",
                op.pointer,
            )
            op.python_name, op.rule = name, ""
            taken.add(name)
    for op in ops:
        if op.rule:
            ctx.info(
                "normalize.operation-named",
                f"{http_method(op.method)} {op.path} is "
                f"client.{'.'.join((*op.resource, op.python_name))}: {RULES[op.rule]}",
                op.pointer,
            )


RULES = {
    "action": "an action, a method of its parent resource named after the path's last segment",
    "item-update": "POST on an item path updates the item",
    "config": "names.operations in the config",
}


def _segments(path: str) -> tuple[str, ...]:
    return tuple(s for s in path.split("/") if s)


def _place_actions(ops: list[SpecOperation]) -> None:
    """Move each action (see the module docstring) to its parent resource, named after its
    last segment."""
    with_ops = {_segments(op.path) for op in ops}
    for op in ops:
        segments = _segments(op.path)
        if op.method != "post" or op.is_item or len(segments) < 2 or len(op.resource) < 2:
            continue
        last = snake_case(segments[-1])
        first_word = last.split("_")[0]
        if not first_word or singularize(first_word) != first_word:
            continue  # a plural noun: a sub-collection (`/uploads/{id}/parts`), not an action
        if snake_case(op.operation_id).split("_")[0] != first_word:
            continue  # `uploadPhoto` on `/pets/{id}/photo`: a noun, the verb is elsewhere
        if "{" not in segments[-2] and segments[:-1] not in with_ops:
            continue  # `/chat/completions`: `/chat` is no collection
        size = len(op.resource)
        if any(o is not op and o.resource[:size] == op.resource for o in ops):
            continue  # something else lives under that segment: a real sub-resource
        op.resource = op.resource[:-1]
        op.python_name = python_identifier(last, fallback="call")
        op.rule = "action"


def _apply_overrides(ctx: Context, ops: list[SpecOperation]) -> dict[tuple[str, ...], set[str]]:
    """Place and name the operations `config.operation_names` lists (a bare method name keeps
    the resource the rules pick); the names they took on each resource."""
    overrides = dict(ctx.config.operation_names)
    known = {op.operation_id for op in ops}
    for op_id in sorted(set(overrides) - known):
        ctx.warn("normalize.unused-operation-name", f"operation_names: unknown {op_id!r}")
    claimed: dict[tuple[str, ...], set[str]] = {}
    for op in ops:
        target = overrides.get(op.operation_id)
        if target is None:
            continue
        raw = str(target).split(".")
        parts = [python_identifier(p, fallback="resource") for p in raw]
        if not all(raw):
            ctx.warn(
                "normalize.bad-operation-name",
                f"operation_names[{op.operation_id!r}] = {target!r} is not "
                "'resource.method' or 'method'; ignored",
                op.pointer,
            )
            continue
        resource = tuple(parts[:-1]) if len(parts) > 1 else op.resource
        name = parts[-1]
        taken = claimed.setdefault(resource, set())
        if name in taken:
            ctx.warn(
                "normalize.operation-name-clash",
                f"operation_names gives {target!r} twice; numbering",
                op.pointer,
            )
            name = numbered(name, taken)
        op.resource, op.python_name, op.overridden, op.rule = resource, name, True, "config"
        taken.add(name)
    return claimed


def _is_collection(ctx: Context, op: SpecOperation) -> bool:
    found = success_schema(ctx, op)
    if found is None:
        return False
    schema = found[0]
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "array":
        return True
    props = schema.get("properties")
    if isinstance(props, dict) and "data" in props:
        data, _ = ctx.deref(props["data"], "")
        return isinstance(data, dict) and data.get("type") == "array"
    return False


def _default_name(ctx: Context, op: SpecOperation) -> str:
    """The name the path and the HTTP method give `op` (its `rule` says when a path rule did)."""
    if op.rule == "action":
        return op.python_name
    if op.method == "get":
        return "retrieve" if op.is_item or not _is_collection(ctx, op) else "list"
    if op.method == "post" and op.is_item and not {"put", "patch"} & set(op.path_item):
        op.rule = "item-update"
        return "update"
    named = {"post": "create", "put": "update", "patch": "update", "delete": "delete"}
    if op.method in HTTP_METHODS:  # `query` (3.2) and the rare ones keep their method's name
        return named.get(op.method, op.method)
    # 3.2's `additionalOperations`: any method (`PURGE` -> `purge`, `M-SEARCH` -> `m_search`)
    return python_identifier(snake_case(op.method), fallback="call")


def _name_from_operation_id(op: SpecOperation) -> str:
    resource_words: set[str] = set()
    for attr in op.resource:
        for word in attr.split("_"):
            resource_words.update({word, singularize(word)})
    kept: list[str] = []
    for word in snake_case(op.operation_id).split("_"):
        if not word or word in resource_words:
            continue
        glued = [w for w in resource_words if w and word.startswith(w) and word != w]
        if glued:
            word = word[len(max(glued, key=lambda w: (len(w), w))) :]
        kept.append(word)
    return python_identifier("_".join(kept), fallback="call") if kept else ""


def _fit_key(name: str) -> Callable[[SpecOperation], tuple[int, int]]:
    def key(op: SpecOperation) -> tuple[int, int]:
        return _fit_rank(name, op), op.seq

    return key


def _fit_rank(name: str, op: SpecOperation) -> int:
    """0 when the path shape suits the method name (item paths for retrieve/update/delete)."""
    if name in ("retrieve", "update", "delete"):
        return 0 if op.is_item else 1
    if name in ("list", "create"):
        return 1 if op.is_item else 0
    return 0
