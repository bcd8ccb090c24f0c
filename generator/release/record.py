"""The surface record: a JSON-friendly description of what a generated SDK exposes, stored
beside it (`.sdkgen-surface.json`) so that the next generation can compare without the previous
spec at hand (`compare` reads two of them).

Per operation its method, path, SDK method, parameters, and the entries of its request body and
success response; per model its schema's JSON pointer, its fields' annotations and its wire
entries; per resource its class; the deprecated aliases, method and class; a digest of the rest
of the IR. An entry is a value's type shape, required-ness and enum values (`entry`, `shape`).

Records of older formats stay readable: `upgrade_record` completes one of format 1 (model names
only, no resource classes) from the SDK it was stored beside, read with `ast`; `model_records`
reads the models of any format.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from .. import ir
from ..graph import depth_first
from ..typing_printer import annotation, models_of

RECORD_FORMAT = 3
# Format 1 listed model names only and no resource classes (`upgrade_record` completes it).
# Formats 1 and 2 spelled every object model "object" and flattened each operation's request
# and response into dotted field paths: the comparison reads only their top level.
READABLE_FORMATS = (1, 2, 3)
FLATTENED_FORMATS = (1, 2)
EXTRA_KEY = "{}"  # the wire entry of a model's typed additional properties
Entry = dict[str, Any]  # {"type": shape, "required": bool, "enum": [...]}
ClassKind = Literal["model", "resource"]
ALIAS_PACKAGES: dict[ClassKind, str] = {"model": "types", "resource": "resources"}


def surface_record(api: ir.Api, *, like: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A JSON-serializable description of what the SDK exposes, for `compare`: its operations,
    models and deprecated aliases (old dotted name → the operation it calls), and a digest of
    the rest of the IR. The SDK's own version is left out: it follows from the comparison.

    Models are a table: each model once, with its fields, and operations and fields name the
    models they hold. The record, and the comparison, grow with the size of the API, never with
    the number of paths through its model graph (Stripe's objects refer to each other through
    nearly every field).

    `like`: the record of the same API before aliases were attached. Its operations, models
    and digest are reused: attaching aliases changes none of them, and the aliases are recorded
    on their own below."""
    aliases: dict[str, Any] = {}
    if like is not None:
        operations, models, digest = dict(like["operations"]), like["models"], like["digest"]
    else:
        operations = _operations_record(api)
        models = {model.name: model_record(model) for model in sorted(api.models, key=_name)}
        digest = hashlib.sha256(repr(replace(api, sdk_version="")).encode()).hexdigest()
    for resource in depth_first(api.resources, lambda resource: resource.children):
        for alias in resource.aliases:
            aliases[alias.name] = {
                "operation_id": alias.operation.operation_id,
                "target": alias.target,
                "since": alias.since,
            }
    return {
        "format": RECORD_FORMAT,
        "title": api.title,
        "version": api.version,
        "digest": digest,
        "models": models,
        "resources": {
            ".".join(resource.path): resource.class_name
            for resource in depth_first(api.resources, lambda resource: resource.children)
            if not resource.alias_only
        },
        "operations": operations,
        "aliases": dict(sorted(aliases.items())),
        "class_aliases": {
            class_alias_key(alias.kind, alias.name): {"target": alias.target, "since": alias.since}
            for alias in sorted(api.class_aliases, key=lambda a: (a.kind, a.name))
        },
    }


def _name(model: ir.Model) -> str:
    return model.name


def class_alias_key(kind: ClassKind, name: str) -> str:
    """How the record names a deprecated class alias: "types.Old" or "resources.Old"."""
    return f"{ALIAS_PACKAGES[kind]}.{name}"


def model_record(model: ir.Model) -> dict[str, Any]:
    """A model as the record keeps it: the pointer of its schema; its fields' annotations (an
    alias's target under "="), enough to recognise it under another name; and its wire
    entries (JSON key → shape, required-ness, enum values; an alias's target under "=", typed
    additional properties under "{}"), which the comparison compares."""
    wire: dict[str, Entry] = {}
    if model.kind == "alias":
        target = annotation(model.alias_of.python) if model.alias_of else "Any"
        fields = {"=": canonical_annotation(target)}
        wire["="] = entry(model.alias_of, True) if model.alias_of else {"type": "any"}
    else:
        fields = {f.name: canonical_annotation(annotation(f.annotation)) for f in model.fields}
        wire = {f.wire_name: entry(f.type, f.required) for f in model.fields}
        if model.extra is not None:
            wire[EXTRA_KEY] = entry(model.extra, False)
    return {"source": model.source, "fields": fields, "wire": wire}


@functools.cache  # a few hundred distinct annotations, met thousands of times
def canonical_annotation(text: str) -> str:
    """`text` as Python's own unparser spells it (quotes, spaces), so that annotations printed
    by different versions of sdkgen compare equal when they mean the same."""
    try:
        return ast.unparse(ast.parse(text, mode="eval"))
    except SyntaxError:
        return text


def _operations_record(api: ir.Api) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    param_dicts = {model.param_name for model in api.models if model.param_name}
    for resource_path, op in _operations_with_resources(api.resources):
        parameters = {
            f"{p.location} {p.wire_name}": entry(p.type, p.required) for p in op.parameters
        }
        # Parameters that also take their object as a `*Param` dict (absent: none does).
        dicts = [
            f"{p.location} {p.wire_name}"
            for p in op.parameters
            if models_of([p.annotation]) & param_dicts
        ]
        request: dict[str, Entry] = {}
        if op.request_bodies:
            body = op.request_bodies[0]
            request["body"] = {**entry(body.type, body.required), "media_type": body.media_type}
            if body.keywords:  # the fields are keyword arguments (absent: one `body=`)
                request["body"]["keywords"] = [k.name for k in body.keywords]
        response: dict[str, Entry] = {}
        if op.success_type is not None:
            response["response"] = entry(op.success_type, True)
        operations[op.operation_id] = {
            "method": op.method,
            "path": op.path,
            "sdk": ".".join((*resource_path, op.python_name)),
            "deprecated": op.deprecated,
            "parameters": parameters,
            "request": request,
            "response": response,
        }
        if dicts:
            operations[op.operation_id]["dict_parameters"] = dicts
    return operations


def _operations_with_resources(
    resources: tuple[ir.Resource, ...],
) -> Iterator[tuple[tuple[str, ...], ir.Operation]]:
    for resource in depth_first(resources, lambda resource: resource.children):
        for op in resource.operations:
            yield resource.path, op


def entry(t: ir.TypeRef, required: bool) -> Entry:
    """A value's entry in the record: its shape, whether it is required, its enum values."""
    record: Entry = {"type": shape(t), "required": required}
    values = sorted({json.dumps(v) for v in _literals(t)})
    if values:
        record["enum"] = [json.loads(v) for v in values]
    return record


def shape(t: ir.TypeRef) -> str:
    """`t` spelled for the comparison: the kinds of its values, models by name (with their
    type arguments), each union's members sorted. As long as `t` itself: models are not
    expanded (the record holds each once)."""
    if t.kind == "any":
        return t.type_variable or "any"
    if t.kind == "literal":
        return "enum"
    if t.kind in ("list", "dict"):
        return f"{t.kind}[{shape(t.items[0]) if t.items else 'any'}]"
    if t.kind == "union":
        return " | ".join(sorted({shape(item) for item in t.items}))
    if t.kind == "model":
        name = t.model or "object"
        return f"{name}[{', '.join(shape(item) for item in t.items)}]" if t.items else name
    return t.kind


def _literals(t: ir.TypeRef) -> Iterator[Any]:
    yield from t.literals
    if t.kind in ("union", "list", "dict"):
        for item in t.items:
            yield from _literals(item)


# --- reading records of every format ------------------------------------------------------------


def model_records(record: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The record's models as {name: {"source", "fields"[, "wire"]}} (format 1: names only)."""
    models = record.get("models") or {}
    if isinstance(models, Mapping):
        return {str(name): value or {} for name, value in models.items()}
    return {str(name): {} for name in models}


def upgrade_record(
    record: Mapping[str, Any], output_dir: Path, files: Mapping[str, Any]
) -> dict[str, Any]:
    """`record` (format 1) in format 2: each model's fields as its module in `output_dir`
    declares them (no schema pointer: format 1 did not keep it), and each resource's class, as
    the client's attributes lead to it. What cannot be read stays unknown (a model without
    fields, no resources): the comparison then reports removals and additions, not renames."""
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
        if isinstance(node, ast.ClassDef) and "TypedDict" in map(ast.unparse, node.bases):
            continue  # a model's `*Param`, not a model
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
