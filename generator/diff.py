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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from . import ir
from .graph import depth_first
from .typing_printer import annotation

RECORD_FORMAT = 2
# Format 1 (before 0.5 of the record) listed model names only and no resource classes;
# `release.read_previous` upgrades such a record from the SDK it was written with.
READABLE_FORMATS = (1, 2)
MAX_DEPTH = 8  # how deep request/response fields are flattened
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

    `like`: the record of the same API before aliases were attached. Its operations, models
    and digest are reused: attaching aliases changes none of them, and the aliases are recorded
    on their own below (on GitHub's spec a record costs about a second, and a release takes
    three)."""
    aliases: dict[str, Any] = {}
    if like is not None:
        operations, models, digest = dict(like["operations"]), like["models"], like["digest"]
    else:
        by_name = {model.name: model for model in api.models}
        operations = _operations_record(api, by_name)
        models = {name: model_record(by_name[name]) for name in sorted(by_name)}
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


def class_alias_key(kind: ClassKind, name: str) -> str:
    """How the record names a deprecated class alias: "types.Old" or "resources.Old"."""
    return f"{ALIAS_PACKAGES[kind]}.{name}"


def model_record(model: ir.Model) -> dict[str, Any]:
    """A model as the record keeps it: the pointer of its schema and its fields' annotations
    (an alias's target under "="), enough to recognise it under another name."""
    if model.kind == "alias":
        target = annotation(model.alias_of.python) if model.alias_of else "Any"
        fields = {"=": canonical_annotation(target)}
    else:
        fields = {f.name: canonical_annotation(annotation(f.annotation)) for f in model.fields}
    return {"source": model.source, "fields": fields}


@functools.cache  # a few hundred distinct annotations, met thousands of times
def canonical_annotation(text: str) -> str:
    """`text` as Python's own unparser spells it (quotes, spaces), so that annotations printed
    by different versions of sdkgen compare equal when they mean the same."""
    try:
        return ast.unparse(ast.parse(text, mode="eval"))
    except SyntaxError:
        return text


def _operations_record(api: ir.Api, models: Mapping[str, ir.Model]) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for resource_path, op in _operations_with_resources(api.resources):
        flat = _Flattener(models)
        parameters = {
            f"{p.location} {p.wire_name}": flat.entry(p.type, p.required) for p in op.parameters
        }
        request: dict[str, Entry] = {}
        if op.request_bodies:
            body = op.request_bodies[0]
            flat.flatten(body.type, "body", body.required, request)
            request["body"]["media_type"] = body.media_type
        response: dict[str, Entry] = {}
        if op.success_type is not None:
            flat.flatten(op.success_type, "response", True, response)
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


@dataclass
class _Flattener:
    models: Mapping[str, ir.Model]

    def entry(
        self, t: ir.TypeRef, required: bool, bindings: Mapping[str, ir.TypeRef] = {}
    ) -> Entry:
        entry: Entry = {"type": self.shape(t, bindings), "required": required}
        values = sorted({json.dumps(v) for v in self.literals(t, bindings, set())})
        if values:
            entry["enum"] = [json.loads(v) for v in values]
        return entry

    def shape(self, t: ir.TypeRef, bindings: Mapping[str, ir.TypeRef], depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            return "..."
        if t.kind == "any":
            bound = bindings.get(t.type_variable or "")
            return self.shape(bound, {}, depth + 1) if bound is not None else "any"
        if t.kind == "literal":
            return "enum"
        if t.kind in ("list", "dict"):
            inner = self.shape(t.items[0], bindings, depth + 1) if t.items else "any"
            return f"{t.kind}[{inner}]"
        if t.kind == "union":
            members = {self.shape(item, bindings, depth + 1) for item in t.items}
            return " | ".join(sorted(members))
        if t.kind == "model":
            model = self.models.get(t.model or "")
            if model is not None and model.kind == "alias" and model.alias_of is not None:
                return self.shape(model.alias_of, {}, depth + 1)
            return "object"
        return t.kind

    def literals(
        self, t: ir.TypeRef, bindings: Mapping[str, ir.TypeRef], seen: set[str]
    ) -> Iterator[Any]:
        yield from t.literals
        if t.type_variable is not None and t.type_variable in bindings:
            yield from self.literals(bindings[t.type_variable], {}, seen)
        if t.kind in ("union", "list", "dict"):
            for item in t.items:
                yield from self.literals(item, bindings, seen)
        if t.kind == "model" and t.model and t.model not in seen:
            model = self.models.get(t.model)
            if model is not None and model.kind == "alias" and model.alias_of is not None:
                yield from self.literals(model.alias_of, {}, seen | {t.model})

    def flatten(
        self,
        t: ir.TypeRef,
        prefix: str,
        required: bool,
        out: dict[str, Entry],
        bindings: Mapping[str, ir.TypeRef] = {},
        stack: tuple[str, ...] = (),
    ) -> None:
        out[prefix] = self.entry(t, required, bindings)
        if len(stack) >= MAX_DEPTH:
            return
        for suffix, model, arguments in self._objects(t, bindings):
            if model.name in stack:
                continue
            inner = dict(zip(model.type_parameters, arguments, strict=False))
            for f in model.fields:
                self.flatten(
                    f.type,
                    f"{prefix}{suffix}.{f.wire_name}",
                    f.required,
                    out,
                    inner,
                    (*stack, model.name),
                )

    def _objects(
        self, t: ir.TypeRef, bindings: Mapping[str, ir.TypeRef], suffix: str = "", depth: int = 0
    ) -> Iterator[tuple[str, ir.Model, tuple[ir.TypeRef, ...]]]:
        """The object models `t` holds directly (through lists, dicts, unions and aliases)."""
        if depth > MAX_DEPTH:
            return
        if t.type_variable is not None and t.type_variable in bindings:
            yield from self._objects(bindings[t.type_variable], {}, suffix, depth + 1)
        elif t.kind == "list" and t.items:
            yield from self._objects(t.items[0], bindings, suffix + "[]", depth + 1)
        elif t.kind == "dict" and t.items:
            yield from self._objects(t.items[0], bindings, suffix + "{}", depth + 1)
        elif t.kind == "union":
            for item in t.items:
                yield from self._objects(item, bindings, suffix, depth + 1)
        elif t.kind == "model":
            model = self.models.get(t.model or "")
            if model is None:
                return
            if model.kind == "alias" and model.alias_of is not None:
                yield from self._objects(model.alias_of, {}, suffix, depth + 1)
            else:
                arguments = tuple(_bind(item, bindings) for item in t.items)
                yield suffix, model, arguments


def _bind(t: ir.TypeRef, bindings: Mapping[str, ir.TypeRef]) -> ir.TypeRef:
    return bindings.get(t.type_variable, t) if t.type_variable is not None else t


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
    old_ops: dict[str, Any] = dict(old["operations"])
    new_ops: dict[str, Any] = dict(new["operations"])
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
        change = _compare_operation(old_id, old_ops[old_id], new_id, new_ops[new_id], new_aliases)
        if change is not None:
            changes.append(change)
    order = {"removed": 0, "moved": 1, "renamed": 2, "changed": 3, "added": 4}
    changes.sort(key=lambda c: (not c.breaking, order[c.kind], c.path, c.method, c.operation_id))
    old_models, new_models = set(old["models"]), set(new["models"])
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
    renamed_models = {(r.old, r.new) for r in renames if r.kind == "model"}
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
        models_added=tuple(sorted(new_models - old_models - {n for _, n in renamed_models})),
        models_removed=tuple(sorted(old_models - new_models - {o for o, _ in renamed_models})),
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
    )


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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
    details += _compare_entries("parameter", old["parameters"], new["parameters"], sent=True)
    details += _compare_entries("request", old["request"], new["request"], sent=True)
    details += _compare_entries("response", old["response"], new["response"], sent=False)
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


def _parent_in(path: str, paths: set[str]) -> bool:
    """Whether an ancestor of the dotted field `path` is in `paths` (to report only the top)."""
    cut = len(path)
    while True:
        cut = max(path.rfind(".", 0, cut), path.rfind("[", 0, cut), path.rfind("{", 0, cut))
        if cut <= 0:
            return False
        if path[:cut] in paths:
            return True


def _members(shape: str) -> set[str]:
    return set(shape.split(" | "))


def _compare_entries(
    what: str, old: Mapping[str, Entry], new: Mapping[str, Entry], *, sent: bool
) -> list[Detail]:
    """Changes between flattened entries; `sent` is True for what the user sends."""
    details: list[Detail] = []
    added = set(new) - set(old)
    removed = set(old) - set(new)
    for key in sorted(added):
        if _parent_in(key, added):
            continue
        required = bool(new[key]["required"])
        label = _label(what, key)
        if sent:
            details.append(Detail(f"{label} added" + (" (required)" if required else ""), required))
        else:
            details.append(Detail(f"{label} added", False))
    for key in sorted(removed):
        if not _parent_in(key, removed):
            details.append(Detail(f"{_label(what, key)} removed", True))
    for key in sorted(set(old) & set(new)):
        before, after = old[key], new[key]
        label = _label(what, key)
        if before["type"] != after["type"]:
            widened = _members(before["type"]) <= _members(after["type"])
            narrowed = _members(after["type"]) <= _members(before["type"])
            safe = widened if sent else narrowed
            details.append(Detail(f"{label} type `{before['type']}` → `{after['type']}`", not safe))
        if before["required"] != after["required"]:
            now_required = bool(after["required"])
            text = f"{label} is now {'required' if now_required else 'optional'}"
            details.append(Detail(text, now_required if sent else not now_required))
        old_enum = {json.dumps(v) for v in before.get("enum", [])}
        new_enum = {json.dumps(v) for v in after.get("enum", [])}
        if old_enum and new_enum and old_enum != new_enum:
            gone, extra = sorted(old_enum - new_enum), sorted(new_enum - old_enum)
            if gone:
                details.append(Detail(f"{label} enum values removed: {', '.join(gone)}", sent))
            if extra:
                details.append(Detail(f"{label} enum values added: {', '.join(extra)}", not sent))
        if before.get("media_type") != after.get("media_type"):
            details.append(
                Detail(
                    f"{label} media type `{before.get('media_type')}` → "
                    f"`{after.get('media_type')}`",
                    True,
                )
            )
    return details


def _label(what: str, key: str) -> str:
    if what == "parameter":
        location, _, name = key.partition(" ")
        return f"{location} parameter `{name}`"
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
    if (
        breaking
        or changelog.models_removed
        or changelog.aliases_removed
        or breaking_renames
        or changelog.class_aliases_removed
    ):
        lines += ["", f"{hashes}# Breaking changes", ""]
        lines += [_line(c) for c in breaking]
        lines += [_rename_line(r) for r in breaking_renames]
        lines += [f"- **removed** model `{name}`" for name in changelog.models_removed]
        lines += [
            f"- **removed** deprecated alias `client.{name}` (use `client.{target}`)"
            for name, target in changelog.aliases_removed
        ]
        lines += [
            f"- **removed** deprecated alias `{key}` (use `{key.partition('.')[0]}.{target}`)"
            for key, target in changelog.class_aliases_removed
        ]
    if other or changelog.models_added or other_renames:
        lines += ["", f"{hashes}# Other changes", ""]
        lines += [_line(c) for c in other]
        lines += [_rename_line(r) for r in other_renames]
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
