"""Keywords: a misspelt keyword of a schema or an OpenAPI object is renamed, an unknown one is
kept as an `x-sdkgen-<name>` extension (never dropped), and a property schema whose keys all
name properties gets back the `properties` wrapper it lost."""

from __future__ import annotations

from typing import Any

from ..load.documents import Parts
from ..vocabulary import HTTP_METHODS, VALIDATION_KEYWORDS
from .context import Repairing
from .registry import declare, makes

UNKNOWN_KEYWORD = declare(
    "repair.unknown-keyword",
    "a misspelt keyword renamed (`maxlength`, `descrtiption`); an unknown one kept as "
    "`x-sdkgen-<name>` (in a 3.1 schema, where unknown keywords are annotations, left alone)",
)
MISPLACED_PROPERTIES = declare(
    "repair.misplaced-properties",
    "a property whose keys are all unknown and all hold schemas: moved under `properties`",
)

_SCHEMA_30 = frozenset(
    [
        "title",
        *VALIDATION_KEYWORDS,
        "maxProperties",
        "minProperties",
        "required",
        "type",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "items",
        "properties",
        "additionalProperties",
        "description",
        "format",
        "default",
        "nullable",
        "discriminator",
        "readOnly",
        "writeOnly",
        "xml",
        "externalDocs",
        "example",
        "deprecated",
        "$ref",
    ]
)
_SCHEMA_31 = (_SCHEMA_30 - {"nullable"}) | frozenset(
    [
        "$schema",
        "$id",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$defs",
        "$comment",
        "$vocabulary",
        "const",
        "examples",
        "prefixItems",
        "contains",
        "minContains",
        "maxContains",
        "patternProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "if",
        "then",
        "else",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
    ]
)
# The fixed fields of the OpenAPI objects whose unknown keys we repair (3.0, 3.1 and 3.2
# merged: a field of a later version in an earlier one's document is left for the validator
# to report).
_OBJECT_FIELDS = {
    "root": "openapi $self info jsonSchemaDialect servers paths webhooks components security "
    "tags externalDocs",
    "components": "schemas responses parameters examples requestBodies headers securitySchemes "
    "links callbacks pathItems mediaTypes",
    "pathItem": "$ref summary description servers parameters additionalOperations "
    + " ".join(HTTP_METHODS),
    "operation": "tags summary description externalDocs operationId parameters requestBody "
    "responses callbacks deprecated security servers",
    "parameter": "name in description required deprecated allowEmptyValue style explode "
    "allowReserved schema example examples content $ref",
    "header": "description required deprecated allowEmptyValue style explode allowReserved "
    "schema example examples content $ref",
    "requestBody": "description content required $ref",
    "response": "summary description headers content links $ref",
    "mediaType": "schema itemSchema example examples encoding prefixEncoding itemEncoding",
}
_FIELDS = {kind: frozenset(names.split()) for kind, names in _OBJECT_FIELDS.items()}


def schema_keywords(ctx: Repairing) -> frozenset[str]:
    """The keywords a schema of this document's OpenAPI version knows."""
    return _SCHEMA_31 if ctx.is_31 else _SCHEMA_30


def is_misplaced_schema(members: dict[str, Any]) -> bool:
    """A `properties` map that is really a schema (its `type` is a string): the property's
    name was lost, so there is no one obvious repair; overlays handle these."""
    return isinstance(members.get("type"), str) and isinstance(members.get("properties"), dict)


@makes(UNKNOWN_KEYWORD)
def fix_object_keys(ctx: Repairing, node: dict[str, Any], parts: Parts, kind: str) -> None:
    """The keys of an OpenAPI object of `kind` ("operation", "mediaType", ... see
    `_OBJECT_FIELDS`): an object's fixed fields are closed in every version."""
    _fix_keys(ctx, node, parts, _FIELDS[kind], park_unknown=True)


@makes(UNKNOWN_KEYWORD)
def fix_schema_keys(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    # JSON Schema 2020-12 (OpenAPI 3.1) allows unknown keywords as annotations.
    _fix_keys(ctx, node, parts, schema_keywords(ctx), park_unknown=not ctx.is_31)


def _fix_keys(
    ctx: Repairing, node: dict[str, Any], parts: Parts, known: frozenset[str], park_unknown: bool
) -> None:
    """Rename misspelt keywords; park unknown ones under `x-sdkgen-<name>`."""
    for key in list(node):
        if key in known or key.startswith("x-"):
            continue
        target = next((k for k in known if k.lower() == key.lower()), None)
        target = target or next((k for k in sorted(known) if _is_typo(key, k)), None)
        if target and target not in node:
            node[target] = node.pop(key)
            ctx.report(UNKNOWN_KEYWORD, (*parts, target), f"{key!r} read as {target!r}")
            continue
        if not park_unknown:
            continue
        extension = "x-sdkgen-" + (key.lstrip(".$") or "key")
        if extension in node:
            extension = "x-sdkgen-" + key
        node[extension] = node.pop(key)
        message = f"unknown keyword {key!r} kept as {extension!r}"
        ctx.report(UNKNOWN_KEYWORD, (*parts, extension), message)


def _is_typo(key: str, keyword: str) -> bool:
    """One letter inserted, dropped, replaced or two swapped; only for long alphabetic words
    (a digit suffix such as `example2` is a deliberate variant, not a typo)."""
    if not key.isalpha() or len(keyword) < 6 or key == keyword:
        return False
    if len(key) == len(keyword):
        diffs = [i for i, (a, b) in enumerate(zip(key, keyword, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        first, second = (diffs + [-1, -1])[:2]
        return len(diffs) == 2 and second == first + 1 and key[first] == keyword[second]
    longer, shorter = (key, keyword) if len(key) > len(keyword) else (keyword, key)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@makes(MISPLACED_PROPERTIES)
def fix_missing_properties(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    """A property whose keys are all unknown and all hold schemas lost its `properties`
    wrapper (`connected_integrations: {connector: {...}, environment: {...}}`): inside a
    schema such a key can only name a property."""
    known = schema_keywords(ctx)
    if not node or any(key in known or key.startswith("x-") for key in node):
        return
    if not all(isinstance(v, dict) and ("type" in v or "properties" in v) for v in node.values()):
        return
    members = dict(node)
    node.clear()
    node.update({"type": "object", "properties": members})
    names = ", ".join(repr(name) for name in members)
    ctx.report(MISPLACED_PROPERTIES, (*parts, "properties"), f"{names} moved under 'properties'")
