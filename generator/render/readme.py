"""The README's view model: what the generated README says about this API, decided from the IR.

The API's description becomes the "About this API" section (its HTML turned into Markdown,
`markdown.py`); the client's docstring is one short paragraph. Every code example is a real
call of this API: a resource, a method, its required arguments with values of their types, the
models it takes. A section whose kind of operation the API lacks (pagination, JSON:API
relationships, bulk) gets no example, and the template leaves the section out. The view also
words what depends on the API (how each security scheme is sent, the client's options, the
lists of methods), so that the template only prints.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .. import ir
from ..graph import depth_first
from .auth import AuthSchemeView, auth_schemes
from .calls import Call, import_block, method_call, real_resources, with_needs
from .docstrings import page_style_text
from .markdown import html_to_markdown
from .text import docstring, method_docstring, pystr
from .values import Needs, Values, field_examples, literal, model_samples, spec_value


@dataclass(frozen=True)
class RelationshipExample:
    """A JSON:API resource fetched with its relationships resolved against `included`."""

    call: Call
    relationships: str  # the attribute of the resource: "relationships"
    optional: bool  # `relationships` may be None
    to_one: str | None  # a to-one relationship attribute ("container")
    to_one_optional: bool
    to_many: str | None  # a to-many relationship attribute ("tags")
    to_many_optional: bool

    @property
    def resolving(self) -> str:
        """The example's lines after the call: the relationships resolved, each under a check
        for None where the attribute may be None."""
        data = f"doc.data.{self.relationships}"
        lines: list[str] = []
        if self.to_one:
            lines.append(
                f"{self.to_one} = doc.resolve({data}.{self.to_one})"
                "  # the included resource (a dict) or None"
            )
        if self.to_many:
            lines.append(f"{self.to_many} = doc.resolve_many({data}.{self.to_many})  # a list")
        if self.to_one:
            resolved = (
                f"resolved = {data}.{self.to_one}.resolve()  # the relationship knows its document"
            )
            if self.to_one_optional:
                lines += [f"if {data}.{self.to_one} is not None:", "    " + resolved]
            else:
                lines.append(resolved)
        if self.optional:
            lines = [f"if {data} is not None:", *("    " + line for line in lines)]
        return "\n".join(lines)


@dataclass(frozen=True)
class UpdateExample:
    """The README's partial update: a real PATCH of the API, one optional field of its body model
    set, and the JSON the call sends."""

    model: str  # the body model, imported from `types` ("" when its fields are keywords)
    call: str  # e.g. `client.items.update(1, name="renamed")`
    sent: str  # the body the call sends, as JSON
    unsent: str  # "`name` (default ...)" of a defaulted field the call leaves unsent ("" if none)


@dataclass(frozen=True)
class ClassAliasRow:
    """A renamed class in the README's table of deprecated names."""

    old: str  # where the old name imports from: "catalog.types.Thing"
    target: str  # the class's name now
    since: str  # the SDK version that renamed it


@dataclass(frozen=True)
class ReadmeView:
    package: str  # the import name of the SDK
    api_name: str  # "CommandersAct API" (never "... API API")
    about: str  # the API's description as Markdown ("" when it has none)
    package_doc: str  # the docstring of the package's `__init__`, escaped and laid out
    client_doc: str  # the docstring of the sync client class
    async_client_doc: str  # ... of the async one
    # The client docstring's list of security schemes after "a token per security scheme"
    # (" (a, b)", escaped; "" without schemes), and the lines of its options that are not
    # tokens: (argument, its text unescaped), credentials then server variables.
    token_schemes_doc: str
    option_docs: tuple[tuple[str, str], ...]
    # The README's comment on each server variable's argument: (argument, "default: ...").
    variable_comments: tuple[tuple[str, str], ...]
    # `tokens={...}` with every scheme, for APIs of several schemes ("" for one or none).
    tokens_argument: str
    # The client fetches OAuth2 tokens itself (it takes `client_id` and `client_secret`).
    client_credentials: bool
    project_description: str  # pyproject.toml's `description`
    # (the resource's attribute path, its methods as the README's table lists them)
    resource_rows: tuple[tuple[str, str], ...]
    # "`client.items.list()`: how it pages" of each paginated list
    paginated_methods: tuple[str, ...]
    page_styles: tuple[str, ...]  # the API's paging styles (PageStyle), in order of appearance
    page_fields: str  # what the README prints of a page: "page.items, page.has_more"
    bulk_methods: tuple[str, ...]  # "client.items.create_bulk(items)" of each bulk twin
    # "client.chat.completions.create(..., stream=True)" of each method that streams
    streamed_methods: tuple[str, ...]
    quick_start: Call | None  # the first example: a call that needs no body
    pagination: Call | None  # a paginated list method
    relationships: RelationshipExample | None
    jsonapi_create: Call | None  # a JSON:API create taking an attributes model
    jsonapi_create_resource: Call | None  # the same, given the whole resource model
    bulk: Call | None  # a bulk twin, with a list of items
    update: UpdateExample | None  # a PATCH setting one optional field
    # Renamed models and resources whose old class names still import: models first, by name.
    class_aliases: tuple[ClassAliasRow, ...]

    def imports(self, names: Iterable[str], *calls: Call | None) -> str:
        """The import block of an example: the standard library lines its calls need, then
        `names` from the package, then the models the calls build."""
        return import_block(self.package, names, *calls)


def api_name(title: str) -> str:
    """How prose names the API: its title, with " API" added unless the title says it."""
    title = " ".join(title.split()) or "the"  # one line, whatever the spec's title holds
    return title if re.search(r"\bapi$", title, re.IGNORECASE) else f"{title} API"


def client_doc(api: ir.Api, *, is_async: bool = False) -> str:
    """A client class's docstring: what it is, in one short paragraph without spec text (the
    API's own description is the README's "About this API")."""
    kind = "asynchronous" if is_async else "synchronous"
    return (
        f"The {kind} client of the {api_name(api.title)} (API version {api.version}).\n\n"
        "A resource per attribute, a method per operation: `api.md` lists them all."
    )


def package_doc(api: ir.Api) -> str:
    """The package's docstring: what it is and where to look, without spec text."""
    about = (
        f"`{api.client_class_name}` and `{api.async_client_class_name}` are its clients and "
        f"`{api.package_name}.types` holds its models; the README shows how to use them, `api.md` "
        "lists every method."
    )
    return f"{api_name(api.title)} Python SDK.\n\n" + textwrap.fill(about, width=96)


# --- the client's options and the lists of methods ---------------------------------------------


def _option_docs(api: ir.Api) -> tuple[tuple[str, str], ...]:
    """The client docstring's lines of the credential options and server variables."""
    docs = [
        (
            option.name,
            f"{option.description} (default: the {option.env_name} environment variable).",
        )
        for option in api.credential_options
    ]
    for v in api.servers[0].variables if api.servers else ():
        description = v.description.strip()
        lead = f"{description} " if description else ""
        otherwise = f", else {pystr(v.default)}" if v.default else ""
        docs.append(
            (v.python_name, f"{lead}(default: the {v.env_name} environment variable{otherwise}).")
        )
    return tuple(docs)


def _variable_comments(api: ir.Api) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            v.python_name,
            f"default: the {v.env_name} environment variable"
            + (f', else "{v.default}"' if v.default else ""),
        )
        for v in (api.servers[0].variables if api.servers else ())
    )


def _tokens_argument(schemes: tuple[AuthSchemeView, ...]) -> str:
    if len(schemes) < 2:
        return ""
    return "tokens={" + ", ".join(f'"{s.key}": "..."' for s in schemes) + "}"


def _resource_rows(api: ir.Api) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            ".".join(resource.path),
            ", ".join(
                f"`{op.python_name}` ({op.method} `{op.path}`)" for op in resource.operations
            ),
        )
        for resource in depth_first(api.resources, lambda resource: resource.children)
        if resource.operations
    )


def _operations(api: ir.Api) -> Iterator[tuple[str, ir.Operation]]:
    """(the resource's attribute path, operation) of every operation, resources depth first."""
    for resource in depth_first(api.resources, lambda resource: resource.children):
        for op in resource.operations:
            yield ".".join(resource.path), op


def _paginated_methods(api: ir.Api) -> tuple[str, ...]:
    return tuple(
        f"`client.{path}.{op.python_name}()`: {page_style_text(op.pagination)}"
        for path, op in _operations(api)
        if op.pagination is not None
    )


def _page_styles(api: ir.Api) -> tuple[str, ...]:
    styles = [op.pagination.style for _, op in _operations(api) if op.pagination is not None]
    return tuple(dict.fromkeys(styles))


def _page_fields(api: ir.Api) -> str:
    """The page's attributes the README's example prints: its items and, for the first
    paginated list, the response's own paging fields (JSON:API: `meta` and `links`)."""
    op = next((op for _, op in _operations(api) if op.pagination is not None), None)
    if op is None or op.pagination is None:
        return ""
    if op.pagination.style == "jsonapi":
        return "page.data, page.meta, page.links"
    success = op.success_type
    model = next((m for m in api.models if success and m.name == success.model), None)
    python = {f.wire_name: f.name for f in model.fields} if model is not None else {}
    paths = (op.pagination.has_more_field, op.pagination.total_field)
    names = [python[path[0]] for path in paths if len(path) == 1 and path[0] in python]
    return ", ".join(["page.items", *(f"page.{name}" for name in names)])


def _bulk_methods(api: ir.Api) -> tuple[str, ...]:
    return tuple(
        f"client.{path}.{op.bulk.method_name}(items)"
        for path, op in _operations(api)
        if op.bulk is not None
    )


def _streamed_methods(api: ir.Api) -> tuple[str, ...]:
    return tuple(
        f"client.{path}.{op.python_name}("
        + (
            ""
            if op.stream.selector_argument is None
            else f"..., {op.stream.selector_argument}=True"
        )
        + ")"
        for path, op in _operations(api)
        if op.stream is not None
    )


def _class_alias_rows(api: ir.Api) -> tuple[ClassAliasRow, ...]:
    """Renamed models first, then resources, each by old name."""
    rows = []
    for alias in sorted(api.class_aliases, key=lambda a: (a.kind != "model", a.name)):
        where = "types" if alias.kind == "model" else "resources"
        rows.append(
            ClassAliasRow(f"{api.package_name}.{where}.{alias.name}", alias.target, alias.since)
        )
    return tuple(rows)


# --- choosing the operations ---------------------------------------------------------------------


def _first(calls: Iterable[Call | None]) -> Call | None:
    return next((call for call in calls if call is not None), None)


def _shortest(calls: Iterable[Call | None]) -> Call | None:
    """The call with the fewest characters (the first of those), so examples stay short."""
    found = [call for call in calls if call is not None]
    return min(found, key=lambda call: len(call.arguments)) if found else None


def _quick_start(api: ir.Api, values: Values) -> Call | None:
    """A call without a body that returns something: a paginated list, else a GET named list,
    else any GET (one returning nothing as a last resort)."""
    operations = [(r, op) for r in real_resources(api.resources) for op in r.operations]
    returning = [(r, op) for r, op in operations if op.success_type is not None]
    ranked = [
        [(r, op) for r, op in returning if op.pagination is not None],
        [(r, op) for r, op in returning if op.method == "GET" and op.python_name == "list"],
        [(r, op) for r, op in returning if op.method == "GET"],
        [(r, op) for r, op in operations if op.method == "GET"],
    ]
    for candidates in ranked:
        found = _first(method_call(r, op, values) for r, op in candidates if not op.request_bodies)
        if found is not None:
            return found
    return None


def _optional(f: ir.Field) -> bool:
    return f.default == "None" or f.type.nullable


def _relationship_kind(ref: ir.TypeRef, models: Mapping[str, ir.Model]) -> str | None:
    """ "one" or "many" for a JSON:API relationship model (by its `data`), else None."""
    model = models.get(ref.model or "") if ref.kind == "model" else None
    if model is None or model.runtime_base != "JSONAPIRelationship":
        return None
    data = next((f for f in model.fields if f.name == "data"), None)
    if data is None:
        return None
    kinds = {data.type.kind} | {item.kind for item in data.type.items}
    return "many" if "list" in kinds else "one"


def _relationships(api: ir.Api, values: Values) -> RelationshipExample | None:
    """A GET of one resource whose model has relationships, with `include` set when the
    operation takes it; the one with the most kinds of relationships (to-one and to-many)."""
    models = values.models
    found: list[tuple[int, RelationshipExample]] = []
    for resource in real_resources(api.resources):
        for op in resource.operations:
            success = op.success_type
            if op.method != "GET" or success is None or success.kind != "model":
                continue
            if not success.items or success.items[0].kind != "model":
                continue  # Document[X] of one resource X (not a list)
            resource_model = models.get(success.items[0].model or "")
            rel_field = next(
                (
                    f
                    for f in (resource_model.fields if resource_model else ())
                    if f.name == "relationships"
                ),
                None,
            )
            rel_model = models.get(rel_field.type.model or "") if rel_field else None
            if rel_field is None or rel_model is None:
                continue
            by_kind: dict[str, ir.Field] = {}
            for f in rel_model.fields:
                kind = _relationship_kind(f.type, models)
                if kind is not None and kind not in by_kind:
                    by_kind[kind] = f
            if not by_kind:
                continue
            include = next((p for p in op.parameters if p.wire_name == "include"), None)
            names = _includable(include, [f.wire_name for f in by_kind.values()])
            extra = {}
            if include is not None and names:
                listed = include.type.kind == "list"
                extra["include"] = json.dumps(names) if listed else literal(",".join(names))
            call = method_call(resource, op, values, extra=extra)
            if call is None:
                continue
            one, many = by_kind.get("one"), by_kind.get("many")
            example = RelationshipExample(
                call=call,
                relationships=rel_field.name,
                optional=_optional(rel_field),
                to_one=one.name if one else None,
                to_one_optional=bool(one and _optional(one)),
                to_many=many.name if many else None,
                to_many_optional=bool(many and _optional(many)),
            )
            found.append((len(by_kind) * 2 + bool(names), example))
    if not found:
        return None
    best = max(score for score, _ in found)
    return next(example for score, example in found if score == best)


def _includable(include: ir.Parameter | None, names: list[str]) -> list[str]:
    """The relationship names the `include` parameter accepts (its enum, when it has one)."""
    if include is None or include.type.kind not in ("list", "str"):
        return []
    item = include.type.items[0] if include.type.kind == "list" and include.type.items else None
    if item is not None and item.kind == "literal":
        return [name for name in names if name in item.literals]
    return names if item is None or item.kind == "str" or include.type.kind == "str" else []


def _jsonapi_creates(api: ir.Api, values: Values) -> tuple[Call | None, Call | None]:
    """A JSON:API create (POST) given an attributes model, and the same given its resource
    model (the create whose example is shortest, of those that can show both)."""
    pairs: list[tuple[Call, Call | None]] = []
    for resource in real_resources(api.resources):
        for op in resource.operations:
            body = op.request_bodies[0] if op.request_bodies else None
            if op.method != "POST" or body is None or body.attributes_type is None:
                continue
            if body.data_type is None or body.data_type.model is None:
                continue
            needs = Needs()
            whole = frozenset({"type", "attributes"})
            source = values.model(body.data_type.model, needs, also=whole, illustrate=True)
            by_attributes = method_call(resource, op, values)
            by_resource = with_needs(
                method_call(resource, op, values, body=source) if source else None, needs
            )
            if by_attributes is not None and body.keywords:  # no model to show
                pairs.append((by_attributes, None))
            elif by_attributes is not None and by_resource is not None:
                pairs.append((by_attributes, by_resource))
    if not pairs:
        return None, None
    return min(
        pairs, key=lambda pair: len(pair[0].arguments) + len(pair[1].arguments if pair[1] else "")
    )


def _bulk(api: ir.Api, values: Values) -> Call | None:
    calls: list[Call | None] = []
    for resource in real_resources(api.resources):
        for op in resource.operations:
            if op.bulk is None:
                continue
            needs = Needs()
            item = values.of(op.bulk.item_type, "item", needs)
            if item is None:
                continue
            call = method_call(
                resource, op, values, method=op.bulk.method_name, leading=f"[{item}, {item}]"
            )
            calls.append(with_needs(call, needs))
    return _shortest(calls)


def _pagination(api: ir.Api, values: Values) -> Call | None:
    return _first(
        method_call(r, op, values)
        for r in real_resources(api.resources)
        for op in r.operations
        if op.pagination is not None
    )


# --- the partial update ------------------------------------------------------------------------


def _spec_scalar(ref: ir.TypeRef, example: str | None) -> tuple[str, object] | None:
    """(Python source, JSON value) of the spec's example of a text, integer, boolean or
    enumerated value, when it is a value of `ref`."""
    if example is None or ref.kind not in ("str", "int", "bool", "literal"):
        return None
    value = json.loads(example)
    source = spec_value(ref, value, Needs())
    return (source, value) if source is not None else None


def _example_value(f: ir.Field, example: str | None) -> tuple[str, object] | None:
    """(Python source, JSON value) of a plausible value for a field (the spec's `example` when
    it fits), None for other types."""
    if (spec := _spec_scalar(f.type, example)) is not None:
        return spec
    kind = f.type.kind
    if kind == "str":
        return ('"renamed"', "renamed") if "name" in f.wire_name else ('"new value"', "new value")
    if kind == "int":
        return "1", 1
    if kind == "bool":
        return "True", True
    if kind == "literal" and f.type.literals and f.type.literals[0] is not None:
        value = f.type.literals[0]
        return pystr(value), value
    return None


def _update(api: ir.Api) -> UpdateExample | None:
    """The first PATCH with a JSON body model (its JSON:API attributes model for a resource)
    that has an optional field of a simple type, preferring models with a default left unsent."""
    models = {model.name: model for model in api.models}
    samples = model_samples(models)
    found = [
        example
        for resource in depth_first(api.resources, lambda resource: resource.children)
        for op in resource.operations
        if (example := _patch_example(resource, op, models, samples)) is not None
    ]
    return next((e for e in found if e.unsent), found[0] if found else None)


def _patch_example(
    resource: ir.Resource,
    op: ir.Operation,
    models: Mapping[str, ir.Model],
    samples: Mapping[str, Mapping[str, object]],
) -> UpdateExample | None:
    if op.method != "PATCH" or not op.request_bodies:
        return None
    body = op.request_bodies[0]
    jsonapi = body.jsonapi_type is not None and body.attributes_type is not None
    ref = body.attributes_type if jsonapi and body.attributes_type else body.type
    model = models.get(ref.model or "") if ref.kind == "model" else None
    if model is None or model.kind != "object" or "json" not in body.media_type:
        return None
    examples = field_examples(model, samples.get(model.name))
    for keyword in body.keywords:  # the keywords' examples (the body's) fill the fields' gaps
        if keyword.name in examples and examples[keyword.name] is None:
            examples[keyword.name] = keyword.example
    settable = [
        (f, value)
        for f in model.fields
        if not (f.required or f.always_sent or f.read_only)
        and (value := _example_value(f, examples[f.name])) is not None
    ]
    if not settable:
        return None
    chosen, (source, json_value) = next(
        (pair for pair in settable if pair[0].type.kind == "str"), settable[0]
    )
    path_params = [p for p in op.parameters if p.location == "path"]
    ids = {
        p.name: _spec_scalar(p.type, p.example)
        or (("1", 1) if p.type.kind == "int" else ('"1"', "1"))
        for p in path_params
    }
    arguments = [ids[p.name][0] for p in path_params]
    if body.keywords:
        arguments.append(f"{chosen.name}={source}")
    else:
        arguments.append(f"body={model.name}({chosen.name}={source})")
    sent: object = {chosen.wire_name: json_value}
    if jsonapi:
        data: dict[str, object] = {"type": body.jsonapi_type}
        if body.jsonapi_id_parameter:  # the SDK fills `data.id` from the path
            data["id"] = ids[body.jsonapi_id_parameter][1]
        data["attributes"] = sent
        if not body.keywords:  # a model given as `body=` gets its `id` after its own members
            data = {"type": body.jsonapi_type, "attributes": sent, **data}
        sent = {"data": data}
    defaulted = [
        f
        for f in model.fields
        if f is not chosen and not f.always_sent and f.default not in (None, "None")
    ]
    quiet = min(defaulted, key=lambda f: len(f.name)) if defaulted else None
    return UpdateExample(
        model="" if body.keywords else model.name,
        call=f"client.{'.'.join(resource.path)}.{op.python_name}({', '.join(arguments)})",
        sent=json.dumps(sent, ensure_ascii=False),
        unsent=f"`{quiet.name}` (default {quiet.default})" if quiet else "",
    )


def readme_view(api: ir.Api) -> ReadmeView:
    values = Values({model.name: model for model in api.models})
    create, create_resource = _jsonapi_creates(api, values)
    schemes = auth_schemes(api)
    scheme_keys = ", ".join(docstring(s.key) for s in schemes)
    view = ReadmeView(
        package=api.package_name,
        api_name=api_name(api.title),
        about=html_to_markdown(api.description, top_level=3),
        package_doc=method_docstring(package_doc(api), indent=0),
        client_doc=client_doc(api),
        async_client_doc=client_doc(api, is_async=True),
        token_schemes_doc=f" ({scheme_keys})" if schemes else "",
        option_docs=_option_docs(api),
        variable_comments=_variable_comments(api),
        tokens_argument=_tokens_argument(schemes),
        client_credentials=any(o.name == "client_id" for o in api.credential_options),
        project_description=f"{api.title} API client (generated by sdkgen)",
        resource_rows=_resource_rows(api),
        paginated_methods=_paginated_methods(api),
        page_styles=_page_styles(api),
        page_fields=_page_fields(api),
        bulk_methods=_bulk_methods(api),
        streamed_methods=_streamed_methods(api),
        quick_start=_quick_start(api, values),
        pagination=_pagination(api, values),
        relationships=_relationships(api, values),
        jsonapi_create=create,
        jsonapi_create_resource=create_resource,
        bulk=_bulk(api, values),
        update=_update(api),
        class_aliases=_class_alias_rows(api),
    )
    return view
