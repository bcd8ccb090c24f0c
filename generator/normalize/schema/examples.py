"""The spec's example of a value: `example`, else the first of `examples` (an OpenAPI map of
Example Objects, or a JSON Schema 2020-12 array), kept as JSON text for the IR."""

from __future__ import annotations

import json
from typing import Any


def example_of(*nodes: Any) -> str | None:
    """The example the first of `nodes` (schemas, parameters, media types) that gives one
    gives, as JSON text (keys sorted; a YAML date or time as its ISO text); None for none."""
    for node in nodes:
        if not isinstance(node, dict):
            continue
        found, value = _example(node)
        if found:
            try:
                return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_iso)
            except (TypeError, ValueError):  # a value JSON cannot hold: no example
                return None
    return None


def _example(node: dict[str, Any]) -> tuple[bool, Any]:
    if "example" in node:
        return True, node["example"]
    examples = node.get("examples")
    if isinstance(examples, list) and examples:  # JSON Schema (OpenAPI 3.1 schemas)
        return True, examples[0]
    if isinstance(examples, dict):  # OpenAPI: name -> Example Object (its `value`)
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                return True, example["value"]
    return False, None


def _iso(value: Any) -> str:
    isoformat = getattr(value, "isoformat", None)
    if isoformat is None:
        raise TypeError(f"not JSON: {type(value).__name__}")
    return str(isoformat())
