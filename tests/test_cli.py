"""The sdkgen command line: help, exit codes, where reports go, quiet/verbose."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

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


# --- names Python cannot import, refused before anything runs -----------------------------------


@pytest.mark.parametrize(
    ("name", "problem", "suggestion"),
    [
        ("class", "'class' is a Python keyword", "'class_'"),
        ("my-pkg", "'my-pkg' is not a valid Python identifier", "'my_pkg'"),
        ("9abc", "'9abc' is not a valid Python identifier", "'sdk_9_abc'"),
        ("a.b", "'a.b' is not a valid Python identifier", "'a_b'"),
        ("x y", "'x y' is not a valid Python identifier", "'x_y'"),
    ],
)
@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_package_name_python_cannot_import_is_refused(
    command: str,
    name: str,
    problem: str,
    suggestion: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    code = main([command, str(JSONAPI_SPEC), "--output", str(out), "--package", name])
    err = capsys.readouterr().err
    assert code == 2
    assert f"--package: {problem}" in err and f"try {suggestion}" in err
    assert "[usage.package]" in err
    assert not out.exists()


def test_the_config_and_the_command_line_share_one_rule(tmp_path: Path) -> None:
    from generator.config import python_name_problem

    config = tmp_path / "sdkgen.yaml"
    config.write_text("package: my-pkg\nclient: 9Client\n")
    result = sdkgen("generate", JSONAPI_SPEC, "--config", config, "-o", tmp_path / "out")
    assert result.returncode == 1  # a config that is wrong: invalid input, as every config error
    assert f"package: {python_name_problem('my-pkg', 'package')}" in result.stderr
    assert f"client: {python_name_problem('9Client', 'class')}" in result.stderr
    assert "[config.invalid]" in result.stderr and not (tmp_path / "out").exists()


# --- permissions of what is written -------------------------------------------------------------


def test_the_output_gets_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    umask = os.umask(0o022)
    try:
        assert (
            main(["generate", str(JSONAPI_SPEC), "-o", str(out), "--package", "catalog", "-q"]) == 0
        )
        assert stat.S_IMODE(out.stat().st_mode) == 0o755  # not 0700
        assert stat.S_IMODE((out / "catalog").stat().st_mode) == 0o755
        assert stat.S_IMODE((out / "catalog" / "_client.py").stat().st_mode) == 0o644
        os.chmod(out, 0o750)
        os.chmod(out / "catalog", 0o700)
        (out / "catalog" / "_client.py").unlink()  # something to write again: a real swap
        assert (
            main(["generate", str(JSONAPI_SPEC), "-o", str(out), "--package", "catalog", "-q"]) == 0
        )
    finally:
        os.umask(umask)
    assert (out / "catalog" / "_client.py").is_file()
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert stat.S_IMODE((out / "catalog").stat().st_mode) == 0o700


# --- RecursionError: never a traceback ----------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "target"),
    [
        ("load", "generator.load.loader.load_document"),
        ("repair", "generator.repair.repairs.repair_document"),
        ("validate", "generator.validate.validator.validate_document"),
        ("normalize", "generator.normalize.normalize"),
        ("render", "generator.render.sdk.render_sdk"),
    ],
)
@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_recursion_error_in_any_stage_is_an_error_naming_the_spec(
    command: str,
    stage: str,
    target: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setenv("SDKGEN_CACHE_DIR", "off")
    monkeypatch.setenv("SDKGEN_FORMAT_PARALLEL", "0")
    monkeypatch.setattr(target, too_deep)
    out = tmp_path / "out"
    code = main([command, str(JSONAPI_SPEC), "-o", str(out), "--package", "catalog"])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        f"error: {JSONAPI_SPEC}: the document is nested or linked too deeply for the {stage}" in err
    )
    assert "[spec.too-deep]" in err and "Traceback" not in err
    assert not out.exists()


def test_a_recursion_error_outside_the_pipeline_still_names_the_specs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("generator.pipeline.diff.plan_release", too_deep)
    assert main(["diff", str(JSONAPI_SPEC), str(JSONAPI_SPEC)]) == 1
    err = capsys.readouterr().err
    assert f"error: {JSONAPI_SPEC}, {JSONAPI_SPEC}: nested or linked too deeply" in err
    assert "[spec.too-deep]" in err


def test_generate_verbose_lists_each_paging_operation_and_its_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = FIXTURES / "cursor"
    args = ["generate", str(case / "spec.yaml"), "--config", str(case / "sdkgen.yaml")]
    assert main([*args, "--output", str(tmp_path / "v"), "--verbose"]) == 0
    err = capsys.readouterr().err
    assert "pagination: 6 operation(s) page\n" in err
    assert "  GET /models: cursor: `after` takes `last_id` while `has_more`\n" in err
    assert "  GET /users: the next URL in `@odata.nextLink`\n" in err
    assert "(declared in the config)" in err and "GET /batches" not in err
    assert main([*args, "--output", str(tmp_path / "q")]) == 0
    assert "pagination:" not in capsys.readouterr().err  # only with --verbose
