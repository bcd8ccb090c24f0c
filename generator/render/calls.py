"""A method call with example values, as the README and api.md write it: its required arguments
(the spec's example where it is a value of the argument's type, else a value built from the
type, `values.py`), the models and imports they need."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .. import ir
from ..graph import depth_first
from .values import Needs, Values, spec_value

# A call longer than this is laid out on three lines (the statement around it takes the rest of
# a line of 88).
CALL_WIDTH = 76
# The widest line of an api.md example: the optional arguments the spec gives an example of are
# added while every line of the call stays this narrow (the required ones are there however wide).
REFERENCE_WIDTH = 100


@dataclass(frozen=True)
class Call:
    """A method call of the sync client, spelled as a README or api.md example writes it."""

    resource: str  # dotted path from the client: "tms.web_triggers"
    method: str  # "retrieve"
    arguments: str  # "1, include=['container']"
    models: tuple[str, ...]  # models the arguments build, imported from `<package>.types`
    imports: tuple[str, ...]  # standard-library import lines the arguments need
    returns: bool = True  # the method returns a value (not None)

    def on(self, target: str, accessor: str = "") -> str:
        """The call on `target` (`client`, `client.with_options(...)`), through `accessor`
        (`with_raw_response`) when given."""
        via = f".{accessor}" if accessor else ""
        head = f"{target}.{self.resource}{via}.{self.method}("
        if len(head) + len(self.arguments) < CALL_WIDTH or not self.arguments:
            return f"{head}{self.arguments})"
        return f"{head}\n    {self.arguments}\n)"  # as black lays out a call that is too long


def real_resources(resources: Iterable[ir.Resource]) -> Iterator[ir.Resource]:
    """The real resources, depth first (not those made only to hold deprecated aliases)."""
    every = depth_first(resources, lambda resource: resource.children)
    return (resource for resource in every if not resource.alias_only)


def method_call(
    resource: ir.Resource,
    op: ir.Operation,
    values: Values,
    *,
    body: str | None = None,
    extra: Mapping[str, str] | None = None,
    method: str | None = None,
    leading: str | None = None,
) -> Call | None:
    """`op` called with its required arguments (None when one cannot be written).

    `body`: the body's source (else a value of its type when required); `extra`: keyword
    arguments set besides the required ones (name → source), after them; `method` and
    `leading`: another method of the operation (its bulk twin), which takes `leading` after the
    path parameters instead of a body."""
    needs = Needs()
    positional: list[str] = []
    keyword: list[str] = []
    for p in op.parameters:
        if p.location != "path" and (not p.required or p.default is not None):
            continue
        value = values.of(p.type, p.name, needs, p.example)
        if value is None:
            return None
        if p.location == "path":
            positional.append(value)
        else:
            keyword.append(f"{p.name}={value}")
    request = op.request_bodies[0] if op.request_bodies else None
    if leading is not None:
        positional.append(leading)
    elif body is None and request is not None and request.required and request.keywords:
        fields_of = request.attributes_type if request.jsonapi_type else request.type
        examples = {k.name: k.example for k in request.keywords}
        fields = (
            values.keywords(fields_of.model, needs, examples)
            if fields_of and fields_of.model
            else None
        )
        if fields is None:
            return None
        keyword += [fields] if fields else []
        for related in request.keywords:  # the required relationships, by id
            if related.relationship is None or not related.required:
                continue
            value = values.of(related.type, related.name, needs, related.example)
            if value is None:
                return None
            keyword.append(f"{related.name}={value}")
    elif body is None and request is not None and request.required:
        attributes = request.attributes_type
        if request.type.kind == "model" and attributes is not None and attributes.model:
            body = values.model(attributes.model, needs, illustrate=True)
        else:
            body = values.of(request.type, "body", needs)
        if body is None:
            return None
    if body is not None:
        keyword.append(f"body={body}")
    keyword += [f"{name}={value}" for name, value in (extra or {}).items()]
    return Call(
        resource=".".join(resource.path),
        method=method or op.python_name,
        arguments=", ".join(positional + keyword),
        models=tuple(sorted(needs.models)),
        imports=tuple(sorted(needs.imports)),
        returns=op.success_type is not None or op.bulk is not None and method is not None,
    )


def with_needs(call: Call | None, needs: Needs) -> Call | None:
    """`call` importing also what a value built beside it (its body, its items) needs."""
    if call is None:
        return None
    return Call(
        call.resource,
        call.method,
        call.arguments,
        tuple(sorted({*call.models, *needs.models})),
        tuple(sorted({*call.imports, *needs.imports})),
        call.returns,
    )


def import_block(package: str, names: Iterable[str], *calls: Call | None) -> str:
    """The import block of an example: the standard library lines its calls need, then
    `names` from the package, then the models the calls build."""
    present = [call for call in calls if call is not None]
    std = sorted({line for call in present for line in call.imports})
    models = sorted({name for call in present for name in call.models})
    own = [f"from {package} import {', '.join(sorted(names))}"] if names else []
    if models:
        own.append(f"from {package}.types import {', '.join(models)}")
    return "\n\n".join(filter(None, ["\n".join(std), "\n".join(own)]))


def spec_arguments(op: ir.Operation) -> dict[str, tuple[str, Needs]]:
    """The optional arguments of `op` (parameters, then body keywords) whose spec example is a
    value of their type: name -> (its Python source, what that needs imported)."""
    found: dict[str, tuple[str, Needs]] = {}
    optional: list[ir.Parameter | ir.BodyKeyword] = [
        p
        for p in op.parameters
        if p.location != "path" and (not p.required or p.default is not None)
    ]
    optional += (
        [k for k in op.request_bodies[0].keywords if not k.required] if op.request_bodies else []
    )
    for argument in optional:
        if argument.example is None:
            continue
        needs = Needs()
        source = spec_value(argument.type, json.loads(argument.example), needs)
        if source is not None:
            found[argument.name] = (source, needs)
    return found


def reference_call(resource: ir.Resource, op: ir.Operation, values: Values) -> Call | None:
    """`op` called as api.md shows it: its required arguments as the README writes them, then
    each optional argument the spec gives an example of (`spec_arguments`, in order) that keeps
    every line of the call within `REFERENCE_WIDTH`. None when a required one cannot be written."""
    call = method_call(resource, op, values)
    if call is None:
        return None
    taken = _keyword_names(call.arguments)
    if taken is None:
        return call
    extra: dict[str, str] = {}
    needs = Needs()
    for name, (source, own) in spec_arguments(op).items():
        if name in taken:  # set already (a body keyword the README's example shows)
            continue
        trial = method_call(resource, op, values, extra={**extra, name: source})
        if trial is not None and _widest(trial.on("client")) <= REFERENCE_WIDTH:
            extra[name] = source
            needs.imports |= own.imports
    return with_needs(method_call(resource, op, values, extra=extra), needs) if extra else call


def reference_examples(api: ir.Api) -> dict[tuple[str, str], str]:
    """The example call api.md shows under each method: (the resource's attribute path from
    the client, the method) -> the example's source, its imports first (`client` is the
    API's client)."""
    values = Values({model.name: model for model in api.models})
    examples: dict[tuple[str, str], str] = {}
    for resource in real_resources(api.resources):
        for op in resource.operations:
            call = reference_call(resource, op, values)
            if call is not None:
                imports = import_block(api.package_name, (), call)
                source = _laid_out(call)
                examples[(call.resource, op.python_name)] = (
                    f"{imports}\n\n{source}" if imports else source
                )
    return examples


def _laid_out(call: Call) -> str:
    """The call on `client` as the README lays it out, or one argument a line (as black does)
    when that leaves a line wider than `REFERENCE_WIDTH` (many required arguments)."""
    source = call.on("client")
    if _widest(source) <= REFERENCE_WIDTH:
        return source
    tree = ast.parse(f"f({call.arguments})", mode="eval").body
    assert isinstance(tree, ast.Call)
    text = f"f({call.arguments})"
    parts = [ast.get_source_segment(text, node) for node in (*tree.args, *tree.keywords)]
    lines = "".join(f"    {part},\n" for part in parts if part is not None)
    return f"client.{call.resource}.{call.method}(\n{lines})"


def _keyword_names(arguments: str) -> set[str] | None:
    """The names of the keyword arguments in `arguments` (the text of a call's arguments);
    None when it does not parse (never for the calls built here)."""
    try:
        tree = ast.parse(f"f({arguments})", mode="eval")
    except SyntaxError:
        return None
    assert isinstance(tree.body, ast.Call)
    return {keyword.arg for keyword in tree.body.keywords if keyword.arg is not None}


def _widest(source: str) -> int:
    return max(len(line) for line in source.splitlines())
