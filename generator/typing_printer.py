"""The one place that spells a Python type (`ir.PyType`) as annotation text and says what the
text needs: the standard-library imports and the SDK models it names. Import lines are sorted
here too, in isort's order, for every generated module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import ir


@dataclass(frozen=True, order=True)
class Import:
    """`import module` (name None) or `from module import name`."""

    module: str
    name: str | None = None


@dataclass(frozen=True)
class Printed:
    """A type's annotation text, the imports it needs and the models of `types/` it names."""

    text: str
    imports: frozenset[Import] = frozenset()
    models: frozenset[str] = frozenset()


# How a date type reads: through the `datetime` module, so a field named `date` cannot hide it.
_DATE_TYPES = {"date": "datetime.date", "datetime": "datetime.datetime"}
# The builtin types a class body can hide (a method or child resource named `list`) and how they
# are spelled there: through typing's alias. (No member is named after a builtin scalar type:
# see `generator.naming.CLASS_BODY_NAMES`.)
SHADOWABLE = {
    "list": "List",
    "dict": "Dict",
    "set": "Set",
    "frozenset": "FrozenSet",
    "tuple": "Tuple",
    "type": "Type",
}


def print_type(value: ir.PyType, shadowed: frozenset[str] = frozenset()) -> Printed:
    """`value` as annotation text. `shadowed`: builtin names that a class body hides (a method
    called `list`); they are spelled through typing's alias (`List[...]`, see SHADOWABLE)."""
    imports: set[Import] = set()
    models: set[str] = set()

    def builtin(name: str) -> str:
        if name in shadowed and name in SHADOWABLE:
            imports.add(Import("typing", SHADOWABLE[name]))
            return SHADOWABLE[name]
        return name

    def spell(node: ir.PyType) -> str:
        if isinstance(node, ir.AnyType):
            imports.add(Import("typing", "Any"))
            return "Any"
        if isinstance(node, ir.ScalarType):
            if node.name in _DATE_TYPES:
                imports.add(Import("datetime"))
                return _DATE_TYPES[node.name]
            return node.name if node.name == "None" else builtin(node.name)
        if isinstance(node, ir.LiteralType):
            imports.add(Import("typing", "Literal"))
            return "Literal[" + ", ".join(repr(v) for v in node.values) + "]"
        if isinstance(node, ir.ListType):
            return f"{builtin('list')}[{spell(node.item)}]"
        if isinstance(node, ir.DictType):
            return f"{builtin('dict')}[{builtin('str')}, {spell(node.value)}]"
        if isinstance(node, ir.UnionType):
            return " | ".join(spell(member) for member in node.members)
        if isinstance(node, ir.ModelType):
            models.add(node.name)
            return node.name + _arguments(node.arguments)
        if isinstance(node, ir.TypeVariable):
            return node.name
        if node.module:
            imports.add(Import(node.module, node.name))
        return node.name + _arguments(node.arguments)

    def _arguments(arguments: tuple[ir.PyType, ...]) -> str:
        return "[" + ", ".join(spell(a) for a in arguments) + "]" if arguments else ""

    text = spell(value)
    return Printed(text, frozenset(imports), frozenset(models))


def annotation(value: ir.PyType, shadowed: frozenset[str] = frozenset()) -> str:
    """The annotation text of `value` alone."""
    return print_type(value, shadowed).text


def union_members(value: ir.PyType) -> tuple[ir.PyType, ...]:
    """The members of `value` as one flat union (a non-union is its only member)."""
    if isinstance(value, ir.UnionType):
        return tuple(m for member in value.members for m in union_members(member))
    return (value,)


def union_of(members: Iterable[ir.PyType]) -> ir.PyType:
    """One flat union of `members`, each once, in first-seen order (one member: itself)."""
    flat: list[ir.PyType] = []
    for member in members:
        for each in union_members(member):
            if each not in flat:
                flat.append(each)
    return flat[0] if len(flat) == 1 else ir.UnionType(tuple(flat))


def imports_of(values: Iterable[ir.PyType], shadowed: frozenset[str] = frozenset()) -> set[Import]:
    """Every import the annotations of `values` need."""
    found: set[Import] = set()
    for value in values:
        found |= print_type(value, shadowed).imports
    return found


def models_of(values: Iterable[ir.PyType]) -> set[str]:
    """Every model of `types/` the annotations of `values` name."""
    found: set[str] = set()
    for value in values:
        found |= print_type(value).models
    return found


def import_lines(imports: Iterable[Import]) -> tuple[str, ...]:
    """Standard-library import lines in isort's order: `import x` first, then `from x import`
    by module, the names imported from one module merged and sorted."""
    imports = list(imports)
    plain = sorted({i.module for i in imports if i.name is None})
    names: dict[str, set[str]] = {}
    for each in imports:
        if each.name is not None:
            names.setdefault(each.module, set()).add(each.name)
    return (
        *(f"import {module}" for module in plain),
        *(
            f"from {module} import {', '.join(sorted(names[module], key=_isort_name_key))}"
            for module in sorted(names)
        ),
    )


def _isort_name_key(name: str) -> tuple[int, str]:
    # isort's order of imported names: CONSTANTS, then Classes, then functions.
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)
