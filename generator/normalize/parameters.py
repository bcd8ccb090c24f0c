"""Parameters: path-item and operation parameters merged, path parameters in path order, then
query, header and cookie; each named, typed and given its serialisation style."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, cast

from .. import ir
from ..diagnostics import escape_pointer_token
from ..load.documents import template_variables
from ..naming import class_name, parameter_name, unique_name
from .context import Context, text
from .drafts import ParamDraft, SpecOperation
from .media import pick_media
from .schema import P_COMPONENT, P_CONTEXT, NameHint, Shape, scalar_default
from .schema.examples import example_of

# `querystring` (OpenAPI 3.2): one parameter whose value is the whole query string; it becomes
# a query parameter of style "querystring", which the runtime sends as the query itself.
_LOCATIONS = ("path", "query", "querystring", "header", "cookie")
_FORM = "application/x-www-form-urlencoded"
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


class _Declared(NamedTuple):
    """A parameter object (`$ref`s followed), its pointer and its components name if any."""

    param: dict[str, Any]
    pointer: str
    component: str | None


def parameter_drafts(ctx: Context, op: SpecOperation, base: str) -> list[ParamDraft]:
    """The parameters of `op`; `base` is the class-name stem of its models."""
    result: list[ParamDraft] = []
    taken: set[str] = set()
    for param, pointer, component in _declared(ctx, op):
        wire = param["name"]
        python = unique_name(parameter_name(wire), taken)
        if python != parameter_name(wire):
            ctx.warn(
                "normalize.parameter-name-clash",
                f"{param['in']} parameter {wire!r} would be named like another parameter; "
                f"named {python!r}",
                pointer,
            )
        taken.add(python)
        result.append(_draft(ctx, param, pointer, component, python, base))
    return result


def _declared(ctx: Context, op: SpecOperation) -> list[_Declared]:
    """The parameters of the path item and the operation (the latter wins), path parameters
    in path order (undeclared ones added as strings), then query, header and cookie."""
    merged: dict[tuple[str, str], _Declared] = {}
    sources = [
        (op.path_item.get("parameters"), op.path_item_pointer + "/parameters"),
        (op.node.get("parameters"), op.pointer + "/parameters"),
    ]
    for raw, where in sources:
        if raw is None:
            continue
        if not isinstance(raw, list):
            ctx.skip(where, "parameters is not a list; ignored")
            continue
        for index, item in enumerate(raw):
            component = None
            if isinstance(item, dict) and isinstance(item.get("$ref"), str):
                ref = item["$ref"]
                if ref.startswith("#/components/parameters/"):
                    component = ref.rsplit("/", 1)[1]
            param, pointer = ctx.dict_at(item, f"{where}/{index}")
            name, location = param.get("name"), param.get("in")
            if not isinstance(name, str) or location not in _LOCATIONS:
                ctx.skip(pointer, "parameter without a valid name/in; left out")
                continue
            merged[(name, location)] = _Declared(param, pointer, component)
    template = template_variables(op.path)
    for name in template:
        if (name, "path") not in merged:
            ctx.warn(
                "normalize.missing-path-parameter",
                f"path parameter {name!r} is not declared; typed as str",
                op.pointer,
            )
            merged[(name, "path")] = _Declared(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}},
                op.pointer,
                None,
            )
    for name, location in list(merged):
        if location == "path" and name not in template:
            ctx.skip(
                merged[(name, location)].pointer,
                f"path parameter {name!r} is not in the path; left out",
            )
            del merged[(name, location)]
        elif location == "header" and name.lower() in _IGNORED_HEADERS:
            ctx.info(
                "normalize.ignored-header",
                f"header parameter {name!r} is set by the client; left out",
                merged[(name, location)].pointer,
            )
            del merged[(name, location)]
    ordered = [merged[(n, "path")] for n in dict.fromkeys(template)]
    for location in _LOCATIONS[1:]:
        ordered.extend(v for (n, loc), v in merged.items() if loc == location)
    return ordered


def _draft(
    ctx: Context,
    param: dict[str, Any],
    pointer: str,
    component: str | None,
    python: str,
    base: str,
) -> ParamDraft:
    """The draft of one parameter, named `python`."""
    wire = param["name"]
    location = param["in"]
    hint = NameHint(role="parameter")
    if component:
        hint = hint.add(P_COMPONENT, class_name(component))
    # `FilterParam` if only one schema is named so, else `TmsWebTriggerFilterParam`s
    hint = hint.add_exclusive(P_CONTEXT, class_name(wire) + "Param")
    hint = hint.add(P_CONTEXT, base + class_name(wire) + "Param")
    schema: Any = param.get("schema")
    schema_pointer = pointer + "/schema"
    content = param.get("content")
    content_type: str | None = None
    media: Any = None
    if schema is None and isinstance(content, dict) and content:
        media_type = pick_media(content) or ""
        content_type = media_type
        media = content[media_type]
        schema = media.get("schema") if isinstance(media, dict) else None
        schema_pointer = f"{pointer}/content/{escape_pointer_token(media_type)}/schema"
    shape = ctx.schemas.shape(schema, schema_pointer, hint) if schema is not None else Shape("str")
    required = location == "path" or param.get("required") is True
    style = param.get("style")
    if not isinstance(style, str):
        style = "simple" if location in ("path", "header") else "form"
    explode = param.get("explode")
    if not isinstance(explode, bool):
        explode = style == "form"
    # RFC 6570 reserved expansion exists for the query only (OpenAPI `allowReserved`)
    allow_reserved = location == "query" and param.get("allowReserved") is True
    if location == "querystring":  # its media type says how, not a style; form by default
        location, style, explode = "query", "querystring", True
        media_name = (content_type or _FORM).split(";")[0].strip().lower()
        content_type = None if media_name == _FORM else content_type
    default: str | None = None
    resolved, _ = ctx.deref(schema, schema_pointer)
    if location != "path" and isinstance(resolved, dict) and "default" in resolved:
        default = scalar_default(resolved["default"])
        if default is None:
            ctx.skip(schema_pointer + "/default", "default is not a scalar; dropped")
    return ParamDraft(
        name=python,
        wire_name=wire,
        location=cast(Any, location),
        shape=shape,
        required=required,
        style=style,
        explode=explode,
        description=text(param.get("description")),
        deprecated=param.get("deprecated") is True,
        default=default,
        allow_reserved=allow_reserved,
        content_type=content_type,
        example=example_of(param, media, schema, resolved, refs=ctx.schemas.refs),
    )


def to_parameters(
    drafts: list[ParamDraft], typeref: Callable[[Shape], ir.TypeRef]
) -> tuple[ir.Parameter, ...]:
    """The IR parameters: one that is not required is optional (`| None`, default `None`)."""
    parameters: list[ir.Parameter] = []
    for p in drafts:
        type_ref = typeref(p.shape)
        annotation = type_ref.python
        default, server_default = p.default, None
        if not p.required:
            if not type_ref.nullable and type_ref.kind != "any":
                annotation = ir.optional(annotation)
            # Absent unless the caller sets it: a schema default is the server's business.
            default, server_default = "None", p.default
        parameters.append(
            ir.Parameter(
                name=p.name,
                wire_name=p.wire_name,
                location=p.location,
                type=type_ref,
                annotation=annotation,
                required=p.required,
                style=p.style,
                explode=p.explode,
                description=p.description,
                deprecated=p.deprecated,
                default=default,
                allow_reserved=p.allow_reserved,
                content_type=p.content_type,
                server_default=server_default,
                example=p.example,
            )
        )
    return tuple(parameters)
