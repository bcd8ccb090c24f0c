"""One validation error as one short, located Diagnostic, whichever library reported it.

openapi-spec-validator's errors (jsonschema `ValidationError`s and its own subclasses) and
openapi-spec-validator-rs's (the same classes and attributes, built in Rust) go through the same
code here: a oneOf/anyOf error is reduced to its most specific branch failure, the error is
classified (`validate.type`, `validate.unknown-keyword`, ...) and located by JSON pointer.
Exception classes are recognised by name, so neither library has to be imported to read them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..diagnostics import Diagnostic, pointer_from_parts

MAX_MESSAGE = 200
BASE = "_sdkgen_base"  # attribute set on an error: location of the object it is about

# The keyword-pass errors that name their operation in their message (upstream's wording:
# "Path parameter 'id' for 'get' operation in '/a' was not resolved", "Operation ID 'x' for
# 'get' in '/a' is not unique").
_OPERATION_IN_MESSAGE = re.compile(
    r" for '(\w+)'(?: operation)? in '(.*)' (?:was not resolved|is not unique)\Z", re.DOTALL
)
_PREFERENCE = ["additionalProperties", "unevaluatedProperties", "enum", "type", "required"]


def kind(err: Any) -> str:
    """The error's class name: `UnresolvableParameterError`, `OpenAPIValidationError`, ..."""
    return type(err).__name__


def operation_in_message(err: Any) -> tuple[str, str] | None:
    """(url, method) of the operation an UnresolvableParameterError or a
    DuplicateOperationIDError names in its message, None for other errors."""
    if kind(err) not in ("UnresolvableParameterError", "DuplicateOperationIDError"):
        return None
    found = _OPERATION_IN_MESSAGE.search(str(err.message))
    return (found.group(2), found.group(1)) if found else None


def _leaves(err: Any) -> list[Any]:
    context = err.context
    if not context:
        return [err]
    return [leaf for child in context for leaf in _leaves(child)]


def _most_specific(err: Any) -> Any:
    """Of a oneOf/anyOf error's branch failures, the deepest one that says something useful.

    The "it could also be a Reference" branch ("'$ref' is a required property") is noise. Ties
    go to the first in pointer order, then message order: the order of the branch failures
    is not the document's (jsonschema checks extra properties in the order of a `set`, which
    changes with PYTHONHASHSEED; openapi-spec-validator-rs in the document's order).
    """
    leaves = [
        leaf
        for leaf in _leaves(err)
        if not (leaf.validator == "required" and "'$ref'" in leaf.message)
    ]
    if not leaves:
        return err

    def rank(leaf: Any) -> tuple[int, int, tuple[str, ...], str]:
        name = str(leaf.validator)
        order = _PREFERENCE.index(name) if name in _PREFERENCE else len(_PREFERENCE)
        path = tuple(str(part) for part in leaf.absolute_path)
        return (-len(path), order, path, str(leaf.message))

    return min(leaves, key=rank)


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def _unknown_keys(err: Any) -> list[str]:
    instance, schema = err.instance, err.schema
    if not isinstance(instance, Mapping) or not isinstance(schema, Mapping):
        return []
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        str(key)
        for key in instance
        if key not in known and not any(re.search(p, str(key)) for p in patterns)
    ]


def _parts(err: Any, leaf: Any) -> tuple[str | int, ...]:
    base: tuple[str | int, ...] = getattr(err, BASE, ())
    if not base:
        operation = operation_in_message(err)
        if operation is not None:
            base = ("paths", *operation)
    return (*base, *leaf.absolute_path)


def _classify(err: Any, leaf: Any, parts: Sequence[Any]) -> tuple[str, str]:
    """(code, message) for one validator error."""
    name = str(leaf.validator)
    special = {
        "UnresolvableParameterError": "validate.path-parameter",
        "ParameterDuplicateError": "validate.duplicate-parameter",
        "DuplicateOperationIDError": "validate.duplicate-operation-id",
        "ExtraParametersError": "validate.required",
    }.get(kind(err))
    if special is not None:
        return special, err.message
    if name in ("additionalProperties", "unevaluatedProperties"):
        names = ", ".join(repr(key) for key in _unknown_keys(leaf)) or leaf.message
        plural = "s" if "," in names else ""
        return "validate.unknown-keyword", f"unknown keyword{plural} {names}"
    in_value = any(part in ("default", "example", "examples") for part in parts)
    if in_value and name in ("type", "enum", "format", "required", "nullable"):
        return "validate.example", f"value does not match its schema: {leaf.message}"
    if name == "enum" and parts and parts[-1] == "type":
        return "validate.type", f"invalid type name {leaf.instance!r}"
    if name == "type":
        found = type(leaf.instance).__name__.replace("dict", "object").replace("list", "array")
        return "validate.type", f"expected {leaf.validator_value}, found {found} {leaf.instance!r}"
    if name == "enum":
        return "validate.enum", leaf.message
    if name == "required":
        return "validate.required", leaf.message
    return "validate.other", leaf.message


def diagnostic(err: Any, file: str = "") -> Diagnostic:
    """One validator error as a diagnostic."""
    leaf = _most_specific(err)
    parts = _parts(err, leaf)
    code, message = _classify(err, leaf, parts)
    return Diagnostic("error", code, short(message), pointer_from_parts(parts), file)


def crash(exc: BaseException, file: str = "") -> Diagnostic:
    """The validator raised instead of reporting: what a run reports when nothing came before."""
    message = f"validator failed: {type(exc).__name__}: {exc}"
    return Diagnostic("error", "validate.other", short(message), "", file)
