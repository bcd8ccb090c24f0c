"""The sdkgen command line: help, exit codes, where reports go, quiet/verbose."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CA_CONFIG, FIXTURES

JSONAPI_SPEC = FIXTURES / "jsonapi" / "spec.yaml"

INVALID_AFTER_REPAIR = """\
openapi: 3.0.3
info: {title: Broken, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {count: {type: integer}}}
        "600":
          description: not an HTTP status
"""


def sdkgen(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("command", [[], ["generate"], ["validate"], ["download"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = sdkgen(*command, "--help")
    assert result.returncode == 0
    assert "usage: sdkgen" in result.stdout


def test_missing_arguments_are_a_usage_error() -> None:
    result = sdkgen("generate")
    assert result.returncode == 2
    assert "--output" in result.stderr


def test_validate_a_valid_spec_exits_zero() -> None:
    result = sdkgen("validate", JSONAPI_SPEC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 validation error(s) after repair" in result.stdout


def test_validate_a_missing_file_is_an_io_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = sdkgen("validate", missing)
    assert result.returncode == 2
    assert str(missing) in result.stderr


def test_validate_reports_problems_left_after_repair_with_pointers(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(INVALID_AFTER_REPAIR)
    result = sdkgen("validate", spec)
    assert result.returncode == 1
    assert "after repair" in result.stdout
    assert "#/paths/~1things/get/responses" in result.stdout


def test_generate_stops_on_validation_errors_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(INVALID_AFTER_REPAIR)
    out = tmp_path / "out"
    result = sdkgen("generate", spec, "--output", out, "--package", "broken")
    assert result.returncode == 1
    assert str(spec) in result.stderr
    assert not out.exists()


def test_generate_allow_invalid_generates_and_reports(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text(INVALID_AFTER_REPAIR)
    out = tmp_path / "out"
    result = sdkgen("generate", spec, "--output", out, "--package", "broken", "--allow-invalid")
    assert result.returncode == 0, result.stderr
    assert "--allow-invalid" in result.stderr
    assert (out / "broken" / "__init__.py").is_file()


def test_generate_without_config_needs_a_package_name(tmp_path: Path) -> None:
    result = sdkgen("generate", JSONAPI_SPEC, "--output", tmp_path / "out")
    assert result.returncode == 2
    assert "--package" in result.stderr


def test_quiet_prints_no_warnings_and_verbose_lists_pointers(ca_spec: Path, tmp_path: Path) -> None:
    quiet = sdkgen("generate", ca_spec, "--config", CA_CONFIG, "-o", tmp_path / "q", "--quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    verbose = sdkgen("validate", ca_spec, "--config", CA_CONFIG, "--verbose")
    assert verbose.returncode == 0, verbose.stdout + verbose.stderr
    assert "repair." in verbose.stdout
    assert "#/paths/" in verbose.stdout


def test_validate_counts_errors_before_and_after_repair(ca_spec: Path) -> None:
    without_overlays = sdkgen("validate", ca_spec)
    assert without_overlays.returncode == 1
    before = int(without_overlays.stdout.split(" validation error(s) before repair")[0].split()[-1])
    assert before > 200
    with_overlays = sdkgen("validate", ca_spec, "--config", CA_CONFIG)
    assert with_overlays.returncode == 0
    assert "0 validation error(s) after repair" in with_overlays.stdout
