"""Security: the API's schemes, the requirements of the API and of each operation, and the
environment variables and client options of the credentials."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import ir
from ..diagnostics import pointer_from_parts
from ..naming import python_identifier, snake_case, unique_name
from .context import Context, text


def security_schemes(ctx: Context) -> tuple[ir.SecurityScheme, ...]:
    """The schemes of `components.securitySchemes`, in spec order."""
    components = ctx.data.get("components")
    raw = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(raw, dict):
        return ()
    schemes: list[ir.SecurityScheme] = []
    taken: set[str] = set()
    for key, value in raw.items():
        scheme, _ = ctx.dict_at(value, pointer_from_parts(["components", "securitySchemes", key]))
        python = unique_name(python_identifier(str(key), fallback="scheme"), taken)
        taken.add(python)
        flows: list[ir.OAuthFlow] = []
        raw_flows = scheme.get("flows")
        for kind, flow in (raw_flows if isinstance(raw_flows, dict) else {}).items():
            flow = flow if isinstance(flow, dict) else {}
            scopes = flow.get("scopes")
            flows.append(
                ir.OAuthFlow(
                    kind=str(kind),
                    token_url=text(flow.get("tokenUrl")),
                    authorization_url=text(flow.get("authorizationUrl")),
                    refresh_url=text(flow.get("refreshUrl")),
                    scopes=tuple(str(s) for s in scopes) if isinstance(scopes, dict) else (),
                )
            )
        schemes.append(
            ir.SecurityScheme(
                key=str(key),
                python_name=python,
                type=text(scheme.get("type")),
                scheme=text(scheme.get("scheme")).lower(),
                location=text(scheme.get("in")),
                parameter_name=text(scheme.get("name")),
                description=text(scheme.get("description")),
                flows=tuple(flows),
                open_id_connect_url=text(scheme.get("openIdConnectUrl")),
                bearer_format=text(scheme.get("bearerFormat")),
            )
        )
    return tuple(schemes)


def requirements(raw: Any, default: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """Security alternatives, each the scheme keys needed together; `()` is anonymous."""
    if not isinstance(raw, list):
        return default
    found: list[tuple[str, ...]] = []
    for requirement in raw:
        if isinstance(requirement, dict):
            keys = tuple(str(k) for k in requirement)
            if keys not in found:
                found.append(keys)
    return tuple(found)


def token_env_name(env_prefix: str) -> str:
    """The environment variable of the client-wide token."""
    return f"{env_prefix}_TOKEN"


def base_url_env_name(env_prefix: str) -> str:
    """The environment variable that overrides the server URL."""
    return f"{env_prefix}_BASE_URL"


def with_env_names(
    schemes: tuple[ir.SecurityScheme, ...], env_prefix: str
) -> tuple[ir.SecurityScheme, ...]:
    """Each scheme with the environment variable of its own token: `<PREFIX>_<SCHEME>`."""
    taken = {token_env_name(env_prefix), base_url_env_name(env_prefix)}
    named: list[ir.SecurityScheme] = []
    for scheme in schemes:
        env = f"{env_prefix}_{(snake_case(scheme.key) or 'scheme').upper()}"
        while env in taken:  # a scheme called "token" must not shadow the client-wide token
            env += "_TOKEN"
        taken.add(env)
        named.append(replace(scheme, env_name=env))
    return tuple(named)


def credential_options(
    schemes: tuple[ir.SecurityScheme, ...], env_prefix: str
) -> tuple[ir.CredentialOption, ...]:
    """The client options of the non-token credentials the API's schemes need."""
    options: list[ir.CredentialOption] = []
    if any(s.type == "http" and s.scheme == "basic" for s in schemes):
        options += [
            ir.CredentialOption("username", f"{env_prefix}_USERNAME", "the http basic username"),
            ir.CredentialOption("password", f"{env_prefix}_PASSWORD", "the http basic password"),
        ]
    if any(f.kind == "clientCredentials" for s in schemes if s.type == "oauth2" for f in s.flows):
        options += [
            ir.CredentialOption(
                "client_id", f"{env_prefix}_CLIENT_ID", "the OAuth2 client id (client credentials)"
            ),
            ir.CredentialOption(
                "client_secret",
                f"{env_prefix}_CLIENT_SECRET",
                "the OAuth2 client secret (client credentials)",
            ),
        ]
    return tuple(options)
