"""The template environment: where the templates are, which files they print, their digest,
and the Jinja environment with the escaping filters of `text`."""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .runtime import runtime_sources
from .text import comment, docstring, method_docstring, pystr, pystr_tuple, tomlstr

if TYPE_CHECKING:
    import jinja2


def shipped_templates_dir() -> Path:
    """The templates that come with sdkgen, found through the installed package.

    A wheel carries the repository's top-level `templates/` inside the package, as
    `generator/templates/` (pyproject.toml); a checkout, and the editable install of `make venv`,
    has them beside the package, read live.
    """
    # Installed from a wheel or a checkout, the package is a directory on disk: a Path.
    package = Path(str(resources.files("generator")))
    inside = package / "templates"
    beside = package.parent / "templates"
    # `beside` only in a checkout: in site-packages it would be some other project's folder.
    if not inside.is_dir() and (package.parent / "pyproject.toml").is_file() and beside.is_dir():
        return beside
    return inside


DEFAULT_TEMPLATES_DIR = shipped_templates_dir()
TEMPLATES_ENV = "SDKGEN_TEMPLATES"

# Template (relative to the templates dir) → output path; "{pkg}" is the package directory.
STATIC_FILES: tuple[tuple[str, str], ...] = (
    ("pyproject.toml.jinja", "pyproject.toml"),
    ("README.md.jinja", "README.md"),
    ("api.md.jinja", "api.md"),
    ("sdkgen.jinja", ".sdkgen"),
    ("package/__init__.py.jinja", "{pkg}/__init__.py"),
    ("package/py.typed.jinja", "{pkg}/py.typed"),
    ("package/_version.py.jinja", "{pkg}/_version.py"),
    ("package/_client.py.jinja", "{pkg}/_client.py"),
    ("package/resources/__init__.py.jinja", "{pkg}/resources/__init__.py"),
    ("package/types/__init__.py.jinja", "{pkg}/types/__init__.py"),
)
RESOURCE_TEMPLATE = "package/resources/resource.py.jinja"
ALIASES_TEMPLATE = "_aliases.jinja"
TYPES_TEMPLATE = "package/types/module.py.jinja"
# Every template a rendering reads (the includes too), for callers that hash them.
TEMPLATE_FILES: tuple[str, ...] = tuple(
    sorted(
        {name for name, _ in STATIC_FILES}
        | {RESOURCE_TEMPLATE, TYPES_TEMPLATE, ALIASES_TEMPLATE, "_header.jinja", "_macros.jinja"}
    )
)


def default_templates_dir() -> Path:
    """The templates in use: $SDKGEN_TEMPLATES, else the ones shipped with sdkgen."""
    configured = os.environ.get(TEMPLATES_ENV)
    return Path(configured) if configured else DEFAULT_TEMPLATES_DIR


def templates_digest(directory: Path | None = None) -> str:
    """SHA-256 over the names and contents of TEMPLATE_FILES and of the runtime modules:
    everything rendering reads besides the IR (for caches keyed on the output)."""
    directory = directory or default_templates_dir()
    digest = hashlib.sha256()
    for name in TEMPLATE_FILES:
        digest.update(name.encode() + b"\0" + (directory / name).read_bytes() + b"\0")
    for name, source in runtime_sources():
        digest.update(b"runtime/" + name.encode() + b"\0")
        digest.update(source + b"\0")
    return digest.hexdigest()


def make_environment(directory: Path) -> jinja2.Environment:
    import jinja2  # here, not above: the templates' digest (a no-op run) needs no Jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pystr"] = pystr
    env.filters["pystr_tuple"] = pystr_tuple
    env.filters["docstring"] = docstring
    env.filters["method_docstring"] = method_docstring
    env.filters["comment"] = comment
    env.filters["tomlstr"] = tomlstr
    return env
