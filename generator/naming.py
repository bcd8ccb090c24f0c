"""Identifier and case helpers: every Python name the generated SDK uses is made here, around
the names the generated code keeps for itself (the reserved names at the end).

All functions are pure and deterministic. Any input string (including hostile ones with quotes,
newlines or code) yields a valid, non-keyword ASCII identifier.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Collection, Iterable

# Names a generated `types/` or `resources/` module imports or relies on; a class must not
# shadow them.
RESERVED_CLASS_NAMES: frozenset[str] = frozenset(
    {
        "Any",
        "Literal",
        "Optional",
        "Union",
        "List",
        "Dict",
        "Set",
        "Tuple",
        "Type",
        "Annotated",
        "ClassVar",
        "TypeAlias",
        "BaseModel",
        "RootModel",
        "Field",
        "ConfigDict",
        "TypeAdapter",
        "datetime",
        "date",
        "httpx",
        "typing",
        "pydantic",
    }
    | {name for name in dir(builtins) if name[:1].isupper()}
)

# Attributes of pydantic.BaseModel that a field must not shadow.
PYDANTIC_RESERVED: frozenset[str] = frozenset(
    {
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "copy",
        "dict",
        "json",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
        "schema",
        "schema_json",
        "validate",
        "update_forward_refs",
        "fields",
        "register",
    }
)

# Parameter names a generated resource method uses for itself, and the names of builtin types
# (a parameter named `list` would read as the type in the method's annotations).
METHOD_RESERVED: frozenset[str] = frozenset(
    {"self", "body", "extra_headers", "extra_query", "extra_body", "timeout", "options"}
    | {"content_type"}
    | {"list", "dict", "set", "frozenset", "tuple", "str", "int", "float", "bool", "bytes"}
    | {"object", "builtins"}
)

_CAMEL_SPLIT = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_UNCOUNTABLE = frozenset(
    {"data", "stats", "status", "analytics", "news", "series", "species", "metadata", "info"}
)

_IES_WORDS = frozenset({"cookies", "movies", "zombies", "calories", "ties", "pies", "lies"})


def ascii_text(text: str) -> str:
    """Best-effort transliteration to ASCII: accents dropped, other characters removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def split_words(text: str) -> list[str]:
    """Split any text into words at separators, case changes and digit runs.

    "siteId" -> ["site", "Id"]; "filter[begin_date]" -> ["filter", "begin", "date"];
    "HTTPServer2" -> ["HTTP", "Server", "2"].
    """
    return _CAMEL_SPLIT.findall(ascii_text(str(text)))


def snake_case(text: str) -> str:
    return "_".join(word.lower() for word in split_words(text))


def pascal_case(text: str) -> str:
    return "".join(_capitalize(word) for word in split_words(text))


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if not word.isupper() or len(word) > 1 else word


def python_identifier(text: str, *, fallback: str = "field") -> str:
    """A snake_case identifier for `text`: never empty, never a keyword, never digit-first."""
    name = snake_case(text)
    if not name:
        return fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name):
        name += "_"
    return name


# Names the annotations of a model class body look up (a field called `list` would make
# `list[str]` evaluate None[str] there), and the methods of the SDK's JSON:API base models.
ANNOTATION_NAMES: frozenset[str] = frozenset(
    {"list", "set", "frozenset", "tuple", "str", "int", "float", "bool", "bytes", "object"}
    | {"Any", "IO", "Literal", "Optional", "Union", "datetime"}
    | {"resolve", "resolve_many", "find_included"}
)


def field_name(wire_name: str) -> str:
    """Attribute name of a model field: also avoids pydantic's own BaseModel attributes and the
    names the class body's annotations use."""
    name = python_identifier(wire_name, fallback="field")
    while name in PYDANTIC_RESERVED or name in ANNOTATION_NAMES:
        name += "_"
    return name


def parameter_name(wire_name: str) -> str:
    """Parameter name of a resource method: also avoids the method's own parameters."""
    name = python_identifier(wire_name, fallback="param")
    while name in METHOD_RESERVED:
        name += "_"
    return name


def class_name(text: str, *, fallback: str = "Model") -> str:
    """A PascalCase class name: never empty, digit-first, a keyword or a reserved name."""
    name = pascal_case(text)
    if not name:
        return fallback
    if name[0].isdigit():
        name = fallback + name
    if keyword.iskeyword(name) or name in RESERVED_CLASS_NAMES:
        name += fallback
    return name


def unique_name(name: str, taken: Collection[str]) -> str:
    """`name`, with `_` appended until it is not in `taken`."""
    while name in taken:
        name += "_"
    return name


def unique_names(names: Iterable[str]) -> list[str]:
    """Make a sequence of names unique in order: later duplicates get `_` appended."""
    taken: set[str] = set()
    result: list[str] = []
    for name in names:
        name = unique_name(name, taken)
        taken.add(name)
        result.append(name)
    return result


def singularize(word: str) -> str:
    """English singular of one word, keeping its case: "Triggers" -> "Trigger"."""
    lower = word.lower()
    if len(lower) < 3 or lower in _UNCOUNTABLE or not lower.endswith("s"):
        return word
    if lower in _IES_WORDS:
        return word[:-1]
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if lower.endswith(("ss", "us", "is", "ous")):
        return word
    return word[:-1]


# Trailing qualifier words after which the noun before them is singularized instead:
# "TmsWebTriggersUpdate" -> "TmsWebTriggerUpdate".
_QUALIFIERS = frozenset({"Update", "Create", "Revert", "Store", "Patch", "Input", "Item"})


def singular_class_name(name: str) -> str:
    """Singularize the head noun of a PascalCase name: "DestinationHealths" -> "DestinationHealth"."""
    words = _CAMEL_SPLIT.findall(name)
    if not words:
        return name
    index = len(words) - 1
    if len(words) > 1 and words[-1] in _QUALIFIERS:
        index -= 1
    words[index] = singularize(words[index])
    return "".join(words)


def shorten_class_name(name: str, limit: int) -> str:
    """Drop leading words (namespaces) until the name fits `limit`; cut as a last resort."""
    words = _CAMEL_SPLIT.findall(name)
    while len("".join(words)) > limit and len(words) > 2:
        words = words[1:]
    short = "".join(words)
    if short[:1].isdigit():
        short = "Model" + short
    return short[:limit]


# --- names the generated SDK uses itself ---------------------------------------------------------
# The generated clients and resources use these names themselves; the API's resources, methods
# and server variables must not take them: normalize names around them, render refuses an IR
# that takes one.

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
