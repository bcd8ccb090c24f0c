"""Progress of a long run: one status line on a terminal, rewritten in place, erased at the end.

    [12.4s] validating 2210/5592, formatting 340/1706 files

The command line turns it on (`shown`) only when stderr is a terminal and `--quiet` is not given,
so nothing of it reaches a log file or a pipe. The stages report to `current()`, which is a
silent stand-in the rest of the time: library callers and tests see nothing.

A thread redraws the line ten times a second, so a count kept elsewhere moves while this process
works on something else: validation runs in worker processes, which `bump` a counter in shared
memory (`shared_counter`, handed to the pool's workers by `adopt`). Whatever else writes to stderr meanwhile goes through `paused()`, which erases the line
first and lets the next redraw put it back.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

REFRESH_SECONDS = 0.1
ERASE = "\r\x1b[2K"  # to the start of the line, and clear it


@dataclass
class _Task:
    label: str
    done: int = 0
    total: int | None = None
    unit: str = ""
    poll: Callable[[], int] | None = None  # reads `done` from elsewhere (another process)

    def text(self) -> str:
        done = self.done if self.poll is None else self.poll()
        if self.total is None:
            return self.label
        count = f"{min(done, self.total)}/{self.total}"
        return f"{self.label} {count}" + (f" {self.unit}" if self.unit else "")


class Progress:
    """The status line of one run (see the module's docstring)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tasks: dict[str, _Task] = {}
        self._lock = threading.Lock()
        self._shown = ""  # the text on the terminal now
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sdkgen-progress", daemon=True)
        self._thread.start()

    def start(
        self,
        label: str,
        total: int | None = None,
        unit: str = "",
        poll: Callable[[], int] | None = None,
    ) -> None:
        """Show a task (a stage, with a count when `total` is given) until `finish(label)`."""
        with self._lock:
            self._tasks[label] = _Task(label, 0, total, unit, poll)
            self._draw()

    def update(self, label: str, done: int, total: int | None = None) -> None:
        with self._lock:
            task = self._tasks.get(label)
            if task is not None:
                task.done = done
                if total is not None:
                    task.total = total

    def finish(self, label: str) -> None:
        with self._lock:
            if self._tasks.pop(label, None) is not None:
                self._draw()  # at once: what the run prints next must not meet a stale line

    @contextmanager
    def task(self, label: str, total: int | None = None, unit: str = "") -> Iterator[None]:
        """`start` ... `finish`; a task of that label already shown is left as it is."""
        with self._lock:
            shown = label in self._tasks
        if shown:
            yield
            return
        self.start(label, total, unit)
        try:
            yield
        finally:
            self.finish(label)

    def counter(self, label: str, unit: str = "") -> Callable[[int, int], None]:
        """A `(done, total)` callback that shows its count on `label` (started if needed)."""

        def report(done: int, total: int) -> None:
            with self._lock:
                task = self._tasks.setdefault(label, _Task(label))
                counted = task.total is not None
                task.done, task.total, task.unit = done, total, unit
                if not counted:
                    self._draw()  # the count appears at once; the redraws follow it

        return report

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Erase the line while the caller writes to the terminal."""
        with self._lock:
            self._erase()
            yield

    def close(self) -> None:
        """Stop redrawing and erase the line: nothing of it stays on the terminal."""
        self._stop.set()
        self._thread.join()
        with self._lock:
            self._erase()

    def line(self) -> str:
        """The text of the status line now (empty when no task runs)."""
        with self._lock:
            return self._line()

    def _line(self) -> str:
        tasks = [task.text() for task in self._tasks.values()]
        if not tasks:
            return ""
        return f"[{time.monotonic() - self._started:.1f}s] " + ", ".join(tasks)

    def _run(self) -> None:
        while not self._stop.wait(REFRESH_SECONDS):
            with self._lock:
                self._draw()

    def _columns(self) -> int:
        try:
            columns = os.get_terminal_size(self._stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        return columns if columns > 0 else shutil.get_terminal_size((80, 24)).columns

    def _draw(self) -> None:
        text = self._line()
        text = text[: max(self._columns() - 1, 1)]  # a wrapped line cannot be rewritten in place
        if text == self._shown:
            return
        try:
            self._stream.write(ERASE + text)
            self._stream.flush()
        except (OSError, ValueError):  # the terminal went away: nothing to show any more
            self._stop.set()
        self._shown = text

    def _erase(self) -> None:
        if self._shown:
            try:
                self._stream.write(ERASE)
                self._stream.flush()
            except (OSError, ValueError):
                pass
            self._shown = ""


class _Silent:
    """`current()` when no line is shown: the same calls, doing nothing."""

    def start(
        self,
        label: str,
        total: int | None = None,
        unit: str = "",
        poll: Callable[[], int] | None = None,
    ) -> None:
        pass

    def update(self, label: str, done: int, total: int | None = None) -> None:
        pass

    def finish(self, label: str) -> None:
        pass

    @contextmanager
    def task(self, label: str, total: int | None = None, unit: str = "") -> Iterator[None]:
        yield

    def counter(self, label: str, unit: str = "") -> Callable[[int, int], None] | None:
        return None

    @contextmanager
    def paused(self) -> Iterator[None]:
        yield


_SILENT = _Silent()
_current: Progress | None = None


def current() -> Progress | _Silent:
    """The status line of the run in progress, or the silent stand-in."""
    return _current if _current is not None else _SILENT


def wanted(stream: TextIO, quiet: bool) -> bool:
    """Whether to show the line: a terminal (not a pipe, a file, or TERM=dumb), not --quiet."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def show(enabled: bool, stream: TextIO | None = None) -> Progress | _Silent:
    """Make `current()` draw a status line on `stream` (stderr) until `hide()`, if enabled."""
    global _current
    hide()
    if enabled:
        _current = Progress(stream if stream is not None else sys.stderr)
    return current()


def hide() -> None:
    """Erase the status line and stop drawing it (nothing when none is shown)."""
    global _current
    line, _current = _current, None
    if line is not None:
        line.close()


@contextmanager
def shown(enabled: bool, stream: TextIO | None = None) -> Iterator[Progress | _Silent]:
    """`show` for the duration of a `with` block."""
    try:
        yield show(enabled, stream)
    finally:
        hide()


# --- a count shared with worker processes --------------------------------------------------------

_shared: Any = None  # a multiprocessing.Value("q") once created (or adopted, in a worker)


def shared_counter() -> Any:
    """This process's shared counter (created on first use): pass it to a pool's `adopt`."""
    global _shared
    if _shared is None:
        _shared = multiprocessing.Value("q", 0)
    return _shared


def adopt(counter: Any) -> None:
    """Pool initializer: this worker's `bump`s go to the parent's counter."""
    global _shared
    _shared = counter


def bump() -> None:
    """One more step done (nothing when no counter was created or adopted)."""
    counter = _shared
    if counter is not None:
        with counter.get_lock():
            counter.value += 1


def read_counter() -> int:
    return int(_shared.value) if _shared is not None else 0


def reset_counter() -> None:
    if _shared is not None:
        with _shared.get_lock():
            _shared.value = 0
