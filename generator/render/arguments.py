"""The call arguments of a generated method: the runtime expression of each parameter in its
location and style, of the pagination and of the body's property encodings, and the
operation's own server."""

from __future__ import annotations

from .. import ir
from .text import pystr, pystr_tuple


def server_url(op: ir.Operation) -> str | None:
    """The operation's own server URL, its variables filled with their defaults."""
    if not op.servers:
        return None
    server = op.servers[0]
    url = server.url
    for variable in server.variables:
        url = url.replace("{" + variable.name + "}", variable.default)
    return url


def _content_argument(p: ir.Parameter) -> list[str]:
    return [f"content_type={pystr(p.content_type)}"] if p.content_type else []


def _styled(p: ir.Parameter) -> list[str]:
    """A path or query parameter's style and explode, stated even when they are the location's
    defaults: a reader of the call could not tell them otherwise."""
    return [f"style={pystr(p.style)}", f"explode={pystr(p.explode)}"]


def path_value(p: ir.Parameter) -> str:
    """The runtime expression of a path parameter: the plain value in simple style."""
    if p.style in ("", "simple") and not p.explode and not p.content_type:
        return p.name
    return f"_PathParam({', '.join([p.name, *_styled(p), *_content_argument(p)])})"


def header_value(p: ir.Parameter) -> str:
    """A header parameter: the plain value unless exploded or described by `content`."""
    if not p.explode and not p.content_type:
        return p.name
    explode = ["explode=True"] if p.explode else []
    return f"_HeaderParam({', '.join([p.name, *explode, *_content_argument(p)])})"


def cookie_value(p: ir.Parameter) -> str:
    """A cookie parameter: the plain value unless not exploded or described by `content`."""
    if p.explode and not p.content_type:
        return p.name
    explode = [] if p.explode else ["explode=False"]
    return f"_CookieParam({', '.join([p.name, *explode, *_content_argument(p)])})"


def query_value(p: ir.Parameter) -> str:
    """A query parameter: its wire name and value, then how it is serialised."""
    reserved = ["allow_reserved=True"] if p.allow_reserved else []
    arguments = [pystr(p.wire_name), p.name, *_styled(p), *reserved, *_content_argument(p)]
    return f"_QueryParam({', '.join(arguments)})"


def page_spec_value(pagination: ir.Pagination) -> str:
    """The runtime's `PageSpec(...)` of a paginated operation: its style, then only what
    differs from the runtime's defaults (no parameters or fields; items under `data`)."""
    arguments = [f"style={pystr(pagination.style)}"]
    named = [
        ("parameter", pagination.parameter),
        ("parameter_key", pagination.parameter_key),
        ("size_parameter", pagination.size_parameter),
        ("size_key", pagination.size_key),
    ]
    arguments += [f"{name}={pystr(value)}" for name, value in named if value]
    if pagination.items_field != "data":
        arguments.append(f"items={pystr(pagination.items_field)}")
    paths = [
        ("next_field", pagination.next_field),
        ("has_more_field", pagination.has_more_field),
        ("total_field", pagination.total_field),
    ]
    arguments += [f"{name}={pystr_tuple(path)}" for name, path in paths if path]
    return f"_PageSpec({', '.join(arguments)})"


def encoding_value(spec: ir.PropertyEncoding) -> str:
    arguments = [pystr(spec.name)]
    if spec.content_type:
        arguments.append(f"content_type={pystr(spec.content_type)}")
    if spec.style:
        arguments += [f"style={pystr(spec.style)}", f"explode={pystr(spec.explode)}"]
    if spec.allow_reserved:
        arguments.append("allow_reserved=True")
    return f"_PropertyEncoding({', '.join(arguments)})"


def keyword_body_value(op: ir.Operation) -> tuple[str, ...]:
    """The lines of the runtime's `_keyword_body(...)` call that builds the body of a method
    taking its body's fields as keywords (see `ir.RequestBody.keywords`): the method's name, the
    deprecated whole `body`, each field's wire name and value, then what the runtime needs to
    know besides: the required fields, the defaults, whether a body is required, the JSON:API
    envelope and the relationships given by id."""
    body = op.request_bodies[0]
    fields = [k for k in body.keywords if k.relationship is None]
    links = [k for k in body.keywords if k.relationship is not None]
    lines = ["_keyword_body(", f"    {pystr(op.python_name)},", "    body,", "    {"]
    lines += [f"        {pystr(k.wire_name)}: {k.name}," for k in fields]
    lines.append("    },")
    required = [
        k.wire_name if k.relationship is None else f"relationships.{k.wire_name}"
        for k in body.keywords
        if k.default is None
    ]
    if required:
        names = ", ".join(map(pystr, required)) + ("," if len(required) == 1 else "")
        lines.append(f"    required=({names}),")
    defaults = [k for k in fields if k.default not in (None, "NOT_GIVEN")]
    if defaults:
        lines.append("    defaults={")
        lines += [f"        {pystr(k.wire_name)}: {k.default}," for k in defaults]
        lines.append("    },")
    if not body.required:
        lines.append("    body_required=False,")
    if body.jsonapi_type is not None:
        lines.append(f"    jsonapi_type={pystr(body.jsonapi_type)},")
        if body.jsonapi_id_parameter:
            lines.append(f"    resource_id={body.jsonapi_id_parameter},")
    if links:
        lines.append("    relationships={")
        for k in links:
            target = k.relationship
            assert target is not None
            link = f"({pystr(target.jsonapi_type)}, {k.name}, {target.to_many})"
            lines.append(f"        {pystr(k.wire_name)}: {link},")
        lines.append("    },")
    lines.append(")")
    return tuple(lines)
