"""generator.release.report and `sdkgen diff`: the comparison as Markdown and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.release.compare import SurfaceChanges
from generator.release.report import format_json, format_markdown

from .support import CASES


def test_markdown_output(breaking: SurfaceChanges) -> None:
    text = format_markdown(breaking)
    assert text.startswith("## Shop 1.0 → 2.0: suggested bump **major**")
    assert "### Breaking changes" in text and "### Other changes" in text
    assert "**moved** `client.stats.retrieve` [getStats]: `GET /old-stats` → `GET /stats`" in text


def test_json_output(breaking: SurfaceChanges) -> None:
    data = json.loads(format_json(breaking))
    assert data["summary"] == {
        "added": 1,
        "removed": 1,
        "moved": 1,
        "renamed": 0,
        "changed": 2,
        "breaking": breaking.breaking,
        # The moved operation's inline response model follows its new path: a rename.
        "models_added": 0,
        "models_removed": 1,
        "models_changed": 2,
        "models_renamed": 1,
        "resource_classes_renamed": 0,
        "aliases_removed": 0,
        "class_aliases_removed": 0,
        "bump": "major",
    }
    assert data["class_renames"] == [
        {
            "kind": "model",
            "old": "OldStatsResponse",
            "new": "StatsResponse",
            "where": "/paths/~1stats/get/responses/200/content/application~1json/schema",
            "aliased": False,
        }
    ]
    moved = next(op for op in data["operations"] if op["kind"] == "moved")
    assert moved["old_path"] == "/old-stats" and moved["path"] == "/stats"


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_the_command_line(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", str(CASES / "old.yaml"), str(CASES / "new.yaml"), "--format", fmt])
    out = capsys.readouterr().out
    assert code == 0
    if fmt == "json":
        assert json.loads(out)["summary"]["bump"] == "major"
    else:
        assert "suggested bump **major**" in out


def test_invalid_specs_are_tolerated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    text = (CASES / "old.yaml").read_text()
    broken.write_text(
        text.replace('"200":\n          description: ok', '"600":\n          description: ok', 1)
    )
    code = main(["diff", str(CASES / "old.yaml"), str(broken)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "validation error(s) left after repair (tolerated)" in captured.err
