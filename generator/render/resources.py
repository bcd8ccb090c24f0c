"""The views of the resource modules: each resource with its operations' views, its children,
its deprecated aliases and what its module imports."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from .. import ir
from ..diagnostics import error
from ..graph import depth_first
from ..typing_printer import SHADOWABLE, Import, import_lines, models_of
from .docstrings import common_path, listed
from .operations import OperationView, operation_view
from .text import method_docstring


@dataclass(frozen=True)
class AliasView:
    """A deprecated alias as its resource module prints it (see `ir.DeprecatedAlias`)."""

    alias: ir.DeprecatedAlias
    view: OperationView  # the operation it calls, spelled for the alias's class
    arguments: tuple[str, ...]  # what it passes on: "id", "page=page", ...
    bulk_arguments: tuple[str, ...]  # the same for the bulk twin ("items" instead of the body)
    same_class: bool  # the new method is on the same resource: call `self.<new name>`
    # what the sync and async aliases call the new method on: "self", else "Items(self._client)"
    target: str
    async_target: str
    method: str  # the new method's name on the target; "" when the target itself is called
    message: str  # the DeprecationWarning's text
    doc: str  # the docstring, escaped and laid out
    bulk_message: str  # the same for the bulk twin (when the operation has one)
    bulk_doc: str  # the same for the bulk twin


@dataclass(frozen=True)
class ResourceView:
    resource: ir.Resource
    attribute_path: str  # the resource's attributes from the client, dotted: "tms.web_triggers"
    # How `_client.py` imports the classes (a resource class may share the client's name).
    client_alias: str
    async_client_alias: str
    operations: tuple[OperationView, ...]
    children: tuple[ResourceView, ...]
    std_imports: tuple[str, ...]
    type_imports: tuple[tuple[str, tuple[str, ...]], ...]
    query_params: bool  # some operation takes query parameters (imports QueryParam)
    styled_paths: bool  # some path parameter is not in simple style (imports PathParam)
    # runtime classes other parameters and bodies name: "HeaderParam", "CookieParam", ...
    runtime_names: tuple[str, ...]
    paginated: bool  # some method returns pages (imports SyncPage, AsyncPage, PageSpec)
    # some method returns a stream (imports Stream, AsyncStream, StreamSpec), some chooses it
    # with an argument (imports body_with_selector)
    streams: bool
    stream_selectors: bool
    bulk: bool  # some method has a bulk twin (imports BulkResult and the iterable types)
    response_type: bool  # some method passes `cast_to=ResponseType[...]`
    sequence_inputs: bool  # some method takes a `SequenceNotStr[...]` (imports it)
    aliases: tuple[AliasView, ...] = ()
    alias_pages: bool = False  # some alias returns pages (imports SyncPage, AsyncPage)
    # A resource that performs an operation of its parent when called (`ir.Resource.call`): the
    # operation as its `__call__`; on the parent, such methods by name with the resource that
    # performs each, printed as the property that returns that resource, not as a method.
    call: OperationView | None = None
    called: Mapping[str, ir.Resource] = field(default_factory=dict)
    call_doc: str = ""  # the docstring of the parent's property that returns such a resource
    module_doc: str = ""  # the module's docstring: what the resource holds (unescaped)
    keyword_bodies: bool = False  # some method takes its body's fields as keywords (overloads)


def _type_refs(op: ir.Operation) -> list[ir.TypeRef]:
    refs = [p.type for p in op.parameters] + [b.type for b in op.request_bodies]
    refs += [b.data_type for b in op.request_bodies if b.data_type is not None]
    refs += [b.attributes_type for b in op.request_bodies if b.attributes_type is not None]
    if op.pagination is not None:
        refs.append(op.pagination.item_type)
    if op.bulk is not None:
        refs.append(op.bulk.item_type)
    if op.stream is not None:
        refs.append(op.stream.item_type)
    if op.success_type is not None:
        refs.append(op.success_type)
    return refs


def _runtime_names(operations: Iterable[OperationView]) -> tuple[str, ...]:
    """The runtime classes (`_base_client`) the methods name besides QueryParam and PathParam."""
    texts = [
        text
        for view in operations
        for text in (
            *(value for _, value in view.header_values),
            *(value for _, value in view.cookie_values),
            *view.body_encoding,
        )
    ]
    names = ("CookieParam", "HeaderParam", "PropertyEncoding")
    return tuple(name for name in names if any(f"_{name}(" in text for text in texts))


def alias_view(
    alias: ir.DeprecatedAlias,
    resource: ir.Resource,
    shadowed: frozenset[str],
    type_aliases: frozenset[str],
) -> AliasView:
    view = operation_view(alias.operation, shadowed, type_aliases)
    positional = view.positional_names
    keyword = [f"{name}={name}" for name in view.keyword_names]
    bulk_keyword = [f"{name}={name}" for name in view.bulk_keyword_names]
    op = alias.operation

    def message(old: str, new: str) -> str:
        return (
            f"client.{old}() is deprecated since version {alias.since}: use client.{new}() "
            f"(it sends {op.method} {op.path})"
        )

    def doc(new: str) -> str:
        text = (
            f"This is the method's name before version {alias.since}: it warns "
            f"(`DeprecationWarning`) and calls the new one, which sends `{op.method} {op.path}`. "
            "Deprecated names are removed in a later major version."
        )
        return f"Deprecated: use `client.{new}()`.\n\n" + textwrap.fill(text, 88)

    resource_path = alias.target.rsplit(".", 1)[0]
    bulk_target = f"{resource_path}.{op.bulk.method_name}" if op.bulk else ""
    old_bulk = f"{alias.name.rsplit('.', 1)[0]}.{alias.bulk_name}" if alias.bulk_name else ""
    same_class = alias.target_class == resource.class_name
    # The alias of a resource that performs its operation when called calls it: `self(...)`.
    called = resource.call is not None and resource.call.operation_id == op.operation_id
    return AliasView(
        alias=alias,
        view=view,
        arguments=(*positional, *keyword),
        bulk_arguments=(*positional, "items", *bulk_keyword),
        same_class=same_class or called,
        target="self" if same_class or called else f"{alias.target_class}(self._client)",
        async_target=(
            "self" if same_class or called else f"{alias.target_async_class}(self._client)"
        ),
        method="" if called else op.python_name,
        message=message(alias.name, alias.target),
        doc=method_docstring(doc(alias.target) + "\n\n" + view.doc),
        bulk_message=message(old_bulk, bulk_target) if old_bulk else "",
        bulk_doc=method_docstring(doc(bulk_target)) if old_bulk else "",
    )


def resource_view(
    resource: ir.Resource,
    where: Mapping[str, str],
    type_aliases: frozenset[str] = frozenset(),
) -> ResourceView:
    """The resource as its module prints it."""
    # Member names that hide a builtin type inside the class body (mypy resolves names there).
    names = [op.python_name for op in resource.operations]
    names += [alias.python_name for alias in resource.aliases]
    names += [child.attribute for child in resource.children]
    shadowed = frozenset(names) & SHADOWABLE.keys()
    operations = tuple(operation_view(op, shadowed, type_aliases) for op in resource.operations)
    aliases = tuple(
        alias_view(alias, resource, shadowed, type_aliases) for alias in resource.aliases
    )
    call = None
    if resource.call is not None:
        call = operation_view(
            replace(resource.call, python_name="__call__"), shadowed, type_aliases
        )
    called = {child.attribute: child for child in resource.children if child.call is not None}
    # The methods this module prints: a called one is printed by its resource, as `__call__`.
    printed = (
        *(view for view in operations if view.op.python_name not in called),
        *((call,) if call else ()),
    )
    imports: dict[str, set[str]] = {}
    every = (*printed, *(a.view for a in aliases))
    for view in every:
        keywords = [k.annotation for b in view.op.request_bodies for k in b.keywords]
        keywords += [p.annotation for p in view.op.parameters]  # with their `*Param` dicts
        for name in sorted(models_of([*(r.python for r in _type_refs(view.op)), *keywords])):
            if name not in where:
                raise error(
                    "render.unknown-model",
                    f"operation {view.op.operation_id} refers to model {name}, which the IR "
                    "does not define",
                )
            imports.setdefault(where[name], set()).add(name)
    std = {Import("functools", "cached_property")}
    std |= {Import("typing", "TYPE_CHECKING")} if resource.children else set()
    keyword_bodies = any(v.op.request_bodies and v.op.request_bodies[0].keywords for v in every)
    if any(a.view.overloads for a in aliases):  # they pass the call on as a `Callable`
        std |= {Import("collections.abc", "Awaitable"), Import("collections.abc", "Callable")}
    std |= {Import("typing", "overload")} if any(view.overloads for view in every) else set()
    std_imports = import_lines(std.union(*(view.imports for view in every)))
    return ResourceView(
        resource=resource,
        attribute_path=".".join(resource.path),
        client_alias=f"_{resource.class_name}",
        async_client_alias=f"_{resource.async_class_name}",
        operations=operations,
        children=tuple(resource_view(child, where, type_aliases) for child in resource.children),
        response_type=any(v.uses_response_type for v in printed),
        sequence_inputs=any(v.sequence_inputs for v in every),
        std_imports=std_imports,
        type_imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
        query_params=any(v.query_params for v in printed),
        styled_paths=any("_PathParam(" in value for v in printed for _, value in v.path_values),
        runtime_names=_runtime_names(printed),
        paginated=any(view.page_item is not None for view in printed),
        streams=any(view.stream_spec is not None for view in every),
        stream_selectors=any(
            view.stream_argument is not None and len(view.body_value) == 1 for view in printed
        ),
        bulk=any(view.bulk_item is not None for view in every),
        aliases=aliases,
        alias_pages=any(a.view.page_item is not None for a in aliases),
        module_doc=resource_doc(resource),
        keyword_bodies=keyword_bodies,
        call=call,
        called=called,
        call_doc=method_docstring(call_doc(resource)) if resource.call is not None else "",
    )


def call_doc(resource: ir.Resource) -> str:
    """What the parent's property says of a resource that performs its operation when called."""
    assert resource.call is not None
    names = sorted(f"`{alias.python_name}`" for alias in resource.aliases)
    kept = f"method {names[0]} still works" if len(names) == 1 else f"methods {listed(names)} work"
    return (
        f"Call it: `client.{'.'.join(resource.path)}(...)` sends `{resource.call.method} "
        f"{resource.call.path}`. It is an object, not a method, only so that the old "
        f"sub-resource's {kept} (deprecated)."
    )


def resource_doc(resource: ir.Resource) -> str:
    """A resource module's docstring: the attribute it is reached by, what its methods do (the
    operations' path they share, the methods' names) and the sub-resources it holds."""
    ops = resource.operations
    head = f"`client.{'.'.join(resource.path)}`"
    parts = []
    if ops:
        names = sorted({f"`{op.python_name}`" for op in ops})
        where = common_path([op.path for op in ops])
        on = f" on `{where}`" if where else ""
        parts.append(f"the API's operations{on}, as methods: {listed(names)}")
    children = sorted(f"`{c.attribute}`" for c in resource.children if c.call is None)
    if children:
        parts.append(f"the sub-resource{'s' if len(children) > 1 else ''} {listed(children)}")
    if resource.call is not None:
        old = sorted(f"`{alias.python_name}`" for alias in resource.aliases)
        parts.append(
            f"calling it sends `{resource.call.method} {resource.call.path}`; "
            f"{listed(old)} {'is its old name' if len(old) == 1 else 'are its old names'}, "
            "deprecated"
        )
    what = " and ".join(parts) if parts else "no operations of its own"
    return (
        f"{head}: {what}.\n\n"
        f"The classes {resource.class_name} (sync) and {resource.async_class_name} (async)."
    )


def all_resources(resources: Iterable[ResourceView]) -> list[ResourceView]:
    return list(depth_first(resources, lambda view: view.children))


def class_alias_rows(api: ir.Api, kind: str) -> list[tuple[str, str, str, str]]:
    """The old class names kept in `types` (kind "model") or `resources` (kind "resource"):
    (old, new, module, since) of every class kept, by old name."""
    return sorted(
        (old, new, module, alias.since)
        for alias in api.class_aliases
        if alias.kind == kind
        for old, new, module in alias.classes
    )
