"""Parameters serialised as OpenAPI says for their location, `style` and `explode` (RFC 6570).

A value is undefined (left out) when it is None, NOT_GIVEN, or an empty list or object; None
members of lists and objects are left out too (RFC 6570 section 2.3). Models count by the
fields the caller set. Delimiters stay literal while the values' own characters are
percent-encoded, so `["a,b", "c"]` and `["a", "b", "c"]` stay apart on the wire.

The parameter classes are built on every call by the generated methods: they are plain slotted
dataclasses, whose constructor costs a fifth of a frozen one's. How to serialise a value is
given by keyword (`QueryParam("ids", ids, style="form", explode=False)`), so that a generated
call reads without this module at hand.
"""

from __future__ import annotations

import base64
import datetime
import enum
import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import KW_ONLY, dataclass
from typing import NamedTuple, cast
from urllib.parse import quote

import pydantic

from ._models import to_jsonable
from ._types import NotGiven

__all__ = [
    "CookieParam",
    "HeaderParam",
    "PathParam",
    "QueryParam",
    "cookie_pairs",
    "expand_path",
    "header_value",
    "is_json",
    "json_text",
    "pct",
    "query_pieces",
    "serialize_query",
    "to_text",
]


@dataclass(slots=True)
class QueryParam:
    """A query parameter and how OpenAPI says to serialise it (`content_type`: the parameter is
    described by `content`, its value sent as that media type)."""

    name: str
    value: object
    _: KW_ONLY
    style: str = "form"
    explode: bool = True
    allow_reserved: bool = False
    content_type: str | None = None


@dataclass(slots=True)
class PathParam:
    """A path parameter and how OpenAPI says to serialise it ("simple", "label", "matrix")."""

    value: object
    _: KW_ONLY
    style: str = "simple"
    explode: bool = False
    content_type: str | None = None


@dataclass(slots=True)
class HeaderParam:
    """A header parameter serialised other than the default (style simple, not exploded)."""

    value: object
    _: KW_ONLY
    explode: bool = False
    content_type: str | None = None


@dataclass(slots=True)
class CookieParam:
    """A cookie parameter serialised other than the default (style form, exploded)."""

    value: object
    _: KW_ONLY
    explode: bool = True
    content_type: str | None = None


_PERCENT_TRIPLE = re.compile(r"(%[0-9A-Fa-f]{2})")
# The reserved characters (RFC 3986) `allowReserved` lets through unencoded: all but those a
# query cannot hold (`#`, `[`, `]`) and those that delimit its pairs (`&`, `=`, `+`).
_QUERY_RESERVED = ":/?@!$'()*,;"
# Delimiters of non-exploded arrays and objects in a query, literal on the wire.
_QUERY_DELIMITERS = {"spaceDelimited": "%20", "pipeDelimited": "|"}
# Characters an HTTP header value cannot carry as they are (controls, non-ASCII), and those a
# cookie value cannot (RFC 6265 cookie-octet excludes space, `"`, `,`, `;` and `\`).
_NOT_HEADER_TEXT = re.compile(r"[^\t\x20-\x7e]")
_NOT_COOKIE_TEXT = re.compile(r"[^\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]")


def pct(text: str, allow_reserved: bool = False) -> str:
    """`text` percent-encoded as UTF-8, all but RFC 3986's unreserved characters; with
    `allow_reserved`, also reserved characters and existing percent-triples pass unchanged."""
    if not allow_reserved:
        return quote(text, safe="")
    return "".join(
        part if _PERCENT_TRIPLE.fullmatch(part) else quote(part, safe=_QUERY_RESERVED)
        for part in _PERCENT_TRIPLE.split(text)
    )


def _escape(pattern: re.Pattern[str], text: str, also: str = "") -> str:
    """`text` with the characters `pattern` matches (and those of `also`) percent-encoded."""
    if also:
        text = "".join(quote(ch, safe="") if ch in also else ch for ch in text)
    return pattern.sub(lambda match: quote(match.group(), safe=""), text)


def json_text(value: object) -> str:
    """Compact JSON text of a value (models by the fields the caller set)."""
    return json.dumps(to_jsonable(value), separators=(",", ":"), ensure_ascii=False)


def to_text(value: object) -> str:
    """A scalar as text: booleans as true/false, dates in ISO 8601, enums by value; an object or
    array nested deeper than a style describes, as compact JSON."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (pydantic.BaseModel, Mapping, list, tuple, set, frozenset)):
        return json_text(value)
    return str(value)


def is_json(media_type: str | None) -> bool:
    """Whether a media type is JSON (`application/json` or a `+json` type)."""
    if not media_type:
        return False
    main = media_type.split(";", 1)[0].strip().lower()
    return main == "application/json" or main.endswith("+json")


def _content_text(value: object, content_type: str) -> str:
    """A value serialised as a media type: JSON text for JSON types, else as plain text."""
    return json_text(value) if is_json(content_type) else to_text(value)


class _Shape(NamedTuple):
    """A parameter value as RFC 6570 sees it: undefined, a scalar, an array or an object."""

    kind: str  # "undefined", "scalar", "array", "object"
    scalar: object = None
    items: tuple[object, ...] = ()
    members: tuple[tuple[str, object], ...] = ()


_UNDEFINED = _Shape("undefined")


def _shape(value: object) -> _Shape:
    if value is None or isinstance(value, NotGiven):
        return _UNDEFINED
    if isinstance(value, pydantic.BaseModel):
        value = to_jsonable(value)  # the fields the caller set
    if isinstance(value, Mapping):
        members = tuple((str(k), v) for k, v in value.items() if v is not None)
        return _Shape("object", members=members) if members else _UNDEFINED
    if isinstance(value, (Sequence, AbstractSet)) and not isinstance(
        value, (str, bytes, bytearray)
    ):
        items = tuple(v for v in cast("Iterable[object]", value) if v is not None)
        return _Shape("array", items=items) if items else _UNDEFINED
    return _Shape("scalar", scalar=value)


def query_pieces(
    name: str,
    value: object,
    style: str = "form",
    explode: bool = True,
    allow_reserved: bool = False,
    content_type: str | None = None,
) -> list[str]:
    """The `name=value` pieces of one query parameter (or form field), percent-encoded. Style
    "querystring" (OpenAPI 3.2's `in: querystring`): the value is the whole query, the
    parameter's name is not sent (see `_querystring_pieces`)."""
    shape = _shape(value)
    if shape.kind == "undefined":
        return []
    key = pct(name)

    def encoded(item: object) -> str:
        return pct(to_text(item), allow_reserved)

    if style == "querystring":
        return _querystring_pieces(value, shape, allow_reserved, content_type)
    if content_type:
        return [f"{key}={pct(_content_text(value, content_type), allow_reserved)}"]
    if shape.kind == "scalar":
        return [f"{key}={encoded(shape.scalar)}"]
    if style == "deepObject" and shape.kind == "object":
        return _deep_object_pieces(name, shape.members, allow_reserved)
    delimiter = _QUERY_DELIMITERS.get(style, ",")
    if shape.kind == "array":
        if explode:
            return [f"{key}={encoded(item)}" for item in shape.items]
        return [f"{key}=" + delimiter.join(encoded(item) for item in shape.items)]
    if explode:  # an exploded object: its members are the pairs, the parameter name is not sent
        return [f"{pct(member)}={encoded(item)}" for member, item in shape.members]
    return [
        f"{key}="
        + delimiter.join(
            f"{pct(member, allow_reserved)}{delimiter}{encoded(item)}"
            for member, item in shape.members
        )
    ]


def _querystring_pieces(
    value: object, shape: _Shape, allow_reserved: bool, content_type: str | None
) -> list[str]:
    """The whole query from one value. Form-urlencoded (`content_type` None): each member of an
    object is a pair, a list one pair per item (a form field's default serialisation), an
    object member exploded; a scalar is the query as it is. Another media type: the value
    serialised in it (JSON text for JSON types) and percent-encoded, the query's only piece."""
    if content_type:
        return [pct(_content_text(value, content_type), allow_reserved)]
    if shape.kind != "object":
        return [pct(to_text(shape.scalar), allow_reserved)] if shape.kind == "scalar" else []
    pieces: list[str] = []
    for member, item in shape.members:
        pieces.extend(query_pieces(member, item, "form", True, allow_reserved))
    return pieces


def _deep_object_pieces(
    prefix: str, members: Sequence[tuple[str, object]], allow_reserved: bool
) -> list[str]:
    """deepObject: `prefix[key]=value` (brackets percent-encoded, as OpenAPI 3.1.1's examples);
    nested objects go one level deeper and arrays as comma-separated values (OpenAPI leaves both
    undefined)."""
    pieces: list[str] = []
    for member, item in members:
        name = f"{prefix}[{member}]"
        shape = _shape(item)
        if shape.kind == "object":
            pieces.extend(_deep_object_pieces(name, shape.members, allow_reserved))
        elif shape.kind == "array":
            texts = (pct(to_text(each), allow_reserved) for each in shape.items)
            pieces.append(f"{pct(name)}=" + ",".join(texts))
        elif shape.kind == "scalar":
            pieces.append(f"{pct(name)}={pct(to_text(shape.scalar), allow_reserved)}")
    return pieces


def serialize_query(params: Iterable[QueryParam]) -> list[str]:
    """The percent-encoded `name=value` pieces of a query, per each parameter's style/explode:
    form (both), spaceDelimited, pipeDelimited, deepObject, `allowReserved`, `content`."""
    pieces: list[str] = []
    for param in params:
        value = param.value
        if value is None or isinstance(value, NotGiven):
            continue  # most optional parameters of a call: nothing to look at
        pieces.extend(
            query_pieces(
                param.name,
                value,
                param.style,
                param.explode,
                param.allow_reserved,
                param.content_type,
            )
        )
    return pieces


_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]+)\}")


def _path_value(
    name: str,
    value: object,
    style: str = "simple",
    explode: bool = False,
    content_type: str | None = None,
) -> str:
    """One path parameter per RFC 6570 as OpenAPI uses it: simple `a,b`, label `.a.b`, matrix
    `;name=a,b`; objects as `k,v` pairs (`k=v` when exploded). Values are percent-encoded (a "/"
    included); the separators are not."""
    shape = _shape(value)
    named = True  # matrix style names the parameter, except before the keys of exploded objects
    if shape.kind == "undefined":  # RFC 6570: expands to nothing (an empty string does not)
        if style in ("label", "matrix"):
            return ""
        raise ValueError(f"Expected a non-empty value for path parameter `{name}`")
    if content_type:
        items = [pct(_content_text(value, content_type))]
    elif shape.kind == "object":
        pairs = [(pct(key), pct(to_text(item))) for key, item in shape.members]
        items = (
            [f"{k}={v}" for k, v in pairs] if explode else [",".join(f"{k},{v}" for k, v in pairs)]
        )
        named = not explode
    elif shape.kind == "array":
        texts = [pct(to_text(item)) for item in shape.items]
        items = texts if explode else [",".join(texts)]
    else:
        items = [pct(to_text(shape.scalar))]
    if style == "label":
        return "." + ".".join(items)
    if style == "matrix":
        if named:  # RFC 6570: an empty value is `;name`, without "="
            return "".join(f";{pct(name)}={item}" if item else f";{pct(name)}" for item in items)
        return "".join(f";{item}" for item in items)
    joined = ",".join(items)
    if not joined:
        raise ValueError(f"Expected a non-empty value for path parameter `{name}`")
    return joined


@functools.lru_cache(maxsize=1024)
def _template_parts(template: str) -> tuple[str, ...]:
    """A path template split at its `{name}` placeholders: literals at even indexes, names at
    odd ones (parsed once per template, not on every call)."""
    return tuple(_TEMPLATE_VARIABLE.split(template))


def expand_path(template: str, values: Mapping[str, object]) -> str:
    """Fill `{name}` placeholders: plain values in simple style, `PathParam`s in theirs."""
    parts = _template_parts(template)
    expanded = [parts[0]]
    for index in range(1, len(parts), 2):
        name = parts[index]
        if name not in values:
            raise ValueError(f"Missing path parameter `{name}` for {template}")
        value = values[name]
        if type(value) is str and value:  # the common case, as `_path_value` would spell it
            expanded.append(quote(value, safe=""))
        elif isinstance(value, PathParam):
            style, explode = value.style, value.explode
            expanded.append(_path_value(name, value.value, style, explode, value.content_type))
        else:
            expanded.append(_path_value(name, value))
        expanded.append(parts[index + 1])
    path = "".join(expanded)
    if "." not in path:
        return path
    # A segment "." or ".." would be removed by URL normalisation (httpx does it) and send the
    # request elsewhere: its dots are sent percent-encoded.
    return "/".join(
        segment.replace(".", "%2E") if segment in (".", "..") else segment
        for segment in path.split("/")
    )


def _unwrapped(
    value: object, wrapper: type[HeaderParam | CookieParam], explode: bool
) -> tuple[object, bool, str | None]:
    """A header or cookie parameter's value, `explode` and content type: its wrapper's, when the
    resource method wrapped it to serialise it other than the location's default (`explode`)."""
    if isinstance(value, wrapper):
        return value.value, value.explode, value.content_type
    return value, explode, None


def header_value(value: object) -> str | None:
    """A header parameter (style simple; None when undefined). The value is sent as it is,
    except characters a header cannot carry, percent-encoded: OpenAPI's Appendix D advises
    against RFC 6570's percent-encoding of headers, which no server undoes. In arrays and
    objects, `%`, `,` and `=` inside the values are percent-encoded too, so the delimiters stay
    unambiguous."""
    value, explode, content_type = _unwrapped(value, HeaderParam, explode=False)
    shape = _shape(value)
    if shape.kind == "undefined":
        return None
    if content_type:
        return _escape(_NOT_HEADER_TEXT, _content_text(value, content_type))
    if shape.kind == "scalar":
        return _escape(_NOT_HEADER_TEXT, to_text(shape.scalar))

    def item(each: str) -> str:
        return _escape(_NOT_HEADER_TEXT, each, also="%,=")

    if shape.kind == "array":
        return ",".join(item(to_text(each)) for each in shape.items)
    pairs = [(item(key), item(to_text(each))) for key, each in shape.members]
    return ",".join(f"{k}={v}" if explode else f"{k},{v}" for k, v in pairs)


def cookie_pairs(name: str, value: object) -> list[str]:
    """The `name=value` pairs of a cookie parameter (style form): arrays as `a,b` (one pair per
    item when exploded), objects as `k,v` (their members as pairs when exploded). Characters a
    cookie value cannot hold are percent-encoded; in arrays and objects `%`, `,` and `=` too."""
    value, explode, content_type = _unwrapped(value, CookieParam, explode=True)
    shape = _shape(value)
    if shape.kind == "undefined":
        return []
    if content_type:
        return [f"{name}={_escape(_NOT_COOKIE_TEXT, _content_text(value, content_type))}"]
    if shape.kind == "scalar":
        return [f"{name}={_escape(_NOT_COOKIE_TEXT, to_text(shape.scalar))}"]

    def item(each: str) -> str:
        return _escape(_NOT_COOKIE_TEXT, each, also="%=")

    if shape.kind == "array":
        texts = [item(to_text(each)) for each in shape.items]
        return [f"{name}={each}" for each in texts] if explode else [f"{name}=" + ",".join(texts)]
    pairs = [(item(key), item(to_text(each))) for key, each in shape.members]
    if explode:
        return [f"{k}={v}" for k, v in pairs]
    return [f"{name}=" + ",".join(f"{k},{v}" for k, v in pairs)]
