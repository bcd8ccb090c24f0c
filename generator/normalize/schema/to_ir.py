"""Named drafts -> `ir.Model`s, and shapes -> `ir.TypeRef`s.

Mutually recursive models share one module (named after the first of them by name); a field
that is not required is optional (`| None`, default `None`).
"""

from __future__ import annotations

from typing import NamedTuple

from ... import ir
from ...graph import strongly_connected
from ...naming import field_name, python_identifier, unique_name
from .drafts import ModelDraft
from .report import Report
from .shape import ANY, Shape, shape_models

_SCALARS: dict[str, ir.ScalarType] = {
    kind: ir.ScalarType(kind)
    for kind in ("str", "int", "float", "bool", "bytes", "date", "datetime")
}


class Placement(NamedTuple):
    """Where a model is printed: its module, and whether it is on a reference cycle."""

    module: str
    recursive: bool


def typeref(shape: Shape, names: dict[str, str]) -> ir.TypeRef:
    """The IR type of `shape`, its models named by `names` (key -> class name)."""
    items = tuple(typeref(s, names) for s in shape.items)
    model = names[shape.model] if shape.model is not None else None
    kind = shape.kind
    python: ir.PyType
    if shape.type_var is not None:
        python = ir.TypeVariable(shape.type_var)
    elif kind == "literal":
        python = ir.LiteralType(shape.literals)
    elif kind == "list":
        python = ir.ListType(items[0].python)
    elif kind == "dict":
        python = ir.DictType(items[0].python)
    elif kind == "union":
        python = ir.UnionType(tuple(item.python for item in items))
    elif kind == "model":
        python = (
            ir.ModelType(model, tuple(item.python for item in items))
            if model is not None
            else ir.AnyType()
        )
    elif kind == "any":
        python = ir.AnyType()
    elif kind == "none":
        python = ir.NONE
    else:
        python = _SCALARS[kind]
    if shape.nullable and kind not in ("any", "none"):
        python = ir.optional(python)
    return ir.TypeRef(
        kind=kind,
        python=python,
        items=items,
        model=model,
        literals=shape.literals,
        nullable=shape.nullable or kind == "none",
        discriminator=shape.discriminator,
        discriminator_mapping=tuple((value, names[key]) for value, key in shape.mapping),
        type_variable=shape.type_var,
    )


def to_models(
    drafts: dict[str, ModelDraft], names: dict[str, str], report: Report
) -> list[ir.Model]:
    """The IR models of `drafts`, sorted by name."""
    placements = placements_of(drafts, names)
    models: list[ir.Model] = []
    for key, draft in drafts.items():
        name = names[key]
        module, recursive = placements[key]
        if draft.kind == "alias":
            models.append(
                ir.Model(
                    name=name,
                    module=module,
                    kind="alias",
                    alias_of=typeref(draft.alias_of or ANY, names),
                    description=draft.description,
                    recursive=recursive,
                    source=draft.source,
                )
            )
            continue
        models.append(
            ir.Model(
                name=name,
                module=module,
                kind="object",
                fields=_fields(draft, name, names, report),
                description=draft.description,
                extra=typeref(draft.extra, names) if draft.extra is not None else None,
                recursive=recursive,
                source=draft.source,
                jsonapi_type=draft.jsonapi_type,
                type_parameters=draft.type_parameters,
            )
        )
    models.sort(key=lambda m: m.name)
    return models


def _fields(
    draft: ModelDraft, name: str, names: dict[str, str], report: Report
) -> tuple[ir.Field, ...]:
    taken: set[str] = set()
    fields: list[ir.Field] = []
    for f in draft.fields:
        python = unique_name(field_name(f.wire_name), taken)
        if python != field_name(f.wire_name):
            report.warn(
                "normalize.field-name-clash",
                f"property {f.wire_name!r} of {name} would be named like another; "
                f"named {python!r}",
                draft.source,
            )
        taken.add(python)
        type_ref = typeref(f.shape, names)
        required = f.wire_name in (draft.required or set())
        if f.write_only and "response" in draft.roles:
            required = False  # a response never carries a writeOnly property
        optional = not required
        annotation = type_ref.python
        if optional and not type_ref.nullable and type_ref.kind not in ("any", "none"):
            annotation = ir.optional(annotation)
        default = f.default if f.default is not None else ("None" if optional else None)
        # a constant or a required property is sent with its default when left unset;
        # any other default is what the server assumes, never sent unless set
        constant = type_ref.kind == "literal" and len(type_ref.literals) == 1
        always_sent = f.default is not None and (required or constant)
        fields.append(
            ir.Field(
                name=python,
                wire_name=f.wire_name,
                type=type_ref,
                annotation=annotation,
                required=required,
                nullable=type_ref.nullable,
                default=default,
                description=f.description,
                deprecated=f.deprecated,
                read_only=f.read_only,
                write_only=f.write_only,
                always_sent=always_sent,
                example=f.example,
            )
        )
    return tuple(fields)


def placements_of(drafts: dict[str, ModelDraft], names: dict[str, str]) -> dict[str, Placement]:
    """The module of every draft: one per group of mutually recursive models."""
    graph: dict[str, list[str]] = {}
    for key, draft in drafts.items():
        refs: set[str] = set()
        for f in draft.fields:
            refs.update(shape_models(f.shape))
        for extra in (draft.extra, draft.alias_of):
            if extra is not None:
                refs.update(shape_models(extra))
        graph[key] = sorted(refs, key=lambda k: names[k])
    ordered = {k: graph[k] for k in sorted(graph, key=lambda k: names[k])}
    result: dict[str, Placement] = {}
    used: set[str] = set()
    for component in strongly_connected(ordered):
        members = sorted(component, key=lambda k: names[k])
        recursive = len(members) > 1 or members[0] in graph[members[0]]
        module = unique_name(python_identifier(names[members[0]], fallback="model"), used)
        used.add(module)
        for key in members:
            result[key] = Placement(module, recursive)
    return result
