"""Format: run black over every generated Python file (the slow stage).

Two things keep it cheap:

- a content-addressed cache of black's output, keyed by the SHA-256 of black's version, its
  mode and the unformatted text, in `$SDKGEN_CACHE_DIR/format` (default `~/.cache/sdkgen`), so a
  file whose rendered text did not change is never formatted twice, even into a fresh output
  directory (`SDKGEN_CACHE_DIR=off` disables the cache; a cache that cannot be read or written
  is silently bypassed: it only ever saves time);
- the files that miss the cache are formatted in worker processes when there are enough of them
  and more than one CPU (see `should_parallelize`), one task per file, largest first; the
  pipeline can hand in a pool it started earlier (`worker_pool`), whose workers import black
  while it validates and renders.

A file black cannot parse means a template produced invalid Python: that is reported as
`format.invalid-python`, naming the file and black's message (failures are never cached).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .diagnostics import SdkgenError, error

if TYPE_CHECKING:
    from black.mode import Mode

LINE_LENGTH = 100
TARGET_VERSIONS = ("PY310", "PY311")  # names of black.mode.TargetVersion members
# Below this many bytes of Python to format, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 400_000
MAX_WORKERS = 4
PARALLEL_ENV = "SDKGEN_FORMAT_PARALLEL"
CACHE_ENV = "SDKGEN_CACHE_DIR"
CACHE_OFF = ("off", "0", "none")


@lru_cache(maxsize=1)
def _mode() -> Mode:
    # black is imported on first use: a run served from the cache never loads it.
    from black.mode import Mode, TargetVersion

    targets = {TargetVersion[name] for name in TARGET_VERSIONS}
    return Mode(line_length=LINE_LENGTH, target_versions=targets)


def cache_root() -> Path | None:
    """$SDKGEN_CACHE_DIR (None when it says "off"), else ~/.cache/sdkgen."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None and configured.strip().lower() in CACHE_OFF:
        return None
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "sdkgen"


@lru_cache(maxsize=1)
def formatter_key() -> bytes:
    """What besides the text decides black's output: black's version and the arguments of its
    mode (the mode's other fields are black's defaults, fixed by its version)."""
    options = {
        "line_length": LINE_LENGTH,
        "target_versions": sorted(TARGET_VERSIONS),
        "passes": 1,  # see _format_pass
    }
    text = json.dumps({"black": metadata.version("black"), "mode": options}, sort_keys=True)
    return hashlib.sha256(text.encode()).digest()


def cache_key(source: str) -> str:
    return hashlib.sha256(formatter_key() + source.encode("utf-8", "surrogatepass")).hexdigest()


def _cache_file(root: Path, key: str) -> Path:
    return root / "format" / key[:2] / f"{key[2:]}.py"


def _cache_get(root: Path | None, key: str) -> str | None:
    if root is None:
        return None
    try:
        return _cache_file(root, key).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _cache_put(root: Path | None, key: str, text: str) -> None:
    if root is None:
        return
    target = _cache_file(root, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8"))
            os.replace(temporary, target)  # atomic: readers see the whole entry or none
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # read-only or full disk: the cache only saves time


def _format_pass(source: str) -> str:
    """One pass of black's formatter.

    `black.format_str` formats a changed text a second time, to settle the rare constructs whose
    first formatting is not stable; that doubles black's time (nearly all generated files change).
    The templates produce none of those constructs: `tests/test_format.py` checks that a second
    pass leaves every file of the CA SDK unchanged, and `check` compares with the same function.
    """
    import black

    format_once = getattr(black, "_format_str_once", None)  # private: a black without it, or
    if format_once is not None:  # with another signature, gets the public function
        try:
            return cast(str, format_once(source, mode=_mode()))
        except TypeError:
            pass
    return black.format_str(source, mode=_mode())


def _format_one(source: str) -> tuple[str, str | None]:
    """(formatted text, None) or (source, black's message)."""
    try:
        return _format_pass(source), None
    except Exception as exc:  # noqa: BLE001 - InvalidInput, and anything else black raises
        lines = str(exc).splitlines()
        return source, (lines[0] if lines else type(exc).__name__)


def _invalid(path: str, message: str) -> SdkgenError:
    return error(
        "format.invalid-python",
        f"generated file {path} is not valid Python: {message}",
        file=path,
    )


def format_python(path: str, source: str) -> str:
    """One file through black; invalid code raises `SdkgenError` (format.invalid-python)."""
    text, problem = _format_one(source)
    if problem is not None:
        raise _invalid(path, problem)
    return text


def _format_file(path: str, source: str) -> tuple[str, str, str | None]:
    # Runs in worker processes: errors travel back as values (SdkgenError does not pickle).
    return (path, *_format_one(source))


def warm_up() -> None:
    """Import black (about 0.1 s): a task for a fresh worker, done while the parent renders."""
    _mode()
    import black  # noqa: F401


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _run(
    todo: list[tuple[str, str]],
    executor: Executor | None,
    checkpoint: Callable[[], object] | None,
) -> list[tuple[str, str, str | None]]:
    if executor is None or not todo:
        if checkpoint is not None:
            checkpoint()
        return [_format_file(path, text) for path, text in todo]
    futures = [executor.submit(_format_file, path, text) for path, text in todo]
    try:
        if checkpoint is not None:
            checkpoint()
        return [future.result() for future in futures]
    except BaseException:
        for future in futures:
            future.cancel()  # the workers drop what they have not started
        raise


def worker_count() -> int:
    return min(MAX_WORKERS, available_cpus())


def parallel_allowed() -> bool:
    """Whether worker processes may be used at all (more than one CPU, not forced serial)."""
    return os.environ.get(PARALLEL_ENV) != "0" and worker_count() > 1


def worker_pool() -> ProcessPoolExecutor:
    """A pool for `format_sources(executor=...)` whose workers start importing black now."""
    pool = ProcessPoolExecutor(max_workers=worker_count())
    pool.submit(warm_up)
    return pool


def should_parallelize(python_bytes: int) -> bool:
    """Whether to format in worker processes when the caller does not say.

    Measured on the 2-CPU build machine, quiet (Commanders Act: 235 files, 673 kB, nothing
    cached): serial 4.2-4.4 s, 2 workers 2.5-2.7 s. When the machine is busy the gain shrinks
    to nothing but the cost stays small (about 0.1 s to start the workers), so parallel is the
    default above PARALLEL_MIN_BYTES of uncached Python with more than one CPU.
    SDKGEN_FORMAT_PARALLEL=0 forces serial formatting (and keeps the pipeline's validation in
    its own process, see `parallel_allowed`), =1 parallel whatever the size.
    """
    setting = os.environ.get(PARALLEL_ENV)
    if setting in ("0", "1"):
        return setting == "1"
    return available_cpus() > 1 and python_bytes >= PARALLEL_MIN_BYTES


def format_sources(
    files: Mapping[str, str],
    *,
    parallel: bool | None = None,
    executor: Executor | None = None,
    checkpoint: Callable[[], object] | None = None,
) -> dict[str, str]:
    """`files` with every `.py` file formatted by black (line length 100); order kept.

    Files found in the cache are not formatted again. The others are formatted in `executor`
    when given (a `worker_pool`), else in a pool of our own when `parallel` says so (None:
    decided by `should_parallelize` on the size of what is left to format), else here.
    `checkpoint` runs once the work is handed out, before waiting for it: the pipeline checks
    the validation it ran beside, and an exception it raises abandons the formatting.
    """
    root = cache_root()
    formatted: dict[str, str] = {}
    keys: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        key = keys[path] = cache_key(text)
        cached = _cache_get(root, key)
        if cached is None:
            todo.append((path, text))
        else:
            formatted[path] = cached
    # Largest files first, one task each: the workers share the load without planning.
    todo.sort(key=lambda item: -len(item[1]))
    if executor is None and len(todo) > 1 and worker_count() > 1:
        if parallel is None:
            parallel = should_parallelize(sum(len(text) for _, text in todo))
        if parallel:
            with worker_pool() as pool:
                results = _run(todo, pool, checkpoint)
        else:
            results = _run(todo, None, checkpoint)
    else:
        results = _run(todo, executor, checkpoint)
    for path, text, problem in results:
        if problem is None:
            formatted[path] = text
            _cache_put(root, keys[path], text)
    problems = sorted((path, problem) for path, _, problem in results if problem is not None)
    if problems:
        raise SdkgenError([_invalid(path, problem).diagnostics[0] for path, problem in problems])
    return {path: formatted.get(path, text) for path, text in files.items()}
