"""The SDK runtime: the real modules of generator/runtime/, copied into every SDK as they are."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

RUNTIME_DIR = Path(__file__).resolve().parent.parent / "runtime"


@functools.lru_cache(maxsize=1)
def runtime_modules() -> tuple[str, ...]:
    """The file names of the runtime modules every SDK gets (`_base_client.py`, ...): each
    `_*.py` module of generator/runtime/ (its `__init__.py` belongs to the repository only)."""
    return tuple(sorted(p.name for p in RUNTIME_DIR.glob("_*.py") if p.name != "__init__.py"))


def runtime_paths(package: str) -> frozenset[str]:
    """Where the runtime modules go in the SDK of `package` (relative POSIX paths)."""
    return frozenset(f"{package}/{name}" for name in runtime_modules())


def runtime_files(package: str, header: str) -> dict[str, str]:
    """The runtime modules of the SDK: each module's text, with the generated `header` in front.

    They are stored formatted as black (and `ruff format`) would format them with the header
    (`tests/runtime/test_formatted.py`), so the pipeline copies them without formatting."""
    return {
        f"{package}/{name}": header + (RUNTIME_DIR / name).read_text(encoding="utf-8")
        for name in runtime_modules()
    }


@functools.lru_cache(maxsize=1)
def exception_names() -> tuple[str, ...]:
    """The classes the runtime's `_exceptions.py` exports (its `__all__`, in order), which the
    SDK's `__init__.py` exports too; read from its source, since sdkgen does not import httpx."""
    tree = ast.parse((RUNTIME_DIR / "_exceptions.py").read_text(encoding="utf-8"))
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    exported: list[str] = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
    )
    return tuple(name for name in exported if name in classes)


def runtime_sources() -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of each runtime module, for digests of what rendering reads."""
    for name in runtime_modules():
        yield name, (RUNTIME_DIR / name).read_bytes()
