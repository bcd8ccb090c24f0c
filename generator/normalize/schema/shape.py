"""`Shape`: a type before its models are named; a model is referred to by its structural key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ... import ir


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


def with_null(shape: Shape, nullable: bool) -> Shape:
    """`shape`, nullable too when `nullable` (`None` stays as it is)."""
    if not nullable or shape.nullable or shape.kind == "none":
        return shape
    return replace(shape, nullable=True)


def accepts(shape: Shape, value: Any) -> bool:
    """Whether the JSON scalar `value` is a value of `shape` (for defaults)."""
    if value is None:
        return shape.nullable or shape.kind in ("any", "none")
    if shape.kind == "any":
        return True
    if shape.kind == "union":
        return any(accepts(s, value) for s in shape.items)
    if shape.kind == "literal":
        return any(v == value and type(v) is type(value) for v in shape.literals)
    if isinstance(value, bool):
        return shape.kind == "bool"
    if isinstance(value, int):
        return shape.kind in ("int", "float")
    if isinstance(value, float):
        return shape.kind == "float"
    return isinstance(value, str) and shape.kind == "str"


def shape_models(shape: Shape) -> Iterator[str]:
    """The keys of the models `shape` refers to, at any depth (with repeats)."""
    if shape.model is not None:
        yield shape.model
    for item in shape.items:
        yield from shape_models(item)
