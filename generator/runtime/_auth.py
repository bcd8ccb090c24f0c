"""Credentials: the security schemes a client serves, secrets that never show in logs or
tracebacks, and the OAuth2 access tokens fetched with client credentials."""

from __future__ import annotations

import asyncio
import base64
import math
import os
import threading
import time
from dataclasses import dataclass

from ._exceptions import SDKError

__all__ = [
    "REDACTED",
    "SENSITIVE_HEADERS",
    "TOKEN_EXPIRY_MARGIN",
    "AuthScheme",
    "Secret",
    "TokenCache",
    "basic_authorization",
    "resolve_option",
]

REDACTED = "****"
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
TOKEN_EXPIRY_MARGIN = 30.0  # seconds before its announced expiry an OAuth2 token is renewed


@dataclass(frozen=True, kw_only=True)
class AuthScheme:
    """How a security scheme authorizes a request.

    The credential goes in a header (after `prefix`, such as "Bearer "), a query parameter or a
    cookie named `name`. `kind` says what it is made from besides a token: "basic" (the client's
    `username` and `password`), "oauth2" (an access token the client fetches from `token_url` with
    its `client_id` and `client_secret`), else "token" only. `env` names the environment variable
    holding the scheme's own token.
    """

    location: str
    name: str
    prefix: str = ""
    kind: str = "token"
    env: str = ""
    token_url: str = ""


def resolve_option(value: str | None, env: str, default: str, name: str) -> str:
    """A client option: the argument, else the environment variable, else the spec's default."""
    if value is None:
        value = os.environ.get(env) or default
    if not value:
        raise SDKError(
            f"The `{name}` client option must be set (or the {env} environment variable)"
        )
    return value


class Secret:
    """A credential: its repr and str are redacted, so it never shows in logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{REDACTED}')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def basic_authorization(user: str, password: str) -> str:
    """An `Authorization` header value of HTTP basic authentication (RFC 7617, UTF-8)."""
    pair = f"{user}:{password}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


class TokenCache:
    """OAuth2 access tokens fetched with client credentials, per token URL, until they are about
    to expire (shared by the copies `with_options` makes, thread-safe)."""

    def __init__(self) -> None:
        self._tokens: dict[str, tuple[Secret, float]] = {}
        self._lock = threading.Lock()
        # Held while a token is fetched, so that calls made at the same time wait for that one
        # token instead of each fetching their own (threads, and tasks of the async client).
        self.fetching = threading.Lock()
        self.fetching_async = asyncio.Lock()

    def get(self, url: str) -> str | None:
        with self._lock:
            entry = self._tokens.get(url)
        if entry is None or entry[1] <= time.monotonic():
            return None
        return entry[0].get_secret_value()

    def put(self, url: str, token: str, expires_in: float | None) -> None:
        # Without `expires_in` the token is kept until the server rejects it (see `forget`).
        lifetime = math.inf if expires_in is None else max(expires_in - TOKEN_EXPIRY_MARGIN, 0.0)
        with self._lock:
            self._tokens[url] = (Secret(token), time.monotonic() + lifetime)

    def forget(self, url: str) -> None:
        with self._lock:
            self._tokens.pop(url, None)

    def secrets(self) -> list[str]:
        with self._lock:
            return [secret.get_secret_value() for secret, _ in self._tokens.values()]
