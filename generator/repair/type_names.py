"""Type names: a `type` that is no JSON type but means one (`String`, `int`, `dates`, `json`)
becomes that type, and a union or array written into the name (`string|number`, `string[]`)
becomes the schema it spells. A name with no such reading is left for the validator."""

from __future__ import annotations

import re
from typing import Any

from ..load.documents import Parts
from .context import Repairing
from .registry import declare, makes

TYPE_NAME = declare(
    "repair.type-name",
    "a type name that means one JSON type (`String`, `int`, `dates` as a string with "
    "`format: date`, `json` as any value)",
)
TYPE_UNION = declare(
    "repair.type-union",
    "a type name listing several types, split by a comma or a vertical bar (`string,null`), "
    "or naming an array (`string[]`): a 3.1 type list, else `anyOf`, or an array of the items",
)

JSON_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")

# Type names that are not JSON types but can mean only one thing. "date"/"dates" become a
# string with `format: date` (OpenAPI spells dates as formatted strings; a format already
# present is kept since it is more specific); the C-style names map to their JSON type.
_TYPE_ALIASES: dict[str, tuple[str, str | None]] = {
    "date": ("string", "date"),
    "dates": ("string", "date"),
    "datetime": ("string", "date-time"),
    "date-time": ("string", "date-time"),
    "int": ("integer", None),
    "float": ("number", None),
    "double": ("number", None),
    "bool": ("boolean", None),
}
# Keywords that describe the elements when `string[]` becomes an array of strings.
_ITEM_KEYWORDS = ("enum", "format", "pattern", "minLength", "maxLength")


@makes(TYPE_NAME, TYPE_UNION)
def fix_type(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    kind = node.get("type")
    where = (*parts, "type")
    if isinstance(kind, list) and ctx.is_31:
        fixed = [_plain_type(k) if isinstance(k, str) else None for k in kind]
        if all(f is not None for f in fixed) and fixed != kind:
            node["type"] = fixed
            ctx.report(TYPE_NAME, where, f"type {kind!r} read as {fixed!r}")
        return
    if not isinstance(kind, str) or kind in JSON_TYPES:
        return
    if kind.strip().lower() == "json":  # any JSON value: what a schema without a type says
        del node["type"]
        ctx.report(TYPE_NAME, where, f"type {kind!r} read as any JSON value")
        return
    alternatives = [part.strip() for part in re.split(r"[|,]", kind) if part.strip()]
    branches = [_branch_for(part) for part in alternatives]
    if not branches or any(branch is None for branch in branches):
        return
    if len(branches) == 1:
        _apply_single(ctx, node, branches[0] or {}, kind, parts)
    else:
        _apply_union(ctx, node, [b for b in branches if b is not None], kind, parts)


def _apply_single(
    ctx: Repairing, node: dict[str, Any], branch: dict[str, Any], kind: str, parts: Parts
) -> None:
    node["type"] = branch["type"]
    if "items" in branch:  # `string[]`: what described the string now describes the items
        items = dict(branch["items"])
        for keyword in _ITEM_KEYWORDS:
            if keyword in node:
                items[keyword] = node.pop(keyword)
        node["items"] = items
        message = f"type {kind!r} read as an array of {items['type']!r}"
        ctx.report(TYPE_UNION, (*parts, "type"), message)
        return
    if "format" in branch:
        node.setdefault("format", branch["format"])
    shown = f"{branch['type']!r}" + (
        f" with format {node['format']!r}" if "format" in branch else ""
    )
    ctx.report(TYPE_NAME, (*parts, "type"), f"type {kind!r} read as {shown}")


def _apply_union(
    ctx: Repairing, node: dict[str, Any], branches: list[dict[str, Any]], kind: str, parts: Parts
) -> None:
    nullable = {"type": "null"} in branches
    branches = [b for b in branches if b != {"type": "null"}]
    plain = all(set(b) == {"type"} for b in branches)
    if ctx.is_31 and plain:
        node["type"] = [b["type"] for b in branches] + (["null"] if nullable else [])
        ctx.report(TYPE_UNION, (*parts, "type"), f"type {kind!r} read as {node['type']!r}")
        return
    if "anyOf" in node:
        return  # nowhere to put the alternatives without guessing; the validator reports it
    del node["type"]
    if nullable and not ctx.is_31:
        node["nullable"] = True
    elif nullable:
        branches.append({"type": "null"})
    # anyOf, not oneOf: `integer|number` overlap, and anyOf is what "either" means.
    node["anyOf"] = branches
    ctx.report(TYPE_UNION, (*parts, "anyOf"), f"type {kind!r} read as anyOf {branches!r}")


def _plain_type(name: str) -> str | None:
    lowered = name.strip().lower()
    if lowered in JSON_TYPES:
        return lowered
    alias = _TYPE_ALIASES.get(lowered)
    return alias[0] if alias and alias[1] is None else None


def _branch_for(name: str) -> dict[str, Any] | None:
    """The schema one alternative of a broken type name stands for; None if unclear."""
    lowered = name.lower()
    if lowered.endswith("[]"):
        inner = _branch_for(lowered[:-2])
        return {"type": "array", "items": inner} if inner else None
    if lowered in JSON_TYPES:
        return {"type": lowered}
    if lowered in _TYPE_ALIASES:
        kind, fmt = _TYPE_ALIASES[lowered]
        return {"type": kind, "format": fmt} if fmt else {"type": kind}
    return None
