"""Servers: of the API, of a path item and of an operation, with their variables."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..naming import CLIENT_OPTIONS, python_identifier, unique_name
from .context import Context, text
from .drafts import SpecOperation


def servers(ctx: Context, raw: Any = None, pointer: str = "/servers") -> tuple[ir.Server, ...]:
    """The servers of the list `raw` (the API's `servers` when None)."""
    raw = ctx.data.get("servers") if raw is None else raw
    if not isinstance(raw, list):
        return ()
    found: list[ir.Server] = []
    for index, server in enumerate(raw):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            ctx.skip(f"{pointer}/{index}", "server without a url; left out")
            continue
        variables: list[ir.ServerVariable] = []
        taken: set[str] = set(CLIENT_OPTIONS)
        raw_vars = server.get("variables")
        for name, var in (raw_vars if isinstance(raw_vars, dict) else {}).items():
            var = var if isinstance(var, dict) else {}
            python = unique_name(
                python_identifier(str(name), fallback="var"), taken | CLIENT_OPTIONS
            )
            taken.add(python)
            enum = var.get("enum")
            variables.append(
                ir.ServerVariable(
                    name=str(name),
                    python_name=python,
                    default=str(var.get("default", "")),
                    enum=tuple(str(v) for v in enum) if isinstance(enum, list) else (),
                    description=text(var.get("description")),
                )
            )
        found.append(ir.Server(server["url"], text(server.get("description")), tuple(variables)))
    return tuple(found)


def with_env_names(found: tuple[ir.Server, ...], env_prefix: str) -> tuple[ir.Server, ...]:
    """The API's servers, each variable with the environment variable the client reads it from
    (`<PREFIX>_<VARIABLE>`; the variables' Python names never take the client's option names,
    so these never take `<PREFIX>_TOKEN` or `<PREFIX>_BASE_URL`)."""
    return tuple(
        replace(
            server,
            variables=tuple(
                replace(v, env_name=f"{env_prefix}_{v.python_name.upper()}")
                for v in server.variables
            ),
        )
        for server in found
    )


def operation_servers(ctx: Context, op: SpecOperation) -> tuple[ir.Server, ...]:
    """Servers of the operation, else of its path item; () means the API's servers."""
    for node, pointer in ((op.node, op.pointer), (op.path_item, op.path_item_pointer)):
        raw = node.get("servers")
        if isinstance(raw, list) and raw:
            return servers(ctx, raw, pointer + "/servers")
    return ()
