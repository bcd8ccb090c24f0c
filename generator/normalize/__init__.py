"""The normalize stage: a repaired OpenAPI 3.0/3.1/3.2 document (as a dict) -> `ir.Api`.

Decides every name, type and default the generated SDK uses. Never raises on odd input:
whatever cannot be represented is approximated (usually as `Any`) and recorded in
`Api.skipped` plus a warning diagnostic carrying the JSON pointer. Deterministic: only the
document's own order and sorting are used, never set or hash order.

One module per concern: `api` (the stage from end to end), `operations` (found, placed and
named), `parameters`, `bodies`, `responses`, `security`, `servers`, `rate_limit` (the limits
the API states), `resources` (the tree of the client), `aliases` (deprecated names kept across
regenerations); `media` holds what several of them share (the names the SDK's own classes use
are `generator.naming`'s), `drafts` the records of operations before their models are named
(the schemas themselves are `generator.normalize.schema`'s).
"""

from .aliases import (
    AliasWish,
    ClassAliasWish,
    attach_aliases,
    attach_class_aliases,
    without_aliases,
)
from .api import normalize

__all__ = [
    "AliasWish",
    "ClassAliasWish",
    "attach_aliases",
    "attach_class_aliases",
    "normalize",
    "without_aliases",
]
