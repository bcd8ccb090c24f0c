"""Path parameters an operation declares under a name its path's template lacks, in the two
cases with one obvious meaning: a misnamed declaration is renamed to the template's only
undeclared variable, and an operation filed one level too high (`PATCH /sources` declaring
`id` beside `GET /sources/{id}`) moves to the path that adds the variable. Anything else is
left for the validator to report and an overlay to settle."""

from __future__ import annotations

from typing import Any

from ..load.documents import clone_json, template_variables
from ..vocabulary import http_method, path_item_operations
from .context import Repairing
from .parameter_lists import inherit, path_parameter_names
from .registry import declare, makes

PATH_PARAMETER_NAME = declare(
    "repair.path-parameter-name",
    "a path parameter matching nothing in the template, whose only undeclared variable it "
    "must mean: renamed to that variable (a shared component renamed as a copy)",
)
OPERATION_MOVED = declare(
    "repair.operation-moved",
    "an operation declaring every template variable plus exactly one more: moved to the "
    "existing path that adds that variable, when that path lacks the method and the move "
    "brings no other path-level parameter or server",
)


@makes(PATH_PARAMETER_NAME, OPERATION_MOVED)
def fix_stray_path_parameters(ctx: Repairing) -> None:
    """Two cases have one obvious meaning: the template has exactly one variable the
    operation does not declare, and it declares exactly one path parameter that matches
    nothing (a misnamed declaration: renamed to the variable); or the operation declares
    every variable of its template plus exactly one more, and the path extended by that
    one variable exists without this method (moved there)."""
    paths = ctx.doc.get("paths")
    if not isinstance(paths, dict):
        return
    moves: list[tuple[str, tuple[str, ...], str]] = []
    for path, item in paths.items():
        if not isinstance(item, dict) or "$ref" in item:
            continue
        template = template_variables(path)
        shared = path_parameter_names(ctx, item.get("parameters"))
        for _, operation, keys in path_item_operations(item):  # 3.2's additionalOperations too
            if not isinstance(operation, dict):
                continue
            own = path_parameter_names(ctx, operation.get("parameters"))
            stray = sorted({name for name in own if name not in template})
            if len(stray) != 1:
                continue
            undeclared = sorted({n for n in template if n not in own and n not in shared})
            if len(undeclared) == 1:
                # Unless moving would fit as well: then there are two meanings.
                if _move_target(ctx, path, keys, stray[0]) is None:
                    _rename(ctx, path, keys, stray[0], undeclared[0])
            elif not undeclared and _move_target(ctx, path, keys, stray[0]):
                moves.append((path, keys, stray[0]))
    # Moved after the loop: an operation moved to a path not yet read would be read again there.
    for path, keys, name in moves:
        _move_operation(ctx, path, keys, name)


def _get(item: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The value under `keys` in a path item (`("get",)`, `("additionalOperations", "PURGE")`)."""
    value: Any = item
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _rename(ctx: Repairing, path: str, keys: tuple[str, ...], old: str, new: str) -> None:
    operation = _get(ctx.doc["paths"][path], keys)
    method = http_method(keys[-1])
    parameters = operation["parameters"]
    for index, param in enumerate(parameters):
        resolved = ctx.deref(param)
        if not isinstance(resolved, dict) or resolved.get("in") != "path":
            continue
        if resolved.get("name") == old:
            # A shared component may be right elsewhere: rename a copy.
            parameters[index] = {**clone_json(resolved), "name": new}
            message = (
                f"path parameter {old!r} of {method} matches nothing in the "
                f"template, whose only undeclared variable is {new!r}: renamed to {new!r}"
            )
            where: tuple[str | int, ...] = ("paths", path, *keys, "parameters", index, "name")
            ctx.report(PATH_PARAMETER_NAME, where, message)


def _move_target(ctx: Repairing, path: str, keys: tuple[str, ...], name: str) -> str | None:
    """The path `path` extended by the variable `name`, when the operation under `keys` can
    move there: it exists, lacks that method, and moving brings no path-level parameter or
    server that did not apply to the operation before."""
    paths = ctx.doc["paths"]
    target = path.rstrip("/") + "/{" + name + "}"
    item, there = paths[path], paths.get(target)
    if not isinstance(there, dict) or "$ref" in there or _get(there, keys) is not None:
        return None
    if item.get("servers") != there.get("servers"):
        return None
    joining = [ctx.deref(p) for p in there.get("parameters") or []]
    if any(not isinstance(p, dict) or p.get("in") != "path" for p in joining):
        return None
    return target


def _move_operation(ctx: Repairing, path: str, keys: tuple[str, ...], name: str) -> None:
    target = _move_target(ctx, path, keys, name)
    if target is None:  # an earlier move took the place (`/a` and `/a/` both aim at it)
        return
    paths = ctx.doc["paths"]
    item = paths[path]
    *within, last = keys
    holder = _get(item, tuple(within))
    operation = holder.pop(last)
    if within and not holder:
        del item[within[0]]  # an `additionalOperations` map left empty
    if item.get("parameters"):
        operation["parameters"] = inherit(ctx, item["parameters"], operation.get("parameters"))
    destination = paths[target]
    for key in within:
        destination = destination.setdefault(key, {})
    destination[last] = operation
    method = http_method(last)
    message = (
        f"{method} moved from {path!r}: it declares path parameter {name!r}, which "
        f"{path!r} lacks and {target!r} adds (and {target!r} had no {method})"
    )
    ctx.report(OPERATION_MOVED, ("paths", target, *keys), message)
