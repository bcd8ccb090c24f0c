"""`sdkgen diff`: the changes between two specs as a user of the SDK sees them (`diff_specs`),
and the surface record or IR of one spec (`record_from_spec`, `api_from_spec`), which the other
commands' tests use too. The specs may be gzipped (`.gz`): read through a temporary copy.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from typing import Any

from .. import ir
from ..config import ApiConfig
from ..diagnostics import error
from ..release.compare import SurfaceChanges
from ..release.plan import PreviousOutput, ReleasePolicy, plan_release
from .stages import prepare_spec


def diff_specs(
    old_spec: Path, new_spec: Path, config: ApiConfig
) -> tuple[SurfaceChanges, int, int]:
    """The changes from `old_spec` to `new_spec` as a user of the SDK sees them: the SDK of
    `new_spec` generated over the one of `old_spec` keeps the old names of moved operations as
    deprecated aliases (unless the config disables them), so such moves break nobody. Also the
    counts of validation errors left in each (tolerated)."""
    old, old_errors = record_from_spec(old_spec, config)
    new, new_errors = api_from_spec(new_spec, config)
    _, release = plan_release(new, PreviousOutput(record=old), ReleasePolicy.from_config(config))
    assert release.changes is not None  # there is a previous record
    return release.changes, old_errors, new_errors


def record_from_spec(spec_path: Path, config: ApiConfig) -> tuple[dict[str, Any], int]:
    """Load → repair → overlay → normalize `spec_path`; its surface record (`diff.surface_record`)
    and the count of validation errors left after repair (tolerated: a diff only needs the
    operations). `.gz` is accepted."""
    from ..release.record import surface_record

    api, errors = api_from_spec(spec_path, config)
    return surface_record(api), errors


def api_from_spec(spec_path: Path, config: ApiConfig) -> tuple[ir.Api, int]:
    """Load → repair → overlay → normalize `spec_path` (`.gz` accepted); the IR and the count of
    validation errors left after repair (tolerated)."""
    from ..normalize import normalize

    with tempfile.TemporaryDirectory(prefix="sdkgen-diff-") as scratch:
        path = Path(spec_path)
        if path.suffix == ".gz":
            path = _gunzipped(path, Path(scratch))
        prepared = prepare_spec(path, config)
    api, _ = normalize(
        prepared.data,
        config=config,
        package_name=config.package_name or "sdk",
        source_name=Path(spec_path).name,
        client_class_name=config.client_class_name,
    )
    return api, len(prepared.errors)


def _gunzipped(path: Path, scratch: Path) -> Path:
    """A plain copy of the gzipped spec `path` in `scratch`, named without `.gz` (the loader
    tells JSON from YAML by the suffix left)."""
    plain = scratch / path.stem
    try:
        plain.write_bytes(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError) as failure:
        raise error(
            "diff.io", f"cannot read {path}: {failure}", file=str(path), exit_code=2
        ) from None
    return plain
