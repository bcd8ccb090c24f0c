"""sdkgen check: is the generated SDK what the inputs generate now? And hand-written code."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from generator.check import MANIFEST, check
from generator.cli import main
from generator.config import load_config
from generator.pipeline import generate
from generator.render import DEFAULT_TEMPLATES_DIR, TEMPLATES_ENV

from .conftest import CA_CONFIG, FIXTURES, ca_spec_path

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
    assert "changed  catalog/_client.py (+0 -1)" in report
    assert "extra    catalog/stray.py" in report


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
def test_custom_code_survives_regeneration_from_a_newer_spec(tmp_path: Path) -> None:
    config = load_config(CA_CONFIG)
    old, new = ca_version(30, tmp_path), ca_version(32, tmp_path)
    out = tmp_path / "sdk"
    generate(old, out, config, allow_invalid=True)
    custom = out / "commandersact" / "_custom" / "extras.py"
    custom.parent.mkdir()
    text = "def site_label(site_id: int) -> str:\n    return f'site {site_id}'\n"
    custom.write_text(text)
    (custom.parent / "notes.md").write_text("hand-written\n")

    generation, report, _ = generate(new, out, config, allow_invalid=True)
    assert custom.read_text() == text
    assert (custom.parent / "notes.md").read_text() == "hand-written\n"
    assert [p for p in report.written + report.removed if "/_custom/" in p] == []
    changelog = (out / "CHANGELOG.md").read_text()
    assert "suggested bump **major**" in changelog  # 30 → 32 moved 22 operations
    assert (out / MANIFEST).is_file()

    result = check(new, out, config, allow_invalid=True)
    assert result.up_to_date and result.fast_path
    result = check(new, out, config, allow_invalid=True, fast=False)
    assert result.up_to_date, [s.path for s in result.stale]
    assert generation.api.package_name == "commandersact"
