"""The docstring of an operation's method, and the notes added for pages and bulk twins."""

from __future__ import annotations

import json
import re

from .. import ir
from ..typing_printer import annotation
from .markdown import markdown_to_text
from .values import Needs, spec_value


def parameter_example(p: ir.Parameter | ir.BodyKeyword) -> str | None:
    """The spec's example of a parameter or body keyword as Python source, when it is a value
    of its type."""
    return spec_value(p.type, json.loads(p.example), Needs()) if p.example is not None else None


def _parameter_doc(p: ir.Parameter | ir.BodyKeyword) -> str:
    """A parameter's (or body keyword's) line in the docstring: its description, the spec's
    example, and the default the server applies when a parameter is not sent (the SDK sends
    only what the caller set)."""
    parts = [markdown_to_text(p.description)] if p.description.strip() else []
    example = parameter_example(p)
    if example is not None:
        parts.append(f"(example: {example})")
    if isinstance(p, ir.Parameter) and p.server_default is not None:
        parts.append(f"(server default when not sent: {p.server_default})")
    return " ".join(parts)


# A description that opens with a "Usage" heading (`### Usage`): the heading says nothing.
_USAGE_HEADING = re.compile(r"\A\s*#{1,6}\s*usage\s*:?\s*(?:\n|\Z)", re.IGNORECASE)


def _words(text: str) -> list[str]:
    """`text` compared by its words: case, punctuation and plural endings left out ("Create
    users." and "create user" are the same words)."""
    words = re.sub(r"[^\w\s]", " ", text.casefold()).split()
    return [word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words]


def repeats(text: str, title: str) -> bool:
    """`text` only says `title` again (modulo case, punctuation, plurals)."""
    return _words(text) == _words(title)


def _description(op: ir.Operation) -> str:
    """The operation's description as plain text when it adds something to the summary: without
    a leading "Usage" heading, and without a first paragraph that only repeats the summary."""
    description = markdown_to_text(_USAGE_HEADING.sub("", op.description.strip()))
    first, _, rest = description.partition("\n\n")
    return rest.strip() if repeats(first, summary(op)) else description


def summary(op: ir.Operation) -> str:
    """The operation's summary as one line of plain text."""
    return " ".join(markdown_to_text(op.summary).split())


def doc_text(text: str) -> str:
    """A description from the spec as a docstring's plain text (`markdown_to_text`)."""
    return markdown_to_text(text) if text.strip() else ""


def operation_doc(op: ir.Operation) -> str:
    """The docstring of an operation's method: the summary line, the description if it adds
    something, the arguments, the response headers."""
    parts = [part for part in (summary(op), _description(op)) if part]
    if op.deprecated:
        parts.append("Deprecated.")
    args = [
        f"{p.name}: {_parameter_doc(p)}"
        for p in op.parameters
        if p.description.strip() or p.server_default is not None or parameter_example(p)
    ]
    keywords = op.request_bodies[0].keywords if op.request_bodies else ()
    args += [
        f"{k.name}: {_parameter_doc(k)}"
        for k in keywords
        if k.description.strip() or parameter_example(k)
    ]
    if op.request_bodies and op.request_bodies[0].description.strip():
        whole = " (deprecated: pass the fields as keywords)" if keywords else ""
        args.append(f"body: {doc_text(op.request_bodies[0].description)}{whole}")
    if len(op.request_bodies) > 1:
        first = op.request_bodies[0].media_type
        args.append(f"content_type: the media type to send the body in (default: {first}).")
    if args:
        parts.append("Args:\n" + "\n".join("  " + arg.replace("\n", "\n    ") for arg in args))
    success = next((r for r in op.responses if r.status.startswith("2")), None)
    if success is not None and success.headers:
        lines = [
            f"  {h.name} ({annotation(h.type.python)}{', always sent' if h.required else ''})"
            + (f": {doc_text(h.description)}" if h.description.strip() else "")
            for h in success.headers
        ]
        parts.append(
            "Response headers (read them through `with_raw_response`, `.headers`):\n"
            + "\n".join(line.replace("\n", "\n    ") for line in lines)
        )
    return "\n\n".join(parts) or f"{op.method} {op.path}"


def listed(names: list[str], most: int = 6) -> str:
    """`a, b and c`: the first `most` names and "N more" past them."""
    if len(names) > most:
        names = names[:most] + [f"{len(names) - most} more"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def common_path(paths: list[str]) -> str:
    """The path segments all `paths` start with ("/tms/web-triggers"), "" for none."""
    split = [path.strip("/").split("/") for path in paths]
    common: list[str] = []
    for segments in zip(*split):
        if len(set(segments)) > 1 or segments[0].startswith("{"):
            break
        common.append(segments[0])
    return "/" + "/".join(common) if common else ""


BULK_DOC = (
    "Bulk `{method}`: send many objects as newline-delimited JSON.\n\n"
    "`items` (an iterable or generator) is streamed, one line per item, consumed lazily.\n"
    "Returns a `BulkResult` (accepted and rejected counts, `errors` of the rejected objects);\n"
    "raises only when nothing was accepted and the server answered with an error status."
)
PAGE_DOC = (
    "Returns the first page; iterating over it ({loop}) yields the items of every page.\n"
    "Pages by {how}."
)


def _field(path: tuple[str, ...]) -> str:
    return "`" + ".".join(path) + "`"


def page_style_text(pagination: ir.Pagination) -> str:
    """How an operation pages, in words: `generate --verbose`, the README and the page note."""
    p = pagination
    if p.style == "jsonapi":
        number = f"{p.parameter}[{p.parameter_key}]" if p.parameter_key else p.parameter
        text = f"JSON:API page numbers (`{number}`)"
    elif p.style == "cursor":
        cursor = _field(p.next_field) if p.next_field else "the last item's `id`"
        more = f" while {_field(p.has_more_field)}" if p.has_more_field else ""
        text = f"cursor: `{p.parameter}` takes {cursor}{more}"
    elif p.style == "token":
        text = f"page token: `{p.parameter}` takes {_field(p.next_field)}"
    elif p.style == "offset":
        limit = f" (limit `{p.size_parameter}`)" if p.size_parameter else ""
        total = f", up to {_field(p.total_field)}" if p.total_field else ""
        text = f"offset: `{p.parameter}` advances by the items received{limit}{total}"
    elif p.style == "link":
        text = 'the `Link` header\'s `rel="next"` URL'
    else:
        text = f"the next URL in {_field(p.next_field)}"
    origin = {"config": " (declared in the config)", "extension": " (the spec's extension)"}
    return text + origin.get(p.source, "")


STREAM_DOC = (
    "Returns the items as they arrive: {loop} over the stream; leave it by its `{with_}` block "
    "(or `close()` it) to give the connection back early."
)
SELECTOR_DOC = (
    "With `{argument}=True` the answer is a stream of items parsed as they arrive ({loop} over "
    "it; leave it by its `{with_}` block to give the connection back early); without, one "
    "JSON answer."
)
