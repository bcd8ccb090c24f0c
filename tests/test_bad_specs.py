"""Every spec of tests/bad_specs is rejected by `sdkgen generate` with a located message,
and the output directory is left exactly as it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).parent / "bad_specs"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "cases.yaml").read_text())


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_corpus_is_complete() -> None:
    specs = {path.name for path in HERE.iterdir() if path.is_file() and path.name != "cases.yaml"}
    assert specs == set(CASES)
    assert len(CASES) >= 15


@pytest.mark.parametrize("name", sorted(CASES))
def test_generate_rejects_bad_spec(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    spec = HERE / name
    out = tmp_path / "out"
    out.mkdir()
    (out / "sentinel.txt").write_bytes(b"keep me\n")
    before = snapshot(out)
    command = [sys.executable, "-m", "generator", "generate", str(spec)]
    command += ["--output", str(out), "--package", "badpkg"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0, result.stdout
    assert case["message"] in result.stderr
    assert f"[{case['code']}]" in result.stderr
    assert name in result.stderr  # the diagnostic names the spec file
    assert snapshot(out) == before
