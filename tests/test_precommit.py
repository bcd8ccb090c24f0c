"""The pre-commit hooks, used the way another repository uses them, run by the `pre-commit` tool.

A temporary git repository (an API's spec, config and generated SDK) lists this repository in its
`.pre-commit-config.yaml` by path and revision, with the hook ids of `.pre-commit-hooks.yaml`.
pre-commit clones it at that revision and installs it itself (`language: python`: a virtualenv
and `pip install .`, from the package index) into a PRE_COMMIT_HOME of its own. The revision is a
commit of a copy of the working tree, so uncommitted changes are what gets tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, REPO

BIN = Path(sys.executable).parent
PRE_COMMIT = BIN / "pre-commit"
SDKGEN = BIN / "sdkgen"  # the user's own sdkgen, which regenerates the SDK

pytestmark = [
    pytest.mark.skipif(
        not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git"
    ),
    pytest.mark.slow,
]

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run(
    cwd: Path, *args: str | Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, **GIT_IDENTITY, **(env or {})},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def git(cwd: Path, *args: str) -> str:
    done = run(cwd, "git", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def hooks_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this working tree (tracked and untracked files, deletions
    applied, ignored files left out) in one commit: (path, commit)."""
    root = tmp_path_factory.mktemp("sdkgen-hooks-repo")
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for relative in sorted(set(filter(None, listed.split("\0")))):
        source = REPO / relative
        if source.is_file():  # a tracked file deleted in the working tree is left out
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sdkgen working tree")
    return root, git(root, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One per module: pre-commit installs the hooks' environment once, the first test pays."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture()
def api_repository(
    tmp_path: Path, hooks_repository: tuple[Path, str], pre_commit_home: Path
) -> Path:
    """Another project's repository: a spec, its config, the SDK generated from it, and a
    `.pre-commit-config.yaml` naming this repository's hooks."""
    hooks_path, revision = hooks_repository
    root = tmp_path / "api"
    root.mkdir()
    shutil.copy(FIXTURES / "jsonapi" / "spec.yaml", root / "spec.yaml")
    config = (FIXTURES / "jsonapi" / "sdkgen.yaml").read_text()
    (root / "sdkgen.yaml").write_text(config + "spec:\n  path: spec.yaml\n")
    (root / ".pre-commit-config.yaml").write_text(f"""\
repos:
  - repo: {hooks_path}
    rev: {revision}
    hooks:
      - id: sdkgen-validate
        args: [--config, sdkgen.yaml]
      - id: sdkgen-check
        args: [--config, sdkgen.yaml, --output, sdk]
""")
    git(root, "init", "-q", "-b", "main")
    generated = run(root, SDKGEN, "generate", "spec.yaml", "--config", "sdkgen.yaml", "-o", "sdk")
    assert generated.returncode == 0, generated.stderr
    installed = run(root, PRE_COMMIT, "install", env=home(pre_commit_home))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return root


def home(pre_commit_home: Path) -> dict[str, str]:
    return {"PRE_COMMIT_HOME": str(pre_commit_home)}


def commit(root: Path, message: str, pre_commit_home: Path) -> subprocess.CompletedProcess[str]:
    git(root, "add", "-A")
    return run(root, "git", "commit", "-q", "-m", message, env=home(pre_commit_home))


def commits(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "--all") or 0)


def test_the_hooks_are_the_advertised_ones() -> None:
    manifest = run(REPO, PRE_COMMIT, "validate-manifest", REPO / ".pre-commit-hooks.yaml")
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = run(REPO, PRE_COMMIT, "validate-config", REPO / ".pre-commit-config.yaml")
    assert config.returncode == 0, config.stdout + config.stderr
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"]: hook["language"] for hook in hooks} == {
        "sdkgen-check": "python",
        "sdkgen-validate": "python",
    }


def test_a_stale_sdk_is_refused_and_a_regenerated_one_passes(
    api_repository: Path, pre_commit_home: Path
) -> None:
    first = commit(api_repository, "spec and SDK", pre_commit_home)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "sdkgen check" in first.stderr and "Passed" in first.stderr  # git: hooks' stdout
    # The hooks ran from pre-commit's own installation of sdkgen, not from this environment.
    environments = list(pre_commit_home.glob("repo*/py_env-*/bin/sdkgen"))
    assert len(environments) == 1

    spec = api_repository / "spec.yaml"
    spec.write_text(spec.read_text().replace("title: Catalog API", "title: Catalog API v2", 1))
    stale = commit(api_repository, "spec changed, SDK not regenerated", pre_commit_home)
    assert stale.returncode != 0
    output = stale.stdout + stale.stderr
    assert "sdkgen check" in output and "Failed" in output
    assert "sdk: STALE" in output
    assert "changed  README.md" in output
    assert "changed  catalog/_client.py" in output
    assert commits(api_repository) == 1

    regenerated = run(
        api_repository, SDKGEN, "generate", "spec.yaml", "--config", "sdkgen.yaml", "-o", "sdk"
    )
    assert regenerated.returncode == 0, regenerated.stderr
    fixed = commit(api_repository, "SDK regenerated", pre_commit_home)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert commits(api_repository) == 2


def test_an_invalid_spec_is_refused(api_repository: Path, pre_commit_home: Path) -> None:
    assert commit(api_repository, "spec and SDK", pre_commit_home).returncode == 0
    spec = api_repository / "spec.yaml"
    spec.write_text(spec.read_text().replace('"200":', '"600":', 1))
    refused = commit(api_repository, "broken spec", pre_commit_home)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "sdkgen validate" in output and "Failed" in output
    assert "spec.yaml" in output and "#/paths/" in output
    assert commits(api_repository) == 1
