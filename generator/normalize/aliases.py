"""Deprecated aliases: old SDK names kept for operations that moved or were renamed, and for
models and resource classes that were renamed.

`attach_aliases` places each method alias on the resource its old name leads to (made for
aliases only when the spec no longer has it); `attach_class_aliases` names the classes an old
class name stands for; `without_aliases` gives the API as normalize built it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from .. import ir
from ..graph import depth_first
from ..naming import (
    CLASS_BODY_NAMES,
    CLIENT_RESERVED,
    RESOURCE_RESERVED,
    class_name,
    numbered,
    python_identifier,
    unique_name,
)
from .resources import resource_class_names


@dataclass(frozen=True)
class AliasWish:
    """An old SDK name to keep for an operation (from the alias record beside the SDK)."""

    name: str  # dotted from the client: "cleansing_transformations.list"
    operation_id: str
    since: str  # the SDK version that introduced it


@dataclass(frozen=True)
class ClassAliasWish:
    """An old class name to keep for a renamed model or resource class."""

    kind: Literal["model", "resource"]
    name: str  # the old name (of the resource's sync class for a resource)
    target: str  # the class's name now
    since: str


def attach_class_aliases(
    api: ir.Api, wishes: Iterable[ClassAliasWish]
) -> tuple[ir.Api, list[tuple[ClassAliasWish, str]]]:
    """`api` with the class aliases `wishes` ask for; also the wishes refused, with the reason.

    A model alias lives in `types`, beside the models; a resource alias names the six classes
    of the resource's module (sync, async, and the raw- and streaming-response wrappers of
    both, by `resource_class_names`). An alias is refused when its class is gone, or when an
    old name is now a class of the same package: the real SDK always wins."""
    models = {model.name: model for model in api.models}
    resources = {
        resource.class_name: resource
        for resource in depth_first(api.resources, lambda resource: resource.children)
    }
    resource_classes: set[str] = {
        str(name)
        for resource in resources.values()
        for name in resource_class_names(resource.class_name).values()
    }
    placed: list[ir.ClassAlias] = []
    refused: list[tuple[ClassAliasWish, str]] = []
    taken: dict[str, set[str]] = {"model": set(models), "resource": set(resource_classes)}
    for wish in sorted(wishes, key=lambda w: (w.kind, w.name)):
        if wish.kind == "model":
            model = models.get(wish.target)
            module = model.module if model is not None else ""
            classes: tuple[tuple[str, str, str], ...] = ((wish.name, wish.target, module),)
        else:
            resource = resources.get(wish.target)
            module = resource.module if resource is not None and not resource.alias_only else ""
            pairs = zip(
                resource_class_names(wish.name).values(),
                resource_class_names(wish.target).values(),
                strict=True,
            )
            classes = tuple((str(old), str(new), module) for old, new in pairs)
        if not module:
            refused.append((wish, f"{wish.target} is no longer in the SDK"))
            continue
        clash = [old for old, _, _ in classes if old in taken[wish.kind]]
        if clash:
            refused.append((wish, f"{clash[0]} is now the name of another class"))
            continue
        taken[wish.kind].update(old for old, _, _ in classes)
        placed.append(ir.ClassAlias(wish.kind, wish.name, wish.target, classes, wish.since))
    return replace(api, class_aliases=tuple(placed)), refused


@dataclass
class _AliasNode:
    """A resource of the tree being extended: an existing one, or one made for aliases only."""

    path: tuple[str, ...]
    resource: ir.Resource | None
    children: dict[str, _AliasNode] = field(default_factory=dict)
    aliases: list[ir.DeprecatedAlias] = field(default_factory=list)
    call: ir.Operation | None = None  # made where a method is now: calling it is the method

    def members(self) -> set[str]:
        """Attribute names taken on this resource (or on the client, for the root)."""
        if not self.path:
            return set(CLIENT_RESERVED) | set(self.children)
        taken = set(RESOURCE_RESERVED) | set(self.children)
        if self.resource is not None:
            taken |= {op.python_name for op in self.resource.operations}
            taken |= {op.bulk.method_name for op in self.resource.operations if op.bulk}
        for alias in self.aliases:
            taken.add(alias.python_name)
            if alias.bulk_name:
                taken.add(alias.bulk_name)
        return taken


def attach_aliases(
    api: ir.Api, wishes: Iterable[AliasWish]
) -> tuple[ir.Api, list[tuple[AliasWish, str]]]:
    """`api` with each wished alias placed on the resource its old name leads to (made, for
    aliases only, when the spec no longer has it); also the wishes refused, with the reason.

    An alias is refused when its operation is gone, when it would be the method's own name, or
    when its name (or a resource on its way) is now taken by something else on the same
    resource: the real SDK always wins. The one name on its way that may be a method is the
    operation's own: the old sub-resource of an action (`batches.cancel.create`, now the method
    `batches.cancel`) becomes a resource that performs the operation when called
    (`ir.Resource.call`), so the method and its old name both work. Resources made for aliases
    take class and module names no real resource or model uses, so adding aliases never renames
    anything that exists."""
    tree = _AliasTree(api)
    refused: list[tuple[AliasWish, str]] = []
    for wish in sorted(wishes, key=lambda w: (w.name, w.operation_id)):
        reason = tree.place(wish)
        if reason:
            refused.append((wish, reason))
    return replace(api, resources=tree.children_of(tree.root)), refused


class _AliasTree:
    """The resource tree of an API being extended with aliases, and the class and module
    names already taken."""

    def __init__(self, api: ir.Api) -> None:
        self.root = _AliasNode((), None)
        self._graft(api.resources, self.root)
        self.located: dict[str, tuple[ir.Resource, ir.Operation]] = {}
        self.class_names = {m.name for m in api.models} | {api.client_class_name}
        self.modules: set[str] = {"__init__"}
        for resource in depth_first(api.resources, lambda resource: resource.children):
            self.class_names |= {resource.class_name, resource.async_class_name}
            self.modules.add(resource.module)
            for op in resource.operations:
                self.located[op.operation_id] = (resource, op)

    def _graft(self, resources: tuple[ir.Resource, ...], node: _AliasNode) -> None:
        for resource in resources:
            child = node.children[resource.attribute] = _AliasNode(resource.path, resource)
            self._graft(resource.children, child)

    def place(self, wish: AliasWish) -> str:
        """Place the alias `wish` asks for; why it was refused, "" when it was placed."""
        *route, method = wish.name.split(".")
        found = self.located.get(wish.operation_id)
        if found is None:
            return f"operation {wish.operation_id} is no longer in the spec"
        resource, op = found
        target = ".".join((*resource.path, op.python_name))
        if target == wish.name:
            return "the method has this name again"
        if not route or not all(part.isidentifier() for part in (*route, method)):
            return f"{wish.name!r} is not a method of a resource"
        hiding = [part for part in (*route, method) if part in CLASS_BODY_NAMES]
        if hiding:  # normalize renamed it for that reason: the old name cannot come back
            return f"{hiding[0]!r} would hide a name the class body uses"
        node, clash = self.root, ""
        for depth, attribute in enumerate(route, 1):
            child = node.children.get(attribute)
            if child is None:
                here = (*node.path, attribute)
                call = None
                if attribute in node.members():
                    # An old sub-resource that is now this very operation's method (an action:
                    # `batches.cancel.create` is `batches.cancel`) lives on as the method's
                    # object: calling it is the method, its old members the aliases.
                    callable_here = depth == len(route) and ".".join(here) == target
                    if not callable_here or op.bulk is not None:
                        clash = f"{'.'.join(here)} is now a method"
                        break
                    call = op
                child = node.children[attribute] = _AliasNode(here, None, call=call)
            node = child
        bulk_name = f"{method}_bulk" if op.bulk is not None else None
        taken = node.members()
        if not clash and (method in taken or (bulk_name and bulk_name in taken)):
            clash = f"{wish.name} is now taken on its resource"
        if clash:
            return clash
        node.aliases.append(
            ir.DeprecatedAlias(
                python_name=method,
                name=wish.name,
                target=target,
                operation=op,
                target_class=resource.class_name,
                target_async_class=resource.async_class_name,
                target_module=resource.module,
                since=wish.since,
                bulk_name=bulk_name,
            )
        )
        return ""

    def children_of(self, node: _AliasNode) -> tuple[ir.Resource, ...]:
        built = [child for each in node.children.values() if (child := self.build(each))]
        real = [child for child in built if not child.alias_only]
        made = sorted((child for child in built if child.alias_only), key=lambda r: r.attribute)
        return (*real, *made)  # the real ones in their order, then those made for aliases

    def build(self, node: _AliasNode) -> ir.Resource | None:
        children = self.children_of(node)
        if node.resource is not None:
            return replace(
                node.resource,
                children=children,
                aliases=tuple(sorted(node.aliases, key=lambda a: a.python_name)),
            )
        if not node.aliases and not children:
            return None  # made on the way to an alias that was then refused
        words = "_".join(node.path)
        cls = class_name(words, fallback="Api") + "Resource"
        if cls in self.class_names or "Async" + cls in self.class_names:
            cls = cls.removesuffix("Resource") + "DeprecatedResource"
            if cls in self.class_names or "Async" + cls in self.class_names:
                cls = numbered(cls, self.class_names)
        self.class_names.update((cls, "Async" + cls))
        module = unique_name(python_identifier(words, fallback="resource"), self.modules)
        self.modules.add(module)
        return ir.Resource(
            attribute=node.path[-1],
            **resource_class_names(cls),
            module=module,
            path=node.path,
            operations=(),
            children=children,
            aliases=tuple(sorted(node.aliases, key=lambda a: a.python_name)),
            alias_only=True,
            call=node.call,
        )


def without_aliases(api: ir.Api) -> ir.Api:
    """`api` as normalize built it, before `attach_aliases`."""

    def strip(resources: tuple[ir.Resource, ...]) -> tuple[ir.Resource, ...]:
        return tuple(
            replace(r, children=strip(r.children), aliases=())
            for r in resources
            if not r.alias_only
        )

    return replace(api, resources=strip(api.resources), class_aliases=())
