"""generator/runtime/_auth.py: secrets, basic credentials, OAuth2 tokens, client options."""

from __future__ import annotations

import time

import pytest

from generator.runtime._auth import (
    TOKEN_EXPIRY_MARGIN,
    Secret,
    TokenCache,
    basic_authorization,
    resolve_option,
)
from generator.runtime._exceptions import SDKError


def test_a_secret_never_shows_its_value() -> None:
    secret = Secret("s3cret")
    assert "s3cret" not in repr(secret) and "s3cret" not in str(secret)
    assert "s3cret" not in repr({"token": secret})
    assert secret.get_secret_value() == "s3cret"
    assert secret == Secret("s3cret") and secret != Secret("other")
    assert len({secret, Secret("s3cret")}) == 1


def test_basic_authorization_is_base64_of_user_colon_password() -> None:
    assert basic_authorization("Aladdin", "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    assert basic_authorization("\u00e9", "p") == "Basic w6k6cA=="


def test_tokens_are_kept_until_shortly_before_they_expire() -> None:
    cache = TokenCache()
    cache.put("https://auth/token", "fresh", expires_in=TOKEN_EXPIRY_MARGIN + 60)
    cache.put("https://auth/other", "stale", expires_in=TOKEN_EXPIRY_MARGIN - 1)
    cache.put("https://auth/forever", "kept", expires_in=None)
    assert cache.get("https://auth/token") == "fresh"
    assert cache.get("https://auth/other") is None
    assert cache.get("https://auth/forever") == "kept"
    assert sorted(cache.secrets()) == ["fresh", "kept", "stale"]
    cache.forget("https://auth/forever")
    assert cache.get("https://auth/forever") is None


def test_a_token_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = TokenCache()
    cache.put("u", "t", expires_in=TOKEN_EXPIRY_MARGIN + 10)
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 11)
    assert cache.get("u") is None


def test_client_options_come_from_the_argument_the_environment_or_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("API_REGION", "eu")
    assert resolve_option("us", "API_REGION", "", "region") == "us"
    assert resolve_option(None, "API_REGION", "", "region") == "eu"
    monkeypatch.delenv("API_REGION")
    assert resolve_option(None, "API_REGION", "global", "region") == "global"
    with pytest.raises(SDKError, match="`region` client option must be set"):
        resolve_option(None, "API_REGION", "", "region")
