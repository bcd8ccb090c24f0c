"""JSON Schema drafts older than OpenAPI 3.1's 2020-12, in 3.1 documents only: the draft-04
(OpenAPI 3.0) boolean `exclusiveMinimum`/`exclusiveMaximum` becomes 2020-12's number, and
draft 2019-09's boolean `$recursiveAnchor` is kept as an extension. A 3.0 document takes the
booleans as they are, and parks `$recursiveAnchor` as an unknown keyword (keywords.py)."""

from __future__ import annotations

from typing import Any

from ..load.documents import Parts
from .context import Repairing
from .registry import declare, makes

EXCLUSIVE_BOUND = declare(
    "repair.exclusive-bound",
    "in 3.1, `exclusiveMinimum: true` beside a numeric `minimum` becomes `exclusiveMinimum: "
    "<minimum>` (`exclusiveMaximum` likewise); `false` is removed",
)
DRAFT_2019_KEYWORD = declare(
    "repair.draft-2019-keyword",
    "in 3.1, draft 2019-09's `$recursiveAnchor: true` kept as `x-sdkgen-recursiveAnchor`",
)

# Draft 2019-09 keywords whose 2019-09 value (a boolean) fails the 2020-12 meta-schema.
_DRAFT_2019_BOOLEANS = ("$recursiveAnchor",)


@makes(EXCLUSIVE_BOUND)
def fix_exclusive_bounds(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    """The draft-04 (OpenAPI 3.0) boolean `exclusiveMinimum`/`exclusiveMaximum` in a 3.1
    schema. `true` beside a numeric `minimum`/`maximum` says the bound is exclusive, which
    3.1 spells as the number itself; `false` says the bound is inclusive, which `minimum`
    alone already says, so it goes. `true` without its bound names no number: left for the
    validator to report."""
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = node.get(exclusive)
        if not isinstance(flag, bool):
            continue
        where = (*parts, exclusive)
        if not flag:
            del node[exclusive]
            message = f"'{exclusive}: false' (3.0's inclusive bound, 3.1's default) removed"
            ctx.report(EXCLUSIVE_BOUND, where, message)
            continue
        value = node.get(bound)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        node[exclusive] = node.pop(bound)
        message = f"'{exclusive}: true' with '{bound}: {value}' read as '{exclusive}: {value}'"
        ctx.report(EXCLUSIVE_BOUND, where, message)


@makes(DRAFT_2019_KEYWORD)
def fix_draft_2019_keywords(ctx: Repairing, node: dict[str, Any], parts: Parts) -> None:
    """`$recursiveAnchor: true` (draft 2019-09). A 2020-12 validator gives the keyword no
    meaning, but 2020-12's meta-schema still reserves the name for an anchor string, so
    the 2019-09 boolean fails it: kept as an extension, where it means nothing either."""
    for key in _DRAFT_2019_BOOLEANS:
        if not isinstance(node.get(key), bool):
            continue
        extension = "x-sdkgen-" + key.lstrip("$")
        if extension in node:
            continue
        node[extension] = node.pop(key)
        message = f"draft 2019-09 keyword {key!r} (no meaning in 2020-12) kept as {extension!r}"
        ctx.report(DRAFT_2019_KEYWORD, (*parts, extension), message)
