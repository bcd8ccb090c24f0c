"""The progress line: on a terminal, one line rewritten in place and erased at the end; nothing
of it when stderr is a pipe or a file, or with --quiet."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import progress
from tests.conftest import FIXTURES, REPO

ERASE = progress.ERASE
SPEC, CONFIG = FIXTURES / "jsonapi" / "spec.yaml", FIXTURES / "jsonapi" / "sdkgen.yaml"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run_on_a_terminal(args: list[str | Path], env: dict[str, str]) -> tuple[int, str, str]:
    """`sdkgen ARGS` with stderr on a pseudo-terminal: (exit code, stdout, the terminal's bytes)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, "TERM": "xterm", **env},
        cwd=REPO,
    )
    os.close(slave)
    screen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its side
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    stdout = process.stdout.read().decode() if process.stdout else ""
    return process.wait(timeout=600), stdout, screen.decode("utf-8", "replace")


def _status_lines(screen: str) -> list[str]:
    """Every text the status line showed: what comes after an erase up to the next one (what
    ends with a line break instead is ordinary output, written while the line was erased)."""
    return [part for part in screen.split(ERASE)[1:] if part and "\n" not in part]


def test_a_terminal_sees_the_stages_and_counts_then_nothing(tmp_path: Path) -> None:
    env = {"SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "sdk"
    code, _, screen = _run_on_a_terminal(["generate", SPEC, "--config", CONFIG, "-o", out], env)
    assert code == 0, screen
    shown = _status_lines(screen)
    for stage in ("loading", "validating", "normalizing", "rendering", "writing"):
        assert any(re.search(rf"^\[\d+\.\ds\] {stage}", line) for line in shown), (stage, shown)
    assert any(re.search(r"formatting \d+/\d+ files", line) for line in shown), shown
    # Gone at the end: the last status text is erased before the summary is printed.
    last_status = max(screen.rfind(text) for text in shown)
    summary = screen.rindex("generated catalog")
    assert last_status < screen.rindex(ERASE) < summary
    assert "\r" not in screen[summary:].replace("\r\n", "\n")


@pytest.mark.parametrize("piped", [True, False])
def test_no_progress_in_a_pipe_or_a_file(tmp_path: Path, piped: bool) -> None:
    target = subprocess.PIPE if piped else (tmp_path / "log.txt").open("w")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "--config", str(CONFIG)]
        + ["-o", str(tmp_path / "sdk")],
        stdout=subprocess.PIPE,
        stderr=target,
        env={**os.environ, "TERM": "xterm", "SDKGEN_CACHE_DIR": str(tmp_path / "cache")},
        cwd=REPO,
        check=False,
        timeout=600,
    )
    if not piped:
        target.close()
    stderr = result.stderr.decode() if piped else (tmp_path / "log.txt").read_text()
    assert result.returncode == 0
    assert "generated catalog" in stderr
    assert "\r" not in stderr and "\x1b" not in stderr
    assert "formatting" not in stderr and "validating" not in stderr


def test_quiet_shows_nothing_on_a_terminal(tmp_path: Path) -> None:
    env = {"SDKGEN_CACHE_DIR": str(tmp_path / "cache")}
    args = ["generate", SPEC, "--config", CONFIG, "-o", tmp_path / "sdk", "--quiet"]
    code, _, screen = _run_on_a_terminal(args, env)
    assert code == 0 and screen == ""


def test_validation_in_workers_shows_a_live_count(ca_spec: Path, tmp_path: Path) -> None:
    """A spec large enough to be validated in worker processes: their count reaches the line."""
    from tests.conftest import CA_CONFIG

    env = {"SDKGEN_CACHE_DIR": str(tmp_path / "cache"), "SDKGEN_FORMAT_PARALLEL": "1"}
    args = [
        "generate",
        ca_spec,
        "--config",
        CA_CONFIG,
        "-o",
        tmp_path / "sdk",
        "--formatter",
        "ruff",
    ]
    code, _, screen = _run_on_a_terminal(args, env)
    assert code == 0, screen
    counts = [
        int(match.group(1))
        for line in _status_lines(screen)
        if (match := re.search(r"validating (\d+)/\d+ parts", line))
    ]
    assert counts and counts[0] == 0


def test_the_line_follows_tasks_and_pauses_for_other_output() -> None:
    screen = Terminal()
    line = progress.Progress(screen)
    try:
        line.start("validating", 10, "parts")
        report = line.counter("formatting", "files")
        report(3, 7)
        assert line.line().endswith("validating 0/10 parts, formatting 3/7 files")
        line.update("validating", 4)
        time.sleep(3 * progress.REFRESH_SECONDS)
        assert screen.getvalue().endswith("] validating 4/10 parts, formatting 3/7 files")
        with line.paused():
            screen.write("a warning\n")
        assert screen.getvalue().endswith(ERASE + "a warning\n")
        line.finish("validating")
        line.finish("formatting")
        assert line.line() == ""
    finally:
        line.close()
    assert screen.getvalue().endswith(ERASE)


def test_the_line_is_cut_to_the_terminal_width(monkeypatch) -> None:
    screen = Terminal()
    monkeypatch.setenv("COLUMNS", "30")
    line = progress.Progress(screen)
    try:
        line.start("a very long stage name that goes on and on and on")
        assert len(screen.getvalue().split(ERASE)[-1]) == 29
    finally:
        line.close()


def test_shown_only_on_a_terminal_without_quiet(monkeypatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    assert progress.wanted(Terminal(), quiet=False)
    assert not progress.wanted(Terminal(), quiet=True)
    assert not progress.wanted(io.StringIO(), quiet=False)
    monkeypatch.setenv("TERM", "dumb")
    assert not progress.wanted(Terminal(), quiet=False)
    with progress.shown(False) as silent:
        assert progress.current() is silent
        with silent.task("anything"):
            pass
    assert isinstance(progress.current(), type(silent))
