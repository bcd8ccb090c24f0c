"""The document as data: JSON pointers and local `$ref`s resolved, JSON-shaped values cloned,
the OpenAPI version told, a path template's variables read. Every stage that reads the document
shares these."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from ..diagnostics import unescape_pointer_token

# A location in the document as its keys and indexes, root first (a JSON pointer's tokens).
Parts = tuple[str | int, ...]

# OpenAPI's path-template grammar (written out in 3.2, section 4.8.2; 3.0 and 3.1 only say
# "delimited by curly braces"): `template-expression = "{" 1*( any character but { and } ) "}"`.
# A name is never empty and holds no brace, so expressions never nest; a "/" is a character
# like any other. The SDK runtime's `_params._TEMPLATE_VARIABLE`, which fills the path at request
# time, reads the same, so every variable found here is one the SDK substitutes.
_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]+)\}")


def resolve_pointer(data: Any, pointer: str) -> Any:
    """RFC 6901 lookup; raises KeyError naming the first token that does not resolve."""
    if pointer == "":
        return data
    if not pointer.startswith("/"):
        raise KeyError(f"JSON pointer must start with '/': {pointer!r}")
    node = data
    for raw in pointer[1:].split("/"):
        token = unescape_pointer_token(raw)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(f"no {token!r} in {pointer!r}")
    return node


def resolve_ref(data: Any, ref: str) -> Any:
    """Resolve a local `#/...` reference against `data`; raises KeyError."""
    if not ref.startswith("#"):
        raise KeyError(f"not a local reference: {ref!r}")
    return resolve_pointer(data, unquote(ref[1:]))


def template_variables(path: str) -> list[str]:
    """The variables of a path template in path order, repeats kept: "/a/{x}/b{y}.json" gives
    ["x", "y"]. A brace that opens no well-formed expression ("{}", an unclosed "{") is text."""
    return _TEMPLATE_VARIABLE.findall(path)


def clone_json(value: Any) -> Any:
    """Deep copy of JSON-shaped data, much faster than copy.deepcopy on large specs."""
    if isinstance(value, dict):
        return {key: clone_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clone_json(item) for item in value]
    return value


def detect_openapi_version(data: Mapping[str, Any]) -> str:
    """ "3.0", "3.1", "3.2", "2.0" (Swagger), "1.2" (Swagger 1.x) or "" when unknown or missing."""
    openapi = data.get("openapi")
    if isinstance(openapi, str):
        for version in ("3.0", "3.1", "3.2"):
            if openapi == version or openapi.startswith(version + "."):
                return version
        return ""
    if "swagger" in data:
        return "2.0"
    if "swaggerVersion" in data:
        return str(data["swaggerVersion"])
    return ""
