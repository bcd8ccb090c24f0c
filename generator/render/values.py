"""Python source of example values for the README: a value of each type of the IR, built only
from what the SDK defines (its models, the standard library)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from .. import ir

# The longest example of a model: required models nest, and where they share parts (A needs B
# and C, both need D...) the text would double with each level. A model whose example would
# be longer has none, so each model's example costs at most this much however the models nest.
MAX_EXAMPLE_CHARS = 2000
# Module-level names the examples use; never taken by the values they build.
_DATETIME_IMPORTS = {
    "date": "from datetime import date",
    "datetime": "from datetime import datetime, timezone",
}


def literal(value: str | float | bool | None) -> str:
    """A Python literal as black writes it (strings in double quotes)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


@dataclass
class Needs:
    """What the values built so far need imported."""

    models: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)


class Values:
    """Python source of a value for a type of the IR, using only what the SDK defines."""

    def __init__(self, models: Mapping[str, ir.Model]) -> None:
        self.models = models
        self.built: dict[tuple[str, frozenset[str], bool], tuple[str | None, Needs]] = {}
        self.building: set[str] = set()  # the models being built, outermost first

    def of(self, ref: ir.TypeRef, name: str, needs: Needs) -> str | None:
        """A value of `ref` (None when none can be written, e.g. a model nested too deep)."""
        kind = ref.kind
        if kind == "str":
            return literal(name.strip("_") or "value")
        if kind in ("int", "float", "bool"):
            return {"int": "1", "float": "1.0", "bool": "True"}[kind]
        if kind == "none":
            return "None"
        if kind == "any":
            return literal("value")
        if kind == "bytes":
            return 'b"..."'
        if kind in ("date", "datetime"):
            needs.imports.add(_DATETIME_IMPORTS[kind])
            return (
                "date(2025, 1, 31)"
                if kind == "date"
                else "datetime(2025, 1, 31, tzinfo=timezone.utc)"
            )
        if kind == "literal":
            return literal(ref.literals[0]) if ref.literals else None
        if kind == "list":
            item = self.of(ref.items[0], name, needs) if ref.items else None
            return f"[{item}]" if item is not None else "[]"
        if kind == "dict":
            return "{}"
        if kind == "union":
            members = sorted(ref.items, key=lambda member: member.kind == "none")
            return next((v for m in members if (v := self.of(m, name, needs)) is not None), None)
        if kind == "model" and ref.model is not None:
            return self.model(ref.model, needs)
        return None

    def model(
        self,
        name: str,
        needs: Needs,
        *,
        also: frozenset[str] = frozenset(),
        illustrate: bool = False,
    ) -> str | None:
        """`Model(<required fields>)`, see `_build`; built once per model and options (the same
        model is met again and again in a large API), None for a model that needs itself or whose
        example would be longer than `MAX_EXAMPLE_CHARS`."""
        key = (name, also, illustrate)
        if key not in self.built:
            if name in self.building:
                return None
            self.building.add(name)
            own = Needs()
            source = self._build(name, own, also=also, illustrate=illustrate)
            if source is not None and len(source) > MAX_EXAMPLE_CHARS:
                source = None
            self.building.discard(name)
            self.built[key] = (source, own)
        source, own = self.built[key]
        if source is not None:
            needs.models |= own.models
            needs.imports |= own.imports
        return source

    def _build(
        self,
        name: str,
        needs: Needs,
        *,
        also: frozenset[str] = frozenset(),
        illustrate: bool = False,
    ) -> str | None:
        """`Model(<required fields>)`: every field without a default gets a value, and so do the
        fields named in `also`; `illustrate`: when that sets nothing, one optional field of a
        simple type is set (text preferred), so the example shows what a field looks like."""
        model = self.models.get(name)
        if model is None or model.type_parameters or model.runtime_base:
            return None
        if model.kind == "alias":
            return self.of(model.alias_of, name, needs) if model.alias_of else None
        arguments = []
        for f in model.fields:
            if f.read_only or (f.default is not None and f.name not in also):
                continue
            nested = f.type.model if f.name in also and f.type.kind == "model" else None
            if nested is not None:  # a part asked for is shown as filled as the whole
                value = self.model(nested, needs, illustrate=illustrate)
            else:
                value = self.of(f.type, f.name, needs)
            if value is None:
                return None
            arguments.append(f"{f.name}={value}")
        if illustrate and not arguments:
            simple = [f for f in model.fields if not f.read_only and f.type.kind in _SIMPLE]
            simple.sort(key=lambda f: f.type.kind != "str")
            chosen = next((f for f in simple if self.of(f.type, f.name, needs) is not None), None)
            if chosen is not None:
                arguments.append(f"{chosen.name}={self.of(chosen.type, chosen.name, needs)}")
        needs.models.add(name)
        return f"{name}({', '.join(arguments)})"


_SIMPLE = frozenset({"str", "int", "bool", "literal"})
