"""The per-API configuration (`specs/<api>/sdkgen.yaml`): where the spec comes from, which
overlays repair it, and the names the generated SDK uses. Validated with jsonschema."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from generator.diagnostics import Diagnostic, SdkgenError, error, pointer_from_parts
from generator.format import DEFAULT_FORMATTER, FORMATTERS


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
    # operationId -> dotted "resource.path.method", e.g. "tms.web_triggers.list"
    operation_names: dict[str, str] = field(default_factory=dict)
    # generated model name (or JSON pointer of its schema) -> the name to use instead
    model_names: dict[str, str] = field(default_factory=dict)
    formatter: str = DEFAULT_FORMATTER  # black, ruff or none (format.py); --formatter overrides


# --- loading ---------------------------------------------------------------------------

_IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"

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
        "package": {"type": "string", "pattern": _IDENTIFIER},
        "distribution": {
            "type": "string",
            "pattern": r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$",
        },
        "client": {"type": "string", "pattern": _IDENTIFIER},
        "overlays": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "formatter": {"enum": list(FORMATTERS)},
        "names": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "operations": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "string",
                        "pattern": r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$",
                    },
                },
                "models": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "pattern": _IDENTIFIER},
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
        if schema.get("pattern") == _IDENTIFIER:
            return f"{problem.instance!r} is not a valid Python identifier ({where})"
        return f"{problem.instance!r} is not a valid value for {where}"
    if problem.validator == "enum":
        allowed = ", ".join(str(value) for value in schema.get("enum", ()))
        return f"{where} must be one of {allowed}, not {problem.instance!r}"
    if problem.validator == "required":
        return str(problem.message)
    return f"{where}: {problem.message}"


def load_config(path: Path) -> ApiConfig:
    """Read and check `sdkgen.yaml`; relative paths are resolved against its directory."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error("config.not-found", "config file not found", file=str(path), exit_code=2)
    except yaml.YAMLError as exc:
        raise error("config.invalid", f"invalid YAML: {exc}", file=str(path)) from None
    if not isinstance(raw, dict):
        raise error("config.invalid", "the config must be a mapping", file=str(path))
    validator = jsonschema.Draft202012Validator(CONFIG_SCHEMA)
    problems = sorted(validator.iter_errors(raw), key=lambda p: list(map(str, p.absolute_path)))
    if problems:
        raise SdkgenError(
            Diagnostic(
                "error",
                "config.invalid",
                _explain(problem),
                pointer_from_parts(problem.absolute_path),
                str(path),
            )
            for problem in problems
        )
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
        formatter=raw.get("formatter", DEFAULT_FORMATTER),
    )
