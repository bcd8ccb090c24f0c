"""`spelled`: the annotation text of an IR type, a field or a parameter, for tests that compare
types by how the generated code spells them."""

from __future__ import annotations

from generator import ir
from generator.typing_printer import annotation


def spelled(value: ir.TypeRef | ir.Field | ir.Parameter | ir.PyType) -> str:
    """How the generated code spells `value` (a field or parameter: its full annotation)."""
    if isinstance(value, ir.TypeRef):
        return annotation(value.python)
    if isinstance(value, (ir.Field, ir.Parameter)):
        return annotation(value.annotation)
    return annotation(value)
