"""Structural identity: the canonical form of a schema, and what of a schema changes its type.

The canonical form keeps only what changes the generated Python — `type`, the formats
`date`/`date-time`/`binary`, `nullable`, `enum`, `const`, `default`, `properties` (names and
their canonical forms, order ignored), `items`, `additionalProperties`, `allOf`/`oneOf`/`anyOf`
and resolved `$ref`s. Documentation (`description`, `title`, `example(s)`, `externalDocs`,
`x-*`), validation-only keywords (`maxLength`, `pattern`, `minimum`, ...), `readOnly`,
`writeOnly`, `deprecated`, `discriminator` and unknown keywords are noise. Two schemas with the
same canonical form are the same model; `required` is not part of it: a property of that model
is required when every copy requires it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .refs import References

# The string formats that change the Python type, and that type.
TYPE_FORMATS = {"date": "date", "date-time": "datetime", "binary": "bytes"}


class CanonicalForms:
    """Digests of canonical forms, memoized per schema object (the document is not modified
    while they are in use; synthetic schemas must be kept alive while their digest is)."""

    def __init__(self, refs: References) -> None:
        self.refs = refs
        self._memo: dict[int, str] = {}

    def digest(self, node: Any) -> str:
        """Digest of the canonical form of a schema (see the module docstring)."""
        if not isinstance(node, (dict, list)):
            return json.dumps(node, sort_keys=True, default=str)
        memo = self._memo.get(id(node))
        if memo is not None:
            return memo
        if isinstance(node, list):
            parts: Any = [self.digest(item) for item in node]
        else:
            parts = self._parts(node)
        digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
        self._memo[id(node)] = digest
        return digest

    def _parts(self, node: dict[str, Any]) -> Any:
        ref = node.get("$ref")
        if ref is not None:
            target = self.refs.resolve(ref)
            if target is None:
                return ("dangling", str(ref))
            if target[1] in self.refs.cyclic:
                return ("ref", target[1])
            return ("same", self.digest(target[0]))
        parts: list[Any] = []
        for key in ("type", "nullable", "const", "default", "format", "enum"):
            if key not in node:
                continue
            value = node[key]
            if key == "format" and not (isinstance(value, str) and value in TYPE_FORMATS):
                continue
            parts.append((key, json.dumps(value, sort_keys=True, default=str)))
        props = node.get("properties")
        if isinstance(props, dict):
            parts.append(("properties", sorted((str(k), self.digest(v)) for k, v in props.items())))
        elif props is not None:
            parts.append(("properties", "invalid"))
        for key in ("items", "additionalProperties", "allOf", "oneOf", "anyOf"):
            if key in node:
                parts.append((key, self.digest(node[key])))
        return parts


def is_object_model(schema: dict[str, Any]) -> bool:
    """Whether `schema` becomes a model class: an object with properties."""
    props = schema.get("properties")
    if not isinstance(props, dict) or not props:
        return False
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        return "object" in kind
    return kind == "object" or kind not in ("string", "integer", "number", "boolean", "array")


def is_nullable(schema: dict[str, Any]) -> bool:
    """`nullable: true`, `"null"` among the types, or `null` among the enum values."""
    if schema.get("nullable") is True:
        return True
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        return True
    enum = schema.get("enum")
    return isinstance(enum, list) and None in enum
