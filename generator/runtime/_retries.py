"""The retry policy: which failures are retried, how long to wait, and for how long to try."""

from __future__ import annotations

import datetime
import email.utils
import random
import time

import httpx

__all__ = [
    "CONNECT_ERRORS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_RETRY_DEADLINE",
    "IDEMPOTENT_METHODS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RETRY_STATUSES",
    "Attempts",
    "retry_after",
    "retry_delay",
    "retryable",
]

DEFAULT_MAX_RETRIES = 2
DEFAULT_RETRY_DEADLINE = 60.0  # seconds from the first attempt after which no retry starts
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0  # a server asking to wait longer is not retried
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "QUERY"})
RETRY_STATUSES = frozenset({408, 409, 429})
# The connection could not be made: nothing was sent, so any request may be retried.
CONNECT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout)


class Attempts:
    """Retry bookkeeping of one call: when its first attempt started, how many retries so far."""

    __slots__ = ("count", "started")

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.count = 0


def retry_after(headers: httpx.Headers | None) -> float | None:
    """Seconds the server asks to wait (`retry-after-ms`, `Retry-After` seconds or HTTP-date)."""
    if headers is None:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return float(milliseconds) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds())


def retry_delay(attempt: int, headers: httpx.Headers | None) -> float:
    """Seconds to wait before retry number `attempt` (from 0): what the server asks, within
    reason, else an exponential backoff with jitter."""
    asked = retry_after(headers)
    if asked is not None and 0 <= asked <= MAX_RETRY_AFTER:
        return asked
    delay = min(INITIAL_RETRY_DELAY * 2.0**attempt, MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())


def retryable(
    method: str,
    response: httpx.Response | None,
    error: Exception | None,
    *,
    streamed: bool,
    retry_non_idempotent: bool,
) -> bool:
    """Whether a failed attempt may be retried at all (the retry budget and deadline aside).

    Retried: connection errors, 408, 409, 429 and 5xx; a request with a non-idempotent method
    only when the connection could not be made (nothing was sent), unless
    `retry_non_idempotent`; a streamed body (it cannot be sent twice) only in that case too.
    """
    if isinstance(error, CONNECT_ERRORS):
        return True
    if streamed:
        return False
    if method not in IDEMPOTENT_METHODS and not retry_non_idempotent:
        return False
    if response is None:
        return True
    return response.status_code in RETRY_STATUSES or response.status_code >= 500
