"""generator/runtime/_rate_limit.py: requests per window and requests in flight."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from generator.runtime._rate_limit import AsyncLimiter, RateLimit, SyncLimiter, _Window


def test_a_window_holds_a_place_per_request_until_per_seconds_after_its_response() -> None:
    window = _Window(RateLimit(requests=2, per=0.2))
    first, _ = window.reserve()
    second, _ = window.reserve()
    assert first is not None and second is not None
    refused, wait = window.reserve()
    assert refused is None and wait > 0  # both still in flight
    window.finish(first)
    refused, wait = window.reserve()
    assert refused is None and 0 < wait <= 0.2  # the first frees its place 0.2 s after it ended
    time.sleep(wait + 0.01)
    third, _ = window.reserve()
    assert third is not None


def test_the_sync_limiter_bounds_requests_in_flight() -> None:
    limiter = SyncLimiter(RateLimit(requests=1000, per=1.0, max_concurrency=2))
    in_flight, peak = 0, 0
    lock = threading.Lock()

    def call() -> None:
        nonlocal in_flight, peak
        slot = limiter.acquire()
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.02)
        with lock:
            in_flight -= 1
        limiter.release(slot)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 2


def test_the_sync_limiter_spaces_requests_beyond_the_rate() -> None:
    limiter = SyncLimiter(RateLimit(requests=3, per=0.3))
    started = time.monotonic()
    for _ in range(6):
        limiter.release(limiter.acquire())
    assert time.monotonic() - started >= 0.3  # the 4th waited for the 1st's place


async def peak_in_flight(limiter: AsyncLimiter, calls: int) -> int:
    """The most calls that held a place of `limiter` at once, of `calls` started together."""
    peak = in_flight = 0

    async def one() -> None:
        nonlocal peak, in_flight
        slot = await limiter.acquire()
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        limiter.release(slot)

    await asyncio.gather(*(one() for _ in range(calls)))
    return peak


def test_the_async_limiter_works_across_event_loops() -> None:
    limiter = AsyncLimiter(RateLimit(requests=100, per=1.0, max_concurrency=1))

    assert asyncio.run(peak_in_flight(limiter, 5)) == 1
    assert asyncio.run(peak_in_flight(limiter, 5)) == 1  # a second loop gets its own semaphore


def test_a_rate_limit_states_no_limit_unless_told() -> None:
    """The runtime is every API's: its own defaults limit nothing (an API's limits are its
    generated client's default, see tests/test_rate_limits.py)."""
    assert not RateLimit().limits
    assert RateLimit(requests=5).limits and RateLimit(max_concurrency=2).limits
    assert (RateLimit(requests=5).max_concurrency, RateLimit(max_concurrency=2).requests) == (
        None,
        None,
    )


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"requests": 0}, "requests must be at least 1"),
        ({"requests": 3, "per": 0.0}, "per must be more than 0"),
        ({"max_concurrency": 0}, "max_concurrency must be at least 1"),
    ],
)
def test_a_rate_limit_refuses_limits_that_would_block_forever(
    options: dict[str, Any], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        RateLimit(**options)


def test_a_limiter_without_a_window_only_bounds_requests_in_flight() -> None:
    window = _Window(RateLimit(max_concurrency=1))
    places = [window.reserve() for _ in range(100)]
    assert all(place is not None and wait == 0.0 for place, wait in places)
    limiter = SyncLimiter(RateLimit(max_concurrency=1))
    for _ in range(100):
        limiter.release(limiter.acquire())
    held = limiter.acquire()
    second = threading.Thread(target=lambda: limiter.release(limiter.acquire()))
    second.start()
    second.join(0.05)
    assert second.is_alive()  # the one place in flight is taken
    limiter.release(held)
    second.join()


def test_a_limiter_without_a_concurrency_bound_only_counts_the_window() -> None:
    limiter = AsyncLimiter(RateLimit(requests=1000, per=1.0))

    assert asyncio.run(peak_in_flight(limiter, 50)) == 50
