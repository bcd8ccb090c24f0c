"""The security schemes as the client's `AUTH_SCHEMES` table spells them, and as the README's
table of schemes says how each is sent."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ir
from .text import pystr


@dataclass(frozen=True)
class AuthSchemeView:
    """A security scheme as the client's `AUTH_SCHEMES` table spells it (see `AuthScheme`)."""

    key: str
    location: str  # "header", "query" or "cookie"
    name: str  # the header, query parameter or cookie name
    prefix: str  # before the credential ("Bearer ")
    kind: str  # "token", "basic" or "oauth2" (client credentials)
    env: str  # environment variable of the scheme's own token
    token_url: str  # OAuth2 client credentials: where the client fetches its tokens

    @property
    def expression(self) -> str:
        """The runtime's `AuthScheme(...)` of the scheme, as `AUTH_SCHEMES` holds it."""
        arguments = [f"location={pystr(self.location)}", f"name={pystr(self.name)}"]
        if self.prefix:  # else none, the runtime's default
            arguments.append(f"prefix={pystr(self.prefix)}")
        arguments += [f"kind={pystr(self.kind)}", f"env={pystr(self.env)}"]
        if self.token_url:
            arguments.append(f"token_url={pystr(self.token_url)}")
        return f"AuthScheme({', '.join(arguments)})"

    @property
    def sent_as(self) -> str:
        """How the README's table of schemes says the credential is sent."""
        if self.kind == "basic":
            sent = "HTTP basic (`Authorization: Basic ...`)"
        elif self.location == "header" and self.prefix:
            sent = f"`{self.name}: {self.prefix}...` header"
        else:
            place = {"query": "query parameter"}.get(self.location, self.location)
            sent = f"`{self.name}` {place}"
        if self.kind == "oauth2":
            sent += f", or a token fetched from `{self.token_url}` with the client credentials"
        return sent


def auth_schemes(api: ir.Api) -> tuple[AuthSchemeView, ...]:
    """The schemes the client can serve (unknown types are left out: nothing to send)."""
    schemes = []
    for scheme in api.security_schemes:
        key, env = scheme.key, scheme.env_name
        if scheme.type == "http" and scheme.scheme.lower() == "bearer":
            schemes.append(
                AuthSchemeView(key, "header", "Authorization", "Bearer ", "token", env, "")
            )
        elif scheme.type == "http" and scheme.scheme.lower() == "basic":
            schemes.append(
                AuthSchemeView(key, "header", "Authorization", "Basic ", "basic", env, "")
            )
        elif scheme.type == "apiKey" and scheme.location in ("header", "query", "cookie"):
            schemes.append(
                AuthSchemeView(key, scheme.location, scheme.parameter_name, "", "token", env, "")
            )
        elif scheme.type in ("oauth2", "openIdConnect"):
            flow = next((f for f in scheme.flows if f.kind == "clientCredentials"), None)
            kind, token_url = (
                ("oauth2", flow.token_url) if flow and flow.token_url else ("token", "")
            )
            schemes.append(
                AuthSchemeView(key, "header", "Authorization", "Bearer ", kind, env, token_url)
            )
    return tuple(schemes)
