"""Diff: what changed between two versions of an API, as a user of the generated SDK sees it.

Both specs go through load → repair → overlay → normalize (validation errors are tolerated, as
with `--allow-invalid`), and the comparison runs on a JSON-friendly record of the IR
(`surface_record`): per operation its method, path, SDK method, parameters, and the fields of
its request body and success response flattened to dotted paths, each with a type shape,
required-ness and enum values; per model its schema's JSON pointer and its fields' types; per
resource its class. The record is also stored beside a generated SDK, so the next
generation can write a changelog entry without the previous spec at hand (`pipeline.record_from_spec`
builds it from a spec file).

Operations are matched by operationId; one keeping its operationId under a new method or path is
*moved*, and one keeping its method and path under a new operationId is *renamed*. Neither breaks
a user of the SDK by itself: the SDK sends the call where the spec now says. What breaks is a
method's name changing, unless the old name stays as a deprecated alias (the record's
`aliases`, see `normalize.attach_aliases`), and the removal of such an alias.
A model or resource class that changes name is *renamed* when the records tell it (a model: the
same schema pointer, else the only one of the same structure; a resource class: the same
attribute path from the client), and breaks nobody while its old name stays as a deprecated
alias (the record's `class_aliases`, see `normalize.attach_class_aliases`).
Changes are classified by direction: what the user sends (parameters, request body) may widen
but not narrow; what the SDK returns may narrow but not widen.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from .. import ir
from ..graph import depth_first
from ..typing_printer import annotation

RECORD_FORMAT = 3
# Format 1 listed model names only and no resource classes; `release.read_previous` upgrades
# such a record from the SDK it was written with. Formats 1 and 2 spelled every object model
# "object" and flattened each operation's request and response into dotted field paths;
# `compare` reads only their top level (see `_legacy_operations`).
READABLE_FORMATS = (1, 2, 3)
FLATTENED_FORMATS = (1, 2)
EXTRA_KEY = "{}"  # the wire entry of a model's typed additional properties
Entry = dict[str, Any]  # {"type": shape, "required": bool, "enum": [...]}
Bump = Literal["major", "minor", "patch", "none"]
ChangeKind = Literal["added", "removed", "moved", "renamed", "changed"]
ClassKind = Literal["model", "resource"]
ALIAS_PACKAGES: dict[ClassKind, str] = {"model": "types", "resource": "resources"}


# --- the record ---------------------------------------------------------------------------------


def surface_record(api: ir.Api, *, like: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A JSON-serializable description of what the SDK exposes, for `compare`: its operations,
    models and deprecated aliases (old dotted name → the operation it calls), and a digest of
    the rest of the IR. The SDK's own version is left out: it follows from the comparison.

    Models are a table: each model once, with its fields, and operations and fields name the
    models they hold. The record, and the comparison, grow with the size of the API, never with
    the number of paths through its model graph (Stripe's objects refer to each other through
    nearly every field).

    `like`: the record of the same API before aliases were attached. Its operations, models
    and digest are reused: attaching aliases changes none of them, and the aliases are recorded
    on their own below."""
    aliases: dict[str, Any] = {}
    if like is not None:
        operations, models, digest = dict(like["operations"]), like["models"], like["digest"]
    else:
        operations = _operations_record(api)
        models = {model.name: model_record(model) for model in sorted(api.models, key=_name)}
        digest = hashlib.sha256(repr(replace(api, sdk_version="")).encode()).hexdigest()
    for resource in depth_first(api.resources, lambda resource: resource.children):
        for alias in resource.aliases:
            aliases[alias.name] = {
                "operation_id": alias.operation.operation_id,
                "target": alias.target,
                "since": alias.since,
            }
    return {
        "format": RECORD_FORMAT,
        "title": api.title,
        "version": api.version,
        "digest": digest,
        "models": models,
        "resources": {
            ".".join(resource.path): resource.class_name
            for resource in depth_first(api.resources, lambda resource: resource.children)
            if not resource.alias_only
        },
        "operations": operations,
        "aliases": dict(sorted(aliases.items())),
        "class_aliases": {
            class_alias_key(alias.kind, alias.name): {"target": alias.target, "since": alias.since}
            for alias in sorted(api.class_aliases, key=lambda a: (a.kind, a.name))
        },
    }


def _name(model: ir.Model) -> str:
    return model.name


def class_alias_key(kind: ClassKind, name: str) -> str:
    """How the record names a deprecated class alias: "types.Old" or "resources.Old"."""
    return f"{ALIAS_PACKAGES[kind]}.{name}"


def model_record(model: ir.Model) -> dict[str, Any]:
    """A model as the record keeps it: the pointer of its schema; its fields' annotations (an
    alias's target under "="), enough to recognise it under another name; and its wire
    entries (JSON key → shape, required-ness, enum values; an alias's target under "=", typed
    additional properties under "{}"), which the comparison compares."""
    wire: dict[str, Entry] = {}
    if model.kind == "alias":
        target = annotation(model.alias_of.python) if model.alias_of else "Any"
        fields = {"=": canonical_annotation(target)}
        wire["="] = entry(model.alias_of, True) if model.alias_of else {"type": "any"}
    else:
        fields = {f.name: canonical_annotation(annotation(f.annotation)) for f in model.fields}
        wire = {f.wire_name: entry(f.type, f.required) for f in model.fields}
        if model.extra is not None:
            wire[EXTRA_KEY] = entry(model.extra, False)
    return {"source": model.source, "fields": fields, "wire": wire}


@functools.cache  # a few hundred distinct annotations, met thousands of times
def canonical_annotation(text: str) -> str:
    """`text` as Python's own unparser spells it (quotes, spaces), so that annotations printed
    by different versions of sdkgen compare equal when they mean the same."""
    try:
        return ast.unparse(ast.parse(text, mode="eval"))
    except SyntaxError:
        return text


def _operations_record(api: ir.Api) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for resource_path, op in _operations_with_resources(api.resources):
        parameters = {
            f"{p.location} {p.wire_name}": entry(p.type, p.required) for p in op.parameters
        }
        request: dict[str, Entry] = {}
        if op.request_bodies:
            body = op.request_bodies[0]
            request["body"] = {**entry(body.type, body.required), "media_type": body.media_type}
        response: dict[str, Entry] = {}
        if op.success_type is not None:
            response["response"] = entry(op.success_type, True)
        operations[op.operation_id] = {
            "method": op.method,
            "path": op.path,
            "sdk": ".".join((*resource_path, op.python_name)),
            "deprecated": op.deprecated,
            "parameters": parameters,
            "request": request,
            "response": response,
        }
    return operations


def _operations_with_resources(
    resources: tuple[ir.Resource, ...],
) -> Iterator[tuple[tuple[str, ...], ir.Operation]]:
    for resource in depth_first(resources, lambda resource: resource.children):
        for op in resource.operations:
            yield resource.path, op


def entry(t: ir.TypeRef, required: bool) -> Entry:
    """A value's entry in the record: its shape, whether it is required, its enum values."""
    record: Entry = {"type": shape(t), "required": required}
    values = sorted({json.dumps(v) for v in _literals(t)})
    if values:
        record["enum"] = [json.loads(v) for v in values]
    return record


def shape(t: ir.TypeRef) -> str:
    """`t` spelled for the comparison: the kinds of its values, models by name (with their
    type arguments), each union's members sorted. As long as `t` itself: models are not
    expanded (the record holds each once)."""
    if t.kind == "any":
        return t.type_variable or "any"
    if t.kind == "literal":
        return "enum"
    if t.kind in ("list", "dict"):
        return f"{t.kind}[{shape(t.items[0]) if t.items else 'any'}]"
    if t.kind == "union":
        return " | ".join(sorted({shape(item) for item in t.items}))
    if t.kind == "model":
        name = t.model or "object"
        return f"{name}[{', '.join(shape(item) for item in t.items)}]" if t.items else name
    return t.kind


def _literals(t: ir.TypeRef) -> Iterator[Any]:
    yield from t.literals
    if t.kind in ("union", "list", "dict"):
        for item in t.items:
            yield from _literals(item)


# --- the comparison -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Detail:
    text: str
    breaking: bool


@dataclass(frozen=True)
class OperationChange:
    kind: ChangeKind
    operation_id: str
    method: str
    path: str
    sdk: str
    breaking: bool
    details: tuple[Detail, ...] = ()
    old_operation_id: str | None = None  # for "renamed"
    old_method: str | None = None  # for "moved"
    old_path: str | None = None
    old_sdk: str | None = None  # when the SDK method changed name


@dataclass(frozen=True)
class ClassRename:
    """A model or resource class that has another name now (see `match_class_renames`)."""

    kind: ClassKind
    old: str
    new: str
    where: str  # a model: its schema's JSON pointer; a resource: its path from the client
    aliased: bool = False  # the old name stays as a deprecated alias


@dataclass(frozen=True)
class ModelChange:
    """A model whose fields changed, compared once whatever number of operations hold it.
    Whether a change breaks depends on the direction the model travels in: `sent` when a
    request body or parameter holds it (directly or through other models), `returned` when a
    response does."""

    name: str
    details: tuple[Detail, ...]
    sent: bool
    returned: bool

    @property
    def breaking(self) -> bool:
        return any(detail.breaking for detail in self.details)


@dataclass(frozen=True)
class Changelog:
    old_title: str
    old_version: str
    new_title: str
    new_version: str
    operations: tuple[OperationChange, ...]
    models_added: tuple[str, ...]
    models_removed: tuple[str, ...]
    other_changes: bool  # the IR differs in ways the record does not show (docs, defaults, ...)
    # Deprecated aliases gone (expired, removed by the config, or their operation gone):
    # (old dotted name, the dotted name of the method it called).
    aliases_removed: tuple[tuple[str, str], ...] = ()
    class_renames: tuple[ClassRename, ...] = ()
    # Deprecated class aliases gone: ("types.Old" or "resources.Old", the class it was).
    class_aliases_removed: tuple[tuple[str, str], ...] = ()
    models_changed: tuple[ModelChange, ...] = ()

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for change in self.operations if change.kind == kind)

    @property
    def breaking(self) -> int:
        return (
            sum(1 for c in self.operations if c.breaking)
            + len(self.models_removed)
            + len(self.aliases_removed)
            + sum(1 for rename in self.class_renames if not rename.aliased)
            + len(self.class_aliases_removed)
            + sum(1 for change in self.models_changed if change.breaking)
        )

    @property
    def empty(self) -> bool:
        return not (
            self.operations
            or self.models_added
            or self.models_removed
            or self.aliases_removed
            or self.class_renames
            or self.class_aliases_removed
            or self.models_changed
        )

    @property
    def bump(self) -> Bump:
        if self.breaking:
            return "major"
        if not self.empty:
            return "minor"
        return "patch" if self.other_changes else "none"

    def summary(self) -> dict[str, Any]:
        counts: dict[str, Any] = {
            kind: self.count(kind) for kind in ("added", "removed", "moved", "renamed", "changed")
        }
        counts["breaking"] = self.breaking
        counts["models_added"] = len(self.models_added)
        counts["models_removed"] = len(self.models_removed)
        counts["models_changed"] = len(self.models_changed)
        counts["aliases_removed"] = len(self.aliases_removed)
        counts["models_renamed"] = sum(1 for r in self.class_renames if r.kind == "model")
        counts["resource_classes_renamed"] = sum(
            1 for r in self.class_renames if r.kind == "resource"
        )
        counts["class_aliases_removed"] = len(self.class_aliases_removed)
        counts["bump"] = self.bump
        return counts


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changelog:
    """The changes from record `old` to record `new`, in a stable order."""
    old_class_aliases: dict[str, Any] = dict(old.get("class_aliases") or {})
    new_class_aliases: dict[str, Any] = dict(new.get("class_aliases") or {})
    renames = tuple(
        replace(
            rename,
            aliased=(new_class_aliases.get(class_alias_key(rename.kind, rename.old)) or {}).get(
                "target"
            )
            == rename.new,
        )
        for rename in match_class_renames(old, new)
    )
    renamed_models = {r.old: r.new for r in renames if r.kind == "model"}
    old_ops = {
        op_id: _operation_spelled(value, renamed_models)
        for op_id, value in dict(old["operations"]).items()
    }
    new_ops: dict[str, Any] = dict(new["operations"])
    # A record of a flattened format spelled models "object" and expanded aliases: a type
    # that names a model on either side cannot be compared with it.
    opaque: set[str] = set()
    if old.get("format") in FLATTENED_FORMATS:
        opaque = set(new["models"])
        old_ops = {op_id: _top_level(value) for op_id, value in old_ops.items()}
    old_aliases: dict[str, Any] = dict(old.get("aliases") or {})
    new_aliases: dict[str, Any] = dict(new.get("aliases") or {})
    changes: list[OperationChange] = []
    matched = match_operations(old_ops, new_ops)
    renamed = {new_id: old_id for old_id, new_id in matched if old_id != new_id}
    only_old = {op_id: v for op_id, v in old_ops.items() if op_id not in {m[0] for m in matched}}
    only_new = {op_id: v for op_id, v in new_ops.items() if op_id not in {m[1] for m in matched}}
    for op_id, value in only_new.items():
        changes.append(_operation_change("added", op_id, value, breaking=False))
    for op_id, value in only_old.items():
        changes.append(_operation_change("removed", op_id, value, breaking=True))
    for old_id, new_id in matched:
        change = _compare_operation(
            old_id, old_ops[old_id], new_id, new_ops[new_id], new_aliases, opaque
        )
        if change is not None:
            changes.append(change)
    order = {"removed": 0, "moved": 1, "renamed": 2, "changed": 3, "added": 4}
    changes.sort(key=lambda c: (not c.breaking, order[c.kind], c.path, c.method, c.operation_id))
    old_models, new_models = set(old["models"]), set(new["models"])
    new_classes = {
        "types": new_models,
        "resources": set(dict(new.get("resources") or {}).values()),
    }
    return Changelog(
        old_title=str(old.get("title", "")),
        old_version=str(old.get("version", "")),
        new_title=str(new.get("title", "")),
        new_version=str(new.get("version", "")),
        operations=tuple(changes),
        models_added=tuple(sorted(new_models - old_models - set(renamed_models.values()))),
        models_removed=tuple(sorted(old_models - new_models - set(renamed_models))),
        other_changes=old.get("digest") != new.get("digest"),
        aliases_removed=tuple(
            (name, str(alias["target"]))
            for name, alias in sorted(old_aliases.items())
            if _calls(name, new_aliases, new_ops, renamed) != alias["operation_id"]
        ),
        class_renames=renames,
        class_aliases_removed=tuple(
            (key, str(alias["target"]))
            for key, alias in sorted(old_class_aliases.items())
            if key not in new_class_aliases
            and key.partition(".")[2] not in new_classes[key.partition(".")[0]]
        ),
        models_changed=compare_models(old, new, renamed_models),
    )


def compare_models(
    old: Mapping[str, Any], new: Mapping[str, Any], renamed: Mapping[str, str]
) -> tuple[ModelChange, ...]:
    """The models both records hold (under their new names) whose wire entries differ, each
    compared once. A change breaks as it would in each direction the model travels, in the
    old SDK or the new (see `ModelChange`); a model no operation holds breaks nobody but by
    losing a field. Records without wire entries (formats 1 and 2) compare no model."""
    old_models, new_models = _model_records(old), _model_records(new)
    directions = travels(new)
    for name, (sent, returned) in travels(old).items():
        now = directions.get(renamed.get(name, name), (False, False))
        directions[renamed.get(name, name)] = (now[0] or sent, now[1] or returned)
    changes: list[ModelChange] = []
    for old_name, old_model in old_models.items():
        new_name = renamed.get(old_name, old_name)
        new_model = new_models.get(new_name)
        if new_model is None or "wire" not in old_model or "wire" not in new_model:
            continue
        sent, returned = directions.get(new_name, (False, False))
        before = _entries_spelled(old_model["wire"], renamed)
        details = _compare_entries("field", before, new_model["wire"], sent=sent, returned=returned)
        if details:
            changes.append(ModelChange(new_name, tuple(details), sent, returned))
    return tuple(sorted(changes, key=lambda change: (not change.breaking, change.name)))


def travels(record: Mapping[str, Any]) -> dict[str, tuple[bool, bool]]:
    """Model name → (sent, returned): whether some request (parameter or body) holds the
    model, and whether some response does, directly or through other models' fields. Two
    walks of the model table, each model visited once per direction."""
    models = _model_records(record)
    if not all("wire" in model for model in models.values()):
        return {}
    edges = {
        name: {
            held
            for value in model["wire"].values()
            for held in _IDENTIFIER.findall(str(value.get("type", "")))
            if held in models
        }
        for name, model in models.items()
    }

    def reached(shapes: Iterator[str]) -> set[str]:
        seen: set[str] = set()
        pending = [name for text in shapes for name in _IDENTIFIER.findall(text) if name in edges]
        while pending:
            name = pending.pop()
            if name not in seen:
                seen.add(name)
                pending += edges[name] - seen
        return seen

    operations = list(dict(record["operations"]).values())
    sent = reached(
        str(value.get("type", ""))
        for op in operations
        for part in ("parameters", "request")
        for value in dict(op[part]).values()
    )
    returned = reached(
        str(value.get("type", "")) for op in operations for value in dict(op["response"]).values()
    )
    return {name: (name in sent, name in returned) for name in sent | returned}


def _operation_spelled(value: Mapping[str, Any], renamed: Mapping[str, str]) -> dict[str, Any]:
    """An operation of the old record with the models it names spelled by their new names."""
    if not renamed:
        return dict(value)
    return {
        **value,
        **{part: _entries_spelled(value[part], renamed) for part in _PARTS},
    }


def _entries_spelled(entries: Mapping[str, Entry], renamed: Mapping[str, str]) -> dict[str, Entry]:
    if not renamed:
        return dict(entries)
    return {
        key: {**entry, "type": _spelled(str(entry["type"]), renamed)}
        for key, entry in entries.items()
    }


def _top_level(value: Mapping[str, Any]) -> dict[str, Any]:
    """An operation of a flattened record without the dotted paths into its body and response."""
    return {
        **value,
        "request": {k: v for k, v in dict(value["request"]).items() if k == "body"},
        "response": {k: v for k, v in dict(value["response"]).items() if k == "response"},
    }


def _spelled(text: str, renamed: Mapping[str, str]) -> str:
    return _IDENTIFIER.sub(lambda match: renamed.get(match.group(0), match.group(0)), text)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARTS = ("parameters", "request", "response")  # the entries of an operation's record


def match_class_renames(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ClassRename]:
    """The models and resource classes of `old` that `new` has under another name.

    A resource class is renamed when the same path from the client has another class. A model
    only in `old` is renamed to one only in `new` built from the same schema (JSON pointer),
    else to the only one of its structure: the same fields with the same annotations, the
    names of models renamed already read as their new names and those of other models that
    come or go as a wildcard. A structure several models share tells nothing."""
    renames: list[ClassRename] = []
    old_resources: dict[str, str] = dict(old.get("resources") or {})
    new_resources: dict[str, str] = dict(new.get("resources") or {})
    for path, old_class in sorted(old_resources.items()):
        new_class = new_resources.get(path)
        if new_class is not None and new_class != old_class:
            renames.append(ClassRename("resource", old_class, new_class, path))
    old_models = _model_records(old)
    new_models = _model_records(new)
    gone = sorted(set(old_models) - set(new_models))
    came = sorted(set(new_models) - set(old_models))
    pairs: dict[str, str] = {}
    by_source: dict[str, list[str]] = {}
    for name in came:
        by_source.setdefault(str(new_models[name].get("source") or ""), []).append(name)
    for name in gone:
        source = str(old_models[name].get("source") or "")
        if source and len(by_source.get(source, ())) == 1:
            pairs[name] = by_source[source][0]
    while True:  # each round may tell more, once the names of the last ones are known
        left_old = [n for n in gone if n not in pairs]
        left_new = [n for n in came if n not in pairs.values()]
        old_prints = _structures(old_models, left_old, pairs, set(left_old))
        new_prints = _structures(new_models, left_new, {}, set(left_new))
        found = {
            name: new_prints[structure][0]
            for structure, names in old_prints.items()
            for name in names
            if len(names) == 1 and len(new_prints.get(structure, ())) == 1
        }
        if not found:
            break
        pairs.update(found)
    for old_name, new_name in sorted(pairs.items()):
        where = str(new_models[new_name].get("source") or "")
        renames.append(ClassRename("model", old_name, new_name, where))
    return renames


def _model_records(record: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The record's models as {name: {"source", "fields"}} (a format 1 record: names only)."""
    models = record.get("models") or {}
    if isinstance(models, Mapping):
        return {str(name): value or {} for name, value in models.items()}
    return {str(name): {} for name in models}


def _structures(
    models: Mapping[str, Mapping[str, Any]],
    names: Sequence[str],
    renamed: Mapping[str, str],
    wildcards: set[str],
) -> dict[tuple[tuple[str, str], ...], list[str]]:
    """The models `names` grouped by structure (see `match_class_renames`); models without
    fields are left out (an empty structure tells nothing)."""

    def spelled(text: str) -> str:
        def name(match: re.Match[str]) -> str:
            word = match.group(0)
            return "*" if word in wildcards else renamed.get(word, word)

        return _IDENTIFIER.sub(name, text)

    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for model_name in names:
        fields: Mapping[str, str] = models[model_name].get("fields") or {}
        if fields:
            structure = tuple(sorted((key, spelled(str(text))) for key, text in fields.items()))
            groups.setdefault(structure, []).append(model_name)
    return groups


def _calls(
    name: str, aliases: Mapping[str, Any], operations: Mapping[str, Any], renamed: Mapping[str, str]
) -> str | None:
    """The operationId (under its old id when renamed) that the SDK name `name` calls: through
    an alias, or as the operation's own method (an operation that moved back to its old name)."""
    alias = aliases.get(name)
    if alias is not None:
        operation_id = str(alias["operation_id"])
        return renamed.get(operation_id, operation_id)
    for op_id, value in operations.items():
        if value["sdk"] == name:
            return renamed.get(op_id, op_id)
    return None


def match_operations(
    old_ops: Mapping[str, Any], new_ops: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(old operationId, new operationId) of the operations both records hold: the same
    operationId, else (renamed) the same method and path."""
    matched = [(op_id, op_id) for op_id in new_ops if op_id in old_ops]
    by_route = {_route_key(v): op_id for op_id, v in old_ops.items() if op_id not in new_ops}
    for new_id, value in new_ops.items():
        if new_id in old_ops:
            continue
        old_id = by_route.pop(_route_key(value), None)
        if old_id is not None:
            matched.append((old_id, new_id))
    return matched


def _route_key(value: Mapping[str, Any]) -> tuple[str, str]:
    """(METHOD, path) with the leading "/" that some specs omit (the same URL either way)."""
    return str(value["method"]).upper(), "/" + str(value["path"]).lstrip("/")


def _operation_change(
    kind: ChangeKind, op_id: str, value: Mapping[str, Any], *, breaking: bool
) -> OperationChange:
    return OperationChange(kind, op_id, value["method"], value["path"], value["sdk"], breaking)


def _compare_operation(
    old_id: str,
    old: Mapping[str, Any],
    new_id: str,
    new: Mapping[str, Any],
    aliases: Mapping[str, Any],
    opaque: Collection[str] = (),
) -> OperationChange | None:
    details: list[Detail] = []
    if old["sdk"] != new["sdk"]:
        if (aliases.get(old["sdk"]) or {}).get("operation_id") == new_id:
            text = f"SDK method `{old['sdk']}` is now `{new['sdk']}`; the old name stays as a"
            details.append(Detail(f"{text} deprecated alias", False))
        else:
            details.append(Detail(f"SDK method `{old['sdk']}` is now `{new['sdk']}`", True))
    if new["deprecated"] and not old["deprecated"]:
        details.append(Detail("deprecated", False))
    elif old["deprecated"] and not new["deprecated"]:
        details.append(Detail("no longer deprecated", False))
    for what, part, sent in (
        ("parameter", "parameters", True),
        ("request", "request", True),
        ("response", "response", False),
    ):
        details += _compare_entries(
            what, old[part], new[part], sent=sent, returned=not sent, opaque=opaque
        )
    route_changed = _route_key(old) != _route_key(new)
    if not details and not route_changed and old_id == new_id:
        return None
    kind: ChangeKind = "moved" if route_changed else ("renamed" if old_id != new_id else "changed")
    # A new route alone breaks no SDK user: the method sends the call to where the spec says now.
    breaking = any(d.breaking for d in details)
    return OperationChange(
        kind,
        new_id,
        new["method"],
        new["path"],
        new["sdk"],
        breaking,
        tuple(details),
        old_operation_id=old_id if old_id != new_id else None,
        old_method=old["method"] if route_changed else None,
        old_path=old["path"] if route_changed else None,
        old_sdk=old["sdk"] if old["sdk"] != new["sdk"] else None,
    )


def _members(shape: str) -> set[str]:
    return set(shape.split(" | "))


def _compare_entries(
    what: str,
    old: Mapping[str, Entry],
    new: Mapping[str, Entry],
    *,
    sent: bool,
    returned: bool,
    opaque: Collection[str] = (),
) -> list[Detail]:
    """Changes between two sets of entries. A change breaks when it breaks what the user sends
    (`sent`: it may widen, not narrow) or what the SDK returns (`returned`: it may narrow, not
    widen); a removal always does. A type naming a model in `opaque` is not compared."""
    details: list[Detail] = []
    for key in sorted(set(new) - set(old)):
        required = bool(new[key]["required"])
        label = _label(what, key)
        text = f"{label} added" + (" (required)" if required and sent else "")
        details.append(Detail(text, required and sent))
    for key in sorted(set(old) - set(new)):
        details.append(Detail(f"{_label(what, key)} removed", True))
    for key in sorted(set(old) & set(new)):
        before, after = old[key], new[key]
        label = _label(what, key)
        if before["type"] != after["type"] and not _names_any(opaque, before, after):
            widened = _members(before["type"]) <= _members(after["type"])
            narrowed = _members(after["type"]) <= _members(before["type"])
            breaking = (sent and not widened) or (returned and not narrowed)
            details.append(Detail(f"{label} type `{before['type']}` → `{after['type']}`", breaking))
        if before["required"] != after["required"]:
            now_required = bool(after["required"])
            text = f"{label} is now {'required' if now_required else 'optional'}"
            details.append(Detail(text, (sent and now_required) or (returned and not now_required)))
        old_enum = {json.dumps(v) for v in before.get("enum", [])}
        new_enum = {json.dumps(v) for v in after.get("enum", [])}
        if old_enum and new_enum and old_enum != new_enum:
            gone, extra = sorted(old_enum - new_enum), sorted(new_enum - old_enum)
            if gone:
                details.append(Detail(f"{label} enum values removed: {', '.join(gone)}", sent))
            if extra:
                # A wider Literal in what the SDK returns breaks exhaustive matching.
                details.append(Detail(f"{label} enum values added: {', '.join(extra)}", returned))
        if before.get("media_type") != after.get("media_type"):
            details.append(
                Detail(
                    f"{label} media type `{before.get('media_type')}` → "
                    f"`{after.get('media_type')}`",
                    True,
                )
            )
    return details


def _names_any(models: Collection[str], *entries: Entry) -> bool:
    """Whether one of the entries' types names one of `models` (or is a flattened "object")."""
    if not models:
        return False
    return any(
        name == "object" or name in models
        for entry in entries
        for name in _IDENTIFIER.findall(str(entry["type"]))
    )


def _label(what: str, key: str) -> str:
    if what == "parameter":
        location, _, name = key.partition(" ")
        return f"{location} parameter `{name}`"
    if what == "field":
        return {"=": "type", EXTRA_KEY: "additional property values"}.get(key, f"field `{key}`")
    if key in ("body", "response"):
        return f"{key} type"
    return f"{what} field `{key}`"


# --- output -------------------------------------------------------------------------------------


def _route(change: OperationChange) -> str:
    return f"`{change.method} {change.path}`"


def _line(change: OperationChange) -> str:
    sdk = f"`client.{change.sdk}`"
    if change.kind == "moved":
        head = f"**moved** {sdk} [{change.operation_id}]: `{change.old_method} {change.old_path}`"
        head += f" → {_route(change)}"
    elif change.kind == "renamed":
        head = f"**renamed** {_route(change)} ({sdk}): operationId {change.old_operation_id}"
        head += f" → {change.operation_id}"
    else:
        head = f"**{change.kind}** {_route(change)} ({sdk}) [{change.operation_id}]"
    lines = [f"- {head}"]
    lines += [f"  - {d.text}" + (" **(breaking)**" if d.breaking else "") for d in change.details]
    return "\n".join(lines)


def format_markdown(
    changelog: Changelog,
    *,
    heading_level: int = 2,
    source: str = "",
    heading: str | None = None,
    intro: Sequence[str] = (),
) -> str:
    """A changelog entry: a heading (by default the API versions and the suggested bump), the
    `intro` paragraphs, "From `source`.", then the changes."""
    hashes = "#" * heading_level
    old, new = changelog.old_version, changelog.new_version
    title = changelog.new_title or changelog.old_title or "API"
    versions = f"{old} → {new}" if old != new else new
    s = changelog.summary()
    lines = [
        f"{hashes} {heading or f'{title} {versions}: suggested bump **{changelog.bump}**'}",
        "",
        *(line for paragraph in intro for line in (paragraph, "")),
        *([f"From {source}.", ""] if source else []),
        (
            f"{s['added']} added, {s['removed']} removed, {s['moved']} moved, "
            f"{s['renamed']} renamed, {s['changed']} changed operation(s); "
            f"{s['models_added']} model(s) added, {s['models_removed']} removed"
            + (f", {s['models_changed']} changed" if s["models_changed"] else "")
            + (f", {s['models_renamed']} renamed" if s["models_renamed"] else "")
            + "; "
            + (
                f"{s['resource_classes_renamed']} resource class(es) renamed; "
                if s["resource_classes_renamed"]
                else ""
            )
            + (
                f"{s['aliases_removed'] + s['class_aliases_removed']} deprecated alias(es) "
                "removed; "
                if s["aliases_removed"] or s["class_aliases_removed"]
                else ""
            )
            + f"{s['breaking']} breaking."
        ),
    ]
    breaking = [c for c in changelog.operations if c.breaking]
    other = [c for c in changelog.operations if not c.breaking]
    breaking_renames = [r for r in changelog.class_renames if not r.aliased]
    other_renames = [r for r in changelog.class_renames if r.aliased]
    breaking_models = [m for m in changelog.models_changed if m.breaking]
    other_models = [m for m in changelog.models_changed if not m.breaking]
    if (
        breaking
        or breaking_models
        or changelog.models_removed
        or changelog.aliases_removed
        or breaking_renames
        or changelog.class_aliases_removed
    ):
        lines += ["", f"{hashes}# Breaking changes", ""]
        lines += [_line(c) for c in breaking]
        lines += [_rename_line(r) for r in breaking_renames]
        lines += [_model_line(m) for m in breaking_models]
        lines += [f"- **removed** model `{name}`" for name in changelog.models_removed]
        lines += [
            f"- **removed** deprecated alias `client.{name}` (use `client.{target}`)"
            for name, target in changelog.aliases_removed
        ]
        lines += [
            f"- **removed** deprecated alias `{key}` (use `{key.partition('.')[0]}.{target}`)"
            for key, target in changelog.class_aliases_removed
        ]
    if other or changelog.models_added or other_renames or other_models:
        lines += ["", f"{hashes}# Other changes", ""]
        lines += [_line(c) for c in other]
        lines += [_rename_line(r) for r in other_renames]
        lines += [_model_line(m) for m in other_models]
        if changelog.models_added:
            names = ", ".join(f"`{name}`" for name in changelog.models_added)
            lines.append(f"- **added** model(s) {names}")
    if changelog.empty:
        lines += [
            "",
            "No change to the SDK's operations or models"
            + (" (documentation or other details changed)." if changelog.other_changes else "."),
        ]
    return "\n".join(lines) + "\n"


def _model_line(change: ModelChange) -> str:
    travels = " and ".join(
        word for word, holds in (("sent", change.sent), ("returned", change.returned)) if holds
    )
    head = f"- **changed** model `{change.name}`" + (f" ({travels})" if travels else "")
    lines = [head]
    lines += [f"  - {d.text}" + (" **(breaking)**" if d.breaking else "") for d in change.details]
    return "\n".join(lines)


def _rename_line(rename: ClassRename) -> str:
    if rename.kind == "model":
        head = f"- **renamed** model `{rename.old}` is now `{rename.new}`"
        kept = "the old name stays in `types` as a deprecated alias"
    else:
        head = (
            f"- **renamed** resource class `{rename.old}` is now `{rename.new}` "
            f"(`client.{rename.where}`; its async, raw- and streaming-response classes alike)"
        )
        kept = "the old names stay in `resources` as deprecated aliases"
    return f"{head}; {kept}" if rename.aliased else f"{head} **(breaking)**"


def format_json(changelog: Changelog) -> str:
    payload: dict[str, Any] = {
        "old": {"title": changelog.old_title, "version": changelog.old_version},
        "new": {"title": changelog.new_title, "version": changelog.new_version},
        "summary": changelog.summary(),
        "other_changes": changelog.other_changes,
        "operations": [_change_json(c) for c in changelog.operations],
        "models": {
            "added": list(changelog.models_added),
            "removed": list(changelog.models_removed),
            "changed": [
                {**asdict(change), "breaking": change.breaking}
                for change in changelog.models_changed
            ],
        },
        "aliases_removed": [
            {"name": name, "target": target} for name, target in changelog.aliases_removed
        ],
        "class_renames": [asdict(rename) for rename in changelog.class_renames],
        "class_aliases_removed": [
            {"name": name, "target": target} for name, target in changelog.class_aliases_removed
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _change_json(change: OperationChange) -> dict[str, Any]:
    data = asdict(change)
    return {key: value for key, value in data.items() if value is not None}
