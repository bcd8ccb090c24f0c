"""openapi-spec-validator-rs: openapi-spec-validator ported to Rust, rule by rule, with the same
Python API, errors, messages and order; the CA spec after repair in 0.02 s, GitHub's in 0.1-0.3 s.

Its errors come in the reference's order: the JSON Schema pass's, then the keyword pass's. The
first kind carry absolute paths and become diagnostics as the reference's do. The second carry
paths relative to the object a keyword validator checked (a schema, a `default`), or none, and
the library does not say which object that was: only the errors that name their operation (an
unresolved path parameter, a duplicate operationId) can be located from the error alone. When
any other keyword-pass error is reported, `Outcome.keyword` is None and the reference's keyword
pass locates them (`validator._run`): the CA spec before repair, for one.

What differs from the reference, and what is done about it (`tests/validate/
test_equivalence.py` compares the two on the broken-spec corpus, the 32 CA versions raw and
repaired, GitHub's spec and the fixtures):

- the order in which extra properties of an object are checked: the document's here, a `set`'s
  in jsonschema (it changes with PYTHONHASHSEED), which reordered a oneOf's branch failures,
  some problems, and which problem a schema's meta-schema check reports first. The reference
  now checks them in the document's order too (`reference._ordered`), and the diagnostic of a
  oneOf takes the first of its equally specific failures by pointer (`diagnose`). With both,
  the CA spec's 238 errors before repair are the same, in the same order, with the same leaves;
- values it converts (NaN and infinities become None, integers beyond 64 bits become floats,
  tuples become lists; anything that is not JSON): such a document is validated by the
  reference (`plain_json`);
- a validation that stops (a `$ref` that cannot be resolved, a key that is not a string, a
  reference cycle) raises another exception, with another message: the reference validates
  that document and reports what it reports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from typing import Any

from ..diagnostics import Diagnostic
from .diagnose import diagnostic, kind, operation_in_message

NAME = "openapi-spec-validator-rs"
MODULE = "openapi_spec_validator_rs"
_INT_RANGE = (-(1 << 63), 1 << 64)  # what it keeps as integers (i64 and u64)


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the package is installed and imports (its extension may not load everywhere)."""
    try:
        __import__(MODULE)
    except Exception:  # noqa: BLE001 - ImportError, or an extension that cannot load here
        return False
    return True


def version() -> str:
    try:
        return metadata.version(NAME)
    except metadata.PackageNotFoundError:
        return "?"


@dataclass(frozen=True)
class Outcome:
    """What openapi-spec-validator-rs found: the JSON Schema pass's diagnostics, and the keyword
    pass's when every one of them could be located (None: run the reference's keyword pass)."""

    schema: list[Diagnostic]
    keyword: list[Diagnostic] | None


def validate(data: dict[str, Any], version: str, file: str) -> Outcome | None:
    """Validate an OpenAPI `version` ("3.0", "3.1", "3.2") document; None when the reference must
    validate it instead (values it would convert, or a validation it stopped)."""
    if not plain_json(data):
        return None
    import openapi_spec_validator_rs as rs

    classes = {
        "3.0": rs.OpenAPIV30SpecValidator,
        "3.1": rs.OpenAPIV31SpecValidator,
        "3.2": rs.OpenAPIV32SpecValidator,
    }
    try:
        errors = list(classes[version](data).iter_errors())
    except Exception:  # noqa: BLE001 - the reference's exception and message are another
        return None
    split = 0
    while split < len(errors) and _located(errors[split], data):
        split += 1
    schema = [diagnostic(err, file) for err in errors[:split]]
    rest = errors[split:]
    if not all(_operation(err, data) for err in rest):
        return Outcome(schema, None)
    return Outcome(schema, [diagnostic(err, file) for err in rest])


def _located(err: Any, data: Any) -> bool:
    """Whether an error is one of the JSON Schema pass's: with details, and its instance is what
    the document holds at its path (a keyword-pass error's path is relative to another object)."""
    if kind(err) != "OpenAPIValidationError" or not isinstance(err.validator, str):
        return False
    node = data
    for part in err.path:
        held = part in node if isinstance(node, Mapping) and isinstance(part, str) else False
        held = held or isinstance(node, list) and type(part) is int and 0 <= part < len(node)
        if not held:
            return False
        node = node[part]
    return _alike(node, err.instance)


def _alike(ours: Any, theirs: Any) -> bool:
    """The same value at a glance: same type, same keys in the same order or the same length."""
    if type(ours) is not type(theirs):
        return False
    if isinstance(ours, dict):
        return list(ours) == list(theirs)
    if isinstance(ours, list):
        return len(ours) == len(theirs)
    return bool(ours == theirs)


def _operation(err: Any, data: dict[str, Any]) -> bool:
    """Whether a keyword-pass error names an operation that the document has."""
    operation = operation_in_message(err)
    if operation is None:
        return False
    url, method = operation
    paths = data.get("paths")
    item = paths.get(url) if isinstance(paths, Mapping) else None
    return isinstance(item, Mapping) and isinstance(item.get(method), Mapping)


def plain_json(data: Any) -> bool:
    """Whether every value is one JSON has, as openapi-spec-validator-rs keeps it: objects,
    arrays, strings, booleans, null, 64-bit integers and finite numbers. (GitHub's spec: 0.06 s.)"""
    low, high = _INT_RANGE
    stack = [data]
    while stack:
        node = stack.pop()
        for value in node.values() if type(node) is dict else node:
            cls = type(value)
            if cls is str or cls is bool or value is None:
                continue
            if cls is dict or cls is list:
                stack.append(value)
            elif cls is int:
                if not low <= value < high:
                    return False
            elif cls is float:
                if not math.isfinite(value):
                    return False
            else:
                return False
    return True
