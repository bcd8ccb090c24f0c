"""Reading parameter lists, for the path repairs: the names of the path parameters a list
declares, and what an operation's list becomes once its path item's list applies to it."""

from __future__ import annotations

from typing import Any

from ..load.documents import clone_json
from .context import Repairing


def path_parameter_names(ctx: Repairing, params: Any) -> list[str]:
    """Names of the `in: path` parameters in a parameter list (local refs followed)."""
    names: list[str] = []
    for param in params if isinstance(params, list) else []:
        resolved = ctx.deref(param)
        if isinstance(resolved, dict) and resolved.get("in") == "path":
            names.append(str(resolved.get("name")))
    return names


def inherit(ctx: Repairing, shared: Any, own: Any) -> list[Any]:
    """An operation's parameters once the path item's `shared` ones are its own too: the
    operation's declaration of a name and location wins, as OpenAPI says."""
    own_list = list(own) if isinstance(own, list) else []
    taken = {_parameter_key(ctx.deref(p)) for p in own_list} - {None}
    inherited = [
        clone_json(p)
        for p in (shared if isinstance(shared, list) else [])
        if _parameter_key(ctx.deref(p)) not in taken
    ]
    return inherited + own_list


def _parameter_key(param: Any) -> tuple[str, str] | None:
    """What identifies a parameter in a list: its name and location."""
    if isinstance(param, dict) and "$ref" not in param:
        return str(param.get("name")), str(param.get("in"))
    return None
