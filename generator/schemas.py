"""Schemas -> Python types: hoists object schemas into named, deduplicated models.

Works in two phases. `SchemaBuilder.shape` walks schemas and returns `Shape`s, which refer to
models by a structural key; every place a model is seen adds a name *candidate*. `finish`
then names the models (best candidate first, collisions resolved deterministically), groups
mutually recursive models into one module and turns shapes into `ir.TypeRef`s.

Structural identity (what makes two schemas the same model): the canonical form keeps only
what changes the generated Python — `type`, the formats `date`/`date-time`/`binary`,
`nullable`, `enum`, `const`, `default`, `properties` (names and their canonical forms, order
ignored), `required` (order ignored), `items`, `additionalProperties`, `allOf`/`oneOf`/`anyOf`
and resolved `$ref`s. Documentation (`description`, `title`, `example(s)`, `externalDocs`,
`x-*`), validation-only keywords (`maxLength`, `pattern`, `minimum`, ...), `readOnly`,
`writeOnly`, `deprecated`, `discriminator` and unknown keywords are noise. The first copy
seen provides field order and descriptions. A resource's relationships object is keyed by its
canonical form *and* the resource type, so each resource type has its own `XRelationships`.

JSON:API built-ins (shared by the whole API, never merged with spec models): top-level
documents become the generic `Document[X]` (`document_shape`), `{errors: [...]}` documents
`ErrorDocument`/`Error`, resource identifiers `ResourceIdentifier`, relationship objects
`ToOneRelationship`/`ToManyRelationship`.

Near-duplicates (`_unify`): models with the same best name, and models with the very same
property names, are merged when their types are compatible (a field is required only if every
copy requires it); an untyped copy of a resource joins it, keeping its Literal `type`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, cast

from . import ir
from .diagnostics import Diagnostic, escape_pointer_token, unescape_pointer_token
from .graph import cyclic_nodes, strongly_connected
from .naming import (
    class_name,
    field_name,
    pascal_case,
    python_identifier,
    shorten_class_name,
    singular_class_name,
    unique_name,
)

MAX_NAME = 40
MAX_DEPTH = 80

# Name candidate priorities (lower wins).
P_OVERRIDE = 0
P_RESOURCE = 1  # JSON:API resource object named after its `type`
P_COMPONENT = 2  # components/schemas/X
P_JSONAPI_PART = 3  # attributes, relationships, identifiers, linkages, schema titles
P_CONTEXT = 4  # operation context: list/response/request documents, parameters
P_PROPERTY = 5  # parent model name + property name
P_FALLBACK = 6
# Parent marker of a candidate that is used only when no other model claims the same text
# (a parameter named `filter` in six operations: six `XFilterParam`s, not `FilterParam2..6`).
EXCLUSIVE = "\0exclusive"

_TYPE_FORMATS = {"date": "date", "date-time": "datetime", "binary": "bytes"}
_PRIMITIVES = {"integer": "int", "number": "float", "boolean": "bool", "null": "none"}
_STRIP_SUFFIXES = ("Attributes", "Relationships", "Response", "Request")

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


@dataclass(frozen=True)
class Shape:
    """A type before models are named: models are referred to by structural key.

    A "model" shape with `items` is a generic model applied to those type arguments
    (`Document[TmsWebTrigger]`); `type_var` names a type variable of a generic model.
    """

    kind: ir.TypeKind
    items: tuple[Shape, ...] = ()
    model: str | None = None
    literals: tuple[str | int | float | bool | None, ...] = ()
    nullable: bool = False
    type_var: str | None = None
    # a union told apart by one property: its wire name and value -> member model key
    discriminator: str | None = None
    mapping: tuple[tuple[str, str], ...] = ()


ANY = Shape("any")
FREE_FORM = Shape("dict", items=(ANY,))


@dataclass(frozen=True)
class NameHint:
    """How a schema found at some place may be named if it becomes a model.

    Each entry is (priority, absolute name or None, parent model key or None, suffix).
    """

    names: tuple[tuple[int, str | None, str | None, str], ...] = ()
    role: str = "response"  # "response", "request" or "parameter"
    verb: str = ""  # for requests: "Create", "Update", ...
    # "relationships:<type>" for the relationships object of a JSON:API resource of <type>
    part: str = ""

    def add(self, priority: int, text: str) -> NameHint:
        return replace(self, names=(*self.names, (priority, text, None, "")))

    def add_exclusive(self, priority: int, text: str) -> NameHint:
        """A candidate used only if no other model has it too (see EXCLUSIVE)."""
        return replace(self, names=(*self.names, (priority, text, EXCLUSIVE, "")))

    def derive(self, transform: Callable[[str], str], priority_floor: int = 0) -> NameHint:
        names = tuple(
            (max(p, priority_floor), transform(a) if a else None, parent, transform(s) if s else s)
            for p, a, parent, s in self.names
        )
        return replace(self, names=names)


@dataclass
class _FieldDraft:
    wire_name: str
    shape: Shape
    required: bool
    default: str | None
    description: str
    deprecated: bool
    read_only: bool
    write_only: bool


@dataclass
class _ModelDraft:
    key: str
    kind: str  # "object" or "alias"
    source: str
    seq: int
    description: str = ""
    jsonapi_type: str | None = None
    fields: list[_FieldDraft] = field(default_factory=list)
    extra: Shape | None = None
    alias_of: Shape | None = None
    candidates: list[tuple[int, int, str | None, str | None, str]] = field(default_factory=list)
    pointers: list[str] = field(default_factory=list)
    required: set[str] | None = None  # wire names required by every copy seen
    shared: bool = False  # one of the built-in JSON:API models: never merged with others
    parts: set[str] = field(default_factory=set)  # NameHint.part of every copy seen
    type_parameters: tuple[str, ...] = ()
    roles: set[str] = field(default_factory=set)  # NameHint.role of every use


def _item_name(text: str) -> str:
    if text.endswith("List") and len(text) > 4:
        return text[:-4]
    single = singular_class_name(text)
    return single if single != text else text + "Item"


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


def scalar_default(value: Any) -> str | None:
    """Python source for a JSON scalar default, else None."""
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return None


class SchemaBuilder:
    def __init__(self, document: dict[str, Any], *, file: str = "") -> None:
        self.document = document
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.skipped: list[ir.Skipped] = []
        self._skipped_seen: set[tuple[str, str]] = set()
        self._drafts: dict[str, _ModelDraft] = {}
        self._seq = 0
        self._canon_memo: dict[int, str] = {}
        self._keep: list[Any] = []  # synthetic schemas, kept alive so their ids stay unique
        self._resolve_memo: dict[str, tuple[Any, bool]] = {}
        self._cyclic = self._cyclic_pointers()
        self._component_names = self._component_keys()
        self._jsonapi_api = self._uses_jsonapi()
        self._depth = 0
        self._merged: dict[str, str] = {}
        self._read_only_memo: dict[int, bool] = {}

    # ----------------------------------------------------------------- diagnostics

    def skip(self, pointer: str, reason: str) -> None:
        if (pointer, reason) in self._skipped_seen:
            return
        self._skipped_seen.add((pointer, reason))
        self.skipped.append(ir.Skipped(pointer, reason))
        self.diagnostics.append(
            Diagnostic("warning", "normalize.skipped", reason, pointer, self.file)
        )

    # ----------------------------------------------------------------- references

    def resolve(self, ref: Any) -> tuple[Any, str] | None:
        """Resolve a local "#/..." reference; None when it is not local or dangles."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        pointer = ref[1:]
        if pointer in self._resolve_memo:
            found, ok = self._resolve_memo[pointer]
            return (found, pointer) if ok else None
        node: Any = self.document
        ok = pointer == "" or pointer.startswith("/")
        if ok and pointer:
            for raw in pointer[1:].split("/"):
                token = unescape_pointer_token(raw)
                if isinstance(node, dict) and token in node:
                    node = node[token]
                elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                    node = node[int(token)]
                else:
                    ok = False
                    break
        self._resolve_memo[pointer] = (node, ok)
        return (node, pointer) if ok else None

    def deref(self, node: Any, pointer: str, *, limit: int = 32) -> tuple[Any, str]:
        """Follow `$ref` chains (for parameters, responses, ...); dangling refs give {}."""
        for _ in range(limit):
            if not (isinstance(node, dict) and "$ref" in node):
                return node, pointer
            target = self.resolve(node["$ref"])
            if target is None:
                self.skip(pointer, f"unresolvable reference {node['$ref']!r}")
                return {}, pointer
            node, pointer = target
        self.skip(pointer, "reference chain too long")
        return {}, pointer

    def _iter_refs(self, node: Any) -> Iterator[str]:
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, dict):
                ref = current.get("$ref")
                if isinstance(ref, str) and ref.startswith("#"):
                    yield ref[1:]
                stack.extend(v for v in current.values() if isinstance(v, (dict, list)))
            elif isinstance(current, list):
                stack.extend(v for v in current if isinstance(v, (dict, list)))

    def _cyclic_pointers(self) -> frozenset[str]:
        """Reference targets that can reach themselves through `$ref`s."""
        targets = sorted(set(self._iter_refs(self.document)))
        if not targets:
            return frozenset()
        graph: dict[str, list[str]] = {}
        todo = list(targets)
        while todo:
            pointer = todo.pop()
            if pointer in graph:
                continue
            resolved = self.resolve("#" + pointer)
            edges = sorted(set(self._iter_refs(resolved[0]))) if resolved else []
            graph[pointer] = edges
            todo.extend(e for e in edges if e not in graph)
        return frozenset(cyclic_nodes(graph))

    def _uses_jsonapi(self) -> bool:
        """Whether any operation sends or receives `application/vnd.api+json`."""
        paths = self.document.get("paths")
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
                        str(k).split(";")[0].strip().lower() == "application/vnd.api+json"
                        for k in content
                    ):
                        return True
        return False

    def _component_keys(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        schemas = self.document.get("components", {})
        schemas = schemas.get("schemas") if isinstance(schemas, dict) else None
        if not isinstance(schemas, dict):
            return found
        for name, schema in schemas.items():
            if not isinstance(schema, dict) or not self._is_object_model(schema):
                continue
            key = self.canon(schema)
            found.setdefault(key, []).append(str(name))
        return found

    # ----------------------------------------------------------------- canonical form

    def canon(self, node: Any) -> str:
        """Digest of the canonical form of a schema (see the module docstring)."""
        if not isinstance(node, (dict, list)):
            return json.dumps(node, sort_keys=True, default=str)
        memo = self._canon_memo.get(id(node))
        if memo is not None:
            return memo
        if isinstance(node, list):
            parts: Any = [self.canon(item) for item in node]
        else:
            parts = self._canon_parts(node)
        digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
        self._canon_memo[id(node)] = digest
        return digest

    def _canon_parts(self, node: dict[str, Any]) -> Any:
        ref = node.get("$ref")
        if ref is not None:
            target = self.resolve(ref)
            if target is None:
                return ("dangling", str(ref))
            if target[1] in self._cyclic:
                return ("ref", target[1])
            return ("same", self.canon(target[0]))
        parts: list[Any] = []
        for key in ("type", "nullable", "const", "default", "format", "enum"):
            if key not in node:
                continue
            value = node[key]
            if key == "format" and not (isinstance(value, str) and value in _TYPE_FORMATS):
                continue
            parts.append((key, json.dumps(value, sort_keys=True, default=str)))
        props = node.get("properties")
        if isinstance(props, dict):
            parts.append(("properties", sorted((str(k), self.canon(v)) for k, v in props.items())))
        elif props is not None:
            parts.append(("properties", "invalid"))
        for key in ("items", "additionalProperties", "allOf", "oneOf", "anyOf"):
            if key in node:
                parts.append((key, self.canon(node[key])))
        return parts

    # ----------------------------------------------------------------- shapes

    def _is_object_model(self, schema: dict[str, Any]) -> bool:
        props = schema.get("properties")
        if not isinstance(props, dict) or not props:
            return False
        kind = schema.get("type", "object")
        if isinstance(kind, list):
            return "object" in kind
        return kind == "object" or kind not in ("string", "integer", "number", "boolean", "array")

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
        nullable = self._is_nullable(schema)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            merged = self._merge_all_of(schema, pointer)
            if merged is not None:
                inner = self.shape(merged[0], merged[1], hint)
                return _with_null(inner, nullable)
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if isinstance(members, list) and members and not self._is_object_model(schema):
                union = self._shape_union(members, f"{pointer}/{key}", hint, nullable)
                if "discriminator" in schema:
                    union = self._discriminated(union, schema, members, pointer, hint)
                return union
        literal = self._literal(schema, pointer)
        if literal is not None:
            return literal
        return _with_null(self._shape_typed(schema, pointer, hint), nullable)

    def _shape_ref(self, schema: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        ref = schema["$ref"]
        target = self.resolve(ref)
        if target is None:
            self.skip(pointer, f"unresolvable reference {ref!r}; typed as Any")
            return ANY
        node, target_pointer = target
        if target_pointer.startswith("/components/schemas/"):
            name = unescape_pointer_token(target_pointer.rsplit("/", 1)[1])
            hint = hint.add(P_COMPONENT, singular_class_name(class_name(name)))
        nullable = schema.get("nullable") is True
        if (
            target_pointer in self._cyclic
            and isinstance(node, dict)
            and not self._is_object_model(node)
            and "allOf" not in node
        ):
            return _with_null(self._alias(node, target_pointer, hint), nullable)
        return _with_null(self.shape(node, target_pointer, hint), nullable)

    def _alias(self, node: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        key = "alias:" + pointer
        draft = self._drafts.get(key)
        if draft is None:
            draft = self._new_draft(key, "alias", pointer, node, hint)
            draft.alias_of = ANY  # placeholder while the target is built
            draft.alias_of = self.shape(node, pointer, NameHint(role=hint.role, verb=hint.verb))
            if draft.alias_of.kind == "model" and draft.alias_of.model == key:
                self.skip(pointer, "reference cycle without a type; typed as Any")
                draft.alias_of = ANY
        else:
            self._add_candidates(draft, hint, pointer)
        return Shape("model", model=key)

    def _is_nullable(self, schema: dict[str, Any]) -> bool:
        if schema.get("nullable") is True:
            return True
        kind = schema.get("type")
        if isinstance(kind, list) and "null" in kind:
            return True
        enum = schema.get("enum")
        return isinstance(enum, list) and None in enum

    def _merge_all_of(self, schema: dict[str, Any], pointer: str) -> tuple[Any, str] | None:
        """A single schema equivalent to `allOf` (objects merged); None if nothing to merge."""
        parts: list[tuple[Any, str]] = []
        for index, part in enumerate(schema["allOf"]):
            parts.append((part, f"{pointer}/allOf/{index}"))
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        structural = {k for k in rest if k in ("properties", "items", "oneOf", "anyOf", "enum")}
        if len(parts) == 1 and not structural and rest.get("type") in (None, "object"):
            return parts[0]  # `allOf: [X]` wrapper (usually to add a description or nullable)
        merged: dict[str, Any] = {"type": "object"}
        properties: dict[str, Any] = {}
        required: list[str] = []
        extra: Any = None
        seen: set[str] = set()

        def absorb(node: Any, where: str, depth: int) -> None:
            nonlocal extra
            node, where = self.deref(node, where)
            if not isinstance(node, dict):
                self.skip(where, "allOf member is not a schema; ignored")
                return
            if depth > 16 or where in seen and "$ref" not in node:
                return
            seen.add(where)
            for index, sub in enumerate(node.get("allOf") or []):
                absorb(sub, f"{where}/allOf/{index}", depth + 1)
            props = node.get("properties")
            if isinstance(props, dict):
                properties.update(props)
            req = node.get("required")
            if isinstance(req, list):
                required.extend(r for r in req if isinstance(r, str) and r not in required)
            if "additionalProperties" in node:
                extra = node["additionalProperties"]
            if node.get("oneOf") or node.get("anyOf"):
                self.skip(where, "oneOf/anyOf inside allOf is not merged; members ignored")
            if "description" in node and "description" not in merged:
                merged["description"] = node["description"]

        for part, where in parts:
            absorb(part, where, 0)
        absorb(rest, pointer, 0)
        if properties:
            merged["properties"] = properties
        if required:
            merged["required"] = required
        if extra is not None:
            merged["additionalProperties"] = extra
        self._keep.append(merged)
        return merged, pointer

    def _shape_union(
        self, members: list[Any], pointer: str, hint: NameHint, nullable: bool
    ) -> Shape:
        shapes: list[Shape] = []
        for index, member in enumerate(members):
            member_hint = hint.derive(_variant_namer(index + 1), P_PROPERTY)
            member_shape = self.shape(member, f"{pointer}/{index}", member_hint)
            if member_shape.kind == "none":
                nullable = True
                continue
            if member_shape.nullable:
                nullable = True
                member_shape = replace(member_shape, nullable=False)
            if member_shape.kind == "any":
                return _with_null(ANY, nullable)
            flat = member_shape.items if member_shape.kind == "union" else (member_shape,)
            shapes.extend(s for s in flat if s not in shapes)
        if not shapes:
            return Shape("none") if nullable else ANY
        if len(shapes) == 1:
            return _with_null(shapes[0], nullable)
        return Shape("union", items=tuple(shapes), nullable=nullable)

    def _discriminated(
        self, union: Shape, schema: dict[str, Any], members: list[Any], pointer: str, hint: NameHint
    ) -> Shape:
        """`union` told apart by the `discriminator` property (explicit mapping, else the
        component names of the members, as OpenAPI defines the implicit mapping)."""
        spec = schema["discriminator"]
        where = pointer + "/discriminator"
        name = spec.get("propertyName") if isinstance(spec, dict) else None
        if not isinstance(name, str) or not name:
            self.skip(where, "discriminator without a propertyName; ignored")
            return union
        if union.kind != "union" or any(item.kind != "model" for item in union.items):
            self.skip(where, "discriminator on a union that is not of models; ignored")
            return union
        keys = {item.model for item in union.items}
        plain = NameHint(role=hint.role, verb=hint.verb)  # members are named already
        mapping: list[tuple[str, str]] = []
        explicit = spec.get("mapping")
        if isinstance(explicit, dict):
            for value, target in explicit.items():
                ref = target if str(target).startswith("#") else f"#/components/schemas/{target}"
                found = self.shape({"$ref": ref}, where + "/mapping", plain)
                if found.model in keys:
                    mapping.append((str(value), found.model or ""))
                else:
                    self.skip(where, f"discriminator mapping {value!r} is not a member; ignored")
        mapped = {model for _, model in mapping}
        for index, member in enumerate(members):
            ref = member.get("$ref") if isinstance(member, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/components/schemas/")):
                continue
            value = unescape_pointer_token(ref.rsplit("/", 1)[1])
            found = self.shape(member, f"{pointer}/{index}", plain)
            taken = found.model not in keys or found.model in mapped
            if not taken and value not in {v for v, _ in mapping}:
                mapping.append((value, found.model or ""))
        return replace(union, discriminator=name, mapping=tuple(mapping))

    def _literal(self, schema: dict[str, Any], pointer: str) -> Shape | None:
        if "const" in schema:
            values: list[Any] = [schema["const"]]
        elif isinstance(schema.get("enum"), list) and schema["enum"]:
            values = list(schema["enum"])
        else:
            return None
        nullable = self._is_nullable(schema) or None in values
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
                self._keep.append(members)
                return self._shape_union(members, pointer, hint, False)
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
                cast(ir.TypeKind, _TYPE_FORMATS.get(fmt, "str")) if isinstance(fmt, str) else "str"
            )
        if kind in _PRIMITIVES:
            return Shape(cast(ir.TypeKind, _PRIMITIVES[kind]))
        if kind == "array":
            items = schema.get("items")
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list) and prefix:  # 3.1 tuples: a list of any of the items
                members = [*prefix, *([items] if isinstance(items, dict) else [])]
                self._keep.append(members)
                inner = self._shape_union(members, pointer + "/prefixItems", hint, False)
                return Shape("list", items=(inner,))
            if items is None:
                return Shape("list", items=(ANY,))
            item_shape = self.shape(items, pointer + "/items", hint.derive(_item_name))
            return Shape("list", items=(item_shape,))
        if kind == "object":
            if self._is_object_model(schema):
                return self._model(schema, pointer, hint)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                value = self.shape(
                    extra, pointer + "/additionalProperties", hint.derive(lambda t: t + "Value")
                )
                return Shape("dict", items=(value,))
            return Shape("dict", items=(ANY,))
        self.skip(pointer + "/type", f"unknown schema type {kind!r}; typed as Any")
        return ANY

    # ----------------------------------------------------------------- models

    def _new_draft(
        self, key: str, kind: str, pointer: str, schema: dict[str, Any], hint: NameHint
    ) -> _ModelDraft:
        self._seq += 1
        description = schema.get("description")
        draft = _ModelDraft(
            key=key,
            kind=kind,
            source=pointer,
            seq=self._seq,
            description=description if isinstance(description, str) else "",
        )
        self._drafts[key] = draft
        for name in self._component_names.get(key, []):
            draft.candidates.append(
                (P_COMPONENT, self._seq, singular_class_name(class_name(name)), None, "")
            )
        title = schema.get("title")
        if isinstance(title, str) and class_name(title, fallback=""):
            draft.candidates.append((P_JSONAPI_PART, self._seq, class_name(title), None, ""))
        self._add_candidates(draft, hint, pointer)
        return draft

    def _add_candidates(self, draft: _ModelDraft, hint: NameHint, pointer: str) -> None:
        self._seq += 1
        draft.pointers.append(pointer)
        for priority, text, parent, suffix in hint.names:
            draft.candidates.append((priority, self._seq, text, parent, suffix))

    def _jsonapi_hint(self, schema: dict[str, Any], hint: NameHint) -> tuple[NameHint, str | None]:
        """Candidates that come from the schema being a JSON:API resource (or `lid` identifier)."""
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

    def _model(self, schema: dict[str, Any], pointer: str, hint: NameHint) -> Shape:
        shared = self._linkage(schema, pointer)
        if shared is not None:
            return shared
        key = self.canon(schema)
        if hint.part.startswith("relationships:"):  # one relationships model per resource type
            key = f"{key}@{hint.part}"
        request_variant = hint.role == "request" and self._read_only_inside(schema)
        if request_variant:  # a request never sends readOnly properties: a model without them
            key = f"{key}@request"
            hint = replace(
                hint,
                names=tuple(
                    (p, a + "Request" if a and p < P_CONTEXT else a, parent, s)
                    for p, a, parent, s in hint.names
                ),
            )
        hint, jtype = self._jsonapi_hint(schema, hint)
        required_raw = schema.get("required")
        required = (
            {r for r in required_raw if isinstance(r, str)}
            if isinstance(required_raw, list)
            else set()
        )
        draft = self._drafts.get(key)
        if draft is not None:
            self._add_candidates(draft, hint, pointer)
            draft.roles.add(hint.role)
            draft.required = required if draft.required is None else draft.required & required
            if hint.part:
                draft.parts.add(hint.part)
            return Shape("model", model=key)
        draft = self._new_draft(key, "object", pointer, schema, hint)
        draft.roles.add(hint.role)
        draft.jsonapi_type = jtype
        draft.parts = {hint.part} if hint.part else set()
        draft.required = required
        base = resource_name(jtype) if jtype else None
        props: dict[str, Any] = schema["properties"]
        child_role = NameHint(role=hint.role, verb=hint.verb)
        for wire, prop in props.items():
            wire = str(wire)
            where = f"{pointer}/properties/{escape_pointer_token(wire)}"
            if not isinstance(prop, (dict, bool)):
                self.skip(where, f"property {wire!r} is not a schema; left out")
                continue
            if request_variant and self._flag(prop, "readOnly"):
                draft.required = (draft.required or set()) - {wire}
                continue
            suffix = pascal_case(wire) or "Field"
            prop_hint = replace(child_role, names=((P_PROPERTY, None, key, suffix),))
            if base and wire in ("attributes", "relationships"):
                prop_hint = replace(prop_hint, part=f"{wire}:{jtype}")
                prop_hint = prop_hint.add(P_JSONAPI_PART, base + suffix)
                if hint.role == "request":
                    prop_hint = prop_hint.add(P_CONTEXT, base + hint.verb + suffix)
            prop_shape = self.shape(prop, where, prop_hint)
            resolved, _ = self.deref(prop, where) if isinstance(prop, dict) else (prop, where)
            resolved = resolved if isinstance(resolved, dict) else {}
            description = resolved.get("description")
            draft.fields.append(
                _FieldDraft(
                    wire_name=wire,
                    shape=prop_shape,
                    required=wire in required,
                    default=self._default(resolved, prop_shape, where),
                    description=description if isinstance(description, str) else "",
                    deprecated=resolved.get("deprecated") is True,
                    read_only=resolved.get("readOnly") is True,
                    write_only=resolved.get("writeOnly") is True,
                )
            )
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            draft.extra = self.shape(
                extra,
                pointer + "/additionalProperties",
                replace(child_role, names=((P_PROPERTY, None, key, "Value"),)),
            )
        return Shape("model", model=key)

    def _flag(self, prop: Any, keyword: str) -> bool:
        resolved, _ = self.deref(prop, "") if isinstance(prop, dict) else (prop, "")
        return isinstance(resolved, dict) and resolved.get(keyword) is True

    def _read_only_inside(self, schema: Any) -> bool:
        """Whether a readOnly property is found in `schema`, at any depth (refs followed)."""
        memo = self._read_only_memo
        todo, seen = [schema], set()
        found = False
        while todo and not found:
            node = todo.pop()
            if isinstance(node, list):
                todo.extend(node)
                continue
            if not isinstance(node, dict) or id(node) in seen:
                continue
            seen.add(id(node))
            if id(node) in memo:
                found = memo[id(node)]
                continue
            if isinstance(node.get("$ref"), str):
                target = self.resolve(node["$ref"])
                if target is not None:
                    todo.append(target[0])
                continue
            props = node.get("properties")
            if isinstance(props, dict):
                found = any(self._flag(p, "readOnly") for p in props.values())
                todo.extend(props.values())
            for key in ("items", "additionalProperties", "allOf", "oneOf", "anyOf"):
                if key in node:
                    todo.append(node[key])
        memo[id(schema)] = found
        return found

    def _default(self, schema: dict[str, Any], shape: Shape, pointer: str) -> str | None:
        if "default" not in schema:
            return None
        value = schema["default"]
        source = scalar_default(value)
        if source is None or not _accepts(shape, value):
            self.skip(pointer + "/default", f"default {value!r} does not fit the type; dropped")
            return None
        return source

    # ----------------------------------------------------------------- JSON:API built-ins

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
        node, where = self.deref(schema, pointer)
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
        data, data_where = self.deref(props["data"], f"{where}/properties/data")
        if not isinstance(data, (dict, bool)):
            return None
        items = data.get("items") if isinstance(data, dict) else None
        many = isinstance(data, dict) and data.get("type") == "array" and items is not None
        if not jsonapi and jsonapi_type_of(self.deref(items, "")[0] if many else data) is None:
            return None
        if many and isinstance(data, dict):  # a collection: Document[list[X]], X named by hint
            inner = self.shape(items, data_where + "/items", data_hint)
            data_shape = _with_null(Shape("list", items=(inner,)), self._is_nullable(data))
        else:
            data_shape = self.shape(props["data"], f"{where}/properties/data", data_hint)
        self._builtin(K_DOCUMENT, where)
        return Shape("model", model=K_DOCUMENT, items=(data_shape,))

    def _free_form(self, schema: Any, *, links: bool = False) -> bool:
        node, _ = self.deref(schema, "")
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
            value, _ = self.deref(value, "")
            if not isinstance(value, dict) or value.get("type") not in ("string", "object", None):
                return False
        return True

    def _error_document(self, node: dict[str, Any], where: str) -> Shape | None:
        props = node["properties"]
        errors, _ = self.deref(props["errors"], "")
        if not isinstance(errors, dict) or errors.get("type") != "array":
            return None
        item, _ = self.deref(errors.get("items", {}), "")
        if not isinstance(item, dict) or item.get("type", "object") != "object":
            return None
        item_props = item.get("properties") or {}
        if not isinstance(item_props, dict) or not set(item_props) <= set(ERROR_MEMBERS):
            return None
        for member, value in item_props.items():
            value, _ = self.deref(value, "")
            if not isinstance(value, dict):
                return None
            wanted = ("object", None) if member in ("links", "source", "meta") else ("string",)
            if value.get("type") not in wanted:
                return None
        for member in ("meta", "links"):
            if member in props and not self._free_form(props[member], links=member == "links"):
                return None
        self._builtin(K_ERROR_DOCUMENT, where)
        return Shape("model", model=K_ERROR_DOCUMENT)

    def _linkage(self, schema: dict[str, Any], pointer: str) -> Shape | None:
        """The shared model for a resource identifier or a relationship (linkage) object."""
        props: dict[str, Any] = schema["properties"]
        members = {str(k) for k in props}
        if self._is_identifier(schema):
            self._builtin(K_IDENTIFIER, pointer)
            return Shape("model", model=K_IDENTIFIER)
        if "data" not in members or not members <= LINKAGE_MEMBERS:
            return None
        data, _ = self.deref(props["data"], "")
        if not isinstance(data, dict):
            return None
        many = data.get("type") == "array"
        target, _ = self.deref(data.get("items"), "") if many else (data, "")
        if not isinstance(target, dict) or not self._is_identifier(target):
            return None
        draft = self._builtin(K_TO_MANY if many else K_TO_ONE, pointer)
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
            type_schema, _ = self.deref(props["type"], "")
            if not self._jsonapi_api or not isinstance(type_schema, dict):
                return False
            if type_schema.get("type") != "string":
                return False
        id_schema, _ = self.deref(props["id"], "")
        return isinstance(id_schema, dict) and id_schema.get("type") in ("string", "integer", None)

    def _builtin(self, key: str, pointer: str) -> _ModelDraft:
        draft = self._drafts.get(key)
        if draft is not None:
            draft.pointers.append(pointer)
            return draft
        name, description, fields, parameters = _builtin_spec(key)
        self._seq += 1
        draft = _ModelDraft(
            key=key,
            kind="object",
            source=pointer,
            seq=self._seq,
            description=description,
            fields=[
                _FieldDraft(wire, shape, required, None, doc, False, False, False)
                for wire, shape, required, doc in fields
            ],
            candidates=[(P_OVERRIDE, self._seq, name, None, "")],
            required={wire for wire, _, required, _ in fields if required},
            shared=True,
            type_parameters=parameters,
        )
        self._drafts[key] = draft
        for shape in (f.shape for f in draft.fields):
            for dependency in _shape_models(shape):
                self._builtin(dependency, pointer)
        return draft

    # ----------------------------------------------------------------- finishing

    def model_keys(self) -> frozenset[str]:
        """Keys of every model drafted so far (built-in JSON:API models use the K_* keys)."""
        return frozenset(self._drafts)

    def finish(
        self, overrides: dict[str, str]
    ) -> tuple[list[ir.Model], Callable[[Shape], ir.TypeRef]]:
        """Name every model and build the IR models plus a Shape -> TypeRef converter."""
        merged_into = self._unify()
        self._merged = merged_into
        names = self._assign_names({})
        forced: dict[str, str] = {}
        used_overrides: set[str] = set()
        for key in sorted(self._drafts, key=lambda k: self._drafts[k].seq):
            draft = self._drafts[key]
            for probe in (names[key], draft.source, *draft.pointers):
                if probe in overrides:
                    forced[key] = overrides[probe]
                    used_overrides.add(probe)
                    break
        for unused in sorted(set(overrides) - used_overrides):
            self.diagnostics.append(
                Diagnostic(
                    "warning",
                    "normalize.unused-model-name",
                    f"model_names entry {unused!r} matches no model",
                    "",
                    self.file,
                )
            )
        if forced:
            names = self._assign_names(forced)
        self._warn_taken_component_names(names)
        for key, rep in merged_into.items():
            names[key] = names[rep]

        def typeref(shape: Shape) -> ir.TypeRef:
            return _typeref(shape, names)

        modules = self._modules(names)
        models: list[ir.Model] = []
        for key, draft in self._drafts.items():
            name = names[key]
            module, recursive = modules[key]
            if draft.kind == "alias":
                models.append(
                    ir.Model(
                        name=name,
                        module=module,
                        kind="alias",
                        alias_of=typeref(draft.alias_of or ANY),
                        description=draft.description,
                        recursive=recursive,
                        source=draft.source,
                    )
                )
                continue
            taken: set[str] = set()
            fields: list[ir.Field] = []
            for f in draft.fields:
                python = unique_name(field_name(f.wire_name), taken)
                if python != field_name(f.wire_name):
                    self._warn_name(
                        draft,
                        f"property {f.wire_name!r} of {name} would be named like another; "
                        f"named {python!r}",
                        "normalize.field-name-clash",
                    )
                taken.add(python)
                type_ref = typeref(f.shape)
                required = f.wire_name in (draft.required or set())
                if f.write_only and "response" in draft.roles:
                    required = False  # a response never carries a writeOnly property
                optional = not required
                annotation = type_ref.annotation
                if optional and not type_ref.nullable and type_ref.kind not in ("any", "none"):
                    annotation += " | None"
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
                    )
                )
            models.append(
                ir.Model(
                    name=name,
                    module=module,
                    kind="object",
                    fields=tuple(fields),
                    description=draft.description,
                    extra=typeref(draft.extra) if draft.extra is not None else None,
                    recursive=recursive,
                    source=draft.source,
                    jsonapi_type=draft.jsonapi_type,
                    type_parameters=draft.type_parameters,
                )
            )
        models.sort(key=lambda m: m.name)
        return models, typeref

    # ----------------------------------------------------------------- unification

    def _unify(self) -> dict[str, str]:
        """Merge models that claim the same name and have compatible shapes.

        Copies of one concept often differ slightly (a relationship more or less, `type` as
        an enum in one copy and a plain string in another). Models whose best name
        (resource, component, JSON:API part or operation context name) is the same are merged
        when every common property has a compatible type: fields are united, a field is
        required only when all copies require it, `str` absorbs `Literal`, a model absorbs a
        free-form dict or `Any`, nested models are merged the same way. Returns merged key ->
        surviving key.
        """
        parent: dict[str, str] = {}
        # structural groups ("fields", "twins"): same properties and JSON:API type all the way down
        strict = ""

        def find(key: str) -> str:
            while key in parent:
                key = parent[key]
            return key

        def compatible(a: str, b: str, assumed: set[tuple[str, str]]) -> bool:
            a, b = find(a), find(b)
            if a == b or (a, b) in assumed:
                return True
            da, db = self._drafts[a], self._drafts[b]
            if da.kind != "object" or db.kind != "object" or da.shared or db.shared:
                return False
            if da.jsonapi_type and db.jsonapi_type and da.jsonapi_type != db.jsonapi_type:
                return False  # an untyped copy may join a resource (its `type` a plain str)
            wires_a, wires_b = {f.wire_name for f in da.fields}, {f.wire_name for f in db.fields}
            if strict and (da.jsonapi_type != db.jsonapi_type or wires_a != wires_b):
                return False
            if strict == "fields" and da.parts and db.parts and da.parts != db.parts:
                return False  # the relationships of two resource types: only if identical
            common = wires_a & wires_b
            # the relationships of one resource type are one concept, whatever they list
            related = da.parts == db.parts and len(da.parts) == 1
            related = related and next(iter(da.parts)).startswith("relationships:")
            if not related and (
                len(common) * 2 < min(len(da.fields), len(db.fields)) or not common
            ):
                return False  # too little in common to be one concept
            assumed.add((a, b))
            fields_b = {f.wire_name: f for f in db.fields}
            for f in da.fields:
                other = fields_b.get(f.wire_name)
                if other is not None and not shape_ok(f.shape, other.shape, assumed):
                    return False
            if da.extra is not None and db.extra is not None:
                return shape_ok(da.extra, db.extra, assumed)
            return True

        def shape_ok(x: Shape, y: Shape, assumed: set[tuple[str, str]]) -> bool:
            kinds = {x.kind, y.kind}
            if x.kind == y.kind:
                if x.kind == "model":
                    return compatible(x.model or "", y.model or "", assumed)
                if x.kind in ("list", "dict"):
                    return shape_ok(x.items[0], y.items[0], assumed)
                if x.kind == "union":  # the same members, in any order
                    return all(
                        any(shape_ok(i, j, assumed) for j in y.items) for i in x.items
                    ) and all(any(shape_ok(i, j, assumed) for i in x.items) for j in y.items)
                return True
            if "any" in kinds or kinds in ({"str", "literal"}, {"int", "float"}):
                return True
            if kinds == {"dict", "model"}:
                free = x if x.kind == "dict" else y
                return free.items[0].kind == "any"
            return False

        def merge_shape(x: Shape, y: Shape) -> Shape:
            nullable = x.nullable or y.nullable
            if x.kind == y.kind:
                if x.kind == "model" and x.model and y.model:
                    merge(find(x.model), find(y.model))
                    result = x
                elif x.kind in ("list", "dict"):
                    result = replace(x, items=(merge_shape(x.items[0], y.items[0]),))
                elif x.kind == "literal":
                    extra = tuple(v for v in y.literals if v not in x.literals)
                    result = replace(x, literals=x.literals + extra)
                elif x.kind == "union":
                    members = list(x.items)
                    for member in y.items:
                        index = next(
                            (i for i, m in enumerate(members) if shape_ok(m, member, set())), None
                        )
                        if index is None:
                            members.append(member)
                        else:
                            members[index] = merge_shape(members[index], member)
                    result = replace(x, items=tuple(members))
                else:
                    result = x
            elif x.kind == "any" or y.kind == "any":
                result = y if x.kind == "any" else x
            elif x.kind == "model" or y.kind == "model":
                result = x if x.kind == "model" else y
            elif {x.kind, y.kind} == {"int", "float"}:
                result = Shape("float")
            else:
                result = Shape("str")
            return _with_null(result, nullable)

        def merge(a: str, b: str) -> None:
            a, b = find(a), find(b)
            if a == b:
                return
            if self._drafts[b].seq < self._drafts[a].seq:
                a, b = b, a
            parent[b] = a
            da, db = self._drafts[a], self._drafts[b]
            typed = da if da.jsonapi_type else db if db.jsonapi_type else None
            type_shape = next(
                (f.shape for f in (typed.fields if typed else []) if f.wire_name == "type"), None
            )
            type_required = typed is not None and "type" in (typed.required or set())
            own = {f.wire_name: f for f in da.fields}
            for f in db.fields:
                mine = own.get(f.wire_name)
                if mine is None:
                    da.fields.append(replace(f))
                else:
                    mine.shape = merge_shape(mine.shape, f.shape)
                    if mine.default != f.default:
                        mine.default = None
                    mine.description = mine.description or f.description
            da.required = (da.required or set()) & (db.required or set())
            if type_required:
                da.required.add("type")  # JSON:API: a resource object always has its `type`
            if da.extra is None or db.extra is None:
                da.extra = da.extra or db.extra
            else:
                da.extra = merge_shape(da.extra, db.extra)
            da.candidates.extend(db.candidates)
            da.parts |= db.parts
            da.roles |= db.roles
            da.pointers.extend([db.source, *db.pointers])
            da.description = da.description or db.description
            da.jsonapi_type = da.jsonapi_type or db.jsonapi_type
            for f in da.fields:  # a resource keeps its Literal `type` over an untyped copy's str
                if f.wire_name == "type" and type_shape is not None:
                    f.shape = type_shape

        for _ in range(8):
            groups: dict[str, list[str]] = {}
            for key in sorted(self._drafts, key=lambda k: self._drafts[k].seq):
                if key in parent or self._drafts[key].kind != "object" or self._drafts[key].shared:
                    continue
                best = min(
                    (
                        c
                        for c in self._drafts[key].candidates
                        if c[2] and c[0] <= P_CONTEXT and c[3] != EXCLUSIVE
                    ),
                    key=_cand_order,
                    default=None,
                )
                if best is not None and best[2]:
                    groups.setdefault(_fit(best[2]), []).append(key)
                draft = self._drafts[key]
                if draft.fields and not draft.jsonapi_type:
                    # objects with the very same properties are one model whatever their
                    # names (`success`/`fail` trends of two endpoints, ...); the relationships
                    # of two resource types only when identical (twin resources such as the
                    # source and destination categories)
                    wires = "\0".join(sorted(f.wire_name for f in draft.fields))
                    groups.setdefault("\0fields\0" + wires, []).append(key)
                    if "@relationships:" in key:
                        groups.setdefault("\0twins\0" + key.split("@", 1)[0], []).append(key)
            changed = False
            # names first: a resource's copies merge before its parts may join other models
            for name in sorted(groups, key=lambda n: (n.startswith("\0"), n)):
                strict = name.split("\0")[1] if name.startswith("\0") else ""
                reps: list[str] = []
                for key in groups[name]:
                    key = find(key)
                    target = next((r for r in reps if compatible(find(r), key, set())), None)
                    if target is None:
                        reps.append(key)
                    elif find(target) != key:
                        merge(find(target), key)
                        changed = True
            if not changed:
                break

        if not parent:
            return {}

        def fix(shape: Shape) -> Shape:
            items = tuple(fix(i) for i in shape.items)
            model = find(shape.model) if shape.model is not None else None
            if items == shape.items and model == shape.model:
                return shape
            if shape.kind == "union":  # merged members may now coincide
                unique: list[Shape] = []
                for item in items:
                    if item not in unique:
                        unique.append(item)
                if len(unique) == 1:
                    return _with_null(unique[0], shape.nullable)
                items = tuple(unique)
            return replace(shape, items=items, model=model)

        merged = {key: find(key) for key in parent}
        for key in merged:
            del self._drafts[key]
        for draft in self._drafts.values():
            for f in draft.fields:
                f.shape = fix(f.shape)
            draft.extra = fix(draft.extra) if draft.extra is not None else None
            draft.alias_of = fix(draft.alias_of) if draft.alias_of is not None else None
        return merged

    def _assign_names(self, forced: dict[str, str]) -> dict[str, str]:
        names: dict[str, str] = {}
        taken: set[str] = set()
        in_progress: set[str] = set()
        exclusive: dict[str, set[str]] = {}  # exclusive candidate text -> drafts that have it
        for key, draft in self._drafts.items():
            for _, _, text, parent, _ in draft.candidates:
                if parent == EXCLUSIVE and text:
                    exclusive.setdefault(_fit(text), set()).add(key)

        def candidate_text(
            key: str, text: str | None, parent: str | None, suffix: str
        ) -> str | None:
            if parent == EXCLUSIVE:
                return _fit(text) if text and len(exclusive.get(_fit(text), ())) <= 1 else None
            if text is not None:
                return _fit(text)
            parent = self._merged.get(parent, parent) if parent is not None else None
            if parent is None or parent in in_progress or parent not in self._drafts:
                return None
            base = finalize(parent)
            for strip in _STRIP_SUFFIXES:
                if base.endswith(strip) and len(base) > len(strip):
                    base = base[: -len(strip)]
                    break
            return _fit(base + suffix)

        def finalize(key: str) -> str:
            if key in names:
                return names[key]
            in_progress.add(key)
            draft = self._drafts[key]
            chosen: str | None = None
            if key in forced:
                chosen = forced[key]
                if chosen in taken:
                    self._warn_name(draft, f"model name override {chosen!r} is already used")
                    chosen = None
            first: str | None = None
            if chosen is None:
                for _, _, text, parent, suffix in sorted(draft.candidates, key=_cand_order):
                    name = candidate_text(key, text, parent, suffix)
                    if not name:
                        continue
                    first = first or name
                    if name not in taken:
                        chosen = name
                        break
            if chosen is None:
                relative = [c[4] for c in sorted(draft.candidates, key=_cand_order) if c[4]]
                base = first or (_fit(relative[0]) if relative else "Model")
                number = 2
                while _fit(base, str(number)) in taken:
                    number += 1
                chosen = _fit(base, str(number))
                self._warn_name(draft, f"model name {base!r} is taken; using {chosen!r}")
            names[key] = chosen
            taken.add(chosen)
            in_progress.discard(key)
            return chosen

        order = sorted(
            self._drafts,
            key=lambda k: (
                0 if k in forced else 1,
                min((_cand_order(c) for c in self._drafts[k].candidates), default=(99, 0)),
                self._drafts[k].seq,
            ),
        )
        for key in order:
            if key in forced:
                finalize(key)
        # Absolute names first, best priority first across all models: a resource takes its
        # `type` name before another model takes the same text as a mere context name.
        ranked = sorted(
            (c[0], c[1], index, self._drafts[k].seq, k, c[2], c[3])
            for k in order
            for index, c in enumerate(self._drafts[k].candidates)
            if c[2] and c[0] <= P_CONTEXT
        )
        for _, _, _, _, key, text, parent in ranked:
            if key in names or text is None:
                continue
            name = candidate_text(key, text, parent, "")
            if name and name not in taken:
                names[key] = name
                taken.add(name)
        for key in order:
            finalize(key)
        return names

    def _warn_taken_component_names(self, names: dict[str, str]) -> None:
        """Warn when two component schemas sanitize to one class name (`my-model`, `MyModel`):
        the first in document order keeps it, the others fall back to their next candidate."""
        owner = {name: key for key, name in names.items()}
        for key in sorted(self._drafts, key=lambda k: self._drafts[k].seq):
            draft = self._drafts[key]
            wanted = sorted({_fit(c[2]) for c in draft.candidates if c[0] == P_COMPONENT and c[2]})
            if not wanted or names[key] in wanted:
                continue
            other = owner.get(wanted[0])
            if (
                other is not None
                and other != key
                and any(
                    c[0] == P_COMPONENT and c[2] and _fit(c[2]) == wanted[0]
                    for c in self._drafts[other].candidates
                )
            ):
                self._warn_name(
                    draft,
                    f"component name {wanted[0]!r} is taken by another schema; "
                    f"named {names[key]!r}",
                )

    def _warn_name(
        self, draft: _ModelDraft, message: str, code: str = "normalize.model-name"
    ) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, draft.source, self.file))

    def _modules(self, names: dict[str, str]) -> dict[str, tuple[str, bool]]:
        graph: dict[str, list[str]] = {}
        for key, draft in self._drafts.items():
            refs: set[str] = set()
            for f in draft.fields:
                refs.update(_shape_models(f.shape))
            for extra in (draft.extra, draft.alias_of):
                if extra is not None:
                    refs.update(_shape_models(extra))
            graph[key] = sorted(refs, key=lambda k: names[k])
        ordered = {k: graph[k] for k in sorted(graph, key=lambda k: names[k])}
        result: dict[str, tuple[str, bool]] = {}
        used: set[str] = set()
        for component in strongly_connected(ordered):
            members = sorted(component, key=lambda k: names[k])
            recursive = len(members) > 1 or members[0] in graph[members[0]]
            module = unique_name(python_identifier(names[members[0]], fallback="model"), used)
            used.add(module)
            for key in members:
                result[key] = (module, recursive)
        return result


def _builtin_spec(
    key: str,
) -> tuple[str, str, list[tuple[str, Shape, bool, str]], tuple[str, ...]]:
    """Name, description, fields (wire name, shape, required, doc) and type parameters."""
    text = Shape("str")
    identifier = Shape("model", model=K_IDENTIFIER)
    if key == K_DOCUMENT:
        return (
            "Document",
            "A JSON:API document: the primary `data` plus optional included resources.",
            [
                ("data", Shape("any", type_var="DataT"), True, "The primary data."),
                ("included", Shape("list", items=(FREE_FORM,)), False, "Related resources."),
                ("meta", FREE_FORM, False, "Non-standard meta-information."),
                ("links", FREE_FORM, False, "Links related to the primary data."),
                ("jsonapi", FREE_FORM, False, "The server's JSON:API implementation."),
            ],
            ("DataT",),
        )
    if key == K_IDENTIFIER:
        return (
            "ResourceIdentifier",
            "Identifies one JSON:API resource: its `type` and `id`.",
            [
                ("type", text, True, "The JSON:API type of the resource."),
                ("id", Shape("union", items=(Shape("int"), text)), True, "Its id."),
                ("meta", FREE_FORM, False, "Non-standard meta-information."),
            ],
            (),
        )
    if key in (K_TO_ONE, K_TO_MANY):
        one = key == K_TO_ONE
        data = replace(identifier, nullable=True) if one else Shape("list", items=(identifier,))
        return (
            "ToOneRelationship" if one else "ToManyRelationship",
            f"A JSON:API relationship to {'one resource' if one else 'several resources'}.",
            [
                ("data", data, True, "Resource linkage."),
                ("links", FREE_FORM, False, "Links of the relationship."),
                ("meta", FREE_FORM, False, "Non-standard meta-information."),
            ],
            (),
        )
    if key == K_ERROR_DOCUMENT:
        return (
            "ErrorDocument",
            "A JSON:API error document.",
            [
                ("errors", Shape("list", items=(Shape("model", model=K_ERROR),)), True, ""),
                ("meta", FREE_FORM, False, "Non-standard meta-information."),
                ("links", FREE_FORM, False, ""),
                ("jsonapi", FREE_FORM, False, ""),
            ],
            (),
        )
    if key == K_ERROR:
        kinds = {"links": FREE_FORM, "source": FREE_FORM, "meta": FREE_FORM}
        return (
            "Error",
            "One JSON:API error object.",
            [(member, kinds.get(member, text), False, "") for member in ERROR_MEMBERS],
            (),
        )
    raise KeyError(key)


def _variant_namer(number: int) -> Callable[[str], str]:
    def name(text: str) -> str:
        return f"{text}Variant{number}"

    return name


def _cand_order(candidate: tuple[int, int, str | None, str | None, str]) -> tuple[int, int]:
    return candidate[0], candidate[1]


def _fit(base: str, number: str = "") -> str:
    name = class_name(base)
    if len(name) + len(number) > MAX_NAME:
        name = shorten_class_name(name, MAX_NAME - len(number))
        name = class_name(name)[: MAX_NAME - len(number)]
    return name + number


def _with_null(shape: Shape, nullable: bool) -> Shape:
    if not nullable or shape.nullable or shape.kind == "none":
        return shape
    return replace(shape, nullable=True)


def _accepts(shape: Shape, value: Any) -> bool:
    if value is None:
        return shape.nullable or shape.kind in ("any", "none")
    if shape.kind == "any":
        return True
    if shape.kind == "union":
        return any(_accepts(s, value) for s in shape.items)
    if shape.kind == "literal":
        return any(v == value and type(v) is type(value) for v in shape.literals)
    if isinstance(value, bool):
        return shape.kind == "bool"
    if isinstance(value, int):
        return shape.kind in ("int", "float")
    if isinstance(value, float):
        return shape.kind == "float"
    return isinstance(value, str) and shape.kind == "str"


def _shape_models(shape: Shape) -> Iterator[str]:
    if shape.model is not None:
        yield shape.model
    for item in shape.items:
        yield from _shape_models(item)


def _typeref(shape: Shape, names: dict[str, str]) -> ir.TypeRef:
    items = tuple(_typeref(s, names) for s in shape.items)
    models: set[str] = set()
    for item in items:
        models.update(item.models)
    model = names[shape.model] if shape.model is not None else None
    if model is not None:
        models.add(model)
    kind = shape.kind
    if shape.type_var is not None:
        annotation = shape.type_var
    elif kind == "literal":
        annotation = "Literal[" + ", ".join(repr(v) for v in shape.literals) + "]"
    elif kind == "list":
        annotation = f"list[{items[0].annotation}]"
    elif kind == "dict":
        annotation = f"dict[str, {items[0].annotation}]"
    elif kind == "union":
        annotation = " | ".join(item.annotation for item in items)
    elif kind == "model":
        annotation = model or "Any"
        if model is not None and items:  # a generic model applied to type arguments
            annotation += "[" + ", ".join(item.annotation for item in items) + "]"
    else:
        annotation = _SIMPLE[kind]
    if shape.nullable and kind not in ("any", "none"):
        annotation += " | None"
    return ir.TypeRef(
        kind=kind,
        annotation=annotation,
        models=tuple(sorted(models)),
        items=items,
        model=model,
        literals=shape.literals,
        nullable=shape.nullable or kind == "none",
        discriminator=shape.discriminator,
        discriminator_mapping=tuple((value, names[key]) for value, key in shape.mapping),
    )


_SIMPLE: dict[str, str] = {
    "any": "Any",
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "none": "None",
    "date": "datetime.date",
    "datetime": "datetime.datetime",
    "bytes": "bytes",
}
