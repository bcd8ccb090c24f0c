"""The model modules of `types/`: which models share a module, in which order, what each
module imports, and how each field's default and docstring read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from keyword import iskeyword

from .. import ir
from ..graph import cyclic_nodes
from ..typing_printer import Import, annotation, import_lines, imports_of, models_of
from .docstrings import common_path, listed
from .markdown import markdown_to_text
from .text import pystr


@dataclass(frozen=True)
class ModelModule:
    module: str
    models: tuple[ir.Model, ...]  # object models first, then aliases in dependency order
    names: str  # the models' names, comma-separated
    doc: str  # the module's docstring: the models it holds and where the API uses them
    exported: str  # ... as the string literals of `__all__`
    uses_base_model: bool  # some model has no `runtime_base` (the module imports `BaseModel`)
    runtime_bases: tuple[str, ...]  # the other bases of `_models` the models derive from, sorted
    bases: Mapping[str, str]  # object model → its bases: "BaseModel", "JSONAPIDocument, Generic[T]"
    std_imports: tuple[str, ...]
    sibling_imports: tuple[tuple[str, tuple[str, ...]], ...]  # (module, names)
    imports_at_bottom: bool  # the module is part of an import cycle
    rebuild: tuple[str, ...]  # models to `model_rebuild()` at the end
    type_variables: tuple[str, ...]  # TypeVars the generic models of the module declare
    field_defaults: Mapping[tuple[str, str], str]  # (model, field) → " = ..." or ""
    field_annotations: Mapping[tuple[str, str], str]  # (model, field) → its annotation
    field_docs: Mapping[tuple[str, str], str]  # (model, field) → its docstring ("" for none)
    model_docs: Mapping[str, str]  # model → its docstring ("" for none)
    alias_annotations: Mapping[str, str]  # type alias → the annotation it stands for
    uses_pydantic: bool  # some default is a `_pydantic.Field(...)`
    # model → its `_always_sent` class variable's text (only models with such fields)
    always_sent: Mapping[str, str]
    # The `*Param` TypedDicts of the module's models: (name, model, ((key, annotation, doc)...)),
    # in the class syntax when every key is an identifier, else the functional one.
    params: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = ()
    functional_params: frozenset[str] = frozenset()
    uses_required: bool = False  # some TypedDict key is `Required[...]`


def model_module_of(api: ir.Api) -> dict[str, str]:
    """The module of every class of `types/`: the models and their `*Param` TypedDicts."""
    where = {model.name: model.module for model in api.models}
    where.update({model.param_name: model.module for model in api.models if model.param_name})
    return where


def _referenced(model: ir.Model) -> set[str]:
    types = [f.type.python for f in model.fields]
    types += [ref.python for ref in (model.alias_of, model.extra) if ref is not None]
    types += [p.type for p in model.param_fields]
    return models_of(types)


def _param_key(p: ir.ParamField) -> str:
    """A TypedDict key's annotation: `Required[...]` in a `total=False` TypedDict."""
    text = annotation(p.type)
    return f"Required[{text}]" if p.required else text


def _cyclic_modules(graph: Mapping[str, set[str]]) -> set[str]:
    """Modules on an import cycle (strongly connected components, in a fixed order)."""
    return cyclic_nodes({module: sorted(graph[module]) for module in sorted(graph)})


def _field_default(f: ir.Field) -> str:
    """The text after the annotation of a model attribute (" = None", " = pydantic.Field(...)")."""
    if f.wire_name == f.name:
        return "" if f.default is None else f" = {f.default}"
    arguments = [] if f.default is None else [f"default={f.default}"]
    arguments += [
        f"validation_alias={pystr(f.wire_name)}",
        f"serialization_alias={pystr(f.wire_name)}",
    ]
    return f" = _pydantic.Field({', '.join(arguments)})"


def _bases(model: ir.Model) -> str:
    base = model.runtime_base or "BaseModel"
    if model.type_parameters:
        return f"{base}, Generic[{', '.join(model.type_parameters)}]"
    return base


def _model_doc(model: ir.Model) -> str:
    """A model's docstring: its description, and the JSON:API type of a resource."""
    if model.kind == "alias":
        return markdown_to_text(model.description) if model.description.strip() else ""
    jsonapi = f"\n\nJSON:API type: {model.jsonapi_type}" if model.jsonapi_type else ""
    return (markdown_to_text(model.description) + jsonapi).strip()


def _field_doc(f: ir.Field) -> str:
    """A field's docstring: its description and its flags ("" when it has no description)."""
    if not f.description.strip():
        return ""
    flags = [(f.deprecated, " (deprecated)"), (f.read_only, " (read-only)")]
    flags.append((f.write_only, " (write-only)"))
    return markdown_to_text(f.description) + "".join(text for on, text in flags if on)


def _operation_models(api: ir.Api) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Model → the paths of the operations that send it, and of those that return it."""
    sent: dict[str, set[str]] = {}
    returned: dict[str, set[str]] = {}
    for op in api.all_operations():
        ins = [p.type for p in op.parameters] + [b.type for b in op.request_bodies]
        ins += [b.data_type for b in op.request_bodies if b.data_type is not None]
        ins += [b.attributes_type for b in op.request_bodies if b.attributes_type is not None]
        ins += [op.bulk.item_type] if op.bulk is not None else []
        outs = [r.type for r in op.responses if r.type is not None]
        outs += [op.success_type] if op.success_type is not None else []
        outs += [op.pagination.item_type] if op.pagination is not None else []
        for refs, paths in ((ins, sent), (outs, returned)):
            for name in models_of(ref.python for ref in refs):
                paths.setdefault(name, set()).add(op.path)
    return sent, returned


def _where(paths: set[str]) -> str:
    """Operations by their paths: "the `/a` operations", "the operations under `/a`"."""
    if len(paths) == 1:
        return f"the `{next(iter(paths))}` operations"
    common = common_path(sorted(paths))
    if common:
        return f"the operations under `{common}`"
    return "the operations on " + listed([f"`{path}`" for path in sorted(paths)], 3)


def _module_doc(
    members: list[ir.Model],
    usage: tuple[dict[str, set[str]], dict[str, set[str]]],
    parents: Mapping[str, set[str]],
) -> str:
    """A model module's docstring: the models it holds, and the operations that send or return
    them, else the models they are part of."""
    names = [model.name for model in members]
    head = f"The {listed(names)} model{'s' if len(names) > 1 else ''}"
    it = "them" if len(names) > 1 else "it"
    sent = set().union(*(usage[0].get(name, set()) for name in names))
    returned = set().union(*(usage[1].get(name, set()) for name in names))
    if sent and returned and _where(sent) == _where(returned):
        return f"{head}, as {_where(sent)} send and return {it}."
    pairs = ((sent, "send"), (returned, "return"))
    uses = [f"{_where(paths)} {verb} {it}" for paths, verb in pairs if paths]
    if uses:
        return f"{head}, as {' and as '.join(uses)}."
    owners = sorted(set().union(*(parents.get(name, set()) for name in names)) - set(names))
    if owners:
        return f"{head}, part of {listed(owners, 3)}."
    return f"{head}."


def _order_aliases(aliases: list[ir.Model]) -> list[ir.Model]:
    """Aliases after the aliases of the same module they use (stable otherwise)."""
    names = {model.name for model in aliases}
    done: set[str] = set()
    ordered: list[ir.Model] = []
    pending = list(aliases)
    while pending:
        for model in pending:
            if (_referenced(model) & names) - done - {model.name} <= set():
                break
        else:
            model = pending[0]  # a cycle of aliases: print as given
        pending.remove(model)
        ordered.append(model)
        done.add(model.name)
    return ordered


def model_modules(api: ir.Api) -> tuple[ModelModule, ...]:
    where = model_module_of(api)
    by_module: dict[str, list[ir.Model]] = {}
    for model in api.models:
        by_module.setdefault(model.module, []).append(model)
    graph = {
        module: {where[name] for m in models for name in _referenced(m) if name in where} - {module}
        for module, models in by_module.items()
    }
    cyclic = _cyclic_modules(graph)
    usage = _operation_models(api)
    parents: dict[str, set[str]] = {}
    for model in api.models:
        for name in _referenced(model):
            parents.setdefault(name, set()).add(model.name)
    modules = []
    for module in sorted(by_module):
        members = sorted(by_module[module], key=lambda m: m.name)
        objects = [m for m in members if m.kind == "object"]
        aliases = _order_aliases([m for m in members if m.kind == "alias"])
        annotations: list[ir.PyType] = []
        for model in members:
            annotations.extend(f.annotation for f in model.fields)
            annotations.extend(p.type for p in model.param_fields)
            if model.kind == "alias":
                annotations.append(model.alias_of.python if model.alias_of else ir.AnyType())
        imports: dict[str, set[str]] = {}
        for model in members:
            for name in _referenced(model):
                if name in where and where[name] != module:
                    imports.setdefault(where[name], set()).add(name)
        needs_rebuild = len(members) > 1 or any(m.recursive for m in members)
        defaults = {(m.name, f.name): _field_default(f) for m in objects for f in m.fields}
        type_variables = tuple(sorted({t for m in objects for t in m.type_parameters}))
        always_sent = {
            m.name: "frozenset({" + ", ".join(pystr(f.name) for f in sent) + "})"
            for m in objects
            if (sent := [f for f in m.fields if f.always_sent])
        }
        typing_names = {"ClassVar"} if always_sent else set()
        typing_names |= {"TypeAlias"} if aliases else set()
        typing_names |= {"Generic", "TypeVar"} if type_variables else set()
        with_params = [m for m in objects if m.param_name]
        uses_required = any(p.required for m in with_params for p in m.param_fields)
        typing_names |= {"TypedDict"} if with_params else set()
        typing_names |= {"TYPE_CHECKING"} if uses_required else set()
        std_imports = import_lines(
            imports_of(annotations) | {Import("typing", name) for name in typing_names}
        )
        ordered = objects + aliases
        params = tuple(
            (
                m.param_name or "",
                m.name,
                tuple(
                    (p.wire_name, _param_key(p), markdown_to_text(p.description).strip())
                    for p in m.param_fields
                ),
            )
            for m in with_params
        )
        functional = frozenset(
            name
            for name, _, keys in params
            if any(not key.isidentifier() or iskeyword(key) for key, _, _ in keys)
        )
        modules.append(
            ModelModule(
                module=module,
                models=tuple(ordered),
                names=", ".join([*(m.name for m in ordered), *(name for name, _, _ in params)]),
                doc=_module_doc(members, usage, parents),
                exported=", ".join(
                    pystr(name) for name in [*(m.name for m in ordered), *(p[0] for p in params)]
                ),
                uses_base_model=any(not m.runtime_base for m in ordered),
                runtime_bases=tuple(sorted({m.runtime_base for m in ordered if m.runtime_base})),
                bases={m.name: _bases(m) for m in objects},
                std_imports=std_imports,
                sibling_imports=tuple((m, tuple(sorted(n))) for m, n in sorted(imports.items())),
                imports_at_bottom=module in cyclic,
                rebuild=(
                    tuple(m.name for m in objects) if needs_rebuild and module not in cyclic else ()
                ),
                type_variables=type_variables,
                field_defaults=defaults,
                field_annotations={
                    (m.name, f.name): annotation(f.annotation) for m in objects for f in m.fields
                },
                field_docs={(m.name, f.name): _field_doc(f) for m in objects for f in m.fields},
                model_docs={m.name: _model_doc(m) for m in members},
                alias_annotations={
                    m.name: annotation(m.alias_of.python if m.alias_of else ir.AnyType())
                    for m in aliases
                },
                uses_pydantic=any("_pydantic." in text for text in defaults.values()),
                always_sent=always_sent,
                params=params,
                functional_params=functional,
                uses_required=uses_required,
            )
        )
    return tuple(modules)
