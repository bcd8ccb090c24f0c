"""sdkgen installed as a user installs it: a wheel built from this checkout, put with its
dependencies into a fresh virtual environment (not editable), used from outside the checkout.

The environment gets its packages from the package index (pip's cache makes a second run quick);
black is pinned to the version of this test run, so that its output can be compared byte for
byte with what the checkout generates in this process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

import generator
from generator.config import ApiConfig
from generator.pipeline.check import BOOKKEEPING, MANIFEST
from generator.pipeline.stages import Generation, build_sdk, prepare_spec

from .conftest import CA_CONFIG, FIXTURES, REPO

pytestmark = pytest.mark.slow

SMALL_SPEC = FIXTURES / "minimal" / "spec.json"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    sdkgen: Path
    work: Path  # a directory outside the checkout: the cwd of every command
    env: Mapping[str, str]

    def run(self, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(arg) for arg in args],
            cwd=cwd or self.work,
            env=dict(self.env),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )


def isolated_env(tmp: Path) -> dict[str, str]:
    """This process's environment without anything that would point back at the checkout."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SDKGEN_TEMPLATES"}
    }
    env["SDKGEN_CACHE_DIR"] = str(tmp / "cache")  # nothing replayed from the checkout's runs
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("install")
    env = isolated_env(tmp)
    dist = tmp / "dist"

    def pip(python: Path, *args: str | Path) -> None:
        done = subprocess.run(
            [str(python), "-m", "pip", "--disable-pip-version-check", *map(str, args)],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    pip(Path(sys.executable), "wheel", "--quiet", "--no-deps", "--wheel-dir", dist, REPO)
    (wheel,) = dist.glob("sdkgen-*.whl")
    venv.create(tmp / "venv", with_pip=True)
    python = tmp / "venv" / "bin" / "python"
    # The generated SDKs need httpx and pydantic to import; sdkgen itself does not.
    pip(
        python,
        "install",
        "--quiet",
        wheel,
        f"black=={metadata.version('black')}",
        "httpx",
        "pydantic",
    )
    work = tmp / "work"
    work.mkdir()
    return Installed(wheel, python, tmp / "venv" / "bin" / "sdkgen", work, env)


def test_the_wheel_holds_the_package_and_the_templates_and_nothing_else(
    installed: Installed,
) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(
            next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
        ).decode()

    def files(root: Path) -> set[str]:
        return {
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        }

    expected = {f"generator/{name}" for name in files(REPO / "generator")} | {
        f"generator/templates/{name}" for name in files(REPO / "templates")
    }
    assert {name for name in names if ".dist-info/" not in name} == expected
    assert "sdkgen = generator.cli:main" in entry_points


def assert_same_files(output: Path, expected: Mapping[str, str]) -> None:
    """`output` holds exactly the files the checkout generates (bookkeeping aside), byte for byte."""
    written = {
        path.relative_to(output).as_posix()
        for path in output.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert written - set(BOOKKEEPING) == set(expected)
    for relative, text in expected.items():
        assert (output / relative).read_text(encoding="utf-8") == text, relative


def assert_imports(installed: Installed, project: Path, package: str, client: str) -> None:
    """Every module of the generated package imports with the environment's python."""
    script = f"""
import importlib, pkgutil
package = importlib.import_module({package!r})
assert package.__file__.startswith({str(project)!r}), package.__file__
names = [m.name for m in pkgutil.walk_packages(package.__path__, {package!r} + ".")]
for name in names:
    importlib.import_module(name)
client = getattr(package, {client!r})
print(len(names), client.__name__)
"""
    imported = installed.run(installed.python, "-c", script, cwd=project)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    count, name = imported.stdout.split()
    assert int(count) > 5 and name == client


def installed_templates(installed: Installed) -> Path:
    found = installed.run(
        installed.python, "-c", "import generator.render as r; print(r.default_templates_dir())"
    )
    assert found.returncode == 0, found.stderr
    return Path(found.stdout.strip())


def test_the_installed_sdkgen_reads_its_templates_from_its_own_package(
    installed: Installed,
) -> None:
    package = installed.run(installed.python, "-c", "import generator; print(generator.__file__)")
    assert package.returncode == 0, package.stderr
    site_package = Path(package.stdout.strip()).parent
    assert site_package.parent.name == "site-packages"
    assert installed_templates(installed) == site_package / "templates"


def test_the_installed_sdkgen_generates_and_checks_a_small_sdk(installed: Installed) -> None:
    output = installed.work / "minimal-sdk"
    generated = installed.run(
        installed.sdkgen, "generate", SMALL_SPEC, "--output", output, "--package", "minimal"
    )
    assert generated.returncode == 0, generated.stderr
    expected = build_sdk(prepare_spec(SMALL_SPEC, ApiConfig()), ApiConfig(), package_name="minimal")
    assert_same_files(output, expected.files)
    assert_imports(installed, output, "minimal", "MinimalStatus")

    check = ("-m", "generator", "check", SMALL_SPEC, "--output", output, "--package", "minimal")
    # The manifest's digest covers the templates the installed sdkgen used: unchanged inputs...
    fresh = installed.run(installed.python, *check)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "up to date (fast path" in fresh.stdout
    # ...and other templates ($SDKGEN_TEMPLATES) make the SDK stale, with the files named.
    templates = installed.work / "templates"
    shutil.copytree(installed_templates(installed), templates)
    header = templates / "_header.jinja"
    header.write_text(header.read_text().replace("Do not edit.", "Do not edit by hand."))
    stale = Installed(
        installed.wheel,
        installed.python,
        installed.sdkgen,
        installed.work,
        {**installed.env, "SDKGEN_TEMPLATES": str(templates)},
    ).run(installed.python, *check)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "STALE" in stale.stdout
    assert "changed  minimal/_client.py" in stale.stdout
    assert "+# Generated by sdkgen from spec.json. Do not edit by hand." in stale.stdout


def test_the_installed_sdkgen_generates_the_commandersact_sdk(
    installed: Installed, ca_spec: Path, ca_generation: Generation
) -> None:
    output = installed.work / "commandersact-sdk"
    generated = installed.run(
        installed.python, "-m", "generator", "generate", ca_spec, "--config", CA_CONFIG,
        "--output", output,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    assert_same_files(output, ca_generation.files)
    assert (output / MANIFEST).is_file()
    assert_imports(installed, output, "commandersact", "CommandersAct")


def test_every_other_command_runs_from_the_wheel(installed: Installed) -> None:
    version = installed.run(installed.python, "-m", "generator", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"sdkgen {generator.__version__}"

    valid = installed.run(installed.sdkgen, "validate", SMALL_SPEC)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "0 validation error(s) after repair" in valid.stdout

    project = installed.work / "download"
    project.mkdir()
    config = project / "sdkgen.yaml"
    config.write_text(f"package: minimal\nspec:\n  source: {SMALL_SPEC}\n  path: openapi.json\n")
    downloaded = installed.run(installed.sdkgen, "download", "--config", config)
    assert downloaded.returncode == 0, downloaded.stderr
    assert json.loads((project / "openapi.json").read_text()) == json.loads(SMALL_SPEC.read_text())
    assert (project / "openapi.lock.json").is_file()

    newer = project / "newer.json"
    document = json.loads(SMALL_SPEC.read_text())
    del document["paths"]["/echo"]
    newer.write_text(json.dumps(document))
    diff = installed.run(
        installed.sdkgen, "diff", project / "openapi.json", newer, "--format", "json"
    )
    assert diff.returncode == 0, diff.stderr
    summary = json.loads(diff.stdout)["summary"]
    assert (summary["removed"], summary["bump"]) == (1, "major")
