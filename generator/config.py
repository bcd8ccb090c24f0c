"""The per-API configuration (`specs/<api>/sdkgen.yaml`): where the spec comes from, which
overlays repair it, and the names the generated SDK uses. Validated with jsonschema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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


# load_config(path) -> ApiConfig is implemented below by the config stage.
