"""Object schemas: each becomes a model, one per structural key, with a field per property.

A request never sends readOnly properties: an object that has some (at any depth) gets a
request variant without them (`XRequest`). A resource's relationships object is keyed by its
canonical form *and* the resource type, so each resource type has its own `XRelationships`.
The first copy seen provides field order and descriptions.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from ...diagnostics import escape_pointer_token
from ...graph import strongly_connected
from ...naming import pascal_case
from .canonical import CanonicalForms, is_object_model
from .drafts import (
    P_CONTEXT,
    P_PROPERTY,
    Drafts,
    FieldDraft,
    ModelDraft,
    NameCandidate,
    NameHint,
    ShapeOf,
)
from .examples import example_of
from .jsonapi import JsonApiModels, part_hint, resource_hint, resource_name
from .refs import References
from .report import Report
from .shape import Shape, accepts


class ObjectModels:
    """Drafts the models of object schemas; `shape_of` builds the types of their properties."""

    def __init__(
        self,
        refs: References,
        canonical: CanonicalForms,
        drafts: Drafts,
        jsonapi: JsonApiModels,
        report: Report,
        shape_of: ShapeOf,
    ) -> None:
        self.refs = refs
        self.canonical = canonical
        self.drafts = drafts
        self.jsonapi = jsonapi
        self.report = report
        self.shape_of = shape_of
        self._read_only_memo: dict[int, bool] = {}

    def model(self, schema: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        """The model of an object schema (`is_object_model`), drafted on its first sight."""
        shared = self.jsonapi.linkage(schema, pointer)
        if shared is not None:
            return shared
        key = self.canonical.digest(schema)
        if hint.part.startswith("relationships:"):  # one relationships model per resource type
            key = f"{key}@{hint.part}"
        request_variant = hint.role == "request" and self._read_only_inside(schema)
        if request_variant:  # a request never sends readOnly properties: a model without them
            key = f"{key}@request"
            hint = replace(hint, names=tuple(_request_name(c) for c in hint.names))
        hint, jtype = resource_hint(schema, hint)
        required_raw = schema.get("required")
        required = (
            {r for r in required_raw if isinstance(r, str)}
            if isinstance(required_raw, list)
            else set()
        )
        draft = self.drafts.get(key)
        if draft is not None:
            self.drafts.add_candidates(draft, hint, pointer)
            draft.roles.add(hint.role)
            draft.required = required if draft.required is None else draft.required & required
            if hint.part:
                draft.parts.add(hint.part)
            return Shape("model", model=key)
        draft = self.drafts.new(key, "object", pointer, schema, hint)
        draft.roles.add(hint.role)
        draft.jsonapi_type = jtype
        draft.parts = {hint.part} if hint.part else set()
        draft.required = required
        self._add_fields(draft, schema, pointer, hint, required, request_variant)
        return Shape("model", model=key)

    def _add_fields(
        self,
        draft: ModelDraft,
        schema: dict[str, Any],
        pointer: str,
        hint: NameHint,
        required: set[str],
        request_variant: bool,
    ) -> None:
        key, jtype = draft.key, draft.jsonapi_type
        base = resource_name(jtype) if jtype else None
        props: dict[str, Any] = schema["properties"]
        child_role = NameHint(role=hint.role, verb=hint.verb)
        for wire, prop in props.items():
            wire = str(wire)
            where = f"{pointer}/properties/{escape_pointer_token(wire)}"
            if not isinstance(prop, (dict, bool)):
                self.report.skip(where, f"property {wire!r} is not a schema; left out")
                continue
            if request_variant and self._flag(prop, "readOnly"):
                draft.required = (draft.required or set()) - {wire}
                continue
            suffix = pascal_case(wire) or "Field"
            prop_hint = replace(child_role, names=(NameCandidate(P_PROPERTY, None, key, suffix),))
            if base and wire in ("attributes", "relationships"):
                prop_hint = part_hint(prop_hint, hint, f"{wire}:{jtype}", base, suffix)
            prop_shape = self.shape_of(prop, where, prop_hint)
            resolved, _ = self.refs.deref(prop, where) if isinstance(prop, dict) else (prop, where)
            resolved = resolved if isinstance(resolved, dict) else {}
            description = resolved.get("description")
            draft.fields.append(
                FieldDraft(
                    wire_name=wire,
                    shape=prop_shape,
                    required=wire in required,
                    default=self._default(resolved, prop_shape, where),
                    description=description if isinstance(description, str) else "",
                    deprecated=resolved.get("deprecated") is True,
                    read_only=resolved.get("readOnly") is True,
                    write_only=resolved.get("writeOnly") is True,
                    example=example_of(prop, resolved, refs=self.refs),
                )
            )
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            draft.extra = self.shape_of(
                extra,
                pointer + "/additionalProperties",
                replace(child_role, names=(NameCandidate(P_PROPERTY, None, key, "Value"),)),
            )

    def _flag(self, prop: Any, keyword: str) -> bool:
        resolved, _ = self.refs.deref(prop, "") if isinstance(prop, dict) else (prop, "")
        return isinstance(resolved, dict) and resolved.get(keyword) is True

    def _read_only_inside(self, schema: Any) -> bool:
        """Whether a readOnly property is found in `schema`, at any depth (refs followed).

        Answered for every schema the walk meets, one strongly connected component at a time
        (a component after those it reaches), so each schema of the document is looked at
        once however many object schemas ask: asking from each schema walked the whole graph
        below it again."""
        memo = self._read_only_memo
        if id(schema) in memo:
            return memo[id(schema)]
        nodes: dict[int, dict[str, Any]] = {}
        edges: dict[int, list[int]] = {}
        todo = [schema]
        while todo:
            node = todo.pop()
            if not isinstance(node, dict) or id(node) in nodes or id(node) in memo:
                continue
            children = self._subschemas(node)
            nodes[id(node)] = node
            edges[id(node)] = [id(child) for child in children]
            todo.extend(children)
        for component in strongly_connected(edges):
            if component[0] not in nodes:  # answered by an earlier walk
                continue
            found = any(self._has_read_only_property(nodes[key]) for key in component) or any(
                memo.get(target, False) for key in component for target in edges[key]
            )
            for key in component:
                memo[key] = found
        return memo.get(id(schema), False)

    def _subschemas(self, node: dict[str, Any]) -> list[dict[str, Any]]:
        """The schemas `node` holds: its `$ref`'s target alone, else its properties, items,
        additional properties and the members of its compositions."""
        if isinstance(node.get("$ref"), str):
            target = self.refs.resolve(node["$ref"])
            return [target[0]] if target is not None and isinstance(target[0], dict) else []
        found: list[Any] = []
        props = node.get("properties")
        if isinstance(props, dict):
            found.extend(props.values())
        for key in ("items", "additionalProperties", "allOf", "oneOf", "anyOf"):
            value = node.get(key)
            found.extend(value if isinstance(value, list) else [value])
        return [child for child in found if isinstance(child, dict)]

    def _has_read_only_property(self, node: dict[str, Any]) -> bool:
        props = node.get("properties")
        return isinstance(props, dict) and any(self._flag(p, "readOnly") for p in props.values())

    def _default(self, schema: dict[str, Any], shape: Shape, pointer: str) -> str | None:
        if "default" not in schema:
            return None
        value = schema["default"]
        source = scalar_default(value)
        if source is None or not accepts(shape, value):
            self.report.skip(
                pointer + "/default", f"default {value!r} does not fit the type; dropped"
            )
            return None
        return source


def _request_name(candidate: NameCandidate) -> NameCandidate:
    """The candidate of the request variant: absolute names of a high priority get `Request`."""
    if candidate.text and candidate.priority < P_CONTEXT:
        return candidate._replace(text=candidate.text + "Request")
    return candidate


def scalar_default(value: Any) -> str | None:
    """Python source for a JSON scalar default, else None."""
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


def component_models(document: dict[str, Any], canonical: CanonicalForms) -> dict[str, list[str]]:
    """Canonical key -> the names of the components/schemas that are object models of it."""
    found: dict[str, list[str]] = {}
    schemas = document.get("components", {})
    schemas = schemas.get("schemas") if isinstance(schemas, dict) else None
    if not isinstance(schemas, dict):
        return found
    for name, schema in schemas.items():
        if not isinstance(schema, dict) or not is_object_model(schema):
            continue
        key = canonical.digest(schema)
        found.setdefault(key, []).append(str(name))
    return found
