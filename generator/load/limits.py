"""Bounds on what sdkgen reads, so a hostile or broken document ends quickly with a clear error
instead of a hang, a traceback or unbounded memory.

- Size: a spec, with every file its `$ref`s bring in, may hold at most `max_spec_bytes()` bytes
  (default 128 MiB: the largest real specs we know, GitHub's, are 13 MB as published and 73 MB
  dereferenced). `--max-spec-bytes` or `$SDKGEN_MAX_SPEC_BYTES` changes it.
- YAML aliases: the stages after loading see a tree, where an alias costs what it repeats. The
  nodes aliases add may be at most one per 128 bytes of the size limit (1,048,576 by default;
  for scale, the dereferenced GitHub spec has 1.2 million nodes in all; a document that adds
  just under a million takes `generate` 2 to 4 s and 70 MB).
- Nesting: at most `MAX_DEPTH` levels of objects and arrays (real specs: 22 to 30; schemas
  nested 120 deep, about 250 levels, already exhaust the validator's recursion).
- References: a `$ref` that leads only to another `$ref` may do so `MAX_REF_CHAIN` times.

This module imports nothing heavy: `check`'s fast path uses it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..diagnostics import SdkgenError, error

DEFAULT_MAX_SPEC_BYTES = 128 * 1024 * 1024
MAX_SPEC_BYTES_ENV = "SDKGEN_MAX_SPEC_BYTES"
BYTES_PER_ALIAS_NODE = 128  # aliases add at most max_spec_bytes() // 128 nodes
MAX_DEPTH = 128  # levels of objects and arrays, the root being level 1
MAX_REF_CHAIN = 32  # $ref → $ref hops

_override: list[int] = []  # set by the command line (--max-spec-bytes), innermost last


def parse_size(text: str) -> int:
    """A byte count: "20000000", "64M", "64MiB", "1G" (powers of 1024). Raises ValueError."""
    value = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = 1
    for suffix, power in (("K", 1), ("M", 2), ("G", 3)):
        if value.endswith(suffix):
            value, factor = value[:-1], 1024**power
            break
    size = int(value.strip()) * factor
    if size <= 0:
        raise ValueError(f"not a positive size: {text!r}")
    return size


def max_spec_bytes() -> int:
    """The size limit in force: --max-spec-bytes, else $SDKGEN_MAX_SPEC_BYTES, else 128 MiB."""
    if _override:
        return _override[-1]
    text = os.environ.get(MAX_SPEC_BYTES_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_SPEC_BYTES
    try:
        return parse_size(text)
    except ValueError:
        raise error(
            "usage.max-spec-bytes",
            f"${MAX_SPEC_BYTES_ENV} must be a size in bytes (such as 200000000 or 200M), "
            f"not {text!r}",
            exit_code=2,
        ) from None


def max_alias_nodes() -> int:
    return max_spec_bytes() // BYTES_PER_ALIAS_NODE


@contextmanager
def spec_size_limit(limit: int | None) -> Iterator[None]:
    """Within the block, `max_spec_bytes()` is `limit` (None: unchanged)."""
    if limit is None:
        yield
        return
    _override.append(limit)
    try:
        yield
    finally:
        _override.pop()


def describe_size(size: int) -> str:
    for unit, power in (("GiB", 3), ("MiB", 2), ("KiB", 1)):
        if size >= 1024**power:
            return f"{size / 1024**power:.1f} {unit}"
    return f"{size} bytes"


def too_large(file: Path, size: int, limit: int, *, root: Path | None = None) -> SdkgenError:
    """The error for a spec over `limit`; `root`: the spec, when `file` is one its $refs bring
    in (the one that took the total over)."""
    what = "it holds"
    if root is not None:
        try:
            shown = file.relative_to(root.parent).as_posix()
        except ValueError:
            shown = str(file)
        what = f"with the files its $refs bring in (up to {shown}), the document holds"
    return error(
        "load.too-large",
        f"{what} {describe_size(size)} or more, over the limit of {describe_size(limit)} "
        f"({limit} bytes); a larger spec needs --max-spec-bytes or ${MAX_SPEC_BYTES_ENV}",
        file=str(root if root is not None else file),
    )


def read_limited(path: Path, limit: int, *, already: int = 0, root: Path | None = None) -> bytes:
    """The bytes of `path`, refused (load.too-large) when `already` + its size passes `limit`.
    The size on disk is checked first, then at most `limit` + 1 bytes are read (a file that
    grows, or a device that reports no size, cannot get past it). `root`: the spec whose $refs
    brought `path` in, if they did."""
    budget = limit - already
    with open(path, "rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > budget:
            raise too_large(path, already + size, limit, root=root)
        data = stream.read(budget + 1)
    if len(data) > budget:
        raise too_large(path, already + len(data), limit, root=root)
    return data
