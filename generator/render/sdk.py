"""`render_sdk`: the IR through the templates, file by file (the stage itself)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .. import ir
from ..diagnostics import error
from .auth import auth_schemes
from .calls import reference_examples
from .checks import check_names, check_unique_modules
from .environment import (
    RESOURCE_TEMPLATE,
    STATIC_FILES,
    TYPES_TEMPLATE,
    default_templates_dir,
    make_environment,
)
from .models import model_module_of, model_modules
from .rate_limit import argument_doc, rate_limit_view
from .readme import readme_view
from .resources import all_resources, class_alias_rows, resource_view
from .runtime import exception_names, runtime_files


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
    rate_limit = rate_limit_view(api.rate_limit)
    context = {
        "api": api,
        "server": api.servers[0] if api.servers else None,
        "auth_schemes": auth_schemes(api),
        "default_security": api.default_security,
        "resources": resources,
        "all_resources": every_resource,
        # The README documents pagination and JSON:API documents only for APIs that have them.
        "paginated": any(o.op.pagination for v in every_resource for o in v.operations),
        "uses_jsonapi": any(m.jsonapi_type for m in api.models)
        or any(o.jsonapi_body for v in every_resource for o in v.operations),
        "readme": readme_view(api),
        # api.md's example call of each method: (attribute path, method) -> source
        "method_examples": reference_examples(api),
        # The limits the API states (None: it states none, and no file says a word of limits).
        "rate_limit": rate_limit,
        "rate_limit_doc": argument_doc(rate_limit),
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
