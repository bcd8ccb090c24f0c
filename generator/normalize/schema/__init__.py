"""Schemas -> Python types: hoists object schemas into named, deduplicated models.

One module per concern:
- `builder`: `SchemaBuilder`, the entry point; dispatches on the kind of schema and types
  scalars, arrays, maps and references;
- `refs`: local `$ref`s (resolution, chains, cycles);
- `canonical`: structural identity (what makes two schemas the same model);
- `shape`: `Shape`, a type before its models are named;
- `drafts`: models before they are named, and their name candidates;
- `objects`, `compositions`: object schemas, `allOf`/`oneOf`/`anyOf` and discriminators;
- `jsonapi`: JSON:API documents, resources, identifiers, relationships and the built-ins;
- `unify`: merging near-duplicate models;
- `names`: naming the models;
- `to_ir`: drafts and shapes -> `ir.Model` and `ir.TypeRef`.
"""

from .builder import SchemaBuilder
from .drafts import P_COMPONENT, P_CONTEXT, P_FALLBACK, NameHint
from .jsonapi import (
    JSONAPI_MEDIA_TYPE,
    K_DOCUMENT,
    K_TO_MANY,
    K_TO_ONE,
    jsonapi_type_of,
    resource_name,
)
from .objects import scalar_default
from .shape import Shape

__all__ = [
    "JSONAPI_MEDIA_TYPE",
    "K_DOCUMENT",
    "K_TO_MANY",
    "K_TO_ONE",
    "P_COMPONENT",
    "P_CONTEXT",
    "P_FALLBACK",
    "NameHint",
    "SchemaBuilder",
    "Shape",
    "jsonapi_type_of",
    "resource_name",
    "scalar_default",
]
