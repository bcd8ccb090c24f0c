"""`SchemaBuilder`: schemas -> `Shape`s while the spec is walked, then named IR models.

Works in two phases. `shape` walks schemas and returns `Shape`s, which refer to models by a
structural key (`canonical`); every place a model is seen adds a name candidate to its draft
(`drafts`). `finish` then merges near-duplicate drafts (`unify`), names the models (`names`)
and turns drafts and shapes into IR (`to_ir`). Object schemas are drafted by `objects`,
compositions by `compositions`, JSON:API documents and built-ins by `jsonapi`; this module
dispatches on the kind of schema and types the scalars, arrays, maps and references.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from ... import ir
from ...diagnostics import Diagnostic
from ...naming import class_name, singular_class_name
from .canonical import TYPE_FORMATS, CanonicalForms, is_nullable, is_object_model
from .compositions import Compositions
from .drafts import P_COMPONENT, Drafts, NameHint
from .jsonapi import JsonApiModels, uses_jsonapi
from .names import ModelNamer
from .objects import ObjectModels, component_models
from .refs import References, last_token
from .report import Report
from .shape import ANY, Shape, with_null
from .to_ir import to_models, typeref
from .unify import Unifier

MAX_DEPTH = 80

_PRIMITIVES = {"integer": "int", "number": "float", "boolean": "bool", "null": "none"}


class SchemaBuilder:
    def __init__(self, document: dict[str, Any], *, file: str = "") -> None:
        self.document = document
        self.file = file
        self.report = Report(file)
        self.refs = References(document, self.report)
        self.canonical = CanonicalForms(self.refs)
        self.drafts = Drafts(component_models(document, self.canonical))
        self._keep_alive: list[Any] = []  # synthetic schemas, kept so their ids stay unique
        self.jsonapi = JsonApiModels(self.refs, self.drafts, uses_jsonapi(document), self.shape)
        self.compositions = Compositions(self.refs, self.report, self.shape, self._keep_alive)
        self.objects = ObjectModels(
            self.refs, self.canonical, self.drafts, self.jsonapi, self.report, self.shape
        )
        self._depth = 0

    # ----------------------------------------------------------------- what normalize uses

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.report.diagnostics

    @property
    def skipped(self) -> list[ir.Skipped]:
        return self.report.skipped

    def skip(self, pointer: str, reason: str) -> None:
        self.report.skip(pointer, reason)

    def resolve(self, ref: Any) -> tuple[Any, str] | None:
        return self.refs.resolve(ref)

    def deref(self, node: Any, pointer: str, *, limit: int = 32) -> tuple[Any, str]:
        return self.refs.deref(node, pointer, limit=limit)

    def document_shape(
        self, schema: Any, pointer: str, data_hint: NameHint, *, jsonapi: bool
    ) -> Shape | None:
        """`Document[X]` / `ErrorDocument` for a top-level JSON:API document schema, else None
        (see `JsonApiModels.document_shape`)."""
        return self.jsonapi.document_shape(schema, pointer, data_hint, jsonapi=jsonapi)

    def model_keys(self) -> frozenset[str]:
        """Keys of every model drafted so far (built-in JSON:API models use the K_* keys)."""
        return frozenset(self.drafts.by_key)

    def finish(
        self, overrides: dict[str, str]
    ) -> tuple[list[ir.Model], Callable[[Shape], ir.TypeRef]]:
        """Name every model and build the IR models plus a Shape -> TypeRef converter."""
        merged_into = Unifier(self.drafts.by_key).run()
        names = ModelNamer(self.drafts.by_key, merged_into, self.report).name_all(overrides)

        def to_typeref(shape: Shape) -> ir.TypeRef:
            return typeref(shape, names)

        return to_models(self.drafts.by_key, names, self.report), to_typeref

    # ----------------------------------------------------------------- shapes

    def shape(self, schema: Any, pointer: str, hint: NameHint) -> Shape:
        """The type of `schema` (found at `pointer`); object schemas become models."""
        if self._depth > MAX_DEPTH:
            self.skip(pointer, "schema nested too deeply; typed as Any")
            return ANY
        self._depth += 1
        try:
            return self._shape(schema, pointer, hint)
        finally:
            self._depth -= 1

    def _shape(self, schema: Any, pointer: str, hint: NameHint) -> Shape:
        if schema is True or schema == {}:
            return ANY
        if not isinstance(schema, dict):
            self.skip(pointer, f"schema is not an object ({type(schema).__name__}); typed as Any")
            return ANY
        if "$ref" in schema:
            return self._shape_ref(schema, pointer, hint)
        nullable = is_nullable(schema)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            merged = self.compositions.merge_all_of(schema, pointer)
            if merged is not None:
                inner = self.shape(merged[0], merged[1], hint)
                return with_null(inner, nullable)
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if isinstance(members, list) and members and not is_object_model(schema):
                union = self.compositions.union(members, f"{pointer}/{key}", hint, nullable)
                if "discriminator" in schema:
                    union = self.compositions.discriminated(union, schema, members, pointer, hint)
                return union
        literal = self._literal(schema, pointer)
        if literal is not None:
            return literal
        return with_null(self._shape_typed(schema, pointer, hint), nullable)

    def _shape_ref(self, schema: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        ref = schema["$ref"]
        target = self.refs.resolve(ref)
        if target is None:
            self.skip(pointer, f"unresolvable reference {ref!r}; typed as Any")
            return ANY
        node, target_pointer = target
        if target_pointer.startswith("/components/schemas/"):
            name = last_token(target_pointer)
            hint = hint.add(P_COMPONENT, singular_class_name(class_name(name)))
        nullable = schema.get("nullable") is True
        if (
            target_pointer in self.refs.cyclic
            and isinstance(node, dict)
            and not is_object_model(node)
            and "allOf" not in node
        ):
            return with_null(self._alias(node, target_pointer, hint), nullable)
        return with_null(self.shape(node, target_pointer, hint), nullable)

    def _alias(self, node: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        """A named alias for a recursive schema that is not an object (`Json = ... | list[Json]`)."""
        key = "alias:" + pointer
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts.new(key, "alias", pointer, node, hint)
            draft.alias_of = ANY  # placeholder while the target is built
            draft.alias_of = self.shape(node, pointer, NameHint(role=hint.role, verb=hint.verb))
            if draft.alias_of.kind == "model" and draft.alias_of.model == key:
                self.skip(pointer, "reference cycle without a type; typed as Any")
                draft.alias_of = ANY
        else:
            self.drafts.add_candidates(draft, hint, pointer)
        return Shape("model", model=key)

    def _literal(self, schema: dict[str, Any], pointer: str) -> Shape | None:
        if "const" in schema:
            values: list[Any] = [schema["const"]]
        elif isinstance(schema.get("enum"), list) and schema["enum"]:
            values = list(schema["enum"])
        else:
            return None
        nullable = is_nullable(schema) or None in values
        literals: list[str | int | bool] = []
        for value in values:
            if value is None:
                continue
            if not isinstance(value, (str, int, bool)):
                self.skip(pointer, f"enum value {value!r} cannot be a Literal; enum not enforced")
                return None
            if not any(v == value and type(v) is type(value) for v in literals):
                literals.append(value)
        if not literals:
            return Shape("none")
        return Shape("literal", literals=tuple(literals), nullable=nullable)

    def _shape_typed(self, schema: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            if len(kinds) == 1:
                kind = kinds[0]
            elif not kinds:
                return Shape("none")
            else:
                members = [{**schema, "type": k} for k in kinds]
                self._keep_alive.append(members)
                return self.compositions.union(members, pointer, hint, False)
        if kind is None:
            if isinstance(schema.get("properties"), dict) or "additionalProperties" in schema:
                kind = "object"
            elif "items" in schema:
                kind = "array"
            else:
                return ANY
        if not isinstance(kind, str):
            self.skip(pointer + "/type", f"schema type {kind!r} is not a string; typed as Any")
            return ANY
        if kind == "string":
            fmt = schema.get("format")
            return Shape(
                cast(ir.TypeKind, TYPE_FORMATS.get(fmt, "str")) if isinstance(fmt, str) else "str"
            )
        if kind in _PRIMITIVES:
            return Shape(cast(ir.TypeKind, _PRIMITIVES[kind]))
        if kind == "array":
            return self._array(schema, pointer, hint)
        if kind == "object":
            if is_object_model(schema):
                return self.objects.model(schema, pointer, hint)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                value = self.shape(
                    extra, pointer + "/additionalProperties", hint.derive(lambda t: t + "Value")
                )
                return Shape("dict", items=(value,))
            return Shape("dict", items=(ANY,))
        self.skip(pointer + "/type", f"unknown schema type {kind!r}; typed as Any")
        return ANY

    def _array(self, schema: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        items = schema.get("items")
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list) and prefix:  # 3.1 tuples: a list of any of the items
            members = [*prefix, *([items] if isinstance(items, dict) else [])]
            self._keep_alive.append(members)
            inner = self.compositions.union(members, pointer + "/prefixItems", hint, False)
            return Shape("list", items=(inner,))
        if items is None:
            return Shape("list", items=(ANY,))
        item_shape = self.shape(items, pointer + "/items", hint.derive(_item_name))
        return Shape("list", items=(item_shape,))


def _item_name(text: str) -> str:
    if text.endswith("List") and len(text) > 4:
        return text[:-4]
    single = singular_class_name(text)
    return single if single != text else text + "Item"
