"""The spec's example of a value: `example`, else the first of `examples` (an OpenAPI map of
Example Objects, or a JSON Schema 2020-12 array), kept as JSON text for the IR."""

from __future__ import annotations

import json
from typing import Any

from .refs import References

# The longest chain of `$ref`s followed to an Example Object (a longer one is taken as a loop).
_MAX_CHAIN = 32


def example_of(*nodes: Any, refs: References | None = None) -> str | None:
    """The example the first of `nodes` (schemas, parameters, media types) that gives one
    gives, as JSON text (keys sorted; a YAML date or time as its ISO text); None for none.
    `refs` resolves the Example Objects given by `$ref` (`#/components/examples/...`)."""
    for node in nodes:
        if not isinstance(node, dict):
            continue
        found, value = _example(node, refs)
        if found:
            try:
                return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_iso)
            except (TypeError, ValueError):  # a value JSON cannot hold: no example
                return None
    return None


def _example(node: dict[str, Any], refs: References | None) -> tuple[bool, Any]:
    if "example" in node:
        return True, node["example"]
    examples = node.get("examples")
    if isinstance(examples, list) and examples:  # JSON Schema (OpenAPI 3.1 schemas)
        return True, examples[0]
    if isinstance(examples, dict):  # OpenAPI: name -> Example Object (its `value`)
        for example in examples.values():
            example = _followed(example, refs)
            # (one with only an `externalValue` has no value here: the next one is taken)
            if isinstance(example, dict) and "value" in example:
                return True, example["value"]
    return False, None


def _followed(example: Any, refs: References | None) -> Any:
    """The Example Object `example` stands for: its `$ref`s followed (None when one dangles,
    is not local, or there are no `refs` to resolve it with)."""
    for _ in range(_MAX_CHAIN):
        if not (isinstance(example, dict) and "$ref" in example):
            return example
        target = refs.resolve(example["$ref"]) if refs is not None else None
        if target is None:
            return None
        example = target[0]
    return None


def _iso(value: Any) -> str:
    isoformat = getattr(value, "isoformat", None)
    if isoformat is None:
        raise TypeError(f"not JSON: {type(value).__name__}")
    return str(isoformat())
