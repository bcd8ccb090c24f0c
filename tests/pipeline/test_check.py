"""sdkgen check: is the generated SDK what the inputs generate now? And hand-written code."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.config import load_config
from generator.pipeline.check import MANIFEST, check
from generator.pipeline.generate import generate
from generator.render import DEFAULT_TEMPLATES_DIR, TEMPLATES_ENV

from ..conftest import CA_CONFIG, FIXTURES, ca_spec_path

CASE = FIXTURES / "jsonapi"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """A copy of the jsonapi fixture (spec + config), a copy of the templates, and an output."""
    for name in ("spec.yaml", "sdkgen.yaml"):
        shutil.copy(CASE / name, tmp_path / name)
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES_DIR, templates)
    monkeypatch.setenv(TEMPLATES_ENV, str(templates))
    out = tmp_path / "out"
    code = main(
        [
            "generate",
            str(tmp_path / "spec.yaml"),
            "--config",
            str(tmp_path / "sdkgen.yaml"),
            "-o",
            str(out),
            "-q",
        ]
    )
    assert code == 0
    return tmp_path / "spec.yaml", templates, out


def run_check(spec: Path, out: Path, *extra: str) -> int:
    return main(
        ["check", str(spec), "--config", str(spec.parent / "sdkgen.yaml"), "-o", str(out), *extra]
    )


def test_a_fresh_generation_is_up_to_date_by_the_fast_path(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, _, out = project
    capsys.readouterr()
    assert run_check(spec, out) == 0
    assert "up to date (fast path" in capsys.readouterr().out
    assert run_check(spec, out, "--full") == 0
    assert (
        "up to date (full check: regenerated in memory: no difference)" in capsys.readouterr().out
    )


def test_an_edited_template_makes_it_stale_until_regenerated(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, templates, out = project
    version = templates / "package" / "_version.py.jinja"
    version.write_text(version.read_text() + "\nEDITED_BY_THE_TEST = True\n")
    capsys.readouterr()
    assert run_check(spec, out) == 1
    report = capsys.readouterr().out
    assert "STALE" in report and "1 file(s) differ (1 changed" in report
    assert "changed  catalog/_version.py (+" in report
    assert "+EDITED_BY_THE_TEST = True" in report  # the unified diff
    assert (
        main(
            [
                "generate",
                str(spec),
                "--config",
                str(spec.parent / "sdkgen.yaml"),
                "-o",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run_check(spec, out) == 0
    assert "fast path" in capsys.readouterr().out


def test_a_changed_spec_field_makes_it_stale_until_regenerated(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, _, out = project
    text = spec.read_text()
    assert "operationId:" in text
    spec.write_text(text.replace("title:", "title: Renamed", 1).replace("Renamed ", "Renamed", 1))
    capsys.readouterr()
    assert run_check(spec, out) == 1
    report = capsys.readouterr().out
    assert "STALE (regenerated in memory: the output differs)" in report
    assert "\n--- a/" in report and "\n+++ b/" in report
    assert (
        main(
            [
                "generate",
                str(spec),
                "--config",
                str(spec.parent / "sdkgen.yaml"),
                "-o",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert run_check(spec, out) == 0


def test_a_hand_edited_generated_file_is_stale_even_with_unchanged_inputs(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, _, out = project
    client = out / "catalog" / "_client.py"
    client.write_text(client.read_text() + "# my edit\n")
    (out / "catalog" / "stray.py").write_text("x = 1\n")
    capsys.readouterr()
    assert run_check(spec, out) == 1
    report = capsys.readouterr().out
    assert "1 file(s) differ (1 changed, 0 missing, 0 no longer generated)" in report
    assert "changed  catalog/_client.py (+0 -1)" in report
    assert "note: not written by sdkgen, kept and not compared: catalog/stray.py" in report
    assert regenerate(spec, out) == 0
    assert "# my edit" not in client.read_text()  # the generated file wins
    assert (out / "catalog" / "stray.py").read_text() == "x = 1\n"


USER_FILES = {
    "LICENSE": "MIT License\n",
    "tests/test_mine.py": "def test_mine() -> None:\n    assert True\n",
    ".github/workflows/ci.yml": "on: push\njobs: {}\n",
    ".mypy_cache/3.11/catalog/__init__.data.json": "{}",
    "catalog/__pycache__/__init__.cpython-311.pyc": "",
    ".pytest_cache/v/cache/lastfailed": "{}",
    "build/lib/catalog/__init__.py": "",
    "dist/catalog-1.0.0.tar.gz": "",
}


def regenerate(spec: Path, out: Path) -> int:
    config = str(spec.parent / "sdkgen.yaml")
    return main(["generate", str(spec), "--config", config, "-o", str(out), "-q"])


def test_files_the_user_adds_are_kept_and_never_stale(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, templates, out = project
    for path, text in USER_FILES.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text)
    capsys.readouterr()
    assert run_check(spec, out) == 0
    assert "up to date (fast path" in capsys.readouterr().out
    assert run_check(spec, out, "--full") == 0
    report = capsys.readouterr().out
    assert "up to date (full check: regenerated in memory: no difference)" in report
    assert (
        "note: not written by sdkgen, kept and not compared: .github/, .mypy_cache/, "
        ".pytest_cache/, LICENSE, build/, catalog/__pycache__/, dist/, tests/\n"
    ) in report

    version = templates / "package" / "_version.py.jinja"  # a change to regenerate
    version.write_text(version.read_text() + "\nEDITED_BY_THE_TEST = True\n")
    assert run_check(spec, out) == 1
    assert regenerate(spec, out) == 0
    assert "EDITED_BY_THE_TEST" in (out / "catalog" / "_version.py").read_text()
    for path, text in USER_FILES.items():
        assert (out / path).read_text() == text, path
    assert run_check(spec, out) == 0


def test_a_file_no_longer_generated_is_stale_until_regenerated(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, _, out = project
    (out / "LICENSE").write_text("MIT\n")
    document = yaml.safe_load(spec.read_text())
    del document["paths"]["/catalog/items/{id}/stats"]
    spec.write_text(yaml.safe_dump(document, sort_keys=False))
    gone = [
        "catalog/resources/catalog_items_stats.py",
        "catalog/types/catalog_items_stats_response.py",
    ]
    assert all((out / path).is_file() for path in gone)
    capsys.readouterr()
    assert run_check(spec, out) == 1
    report = capsys.readouterr().out
    for path in gone:
        assert f"extra    {path}\n" in report
    assert "LICENSE" not in report.split("note:")[0]
    assert regenerate(spec, out) == 0
    assert not any((out / path).exists() for path in gone)
    assert (out / "LICENSE").read_text() == "MIT\n"
    assert run_check(spec, out, "--full") == 0


def test_without_a_manifest_nothing_is_removed_or_stale(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, _, out = project
    (out / MANIFEST).write_text("{damaged")
    (out / "catalog" / "old_module.py").write_text("x = 1\n")  # whose? unknown: kept
    capsys.readouterr()
    assert run_check(spec, out) == 0  # the full check: the fast path needs the manifest
    assert "old_module.py" in capsys.readouterr().out.split("note:")[1]
    assert (
        main(["generate", str(spec), "--config", str(spec.parent / "sdkgen.yaml"), "-o", str(out)])
        == 0
    )
    assert "has no readable manifest" in capsys.readouterr().err
    assert (out / "catalog" / "old_module.py").read_text() == "x = 1\n"
    assert json.loads((out / MANIFEST).read_text())["files"]  # written again


def test_a_missing_output_dir_is_stale(project: tuple[Path, Path, Path]) -> None:
    spec, _, out = project
    assert run_check(spec, out.parent / "nowhere") == 1


def test_custom_code_is_never_stale(
    project: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, _, out = project
    custom = out / "catalog" / "_custom" / "helpers.py"
    custom.parent.mkdir()
    custom.write_text("def mine() -> int:\n    return 1\n")
    capsys.readouterr()
    assert run_check(spec, out) == 0
    assert "fast path" in capsys.readouterr().out
    assert run_check(spec, out, "--full") == 0


def ca_version(number: int, directory: Path) -> Path:
    history = ca_spec_path().parent / "history"
    source = next(history.glob(f"{number:02d}-*.json.gz"), None)
    if source is None:
        pytest.skip(f"no CA history in {history}")
    target = directory / source.name.removesuffix(".gz")
    target.write_bytes(gzip.decompress(source.read_bytes()))
    return target


@pytest.mark.slow
def test_custom_code_and_user_files_survive_regeneration_from_a_newer_spec(
    tmp_path: Path,
) -> None:
    config = load_config(CA_CONFIG)
    old, new = ca_version(30, tmp_path), ca_version(32, tmp_path)
    out = tmp_path / "sdk"
    generate(old, out, config, allow_invalid=True)
    custom = out / "commandersact" / "_custom" / "extras.py"
    custom.parent.mkdir()
    text = "def site_label(site_id: int) -> str:\n    return f'site {site_id}'\n"
    custom.write_text(text)
    (custom.parent / "notes.md").write_text("hand-written\n")
    mine = {
        "LICENSE": "MIT License\n",
        "tests/test_mine.py": "import commandersact\n",
        ".github/workflows/ci.yml": "on: push\n",
    }
    for path, content in mine.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(content)
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "-p", "commandersact"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert typed.returncode == 0, typed.stdout[-2000:]
    assert (out / ".mypy_cache").is_dir()
    assert check(old, out, config, allow_invalid=True).up_to_date
    full = check(old, out, config, allow_invalid=True, fast=False)
    assert full.up_to_date, [s.path for s in full.stale]
    assert {".github/", ".mypy_cache/", "LICENSE", "tests/"} <= set(full.kept)

    generation, report, _ = generate(new, out, config, allow_invalid=True)
    assert report.removed  # 30 → 32 dropped modules: the generated ones go, the rest stay
    assert custom.read_text() == text
    assert (custom.parent / "notes.md").read_text() == "hand-written\n"
    assert [p for p in report.written + report.removed if "/_custom/" in p] == []
    for path, content in mine.items():
        assert (out / path).read_text() == content, path
    assert (out / ".mypy_cache").is_dir()
    changelog = (out / "CHANGELOG.md").read_text()
    assert "suggested bump **major**" in changelog  # 30 → 32 moved 22 operations
    assert (out / MANIFEST).is_file()

    result = check(new, out, config, allow_invalid=True)
    assert result.up_to_date and result.fast_path
    result = check(new, out, config, allow_invalid=True, fast=False)
    assert result.up_to_date, [s.path for s in result.stale]
    assert generation.api.package_name == "commandersact"


def test_the_inputs_digest_covers_the_modules_of_the_stage_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.write import manifest

    sources = tmp_path / "generator"
    shutil.copytree(manifest.GENERATOR_DIR, sources, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "GENERATOR_DIR", sources)
    config = load_config(CASE / "sdkgen.yaml")
    before = manifest.inputs_digest(CASE / "spec.yaml", config)
    unify = sources / "normalize" / "schema" / "unify.py"
    unify.write_text(unify.read_text() + "\n# a change of the unification rules\n")
    assert manifest.inputs_digest(CASE / "spec.yaml", config) != before
