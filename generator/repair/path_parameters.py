"""Path parameters the template demands: a variable of the path template that an operation
does not declare is declared (copied from a sibling operation that does, else as a string),
and a path parameter not marked required is, since OpenAPI says path parameters always are."""

from __future__ import annotations

from typing import Any

from ..load.documents import Parts, clone_json, template_variables
from .context import Repairing
from .parameter_lists import path_parameter_names
from .registry import declare, makes

PATH_PARAMETER = declare(
    "repair.path-parameter",
    "a template variable nobody declares: declared as a string (or copied from the operation "
    "of the same path that declares it); a path parameter made `required: true`",
)


@makes(PATH_PARAMETER)
def require_path_parameter(ctx: Repairing, param: dict[str, Any], parts: Parts) -> None:
    if param.get("in") == "path" and param.get("required") is not True:
        param["required"] = True
        ctx.report(PATH_PARAMETER, (*parts, "required"), "path parameters are always required")


@makes(PATH_PARAMETER)
def declare_path_parameters(
    ctx: Repairing,
    path: str,
    item: dict[str, Any],
    operations: dict[tuple[str, ...], Any],
    parts: Parts,
) -> None:
    """Declare template variables nobody declared, as the path template demands: on the path
    item when no operation declares it, else on each operation that lacks it, copied from
    one that has it. (`operations`: each operation under its keys in the item, `("get",)`,
    `("additionalOperations", "PURGE")`.)"""
    shared = path_parameter_names(ctx, item.get("parameters"))
    for name in template_variables(path):
        if name in shared:
            continue
        missing = [
            m
            for m, op in operations.items()
            if name not in path_parameter_names(ctx, op.get("parameters"))
        ]
        if not missing:
            continue
        declared = _sibling_declaration(ctx, name, operations)
        if declared is None:
            param = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            if len(missing) == len(operations):
                where = item.setdefault("parameters", [])
                where.append(param)
                message = f"path parameter {name!r} was not declared; declared as a string"
                ctx.report(PATH_PARAMETER, (*parts, "parameters", len(where) - 1), message)
                continue
            declared = param
        for keys in missing:
            where = operations[keys].setdefault("parameters", [])
            where.append(clone_json(declared))
            method = keys[-1].upper()
            message = f"path parameter {name!r} was not declared for {method}; copied"
            ctx.report(PATH_PARAMETER, (*parts, *keys, "parameters", len(where) - 1), message)


def _sibling_declaration(
    ctx: Repairing, name: str, operations: dict[tuple[str, ...], Any]
) -> dict[str, Any] | None:
    """The first declaration of path parameter `name` among the operations (a `$ref` as it is,
    else a copy that is required)."""
    for operation in operations.values():
        for param in operation.get("parameters") or []:
            resolved = ctx.deref(param)
            if (
                isinstance(resolved, dict)
                and resolved.get("in") == "path"
                and resolved.get("name") == name
            ):
                return param if "$ref" in param else {**param, "required": True}
    return None
