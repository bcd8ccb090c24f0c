"""A plain-text description of a generated SDK's public surface, built from the IR.

It lists the client, every resource with its methods' signatures, and every model with its
field types — but no docstrings or other vendor prose — so that a committed copy of it turns any
change of spec or generator into a short, reviewable diff.

`upgrade_record` completes a surface record of format 1 (model names only, no resource
classes) from the SDK it was stored beside, so that the first regeneration by a newer sdkgen
can still tell renamed models and resource classes from removed and added ones.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .. import ir
from ..graph import depth_first
from ..typing_printer import annotation
from .diff import canonical_annotation


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
        package = "types" if class_alias.kind == "model" else "resources"
        lines.append(
            f"{package}.{class_alias.name}: deprecated alias of {class_alias.target}"
            f" (since {class_alias.since})"
        )
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


# --- records of format 1 ------------------------------------------------------------------------


def upgrade_record(
    record: Mapping[str, Any], output_dir: Path, files: Mapping[str, Any]
) -> dict[str, Any]:
    """`record` (format 1) in format 2: each model's fields as its module in `output_dir`
    declares them (no schema pointer: format 1 did not keep it), and each resource's class, as
    the client's attributes lead to it. What cannot be read stays unknown (a model without
    fields, no resources): the comparison then reports removals and additions, as before."""
    package = next(
        (
            name.split("/")[0]
            for name in sorted(files)
            if name.count("/") == 2 and name.endswith("/types/__init__.py")
        ),
        None,
    )
    names = [str(name) for name in record.get("models") or ()]
    models: dict[str, Any] = {name: {"source": "", "fields": {}} for name in names}
    resources: dict[str, str] = {}
    if package is not None:
        root = Path(output_dir) / package
        for tree in _modules(root / "types"):
            for name, fields in _declared_models(tree):
                if name in models:
                    models[name]["fields"] = fields
        resources = _resource_classes(root)
    # Format 2: its operations are still flattened, and its models have no wire entries.
    return {**record, "format": 2, "models": models, "resources": resources}


def _modules(folder: Path) -> Iterator[ast.Module]:
    for path in sorted(folder.glob("*.py")):
        try:
            yield ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue


def _declared_models(tree: ast.Module) -> Iterator[tuple[str, dict[str, str]]]:
    """(name, fields) of the model classes and type aliases of a `types` module."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            fields = {
                item.target.id: canonical_annotation(ast.unparse(item.annotation))
                for item in node.body
                if isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and item.target.id != "model_config"
            }
            yield node.name, fields
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and ast.unparse(node.annotation) == "TypeAlias"
            and node.value is not None
        ):
            yield node.target.id, {"=": canonical_annotation(ast.unparse(node.value))}


def _resource_classes(root: Path) -> dict[str, str]:
    """{dotted path from the client: sync resource class} of the SDK at `root`."""
    attributes: dict[str, dict[str, str]] = {}  # class -> {attribute: class it returns}
    resource_classes: set[str] = set()
    for tree in _modules(root / "resources"):
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                resource_classes.add(node.name)
                attributes[node.name] = _cached_attributes(node)
    client: dict[str, str] = {}
    for tree in _modules(root):  # _client.py: the sync client is the first class with resources
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("Async"):
                found = _cached_attributes(node)
                if any(value in resource_classes for value in found.values()):
                    client = client or found
    paths: dict[str, str] = {}
    pending: list[tuple[tuple[str, ...], str]] = [
        ((attribute,), cls) for attribute, cls in sorted(client.items())
    ]
    while pending:
        path, cls = pending.pop(0)
        if cls not in resource_classes or len(path) > 16:
            continue
        paths[".".join(path)] = cls
        pending += [((*path, a), c) for a, c in sorted(attributes.get(cls, {}).items())]
    return paths


def _cached_attributes(node: ast.ClassDef) -> dict[str, str]:
    """{attribute: class} of the `@cached_property` methods that end in `return Class(...)`."""
    found: dict[str, str] = {}
    for item in node.body:
        if not isinstance(item, ast.FunctionDef) or not item.body:
            continue
        if not any(ast.unparse(d).endswith("cached_property") for d in item.decorator_list):
            continue
        last = item.body[-1]
        if (
            isinstance(last, ast.Return)
            and isinstance(last.value, ast.Call)
            and isinstance(last.value.func, ast.Name)
        ):
            found[item.name] = last.value.func.id
    return found
