"""A plain-text description of a generated SDK's public surface, built from the IR, for people.

It lists the client, every resource with its methods' signatures, and every model with its
field types — but no docstrings or other vendor prose — so that a committed copy of it
(`tests/snapshots/commandersact.surface.txt`) turns any change of spec or generator into a
short, reviewable diff. The machine-readable counterpart, which releases compare, is the
surface record (`record.py`): this text is never read back.
"""

from __future__ import annotations

from .. import ir
from ..graph import depth_first
from ..typing_printer import annotation
from .record import class_alias_key


def describe_surface(api: ir.Api) -> str:
    lines = [
        f"package {api.package_name}",
        f"client {api.client_class_name} / {api.async_client_class_name}",
    ]
    for server in api.servers:
        variables = ", ".join(f"{v.python_name}={v.default!r}" for v in server.variables)
        lines.append(f"server {server.url}" + (f" ({variables})" if variables else ""))
    for scheme in api.security_schemes:
        lines.append(
            f"security {scheme.key}: {scheme.type} {scheme.scheme or scheme.location}".rstrip()
        )
    lines.append("")
    for resource in depth_first(api.resources, lambda resource: resource.children):
        kept = " (kept for deprecated aliases)" if resource.alias_only else ""
        lines.append(f"resource {'.'.join(resource.path)} ({resource.class_name}){kept}")
        if resource.call is not None:
            lines.append(f"  __call__: the method {'.'.join(resource.path)}")
        for operation in resource.operations:
            lines.append(f"  {_signature(operation)}")
            lines.append(f"    {operation.method} {operation.path} [{operation.operation_id}]")
            if operation.bulk is not None:
                item = annotation(operation.bulk.item_type.python)
                lines.append(
                    f"  {operation.bulk.method_name}(items: Iterable[{item}]) -> BulkResult"
                )
        for alias in resource.aliases:
            lines.append(f"  {alias.python_name}: deprecated alias of {alias.target}")
    for class_alias in api.class_aliases:
        key = class_alias_key(class_alias.kind, class_alias.name)
        lines.append(f"{key}: deprecated alias of {class_alias.target} (since {class_alias.since})")
    lines.append("")
    for model in api.models:
        if model.kind == "alias":
            aliased = annotation(model.alias_of.python) if model.alias_of else "Any"
            lines.append(f"alias {model.name} = {aliased}")
            continue
        lines.append(f"model {model.name}" + (" (recursive)" if model.recursive else ""))
        for field in model.fields:
            wire = "" if field.wire_name == field.name else f"  # {field.wire_name!r}"
            lines.append(f"  {field.name}: {annotation(field.annotation)}{wire}")
    return "\n".join(lines) + "\n"


def _signature(operation: ir.Operation) -> str:
    positional = [
        f"{p.name}: {annotation(p.annotation)}"
        for p in operation.parameters
        if p.location == "path"
    ]
    keywords = [
        f"{p.name}: {annotation(p.annotation)}" + ("" if p.default is None else f" = {p.default}")
        for p in operation.parameters
        if p.location != "path"
    ]
    if operation.request_bodies:
        body = operation.request_bodies[0]
        keywords.insert(
            0, f"body: {annotation(body.type.python)}" + ("" if body.required else " | None = None")
        )
    params = positional + (["*"] + keywords if keywords else [])
    returns = annotation(operation.success_type.python) if operation.success_type else "None"
    if operation.pagination is not None:
        returns = f"SyncPage[{annotation(operation.pagination.item_type.python)}]"
    deprecated = " (deprecated)" if operation.deprecated else ""
    return f"{operation.python_name}({', '.join(params)}) -> {returns}{deprecated}"
