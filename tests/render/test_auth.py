"""The security schemes' views: the client's `AuthScheme(...)` and the README's "sent as"."""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.render.auth import AuthSchemeView, auth_schemes
from tests import ir_samples


def scheme(
    key: str,
    type_: str,
    *,
    scheme: str = "",
    location: str = "",
    name: str = "",
    flows: tuple[ir.OAuthFlow, ...] = (),
) -> ir.SecurityScheme:
    return ir.SecurityScheme(
        key,
        key.lower(),
        type_,
        scheme,
        location,
        name,
        "",
        flows=flows,
        env_name=f"X_{key.upper()}",
    )


def views(*schemes: ir.SecurityScheme) -> dict[str, AuthSchemeView]:
    api = dataclasses.replace(ir_samples.minimal_api(), security_schemes=schemes)
    return {view.key: view for view in auth_schemes(api)}


CLIENT_CREDENTIALS = ir.OAuthFlow("clientCredentials", "https://auth.example/token", "", "", ())
SCHEMES = views(
    scheme("bearer", "http", scheme="bearer"),
    scheme("basic", "http", scheme="basic"),
    scheme("query", "apiKey", location="query", name="api_key"),
    scheme("header", "apiKey", location="header", name="X-API-Key"),
    scheme("cookie", "apiKey", location="cookie", name="sid"),
    scheme("oauth", "oauth2", flows=(CLIENT_CREDENTIALS,)),
)


def test_the_readme_says_how_each_kind_of_scheme_is_sent() -> None:
    sent = {key: view.sent_as for key, view in SCHEMES.items()}
    assert sent == {
        "bearer": "`Authorization: Bearer ...` header",
        "basic": "HTTP basic (`Authorization: Basic ...`)",
        "query": "`api_key` query parameter",
        "header": "`X-API-Key` header",
        "cookie": "`sid` cookie",
        "oauth": "`Authorization: Bearer ...` header, or a token fetched from "
        "`https://auth.example/token` with the client credentials",
    }


def test_the_client_table_names_every_argument_and_leaves_out_what_a_scheme_lacks() -> None:
    assert SCHEMES["bearer"].expression == (
        "AuthScheme(location='header', name='Authorization', prefix='Bearer ', kind='token', "
        "env='X_BEARER')"
    )
    assert SCHEMES["query"].expression == (
        "AuthScheme(location='query', name='api_key', kind='token', env='X_QUERY')"
    )
    assert SCHEMES["oauth"].expression.endswith(
        "kind='oauth2', env='X_OAUTH', token_url='https://auth.example/token')"
    )
