"""JSON:API: the built-in models shared by the whole API, and how schemas are recognised as
documents, resources, identifiers and relationships.

Built-ins (never merged with spec models): top-level documents become the generic
`Document[X]` (`document_shape`), `{errors: [...]}` documents `ErrorDocument`/`Error`,
resource identifiers `ResourceIdentifier`, relationship objects
`ToOneRelationship`/`ToManyRelationship`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from ...naming import class_name, singular_class_name
from .canonical import is_nullable
from .drafts import (
    P_CONTEXT,
    P_JSONAPI_PART,
    P_OVERRIDE,
    P_PROPERTY,
    P_RESOURCE,
    Candidate,
    Drafts,
    FieldDraft,
    ModelDraft,
    NameHint,
    ShapeOf,
)
from .refs import References
from .shape import FREE_FORM, Shape, shape_models, with_null

JSONAPI_MEDIA_TYPE = "application/vnd.api+json"

# Built-in JSON:API models, shared by every document, relationship and error of the API.
K_DOCUMENT = "jsonapi:Document"
K_IDENTIFIER = "jsonapi:ResourceIdentifier"
K_TO_ONE = "jsonapi:ToOneRelationship"
K_TO_MANY = "jsonapi:ToManyRelationship"
K_ERROR_DOCUMENT = "jsonapi:ErrorDocument"
K_ERROR = "jsonapi:Error"
DOCUMENT_MEMBERS = frozenset({"data", "included", "meta", "links", "jsonapi"})
ERROR_DOCUMENT_MEMBERS = frozenset({"errors", "meta", "links", "jsonapi"})
ERROR_MEMBERS = ("id", "links", "status", "code", "title", "detail", "source", "meta")
IDENTIFIER_MEMBERS = frozenset({"type", "id", "meta"})
LINKAGE_MEMBERS = frozenset({"data", "links", "meta"})


def jsonapi_type_of(schema: Any) -> str | None:
    """The single `type` a JSON:API resource (identifier) schema allows, if any."""
    if not isinstance(schema, dict):
        return None
    props = schema.get("properties")
    if not isinstance(props, dict):
        return None
    type_schema = props.get("type")
    if not isinstance(type_schema, dict):
        return None
    enum = type_schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str) and enum[0]:
        return enum[0]
    const = type_schema.get("const")
    return const if isinstance(const, str) and const else None


def resource_name(jsonapi_type: str) -> str:
    """ "tms/web-datalayer-variables" -> "TmsWebDatalayerVariable"."""
    return singular_class_name(class_name(jsonapi_type))


def uses_jsonapi(document: dict[str, Any]) -> bool:
    """Whether any operation sends or receives `application/vnd.api+json`."""
    paths = document.get("paths")
    for item in paths.values() if isinstance(paths, dict) else ():
        for op in item.values() if isinstance(item, dict) else ():
            if not isinstance(op, dict):
                continue
            bodies = [op.get("requestBody")]
            responses = op.get("responses")
            bodies += list(responses.values()) if isinstance(responses, dict) else []
            for body in bodies:
                content = body.get("content") if isinstance(body, dict) else None
                if isinstance(content, dict) and any(
                    str(k).split(";")[0].strip().lower() == JSONAPI_MEDIA_TYPE for k in content
                ):
                    return True
    return False


def resource_hint(schema: dict[str, Any], hint: NameHint) -> tuple[NameHint, str | None]:
    """Candidates that come from the schema being a JSON:API resource (or `lid` identifier),
    and the resource's type."""
    props: dict[str, Any] = schema["properties"]
    jtype = jsonapi_type_of(schema)
    if jtype is not None:
        base = resource_name(jtype)
        if set(props) <= {"type", "id", "lid", "meta"}:  # identifiers with a `lid`
            return hint.add(P_JSONAPI_PART, base + "Identifier"), None
        hint = hint.add(P_RESOURCE, base)
        if hint.role == "request":  # used when the request shape cannot be unified
            hint = hint.add(P_PROPERTY, base + hint.verb + "Data")
        return hint, jtype
    return hint, None


def part_hint(hint: NameHint, parent: NameHint, part: str, base: str, suffix: str) -> NameHint:
    """`hint` of the `attributes` or `relationships` property (`part` "relationships:<type>")
    of a resource named `base`; `parent` is the resource's hint."""
    hint = replace(hint, part=part)
    hint = hint.add(P_JSONAPI_PART, base + suffix)
    if parent.role == "request":
        hint = hint.add(P_CONTEXT, base + parent.verb + suffix)
    return hint


class JsonApiModels:
    """Recognises JSON:API documents, identifiers and relationships and drafts the built-in
    models they use. `shape_of` builds the type of a schema (the primary data)."""

    def __init__(
        self, refs: References, drafts: Drafts, jsonapi_api: bool, shape_of: ShapeOf
    ) -> None:
        self.refs = refs
        self.drafts = drafts
        self.jsonapi_api = jsonapi_api  # some operation uses the JSON:API media type
        self.shape_of = shape_of

    def document_shape(
        self, schema: Any, pointer: str, data_hint: NameHint, *, jsonapi: bool
    ) -> Shape | None:
        """`Document[X]` / `ErrorDocument` for a top-level JSON:API document schema, else None.

        A document is an object whose members are among data/included/meta/links/jsonapi (or
        errors/meta/links/jsonapi). It uses the shared generic model when its `meta` is
        free-form and its `links` is free-form or a plain map of links; `included` is always
        typed as free-form resources. `jsonapi` says the media type is JSON:API; otherwise
        the `data` must be a JSON:API resource for the envelope to count as a document.
        """
        node, where = self.refs.deref(schema, pointer)
        if not isinstance(node, dict) or node.get("type", "object") != "object":
            return None
        props = node.get("properties")
        if not isinstance(props, dict) or not props or "allOf" in node:
            return None
        members = {str(k) for k in props}
        if "errors" in members and members <= ERROR_DOCUMENT_MEMBERS:
            return self._error_document(node, where) if jsonapi else None
        if "data" not in members or not members <= DOCUMENT_MEMBERS:
            return None
        for member in ("meta", "links"):
            if member in props and not self._free_form(props[member], links=member == "links"):
                return None
        data, data_where = self.refs.deref(props["data"], f"{where}/properties/data")
        if not isinstance(data, (dict, bool)):
            return None
        items = data.get("items") if isinstance(data, dict) else None
        many = isinstance(data, dict) and data.get("type") == "array" and items is not None
        if not jsonapi and jsonapi_type_of(self.refs.deref(items, "")[0] if many else data) is None:
            return None
        if many and isinstance(data, dict):  # a collection: Document[list[X]], X named by hint
            inner = self.shape_of(items, data_where + "/items", data_hint)
            data_shape = with_null(Shape("list", items=(inner,)), is_nullable(data))
        else:
            data_shape = self.shape_of(props["data"], f"{where}/properties/data", data_hint)
        self.builtin(K_DOCUMENT, where)
        return Shape("model", model=K_DOCUMENT, items=(data_shape,))

    def _free_form(self, schema: Any, *, links: bool = False) -> bool:
        node, _ = self.refs.deref(schema, "")
        if node is True or node == {}:
            return True
        if not isinstance(node, dict) or node.get("type", "object") != "object":
            return False
        props = node.get("properties")
        if not props:
            return True
        if not links or not isinstance(props, dict):
            return False
        for value in props.values():  # links: each member a URL string or a link object
            value, _ = self.refs.deref(value, "")
            if not isinstance(value, dict) or value.get("type") not in ("string", "object", None):
                return False
        return True

    def _error_document(self, node: dict[str, Any], where: str) -> Shape | None:
        props = node["properties"]
        errors, _ = self.refs.deref(props["errors"], "")
        if not isinstance(errors, dict) or errors.get("type") != "array":
            return None
        item, _ = self.refs.deref(errors.get("items", {}), "")
        if not isinstance(item, dict) or item.get("type", "object") != "object":
            return None
        item_props = item.get("properties") or {}
        if not isinstance(item_props, dict) or not set(item_props) <= set(ERROR_MEMBERS):
            return None
        for member, value in item_props.items():
            value, _ = self.refs.deref(value, "")
            if not isinstance(value, dict):
                return None
            wanted = ("object", None) if member in ("links", "source", "meta") else ("string",)
            if value.get("type") not in wanted:
                return None
        for member in ("meta", "links"):
            if member in props and not self._free_form(props[member], links=member == "links"):
                return None
        self.builtin(K_ERROR_DOCUMENT, where)
        return Shape("model", model=K_ERROR_DOCUMENT)

    def linkage(self, schema: dict[str, Any], pointer: str) -> Shape | None:
        """The shared model for a resource identifier or a relationship (linkage) object."""
        props: dict[str, Any] = schema["properties"]
        members = {str(k) for k in props}
        if self._is_identifier(schema):
            self.builtin(K_IDENTIFIER, pointer)
            return Shape("model", model=K_IDENTIFIER)
        if "data" not in members or not members <= LINKAGE_MEMBERS:
            return None
        data, _ = self.refs.deref(props["data"], "")
        if not isinstance(data, dict):
            return None
        many = data.get("type") == "array"
        target, _ = self.refs.deref(data.get("items"), "") if many else (data, "")
        if not isinstance(target, dict) or not self._is_identifier(target):
            return None
        draft = self.builtin(K_TO_MANY if many else K_TO_ONE, pointer)
        required = schema.get("required")
        if not (isinstance(required, list) and "data" in required):
            draft.required = set()  # `data` is required only when every copy requires it
        return Shape("model", model=draft.key)

    def _is_identifier(self, schema: dict[str, Any]) -> bool:
        """`{type, id}` with a single-valued `type`, or any string `type` in a JSON:API API."""
        props = schema.get("properties")
        if not isinstance(props, dict) or not {"type", "id"} <= set(props):
            return False
        if not set(props) <= IDENTIFIER_MEMBERS:
            return False
        if jsonapi_type_of(schema) is None:
            type_schema, _ = self.refs.deref(props["type"], "")
            if not self.jsonapi_api or not isinstance(type_schema, dict):
                return False
            if type_schema.get("type") != "string":
                return False
        id_schema, _ = self.refs.deref(props["id"], "")
        return isinstance(id_schema, dict) and id_schema.get("type") in ("string", "integer", None)

    def builtin(self, key: str, pointer: str) -> ModelDraft:
        """The draft of the built-in model `key` (K_*), drafted with the built-ins it uses on
        its first use."""
        draft = self.drafts.get(key)
        if draft is not None:
            draft.pointers.append(pointer)
            return draft
        spec = builtin_model(key)
        seq = self.drafts.next_seq()
        draft = self.drafts.add(
            ModelDraft(
                key=key,
                kind="object",
                source=pointer,
                seq=seq,
                description=spec.description,
                fields=[
                    FieldDraft(f.wire_name, f.shape, f.required, None, f.description)
                    for f in spec.fields
                ],
                candidates=[Candidate(P_OVERRIDE, seq, spec.name, None)],
                required={f.wire_name for f in spec.fields if f.required},
                shared=True,
                type_parameters=spec.type_parameters,
            )
        )
        for shape in (f.shape for f in draft.fields):
            for dependency in shape_models(shape):
                self.builtin(dependency, pointer)
        return draft


class BuiltinField(NamedTuple):
    wire_name: str
    shape: Shape
    required: bool
    description: str


class BuiltinModel(NamedTuple):
    name: str
    description: str
    fields: tuple[BuiltinField, ...]
    type_parameters: tuple[str, ...] = ()


_META = BuiltinField("meta", FREE_FORM, False, "Non-standard meta-information.")


def builtin_model(key: str) -> BuiltinModel:
    """The class name, description, fields and type parameters of the built-in model `key`."""
    text = Shape("str")
    identifier = Shape("model", model=K_IDENTIFIER)
    if key == K_DOCUMENT:
        return BuiltinModel(
            "Document",
            "A JSON:API document: the primary `data` plus optional included resources.",
            (
                BuiltinField("data", Shape("any", type_var="DataT"), True, "The primary data."),
                BuiltinField(
                    "included", Shape("list", items=(FREE_FORM,)), False, "Related resources."
                ),
                _META,
                BuiltinField("links", FREE_FORM, False, "Links related to the primary data."),
                BuiltinField("jsonapi", FREE_FORM, False, "The server's JSON:API implementation."),
            ),
            ("DataT",),
        )
    if key == K_IDENTIFIER:
        return BuiltinModel(
            "ResourceIdentifier",
            "Identifies one JSON:API resource: its `type` and `id`.",
            (
                BuiltinField("type", text, True, "The JSON:API type of the resource."),
                BuiltinField("id", Shape("union", items=(Shape("int"), text)), True, "Its id."),
                _META,
            ),
        )
    if key in (K_TO_ONE, K_TO_MANY):
        one = key == K_TO_ONE
        data = replace(identifier, nullable=True) if one else Shape("list", items=(identifier,))
        return BuiltinModel(
            "ToOneRelationship" if one else "ToManyRelationship",
            f"A JSON:API relationship to {'one resource' if one else 'several resources'}.",
            (
                BuiltinField("data", data, True, "Resource linkage."),
                BuiltinField("links", FREE_FORM, False, "Links of the relationship."),
                _META,
            ),
        )
    if key == K_ERROR_DOCUMENT:
        errors = Shape("list", items=(Shape("model", model=K_ERROR),))
        return BuiltinModel(
            "ErrorDocument",
            "A JSON:API error document.",
            (
                BuiltinField("errors", errors, True, ""),
                _META,
                BuiltinField("links", FREE_FORM, False, ""),
                BuiltinField("jsonapi", FREE_FORM, False, ""),
            ),
        )
    if key == K_ERROR:
        kinds = {"links": FREE_FORM, "source": FREE_FORM, "meta": FREE_FORM}
        return BuiltinModel(
            "Error",
            "One JSON:API error object.",
            tuple(BuiltinField(m, kinds.get(m, text), False, "") for m in ERROR_MEMBERS),
        )
    raise KeyError(key)
