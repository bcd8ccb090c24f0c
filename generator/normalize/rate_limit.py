"""The client-side limits the API states: the config's `rate_limit`, else the document's
`x-rate-limit` extension (the same fields as the runtime's `RateLimit`), else none at all.

The SDK runtime is the same for every API, so its own default is no limit; only an API that
states its limits gets a client that keeps under them by default (and a README that says so).
"""

from __future__ import annotations

import math
from typing import Any

from .. import ir
from .context import Context

EXTENSION = "x-rate-limit"
_FIELDS = ("requests", "per", "max_concurrency")


def rate_limit(ctx: Context) -> ir.RateLimit | None:
    """The API's limits; a malformed extension is a warning and states nothing."""
    configured = ctx.config.rate_limit
    if configured is not None:
        return configured or None  # `rate_limit: false` states none, whatever the spec says
    raw = ctx.data.get(EXTENSION)
    if raw is None:
        return None
    pointer = "/" + EXTENSION
    problem = _problem(raw)
    if problem is not None:
        ctx.warn(
            "normalize.rate-limit",
            f"{EXTENSION}: {problem}; ignored, the client gets no rate limit (the config's "
            "`rate_limit` can state one)",
            pointer,
        )
        return None
    return ir.RateLimit(
        requests=int(raw["requests"]) if "requests" in raw else None,
        per=float(raw.get("per", 1.0)),
        max_concurrency=int(raw["max_concurrency"]) if "max_concurrency" in raw else None,
    )


def _problem(raw: Any) -> str | None:
    """What is wrong with `raw` as the extension's value (the rules of the config's key)."""
    if not isinstance(raw, dict) or not raw:
        return (
            "must be a mapping of `requests` (per `per` seconds, default 1) and/or "
            f"`max_concurrency`, not {raw!r}"
        )
    unknown = sorted(str(key) for key in raw if key not in _FIELDS)
    if unknown:
        return f"unknown key {unknown[0]!r} (known: {', '.join(_FIELDS)})"
    for key in ("requests", "max_concurrency"):
        value: Any = raw.get(key)
        if key in raw and not (_is_number(value) and float(value).is_integer() and value >= 1):
            return f"{key} must be an integer of at least 1, not {value!r}"
    if "per" in raw:
        if "requests" not in raw:
            return "`per` counts the seconds of `requests`, which is missing"
        if not (_is_number(raw["per"]) and raw["per"] > 0):
            return f"per must be a number of seconds more than 0, not {raw['per']!r}"
    return None


def _is_number(value: Any) -> bool:
    """A finite int or float (YAML's booleans, `.nan` and `.inf` are not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
