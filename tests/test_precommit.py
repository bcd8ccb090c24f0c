"""The pre-commit hooks, run for real by the `pre-commit` tool in a temporary git repository.

The repository uses `repo: local` hooks with `language: system` that call this virtual
environment's `sdkgen` (the same commands `.pre-commit-hooks.yaml` exposes with `language:
python`): `pre-commit try-repo` on the python hooks would build a virtualenv and pip-install
sdkgen's dependencies from an index, which an offline test cannot rely on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO

BIN = Path(sys.executable).parent
PRE_COMMIT = BIN / "pre-commit"
SDKGEN = BIN / "sdkgen"

pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git"
)

CONFIG = f"""\
repos:
  - repo: local
    hooks:
      - id: sdkgen-validate
        name: sdkgen validate
        entry: {SDKGEN} validate --config sdkgen.yaml
        language: system
        pass_filenames: false
        files: \\.(json|ya?ml)$
      - id: sdkgen-check
        name: sdkgen check
        entry: {SDKGEN} check --config sdkgen.yaml --output sdk
        language: system
        pass_filenames: false
        always_run: true
"""


def run(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(cwd.parent / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "api"
    root.mkdir()
    shutil.copy(FIXTURES / "jsonapi" / "spec.yaml", root / "spec.yaml")
    config = (FIXTURES / "jsonapi" / "sdkgen.yaml").read_text()
    (root / "sdkgen.yaml").write_text(config + "spec:\n  path: spec.yaml\n")
    (root / ".pre-commit-config.yaml").write_text(CONFIG)
    assert run(root, "git", "init", "-q", "-b", "main").returncode == 0
    generated = run(root, SDKGEN, "generate", "spec.yaml", "--config", "sdkgen.yaml", "-o", "sdk")
    assert generated.returncode == 0, generated.stderr
    installed = run(root, PRE_COMMIT, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return root


def commit(root: Path, message: str) -> subprocess.CompletedProcess[str]:
    assert run(root, "git", "add", "-A").returncode == 0
    return run(root, "git", "commit", "-q", "-m", message)


def test_the_hook_manifest_and_the_project_config_are_valid() -> None:
    manifest = run(REPO, PRE_COMMIT, "validate-manifest", REPO / ".pre-commit-hooks.yaml")
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = run(REPO, PRE_COMMIT, "validate-config", REPO / ".pre-commit-config.yaml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_a_stale_sdk_is_refused_and_a_regenerated_one_passes(repo: Path) -> None:
    first = commit(repo, "spec and SDK")
    assert first.returncode == 0, first.stdout + first.stderr

    spec = repo / "spec.yaml"
    spec.write_text(spec.read_text().replace("title:", "title: Changed", 1))
    stale = commit(repo, "spec changed, SDK not regenerated")
    assert stale.returncode != 0
    output = stale.stdout + stale.stderr
    assert "sdkgen check" in output and "Failed" in output
    assert "STALE" in output
    assert run(repo, "git", "rev-list", "--count", "HEAD").stdout.strip() == "1"

    regenerated = run(repo, SDKGEN, "generate", "spec.yaml", "--config", "sdkgen.yaml", "-o", "sdk")
    assert regenerated.returncode == 0, regenerated.stderr
    fixed = commit(repo, "SDK regenerated")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert run(repo, "git", "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_an_invalid_spec_is_refused(repo: Path) -> None:
    assert commit(repo, "spec and SDK").returncode == 0
    spec = repo / "spec.yaml"
    spec.write_text(spec.read_text().replace('"200":', '"600":', 1))
    refused = commit(repo, "broken spec")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "sdkgen validate" in output and "Failed" in output
