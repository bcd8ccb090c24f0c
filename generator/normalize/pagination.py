"""Pagination: how a list operation pages, read from the API's config, a pagination extension
of the operation (Speakeasy's `x-speakeasy-pagination`, Fern's `x-fern-pagination`), or the
spec's own evidence.

Detection is conservative (a wrong guess breaks iteration, no guess only loses a convenience):
a style is taken only when the request parameter AND the response's field or header are both
there, on a GET whose success response holds a list:

- JSON:API: `page[number]` (or a deepObject `page` with a `number` key) and a collection
  document (`data` is a list);
- next URL in the body: `@odata.nextLink`, `nextLink`, `next_link`, `next_page_url` (these
  names say URL), or `links.next` (or a `next` beside `previous`, or described as a URL) with
  a paging query parameter and no cursor parameter beside them;
- page token: `pageToken`/`page_token` and `nextPageToken`/`next_page_token`, or the same
  `nextToken`/`continuationToken`-like name on both sides;
- cursor: `after`/`starting_after`/`cursor` and a next-cursor field (`next_cursor`, `last_id`,
  ...) or a boolean `has_more` beside items that have an `id`;
- offset: `offset` (or `skip`) with a limit parameter;
- RFC 8288 `Link` header: a documented `Link` response header, or the `page`/`per_page` pair.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .. import ir
from ..config import PageDeclaration
from .bodies import document_data
from .context import Context

# Names of the list of items, in the order they are preferred when an object has several lists.
_ITEM_FIELDS = ("data", "items", "value", "results", "records", "entries", "elements")
_URL_FIELDS = ("@odata.nextLink", "nextLink", "next_link", "next_page_url", "nextPageUrl")
_PAGING_PARAMETERS = frozenset(
    {"page", "limit", "offset", "cursor", "per_page", "page_size", "pagesize", "$top", "$skip"}
)
_TOKEN_PAIRS = (
    ("pageToken", "nextPageToken"),
    ("page_token", "next_page_token"),
    ("page", "next_page"),  # Stripe's search: an opaque `next_page` string for `page`
)
_SAME_NAME_TOKENS = ("nextToken", "NextToken", "next_token", "continuationToken")
_CURSOR_PARAMETERS = ("starting_after", "after", "cursor", "next_cursor", "after_cursor")
_CURSOR_FIELDS = (
    "next_cursor",
    "nextCursor",
    "next_page_cursor",
    "last_id",
    "lastId",
    "end_cursor",
    "endCursor",
)
_HAS_MORE_FIELDS = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage")
_OFFSET_PARAMETERS = ("offset", "skip", "$skip")
_LIMIT_PARAMETERS = ("limit", "per_page", "page_size", "pageSize", "count", "max_results", "$top")
_TOTAL_FIELDS = ("total", "total_count", "totalCount", "total_results", "totalResults")


def _resolved(ref: ir.TypeRef | None, models: Mapping[str, ir.Model]) -> ir.TypeRef | None:
    """`ref` with named aliases followed (a model that only names another type)."""
    seen: set[str] = set()
    while ref is not None and ref.kind == "model" and ref.model is not None:
        model = models.get(ref.model)
        if model is None or model.kind != "alias" or model.alias_of is None or ref.model in seen:
            break
        seen.add(ref.model)
        ref = model.alias_of
    return ref


def _is(ref: ir.TypeRef | None, *kinds: str) -> bool:
    """Whether `ref` is of one of `kinds`, maybe nullable."""
    if ref is None:
        return False
    if ref.kind == "union":
        inner = [item for item in ref.items if item.kind != "none"]
        return len(inner) == 1 and _is(inner[0], *kinds)
    return ref.kind in kinds


def _fields(ref: ir.TypeRef | None, models: Mapping[str, ir.Model]) -> dict[str, ir.Field]:
    ref = _resolved(ref, models)
    if ref is not None and ref.kind == "union":
        inner = [item for item in ref.items if item.kind != "none"]
        ref = _resolved(inner[0], models) if len(inner) == 1 else None
    model = models.get(ref.model or "") if ref is not None and ref.kind == "model" else None
    return {f.wire_name: f for f in model.fields} if model is not None else {}


def _field_at(
    ref: ir.TypeRef | None, path: Sequence[str], models: Mapping[str, ir.Model]
) -> ir.Field | None:
    found: ir.Field | None = None
    for wire_name in path:
        found = _fields(ref, models).get(wire_name)
        if found is None:
            return None
        ref = found.type
    return found


def _list_item(ref: ir.TypeRef | None, models: Mapping[str, ir.Model]) -> ir.TypeRef | None:
    ref = _resolved(ref, models)
    if ref is not None and ref.kind == "union":
        inner = [item for item in ref.items if item.kind != "none"]
        ref = _resolved(inner[0], models) if len(inner) == 1 else None
    if ref is None or ref.kind != "list" or not ref.items:
        return None
    return ref.items[0]


def _items(
    success: ir.TypeRef | None, models: Mapping[str, ir.Model]
) -> tuple[str, ir.TypeRef] | None:
    """Where a response's items are: ("", item) for a list body, (field, item) for the one
    list field of an object (or the first of `_ITEM_FIELDS` when it has several)."""
    item = _list_item(success, models)
    if item is not None:
        return "", item
    data = document_data(success)
    if data is not None and (item := _list_item(data, models)) is not None:
        return "data", item  # a JSON:API document envelope: `Document[list[X]]`
    lists = {
        name: found
        for name, field in _fields(success, models).items()
        if (found := _list_item(field.type, models)) is not None
    }
    if len(lists) == 1:
        return next(iter(lists.items()))
    preferred = next((name for name in _ITEM_FIELDS if name in lists), None)
    return (preferred, lists[preferred]) if preferred is not None else None


def _query(operation: ir.Operation) -> dict[str, ir.Parameter]:
    return {p.wire_name: p for p in operation.parameters if p.location == "query"}


def _first(names: Sequence[str], present: Mapping[str, Any]) -> str | None:
    return next((name for name in names if name in present), None)


def _jsonapi(operation: ir.Operation, models: Mapping[str, ir.Model]) -> ir.Pagination | None:
    """JSON:API page numbers of a collection document (its `data` is a list)."""
    success = operation.success_type
    data = document_data(success)
    if data is None:
        data_field = _fields(success, models).get("data")
        data = data_field.type if data_field is not None else None
    item = _list_item(data, models)
    if item is None:
        return None
    query = _query(operation)
    if "page[number]" in query:
        size = "page[size]" if "page[size]" in query else ""
        return ir.Pagination("jsonapi", item, "data", "page[number]", size_parameter=size)
    page = query.get("page")
    if page is None or page.style != "deepObject":
        return None
    page_model = models.get(page.type.model or "")
    if page.type.kind == "model" and page_model is not None:
        keys = {f.wire_name for f in page_model.fields}
    elif page.type.kind == "dict":
        keys = {"number", "size"}
    else:
        return None
    if "number" not in keys:
        return None
    size_key = "size" if "size" in keys else ""
    return ir.Pagination(
        "jsonapi",
        item,
        "data",
        "page",
        "number",
        size_parameter="page" if size_key else "",
        size_key=size_key,
    )


def _next_url(
    operation: ir.Operation, models: Mapping[str, ir.Model], items: tuple[str, ir.TypeRef]
) -> ir.Pagination | None:
    success = operation.success_type
    fields = _fields(success, models)
    url_field = _first(_URL_FIELDS, fields)
    if url_field is not None and _is(fields[url_field].type, "str"):
        return ir.Pagination("next_url", items[1], items[0], next_field=(url_field,))
    query = {name.lower() for name in _query(operation)}
    if not _PAGING_PARAMETERS & query or query & {c.lower() for c in _CURSOR_PARAMETERS}:
        return None  # with a cursor parameter, a `next` field is more likely the cursor
    for path in (("links", "next"), ("_links", "next", "href"), ("next",)):
        found = _field_at(success, path, models)
        if found is None or not _is(found.type, "str"):
            continue
        # a bare `next` says URL beside a `previous`, or when its description says so
        said = re.search(r"\b(url|uri|link)\b", found.description, re.IGNORECASE) is not None
        if len(path) > 1 or said or {"previous", "prev"} & set(fields):
            return ir.Pagination("next_url", items[1], items[0], next_field=path)
    return None


def _token(
    operation: ir.Operation, models: Mapping[str, ir.Model], items: tuple[str, ir.TypeRef]
) -> ir.Pagination | None:
    query = _query(operation)
    fields = _fields(operation.success_type, models)
    pairs = [*_TOKEN_PAIRS, *((name, name) for name in _SAME_NAME_TOKENS)]
    for parameter, field in pairs:
        if parameter in query and field in fields and _is(fields[field].type, "str"):
            return ir.Pagination("token", items[1], items[0], parameter, next_field=(field,))
    return None


def _have_ids(item: ir.TypeRef, models: Mapping[str, ir.Model]) -> bool:
    """Whether every item has an `id` (each model of a union of models)."""
    item = _resolved(item, models) or item
    if item.kind == "union":
        inner = [i for i in item.items if i.kind != "none"]
        return bool(inner) and all(_have_ids(i, models) for i in inner)
    return "id" in _fields(item, models)


def _cursor(
    operation: ir.Operation, models: Mapping[str, ir.Model], items: tuple[str, ir.TypeRef]
) -> ir.Pagination | None:
    query = _query(operation)
    parameter = _first(_CURSOR_PARAMETERS, query)
    if parameter is None or not items[0]:
        return None
    fields = _fields(operation.success_type, models)
    has_more = _first(_HAS_MORE_FIELDS, fields)
    if has_more is not None and not _is(fields[has_more].type, "bool"):
        has_more = None
    more = (has_more,) if has_more else ()
    cursor = _first(_CURSOR_FIELDS, fields)
    if cursor is not None and _is(fields[cursor].type, "str", "int"):
        return ir.Pagination(
            "cursor", items[1], items[0], parameter, next_field=(cursor,), has_more_field=more
        )
    if has_more and _have_ids(items[1], models):
        return ir.Pagination("cursor", items[1], items[0], parameter, has_more_field=more)
    return None


def _offset(
    operation: ir.Operation, models: Mapping[str, ir.Model], items: tuple[str, ir.TypeRef]
) -> ir.Pagination | None:
    query = _query(operation)
    offset, limit = _first(_OFFSET_PARAMETERS, query), _first(_LIMIT_PARAMETERS, query)
    if offset is None or limit is None:
        return None
    fields = _fields(operation.success_type, models)
    total = _first(_TOTAL_FIELDS, fields)
    total_field = (total,) if total is not None and _is(fields[total].type, "int") else ()
    return ir.Pagination(
        "offset", items[1], items[0], offset, size_parameter=limit, total_field=total_field
    )


def _link(operation: ir.Operation, items: tuple[str, ir.TypeRef]) -> ir.Pagination | None:
    query = _query(operation)
    success = next((r for r in operation.responses if r.type == operation.success_type), None)
    documented = success is not None and any(h.name.lower() == "link" for h in success.headers)
    pair = "page" in query and "per_page" in query
    if not documented and not pair:
        return None
    return ir.Pagination(
        "link",
        items[1],
        items[0],
        "page" if "page" in query else "",
        size_parameter="per_page" if "per_page" in query else "",
    )


def detect_pagination(
    operation: ir.Operation, models: Mapping[str, ir.Model]
) -> ir.Pagination | None:
    """The paging style the spec shows for `operation` (see the module's docstring)."""
    if operation.method != "GET":
        return None
    jsonapi = _jsonapi(operation, models)
    if jsonapi is not None:
        return jsonapi
    items = _items(operation.success_type, models)
    if items is None:
        return None
    for detect in (_next_url, _token, _cursor, _offset):
        found = detect(operation, models, items)
        if found is not None:
            return found
    return _link(operation, items)


# --- pagination extensions of other generators ------------------------------------------------

_EXPRESSION = re.compile(r"^\$(?:response|request)?\.?(.*)$")


def _path(expression: object) -> tuple[str, ...]:
    """`$response.links.next`, `$.data.next` (Speakeasy's JSONPath), as a wire-name path."""
    if not isinstance(expression, str):
        return ()
    match = _EXPRESSION.match(expression.strip())
    rest = match.group(1) if match else ""
    rest = rest.removeprefix("body.")  # `$response.body.next` (an OpenAPI runtime expression)
    return tuple(part for part in re.split(r"\.(?![^\[]*\])", rest) if part) if rest else ()


def _speakeasy(node: Mapping[str, Any]) -> dict[str, Any] | None:
    """`x-speakeasy-pagination` as the keys of a config declaration (its `offsetLimit` by
    page numbers has no style here: the SDK would have to guess when the pages end)."""
    raw = node.get("x-speakeasy-pagination")
    if not isinstance(raw, Mapping):
        return None
    inputs = [
        i
        for i in raw.get("inputs", [])
        if isinstance(i, Mapping) and i.get("in") in (None, "parameters")
    ]
    by_type = {str(i.get("type")): str(i.get("name")) for i in inputs if i.get("name")}
    outputs: Mapping[str, Any] = raw["outputs"] if isinstance(raw.get("outputs"), Mapping) else {}
    results = _path(outputs.get("results"))
    declared: dict[str, Any] = {"items": results or None}
    kind = raw.get("type")
    if kind == "offsetLimit" and "offset" in by_type:
        declared.update(style="offset", parameter=by_type["offset"], size=by_type.get("limit", ""))
    elif kind == "cursor" and "cursor" in by_type:
        declared.update(
            style="cursor", parameter=by_type["cursor"], next=_path(outputs.get("nextCursor"))
        )
    elif kind == "url" and outputs.get("nextUrl"):
        declared.update(style="next_url", next=_path(outputs.get("nextUrl")))
    else:
        return None
    return declared


def _fern(node: Mapping[str, Any]) -> dict[str, Any] | None:
    """`x-fern-pagination` as the keys of a config declaration."""
    raw = node.get("x-fern-pagination")
    if not isinstance(raw, Mapping):
        return None
    results = _path(raw.get("results"))
    declared: dict[str, Any] = {"items": results or None}
    if raw.get("cursor") and raw.get("next_cursor"):
        cursor = _path(raw["cursor"])
        declared.update(
            style="cursor", parameter=cursor[-1] if cursor else "", next=_path(raw["next_cursor"])
        )
    elif raw.get("offset"):
        offset = _path(raw["offset"])
        declared.update(style="offset", parameter=offset[-1] if offset else "")
    elif raw.get("next_url"):
        declared.update(style="next_url", next=_path(raw["next_url"]))
    else:
        return None
    return declared


def _pattern(key: str) -> re.Pattern[str]:
    """A config key as a pattern of "METHOD /path" (`*`: any characters)."""
    return re.compile("^" + ".*".join(re.escape(part) for part in key.split("*")) + "$")


def configured(
    operation: ir.Operation, declarations: Sequence[tuple[str, PageDeclaration | None]]
) -> tuple[str, PageDeclaration | None] | None:
    """The config's entry for `operation` (by operationId, then "METHOD /path" pattern)."""
    for key, declared in declarations:
        if key == operation.operation_id:
            return key, declared
    route = f"{operation.method} {operation.path}"
    for key, declared in declarations:
        if " " in key and _pattern(key).match(route):
            return key, declared
    return None


def declared_pagination(
    operation: ir.Operation, models: Mapping[str, ir.Model], declared: PageDeclaration
) -> tuple[ir.Pagination | None, str]:
    """The pagination `declared` for `operation`, or None with what the operation lacks."""
    if declared.style == "jsonapi":
        found = _jsonapi(operation, models)
        return found, "" if found else "no `page[number]` parameter or collection document"
    success = operation.success_type
    if declared.items is None:
        items = _items(success, models)
        if items is None:
            return None, "its response holds no list of items (declare `items`)"
    elif len(declared.items) > 1:
        return None, "`items` must name a field of the response body itself"
    else:
        name = declared.items[0] if declared.items else ""
        item = (
            _list_item(success, models)
            if not name
            else _list_item(getattr(_fields(success, models).get(name), "type", None), models)
        )
        if item is None:
            return None, f"its response has no list {'body' if not name else 'field ' + name!r}"
        items = (name, item)
    query = _query(operation)
    for what, name in (("parameter", declared.parameter), ("size", declared.size)):
        if name and name not in query:
            return None, f"it has no query parameter {name!r} (`{what}`)"
    needs_parameter = declared.style in ("cursor", "token", "offset")
    if needs_parameter and not declared.parameter:
        return None, f"style {declared.style} needs the query `parameter` it changes"
    if declared.style in ("token", "next_url") and not declared.next:
        return None, f"style {declared.style} needs the response field `next`"
    for what, path in (
        ("next", declared.next),
        ("has_more", declared.has_more),
        ("total", declared.total),
    ):
        if path and _field_at(success, path, models) is None:
            pointer = "/" + "/".join(path)
            return None, f"its response has no field {pointer} (`{what}`)"
    style: ir.PageStyle = declared.style  # type: ignore[assignment]  # checked by the config
    return (
        ir.Pagination(
            style,
            items[1],
            items[0],
            declared.parameter,
            size_parameter=declared.size,
            next_field=declared.next,
            has_more_field=declared.has_more,
            total_field=declared.total,
        ),
        "",
    )


def _extension(node: Mapping[str, Any]) -> tuple[str, PageDeclaration] | None:
    for name, read in (("x-speakeasy-pagination", _speakeasy), ("x-fern-pagination", _fern)):
        raw = read(node)
        if raw is not None:
            return name, PageDeclaration(
                style=str(raw["style"]),
                parameter=str(raw.get("parameter") or ""),
                size=str(raw.get("size") or ""),
                items=raw["items"],
                next=tuple(raw.get("next", ())),
            )
    return None


def operation_pagination(
    ctx: Context,
    operation: ir.Operation,
    node: Mapping[str, Any],
    pointer: str,
    models: Mapping[str, ir.Model],
) -> ir.Pagination | None:
    """How `operation` pages: as the config declares (a declaration that does not fit the
    operation is reported and ignored), else as an extension of the spec declares, else as
    the spec shows."""
    entry = configured(operation, ctx.config.pagination)
    if entry is not None:
        key, declared = entry
        if declared is None:
            return None
        found, why = declared_pagination(operation, models, declared)
        if found is None:
            where = f"{ctx.config.path}: pagination.{key}" if ctx.config.path else key
            ctx.warn(
                "config.pagination-ignored",
                f"{where} does not fit {operation.method} {operation.path}: {why}",
                pointer,
            )
            return detect_pagination(operation, models)
        return replace(found, source="config")
    extension = _extension(node)
    if extension is not None:
        name, declared = extension
        found, why = declared_pagination(operation, models, declared)
        if found is not None:
            return replace(found, source="extension")
        ctx.warn("normalize.pagination-extension-ignored", f"{name}: {why}", f"{pointer}/{name}")
    return detect_pagination(operation, models)


def unused_declarations(ctx: Context, operations: Sequence[ir.Operation]) -> None:
    """Warn of each config `pagination:` key that names no operation (a typo, or a removed
    operation)."""
    used = {found[0] for op in operations if (found := configured(op, ctx.config.pagination))}
    for key, _ in ctx.config.pagination:
        if key not in used:
            ctx.warn(
                "config.pagination-unused",
                f"{ctx.config.path}: pagination.{key} names no operation (an operationId, or "
                '"METHOD /path" with `*` for any characters)',
            )
