"""A generated method's signature: its parameters (`SignatureParameter`, printed by
`print_parameter`), the types it takes for what the caller passes (`input_type`, the body's
union), the per-call options, and how the response's type is passed to `request`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .. import ir
from ..config import LINE_LENGTH
from ..diagnostics import error
from ..typing_printer import annotation, union_members

# A binary body: in memory or streamed.
STREAMED_BYTES: ir.PyType = ir.UnionType(
    (
        ir.ScalarType("bytes"),
        ir.LibraryType("IO", "typing", (ir.ScalarType("bytes"),)),
        ir.LibraryType("Iterator", "collections.abc", (ir.ScalarType("bytes"),)),
    )
)
JSON_OBJECT: ir.PyType = ir.DictType(ir.AnyType())


def body_annotation(body: ir.RequestBody) -> ir.PyType:
    if body.type.kind == "bytes":
        return STREAMED_BYTES
    if body.type.kind == "model":
        members = [body.type.python]
        if body.data_type is not None and body.data_type.kind != "any":
            members.append(body.data_type.python)
        if body.attributes_type is not None:
            members.append(body.attributes_type.python)
        return ir.UnionType((*members, JSON_OBJECT))
    return body.type.python


# A file field of a multipart body taken as a keyword: its bytes or a binary file object.
FILE_INPUT: ir.PyType = ir.UnionType(
    (ir.ScalarType("bytes"), ir.LibraryType("IO", "typing", (ir.ScalarType("bytes"),)))
)
NOT_GIVEN_TYPE: ir.PyType = ir.LibraryType("NotGiven")


def _keyword_value(keyword: ir.BodyKeyword, multipart: bool) -> ir.PyType:
    """What a body field's keyword takes: its type (sequences as `input_type`; a multipart
    file's bytes or a binary file object)."""
    if multipart and keyword.type.kind == "bytes":
        return FILE_INPUT
    return _keyword_input(keyword.annotation)


def _keyword_input(value: ir.PyType) -> ir.PyType:
    """`input_type`, except that a list of models (or their `*Param` dicts) is a `Sequence`:
    mypy checks a dict literal's keys against a TypedDict inside a `Sequence[...]` but not
    inside the `SequenceNotStr` protocol (and no str is a sequence of models)."""
    if isinstance(value, ir.ListType) and any(
        isinstance(member, ir.ModelType) for member in union_members(value.item)
    ):
        return ir.LibraryType("Sequence", "collections.abc", (value.item,))
    if isinstance(value, ir.UnionType):
        return ir.UnionType(tuple(_keyword_input(member) for member in value.members))
    return input_type(value)


def body_keyword_parameters(
    body: ir.RequestBody, *, implementation: bool
) -> tuple[SignatureParameter, ...]:
    """A method's keywords for its body's fields: required ones without a default, except in
    the implementation under the overloads, which also takes the old `body=` alone (the
    runtime applies defaults there: one given with `body=` would look like a keyword)."""
    multipart = body.media_type.split(";", 1)[0].strip().lower() == "multipart/form-data"
    parameters: list[SignatureParameter] = []
    for keyword in body.keywords:
        value = _keyword_value(keyword, multipart)
        if keyword.default == "NOT_GIVEN" or implementation:
            value = ir.UnionType((*union_members(value), NOT_GIVEN_TYPE))
            parameters.append(SignatureParameter(keyword.name, value, "NOT_GIVEN"))
        else:
            parameters.append(SignatureParameter(keyword.name, value, keyword.default))
    return tuple(parameters)


PARAMETER_INDENT = 8  # a method's parameters: one a line (each ends with a comma)


def _width(text: str) -> int:
    """Columns `text` takes, counted as black and ruff count them (wide characters take two)."""
    if text.isascii():  # no ASCII character is wide: one column each (most of the text)
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


@dataclass(frozen=True)
class SignatureParameter:
    """One parameter of a generated method: its name, type and default (Python source)."""

    name: str
    type: ir.PyType
    default: str | None = None


def print_parameter(parameter: SignatureParameter, shadowed: frozenset[str] = frozenset()) -> str:
    """`name: annotation[ = default]`, laid out as black does when the line is too long and the
    annotation is a union: black puts the annotation in parentheses, ruff keeps parentheses it
    finds but adds none, so they are written here and both formatters give the same text."""
    text = annotation(parameter.type, shadowed)
    default = "" if parameter.default is None else f" = {parameter.default}"
    line = f"{parameter.name}: {text}{default}"
    if PARAMETER_INDENT + _width(line) + 1 <= LINE_LENGTH:
        return line
    if len(union_members(parameter.type)) < 2:
        return line  # black splits inside its brackets, and so does ruff
    return f"{parameter.name}: ({text}){default}"


# The per-call options every method takes after the API's parameters.
OPTIONS = (
    SignatureParameter(
        "extra_headers",
        ir.optional(ir.LibraryType("Mapping", "collections.abc", (ir.ScalarType("str"),) * 2)),
        "None",
    ),
    SignatureParameter(
        "extra_query",
        ir.optional(
            ir.LibraryType(
                "Mapping", "collections.abc", (ir.ScalarType("str"), ir.ScalarType("object"))
            )
        ),
        "None",
    ),
    SignatureParameter(
        "timeout",
        ir.UnionType(
            (
                ir.ScalarType("float"),
                ir.LibraryType("httpx.Timeout"),
                ir.NONE,
                ir.LibraryType("NotGiven"),
            )
        ),
        "NOT_GIVEN",
    ),
)


def input_type(value: ir.PyType) -> ir.PyType:
    """The type a method takes for a value the caller passes: a list is any sequence but a str
    (`SequenceNotStr[...]`, as openai-python takes them), also as a member of a union; what a
    method returns stays a `list`."""
    if isinstance(value, ir.ListType):
        return ir.LibraryType("SequenceNotStr", "", (value.item,))
    if isinstance(value, ir.UnionType):
        return ir.UnionType(tuple(input_type(member) for member in value.members))
    return value


def cast_to_expression(
    value: ir.PyType, type_aliases: frozenset[str], shadowed: frozenset[str] = frozenset()
) -> str:
    """The `cast_to` argument of `request` for a response of type `value`: the type itself when
    it is a class (a model, a builtin, `list[...]`, `dict[...]`), which `request(cast_to:
    type[T]) -> T` accepts; any other type (a union, a `Literal`, `Any`, a type alias) goes
    through the runtime's `ResponseType[...]`, which is that type at run time."""
    text = annotation(value, shadowed)
    if value == ir.NONE:
        return "None"
    if isinstance(value, (ir.ScalarType, ir.ListType, ir.DictType, ir.LibraryType)):
        return text
    if isinstance(value, ir.ModelType) and value.name not in type_aliases:
        return text
    return f"ResponseType[{text}]"


RESERVED_PARAMETERS = frozenset(
    {"self", "body", "items", "content_type", "extra_headers", "extra_query", "timeout"}
)


def check_parameter_names(op: ir.Operation) -> None:
    """A parameter named like an argument every generated method has (`body`, `timeout`...)."""
    for p in op.parameters:
        if p.name in RESERVED_PARAMETERS:
            raise error(
                "render.reserved-parameter",
                f"operation {op.operation_id}: parameter name {p.name!r} is reserved by the "
                "generated methods",
            )
