"""The check pool: threads that run checks off the event loop, with a bounded queue."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable
from typing import Any

from icp_core.report import Text
from icp_core.server.bodies import _Problem
from icp_core.server.settings import RETRY_AFTER_SECONDS, Answer


class _CheckPool:
    """The threads the checks run in, off the event loop, with back-pressure.

    At most ``threads`` checks run at once and ``queue`` more wait; a request beyond
    that is refused at once with 503 and ``Retry-After`` rather than queued without
    bound (each waiting request holds its body in memory). A slot is given back when
    the thread's work is finished, not when the request gives up waiting, so the
    bound holds even for clients that disconnect. The counter is only touched on the
    event loop, so it needs no lock.
    """

    def __init__(self, threads: int, queue: int) -> None:
        self.threads = threads
        self.queue = queue
        self.admitted = 0
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._large: asyncio.Semaphore | None = None  # made on the loop that uses it

    def start(self) -> None:
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(self.threads, thread_name_prefix="icp-check")

    def stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def refuse_if_full(self, *, body_unread: bool = False) -> None:
        if self.admitted >= self.threads + self.queue:
            headers = {"retry-after": str(RETRY_AFTER_SECONDS)}
            if body_unread:  # the body is left unread: the connection cannot carry another request
                headers["connection"] = "close"
            raise _Problem(503, "busy", Text("the service is busy; retry shortly", "服务繁忙，请稍后重试"),
                           headers=headers)

    async def run(self, work: Callable[..., Answer], *args: Any, large: bool = False) -> Answer:
        """``work(*args)`` in a thread; ``large`` ones (big bodies) one at a time."""
        self.refuse_if_full()
        self.start()  # an application used without its lifespan (a bare ASGI call) still works
        assert self._executor is not None
        loop = asyncio.get_running_loop()
        self.admitted += 1
        lane: asyncio.Semaphore | None = None
        try:
            if large:
                self._large = self._large or asyncio.Semaphore(1)
                await self._large.acquire()  # waiting here counts as waiting in the queue
                lane = self._large
            future = self._executor.submit(work, *args)
        except BaseException:  # cancelled while waiting for the lane, or the pool is shut down
            self.admitted -= 1
            if lane is not None:
                lane.release()
            raise
        # Given back when the thread is done, even if the request stopped waiting for it.
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release, lane))
        return await asyncio.wrap_future(future)

    def _release(self, lane: asyncio.Semaphore | None) -> None:
        self.admitted -= 1
        if lane is not None:
            lane.release()
