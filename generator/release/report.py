"""The report of a comparison (`compare.SurfaceChanges`): Markdown, as `sdkgen diff` prints it and
as each entry of the generated `CHANGELOG.md` is written (`changelog.py` adds the heading and
the intro), and JSON, for `sdkgen diff --format json`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from .compare import ClassRename, Detail, ModelChange, OperationChange, SurfaceChanges


def format_markdown(
    changes: SurfaceChanges,
    *,
    heading_level: int = 2,
    source: str = "",
    heading: str | None = None,
    intro: Sequence[str] = (),
) -> str:
    """A changelog entry: a heading (by default the API versions and the suggested bump), the
    `intro` paragraphs, "From `source`.", then the counts and the changes, breaking ones
    first."""
    hashes = "#" * heading_level
    old, new = changes.old_version, changes.new_version
    title = changes.new_title or changes.old_title or "API"
    versions = f"{old} → {new}" if old != new else new
    lines = [
        f"{hashes} {heading or f'{title} {versions}: suggested bump **{changes.bump}**'}",
        "",
        *(line for paragraph in intro for line in (paragraph, "")),
        *([f"From {source}.", ""] if source else []),
        _counts(changes.summary()),
    ]
    lines += _breaking_section(changes, hashes)
    lines += _other_section(changes, hashes)
    if changes.empty:
        lines += [
            "",
            "No change to the SDK's operations or models"
            + (" (documentation or other details changed)." if changes.other_changes else "."),
        ]
    return "\n".join(lines) + "\n"


def _counts(s: Mapping[str, Any]) -> str:
    """The entry's line of counts, from `SurfaceChanges.summary`."""
    return (
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
            f"{s['aliases_removed'] + s['class_aliases_removed']} deprecated alias(es) " "removed; "
            if s["aliases_removed"] or s["class_aliases_removed"]
            else ""
        )
        + f"{s['breaking']} breaking."
    )


def _breaking_section(changes: SurfaceChanges, hashes: str) -> list[str]:
    breaking = [c for c in changes.operations if c.breaking]
    renames = [r for r in changes.class_renames if not r.aliased]
    models = [m for m in changes.models_changed if m.breaking]
    if not (
        breaking
        or models
        or changes.models_removed
        or changes.aliases_removed
        or renames
        or changes.class_aliases_removed
    ):
        return []
    lines = ["", f"{hashes}# Breaking changes", ""]
    lines += [_line(c) for c in breaking]
    lines += [_rename_line(r) for r in renames]
    lines += [_model_line(m) for m in models]
    lines += [f"- **removed** model `{name}`" for name in changes.models_removed]
    lines += [
        f"- **removed** deprecated alias `client.{name}` (use `client.{target}`)"
        for name, target in changes.aliases_removed
    ]
    lines += [
        f"- **removed** deprecated alias `{key}` (use `{key.partition('.')[0]}.{target}`)"
        for key, target in changes.class_aliases_removed
    ]
    return lines


def _other_section(changes: SurfaceChanges, hashes: str) -> list[str]:
    other = [c for c in changes.operations if not c.breaking]
    renames = [r for r in changes.class_renames if r.aliased]
    models = [m for m in changes.models_changed if not m.breaking]
    if not (other or changes.models_added or renames or models):
        return []
    lines = ["", f"{hashes}# Other changes", ""]
    lines += [_line(c) for c in other]
    lines += [_rename_line(r) for r in renames]
    lines += [_model_line(m) for m in models]
    if changes.models_added:
        names = ", ".join(f"`{name}`" for name in changes.models_added)
        lines.append(f"- **added** model(s) {names}")
    return lines


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
    return "\n".join([f"- {head}", *_details(change.details)])


def _model_line(change: ModelChange) -> str:
    travels = " and ".join(
        word for word, holds in (("sent", change.sent), ("returned", change.returned)) if holds
    )
    head = f"- **changed** model `{change.name}`" + (f" ({travels})" if travels else "")
    return "\n".join([head, *_details(change.details)])


def _details(details: Sequence[Detail]) -> list[str]:
    return [f"  - {d.text}" + (" **(breaking)**" if d.breaking else "") for d in details]


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


def format_json(changes: SurfaceChanges) -> str:
    payload: dict[str, Any] = {
        "old": {"title": changes.old_title, "version": changes.old_version},
        "new": {"title": changes.new_title, "version": changes.new_version},
        "summary": changes.summary(),
        "other_changes": changes.other_changes,
        "operations": [_change_json(c) for c in changes.operations],
        "models": {
            "added": list(changes.models_added),
            "removed": list(changes.models_removed),
            "changed": [
                {**asdict(change), "breaking": change.breaking} for change in changes.models_changed
            ],
        },
        "aliases_removed": [
            {"name": name, "target": target} for name, target in changes.aliases_removed
        ],
        "class_renames": [asdict(rename) for rename in changes.class_renames],
        "class_aliases_removed": [
            {"name": name, "target": target} for name, target in changes.class_aliases_removed
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _change_json(change: OperationChange) -> dict[str, Any]:
    data = asdict(change)
    return {key: value for key, value in data.items() if value is not None}
