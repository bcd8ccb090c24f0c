"""The view of one operation's method: its signature, the arguments of its call to `request`,
what it returns (pages and streams included), its docstrings and its bulk twin, each built by a
step of its own and handed to the templates as one `OperationView`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .. import ir
from ..typing_printer import Import, annotation, imports_of, union_members, union_of
from .arguments import (
    cookie_value,
    encoding_value,
    header_value,
    keyword_body_value,
    page_spec_value,
    path_value,
    query_value,
    server_url,
)
from .docstrings import BULK_DOC, PAGE_DOC, SELECTOR_DOC, STREAM_DOC, operation_doc, page_style_text
from .signatures import (
    JSON_OBJECT,
    NOT_GIVEN_TYPE,
    OPTIONS,
    SignatureParameter,
    body_annotation,
    body_keyword_parameters,
    cast_to_expression,
    check_parameter_names,
    input_type,
    print_parameter,
)
from .text import method_docstring, pystr


class PrintedSignature(NamedTuple):
    """A method's signature as text: its parameters, return annotation and bulk items."""

    positional: tuple[str, ...]
    keyword: tuple[str, ...]
    returns: str  # the sync method's
    bulk_items: str | None
    bulk_keyword: tuple[str, ...]
    # A body taken as keywords: the keyword parameters of each overload (see `Signature`).
    overloads: tuple[tuple[str, ...], ...] = ()


class Overload(NamedTuple):
    """One `@overload` of a method (see `_overloads`): its keyword parameters as text (the
    positional ones are the method's) and what it returns."""

    keyword: tuple[str, ...]
    returns: str


@dataclass(frozen=True)
class OperationView:
    op: ir.Operation
    positional: tuple[str, ...]  # "id: str"
    keyword: tuple[str, ...]  # "page: int | None = None", the body, then the per-call options
    path_params: tuple[ir.Parameter, ...]
    # (wire name, Python expression) of each path parameter: the plain value in simple style,
    # else a `_PathParam` carrying its style
    path_values: tuple[tuple[str, str], ...]
    query_params: tuple[ir.Parameter, ...]
    query_values: tuple[str, ...]  # a `_QueryParam(...)` expression per query parameter
    header_params: tuple[ir.Parameter, ...]
    # (wire name, Python expression) of each header and cookie parameter: the plain value in
    # the location's default style, else a `_HeaderParam`/`_CookieParam` carrying its own
    header_values: tuple[tuple[str, str], ...]
    cookie_params: tuple[ir.Parameter, ...]
    cookie_values: tuple[tuple[str, str], ...]
    has_body: bool
    # The `body=` argument of the call: `body`, or the runtime's `_keyword_body(...)` building
    # it from the keywords (one item a line)
    body_value: tuple[str, ...]
    body_media_type: str | None
    # several request media types: the caller picks one per call with `content_type=`
    media_types: tuple[str, ...]
    body_encoding: tuple[str, ...]  # `_PropertyEncoding(...)` of each `encoding` entry
    jsonapi_id: str | None  # the path parameter that supplies `data.id` of a JSON:API update
    server_url: str | None  # the operation's own server (its variables at their defaults)
    security: tuple[tuple[str, ...], ...]  # the operation's security requirements
    returns: str  # the sync method's return annotation ("None" when nothing; `SyncPage[...]`)
    async_returns: str  # the async method's (`AsyncPage[...]` for pages)
    cast_to: str  # runtime expression of the type to parse into ("None")
    uses_response_type: bool  # `cast_to` is `ResponseType[...]` (see `cast_to_expression`)
    sequence_inputs: bool  # some parameter takes a `SequenceNotStr[...]` (see `input_type`)
    doc: str  # the docstring's text (unescaped)
    sync_doc: str  # the sync method's docstring, escaped and laid out (the page note added)
    async_doc: str
    jsonapi_body: bool  # a bare resource model passed as `body` is wrapped as {"data": ...}
    jsonapi_type: str | None  # ... and a bare attributes model as {"data": {"type", "attributes"}}
    page_item: str | None  # paginated list: the item annotation (returns SyncPage[item])
    page_spec: str | None  # ... and the `_PageSpec(...)` expression of its pagination
    bulk_item: str | None  # bulk twin `<bulk.method_name>(items)`: the item annotation
    bulk_items: str | None  # ... the annotation of its `items` in the sync method
    async_bulk_items: str | None  # ... and in the async one
    bulk_doc: str  # the bulk twin's docstring, escaped and laid out
    bulk_keyword: tuple[str, ...]  # the bulk twin's keyword parameters (no `body`)
    # The names of the parameters above, in the same order (what a deprecated alias passes on).
    positional_names: tuple[str, ...]
    keyword_names: tuple[str, ...]
    bulk_keyword_names: tuple[str, ...]
    # The sync signature spelled outside the class body (api.md), where no method name hides a
    # builtin: `list[...]` where the module says `List[...]`.
    reference: PrintedSignature
    imports: frozenset[Import]  # what the annotations of the method and its twins import
    # A streamed response: the runtime expression of the item type, the `_StreamSpec(...)`, and
    # the argument that chooses the stream when the response may be JSON too (with the
    # `@overload`s of the sync and the async method); None/() otherwise
    stream_item: str | None = None
    stream_spec: str | None = None
    stream_argument: str | None = None
    overloads: tuple[Overload, ...] = ()
    async_overloads: tuple[Overload, ...] = ()


class Signature(NamedTuple):
    """The parameters of an operation's method and of its bulk twin (which takes no body)."""

    positional: tuple[SignatureParameter, ...]  # the path parameters
    keyword: tuple[SignatureParameter, ...]  # the others, the body, the per-call options
    bulk_keyword: tuple[SignatureParameter, ...]
    media_types: tuple[str, ...]  # several request media types: `content_type=` picks one
    # A body taken as keywords: the keyword parameters of the method's two overloads (its fields;
    # the whole body as `body=`, deprecated), and `keyword` is the implementation's.
    overloads: tuple[tuple[SignatureParameter, ...], ...] = ()


def method_signature(op: ir.Operation) -> Signature:
    """The method's parameters: path parameters positional, then the other parameters, the body
    (`None` by default when optional), the media type when there are several, the options."""
    check_parameter_names(op)
    positional = [
        SignatureParameter(p.name, input_type(p.annotation))
        for p in op.parameters
        if p.location == "path"
    ]
    keyword = [
        SignatureParameter(p.name, input_type(p.annotation), p.default)
        for p in op.parameters
        if p.location != "path"
    ]
    body = op.request_bodies[0] if op.request_bodies else None
    media_types = (
        tuple(b.media_type for b in op.request_bodies) if len(op.request_bodies) > 1 else ()
    )
    overloads: tuple[tuple[SignatureParameter, ...], ...] = ()
    if body is not None:
        body_type = input_type(union_of(body_annotation(each) for each in op.request_bodies))
        whole = (
            SignatureParameter("body", body_type)
            if body.required
            else SignatureParameter("body", ir.optional(body_type), "None")
        )
        if body.keywords:
            # the fields as keywords; the whole body as `body=` still taken (deprecated)
            new = body_keyword_parameters(body, implementation=False)
            overloads = ((*keyword, *new, *OPTIONS), (*keyword, whole, *OPTIONS))
            old_type = ir.UnionType((*union_members(whole.type), NOT_GIVEN_TYPE))
            keyword += body_keyword_parameters(body, implementation=True)
            keyword.append(SignatureParameter("body", old_type, "NOT_GIVEN"))
        else:
            keyword.append(whole)
    selector = _separate_selector(op)
    if selector is not None:  # the body is one `body=`: the selector is an argument of its own
        keyword.append(SignatureParameter(selector, _SELECTOR_TYPES[0][0], "NOT_GIVEN"))
    if media_types:
        keyword.append(
            SignatureParameter("content_type", ir.LiteralType(media_types), pystr(media_types[0]))
        )
    body_names = {"body", "content_type", *(k.name for k in body.keywords)} if body else set()
    bulk_keyword = [k for k in keyword if k.name not in body_names | {selector}] + [*OPTIONS]
    keyword += OPTIONS
    return Signature(tuple(positional), tuple(keyword), tuple(bulk_keyword), media_types, overloads)


def _separate_selector(op: ir.Operation) -> str | None:
    """The argument choosing a stream or one JSON answer, when it is not one of the body's
    keywords already (the body taken whole as `body=`): None otherwise."""
    selector = _selector(op)
    body = op.request_bodies[0] if op.request_bodies else None
    if selector is None or (body is not None and any(k.name == selector for k in body.keywords)):
        return None
    return selector


# The selector argument's type in the implementation, then in each overload, with its default
# and what that overload returns: the stream, the JSON answer, either (a `bool` only known at
# run time).
_NOT_GIVEN = ir.LibraryType("NotGiven")
_SELECTOR_TYPES: tuple[tuple[ir.PyType, str | None, str], ...] = (
    (ir.UnionType((ir.ScalarType("bool"), _NOT_GIVEN)), "NOT_GIVEN", "either"),
    (ir.LiteralType((True,)), None, "stream"),
    (ir.UnionType((ir.LiteralType((False,)), _NOT_GIVEN)), "NOT_GIVEN", "json"),
    (ir.UnionType((ir.ScalarType("bool"), _NOT_GIVEN)), "NOT_GIVEN", "either"),
)


class Returns(NamedTuple):
    """What the method returns: the response's type, pages of items for a paginated list, a
    stream of items for a streamed response."""

    type: ir.PyType  # the response's type (`ir.NONE` when nothing)
    sync: str  # the sync method's return annotation (`SyncPage[...]` for pages)
    async_: str  # the async method's (`AsyncPage[...]` for pages)
    cast_to: str  # runtime expression of the type to parse into
    page_item: ir.PyType | None  # paginated list: the type of its items
    # streamed response: the sync and async types returned when it streams (`Stream[item]`)
    streams: tuple[ir.PyType, ir.PyType] | None = None


def _stream_types(stream: ir.Stream) -> tuple[ir.PyType, ir.PyType]:
    item = stream.item_type.python
    return ir.LibraryType("Stream", "", (item,)), ir.LibraryType("AsyncStream", "", (item,))


def method_returns(
    op: ir.Operation, shadowed: frozenset[str], type_aliases: frozenset[str]
) -> Returns:
    success = op.success_type
    returns_type = success.python if success is not None else ir.NONE
    returns = annotation(returns_type, shadowed)
    cast_to = cast_to_expression(returns_type, type_aliases, shadowed)
    if op.stream is not None:
        streams = _stream_types(op.stream)
        if op.stream.selector is None:
            sync, async_ = (annotation(each, shadowed) for each in streams)
        else:  # the implementation's: either answer
            sync, async_ = (annotation(union_of((returns_type, s)), shadowed) for s in streams)
        return Returns(returns_type, sync, async_, cast_to, None, streams)
    if op.pagination is None:
        return Returns(returns_type, returns, returns, cast_to, None)
    item = op.pagination.item_type.python
    sync_page = annotation(ir.LibraryType("SyncPage", "", (item,)), shadowed)
    async_page = annotation(ir.LibraryType("AsyncPage", "", (item,)), shadowed)
    return Returns(returns_type, sync_page, async_page, cast_to, item)


class BulkTwin(NamedTuple):
    """The bulk twin `<bulk.method_name>(items)` of an operation: the types of its items."""

    item: ir.PyType  # one item (a model)
    items: ir.PyType  # what the sync method takes: an iterable of items or JSON objects
    async_items: ir.PyType  # ... and the async one: an iterable or an async iterable


def bulk_twin(op: ir.Operation) -> BulkTwin | None:
    if op.bulk is None:
        return None
    item = ir.UnionType((op.bulk.item_type.python, JSON_OBJECT))
    sync_items = ir.LibraryType("Iterable", "collections.abc", (item,))
    async_items = ir.UnionType(
        (sync_items, ir.LibraryType("AsyncIterable", "collections.abc", (item,)))
    )
    return BulkTwin(op.bulk.item_type.python, sync_items, async_items)


class Docstrings(NamedTuple):
    """The method's docstring (text, then escaped and laid out per method)."""

    text: str  # unescaped
    sync: str  # the sync method's, the page note added
    async_: str
    bulk: str  # the bulk twin's ("" without one)


def method_docstrings(op: ir.Operation) -> Docstrings:
    doc = operation_doc(op)
    sync_doc = async_doc = method_docstring(doc)
    if op.pagination is not None:
        how = page_style_text(op.pagination)
        sync_doc = method_docstring(doc + "\n\n" + PAGE_DOC.format(loop="`for`", how=how))
        async_doc = method_docstring(doc + "\n\n" + PAGE_DOC.format(loop="`async for`", how=how))
    if op.stream is not None:
        note = STREAM_DOC if op.stream.selector_argument is None else SELECTOR_DOC
        argument = op.stream.selector_argument
        sync_doc = method_docstring(
            doc + "\n\n" + note.format(loop="`for`", with_="with", argument=argument)
        )
        async_doc = method_docstring(
            doc + "\n\n" + note.format(loop="`async for`", with_="async with", argument=argument)
        )
    bulk_doc = method_docstring(BULK_DOC.format(method=op.python_name)) if op.bulk else ""
    return Docstrings(doc, sync_doc, async_doc, bulk_doc)


def _selector(op: ir.Operation) -> str | None:
    """The argument that chooses the stream or one JSON answer (None: the method has none)."""
    return op.stream.selector_argument if op.stream is not None else None


def _overloads(
    op: ir.Operation, signature: Signature, returns: Returns, shadowed: frozenset[str]
) -> tuple[tuple[Overload, ...], tuple[Overload, ...]]:
    """The `@overload`s (sync, async) of a method. A body taken as keywords gives two: its
    fields, and the whole body as `body=` (deprecated). An argument that chooses the stream
    splits each one that takes it in three: `True` the stream, `False` or not given the JSON
    answer, a `bool` either."""
    selector = _selector(op)
    chooses = selector is not None and returns.streams is not None
    bases = signature.overloads or ((signature.keyword,) if chooses else ())
    found: tuple[list[Overload], list[Overload]] = ([], [])
    for base in bases:
        if not chooses or returns.streams is None or all(k.name != selector for k in base):
            # (a call without the selector, e.g. the deprecated `body=`, gets the JSON answer)
            printed = tuple(print_parameter(k, shadowed) for k in base)
            json_answer = annotation(returns.type, shadowed) if chooses else None
            found[0].append(Overload(printed, json_answer or returns.sync))
            found[1].append(Overload(printed, json_answer or returns.async_))
            continue
        for type_, default, answer in _SELECTOR_TYPES[1:]:
            keyword = tuple(
                print_parameter(
                    SignatureParameter(k.name, type_, default) if k.name == selector else k,
                    shadowed,
                )
                for k in base
            )
            for stream_type, into in zip(returns.streams, found, strict=True):
                returned = {
                    "stream": stream_type,
                    "json": returns.type,
                    "either": union_of((returns.type, stream_type)),
                }[answer]
                into.append(Overload(keyword, annotation(returned, shadowed)))
    return tuple(found[0]), tuple(found[1])


def stream_spec_value(stream: ir.Stream) -> str:
    """The runtime's `StreamSpec(...)` of a streamed response (its defaults left out)."""
    arguments = [pystr(stream.format)]
    if stream.item != "data":
        arguments.append(f"item={pystr(stream.item)}")
    if not stream.json_data:
        arguments.append("json_data=False")
    return f"_StreamSpec({', '.join(arguments)})"


def _takes_sequences(parameters: tuple[SignatureParameter, ...]) -> bool:
    """Some parameter takes a `SequenceNotStr[...]` (see `input_type`)."""
    return any(
        isinstance(member, ir.LibraryType) and member.name == "SequenceNotStr"
        for parameter in parameters
        for member in union_members(parameter.type)
    )


def _located(op: ir.Operation, location: str) -> tuple[ir.Parameter, ...]:
    return tuple(p for p in op.parameters if p.location == location)


def operation_view(
    op: ir.Operation,
    shadowed: frozenset[str] = frozenset(),
    type_aliases: frozenset[str] = frozenset(),
) -> OperationView:
    """The operation's method as its resource module prints it; `shadowed`: the builtin types
    a method name hides in the class body, `type_aliases`: the models that are type aliases."""
    signature = method_signature(op)
    returns = method_returns(op, shadowed, type_aliases)
    bulk = bulk_twin(op)
    printed = _printed(signature, returns.sync, bulk, shadowed)
    reference = printed
    if shadowed:  # printed again only where the class body spells a type otherwise
        outside = method_returns(op, frozenset(), type_aliases)
        reference = _printed(signature, outside.sync, bulk, frozenset())
    docs = method_docstrings(op)
    body = op.request_bodies[0] if op.request_bodies else None
    parameters = (*signature.positional, *signature.keyword, *sum(signature.overloads, ()))
    only_streams = op.stream is not None and op.stream.selector is None
    types = [p.type for p in parameters] + ([] if only_streams else [returns.type])
    types += [returns.page_item] if returns.page_item is not None else []
    types += [bulk.items, bulk.async_items] if bulk is not None else []
    types += [*returns.streams] if returns.streams is not None else []
    overloads, async_overloads = _overloads(op, signature, returns, shadowed)
    chooses = _selector(op) is not None and returns.streams is not None
    stream_types = [t for t, _, _ in _SELECTOR_TYPES] if chooses else []
    stream_item = (
        cast_to_expression(op.stream.item_type.python, type_aliases, shadowed)
        if op.stream is not None
        else None
    )
    extra_imports = {Import("typing", "overload")} if overloads else set()
    return OperationView(
        op=op,
        positional=printed.positional,
        keyword=printed.keyword,
        path_params=_located(op, "path"),
        path_values=tuple((p.wire_name, path_value(p)) for p in _located(op, "path")),
        query_params=_located(op, "query"),
        query_values=tuple(query_value(p) for p in _located(op, "query")),
        header_params=_located(op, "header"),
        header_values=tuple((p.wire_name, header_value(p)) for p in _located(op, "header")),
        cookie_params=_located(op, "cookie"),
        cookie_values=tuple((p.wire_name, cookie_value(p)) for p in _located(op, "cookie")),
        has_body=body is not None,
        body_value=keyword_body_value(op) if body is not None and body.keywords else ("body",),
        body_media_type=body.media_type if body is not None else None,
        media_types=signature.media_types,
        body_encoding=tuple(map(encoding_value, body.encoding)) if body is not None else (),
        jsonapi_id=body.jsonapi_id_parameter if body is not None else None,
        server_url=server_url(op),
        security=op.security,
        returns=returns.sync,
        async_returns=returns.async_,
        cast_to=returns.cast_to,
        uses_response_type=any(
            expression.startswith("ResponseType[")
            for expression in (returns.cast_to, stream_item or "")
        ),
        sequence_inputs=_takes_sequences(parameters),
        doc=docs.text,
        sync_doc=docs.sync,
        async_doc=docs.async_,
        jsonapi_body=body is not None and body.data_type is not None,
        jsonapi_type=body.jsonapi_type if body is not None else None,
        page_item=(
            annotation(returns.page_item, shadowed) if returns.page_item is not None else None
        ),
        page_spec=page_spec_value(op.pagination) if op.pagination is not None else None,
        bulk_item=annotation(bulk.item, shadowed) if bulk is not None else None,
        bulk_items=printed.bulk_items,
        async_bulk_items=annotation(bulk.async_items, shadowed) if bulk is not None else None,
        bulk_doc=docs.bulk,
        bulk_keyword=printed.bulk_keyword,
        positional_names=tuple(p.name for p in signature.positional),
        keyword_names=tuple(k.name for k in signature.keyword),
        bulk_keyword_names=tuple(k.name for k in signature.bulk_keyword),
        imports=frozenset(imports_of(types + stream_types, shadowed)) | extra_imports,
        reference=reference,
        stream_item=stream_item,
        stream_spec=stream_spec_value(op.stream) if op.stream is not None else None,
        stream_argument=op.stream.selector_argument if op.stream is not None else None,
        overloads=overloads,
        async_overloads=async_overloads,
    )


def _printed(
    signature: Signature, returns: str, bulk: BulkTwin | None, shadowed: frozenset[str]
) -> PrintedSignature:
    return PrintedSignature(
        positional=tuple(print_parameter(p, shadowed) for p in signature.positional),
        keyword=tuple(print_parameter(k, shadowed) for k in signature.keyword),
        returns=returns,
        bulk_items=annotation(bulk.items, shadowed) if bulk is not None else None,
        bulk_keyword=tuple(print_parameter(k, shadowed) for k in signature.bulk_keyword),
        overloads=tuple(
            tuple(print_parameter(k, shadowed) for k in overload)
            for overload in signature.overloads
        ),
    )
