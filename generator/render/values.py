"""Python source of example values for the README: a value of each type of the IR, built only
from what the SDK defines (its models, the standard library)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .. import ir

# The longest example of a model: required models nest, and where they share parts (A needs B
# and C, both need D...) the text would double with each level. A model whose example would
# be longer has none, so each model's example costs at most this much however the models nest.
MAX_EXAMPLE_CHARS = 2000
# The longest text of the spec's examples used as a value (a longer one reads as a document).
MAX_SPEC_TEXT = 80
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
        self.samples = model_samples(models)
        self.built: dict[
            tuple[str, frozenset[str], bool, frozenset[tuple[str, str]]], tuple[str | None, Needs]
        ] = {}
        self.building: set[str] = set()  # the models being built, outermost first

    def of(
        self, ref: ir.TypeRef, name: str, needs: Needs, example: str | None = None
    ) -> str | None:
        """A value of `ref` (None when none can be written, e.g. a model nested too deep): the
        spec's `example` (JSON text, see `ir.Field.example`) when it is a value of `ref`, else
        one built from the type (text: the name)."""
        if example is not None:
            source = spec_value(ref, json.loads(example), needs)
            if source is not None:
                return source
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
        gaps: frozenset[tuple[str, str]] = frozenset(),
    ) -> str | None:
        """`Model(<required fields>)`, see `_build`; built once per model and options (the same
        model is met again and again in a large API), None for a model that needs itself or whose
        example would be longer than `MAX_EXAMPLE_CHARS`."""
        key = (name, also, illustrate, gaps)
        if key not in self.built:
            if name in self.building:
                return None
            self.building.add(name)
            own = Needs()
            source = self._build(name, own, also=also, illustrate=illustrate, gaps=dict(gaps))
            if source is not None and len(source) > MAX_EXAMPLE_CHARS:
                source = None
            self.building.discard(name)
            self.built[key] = (source, own)
        source, own = self.built[key]
        if source is not None:
            needs.models |= own.models
            needs.imports |= own.imports
        return source

    def keywords(
        self, name: str, needs: Needs, examples: Mapping[str, str | None] | None = None
    ) -> str | None:
        """The arguments of `Model(...)` (see `model`, illustrated) as the keywords of a method
        that takes the model's fields as keywords: `name="renamed", price=1.5`. `examples`: the
        keywords' own examples (`ir.BodyKeyword.example`, by name), for the fields that the
        model's examples leave without one."""
        own = Needs()
        gaps = frozenset((k, v) for k, v in (examples or {}).items() if v is not None)
        source = self.model(name, own, illustrate=True, gaps=gaps)
        if source is None or not source.startswith(f"{name}(") or not source.endswith(")"):
            return None
        needs.models |= own.models - {name}
        needs.imports |= own.imports
        return source[len(name) + 1 : -1]

    def _build(
        self,
        name: str,
        needs: Needs,
        *,
        also: frozenset[str] = frozenset(),
        illustrate: bool = False,
        gaps: Mapping[str, str] | None = None,
    ) -> str | None:
        """`Model(<required fields>)`: every field without a default gets a value, and so do the
        fields named in `also`; `illustrate`: when that sets nothing, one optional field of a
        simple type is set (one with the spec's example preferred, then text), so the example
        shows what a field looks like. A field's value is its spec example when it fits (see
        `field_examples`; `gaps`: examples by field name for the fields that have none)."""
        model = self.models.get(name)
        if model is None or model.type_parameters or model.runtime_base:
            return None
        if model.kind == "alias":
            return self.of(model.alias_of, name, needs) if model.alias_of else None
        arguments = []
        examples = field_examples(model, self.samples.get(name))
        for field_name, example in (gaps or {}).items():
            if field_name in examples and examples[field_name] is None:
                examples[field_name] = example
        for f in model.fields:
            if f.read_only or (f.default is not None and f.name not in also):
                continue
            nested = f.type.model if f.name in also and f.type.kind == "model" else None
            if nested is not None:  # a part asked for is shown as filled as the whole
                value = self.model(nested, needs, illustrate=illustrate)
            else:
                value = self.of(f.type, f.name, needs, examples[f.name])
            if value is None:
                return None
            arguments.append(f"{f.name}={value}")
        if illustrate and not arguments:
            simple = [f for f in model.fields if not f.read_only and f.type.kind in _SIMPLE]
            simple.sort(key=lambda f: f.type.kind != "str")
            simple.sort(key=lambda f: examples[f.name] is None)  # the spec's examples first
            for chosen in simple:
                value = self.of(chosen.type, chosen.name, needs, examples[chosen.name])
                if value is not None:
                    arguments.append(f"{chosen.name}={value}")
                    break
        needs.models.add(name)
        return f"{name}({', '.join(arguments)})"


_SIMPLE = frozenset({"str", "int", "bool", "literal"})


def _model_of(ref: ir.TypeRef) -> str | None:
    """The model `ref` is, alone or with None."""
    if ref.kind == "union":
        models = [item for item in ref.items if item.kind != "none"]
        return _model_of(models[0]) if len(models) == 1 else None
    return ref.model if ref.kind == "model" else None


def model_samples(models: Mapping[str, ir.Model]) -> dict[str, dict[str, Any]]:
    """The spec's example object of each model that has one: the first found on a field of
    that model's type (models in order; specs give the example where the model is used)."""
    samples: dict[str, dict[str, Any]] = {}
    for model in models.values():
        for f in model.fields:
            target = _model_of(f.type)
            if target is not None and target not in samples and f.example is not None:
                value = json.loads(f.example)
                if isinstance(value, dict) and value:
                    samples[target] = value
    return samples


def field_examples(model: ir.Model, sample: Mapping[str, Any] | None) -> dict[str, str | None]:
    """The example of each field of `model` (by Python name): its value in `sample`, the
    example object of the whole model, else the field's own example (JSON text)."""
    return {
        f.name: (
            json.dumps(sample[f.wire_name], sort_keys=True, ensure_ascii=False)
            if sample is not None and f.wire_name in sample
            else f.example
        )
        for f in model.fields
    }


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?"
)


def spec_value(ref: ir.TypeRef, value: Any, needs: Needs) -> str | None:
    """Python source of the spec's example `value` (parsed JSON) as a value of `ref`; None when
    it is not one (wrong type, not an allowed value, text too long or on several lines, a date
    that is no date...) or is of a kind written from the type only (models, dicts)."""
    kind = ref.kind
    if kind == "union":
        members = sorted(ref.items, key=lambda member: member.kind == "none")
        return next((v for m in members if (v := spec_value(m, value, needs)) is not None), None)
    if kind == "literal":
        same = [v for v in ref.literals if v == value and type(v) is type(value)]
        return literal(same[0]) if same else None
    if kind == "bool":
        return repr(value) if isinstance(value, bool) else None
    if isinstance(value, bool):
        return None
    if kind == "int":
        return repr(value) if isinstance(value, int) else None
    if kind == "float":
        return repr(float(value)) if isinstance(value, (int, float)) else None
    if kind == "list":
        if not isinstance(value, list) or not value or not ref.items:
            return None
        items = [spec_value(ref.items[0], item, needs) for item in value[:3]]
        return None if None in items else f"[{', '.join(i for i in items if i is not None)}]"
    if not isinstance(value, str) or kind not in ("str", "any", "date", "datetime"):
        return None
    if kind == "date":
        return _date(value, needs)
    if kind == "datetime":
        return _datetime(value, needs)
    if not value.strip() or len(value) > MAX_SPEC_TEXT or "\n" in value or "\r" in value:
        return None
    return literal(value)


def _date(text: str, needs: Needs) -> str | None:
    """`date(2025, 1, 31)` for an ISO date."""
    if not _DATE.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    needs.imports.add(_DATETIME_IMPORTS["date"])
    return f"date({day.year}, {day.month}, {day.day})"


def _datetime(text: str, needs: Needs) -> str | None:
    """`datetime(2025, 1, 31, 9, 30, tzinfo=timezone.utc)` for an ISO date-time in UTC (or
    without an offset, read as UTC); None for another offset (the example would need more)."""
    if not _DATETIME.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.utcoffset() not in (None, timedelta(0)):
        return None
    parts = [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
    while len(parts) > 3 and parts[-1] == 0:
        parts.pop()
    needs.imports.add(_DATETIME_IMPORTS["datetime"])
    return f"datetime({', '.join(map(str, parts))}, tzinfo=timezone.utc)"
