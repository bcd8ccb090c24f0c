"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
CA_CONFIG = REPO / "specs" / "commandersact" / "sdkgen.yaml"


def ca_spec_path() -> Path:
    """The vendor's spec: $SDKGEN_SPEC, else the shared copy beside the project."""
    configured = os.environ.get("SDKGEN_SPEC")
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else (REPO / path)
    return REPO.parent / "shared" / "specs" / "commandersact" / "openapi.json"


@pytest.fixture(scope="session")
def ca_spec() -> Path:
    path = ca_spec_path()
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"SDKGEN_SPEC points at {path}, which does not exist")
        pytest.skip(f"the Commanders Act spec is not at {path} (set SDKGEN_SPEC)")
    return path


@pytest.fixture(scope="session")
def ca_prepared(ca_spec: Path):
    """The CA spec after load, repair, overlays and validation (computed once per session)."""
    from generator.config import load_config
    from generator.pipeline.stages import prepare_spec

    return prepare_spec(ca_spec, load_config(CA_CONFIG))


@pytest.fixture(scope="session")
def ca_generation(ca_prepared):
    """The CA SDK rendered and formatted in memory (computed once per session)."""
    from generator.config import load_config
    from generator.pipeline.stages import build_sdk

    return build_sdk(ca_prepared, load_config(CA_CONFIG))
