"""Names the generated clients and resources use themselves, which the API's resources,
methods and server variables must not take: normalize names around them, render refuses an IR
that takes one."""

from __future__ import annotations

import builtins
from collections.abc import Iterable

# Keyword arguments of the generated clients' constructors that are also their attributes.
_CLIENT_KEYWORDS = frozenset(
    {
        "token",
        "tokens",
        "base_url",
        "timeout",
        "max_retries",
        "retry_deadline",
        "retry_non_idempotent",
        "rate_limit",
        "strict",
        "username",
        "password",
        "client_id",
        "client_secret",
    }
)
RESOURCE_RESERVED = frozenset({"with_raw_response", "with_streaming_response"})
# Attributes the generated client / resource classes use themselves (render checks them too).
CLIENT_RESERVED = (
    _CLIENT_KEYWORDS
    | RESOURCE_RESERVED
    | {"close", "copy", "with_options", "api_key", "request", "request_page", "request_bulk"}
    | {"get", "post", "put", "patch", "delete"}
)
# Names a server variable's keyword argument must not take: the clients' other options and
# what the generated `_base_url(base_url, <variables>)` helper uses in its body.
CLIENT_OPTIONS = (
    _CLIENT_KEYWORDS
    | {"default_headers", "http_client"}  # the other keyword arguments
    | {"self", "os", "httpx", "variables", "resolve_option"}
    | {name for name in dir(builtins) if not name.startswith("_")}
)


# Names a generated class body (a resource's, the client's) looks up itself: the builtin scalar
# types its signatures name (`extra_query: Mapping[str, object]`), which unlike `list` (spelled
# `List` there, see `typing_printer.SHADOWABLE`) have no other spelling, the modules its
# annotations name (`httpx.Timeout`, `datetime.date`) and the decorator of its properties. A
# method or resource attribute of that name would hide it for the rest of the class (mypy takes
# `str` for the member; a resource `cached_property` breaks the next `@cached_property` at
# import): normalize numbers such a method (`str_2`) and gives such a resource attribute a
# trailing underscore (`object_`), with a warning; render refuses an IR that has one.
CLASS_BODY_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "object"} | {"httpx", "datetime", "cached_property"}
)


def numbered(name: str, taken: Iterable[str]) -> str:
    """`name_2`, or the first of `name_3`, `name_4`, ... that is not taken."""
    used = set(taken)
    number = 2
    while f"{name}_{number}" in used:
        number += 1
    return f"{name}_{number}"
