"""generator.normalize.security: schemes, requirements, and the environment variables and
client options of the credentials."""

from __future__ import annotations

from generator import ir
from generator.normalize.security import (
    credential_options,
    requirements,
    with_env_names,
)

from ..coverage_ir import api30, normalized, operation


def scheme(
    key: str, type_: str = "http", scheme_: str = "bearer", flows: tuple[ir.OAuthFlow, ...] = ()
) -> ir.SecurityScheme:
    return ir.SecurityScheme(
        key=key,
        python_name=key,
        type=type_,
        scheme=scheme_,
        location="",
        parameter_name="",
        description="",
        flows=flows,
    )


def test_requirements_keep_combinations_in_order_and_anonymous_access() -> None:
    raw = [{"a": [], "b": []}, {}, {"a": [], "b": []}, "junk", {"c": ["scope"]}]
    assert requirements(raw, (("default",),)) == (("a", "b"), (), ("c",))
    assert requirements(None, (("default",),)) == (("default",),)  # not given: inherited
    assert requirements([], (("default",),)) == ()  # given empty: no security


def test_every_scheme_gets_its_own_environment_variable_never_the_client_wide_ones() -> None:
    named = with_env_names((scheme("apiKey"), scheme("token"), scheme("base-url")), "MY_SDK")
    assert [s.env_name for s in named] == [
        "MY_SDK_API_KEY",
        "MY_SDK_TOKEN_TOKEN",
        "MY_SDK_BASE_URL_TOKEN",
    ]


def test_credential_options_for_basic_auth_and_oauth2_client_credentials() -> None:
    assert credential_options((scheme("bearer"),), "P") == ()
    basic = credential_options((scheme("b", scheme_="basic"),), "P")
    assert [(o.name, o.env_name) for o in basic] == [
        ("username", "P_USERNAME"),
        ("password", "P_PASSWORD"),
    ]
    flow = ir.OAuthFlow("clientCredentials", "https://t", "", "", ())
    oauth = credential_options((scheme("o", type_="oauth2", flows=(flow,)),), "P")
    assert [o.name for o in oauth] == ["client_id", "client_secret"]


def test_security_schemes_follow_their_references() -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "securitySchemes": {
                "shared": {"type": "http", "scheme": "Bearer"},
                "alias": {"$ref": "#/components/securitySchemes/shared"},
                "class": {"type": "apiKey", "in": "header", "name": "X-Key"},
            }
        },
    }
    api, _ = normalized(spec)
    assert [(s.key, s.python_name, s.type, s.scheme) for s in api.security_schemes] == [
        ("shared", "shared", "http", "bearer"),
        ("alias", "alias", "http", "bearer"),
        ("class", "class_", "apiKey", ""),
    ]


# --- the coverage specs -----------------------------------------------------------------------


def test_security_schemes_of_every_kind() -> None:
    schemes = {s.key: s for s in api30().security_schemes}
    assert (schemes["bearerAuth"].scheme, schemes["bearerAuth"].bearer_format) == ("bearer", "JWT")
    assert schemes["basicAuth"].scheme == "basic"
    assert [(s.location, s.parameter_name) for k, s in schemes.items() if s.type == "apiKey"] == [
        ("header", "X-API-Key"),
        ("query", "api_key"),
        ("cookie", "sid"),
    ]
    [flow] = schemes["oauth"].flows
    assert (flow.kind, flow.token_url, flow.scopes) == (
        "clientCredentials",
        "https://auth.example.com/token",
        ("pets:read", "pets:write"),
    )


def test_security_requirements_keep_combinations_and_anonymous_access() -> None:
    api = api30()
    assert api.default_security == (("bearerAuth",), ("apiKeyHeader", "apiKeyQuery"))
    assert operation(api, "listPets").security == api.default_security
    assert operation(api, "deletePet").security == ()
    assert operation(api, "getHolder").security == (
        ("oauth",),
        ("basicAuth",),
        ("apiKeyCookie",),
    )


def test_every_scheme_gets_an_environment_variable_and_credentials_their_options() -> None:
    api = api30()
    assert [(s.key, s.env_name) for s in api.security_schemes] == [
        ("bearerAuth", "COV_BEARER_AUTH"),
        ("basicAuth", "COV_BASIC_AUTH"),
        ("apiKeyHeader", "COV_API_KEY_HEADER"),
        ("apiKeyQuery", "COV_API_KEY_QUERY"),
        ("apiKeyCookie", "COV_API_KEY_COOKIE"),
        ("oauth", "COV_OAUTH"),
    ]
    assert [(o.name, o.env_name) for o in api.credential_options] == [
        ("username", "COV_USERNAME"),
        ("password", "COV_PASSWORD"),
        ("client_id", "COV_CLIENT_ID"),
        ("client_secret", "COV_CLIENT_SECRET"),
    ]
