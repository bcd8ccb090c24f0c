"""Render: print the IR as the files of the generated SDK (relative path → text), nothing more.

Every name, annotation and default comes from the IR; this package only arranges them (which
module imports what, how a signature or a docstring reads) and escapes spec text through the
`pystr`, `docstring` and `comment` filters (`text`), so that no text from a spec can become
code. One module per concern: `environment` (templates, their digest, the Jinja environment),
`text` (escaping), `runtime` (the copied SDK runtime), `models` (the `types/` modules),
`signatures`, `arguments`, `docstrings` and `operations` (a method's view, built in steps),
`resources` (resource and deprecated-alias views), `auth` (security schemes), `rate_limit` (the
limits the API states), `checks` (name clashes), `readme` and `values` (the README's view and its
example values).
"""

from __future__ import annotations

import importlib
from typing import Any

# The public names and the module of each, imported on first use: a replayed no-op generation
# needs only the templates' digest (`environment`), not Jinja2, the views or the README's.
_MODULE_OF_NAMES = {
    "auth": ("AuthSchemeView",),
    "environment": (
        "ALIASES_TEMPLATE",
        "DEFAULT_TEMPLATES_DIR",
        "RESOURCE_TEMPLATE",
        "STATIC_FILES",
        "TEMPLATES_ENV",
        "TEMPLATE_FILES",
        "TYPES_TEMPLATE",
        "default_templates_dir",
        "make_environment",
        "shipped_templates_dir",
        "templates_digest",
    ),
    "models": (
        "ModelModule",
        "model_modules",
    ),
    "operations": (
        "OperationView",
        "operation_view",
    ),
    "resources": (
        "AliasView",
        "ResourceView",
        "alias_view",
        "resource_view",
    ),
    "runtime": (
        "RUNTIME_DIR",
        "exception_names",
        "runtime_files",
        "runtime_modules",
        "runtime_paths",
    ),
    "sdk": ("render_sdk",),
    "signatures": (
        "RESERVED_PARAMETERS",
        "SignatureParameter",
        "cast_to_expression",
        "input_type",
        "print_parameter",
    ),
    "text": (
        "comment",
        "docstring",
        "method_docstring",
        "pystr",
        "pystr_tuple",
        "tomlstr",
    ),
}
_MODULE_OF = {name: module for module, names in _MODULE_OF_NAMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(_MODULE_OF)
