"""Words of the OpenAPI specification that several stages look for in a document."""

from __future__ import annotations

# The operations a path item may hold (OpenAPI 3.0 and 3.1), in the specification's order.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

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
