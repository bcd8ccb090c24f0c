"""The comparison of two surface records (see `record.py`): what changed between two versions
of an API, as a user of the generated SDK sees it, and the semantic-version bump it calls for.

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
but not narrow; what the SDK returns may narrow but not widen. A model's changes are compared
once, whatever number of operations hold it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from .record import (
    EXTRA_KEY,
    FLATTENED_FORMATS,
    ClassKind,
    Entry,
    class_alias_key,
    model_records,
)
from .versioning import Bump

ChangeKind = Literal["added", "removed", "moved", "renamed", "changed"]
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARTS = ("parameters", "request", "response")  # the entries of an operation's record


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
class SurfaceChanges:
    """What `compare` found between two surface records; `bump` is the release it calls for.
    (`changelog.py` turns it, through `report.format_markdown`, into a `CHANGELOG.md` entry.)"""

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


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> SurfaceChanges:
    """The changes from record `old` to record `new`, in a stable order."""
    renames = _class_renames(old, new)
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
    matched = match_operations(old_ops, new_ops)
    renamed = {new_id: old_id for old_id, new_id in matched if old_id != new_id}
    old_models, new_models = set(old["models"]), set(new["models"])
    return SurfaceChanges(
        old_title=str(old.get("title", "")),
        old_version=str(old.get("version", "")),
        new_title=str(new.get("title", "")),
        new_version=str(new.get("version", "")),
        operations=_operation_changes(old_ops, new_ops, matched, new_aliases, opaque),
        models_added=tuple(sorted(new_models - old_models - set(renamed_models.values()))),
        models_removed=tuple(sorted(old_models - new_models - set(renamed_models))),
        other_changes=old.get("digest") != new.get("digest"),
        aliases_removed=tuple(
            (name, str(alias["target"]))
            for name, alias in sorted(old_aliases.items())
            if _calls(name, new_aliases, new_ops, renamed) != alias["operation_id"]
        ),
        class_renames=renames,
        class_aliases_removed=_class_aliases_removed(old, new),
        models_changed=compare_models(old, new, renamed_models),
    )


def _class_renames(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[ClassRename, ...]:
    """`match_class_renames`, each told whether `new` keeps the old name as an alias."""
    new_class_aliases: dict[str, Any] = dict(new.get("class_aliases") or {})
    return tuple(
        replace(
            rename,
            aliased=(new_class_aliases.get(class_alias_key(rename.kind, rename.old)) or {}).get(
                "target"
            )
            == rename.new,
        )
        for rename in match_class_renames(old, new)
    )


def _class_aliases_removed(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[tuple[str, str], ...]:
    """The class aliases of `old` that `new` has neither as an alias nor as a class."""
    old_class_aliases: dict[str, Any] = dict(old.get("class_aliases") or {})
    new_class_aliases: dict[str, Any] = dict(new.get("class_aliases") or {})
    new_classes = {
        "types": set(new["models"]),
        "resources": set(dict(new.get("resources") or {}).values()),
    }
    return tuple(
        (key, str(alias["target"]))
        for key, alias in sorted(old_class_aliases.items())
        if key not in new_class_aliases
        and key.partition(".")[2] not in new_classes[key.partition(".")[0]]
    )


def _operation_changes(
    old_ops: Mapping[str, Any],
    new_ops: Mapping[str, Any],
    matched: Sequence[tuple[str, str]],
    aliases: Mapping[str, Any],
    opaque: Collection[str],
) -> tuple[OperationChange, ...]:
    """The operations added, removed, moved, renamed or changed: breaking ones first."""
    changes: list[OperationChange] = []
    matched_old, matched_new = {m[0] for m in matched}, {m[1] for m in matched}
    only_old = {op_id: v for op_id, v in old_ops.items() if op_id not in matched_old}
    only_new = {op_id: v for op_id, v in new_ops.items() if op_id not in matched_new}
    for op_id, value in only_new.items():
        changes.append(_operation_change("added", op_id, value, breaking=False))
    for op_id, value in only_old.items():
        changes.append(_operation_change("removed", op_id, value, breaking=True))
    for old_id, new_id in matched:
        change = _compare_operation(
            old_id, old_ops[old_id], new_id, new_ops[new_id], aliases, opaque
        )
        if change is not None:
            changes.append(change)
    order = {"removed": 0, "moved": 1, "renamed": 2, "changed": 3, "added": 4}
    changes.sort(key=lambda c: (not c.breaking, order[c.kind], c.path, c.method, c.operation_id))
    return tuple(changes)


def compare_models(
    old: Mapping[str, Any], new: Mapping[str, Any], renamed: Mapping[str, str]
) -> tuple[ModelChange, ...]:
    """The models both records hold (under their new names) whose wire entries differ, each
    compared once. A change breaks as it would in each direction the model travels, in the
    old SDK or the new (see `ModelChange`); a model no operation holds breaks nobody but by
    losing a field. Records without wire entries (formats 1 and 2) compare no model."""
    old_models, new_models = model_records(old), model_records(new)
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
    models = model_records(record)
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
    old_models = model_records(old)
    new_models = model_records(new)
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
    details += _body_style(old, new)
    details += _parameter_dicts(old, new)
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


def _body_style(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Detail]:
    """A body whose fields became keyword arguments (the whole `body=` still taken, deprecated:
    not breaking), or that is one `body=` argument again (its keywords gone: breaking)."""
    before = (old["request"].get("body") or {}).get("keywords")
    after = (new["request"].get("body") or {}).get("keywords")
    if after and not before:
        return [
            Detail(
                "the body's fields are keyword arguments; `body=` still works "
                "(deprecated, it warns)",
                False,
            )
        ]
    if before and not after:
        return [Detail("the body is one `body=` argument again (its keywords removed)", True)]
    return []


def _parameter_dicts(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Detail]:
    """Parameters that now also take their object as a dict (the model still works: not
    breaking), or no longer do (breaking)."""
    before = set(old.get("dict_parameters") or ())
    after = set(new.get("dict_parameters") or ())

    def named(key: str) -> str:  # "query filter" -> "query parameter `filter`"
        location, _, name = key.partition(" ")
        return f"{location} parameter `{name}`"

    details = [
        Detail(f"{named(key)} also takes a dict (keys as sent)", False)
        for key in sorted(after - before)
    ]
    details += [
        Detail(f"{named(key)} no longer takes a dict", True) for key in sorted(before - after)
    ]
    return details


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
