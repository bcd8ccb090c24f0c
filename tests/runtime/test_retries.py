"""generator/runtime/_retries.py: which failures are retried and how long to wait."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from generator.runtime._retries import (
    MAX_RETRY_DELAY,
    retry_after,
    retry_delay,
    retryable,
)


def headers(**values: str) -> httpx.Headers:
    return httpx.Headers({key.replace("_", "-"): value for key, value in values.items()})


def test_retry_after_reads_milliseconds_seconds_and_http_dates() -> None:
    assert retry_after(None) is None
    assert retry_after(headers()) is None
    assert retry_after(headers(retry_after_ms="1500")) == 1.5
    assert retry_after(headers(retry_after="3")) == 3.0
    assert retry_after(headers(retry_after="soon")) is None
    later = email.utils.formatdate(time.time() + 20, usegmt=True)
    assert 15 < (retry_after(headers(retry_after=later)) or 0) <= 20
    earlier = email.utils.formatdate(time.time() - 20, usegmt=True)
    assert retry_after(headers(retry_after=earlier)) == 0.0


def test_the_delay_is_what_the_server_asks_within_reason_else_a_jittered_backoff() -> None:
    assert retry_delay(0, headers(retry_after="2")) == 2.0
    for attempt in range(8):
        expected = min(0.5 * 2**attempt, MAX_RETRY_DELAY)
        delay = retry_delay(attempt, headers(retry_after="600"))  # too long: ignored here
        assert 0.75 * expected <= delay <= expected


def response(status: int) -> httpx.Response:
    return httpx.Response(status, request=httpx.Request("GET", "http://x"))


@pytest.mark.parametrize(
    ("method", "status", "error", "streamed", "expected"),
    [
        ("GET", 503, None, False, True),
        ("GET", 429, None, False, True),
        ("GET", 408, None, False, True),
        ("GET", 404, None, False, False),
        ("GET", 400, None, False, False),
        ("POST", 503, None, False, False),
        ("POST", None, httpx.ConnectError("refused"), False, True),
        ("POST", None, httpx.ReadError("reset"), False, False),
        ("GET", None, httpx.ReadError("reset"), False, True),
        ("PUT", 500, None, True, False),
        ("PUT", None, httpx.ConnectTimeout("slow"), True, True),
    ],
)
def test_what_is_retried(
    method: str, status: int | None, error: Exception | None, streamed: bool, expected: bool
) -> None:
    answer = response(status) if status is not None else None
    assert (
        retryable(method, answer, error, streamed=streamed, retry_non_idempotent=False) is expected
    )


def test_non_idempotent_requests_are_retried_when_asked() -> None:
    assert retryable("POST", response(503), None, streamed=False, retry_non_idempotent=True)
    assert not retryable("POST", response(422), None, streamed=False, retry_non_idempotent=True)
