"""Building shapes and models from small documents, for the unit tests of generator/schema."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.normalize.schema import NameHint, SchemaBuilder, Shape
from generator.normalize.schema.drafts import P_CONTEXT


def document(schemas: dict[str, Any] | None = None, **rest: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "components": {"schemas": schemas or {}}, **rest}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def hint(*names: str, role: str = "response") -> NameHint:
    found = NameHint(role=role)
    for name in names:
        found = found.add(P_CONTEXT, name)
    return found


class Built:
    """Shapes of a document's schemas, then its IR models once finished."""

    def __init__(self, schemas: dict[str, Any] | None = None, **rest: Any) -> None:
        self.builder = SchemaBuilder(document(schemas, **rest), file="spec.yaml")
        self.shapes: list[Shape] = []
        # the builder memoizes by object identity, as the schemas of a document stay alive
        self.schemas: list[Any] = []

    def shape(self, schema: Any, *names: str, pointer: str = "/x", role: str = "response") -> Shape:
        self.schemas.append(schema)
        found = self.builder.shape(schema, pointer, hint(*names, role=role))
        self.shapes.append(found)
        return found

    def component(self, name: str, role: str = "response") -> Shape:
        return self.shape(ref(name), pointer=f"/use/{name}", role=role)

    def finish(
        self, overrides: dict[str, str] | None = None
    ) -> tuple[dict[str, ir.Model], list[ir.TypeRef]]:
        models, typeref = self.builder.finish(overrides or {})
        return {m.name: m for m in models}, [typeref(s) for s in self.shapes]

    def codes(self) -> list[str]:
        return [d.code for d in self.builder.diagnostics]

    def skipped(self) -> list[tuple[str, str]]:
        return [(s.pointer, s.reason) for s in self.builder.skipped]


def fields(model: ir.Model) -> dict[str, ir.Field]:
    return {f.wire_name: f for f in model.fields}
