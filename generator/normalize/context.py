"""What every part of the normalize stage shares: the document, the config, the schema builder
and the diagnostics found on the way."""

from __future__ import annotations

from typing import Any

from ..config import ApiConfig
from ..diagnostics import Diagnostic
from .schema import SchemaBuilder


class Context:
    def __init__(self, data: dict[str, Any], config: ApiConfig, source_name: str) -> None:
        self.data = data
        self.config = config
        self.file = source_name
        self.schemas = SchemaBuilder(data, file=source_name)
        self.diagnostics: list[Diagnostic] = []

    def warn(self, code: str, message: str, pointer: str = "") -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, pointer, self.file))

    def info(self, code: str, message: str, pointer: str = "") -> None:
        self.diagnostics.append(Diagnostic("info", code, message, pointer, self.file))

    def skip(self, pointer: str, reason: str) -> None:
        """Record a part of the spec left out or approximated (`ir.Api.skipped`)."""
        self.schemas.skip(pointer, reason)

    def deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        return self.schemas.deref(node, pointer)

    def dict_at(self, node: Any, pointer: str) -> tuple[dict[str, Any], str]:
        """`node` with its `$ref`s followed, `{}` when that is not an object; and its pointer."""
        node, pointer = self.deref(node, pointer)
        return (node if isinstance(node, dict) else {}), pointer


def text(value: Any) -> str:
    """`value` when it is a string, else ""."""
    return value if isinstance(value, str) else ""
