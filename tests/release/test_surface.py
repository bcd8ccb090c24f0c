"""The committed public surface of the Commanders Act SDK (tests/snapshots/commandersact.surface.txt).

Any change of spec or generator that changes a resource, a signature, a model or a field type
shows up here as a reviewable diff. Update with `make snapshots`.
"""

from __future__ import annotations

import difflib
import os

from generator.release.surface import describe_surface

from ..conftest import REPO

SNAPSHOT = REPO / "tests" / "snapshots" / "commandersact.surface.txt"


def test_public_surface_matches_the_committed_snapshot(ca_generation) -> None:
    surface = describe_surface(ca_generation.api)
    if os.environ.get("SDKGEN_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(surface)
    expected = SNAPSHOT.read_text()
    if surface != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), surface.splitlines(), "committed", "current", lineterm=""
        )
        raise AssertionError(
            "surface changed; run `make snapshots`:\n" + "\n".join(list(diff)[:100])
        )
