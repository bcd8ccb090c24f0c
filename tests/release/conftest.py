"""Fixtures of the release tests."""

from __future__ import annotations

import pytest

from generator.release.compare import SurfaceChanges

from .support import changes


@pytest.fixture(scope="session")
def breaking() -> SurfaceChanges:
    """old.yaml → new.yaml of `diff_fixtures/`: every kind of change once."""
    return changes("old.yaml", "new.yaml")
