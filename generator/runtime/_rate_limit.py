"""Client-side rate limits: at most so many requests per window, and so many in flight."""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from dataclasses import dataclass

__all__ = ["DEFAULT_RATE_LIMIT", "AsyncLimiter", "RateLimit", "SyncLimiter"]


@dataclass(frozen=True)
class RateLimit:
    """Client-side limits, shared by every copy of a client (see `with_options`).

    At most `requests` requests per `per` seconds, counted the way a server counts arrivals:
    a request holds its place from the moment it starts until `per` seconds after its response
    arrived (it reached the server somewhere in between), so no window of `per` seconds at the
    server can see more than `requests` of them, whatever the network delays. At most
    `max_concurrency` requests are in flight at once.
    """

    requests: int = 30
    per: float = 1.0
    max_concurrency: int = 30


DEFAULT_RATE_LIMIT = RateLimit()


class _Slot:
    __slots__ = ("finished",)

    def __init__(self) -> None:
        self.finished: float | None = None  # monotonic time the response arrived


class _Window:
    """The places of recent requests (thread-safe; never blocks while holding its lock)."""

    def __init__(self, limit: RateLimit) -> None:
        self._limit = limit
        self._slots: list[_Slot] = []
        self._lock = threading.Lock()

    def reserve(self) -> tuple[_Slot | None, float]:
        """A place for a request starting now, or how long to wait before asking again."""
        per = self._limit.per
        with self._lock:
            now = time.monotonic()
            self._slots = [
                slot for slot in self._slots if slot.finished is None or slot.finished + per > now
            ]
            if len(self._slots) < self._limit.requests:
                slot = _Slot()
                self._slots.append(slot)
                return slot, 0.0
            ends = [slot.finished + per for slot in self._slots if slot.finished is not None]
            return None, max(min(ends) - now, 0.001) if ends else 0.005

    def finish(self, slot: _Slot) -> None:
        with self._lock:
            slot.finished = time.monotonic()


class SyncLimiter:
    """The sync limiter: the window, and a semaphore bounding the requests in flight."""

    def __init__(self, limit: RateLimit) -> None:
        self._window = _Window(limit)
        self._slots = threading.BoundedSemaphore(limit.max_concurrency)

    def acquire(self) -> _Slot:
        self._slots.acquire()
        while True:
            slot, wait = self._window.reserve()
            if slot is not None:
                return slot
            time.sleep(wait)

    def release(self, slot: _Slot) -> None:
        self._window.finish(slot)
        self._slots.release()


class AsyncLimiter:
    """The async limiter: one window across threads and loops, a semaphore per event loop."""

    def __init__(self, limit: RateLimit) -> None:
        self._limit = limit
        self._window = _Window(limit)
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        semaphore = self._slots.get(loop)
        if semaphore is None:
            semaphore = self._slots[loop] = asyncio.Semaphore(self._limit.max_concurrency)
        return semaphore

    async def acquire(self) -> _Slot:
        await self._semaphore().acquire()
        while True:
            slot, wait = self._window.reserve()
            if slot is not None:
                return slot
            await asyncio.sleep(wait)

    def release(self, slot: _Slot) -> None:
        self._window.finish(slot)
        self._semaphore().release()
