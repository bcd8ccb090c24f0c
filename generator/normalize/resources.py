"""The resource tree: one resource per static path segment, its operations as methods.

Attribute, class and module names are unique where they must be: a resource attribute never
takes a client or resource member's name, a method never a child resource's, and neither hides a
name its class body uses (`reserved.CLASS_BODY_NAMES`: `client.things.object_`, a method
`str_2`, each with a warning). Every class name ends in `Resource` (`client.tms.web_tags` is
`TmsWebTagsResource`), so it never takes a model's name."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field, replace
from typing import TypedDict

from .. import ir
from ..diagnostics import pointer_from_parts
from ..naming import (
    CLASS_BODY_NAMES,
    CLIENT_RESERVED,
    RESOURCE_RESERVED,
    class_name,
    numbered,
    python_identifier,
    unique_name,
)
from .context import Context
from .drafts import SpecOperation


class ResourceClassNames(TypedDict):
    class_name: str
    async_class_name: str
    raw_class_name: str
    async_raw_class_name: str
    streaming_class_name: str
    async_streaming_class_name: str


def resource_class_names(sync_class: str) -> ResourceClassNames:
    """The classes of a resource's module, all named after its sync class (keyword arguments of
    `ir.Resource`): the async twin and the raw- and streaming-response wrappers of both."""
    async_class = "Async" + sync_class
    return {
        "class_name": sync_class,
        "async_class_name": async_class,
        "raw_class_name": f"{sync_class}WithRawResponse",
        "async_raw_class_name": f"{async_class}WithRawResponse",
        "streaming_class_name": f"{sync_class}WithStreamingResponse",
        "async_streaming_class_name": f"{async_class}WithStreamingResponse",
    }


@dataclass
class _Node:
    ops: list[SpecOperation] = field(default_factory=list)
    children: dict[str, _Node] = field(default_factory=dict)

    def first(self) -> SpecOperation:
        """The first operation of the subtree in document order (every node leads to one)."""
        found = self.ops[:1] + [child.first() for child in self.children.values()]
        return min(found, key=lambda op: op.seq)


def build_resources(
    ctx: Context,
    ops: list[SpecOperation],
    built: dict[int, ir.Operation],
    model_names: set[str],
) -> tuple[ir.Resource, ...]:
    """The resources of the client; `built` holds the IR operation of each `op.seq`."""
    root = _Node()
    for op in ops:
        node = root
        for attr in op.resource:
            node = node.children.setdefault(attr, _Node())
        node.ops.append(op)
    return tuple(_Builder(ctx, built, model_names).children(root, (), CLIENT_RESERVED))


class _Builder:
    """Builds the resources of a tree of nodes, keeping class and module names unique."""

    def __init__(self, ctx: Context, built: dict[int, ir.Operation], model_names: set[str]) -> None:
        self.ctx = ctx
        self.built = built
        self.model_names = model_names
        self.class_names: set[str] = set()
        self.modules: set[str] = set()

    def children(
        self, node: _Node, path: tuple[str, ...], reserved: frozenset[str]
    ) -> list[ir.Resource]:
        result: list[ir.Resource] = []
        taken = set(reserved)
        for attr in sorted(node.children):
            child = node.children[attr]
            if attr in CLASS_BODY_NAMES:
                attribute = unique_name(attr + "_", taken)
                first = child.first()
                self.ctx.warn(
                    "normalize.resource-name-clash",
                    f"client.{'.'.join((*path, attr))} would hide {_hidden(attr)} in the class "
                    f"body; it is client.{'.'.join((*path, attribute))}",
                    pointer_from_parts(["paths", first.path]),
                )
            else:
                attribute = unique_name(attr, taken)
            taken.add(attribute)
            child_path = (*path, attribute)
            children = self.children(child, child_path, RESOURCE_RESERVED)
            child_attrs = {c.attribute for c in children} | RESOURCE_RESERVED | CLASS_BODY_NAMES
            operations: list[ir.Operation] = []
            method_names: set[str] = set()
            for op in sorted(child.ops, key=lambda o: o.seq):
                operation = self.built[op.seq]
                name = operation.python_name
                if name in child_attrs | method_names:
                    new = numbered(name, child_attrs | method_names)
                    clash = (
                        f"would hide {_hidden(name)} in the class body"
                        if name in CLASS_BODY_NAMES
                        else "clashes"
                    )
                    self.ctx.warn(
                        "normalize.operation-name-clash",
                        f"method {name!r} {clash}; using {new!r}",
                        op.pointer,
                    )
                    operation = replace(operation, python_name=new)
                method_names.add(operation.python_name)
                operations.append(operation)
            # Every resource class ends in `Resource` (as Stainless SDKs name them): a resource
            # is never mistaken for a model, and no name depends on which models exist.
            cls = class_name("_".join(child_path), fallback="Api") + "Resource"
            if cls in self.model_names or cls in self.class_names:
                cls = numbered(cls, self.class_names | self.model_names)
            self.class_names.add(cls)
            module = unique_name(
                python_identifier("_".join(child_path), fallback="resource"), self.modules
            )
            self.modules.add(module)
            result.append(
                ir.Resource(
                    attribute=attribute,
                    **resource_class_names(cls),
                    module=module,
                    path=child_path,
                    operations=tuple(operations),
                    children=tuple(children),
                )
            )
        return result


def _hidden(name: str) -> str:
    """What a member called `name` (one of `CLASS_BODY_NAMES`) would hide."""
    return f"the builtin {name!r}" if name in vars(builtins) else repr(name)
