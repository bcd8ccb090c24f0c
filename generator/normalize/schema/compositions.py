"""Composed schemas: `allOf` merged into one object, `oneOf`/`anyOf` as unions, and the
`discriminator` that tells a union's members apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .drafts import P_PROPERTY, NameHint, ShapeOf
from .refs import References, last_token
from .report import Report
from .shape import ANY, Shape, with_null


class Compositions:
    """`shape_of` builds the type of a member; `keep_alive` holds the schemas made here (their
    `id` keys the memos of the canonical forms)."""

    def __init__(
        self, refs: References, report: Report, shape_of: ShapeOf, keep_alive: list[Any]
    ) -> None:
        self.refs = refs
        self.report = report
        self.shape_of = shape_of
        self.keep_alive = keep_alive

    def merge_all_of(self, schema: dict[str, Any], pointer: str) -> tuple[Any, str] | None:
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
            node, where = self.refs.deref(node, where)
            if not isinstance(node, dict):
                self.report.skip(where, "allOf member is not a schema; ignored")
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
                self.report.skip(where, "oneOf/anyOf inside allOf is not merged; members ignored")
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
        self.keep_alive.append(merged)
        return merged, pointer

    def union(self, members: list[Any], pointer: str, hint: NameHint, nullable: bool) -> Shape:
        """The union of the members' types (flattened, without repeats); `None` makes it
        nullable and `Any` absorbs it."""
        shapes: list[Shape] = []
        for index, member in enumerate(members):
            member_hint = hint.derive(_variant_namer(index + 1), P_PROPERTY)
            member_shape = self.shape_of(member, f"{pointer}/{index}", member_hint)
            if member_shape.kind == "none":
                nullable = True
                continue
            if member_shape.nullable:
                nullable = True
                member_shape = replace(member_shape, nullable=False)
            if member_shape.kind == "any":
                return with_null(ANY, nullable)
            flat = member_shape.items if member_shape.kind == "union" else (member_shape,)
            shapes.extend(s for s in flat if s not in shapes)
        if not shapes:
            return Shape("none") if nullable else ANY
        if len(shapes) == 1:
            return with_null(shapes[0], nullable)
        return Shape("union", items=tuple(shapes), nullable=nullable)

    def discriminated(
        self, union: Shape, schema: dict[str, Any], members: list[Any], pointer: str, hint: NameHint
    ) -> Shape:
        """`union` told apart by the `discriminator` property (explicit mapping, else the
        component names of the members, as OpenAPI defines the implicit mapping)."""
        spec = schema["discriminator"]
        where = pointer + "/discriminator"
        name = spec.get("propertyName") if isinstance(spec, dict) else None
        if not isinstance(name, str) or not name:
            self.report.skip(where, "discriminator without a propertyName; ignored")
            return union
        if union.kind != "union" or any(item.kind != "model" for item in union.items):
            self.report.skip(where, "discriminator on a union that is not of models; ignored")
            return union
        keys = {item.model for item in union.items}
        plain = NameHint(role=hint.role, verb=hint.verb)  # members are named already
        mapping: list[tuple[str, str]] = []
        explicit = spec.get("mapping")
        if isinstance(explicit, dict):
            for value, target in explicit.items():
                ref = target if str(target).startswith("#") else f"#/components/schemas/{target}"
                found = self.shape_of({"$ref": ref}, where + "/mapping", plain)
                if found.model in keys:
                    mapping.append((str(value), found.model or ""))
                else:
                    self.report.skip(
                        where, f"discriminator mapping {value!r} is not a member; ignored"
                    )
        mapped = {model for _, model in mapping}
        for index, member in enumerate(members):
            ref = member.get("$ref") if isinstance(member, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/components/schemas/")):
                continue
            value = last_token(ref)
            found = self.shape_of(member, f"{pointer}/{index}", plain)
            taken = found.model not in keys or found.model in mapped
            if not taken and value not in {v for v, _ in mapping}:
                mapping.append((value, found.model or ""))
        return replace(union, discriminator=name, mapping=tuple(mapping))


def _variant_namer(number: int) -> Callable[[str], str]:
    def name(text: str) -> str:
        return f"{text}Variant{number}"

    return name
