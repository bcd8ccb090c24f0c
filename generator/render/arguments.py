"""The call arguments of a generated method: the runtime expression of each parameter in its
location and style, of the pagination and of the body's property encodings, and the
operation's own server."""

from __future__ import annotations

from .. import ir
from .text import pystr


def server_url(op: ir.Operation) -> str | None:
    """The operation's own server URL, its variables filled with their defaults."""
    if not op.servers:
        return None
    server = op.servers[0]
    url = server.url
    for variable in server.variables:
        url = url.replace("{" + variable.name + "}", variable.default)
    return url


def _content_argument(p: ir.Parameter) -> str:
    return f", content_type={pystr(p.content_type)}" if p.content_type else ""


def path_value(p: ir.Parameter) -> str:
    """The runtime expression of a path parameter: the plain value in simple style."""
    if p.style in ("", "simple") and not p.explode and not p.content_type:
        return p.name
    return f"_PathParam({p.name}, {pystr(p.style)}, {pystr(p.explode)}{_content_argument(p)})"


def header_value(p: ir.Parameter) -> str:
    """A header parameter: the plain value unless exploded or described by `content`."""
    if not p.explode and not p.content_type:
        return p.name
    explode = ", explode=True" if p.explode else ""
    return f"_HeaderParam({p.name}{explode}{_content_argument(p)})"


def cookie_value(p: ir.Parameter) -> str:
    """A cookie parameter: the plain value unless not exploded or described by `content`."""
    if p.explode and not p.content_type:
        return p.name
    explode = "" if p.explode else ", explode=False"
    return f"_CookieParam({p.name}{explode}{_content_argument(p)})"


def query_value(p: ir.Parameter) -> str:
    arguments = [pystr(p.wire_name), p.name, pystr(p.style), pystr(p.explode)]
    if p.allow_reserved:
        arguments.append("allow_reserved=True")
    if p.content_type:
        arguments.append(f"content_type={pystr(p.content_type)}")
    return f"_QueryParam({', '.join(arguments)})"


def page_spec_value(pagination: ir.Pagination) -> str:
    """The runtime's `PageSpec(...)` of a paginated operation."""
    arguments = (
        pagination.style,
        pagination.number_parameter,
        pagination.number_key,
        pagination.size_parameter,
        pagination.size_key,
    )
    return f"_PageSpec({', '.join(map(pystr, arguments))})"


def encoding_value(spec: ir.PropertyEncoding) -> str:
    arguments = [pystr(spec.name)]
    if spec.content_type:
        arguments.append(f"content_type={pystr(spec.content_type)}")
    if spec.style:
        arguments += [f"style={pystr(spec.style)}", f"explode={pystr(spec.explode)}"]
    if spec.allow_reserved:
        arguments.append("allow_reserved=True")
    return f"_PropertyEncoding({', '.join(arguments)})"
