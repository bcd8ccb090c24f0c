"""Request bodies: one per media type (JSON first), with the form encodings; what a JSON:API
body holds (the resource type, its attributes model, the path parameter of `data.id`) and
the bulk twin of an operation that takes many objects."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Literal

from .. import ir
from ..diagnostics import escape_pointer_token
from ..naming import METHOD_RESERVED, field_name, pascal_case
from .context import Context, text
from .drafts import BodyDraft, SpecOperation
from .media import FORM_URLENCODED, MULTIPART, is_json, media_rank, media_shape, pick_media
from .operations import resource_base
from .schema import P_CONTEXT, NameHint, Shape
from .schema.examples import example_of

_VERBS = {"create": "Create", "update": "Update", "delete": "Delete", "list": "List"}
_NDJSON_MEDIA = frozenset({"application/x-ndjson", "application/jsonl", "application/json-lines"})
_STYLE_KEYS = ("style", "explode", "allowReserved")


def request_body_drafts(ctx: Context, op: SpecOperation, base: str) -> list[BodyDraft]:
    """The request body of `op`, one draft per media type, JSON first; `base` is the
    class-name stem of its models."""
    name = op.python_name
    bodies: list[BodyDraft] = []
    body, body_pointer = ctx.dict_at(op.node.get("requestBody"), op.pointer + "/requestBody")
    content = body.get("content")
    if isinstance(content, dict):
        first = pick_media(content)
        media_schema = content.get(first) if first is not None else None
        schema = media_schema.get("schema") if isinstance(media_schema, dict) else None
        req_base = resource_base(ctx, op, schema) if schema is not None else base
        verb = _VERBS.get(name, pascal_case(name))
        hint = NameHint(role="request", verb=verb).add(P_CONTEXT, f"{req_base}{verb}Request")
        # untyped request data may still join the resource model of the path (see schema.unify)
        data_hint = NameHint(role="request", verb=verb).add(P_CONTEXT, req_base)
        data_hint = data_hint.add(P_CONTEXT, f"{req_base}{verb}Data")
        for media_type in sorted((str(k) for k in content), key=media_rank):
            where = f"{body_pointer}/content/{escape_pointer_token(media_type)}"
            body_shape = media_shape(ctx, media_type, content[media_type], where, hint, data_hint)
            bodies.append(
                BodyDraft(
                    media_type,
                    body_shape,
                    body.get("required") is True,
                    text(body.get("description")),
                    _encoding(media_type, content[media_type]),
                    _relationship_targets(ctx, content[media_type], where),
                    _media_example(ctx, content[media_type], where),
                )
            )
    elif body:
        ctx.skip(body_pointer, "request body without content; left out")
    return bodies


def _media_example(ctx: Context, media: object, pointer: str) -> str | None:
    """The example of a whole body: the media type's `example`/`examples`, else its schema's."""
    if not isinstance(media, dict):
        return None
    schema, _ = ctx.dict_at(media.get("schema"), pointer + "/schema")
    return example_of(media, schema, refs=ctx.schemas.refs)


def _relationship_targets(
    ctx: Context, media: object, pointer: str
) -> tuple[ir.RelationshipTarget, ...]:
    """The relationships of a JSON:API document body's `data` whose related `type` is one
    enum value, read from the schema as written (the IR shares one relationship model for all)."""
    node, where = ctx.dict_at(media, pointer)
    for key in ("schema", "properties", "data"):
        node, where = ctx.dict_at(node.get(key), f"{where}/{key}")
    data_required = _listed(node.get("required"))
    node, where = ctx.dict_at(node.get("properties"), f"{where}/properties")
    relationships, where = ctx.dict_at(node.get("relationships"), f"{where}/relationships")
    required = _listed(relationships.get("required")) if "relationships" in data_required else []
    members, where = ctx.dict_at(relationships.get("properties"), f"{where}/properties")
    targets: list[ir.RelationshipTarget] = []
    for name, member in members.items():
        at = f"{where}/{escape_pointer_token(str(name))}"
        member, at = ctx.dict_at(member, at)
        properties, at = ctx.dict_at(member.get("properties"), f"{at}/properties")
        linkage, at = ctx.dict_at(properties.get("data"), f"{at}/data")
        to_many = linkage.get("type") == "array"
        if to_many:
            linkage, at = ctx.dict_at(linkage.get("items"), f"{at}/items")
        identifier, at = ctx.dict_at(linkage.get("properties"), f"{at}/properties")
        kind, _ = ctx.dict_at(identifier.get("type"), f"{at}/type")
        ident, _ = ctx.dict_at(identifier.get("id"), f"{at}/id")
        enum = kind.get("enum")
        if not (isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str)):
            continue
        id_type: Literal["int", "str"] = "int" if ident.get("type") == "integer" else "str"
        targets.append(
            ir.RelationshipTarget(str(name), enum[0], to_many, id_type, name in required)
        )
    return tuple(targets)


def _listed(value: object) -> list[str]:
    """The names of a schema's `required` (none when it is not a list)."""
    return [str(name) for name in value] if isinstance(value, list) else []


def to_request_bodies(
    drafts: list[BodyDraft], typeref: Callable[[Shape], ir.TypeRef]
) -> tuple[ir.RequestBody, ...]:
    bodies: list[ir.RequestBody] = []
    for draft in drafts:
        body_type = typeref(draft.shape)
        bodies.append(
            ir.RequestBody(
                draft.media_type,
                body_type,
                draft.required,
                draft.description,
                data_type=document_data(body_type) if is_json(draft.media_type) else None,
                encoding=draft.encoding,
                relationships=draft.relationships,
                example=draft.example,
            )
        )
    return tuple(bodies)


def _encoding(media_type: str, media: object) -> tuple[ir.PropertyEncoding, ...]:
    """The `encoding` entries of a form media type object, in spec order, defaults applied.

    An urlencoded property whose entry gives `style`, `explode` or `allowReserved` is serialised
    by style (as a query parameter: style `form` and explode true unless said otherwise) and
    its `contentType` is ignored; any other entry only names a content type (OpenAPI 3.0.4 and
    3.1.1, Encoding Object). Multipart parts are always serialised by content type.
    """
    raw = media.get("encoding") if isinstance(media, dict) else None
    if not isinstance(raw, dict):
        return ()
    urlencoded = media_type.split(";", 1)[0].strip().lower() == FORM_URLENCODED
    found: list[ir.PropertyEncoding] = []
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        content_type = entry.get("contentType")
        content_type = content_type.strip() if isinstance(content_type, str) else ""
        if urlencoded and any(key in entry for key in _STYLE_KEYS):
            style = entry.get("style")
            style = style if isinstance(style, str) and style else "form"
            explode = entry.get("explode")
            found.append(
                ir.PropertyEncoding(
                    str(name),
                    style=style,
                    explode=explode if isinstance(explode, bool) else style == "form",
                    allow_reserved=entry.get("allowReserved") is True,
                )
            )
        elif content_type:
            found.append(ir.PropertyEncoding(str(name), content_type=content_type))
    return tuple(found)


def document_data(type_ref: ir.TypeRef | None) -> ir.TypeRef | None:
    """X of a JSON:API document type `Document[X]` (the only generic model), else None."""
    if type_ref is None or type_ref.kind != "model" or len(type_ref.items) != 1:
        return None
    return type_ref.items[0]


def with_attributes(body: ir.RequestBody, models: dict[str, ir.Model]) -> ir.RequestBody:
    """`body` with the JSON:API type and attributes model of its resource, when it has both."""
    data = body.data_type
    model = models.get(data.model or "") if data is not None and data.kind == "model" else None
    if model is None or not model.jsonapi_type:
        return body
    attributes = next((f for f in model.fields if f.wire_name == "attributes"), None)
    if attributes is None or attributes.type.kind != "model":
        return body
    return replace(body, jsonapi_type=model.jsonapi_type, attributes_type=attributes.type)


def with_jsonapi_id(body: ir.RequestBody, operation: ir.Operation) -> ir.RequestBody:
    """`body` naming the path parameter that supplies `data.id` of a JSON:API update: a PATCH
    whose path ends in the resource's id (`/items/{id}`, `/items/{itemId}`)."""
    if operation.method != "PATCH" or body.data_type is None:
        return body
    last = operation.path.rstrip("/").rsplit("/", 1)[-1]
    if not (last.startswith("{") and last.endswith("}")):
        return body
    wire = last[1:-1]
    if wire != "id" and not wire.endswith(("_id", "Id", "ID")):
        return body
    parameter = next(
        (p for p in operation.parameters if p.location == "path" and p.wire_name == wire), None
    )
    return body if parameter is None else replace(body, jsonapi_id_parameter=parameter.name)


def detect_bulk(operation: ir.Operation) -> ir.Bulk | None:
    """An operation that takes many objects: its JSON:API body's `data` is an array, or its
    body is newline-delimited JSON. Offered as `<method>_bulk(items)` streaming ndjson."""
    if operation.method not in ("POST", "PUT", "PATCH") or not operation.request_bodies:
        return None
    body = operation.request_bodies[0]
    media = body.media_type.split(";", 1)[0].strip().lower()
    name = f"{operation.python_name}_bulk"
    if media in _NDJSON_MEDIA:
        item = body.type.items[0] if body.type.kind == "list" and body.type.items else body.type
        return ir.Bulk(name, item, body.media_type)
    data = body.data_type
    if data is not None and data.kind == "list" and data.items:
        return ir.Bulk(name, data.items[0])
    return None


# Keywords a generated method takes besides the API's parameters (see render.signatures): a
# body field of one of these names would clash with them.
_METHOD_KEYWORDS = METHOD_RESERVED | {"items", "content_type"}
# JSON:API resource members the SDK writes itself: a body whose `data` requires another member
# (such as `relationships`) stays one `body=` argument.
_ENVELOPE_MEMBERS = frozenset({"type", "id", "attributes"})


def with_keywords(
    body: ir.RequestBody, operation: ir.Operation, models: Mapping[str, ir.Model]
) -> ir.RequestBody:
    """`body` with its fields as keyword arguments of the method when it is an object: a JSON
    object, form or multipart body of a model with declared fields (a JSON:API document: its
    attributes, and its relationships by id), none of which is named like a parameter or an
    argument the method has; else `body` naming why it stays one `body=` argument."""
    keywords, reason = _keywords(body, operation, models)
    if reason:
        return replace(body, body_argument_reason=reason)
    if not body.required and any(k.default is None for k in keywords):
        # leaving the body out must stay possible, which required keywords would not allow
        return replace(body, body_argument_reason="an optional body with required fields")
    taken = {p.name for p in operation.parameters} | _METHOD_KEYWORDS
    names = [k.name for k in keywords]
    clashes = sorted({n for n in names if n in taken or names.count(n) > 1})
    if clashes:
        reason = f"field {', '.join(clashes)} named like a parameter or argument"
        return replace(body, body_argument_reason=reason)
    return replace(body, keywords=keywords)


def _keyword_of(f: ir.Field, body_example: Mapping[str, object]) -> ir.BodyKeyword:
    """The keyword of field `f`; `body_example`: the members of the body's example that the
    body's fields are (see `_example_members`)."""
    return ir.BodyKeyword(
        name=f.name,
        wire_name=f.wire_name,
        type=f.type,
        annotation=f.type.python,
        required=f.required and not f.always_sent,
        default=f.default if f.always_sent else (None if f.required else "NOT_GIVEN"),
        description=f.description,
        example=f.example if f.example is not None else _json_member(body_example, f.wire_name),
    )


def _json_member(members: Mapping[str, object], name: str) -> str | None:
    """The member `name` of an example object as JSON text (None when it has none)."""
    if name not in members:
        return None
    return json.dumps(members[name], sort_keys=True, ensure_ascii=False)


def _example_members(body: ir.RequestBody) -> tuple[dict[str, object], dict[str, object]]:
    """The members of the body's example that its keywords send: the object itself, or for a
    JSON:API document `data.attributes`; and (JSON:API) `data.relationships`."""
    example = json.loads(body.example) if body.example is not None else None
    if body.jsonapi_type is None:
        return (example if isinstance(example, dict) else {}), {}
    data = example.get("data") if isinstance(example, dict) else None
    data = data if isinstance(data, dict) else {}
    attributes, relationships = data.get("attributes"), data.get("relationships")
    return (
        attributes if isinstance(attributes, dict) else {},
        relationships if isinstance(relationships, dict) else {},
    )


def _related_ids(linkage: object, to_many: bool) -> str | None:
    """The id(s) of a relationship's example as JSON text (`{"data": {"type": ..., "id": 3}}`
    gives 3, a to-many one the list of its ids); None when the example holds none."""
    data = linkage.get("data") if isinstance(linkage, dict) else None
    if to_many and isinstance(data, list):
        ids = [item.get("id") if isinstance(item, dict) else None for item in data]
        return json.dumps(ids) if ids and None not in ids else None
    if not to_many and isinstance(data, dict) and data.get("id") is not None:
        return json.dumps(data["id"])
    return None


_ID_TYPES = {
    "int": ir.TypeRef("int", ir.ScalarType("int")),
    "str": ir.TypeRef("str", ir.ScalarType("str")),
}


def _relationship_keyword(
    target: ir.RelationshipTarget, examples: Mapping[str, object]
) -> ir.BodyKeyword:
    """`owner_id: int` for a to-one relationship, `tag_ids: list[int]` for a to-many one;
    `examples`: the relationships of the body's example (its ids are the keyword's example)."""
    one = _ID_TYPES[target.id_type]
    kind = ir.TypeRef("list", ir.ListType(one.python), items=(one,)) if target.to_many else one
    name = field_name(target.wire_name) + ("_ids" if target.to_many else "_id")
    many = "ids of the related resources" if target.to_many else "id of the related resource"
    return ir.BodyKeyword(
        name=name,
        wire_name=target.wire_name,
        type=kind,
        annotation=kind.python,
        required=target.required,
        default=None if target.required else "NOT_GIVEN",
        description=f"The {many} (`{target.jsonapi_type}`) of the `{target.wire_name}` "
        "relationship.",
        relationship=target,
        example=_related_ids(examples.get(target.wire_name), target.to_many),
    )


def _keywords(
    body: ir.RequestBody, operation: ir.Operation, models: Mapping[str, ir.Model]
) -> tuple[tuple[ir.BodyKeyword, ...], str]:
    """The keywords of `body` (read-only fields are never sent), or why there are none."""
    if len(operation.request_bodies) > 1:
        return (), "several media types"
    media = body.media_type.split(";", 1)[0].strip().lower()
    if not (is_json(media) or media in (FORM_URLENCODED, MULTIPART)):
        return (), f"media type {media}"
    if body.type.kind != "model":
        return (), f"a {body.type.kind} body, not an object"
    model = models.get(body.type.model or "")
    field_examples, linked_examples = _example_members(body)
    relationships: tuple[ir.BodyKeyword, ...] = ()
    if body.jsonapi_type is not None and body.attributes_type is not None:
        data = models.get(body.data_type.model or "") if body.data_type is not None else None
        links = (
            next((f for f in data.fields if f.wire_name == "relationships"), None) if data else None
        )
        if links is not None:
            relationships = tuple(
                _relationship_keyword(target, linked_examples) for target in body.relationships
            )
        by_id = {target.wire_name for target in body.relationships}
        linked = models.get(links.type.model or "") if links is not None else None
        outside = [
            f"relationships.{f.wire_name}" if m is linked else f.wire_name
            for m in (model, data, linked)
            if m is not None
            for f in m.fields
            if f.required
            and f.wire_name not in ("data", *_ENVELOPE_MEMBERS)
            and not (m is data and f.wire_name == "relationships" and linked is not None)
            and not (m is linked and f.wire_name in by_id)
        ]
        if outside:
            return (), f"the JSON:API body requires {', '.join(sorted(outside))}"
        model = models.get(body.attributes_type.model or "")
    if model is None or model.kind != "object" or model.type_parameters:
        return (), "not an object model"
    if model.extra is not None:
        return (), "an object with typed additional properties"
    fields = tuple(_keyword_of(f, field_examples) for f in model.fields if not f.read_only)
    if not fields and not relationships:
        return (), "an object without declared properties"
    return (*fields, *relationships), ""


PARAM_SUFFIX = "Param"
# The TypedDict of a model already named after a parameter (`ActivityLogFilterParam`): not
# `...ParamParam`.
PARAM_DICT_SUFFIX = "Dict"


def with_param_dicts(
    models: list[ir.Model], operations: dict[int, ir.Operation]
) -> tuple[list[ir.Model], dict[int, ir.Operation]]:
    """The models a body keyword or a query, header or cookie parameter takes (directly or
    nested in another such model) with a `*Param` TypedDict each, so that a plain dict
    type-checks where the model is expected; and the operations, their keywords and those
    parameters annotated `Model | ModelParam`. Generic models, the SDK's own bases (JSON:API
    documents, relationships) and type aliases get none."""
    by_name = {m.name: m for m in models}
    reached: list[str] = []
    pending = [k.type for op in operations.values() for b in op.request_bodies for k in b.keywords]
    pending += [p.type for op in operations.values() for p in op.parameters if _takes_dict(p)]
    while pending:
        ref = pending.pop()
        pending.extend(ref.items)
        model = by_name.get(ref.model or "") if ref.kind == "model" else None
        if model is None or model.name in reached:
            continue
        if model.kind == "alias":
            pending.extend([model.alias_of] if model.alias_of else [])
            continue
        if model.type_parameters or model.runtime_base:
            continue
        reached.append(model.name)
        pending.extend(f.type for f in model.fields if not f.read_only)
    taken = set(by_name)
    params: dict[str, str] = {}
    for name in sorted(reached):
        suffix = PARAM_DICT_SUFFIX if name.endswith(PARAM_SUFFIX) else PARAM_SUFFIX
        param = name + suffix
        while param in taken:
            param += "_"
        taken.add(param)
        params[name] = param

    def param_of(model: ir.Model) -> ir.Model:
        if model.name not in params:
            return model
        fields = tuple(
            ir.ParamField(f.wire_name, _as_params(f.type.python, params), f.required, f.description)
            for f in model.fields
            if not f.read_only
        )
        return replace(model, param_name=params[model.name], param_fields=fields)

    def keywords_of(body: ir.RequestBody) -> ir.RequestBody:
        keywords = tuple(
            replace(k, annotation=_as_params(k.type.python, params, keep_models=True))
            for k in body.keywords
        )
        return replace(body, keywords=keywords) if keywords else body

    def parameter_of(parameter: ir.Parameter) -> ir.Parameter:
        if not _takes_dict(parameter):
            return parameter
        annotation = _as_params(parameter.annotation, params, keep_models=True)
        return replace(parameter, annotation=annotation)

    return [param_of(m) for m in models], {
        seq: replace(
            op,
            parameters=tuple(map(parameter_of, op.parameters)),
            request_bodies=tuple(map(keywords_of, op.request_bodies)),
        )
        for seq, op in operations.items()
    }


def _takes_dict(parameter: ir.Parameter) -> bool:
    """A parameter whose object value may be a dict: one of the query, headers or cookies (the
    runtime serialises a mapping as it does a model); a path parameter holds a scalar."""
    return parameter.location != "path"


def _as_params(
    value: ir.PyType, params: Mapping[str, str], *, keep_models: bool = False
) -> ir.PyType:
    """`value` with each model that has a `*Param` as that TypedDict (`keep_models`: as the
    model or the TypedDict, where a body keyword takes either)."""
    if isinstance(value, ir.ModelType) and not value.arguments and value.name in params:
        param = ir.ModelType(params[value.name])
        return ir.UnionType((value, param)) if keep_models else param
    if isinstance(value, ir.UnionType):
        members: list[ir.PyType] = []
        for member in value.members:
            converted = _as_params(member, params, keep_models=keep_models)
            members.extend(
                converted.members if isinstance(converted, ir.UnionType) else [converted]
            )
        return ir.UnionType(tuple(members))
    if isinstance(value, ir.ListType):
        return ir.ListType(_as_params(value.item, params, keep_models=keep_models))
    if isinstance(value, ir.DictType):
        return ir.DictType(_as_params(value.value, params, keep_models=keep_models))
    return value
