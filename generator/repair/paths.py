"""Path keys: the leading "/" some lack is added, and a path written both with and without it
is one path written twice, so its two path items are merged, unless both define the same
method or another field differently: then the merge is refused with an error naming both."""

from __future__ import annotations

from typing import Any

from ..load.documents import clone_json
from ..vocabulary import HTTP_METHODS, path_item_operations
from .context import Repairing
from .parameter_lists import inherit
from .registry import declare, makes

PATH_SLASH = declare("repair.path-slash", "a path key without its leading `/` gets it")
PATH_MERGE = declare(
    "repair.path-merge",
    "a path written both with and without its leading `/`: the two path items merged into one",
)
PATH_COLLISION = declare(
    "repair.path-collision",
    "(an error) the two spellings of a path define the same method or another field "
    "differently: not merged, both left as they are",
    severity="error",
)

# Path item fields that apply to each of its operations unless the operation says otherwise.
_OPERATION_DEFAULTS = ("parameters", "servers")


@makes(PATH_SLASH, PATH_MERGE, PATH_COLLISION)
def fix_path_slashes(ctx: Repairing) -> None:
    """Add the leading "/" some path keys lack. When the document has the same path with
    its "/" too, the two path items are one path written twice: they are merged unless
    both define the same method (or another field differently), which is an error naming
    both; refused pairs stay as they are."""
    paths = ctx.doc.get("paths")
    if not isinstance(paths, dict) or all(str(p).startswith("/") for p in paths):
        return
    merged: dict[str, dict[str, Any] | None] = {}  # None: merge refused
    for path in paths:
        if not path.startswith("/") and "/" + path in paths:
            merged["/" + path] = _merge_path_items(ctx, "/" + path, path)
    fixed: dict[str, Any] = {}
    for path, item in paths.items():
        new = path if path.startswith("/") else "/" + path
        if new in merged:
            result = merged[new]
            if result is None:
                fixed[path] = item
            elif new not in fixed:  # the merged item takes the first spelling's place
                fixed[new] = result
            continue
        if new != path:
            ctx.report(PATH_SLASH, ("paths", new), f"path {path!r} read as {new!r}")
        fixed[new] = item
    ctx.doc["paths"] = fixed


def _merge_path_items(ctx: Repairing, path: str, unslashed: str) -> dict[str, Any] | None:
    """One path item from the two spellings of `path`, or None (with an error) when they
    define something differently. Path-level `parameters` and `servers` that the two do
    not share move into their own item's operations, so each operation keeps exactly what
    applied to it."""
    first, second = ctx.doc["paths"][path], ctx.doc["paths"][unslashed]
    conflicts = _conflicts(first, second)
    if conflicts:
        message = (
            f"paths {unslashed!r} and {path!r} differ only by the leading '/' and both "
            f"define {', '.join(conflicts)}: not merged"
        )
        ctx.report(PATH_COLLISION, ("paths", unslashed), message)
        return None
    items = (clone_json(first), clone_json(second))
    for key in _OPERATION_DEFAULTS:
        if items[0].get(key) != items[1].get(key):
            for item in items:
                _push_down(ctx, item, key)
    result: dict[str, Any] = {}
    for item in items:
        result.update({k: v for k, v in item.items() if k not in HTTP_METHODS})
    methods = {m: item[m] for item in items for m in HTTP_METHODS if m in item}
    result.update({m: methods[m] for m in HTTP_METHODS if m in methods})
    shown = ", ".join(
        f"{m.upper()} from {spelling!r}"
        for spelling, item in ((path, first), (unslashed, second))
        for m in HTTP_METHODS
        if m in item
    )
    message = f"paths {unslashed!r} and {path!r} differ only by the leading '/': merged ({shown})"
    ctx.report(PATH_MERGE, ("paths", path), message)
    return result


def _conflicts(first: Any, second: Any) -> list[str]:
    """What both spellings of a path define, each differently: nothing to merge them by."""
    if not isinstance(first, dict) or not isinstance(second, dict):
        return ["a path item that is not an object"]
    if "$ref" in first or "$ref" in second:
        return ["'$ref'"]
    conflicts = [m.upper() for m in HTTP_METHODS if m in first and m in second]
    conflicts += [
        repr(key)
        for key in first
        if key not in HTTP_METHODS
        and key not in _OPERATION_DEFAULTS
        and key in second
        and first[key] != second[key]
    ]
    return conflicts


def _push_down(ctx: Repairing, item: dict[str, Any], key: str) -> None:
    """Move a path item's `parameters` or `servers` into each of its operations (an
    operation's own declaration of a parameter, or its own servers, win)."""
    if key not in item:
        return
    value = item.pop(key)
    for _, operation, _ in path_item_operations(item):  # 3.2's `additionalOperations` too
        if not isinstance(operation, dict):
            continue
        if key == "servers":
            operation.setdefault("servers", clone_json(value))
            continue
        if value:
            operation["parameters"] = inherit(ctx, value, operation.get("parameters"))
