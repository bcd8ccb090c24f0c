"""The run records: what a no-op regeneration replays, and their JSON codec.

`generate` keeps a record of each successful run (the prepared spec, the IR, the warnings and
the order of the files), as JSON, in the cache (`$SDKGEN_CACHE_DIR/runs`, see
`cache.cache_root`), keyed by the inputs digest of the manifest, the spec path, the config and
the state of the output the run left. When the output directory's manifest records the same
inputs and the files it lists are intact (whatever else lies there is the user's, and writing
would keep it), the run is replayed from that record (`replay`): same return values, same
(untouched) output, no stage run again.

A record is two lines of JSON. The second is the spec document as it is (kept only when it reads
back equal: a YAML spec may hold what JSON cannot tell apart, such as integer keys). The first
holds the IR and the diagnostics, frozen dataclasses made of tuples and scalars: a dataclass is
{"$": class name, "v": [field values in order]}, and only the classes of RECORD_CLASSES are ever
constructed; a tuple is a list (the IR holds no lists). Nothing read from the cache is unpickled.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from .. import ir
from ..cache import cache_root, write_entry
from ..config import ApiConfig
from ..diagnostics import Diagnostic
from ..release.plan import (
    PreviousOutput,
    ReleasePolicy,
    describe_spec,
    output_digest,
    unchanged_release,
)
from ..write.manifest import ALIASES, MANIFEST, SURFACE, fast_check, read_manifest
from ..write.writer import WriteReport
from .stages import Generation, PreparedSpec

# Part of every record's key and of its head: a record of another format is never decoded
# (a format-1 entry is a pickle, which the cache must never load).
RECORD_FORMAT_VERSION = 2
RECORDS_KEPT = 8  # run records kept in the cache (least recently used ones are removed)


def replay(
    spec_path: Path,
    config: ApiConfig,
    output_dir: Path,
    inputs: str,
    previous: PreviousOutput,
    policy: ReleasePolicy,
) -> tuple[Generation, WriteReport, PreparedSpec] | None:
    """What `generate` would return, from the run record, when writing would change nothing;
    None when there is no such record or the output differs from what the run left."""
    record_path = _record_path(inputs, spec_path, config, previous.digest)
    if record_path is None or not record_path.is_file() or not fast_check(output_dir, inputs):
        return None
    manifest = read_manifest(output_dir) or {}
    # write_tree leaves the output alone when every file it would write is there, a regular
    # file with the same bytes (fast_check read them; a symlink it would replace).
    expected = sorted({*manifest.get("files", {}), MANIFEST})
    if any((output_dir / path).is_symlink() for path in expected):
        return None
    try:
        prepared, api, warnings, order = decode_record(record_path.read_text(encoding="utf-8"))
        files = {path: (output_dir / path).read_bytes().decode("utf-8") for path in order}
        os.utime(record_path)  # recently used: kept by the pruning in _save
    except Exception:  # noqa: BLE001 - a damaged record: generate, and save a sound one again
        record_path.unlink(missing_ok=True)
        return None
    release = unchanged_release(previous, policy, describe_spec(prepared.path))
    generation = Generation(api, files, warnings, release)
    return generation, WriteReport((), tuple(expected), ()), prepared


def save_run_record(
    spec_path: Path,
    config: ApiConfig,
    files: dict[str, str],
    prepared: PreparedSpec,
    generation: Generation,
) -> None:
    """Remember a run whose `files` were written, so that the next one can replay it."""
    manifest = json.loads(files[MANIFEST])
    state = output_digest(files.get(SURFACE, ""), files.get(ALIASES, ""), manifest["sdk_version"])
    record_path = _record_path(manifest.get("inputs") or "", spec_path, config, state)
    _save(record_path, prepared, generation)


def _record_path(inputs: str, spec_path: Path, config: ApiConfig, output_state: str) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    # The spec path and the config's paths appear in diagnostics: part of the key, like inputs.
    # So is the state of the output the run left (version, aliases, surface): the same inputs
    # over another history give another SDK.
    key = f"{RECORD_FORMAT_VERSION}\0{inputs}\0{spec_path}\0{config!r}\0{output_state}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return root / "runs" / f"{digest}.json"


def _save(record_path: Path | None, prepared: PreparedSpec, generation: Generation) -> None:
    if record_path is None or record_path.is_file():
        return  # the same inputs give the same record
    try:
        lines = record_lines(prepared, generation)
        if lines is None:
            return
        # Written line by line: the record joined would be one more copy of it (GitHub's: 13
        # million characters, stored 4 bytes each when one is beyond Latin-1), the peak of a run.
        head, data = lines
        if not write_entry(record_path, head.encode("utf-8"), b"\n", data.encode("utf-8"), b"\n"):
            return
        records = sorted(
            (entry for entry in record_path.parent.iterdir() if not entry.name.startswith(".")),
            key=lambda entry: entry.stat().st_mtime,
        )
        for old in records[:-RECORDS_KEPT]:
            old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - unwritable cache, a value JSON cannot hold: saves time only
        return


RECORD_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (*vars(ir).values(), Diagnostic)
    if isinstance(cls, type) and is_dataclass(cls)
}


_FIELD_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in RECORD_CLASSES.values()}


def encode_record(prepared: PreparedSpec, generation: Generation) -> str | None:
    """The record's text, or None when it would not read back as this run's results."""
    lines = record_lines(prepared, generation)
    return None if lines is None else f"{lines[0]}\n{lines[1]}\n"


def record_lines(prepared: PreparedSpec, generation: Generation) -> tuple[str, str] | None:
    """The record's two lines (`encode_record` without the line ends joining them)."""
    tagged = (prepared.warnings, prepared.errors, generation.api, generation.warnings)
    head = {
        "format": RECORD_FORMAT_VERSION,
        "spec": str(prepared.path),
        "order": list(generation.files),
        "tagged": tagged,
    }
    data_text = json.dumps(prepared.data, ensure_ascii=False, separators=(",", ":"))
    # The spec is read back (in C): an integer key of a YAML spec must not replay as a string.
    # First, while nothing else of the record is held: the copy read back is the largest.
    if json.loads(data_text) != prepared.data:
        return None
    try:
        # Each dataclass's fields are checked as it is written (`_dataclass`): what JSON cannot
        # tell apart (a list from a tuple, NaN) refuses the record. Reading the record back to
        # compare would take longer than writing it (GitHub's IR: 83,000 objects).
        head_text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), default=_dataclass)
    except _Unrecordable:
        return None
    return head_text, data_text


def decode_record(text: str) -> tuple[PreparedSpec, ir.Api, tuple[Diagnostic, ...], list[str]]:
    """The prepared spec, the IR, the generation's warnings and the order of its files. Raises
    (ValueError, KeyError, TypeError...) on anything but what `encode_record` wrote."""
    head_text, data_text = text.split("\n", 1)
    head, data = json.loads(head_text, object_hook=_object), json.loads(data_text)
    if head["format"] != RECORD_FORMAT_VERSION or not isinstance(data, dict):
        raise ValueError("not a run record")
    warnings, errors, api, notes = _tuples(head["tagged"])
    order = head["order"]
    if not (isinstance(api, ir.Api) and all(isinstance(path, str) for path in order)):
        raise ValueError("not a run record")
    return PreparedSpec(Path(head["spec"]), data, warnings, errors), api, notes, order


class _Unrecordable(ValueError):
    """A field value that would not read back as itself."""


_SCALARS = frozenset({str, int, bool, type(None)})


def _dataclass(value: Any) -> Any:
    # json's `default`: called for what JSON has no type for (json writes tuples as lists).
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        raise TypeError(f"not recorded: {type(value).__name__}")
    values = [getattr(value, name) for name in names]
    for item in values:
        if type(item) not in _SCALARS and not _reads_back(item):
            raise _Unrecordable(type(value).__name__)
    return {"$": type(value).__name__, "v": values}


def _reads_back(value: Any) -> bool:
    """Whether `value`, a field's value, reads back equal from JSON: strings, integers,
    booleans, None, finite floats, record classes (checked when written themselves), and tuples
    of these (which read back as tuples: `_tuples`); not a list, a dict, or a subclass of what
    JSON writes natively. Any other object reaches `_dataclass`, which refuses it."""
    kind = type(value)
    if kind in _SCALARS or kind in _FIELD_NAMES:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is tuple:
        return all(_reads_back(item) for item in value)
    return not isinstance(value, (str, int, float, list, tuple, dict))


def _tuples(value: Any) -> Any:
    if type(value) is list:
        return tuple(_tuples(item) for item in value)
    return value


def _object(value: dict[str, Any]) -> Any:
    # json's object_hook: called bottom-up as each object is parsed (the fastest way to rebuild).
    if "$" not in value:
        return value  # the record's own head
    return RECORD_CLASSES[value["$"]](*(_tuples(item) for item in value["v"]))
