"""`default: null` where null is no value: on a parameter or header that cannot be null, and on
a schema that refuses null and holds no hint of it. A schema that hints at null anywhere is
left alone, since "nullable" would be as plausible a reading."""

from __future__ import annotations

from typing import Any

from ..load.documents import Parts
from .context import Repairing
from .registry import declare, makes
from .type_names import JSON_TYPES

NULL_DEFAULT = declare(
    "repair.null-default",
    "`default: null` removed from a parameter or header that cannot be null, and from a schema "
    "that refuses null and hints at it nowhere (`nullable`, a `null` type, enum value or "
    "`const`, in it, a member or a `$ref` target)",
)


@makes(NULL_DEFAULT)
def fix_parameter_null_default(ctx: Repairing, schema: Any, parts: Parts) -> None:
    """`default: null` on a parameter or header that cannot be null: a query string or a
    header has no null to send, so the only meaning is "no value", which is what having
    no default already says."""
    if not isinstance(schema, dict) or "$ref" in schema or schema.get("default", 0) is not None:
        return
    kind = schema.get("type")
    if (
        schema.get("nullable") is True
        or kind == "null"
        or (isinstance(kind, list) and "null" in kind)
    ):
        return
    del schema["default"]
    ctx.report(NULL_DEFAULT, (*parts, "default"), "'default: null' removed")


def note_null_default(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    """Keep a schema with `default: null` for `fix_schema_null_defaults`."""
    if node.get("default", 0) is None:
        ctx.null_defaults.append((node, parts))


@makes(NULL_DEFAULT)
def fix_schema_null_defaults(ctx: Repairing) -> None:
    """`default: null` on a schema that refuses null: the default names no value the
    schema admits, so it goes and the schema admits exactly what it did (whether a property
    may be left out is `required`'s business). When anything in it hints at null (`nullable`,
    which normalize reads in 3.1 too, a `null` type, enum value or `const`, in the schema,
    a member or a `$ref` target), "nullable" is as plausible a reading: left alone.
    Decided once every other repair is done, so `$ref` targets are read repaired.
    (Parameters have their own, wider rule: `fix_parameter_null_default`.)"""
    for node, parts in ctx.null_defaults:
        if node.get("default", 0) is not None or not _rejects_null(ctx, node):
            continue
        if _hints_null(ctx, node, set()):
            continue
        del node["default"]
        message = "'default: null' removed: the schema does not admit null"
        ctx.report(NULL_DEFAULT, (*parts, "default"), message)


def _rejects_null(ctx: Repairing, schema: Any) -> bool:
    """Whether `schema` certainly rejects null (an unresolved `$ref`, an unknown type
    name or a cycle: not certain)."""
    if not isinstance(schema, dict):
        return schema is False
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref not in ctx.rejects_null_at:
            ctx.rejects_null_at[ref] = False  # until known: what a cycle back here reads
            ctx.rejects_null_at[ref] = _rejects_null(ctx, ctx.deref(schema))
        siblings = {k: v for k, v in schema.items() if k != "$ref"} if ctx.is_31 else {}
        return ctx.rejects_null_at[ref] or _rejects_null(ctx, siblings)
    kind = schema.get("type")
    if isinstance(kind, str) and kind in JSON_TYPES and kind != "null":
        return True
    if isinstance(kind, list) and kind and all(k in JSON_TYPES and k != "null" for k in kind):
        return True
    if "const" in schema and schema["const"] is not None:
        return True
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        return True
    # anyOf and oneOf refuse null when every member does, allOf when one does.
    for keyword, rule in (("anyOf", all), ("oneOf", all), ("allOf", any)):
        members = schema.get(keyword)
        if isinstance(members, list) and members and rule(_rejects_null(ctx, m) for m in members):
            return True
    return False


def _hints_null(ctx: Repairing, schema: Any, seen: set[str]) -> bool:
    """Whether anything in `schema`, its members or its `$ref` targets (those not in
    `seen`, which it extends) allows null or might: a `$ref` that does not resolve, a
    boolean schema `true`."""
    if not isinstance(schema, dict):
        return schema is not False
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        seen.add(ref)
        target = ctx.deref(schema)
        if not isinstance(target, dict) or _hints_null(ctx, target, seen):
            return True
    kind = schema.get("type")
    if (
        schema.get("nullable") is True
        or kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or ("const" in schema and schema["const"] is None)
        or (isinstance(schema.get("enum"), list) and None in schema["enum"])
    ):
        return True
    return any(
        _hints_null(ctx, member, seen)
        for keyword in ("anyOf", "oneOf", "allOf")
        if isinstance(schema.get(keyword), list)
        for member in schema[keyword]
    )
