"""`required` lists: an empty one is removed, one filed under `properties` moves to the schema
that declares its names, and a name listed twice is kept once."""

from __future__ import annotations

from typing import Any

from ..load.documents import Parts
from .context import Repairing
from .keywords import is_misplaced_schema
from .registry import declare, makes

EMPTY_REQUIRED = declare("repair.empty-required", "an empty `required` list removed")
MISPLACED_REQUIRED = declare(
    "repair.misplaced-required",
    "a `required` list found under `properties`: moved to the schema declaring its names (the "
    "schema itself, or the single property schema that declares all of them)",
)
DUPLICATE_REQUIRED = declare(
    "repair.duplicate-required", "a name listed twice in `required`: kept once"
)


@makes(EMPTY_REQUIRED, MISPLACED_REQUIRED)
def fix_required(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    if node.get("required") == []:
        del node["required"]
        ctx.report(EMPTY_REQUIRED, (*parts, "required"), "empty 'required' list removed")
    properties = node.get("properties")
    if not isinstance(properties, dict) or is_misplaced_schema(properties):
        return
    names = properties.get("required")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return
    owner_parts = _owner_of(node, names)
    if owner_parts is None:
        return
    del properties["required"]
    owner = node
    for part in owner_parts:
        owner = owner[str(part)]
    merged = list(owner.get("required", []))
    merged += [name for name in names if name not in merged]
    owner["required"] = merged
    message = f"'required' list found under 'properties' moved to its schema ({', '.join(names)})"
    ctx.report(MISPLACED_REQUIRED, (*parts, *owner_parts, "required"), message)


def _owner_of(node: dict[str, Any], names: list[str]) -> Parts | None:
    """Where a `required` list found under `properties` belongs: the schema itself when it
    declares those properties, else the single property schema that declares all of them."""
    properties = node["properties"]
    if all(name in properties for name in names):
        return ()
    owners = [
        key
        for key, member in properties.items()
        if isinstance(member, dict)
        and isinstance(member.get("properties"), dict)
        and all(name in member["properties"] for name in names)
    ]
    return ("properties", owners[0]) if len(owners) == 1 else None


@makes(DUPLICATE_REQUIRED)
def fix_duplicate_required(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    """A name listed twice in `required` is required once: the list is a set."""
    names = node.get("required")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return
    unique = list(dict.fromkeys(names))
    if len(unique) == len(names):
        return
    node["required"] = unique
    repeated = ", ".join(repr(n) for n in unique if names.count(n) > 1)
    message = f"{repeated} listed more than once in 'required': kept once"
    ctx.report(DUPLICATE_REQUIRED, (*parts, "required"), message)
