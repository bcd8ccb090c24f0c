"""The per-API configuration (`specs/<api>/sdkgen.yaml`): where the spec comes from, which
overlays repair it, and the names the generated SDK uses. Validated with jsonschema.

A config that passed is remembered in the cache (`$SDKGEN_CACHE_DIR/configs`), by the digest of
its bytes and of what decides the verdict (this module's source, with the schema and the name
rules; the versions of Python, PyYAML and jsonschema): the same config is not checked again, and
jsonschema (0.1 s to import) is not even imported. Only a passing verdict is kept, so an edited
or invalid config is always checked and reported.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import keyword
import math
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from . import ir
from .cache import cache_root, write_entry
from .diagnostics import Diagnostic, SdkgenError, error, pointer_from_parts
from .naming import class_name, python_identifier

if TYPE_CHECKING:
    import jsonschema


# The formatters of the generated Python (`format` runs them; black's and ruff's bytes are equal).
FORMATTERS = ("black", "ruff", "none")
DEFAULT_FORMATTER = "black"
LINE_LENGTH = 100  # of the generated code: the formatters' setting, and what render wraps at


@dataclass(frozen=True)
class ApiConfig:
    path: Path | None = None  # the config file itself (None: no config given)
    spec_source: str | None = None  # URL or path `sdkgen download` fetches from
    spec_format: str = "auto"  # "auto", "json", "yaml" or "redoc-html"
    spec_path: Path | None = None  # where the downloaded spec is stored (absolute)
    overlays: tuple[Path, ...] = ()  # absolute paths, applied in order
    package_name: str | None = None
    distribution_name: str | None = None
    client_class_name: str | None = None
    # operationId -> dotted "resource.path.method", e.g. "tms.web_triggers.list", or a bare
    # "method" (the resource the naming rules pick)
    operation_names: dict[str, str] = field(default_factory=dict)
    # generated model name (or JSON pointer of its schema) -> the name to use instead
    model_names: dict[str, str] = field(default_factory=dict)
    # The SDK's version: at least this one (later bumps continue from it); None: 0.1.0 at first,
    # then the bumps the diff suggests (see `versioning`).
    sdk_version: str | None = None
    # Deprecated aliases for operations that move or change SDK name (see `release`): kept for
    # this many later major versions; `aliases_enabled` False makes no aliases at all.
    aliases_enabled: bool = True
    alias_keep_majors: int = 1
    aliases_removed: tuple[str, ...] = ()  # old dotted names to drop now (a breaking change)
    formatter: str = DEFAULT_FORMATTER  # --formatter overrides
    # The client-side limits the API states (`rate_limit:`): they win over the spec's
    # `x-rate-limit`; False (`rate_limit: false`) states none whatever the spec says; None: the
    # config says nothing.
    rate_limit: ir.RateLimit | Literal[False] | None = None
    # How operations page where the spec does not show it (`pagination:`): an operationId or a
    # "METHOD /path" pattern (`*` matches any run of characters) -> its declaration, or None
    # (`false`): the operation does not page, whatever the spec suggests. The first match wins.
    pagination: tuple[tuple[str, PageDeclaration | None], ...] = ()


PAGE_STYLES = ("cursor", "token", "offset", "link", "next_url", "jsonapi")


@dataclass(frozen=True)
class PageDeclaration:
    """How an operation pages, as the config (or a pagination extension) declares it; the
    fields of `ir.Pagination`, response fields as wire-name paths. `items` None: the list the
    response holds (its one list field, or the body itself)."""

    style: str
    parameter: str = ""
    size: str = ""
    items: tuple[str, ...] | None = None
    next: tuple[str, ...] = ()
    has_more: tuple[str, ...] = ()
    total: tuple[str, ...] = ()


# --- names -----------------------------------------------------------------------------

_IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
_SEMVER = (
    r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"
)


# pagination.*.items/next/...: a JSON pointer into the response body ("" for the body itself)
_FIELD_POINTER = r"^(/[^/]*)*$"

# names.operations: "resource.path.method", or a bare "method" on the resource the rules pick
_OPERATION_NAME = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$"

NameKind = Literal["package", "class"]


def python_name_problem(name: str, kind: NameKind) -> str | None:
    """What is wrong with `name` as the generated package's import name ("package") or a class
    name of the SDK ("class": the client, a model), with a valid name to use instead; None when
    it is fine. The one rule for `--package` and for the names of the config."""
    if re.fullmatch(_IDENTIFIER, name) and not keyword.iskeyword(name):
        return None
    if keyword.iskeyword(name):
        why = f"{name!r} is a Python keyword"
    elif not name:
        why = "the name is empty"
    else:
        why = (
            f"{name!r} is not a valid Python identifier (ASCII letters, digits and "
            "underscores, not starting with a digit)"
        )
    if kind == "package":
        suggestion = python_identifier(name, fallback="sdk")
        why += ", so `import` cannot name the package"
    else:
        suggestion = class_name(name, fallback="Client")
    if re.fullmatch(_IDENTIFIER, suggestion) and not keyword.iskeyword(suggestion):
        why += f"; try {suggestion!r}"
    return why


# --- loading ---------------------------------------------------------------------------

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["package"],
    "properties": {
        "spec": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "source": {"type": "string", "minLength": 1},
                "format": {"enum": ["auto", "json", "yaml", "redoc-html"]},
                "path": {"type": "string", "minLength": 1},
            },
        },
        "package": {"type": "string"},  # and python_name_problem(), as for --package
        "distribution": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$",
        },
        "client": {"type": "string"},  # and python_name_problem()
        "overlays": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "version": {"type": "string", "pattern": _SEMVER},
        "deprecated_aliases": {
            "oneOf": [
                {"type": "boolean"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "keep_majors": {"type": "integer", "minimum": 0},
                        "remove": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "pattern": r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$",
                            },
                        },
                    },
                },
            ]
        },
        "formatter": {"enum": list(FORMATTERS)},
        # The API's limits, the client's default `RateLimit` (same fields), or false for none.
        "rate_limit": {
            "type": ["object", "boolean"],
            "not": {"const": True},
            "additionalProperties": False,
            "minProperties": 1,
            "dependentRequired": {"per": ["requests"]},
            "properties": {
                "requests": {"type": "integer", "minimum": 1},
                "per": {"type": "number", "exclusiveMinimum": 0},
                "max_concurrency": {"type": "integer", "minimum": 1},
            },
        },
        # operationId or "METHOD /path" (`*` any characters) -> how it pages, or false
        "pagination": {
            "type": "object",
            "additionalProperties": {
                "type": ["object", "boolean"],
                "not": {"const": True},
                "additionalProperties": False,
                "required": ["style"],
                "properties": {
                    "style": {"enum": list(PAGE_STYLES)},
                    "parameter": {"type": "string", "minLength": 1},
                    "size": {"type": "string", "minLength": 1},
                    "items": {"type": "string", "pattern": _FIELD_POINTER},
                    "next": {"type": "string", "pattern": _FIELD_POINTER},
                    "has_more": {"type": "string", "pattern": _FIELD_POINTER},
                    "total": {"type": "string", "pattern": _FIELD_POINTER},
                },
            },
        },
        "names": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "operations": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "string",
                        "pattern": _OPERATION_NAME,
                    },
                },
                "models": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},  # and python_name_problem()
                },
            },
        },
    },
}


def _explain(problem: jsonschema.ValidationError) -> str:
    """A one-line message in the words of the config file, not of JSON Schema."""
    where = ".".join(str(part) for part in problem.absolute_path) or "the config"
    # Every subschema of CONFIG_SCHEMA is a mapping; jsonschema types it more loosely.
    schema: dict[str, Any] = problem.schema if isinstance(problem.schema, dict) else {}
    instance: Any = problem.instance
    if problem.validator == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        extras = [key for key in instance if key not in known]
        hints = [difflib.get_close_matches(str(key), known, n=1) for key in extras]
        return "; ".join(
            f"unknown key {key!r}"
            + (f" (did you mean {hint[0]!r}?)" if hint else "")
            + f" in {where}"
            for key, hint in zip(extras, hints, strict=True)
        )
    if problem.validator == "pattern":
        if schema.get("pattern") == _SEMVER:
            return f"{problem.instance!r} is not a semantic version X.Y.Z ({where})"
        if schema.get("pattern") == _FIELD_POINTER:
            return (
                f"{where}: {problem.instance!r} is not a JSON pointer into the response body "
                "(such as '/links/next', or '' for the body itself)"
            )
        if schema.get("pattern") == _OPERATION_NAME:
            return (
                f"{where}: {problem.instance!r} is neither 'resource.path.method' nor a bare "
                "'method' (lowercase snake_case words joined by dots)"
            )
        return f"{problem.instance!r} is not a valid value for {where}"
    if problem.validator == "enum":
        allowed = ", ".join(str(value) for value in schema.get("enum", ()))
        return f"{where} must be one of {allowed}, not {problem.instance!r}"
    if problem.validator == "required":
        return str(problem.message)
    if where == "rate_limit" and problem.validator in ("type", "not", "minProperties"):
        return (
            "rate_limit must be a mapping of `requests` (per `per` seconds, default 1) and/or "
            f"`max_concurrency`, or false for no limit; not {problem.instance!r}"
        )
    if where.startswith("pagination.") and problem.validator in ("type", "not"):
        return (
            f"{where} must be false (the operation does not page) or a mapping with `style` "
            f"({', '.join(PAGE_STYLES)}) and `parameter`, `size`, `items`, `next`, `has_more`, "
            f"`total`; not {problem.instance!r}"
        )
    if problem.validator == "dependentRequired":
        return f"{where}: `per` counts the seconds of `requests`, which is missing"
    if problem.validator == "minimum":
        return f"{where} must be at least {schema.get('minimum')}, not {problem.instance!r}"
    if problem.validator == "exclusiveMinimum":
        return f"{where} must be more than {schema.get('exclusiveMinimum')}, not {instance!r}"
    return f"{where}: {problem.message}"


def _name_problems(raw: dict[str, Any], file: str) -> list[Diagnostic]:
    """The names of a schema-valid config that Python cannot use (see python_name_problem)."""
    named: list[tuple[tuple[str, ...], str, NameKind]] = [(("package",), raw["package"], "package")]
    if "client" in raw:
        named.append((("client",), raw["client"], "class"))
    for key, value in raw.get("names", {}).get("models", {}).items():
        named.append((("names", "models", key), value, "class"))
    found: list[Diagnostic] = []
    for parts, name, kind in named:
        problem = python_name_problem(name, kind)
        if problem is not None:
            where = ".".join(parts)
            found.append(
                Diagnostic(
                    "error",
                    "config.invalid",
                    f"{where}: {problem}",
                    pointer_from_parts(parts),
                    file,
                )
            )
    return found


def _check(raw: dict[str, Any], file: str) -> None:
    """Raise every problem of `raw` against CONFIG_SCHEMA, else the names Python cannot use."""
    import jsonschema  # imported here: a config checked before never needs it (see verdict_path)

    validator = jsonschema.Draft202012Validator(CONFIG_SCHEMA)
    problems = sorted(validator.iter_errors(raw), key=lambda p: list(map(str, p.absolute_path)))
    found = [
        Diagnostic(
            "error",
            "config.invalid",
            _explain(problem),
            pointer_from_parts(problem.absolute_path),
            file,
        )
        for problem in problems
    ]
    if not found:
        found = _name_problems(raw, file) + _limit_problems(raw, file)
    if found:
        raise SdkgenError(found)


def _limit_problems(raw: dict[str, Any], file: str) -> list[Diagnostic]:
    """What JSON Schema cannot say of a schema-valid `rate_limit`: `per` is finite (`.inf`)."""
    limit = raw.get("rate_limit")
    per = limit.get("per") if isinstance(limit, dict) else None
    if per is None or math.isfinite(per):
        return []
    message = f"rate_limit.per must be a finite number of seconds, not {per!r}"
    return [Diagnostic("error", "config.invalid", message, "/rate_limit/per", file)]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def verdict_path(text: bytes) -> Path | None:
    """Where the cache remembers that the config `text` passed `_check` (None: no cache). The
    key covers everything the verdict depends on, so a change to any of them checks again."""
    root = cache_root()
    if root is None:
        return None
    digest = hashlib.sha256()
    for part in (
        Path(__file__).read_bytes(),  # the schema's source, the name rules, this very key
        json.dumps(CONFIG_SCHEMA, sort_keys=True).encode(),  # with FORMATTERS
        sys.version.encode(),  # keyword.iskeyword
        yaml.__version__.encode(),
        _version("jsonschema").encode(),
        text,
    ):
        digest.update(hashlib.sha256(part).digest())
    return root / "configs" / digest.hexdigest()


def load_config(path: Path) -> ApiConfig:
    """Read and check `sdkgen.yaml`; relative paths are resolved against its directory."""
    path = Path(path)
    try:
        text = path.read_bytes()
        raw = yaml.safe_load(text.decode("utf-8"))
    except FileNotFoundError:
        raise error("config.not-found", "config file not found", file=str(path), exit_code=2)
    except UnicodeDecodeError as exc:
        raise error("config.invalid", f"not UTF-8 text: {exc}", file=str(path)) from None
    except yaml.YAMLError as exc:
        raise error("config.invalid", f"invalid YAML: {exc}", file=str(path)) from None
    if not isinstance(raw, dict):
        raise error("config.invalid", "the config must be a mapping", file=str(path))
    verdict = verdict_path(text)
    if verdict is None or not verdict.is_file():
        _check(raw, str(path))
        if verdict is not None:
            write_entry(verdict, b"")  # a passing verdict only; the cache only saves time
    base = path.resolve().parent
    spec = raw.get("spec", {})
    overlays = tuple(base / item for item in raw.get("overlays", []))
    for index, overlay in enumerate(overlays):
        if not overlay.is_file():
            raise error(
                "config.missing-file",
                f"overlay file not found: {overlay}",
                file=str(path),
                pointer=f"/overlays/{index}",
            )
    names = raw.get("names", {})
    aliases = raw.get("deprecated_aliases", True)
    return ApiConfig(
        path=path.resolve(),
        spec_source=spec.get("source"),
        spec_format=spec.get("format", "auto"),
        spec_path=base / spec["path"] if "path" in spec else None,
        overlays=overlays,
        package_name=raw["package"],
        distribution_name=raw.get("distribution"),
        client_class_name=raw.get("client"),
        operation_names=dict(names.get("operations", {})),
        model_names=dict(names.get("models", {})),
        sdk_version=raw.get("version"),
        aliases_enabled=aliases is not False,
        alias_keep_majors=aliases.get("keep_majors", 1) if isinstance(aliases, dict) else 1,
        aliases_removed=tuple(aliases.get("remove", ())) if isinstance(aliases, dict) else (),
        formatter=raw.get("formatter", DEFAULT_FORMATTER),
        rate_limit=_rate_limit(raw.get("rate_limit")),
        pagination=tuple(
            (str(key), _page_declaration(value)) for key, value in raw.get("pagination", {}).items()
        ),
    )


def _pointer_path(pointer: str) -> tuple[str, ...]:
    parts = pointer.split("/")[1:]
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in parts)


def _page_declaration(raw: dict[str, Any] | bool) -> PageDeclaration | None:
    """A checked `pagination:` entry (false: the operation does not page)."""
    if raw is False:
        return None
    assert isinstance(raw, dict)  # the schema admits a mapping or false
    return PageDeclaration(
        style=raw["style"],
        parameter=raw.get("parameter", ""),
        size=raw.get("size", ""),
        items=_pointer_path(raw["items"]) if "items" in raw else None,
        next=_pointer_path(raw.get("next", "")),
        has_more=_pointer_path(raw.get("has_more", "")),
        total=_pointer_path(raw.get("total", "")),
    )


def _rate_limit(raw: dict[str, Any] | bool | None) -> ir.RateLimit | Literal[False] | None:
    """The checked `rate_limit:` value as the IR holds it (integers may be written `30.0`)."""
    if raw is None or raw is False:
        return raw
    assert isinstance(raw, dict)  # the schema admits a mapping or false
    requests, concurrency = raw.get("requests"), raw.get("max_concurrency")
    return ir.RateLimit(
        requests=int(requests) if requests is not None else None,
        per=float(raw.get("per", 1.0)),
        max_concurrency=int(concurrency) if concurrency is not None else None,
    )
