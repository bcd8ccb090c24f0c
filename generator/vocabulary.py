"""Words of the OpenAPI specification that several stages look for in a document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The operations a path item may hold as fixed fields, in the specification's order: OpenAPI
# 3.0 and 3.1's eight, and 3.2's `query` (HTTP QUERY: safe and idempotent, with a body).
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

# OpenAPI 3.2's map of any other method (the key as it is sent, `LINK`, `PURGE`) -> operation.
ADDITIONAL_OPERATIONS = "additionalOperations"


def path_item_operations(item: Mapping[str, Any]) -> list[tuple[str, Any, tuple[str, ...]]]:
    """The operations of a path item, in document order: (method, operation, its keys in the
    item), the fixed fields' methods in lower case (`get`), those of 3.2's
    `additionalOperations` as written (`PURGE`). An operation may be any value (not checked)."""
    found: list[tuple[str, Any, tuple[str, ...]]] = []
    for key, value in item.items():
        if key in HTTP_METHODS:
            found.append((key, value, (key,)))
        elif key == ADDITIONAL_OPERATIONS and isinstance(value, Mapping):
            for method, operation in value.items():
                found.append((str(method), operation, (key, str(method))))
    return found


def http_method(method: str) -> str:
    """The method an operation sends: a fixed field's upper-cased (`GET`), an
    `additionalOperations` key as written."""
    return method.upper() if method in HTTP_METHODS else method


# JSON Schema's validation keywords for numbers, strings, arrays and enumerations: what an
# OpenAPI 3.0 schema takes among others, and what a Swagger 2.0 non-body parameter carries
# beside its type (its schema's keywords in OpenAPI 3).
VALIDATION_KEYWORDS = (
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
)
