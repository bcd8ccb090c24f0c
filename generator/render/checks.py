"""Names that would silently override one another in the generated code: refused before
anything is printed. Normalize names around all of them; these checks are the safety net for
an IR made otherwise."""

from __future__ import annotations

from collections import Counter

from .. import ir
from ..diagnostics import error
from ..naming import CLASS_BODY_NAMES, CLIENT_RESERVED
from .resources import ResourceView


def check_names(api: ir.Api, resources: list[ResourceView]) -> None:
    """Names that would silently override one another in the generated classes."""
    problems: list[str] = []
    for view in resources:
        taken: dict[str, str] = {
            "with_raw_response": "the raw-response accessor",
            "with_streaming_response": "the streaming-response accessor",
        }
        members = [(op.python_name, f"method {op.python_name}") for op in view.resource.operations]
        members += [
            (op.bulk.method_name, f"bulk method {op.bulk.method_name}")
            for op in view.resource.operations
            if op.bulk is not None
        ]
        # A child that performs the method of its name is that method (`ir.Resource.call`).
        members += [
            (c.attribute, f"child resource {c.attribute}")
            for c in view.resource.children
            if c.call is None or c.call.python_name != c.attribute
        ]
        for alias in view.resource.aliases:
            members.append((alias.python_name, f"deprecated alias {alias.python_name}"))
            if alias.bulk_name:
                members.append((alias.bulk_name, f"deprecated alias {alias.bulk_name}"))
        for name, what in members:
            if name in CLASS_BODY_NAMES:
                problems.append(
                    f"{view.resource.class_name}: {what} hides {name!r} in the class body"
                )
            if name in taken or name.startswith("_"):
                problems.append(
                    f"{view.resource.class_name}: {what} clashes with {taken.get(name, name)}"
                )
            taken[name] = what
    for resource in api.resources:
        if resource.attribute in CLIENT_RESERVED or resource.attribute.startswith("_"):
            problems.append(f"resource {resource.attribute} clashes with a client attribute")
        if resource.attribute in CLASS_BODY_NAMES:
            problems.append(
                f"resource {resource.attribute} hides {resource.attribute!r} in the client's body"
            )
    classes: list[str] = []  # the client classes may share a name with a resource (aliased)
    for view in resources:
        classes += [view.resource.class_name, view.resource.async_class_name]
    duplicates = sorted(name for name, count in Counter(classes).items() if count > 1)
    if duplicates:
        problems.append(f"class names used twice: {', '.join(duplicates)}")
    if problems:
        raise error("render.name-clash", "; ".join(problems))


def check_unique_modules(api: ir.Api, resources: list[ResourceView]) -> None:
    seen: dict[str, str] = {}
    for view in resources:
        module = view.resource.module
        if module in seen or module == "__init__":
            raise error(
                "render.duplicate-module",
                f"resources {seen.get(module, '?')} and {view.resource.class_name} share the "
                f"module resources/{module}.py",
            )
        seen[module] = view.resource.class_name
