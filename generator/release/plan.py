"""What a generation releases, compared with the previous output it replaces.

The previous output (its surface record, its alias record and the version its manifest records)
decides three things of the new generation, in this order:

1. **Deprecated aliases.** An operation that keeps its operationId (or its method and path) but
   gets another SDK name — it moved to another path, or its name changed — keeps its old name
   too, as a method that warns and calls the new one (`normalize.attach_aliases`). The aliases
   are recorded in `.sdkgen-aliases.json` beside the SDK, so they survive the next generations,
   until `keep_majors` later major releases have passed (`deprecated_aliases` in the config; an
   alias is dropped only in a major release, which such a removal needs) or the config removes
   them. A renamed model or resource class (`diff.match_class_renames`) keeps its old name the
   same way, importable from `types` or `resources` (`normalize.attach_class_aliases`).
2. **The version.** `diff.compare` of the previous record and the new one (aliases included: a
   move that keeps its old name breaks nobody) suggests a bump; `versioning` applies it.
3. **The changelog entry**, written by `changelog`.

Deterministic: the same generation over the same previous output plans the same release, and a
generation over its own output plans no change (so regenerating is a fixed point).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from .. import ir
from ..config import ApiConfig
from ..diagnostics import Diagnostic, error
from ..graph import depth_first
from ..write.manifest import ALIASES, SURFACE, read_manifest
from .diff import (
    READABLE_FORMATS,
    Bump,
    Changelog,
    ClassKind,
    class_alias_key,
    compare,
    match_class_renames,
    match_operations,
    surface_record,
)
from .versioning import (
    is_breaking_release,
    is_version,
    parse_version,
    precedence,
    release_version,
)

ALIAS_FORMAT = 1
# What sdkgen wrote as every SDK's version before it recorded versions in the manifest.
UNRECORDED_VERSION = "0.1.0"


@dataclass(frozen=True)
class AliasRecord:
    """A deprecated alias as `.sdkgen-aliases.json` keeps it."""

    name: str  # the old dotted name from the client, e.g. "cleansing_transformations.list"
    operation_id: str  # the operation it calls
    since: str  # the SDK version that introduced it
    breaking_releases: int = 0  # major releases since then (dropped past `keep_majors`)


@dataclass(frozen=True)
class ClassAliasRecord:
    """A deprecated class alias as `.sdkgen-aliases.json` keeps it."""

    kind: ClassKind
    name: str  # the old class name (a resource's sync class)
    target: str  # the class it is now
    since: str
    breaking_releases: int = 0

    @property
    def key(self) -> str:
        """ "types.Old" or "resources.Old", as `deprecated_aliases.remove` names it."""
        return class_alias_key(self.kind, self.name)


@dataclass(frozen=True)
class ReleasePolicy:
    """The config's and the command line's say on versions and aliases."""

    explicit_version: str | None = None  # --version: this version, as it is
    floor: str | None = None  # `version:` in the config: at least this version
    aliases_enabled: bool = True
    keep_majors: int = 1
    remove: tuple[str, ...] = ()

    @classmethod
    def from_config(cls, config: ApiConfig, explicit_version: str | None = None) -> ReleasePolicy:
        return cls(
            explicit_version,
            config.sdk_version,
            config.aliases_enabled,
            config.alias_keep_majors,
            config.aliases_removed,
        )


@dataclass(frozen=True)
class PreviousOutput:
    """The bookkeeping of the output a generation replaces (all None/empty: no previous one)."""

    record: dict[str, Any] | None = None  # surface record
    aliases: tuple[AliasRecord, ...] = ()
    version: str | None = None
    digest: str = ""  # of the three above as stored, to tell which output a plan was made for
    class_aliases: tuple[ClassAliasRecord, ...] = ()  # (kept in the alias record's file)


@dataclass(frozen=True)
class SpecSource:
    """The spec a generation came from, as its changelog entry names it."""

    name: str  # file name
    sha256: str
    date: str | None = None  # YYYY-MM-DD of its download (from the lock file), when known

    def __str__(self) -> str:
        date = f" of {self.date}" if self.date else ""
        return f"{self.name}{date} (sha256 {self.sha256[:12]})" if self.sha256 else self.name


def describe_spec(spec_path: Path) -> SpecSource:
    spec_path = Path(spec_path)
    try:
        data = spec_path.read_bytes()
    except OSError:
        return SpecSource(spec_path.name, "")
    sha256 = hashlib.sha256(data).hexdigest()
    lock_path = spec_path.with_suffix(".lock.json")  # openapi.json -> openapi.lock.json
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        lock = None
    date = None
    if isinstance(lock, dict) and lock.get("sha256") == sha256:
        stamp = lock.get("downloaded_at")
        date = stamp[:10] if isinstance(stamp, str) and len(stamp) >= 10 else None
    return SpecSource(spec_path.name, sha256, date)


@dataclass(frozen=True)
class Release:
    version: str
    previous_version: str | None
    bump: Bump  # what the diff suggests ("none" for a first generation)
    changes: Changelog | None  # None: nothing to compare with (first generation)
    surface: str  # the surface record, as `.sdkgen-surface.json` stores it
    aliases: tuple[AliasRecord, ...]
    notes: tuple[Diagnostic, ...]  # aliases that could not be kept, and why
    based_on: str  # `PreviousOutput.digest` of the output this release follows
    policy: ReleasePolicy
    source: SpecSource  # the spec it came from
    class_aliases: tuple[ClassAliasRecord, ...] = ()

    @property
    def first(self) -> bool:
        return self.changes is None

    @property
    def changed(self) -> bool:
        """Whether this generation gets a changelog entry: first generation, a surface change
        or a new version."""
        return (
            self.changes is None
            or self.changes.bump != "none"
            or self.version != self.previous_version
        )

    @property
    def new_aliases(self) -> tuple[AliasRecord, ...]:
        return tuple(
            a for a in self.aliases if a.since == self.version and a.breaking_releases == 0
        )

    @property
    def new_class_aliases(self) -> tuple[ClassAliasRecord, ...]:
        return tuple(
            a for a in self.class_aliases if a.since == self.version and a.breaking_releases == 0
        )


# --- the previous output ------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def read_previous(output_dir: Path | None) -> PreviousOutput:
    """The bookkeeping of `output_dir` (what is unreadable counts as absent)."""
    if output_dir is None:
        return PreviousOutput(digest=output_digest("", "", None))
    output_dir = Path(output_dir)
    surface_text = _read_text(output_dir / SURFACE)
    aliases_text = _read_text(output_dir / ALIASES)
    manifest = read_manifest(output_dir) or {}
    record: dict[str, Any] | None = None
    try:
        loaded = json.loads(surface_text) if surface_text else None
        if isinstance(loaded, dict) and loaded.get("format") in READABLE_FORMATS:
            record = loaded
    except ValueError:
        record = None
    if record is not None and record.get("format") == 1:
        from .surface import upgrade_record  # reads the old SDK's files: only for old records

        record = upgrade_record(record, output_dir, manifest.get("files") or {})
    version = manifest.get("sdk_version")
    if not (isinstance(version, str) and is_version(version)):
        version = UNRECORDED_VERSION if record is not None else None
    return PreviousOutput(
        record,
        parse_aliases(aliases_text),
        version,
        output_digest(surface_text, aliases_text, version),
        parse_class_aliases(aliases_text),
    )


def output_digest(surface_text: str, aliases_text: str, version: str | None) -> str:
    """What identifies the state of an output for planning: its surface record, alias record
    and version, as stored."""
    payload = json.dumps([surface_text, aliases_text, version])
    return hashlib.sha256(payload.encode()).hexdigest()


def _alias_entries(text: str, key: str) -> list[dict[str, object]]:
    """The objects listed under `key` in `.sdkgen-aliases.json` (none when it does not read)."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return []
    entries = data.get(key) if isinstance(data, dict) else None
    return (
        [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []
    )


def parse_aliases(text: str) -> tuple[AliasRecord, ...]:
    """The records of `.sdkgen-aliases.json`; entries that do not read as one are left out."""
    found: list[AliasRecord] = []
    for entry in _alias_entries(text, "aliases"):
        name, operation_id, since = entry.get("name"), entry.get("operation_id"), entry.get("since")
        count = entry.get("breaking_releases", 0)
        if (
            isinstance(name, str)
            and isinstance(operation_id, str)
            and isinstance(since, str)
            and isinstance(count, int)
        ):
            found.append(AliasRecord(name, operation_id, since, count))
    return tuple(sorted(found, key=lambda a: a.name))


def parse_class_aliases(text: str) -> tuple[ClassAliasRecord, ...]:
    """The class aliases of `.sdkgen-aliases.json`; entries that do not read as one are left out."""
    found: list[ClassAliasRecord] = []
    for entry in _alias_entries(text, "class_aliases"):
        kind, name, target = entry.get("kind"), entry.get("name"), entry.get("target")
        since, count = entry.get("since"), entry.get("breaking_releases", 0)
        if (
            (kind == "model" or kind == "resource")
            and isinstance(name, str)
            and isinstance(target, str)
            and isinstance(since, str)
            and isinstance(count, int)
        ):
            found.append(ClassAliasRecord(kind, name, target, since, count))
    return tuple(sorted(found, key=lambda a: a.key))


def aliases_text(release: Release, api: ir.Api) -> str | None:
    """`.sdkgen-aliases.json` for this release (None: no alias, no file)."""
    if not release.aliases and not release.class_aliases:
        return None
    targets = {
        a.name: a.target
        for r in depth_first(api.resources, lambda resource: resource.children)
        for a in r.aliases
    }
    payload = {
        "format": ALIAS_FORMAT,
        "about": "Deprecated aliases sdkgen keeps in this SDK for operations that moved or "
        "changed name (see CHANGELOG.md). Remove one with `deprecated_aliases.remove` in the "
        "config; `keep_majors` says how many major releases they survive.",
        "aliases": [
            {
                "name": a.name,
                "calls": targets.get(a.name, ""),
                "operation_id": a.operation_id,
                "since": a.since,
                "breaking_releases": a.breaking_releases,
            }
            for a in release.aliases
        ],
    }
    if release.class_aliases:
        payload["class_aliases"] = [
            {
                "kind": a.kind,
                "name": a.name,
                "target": a.target,
                "since": a.since,
                "breaking_releases": a.breaking_releases,
            }
            for a in release.class_aliases
        ]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def unchanged_release(
    previous: PreviousOutput, policy: ReleasePolicy, source: SpecSource
) -> Release:
    """The release of a generation that changes nothing in `previous` (a replayed run)."""
    record = previous.record or {}
    title, version = str(record.get("title", "")), str(record.get("version", ""))
    nothing = Changelog(title, version, title, version, (), (), (), False)
    return Release(
        previous.version or UNRECORDED_VERSION,
        previous.version,
        "none",
        nothing,
        _surface_text(record),
        previous.aliases,
        (),
        previous.digest,
        policy,
        source,
        previous.class_aliases,
    )


# --- planning -----------------------------------------------------------------------------------


def plan_release(
    base: ir.Api,
    previous: PreviousOutput,
    policy: ReleasePolicy,
    *,
    source: SpecSource | None = None,
) -> tuple[ir.Api, Release]:
    """`base` (as normalize built it) with its deprecated aliases and version, and the release."""
    source = source or SpecSource(base.source_name, "")
    explicit = policy.explicit_version
    if explicit is not None and previous.version is not None and _lower(explicit, previous.version):
        raise error(
            "usage.version",
            f"--version {policy.explicit_version} is lower than the SDK's version "
            f"{previous.version}",
            exit_code=2,
        )
    if previous.record is None:
        version = release_version(
            previous.version, "none", explicit=policy.explicit_version, floor=policy.floor
        )
        api = replace(base, sdk_version=version)
        release = Release(
            version,
            previous.version,
            "none",
            None,
            _surface_text(surface_record(api)),
            (),
            (),
            previous.digest,
            policy,
            source,
        )
        return api, release

    base_record = surface_record(base)
    wishes = _wishes(base_record, previous, policy)
    class_wishes = _class_wishes(base_record, previous, policy)
    # The version depends on the changes, and the changes on the aliases: plan with the new
    # aliases undated, then date them with the version found (which dating cannot change: a new
    # alias means a renamed method or class, so the changelog is not empty either way).
    api, records, notes = _with_aliases(base, wishes)
    api, class_records, class_notes = _with_class_aliases(api, class_wishes)
    changes = compare(previous.record, surface_record(api, like=base_record))
    version = release_version(
        previous.version,
        changes.bump,
        explicit=policy.explicit_version,
        floor=policy.floor,
    )
    breaking_release = previous.version is not None and is_breaking_release(
        previous.version, version
    )
    dated = _dated(records, version, breaking_release, policy.keep_majors)
    dated_classes = _dated(class_records, version, breaking_release, policy.keep_majors)
    api, records, more_notes = _with_aliases(base, dated)
    api, class_records, more_class_notes = _with_class_aliases(api, dated_classes)
    api = replace(api, sdk_version=version)
    record = surface_record(api, like=base_record)
    changes = compare(previous.record, record)
    release = Release(
        version,
        previous.version,
        changes.bump,
        changes,
        _surface_text(record),
        tuple(records),
        (*notes, *more_notes, *class_notes, *more_class_notes),
        previous.digest,
        policy,
        source,
        tuple(class_records),
    )
    return api, release


_Aged = TypeVar("_Aged", AliasRecord, ClassAliasRecord)


def _dated(
    records: list[_Aged], version: str, breaking_release: bool, keep_majors: int
) -> list[_Aged]:
    """The alias records after a release of `version`: new ones dated with it; in a breaking
    release, the others one major release older, and dropped past `keep_majors`."""
    dated: list[_Aged] = []
    for alias in records:
        if not alias.since:
            dated.append(replace(alias, since=version))
        elif breaking_release:
            older = replace(alias, breaking_releases=alias.breaking_releases + 1)
            if older.breaking_releases <= keep_majors:
                dated.append(older)
        else:
            dated.append(alias)
    return dated


def _lower(version: str, than: str) -> bool:
    return precedence(parse_version(version)) < precedence(parse_version(than))


def _surface_text(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"


def _wishes(
    base_record: dict[str, Any], previous: PreviousOutput, policy: ReleasePolicy
) -> list[AliasRecord]:
    """The aliases to keep (from the record) and to add (for methods whose name changed)."""
    if not policy.aliases_enabled or previous.record is None:
        return []
    old_ops: dict[str, Any] = previous.record["operations"]
    new_ops: dict[str, Any] = base_record["operations"]
    renamed_ids = {old: new for old, new in match_operations(old_ops, new_ops) if old != new}
    current_names = {op["sdk"] for op in new_ops.values()}
    removed = set(policy.remove)
    wishes: dict[str, AliasRecord] = {}
    for alias in previous.aliases:
        if alias.name not in removed:
            operation_id = renamed_ids.get(alias.operation_id, alias.operation_id)
            wishes[alias.name] = replace(alias, operation_id=operation_id)
    for old_id, new_id in match_operations(old_ops, new_ops):
        old_name = old_ops[old_id]["sdk"]
        if old_name == new_ops[new_id]["sdk"] or old_name in current_names:
            continue
        if old_name not in removed and old_name not in wishes:
            wishes[old_name] = AliasRecord(old_name, new_id, "")
    return sorted(wishes.values(), key=lambda a: a.name)


def _class_wishes(
    base_record: dict[str, Any], previous: PreviousOutput, policy: ReleasePolicy
) -> list[ClassAliasRecord]:
    """The class aliases to keep (from the record, following a class renamed again) and to add
    (for models and resource classes renamed since the previous output)."""
    if not policy.aliases_enabled or previous.record is None:
        return []
    removed = set(policy.remove)
    renames = match_class_renames(previous.record, base_record)
    renamed_to = {(rename.kind, rename.old): rename.new for rename in renames}
    wishes: dict[str, ClassAliasRecord] = {}
    for alias in previous.class_aliases:
        if alias.key not in removed:
            target = renamed_to.get((alias.kind, alias.target), alias.target)
            wishes[alias.key] = replace(alias, target=target)
    for rename in renames:
        wish = ClassAliasRecord(rename.kind, rename.old, rename.new, "")
        if wish.key not in removed and wish.key not in wishes:
            wishes[wish.key] = wish
    return sorted(wishes.values(), key=lambda a: a.key)


def _with_class_aliases(
    api: ir.Api, records: list[ClassAliasRecord]
) -> tuple[ir.Api, list[ClassAliasRecord], list[Diagnostic]]:
    """`api` with the class aliases of `records`; the records placed; notes on the others."""
    from ..normalize import ClassAliasWish, attach_class_aliases

    by_key = {record.key: record for record in records}
    api, refused = attach_class_aliases(
        api, (ClassAliasWish(r.kind, r.name, r.target, r.since) for r in records)
    )
    refused_keys = {class_alias_key(wish.kind, wish.name) for wish, _ in refused}
    notes = [
        Diagnostic(
            "warning",
            "release.alias-dropped",
            f"the deprecated alias {class_alias_key(wish.kind, wish.name)} is not kept: {reason}",
        )
        for wish, reason in refused
    ]
    kept = [by_key[key] for key in sorted(by_key) if key not in refused_keys]
    return api, kept, notes


def _with_aliases(
    base: ir.Api, records: list[AliasRecord]
) -> tuple[ir.Api, list[AliasRecord], list[Diagnostic]]:
    """`base` with the aliases of `records` placed; the records placed; notes on the others."""
    from ..normalize import AliasWish, attach_aliases  # a stage: imported only when planning

    by_name = {record.name: record for record in records}
    api, refused = attach_aliases(
        base, (AliasWish(r.name, r.operation_id, r.since) for r in records)
    )
    refused_names = {wish.name for wish, _ in refused}
    notes = [
        Diagnostic(
            "warning",
            "release.alias-dropped",
            f"the deprecated alias {wish.name} is not kept: {reason}",
        )
        for wish, reason in refused
        if reason != "the method has this name again"
    ]
    kept = [by_name[name] for name in sorted(by_name) if name not in refused_names]
    return api, kept, notes
