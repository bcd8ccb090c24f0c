"""Client-side rate limits: at most so many requests per window, and so many in flight."""

from __future__ import annotations

import asyncio
import threading
import time
import weakref
from dataclasses import dataclass

__all__ = ["AsyncLimiter", "RateLimit", "SyncLimiter"]


@dataclass(frozen=True)
class RateLimit:
    """Client-side limits, shared by every copy of a client (see `with_options`).

    At most `requests` requests per `per` seconds, counted the way a server counts arrivals:
    a request holds its place from the moment it starts until `per` seconds after its response
    arrived (it reached the server somewhere in between), so no window of `per` seconds at the
    server can see more than `requests` of them, whatever the network delays. At most
    `max_concurrency` requests are in flight at once. None: no limit of that kind.
    """

    requests: int | None = None
    per: float = 1.0
    max_concurrency: int | None = None

    def __post_init__(self) -> None:
        if self.requests is not None and self.requests < 1:
            raise ValueError(f"RateLimit.requests must be at least 1, not {self.requests!r}")
        if not self.per > 0:
            raise ValueError(f"RateLimit.per must be more than 0 seconds, not {self.per!r}")
        if self.max_concurrency is not None and self.max_concurrency < 1:
            raise ValueError(
                f"RateLimit.max_concurrency must be at least 1, not {self.max_concurrency!r}"
            )

    @property
    def limits(self) -> bool:
        """Whether it limits anything (`RateLimit()` does not: the client sends freely)."""
        return self.requests is not None or self.max_concurrency is not None


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
        per, requests = self._limit.per, self._limit.requests
        if requests is None:
            return _Slot(), 0.0
        with self._lock:
            now = time.monotonic()
            self._slots = [
                slot for slot in self._slots if slot.finished is None or slot.finished + per > now
            ]
            if len(self._slots) < requests:
                slot = _Slot()
                self._slots.append(slot)
                return slot, 0.0
            ends = [slot.finished + per for slot in self._slots if slot.finished is not None]
            return None, max(min(ends) - now, 0.001) if ends else 0.005

    def finish(self, slot: _Slot) -> None:
        if self._limit.requests is None:
            return
        with self._lock:
            slot.finished = time.monotonic()


class SyncLimiter:
    """The sync limiter: the window, and a semaphore bounding the requests in flight."""

    def __init__(self, limit: RateLimit) -> None:
        self._window = _Window(limit)
        self._slots = (
            threading.BoundedSemaphore(limit.max_concurrency)
            if limit.max_concurrency is not None
            else None
        )

    def acquire(self) -> _Slot:
        if self._slots is not None:
            self._slots.acquire()
        while True:
            slot, wait = self._window.reserve()
            if slot is not None:
                return slot
            time.sleep(wait)

    def release(self, slot: _Slot) -> None:
        self._window.finish(slot)
        if self._slots is not None:
            self._slots.release()


class AsyncLimiter:
    """The async limiter: one window across threads and loops, a semaphore per event loop."""

    def __init__(self, limit: RateLimit) -> None:
        self._limit = limit
        self._window = _Window(limit)
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _semaphore(self) -> asyncio.Semaphore | None:
        if self._limit.max_concurrency is None:
            return None
        loop = asyncio.get_running_loop()
        semaphore = self._slots.get(loop)
        if semaphore is None:
            semaphore = self._slots[loop] = asyncio.Semaphore(self._limit.max_concurrency)
        return semaphore

    async def acquire(self) -> _Slot:
        semaphore = self._semaphore()
        if semaphore is not None:
            await semaphore.acquire()
        while True:
            slot, wait = self._window.reserve()
            if slot is not None:
                return slot
            await asyncio.sleep(wait)

    def release(self, slot: _Slot) -> None:
        self._window.finish(slot)
        semaphore = self._semaphore()
        if semaphore is not None:
            semaphore.release()
