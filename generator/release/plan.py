"""What a generation releases, compared with the previous output it replaces.

The previous output (its surface record, its alias record and the version its manifest records)
decides three things of the new generation, in this order:

1. **Deprecated aliases.** An operation that keeps its operationId (or its method and path) but
   gets another SDK name — it moved to another path, or its name changed — keeps its old name
   too, as a method that warns and calls the new one (`normalize.attach_aliases`). The aliases
   are recorded in `.sdkgen-aliases.json` beside the SDK, so they survive the next generations,
   until `keep_majors` later major releases have passed (`deprecated_aliases` in the config; an
   alias is dropped only in a major release, which such a removal needs) or the config removes
   them. A renamed model or resource class (`compare.match_class_renames`) keeps its old name
   the same way, importable from `types` or `resources` (`normalize.attach_class_aliases`).
   Both kinds of alias follow one policy, written once (`_AliasKind`): what differs between
   them is how a rename is found, how an alias is placed, and how the alias record spells it.
2. **The version.** `compare.compare` of the previous record and the new one (aliases included: a
   move that keeps its old name breaks nobody) suggests a bump; `versioning` applies it.
3. **The changelog entry**, written by `changelog`.

Deterministic: the same generation over the same previous output plans the same release, and a
generation over its own output plans no change (so regenerating is a fixed point).
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from .. import ir
from ..config import ApiConfig
from ..diagnostics import Diagnostic, error
from ..graph import depth_first
from ..write.manifest import ALIASES, SURFACE, read_manifest
from .compare import SurfaceChanges, compare, match_class_renames, match_operations
from .record import READABLE_FORMATS, ClassKind, class_alias_key, surface_record, upgrade_record
from .versioning import Bump, is_breaking_release, is_lower, is_version, release_version

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

    @property
    def key(self) -> str:
        """Its name, as `deprecated_aliases.remove` names it."""
        return self.name


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
    bump: Bump  # what the comparison suggests ("none" for a first generation)
    changes: SurfaceChanges | None  # None: nothing to compare with (first generation)
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
        record = upgrade_record(record, output_dir, manifest.get("files") or {})
    version = manifest.get("sdk_version")
    if not (isinstance(version, str) and is_version(version)):
        version = UNRECORDED_VERSION if record is not None else None
    return PreviousOutput(
        record,
        METHOD_ALIASES.parse(aliases_text),
        version,
        output_digest(surface_text, aliases_text, version),
        CLASS_ALIASES.parse(aliases_text),
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


def aliases_text(release: Release, api: ir.Api) -> str | None:
    """`.sdkgen-aliases.json` for this release (None: no alias, no file)."""
    if not release.aliases and not release.class_aliases:
        return None
    payload: dict[str, Any] = {
        "format": ALIAS_FORMAT,
        "about": "Deprecated aliases sdkgen keeps in this SDK for operations that moved or "
        "changed name (see CHANGELOG.md). Remove one with `deprecated_aliases.remove` in the "
        "config; `keep_majors` says how many major releases they survive.",
        "aliases": METHOD_ALIASES.entries(release.aliases, api),
    }
    if release.class_aliases:
        payload["class_aliases"] = CLASS_ALIASES.entries(release.class_aliases, api)
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def unchanged_release(
    previous: PreviousOutput, policy: ReleasePolicy, source: SpecSource
) -> Release:
    """The release of a generation that changes nothing in `previous` (a replayed run)."""
    record = previous.record or {}
    title, version = str(record.get("title", "")), str(record.get("version", ""))
    nothing = SurfaceChanges(title, version, title, version, (), (), (), False)
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
    explicit, current = policy.explicit_version, previous.version
    if explicit is not None and current is not None and is_lower(explicit, current):
        raise error(
            "usage.version",
            f"--version {explicit} is lower than the SDK's version {current}",
            exit_code=2,
        )
    if previous.record is None:
        return _first_release(base, previous, policy, source)

    base_record = surface_record(base)
    kept, kept_classes = previous.aliases, previous.class_aliases
    wishes = METHOD_ALIASES.wishes(kept, previous.record, base_record, policy)
    class_wishes = CLASS_ALIASES.wishes(kept_classes, previous.record, base_record, policy)
    # The version depends on the changes, and the changes on the aliases: plan with the new
    # aliases undated, then date them with the version found (which dating cannot change: a new
    # alias means a renamed method or class, so the changelog is not empty either way).
    api, records, notes = METHOD_ALIASES.placed(base, wishes)
    api, class_records, class_notes = CLASS_ALIASES.placed(api, class_wishes)
    undated = surface_record(api, like=base_record)
    changes = compare(previous.record, undated)
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
    api, records, more_notes = METHOD_ALIASES.placed(base, dated)
    api, class_records, more_class_notes = CLASS_ALIASES.placed(api, dated_classes)
    api = replace(api, sdk_version=version)
    record = surface_record(api, like=base_record)
    if record != undated:  # else the same comparison again: it is a function of the records
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


def _first_release(
    base: ir.Api, previous: PreviousOutput, policy: ReleasePolicy, source: SpecSource
) -> tuple[ir.Api, Release]:
    """The release of a generation with no surface record to compare with."""
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


_Record = TypeVar("_Record", AliasRecord, ClassAliasRecord)


def _dated(
    records: list[_Record], version: str, breaking_release: bool, keep_majors: int
) -> list[_Record]:
    """The alias records after a release of `version`: new ones dated with it; in a breaking
    release, the others one major release older, and dropped past `keep_majors`."""
    dated: list[_Record] = []
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


def _surface_text(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"


# --- the two kinds of alias ---------------------------------------------------------------------


class _AliasKind(ABC, Generic[_Record]):
    """Deprecated aliases of one kind (methods, or models and resource classes), under the
    policy both kinds share: which ones a release keeps and adds (`wishes`), placing them in
    the API with a note for each refused (`placed`), and the alias record's list of them
    (`parse`, `entries`). A subclass says what is the kind's own: how renames are found
    between two surface records, how an alias is placed, and how the record spells one."""

    section: str  # the list of `.sdkgen-aliases.json` that holds them

    @abstractmethod
    def renames(
        self, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> tuple[Callable[[_Record], _Record], list[_Record]]:
        """From surface record `old` to `new`: how a kept alias follows its target when that
        was renamed again, and the aliases (undated) of the names changed since."""

    @abstractmethod
    def attach(
        self, api: ir.Api, records: Sequence[_Record]
    ) -> tuple[ir.Api, list[tuple[str, str]]]:
        """`api` with the aliases of `records`; the keys of those refused, with the reason."""

    @abstractmethod
    def read(self, entry: Mapping[str, object]) -> _Record | None:
        """An entry of the alias record; None when it does not read as one."""

    @abstractmethod
    def entries(self, records: Sequence[_Record], api: ir.Api) -> list[dict[str, object]]:
        """`records` as the alias record lists them."""

    def noted(self, reason: str) -> bool:
        """Whether a refusal for `reason` deserves a note (see `placed`)."""
        return True

    def wishes(
        self,
        kept: Sequence[_Record],
        old: Mapping[str, Any] | None,
        new: Mapping[str, Any],
        policy: ReleasePolicy,
    ) -> list[_Record]:
        """The aliases to keep (`kept`, from the previous output, following their targets
        renamed again) and to add (for the names changed from record `old` to `new`), but for
        those the config removes."""
        if not policy.aliases_enabled or old is None:
            return []
        follow, added = self.renames(old, new)
        removed = set(policy.remove)
        wishes: dict[str, _Record] = {}
        for alias in kept:
            if alias.key not in removed:
                wishes[alias.key] = follow(alias)
        for wish in added:
            if wish.key not in removed and wish.key not in wishes:
                wishes[wish.key] = wish
        return sorted(wishes.values(), key=lambda a: a.key)

    def placed(
        self, api: ir.Api, records: Sequence[_Record]
    ) -> tuple[ir.Api, list[_Record], list[Diagnostic]]:
        """`api` with the aliases of `records`; the records placed; notes on the others."""
        by_key = {record.key: record for record in records}
        api, refused = self.attach(api, records)
        refused_keys = {key for key, _ in refused}
        notes = [
            Diagnostic(
                "warning",
                "release.alias-dropped",
                f"the deprecated alias {key} is not kept: {reason}",
            )
            for key, reason in refused
            if self.noted(reason)
        ]
        kept = [by_key[key] for key in sorted(by_key) if key not in refused_keys]
        return api, kept, notes

    def parse(self, text: str) -> tuple[_Record, ...]:
        """This kind's records in `.sdkgen-aliases.json`; entries that do not read as one are
        left out."""
        found = [
            record
            for entry in _alias_entries(text, self.section)
            if (record := self.read(entry)) is not None
        ]
        return tuple(sorted(found, key=lambda a: a.key))


class _MethodAliases(_AliasKind[AliasRecord]):
    """Old method names of operations that moved or were renamed (matched by
    `compare.match_operations`), placed by `normalize.attach_aliases`."""

    section = "aliases"

    def renames(
        self, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> tuple[Callable[[AliasRecord], AliasRecord], list[AliasRecord]]:
        old_ops: dict[str, Any] = old["operations"]
        new_ops: dict[str, Any] = new["operations"]
        matched = match_operations(old_ops, new_ops)
        renamed_ids = {old_id: new_id for old_id, new_id in matched if old_id != new_id}
        current_names = {op["sdk"] for op in new_ops.values()}

        def follow(alias: AliasRecord) -> AliasRecord:
            operation_id = renamed_ids.get(alias.operation_id, alias.operation_id)
            return replace(alias, operation_id=operation_id)

        added = [
            AliasRecord(old_ops[old_id]["sdk"], new_id, "")
            for old_id, new_id in matched
            if old_ops[old_id]["sdk"] != new_ops[new_id]["sdk"]
            and old_ops[old_id]["sdk"] not in current_names
        ]
        return follow, added

    def attach(
        self, api: ir.Api, records: Sequence[AliasRecord]
    ) -> tuple[ir.Api, list[tuple[str, str]]]:
        # Imported when planning only: `check`'s fast path reads the bookkeeping without it.
        from ..normalize import AliasWish, attach_aliases

        api, refused = attach_aliases(
            api, (AliasWish(r.name, r.operation_id, r.since) for r in records)
        )
        return api, [(wish.name, reason) for wish, reason in refused]

    def noted(self, reason: str) -> bool:
        # The operation got its old name back: nothing is lost, nothing to tell.
        return reason != "the method has this name again"

    def read(self, entry: Mapping[str, object]) -> AliasRecord | None:
        name, operation_id, since = entry.get("name"), entry.get("operation_id"), entry.get("since")
        count = entry.get("breaking_releases", 0)
        if (
            isinstance(name, str)
            and isinstance(operation_id, str)
            and isinstance(since, str)
            and isinstance(count, int)
        ):
            return AliasRecord(name, operation_id, since, count)
        return None

    def entries(self, records: Sequence[AliasRecord], api: ir.Api) -> list[dict[str, object]]:
        targets = {
            a.name: a.target
            for r in depth_first(api.resources, lambda resource: resource.children)
            for a in r.aliases
        }
        return [
            {
                "name": a.name,
                "calls": targets.get(a.name, ""),
                "operation_id": a.operation_id,
                "since": a.since,
                "breaking_releases": a.breaking_releases,
            }
            for a in records
        ]


class _ClassAliases(_AliasKind[ClassAliasRecord]):
    """Old names of renamed models and resource classes (matched by
    `compare.match_class_renames`), placed by `normalize.attach_class_aliases`."""

    section = "class_aliases"

    def renames(
        self, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> tuple[Callable[[ClassAliasRecord], ClassAliasRecord], list[ClassAliasRecord]]:
        renames = match_class_renames(old, new)
        renamed_to = {(rename.kind, rename.old): rename.new for rename in renames}

        def follow(alias: ClassAliasRecord) -> ClassAliasRecord:
            return replace(alias, target=renamed_to.get((alias.kind, alias.target), alias.target))

        added = [ClassAliasRecord(r.kind, r.old, r.new, "") for r in renames]
        return follow, added

    def attach(
        self, api: ir.Api, records: Sequence[ClassAliasRecord]
    ) -> tuple[ir.Api, list[tuple[str, str]]]:
        from ..normalize import ClassAliasWish, attach_class_aliases  # see _MethodAliases

        api, refused = attach_class_aliases(
            api, (ClassAliasWish(r.kind, r.name, r.target, r.since) for r in records)
        )
        return api, [(class_alias_key(wish.kind, wish.name), reason) for wish, reason in refused]

    def read(self, entry: Mapping[str, object]) -> ClassAliasRecord | None:
        kind, name, target = entry.get("kind"), entry.get("name"), entry.get("target")
        since, count = entry.get("since"), entry.get("breaking_releases", 0)
        if (
            (kind == "model" or kind == "resource")
            and isinstance(name, str)
            and isinstance(target, str)
            and isinstance(since, str)
            and isinstance(count, int)
        ):
            return ClassAliasRecord(kind, name, target, since, count)
        return None

    def entries(self, records: Sequence[ClassAliasRecord], api: ir.Api) -> list[dict[str, object]]:
        return [
            {
                "kind": a.kind,
                "name": a.name,
                "target": a.target,
                "since": a.since,
                "breaking_releases": a.breaking_releases,
            }
            for a in records
        ]


METHOD_ALIASES = _MethodAliases()
CLASS_ALIASES = _ClassAliases()
