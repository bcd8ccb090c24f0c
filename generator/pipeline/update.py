"""`sdkgen update`: the scheduled job's one command. Download the vendor's spec (or read
`--source`), validate it after repair and overlays, regenerate the SDK over the current one (the
diff against it decides the version bump, the deprecated aliases and the changelog entry), and
install the spec copy, its lock file and the SDK together.

Exit codes (`EXIT_*`): 0 nothing changed (nothing was written), 3 the spec copy and/or the SDK
changed (the summary says how: a pull-request body), 1 invalid spec, 2 usage, network or I/O
error. On any failure nothing changed: the spec copy, its lock and the SDK are as they were.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, ir
from ..config import ApiConfig
from ..diagnostics import Diagnostic, SdkgenError, error
from ..download.fetch import Fetched, fetch_spec, lock_path_for, lock_text
from ..graph import depth_first
from ..release.plan import Release
from ..write.manifest import manifest_files
from ..write.writer import WriteReport, write_tree
from .generate import plan_generation
from .stages import Generation

EXIT_UNCHANGED = 0
EXIT_CHANGED = 3


@dataclass(frozen=True)
class UpdateResult:
    spec_path: Path
    output_dir: Path
    source: str
    spec_changed: bool  # the spec copy (and its lock file) were replaced
    previous_sha256: str | None  # of the spec copy before (None: there was none)
    sha256: str
    report: WriteReport  # what happened to the SDK's files
    generation: Generation

    @property
    def sdk_changed(self) -> bool:
        return bool(self.report.written or self.report.removed)

    @property
    def changed(self) -> bool:
        return self.spec_changed or self.sdk_changed

    @property
    def exit_code(self) -> int:
        return EXIT_CHANGED if self.changed else EXIT_UNCHANGED


class _Replacements:
    """Files replaced one after another and put back together when a later step fails."""

    def __init__(self) -> None:
        self._done: list[tuple[Path, Path | None]] = []  # (target, backup of the old file)

    def replace(self, target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temp, _mode_for(target))
            backup: Path | None = None
            if target.exists():
                backup = target.with_name(f".{target.name}.sdkgen-backup")
                backup.unlink(missing_ok=True)
                try:
                    os.link(target, backup)  # the old file stays at its path until the swap
                except OSError:  # a filesystem without hard links
                    shutil.copy2(target, backup)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self._done.append((target, backup))

    def rollback(self) -> None:
        for target, backup in reversed(self._done):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        self._done.clear()

    def commit(self) -> None:
        for _, backup in self._done:
            if backup is not None:
                backup.unlink(missing_ok=True)
        self._done.clear()


def _mode_for(target: Path) -> int:
    """The mode the file has, or the user's usual one (umask) for a new file."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def update(
    config: ApiConfig,
    output_dir: Path,
    *,
    source: str | None = None,
    timeout: float = 30.0,
    package_name: str | None = None,
    version: str | None = None,
    progress: bool = False,
) -> UpdateResult:
    """Fetch, validate, regenerate and install, all or nothing (see the module's docstring)."""
    fetched = fetch_spec(config, source=source, timeout=timeout, progress=progress)
    assert config.spec_path is not None  # fetch_spec checked it
    spec_path, output_dir = config.spec_path, Path(output_dir)
    try:
        current: bytes | None = spec_path.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as failure:
        raise error(
            "update.io", f"cannot read {spec_path}: {failure}", file=str(spec_path), exit_code=2
        ) from None
    spec_changed = current != fetched.payload
    lock = fetched.lock()
    spec_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sdkgen-update-", dir=spec_path.parent) as scratch:
        staged = spec_path
        if spec_changed:  # the same file name: generated headers name the spec
            staged = Path(scratch) / spec_path.name
            staged.write_bytes(fetched.payload)
            lock_path_for(staged).write_text(lock_text(lock))
        try:
            _, generation, files, replayed = plan_generation(
                staged, output_dir, config, package_name=package_name, version=version
            )
        except SdkgenError as failure:
            raise _nothing_changed(failure, fetched, spec_path, output_dir) from None
        replacements = _Replacements()
        try:
            if spec_changed:
                replacements.replace(spec_path, fetched.payload)
                replacements.replace(lock_path_for(spec_path), lock_text(lock).encode())
            report = (
                replayed
                if replayed is not None
                else write_tree(files, output_dir, previous=manifest_files(output_dir))
            )
        except SdkgenError as failure:
            replacements.rollback()
            raise _nothing_changed(failure, fetched, spec_path, output_dir) from None
        except BaseException:
            replacements.rollback()
            raise
        replacements.commit()
    return UpdateResult(
        spec_path,
        output_dir,
        fetched.source,
        spec_changed,
        hashlib.sha256(current).hexdigest() if current is not None else None,
        lock["sha256"],
        report,
        generation,
    )


def _nothing_changed(
    failure: SdkgenError, fetched: Fetched, spec_path: Path, output_dir: Path
) -> SdkgenError:
    note = Diagnostic(
        "error",
        "update.nothing-changed",
        f"update stopped: {spec_path}, its lock file and {output_dir} were left as they were",
        file=fetched.source,
    )
    return SdkgenError([*failure.diagnostics, note], exit_code=failure.exit_code)


# --- the summary --------------------------------------------------------------------------------


def summary_markdown(result: UpdateResult) -> str:
    """What changed, for a pull-request body (or the job's log)."""
    from ..release.changelog import entry_text

    generation = result.generation
    api = generation.api
    release = generation.release
    previous = release.previous_version if release is not None else None
    if not result.changed:
        return (
            f"# {api.package_name} {api.sdk_version}: up to date\n\n"
            f"The spec from {result.source} is the one in `{result.spec_path}` "
            f"(sha256 {result.sha256[:12]}), and `{result.output_dir}` is what it generates.\n"
        )
    versions = (
        f"{previous} → {api.sdk_version}"
        if previous and previous != api.sdk_version
        else api.sdk_version
    )
    lines = [f"# Update of the {api.package_name} SDK: {versions}", ""]
    operations = len(api.all_operations())
    if result.spec_changed:
        before = result.previous_sha256[:12] if result.previous_sha256 else "none"
        lines.append(
            f"The spec at {result.source} changed (sha256 {before} → {result.sha256[:12]}; "
            f"{api.title} {api.version}, {operations} operations, {len(api.models)} models): "
            f"`{result.spec_path}` and its lock file are updated."
        )
    else:
        lines.append(
            f"The spec is unchanged (sha256 {result.sha256[:12]}); the SDK was regenerated "
            "because what generates it changed (sdkgen, its templates or the config)."
        )
    report = result.report
    files = (
        f"`{result.output_dir}`: {len(report.written)} file(s) written, "
        f"{len(report.removed)} removed, {len(report.unchanged)} unchanged."
    )
    lines += ["", files, ""]
    if release is not None and release.changed:
        lines.append(_demote(entry_text(api, release)).rstrip("\n"))
        lines += _aliases_table(api, release)
    else:
        lines.append("No change to the SDK's operations, models or version.")
    lines += ["", f"Generated by `sdkgen update` (sdkgen {__version__})."]
    return "\n".join(lines).rstrip("\n") + "\n"


def _demote(markdown: str) -> str:
    """Headings one level down, under the summary's title."""
    return "\n".join("#" + line if line.startswith("#") else line for line in markdown.split("\n"))


def _aliases_table(api: ir.Api, release: Release) -> list[str]:
    new = {alias.name for alias in release.new_aliases}
    rows = [
        f"| `client.{alias.name}()` | `client.{alias.target}()` |"
        for resource in depth_first(api.resources, lambda resource: resource.children)
        for alias in resource.aliases
        if alias.name in new
    ]
    if not rows:
        return []
    return [
        "",
        "### Deprecated aliases added",
        "",
        "Code that calls the old names keeps working (with a `DeprecationWarning`):",
        "",
        "| old name | new name |",
        "| --- | --- |",
        *sorted(rows),
    ]
