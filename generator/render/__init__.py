"""Render: print the IR as the files of the generated SDK (relative path → text), nothing more.

Every name, annotation and default comes from the IR; this package only arranges them (which
module imports what, how a signature or a docstring reads) and escapes spec text through the
`pystr`, `docstring` and `comment` filters (`text`), so that no text from a spec can become
code. One module per concern: `environment` (templates, their digest, the Jinja environment),
`text` (escaping), `runtime` (the copied SDK runtime), `models` (the `types/` modules),
`signatures`, `arguments`, `docstrings` and `operations` (a method's view, built in steps),
`resources` (resource and deprecated-alias views), `auth` (security schemes), `checks` (name
clashes), `readme` and `values` (the README's view and its example values).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from .. import ir
from ..diagnostics import error
from .auth import AuthSchemeView, auth_schemes
from .checks import check_names, check_unique_modules
from .environment import (
    ALIASES_TEMPLATE,
    DEFAULT_TEMPLATES_DIR,
    RESOURCE_TEMPLATE,
    STATIC_FILES,
    TEMPLATE_FILES,
    TEMPLATES_ENV,
    TYPES_TEMPLATE,
    default_templates_dir,
    make_environment,
    shipped_templates_dir,
    templates_digest,
)
from .models import ModelModule, model_module_of, model_modules
from .operations import OperationView, operation_view
from .readme import readme_view
from .resources import (
    AliasView,
    ResourceView,
    alias_view,
    all_resources,
    class_alias_rows,
    resource_view,
)
from .runtime import RUNTIME_DIR, exception_names, runtime_files, runtime_modules, runtime_paths
from .signatures import (
    RESERVED_PARAMETERS,
    SignatureParameter,
    cast_to_expression,
    input_type,
    print_parameter,
)
from .text import comment, docstring, method_docstring, pystr, pystr_tuple, tomlstr

__all__ = [
    "ALIASES_TEMPLATE",
    "DEFAULT_TEMPLATES_DIR",
    "RESERVED_PARAMETERS",
    "RESOURCE_TEMPLATE",
    "RUNTIME_DIR",
    "STATIC_FILES",
    "TEMPLATES_ENV",
    "TEMPLATE_FILES",
    "TYPES_TEMPLATE",
    "AliasView",
    "AuthSchemeView",
    "ModelModule",
    "OperationView",
    "ResourceView",
    "SignatureParameter",
    "alias_view",
    "cast_to_expression",
    "comment",
    "default_templates_dir",
    "docstring",
    "exception_names",
    "input_type",
    "make_environment",
    "method_docstring",
    "model_modules",
    "operation_view",
    "print_parameter",
    "pystr",
    "pystr_tuple",
    "render_sdk",
    "resource_view",
    "runtime_files",
    "runtime_modules",
    "runtime_paths",
    "shipped_templates_dir",
    "templates_digest",
    "tomlstr",
]


def render_sdk(api: ir.Api, *, templates_dir: Path | None = None) -> dict[str, str]:
    """The generated SDK as {relative POSIX path: text}, unformatted, in a stable order."""
    directory = templates_dir if templates_dir is not None else default_templates_dir()
    env = make_environment(directory)
    where = model_module_of(api)
    type_aliases = frozenset(m.name for m in api.models if m.kind == "alias")
    resources = tuple(resource_view(r, where, type_aliases) for r in api.resources)
    every_resource = all_resources(resources)
    check_unique_modules(api, every_resource)
    check_names(api, every_resource)
    modules = model_modules(api)
    context = {
        "api": api,
        "server": api.servers[0] if api.servers else None,
        "auth_schemes": auth_schemes(api),
        "default_security": api.default_security,
        "resources": resources,
        "all_resources": every_resource,
        # api.md prints the signatures outside any class: `list[...]`, never `List[...]`.
        "reference_resources": all_resources(
            tuple(resource_view(r, where, type_aliases, in_class=False) for r in api.resources)
        ),
        # The README documents pagination and JSON:API documents only for APIs that have them.
        "paginated": any(o.op.pagination for v in every_resource for o in v.operations),
        "uses_jsonapi": any(m.jsonapi_type for m in api.models)
        or any(o.jsonapi_body for v in every_resource for o in v.operations),
        "readme": readme_view(api),
        "model_modules": modules,
        "model_module_of": where,
        "exception_names": exception_names(),
        "sdk_version": api.sdk_version,
        "deprecated_aliases": sorted(
            (a for v in every_resource for a in v.aliases), key=lambda a: a.alias.name
        ),
        # Old class names kept in `types` and `resources`: (old, new, module, since), by old name.
        "model_class_aliases": class_alias_rows(api, "model"),
        "resource_class_aliases": class_alias_rows(api, "resource"),
    }
    pkg = api.package_name
    files: dict[str, str] = {}
    try:
        for template, target in STATIC_FILES:
            files[target.format(pkg=pkg)] = env.get_template(template).render(context)
        header = env.get_template("_header.jinja").render(context)
        files.update(runtime_files(pkg, header))
        resource_template = env.get_template(RESOURCE_TEMPLATE)
        for view in every_resource:
            files[f"{pkg}/resources/{view.resource.module}.py"] = resource_template.render(
                context, view=view
            )
        types_template = env.get_template(TYPES_TEMPLATE)
        for module in modules:
            files[f"{pkg}/types/{module.module}.py"] = types_template.render(context, module=module)
    except jinja2.TemplateError as exc:
        raise error("render.template", f"template error: {exc}", file=str(directory)) from exc
    return dict(sorted(files.items()))
