"""The docstring of an operation's method, and the notes added for pages and bulk twins."""

from __future__ import annotations

import re

from .. import ir
from ..typing_printer import annotation


def _parameter_doc(p: ir.Parameter) -> str:
    """A parameter's line in the docstring: its description, and the default the server
    applies when the parameter is not sent (the SDK sends only what the caller set)."""
    parts = [p.description.strip()] if p.description.strip() else []
    if p.server_default is not None:
        parts.append(f"(server default when not sent: {p.server_default})")
    return " ".join(parts)


# A description that opens with a "Usage" heading (`### Usage`): the heading says nothing.
_USAGE_HEADING = re.compile(r"\A\s*#{1,6}\s*usage\s*:?\s*(?:\n|\Z)", re.IGNORECASE)


def _plain(text: str) -> str:
    """`text` compared by its words: case, spacing and the final full stop left out."""
    return " ".join(text.split()).rstrip(".").casefold()


def _description(op: ir.Operation) -> str:
    """The operation's description when it adds something to the summary: without a leading
    "Usage" heading, and "" when what is left only repeats the summary."""
    description = _USAGE_HEADING.sub("", op.description.strip()).strip()
    return "" if _plain(description) == _plain(op.summary) else description


def operation_doc(op: ir.Operation) -> str:
    """The docstring of an operation's method: the summary line, the description if it adds
    something, the arguments, the response headers."""
    parts = [part for part in (op.summary.strip(), _description(op)) if part]
    if op.deprecated:
        parts.append("Deprecated.")
    args = [
        f"{p.name}: {_parameter_doc(p)}"
        for p in op.parameters
        if p.description.strip() or p.server_default is not None
    ]
    if op.request_bodies and op.request_bodies[0].description.strip():
        args.append(f"body: {op.request_bodies[0].description.strip()}")
    if len(op.request_bodies) > 1:
        first = op.request_bodies[0].media_type
        args.append(f"content_type: the media type to send the body in (default: {first}).")
    if args:
        parts.append("Args:\n" + "\n".join("  " + arg.replace("\n", "\n    ") for arg in args))
    success = next((r for r in op.responses if r.status.startswith("2")), None)
    if success is not None and success.headers:
        lines = [
            f"  {h.name} ({annotation(h.type.python)}{', always sent' if h.required else ''})"
            + (f": {h.description.strip()}" if h.description.strip() else "")
            for h in success.headers
        ]
        parts.append(
            "Response headers (read them through `with_raw_response`, `.headers`):\n"
            + "\n".join(line.replace("\n", "\n    ") for line in lines)
        )
    return "\n\n".join(parts) or f"{op.method} {op.path}"


BULK_DOC = (
    "Bulk `{method}`: send many objects as newline-delimited JSON.\n\n"
    "`items` (an iterable or generator) is streamed, one line per item, consumed lazily.\n"
    "Returns a `BulkResult` (accepted and rejected counts, `errors` of the rejected objects);\n"
    "raises only when nothing was accepted and the server answered with an error status."
)
PAGE_DOC = "Returns the first page; iterating over it ({loop}) yields the items of every page."
