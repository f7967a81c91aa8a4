"""Admission and scheduling of inspections: which uploads get in, which file runs next, when work stops.

A request's files become a :class:`Job`. Admission is bounded by count (requests waiting or running) and
by upload bytes; past either, :class:`Busy` (503 with Retry-After) before any work is queued. Worker
threads take one file at a time, from the job that has had the fewest files started so far (ties: the
oldest), so one request of twenty heavy files cannot hold a one-file request behind it. A file starts
only while the estimated memory of the files running stays under a budget (or runs alone). A worker
thread cannot be interrupted, so a job whose request timed out or went away is stopped between files:
no further file, and no thumbnail, is started for it; its uploads are released when its last running
file ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .uploads import Upload

R = TypeVar("R")
RETRY_AFTER_S = 2
# Work: (upload, thumbnail wanted, still wanted?) -> result. Cost: (upload, thumbnail wanted) -> bytes.
Work = Callable[[Upload, bool, Callable[[], bool]], R]
Cost = Callable[[Upload, bool], int]


class Busy(Exception):
    """The server has as much work admitted as its limits allow: answer 503 with Retry-After."""


class Stopped(Exception):
    """The job was stopped (past its deadline, abandoned, or the server is closing) before it finished."""


@dataclass(eq=False)
class Job(Generic[R]):
    """One request's files, inspected in any order by any worker; results come back in upload order."""

    uploads: list[Upload]
    thumbnails: bool
    deadline: float  # time.monotonic()
    size: int  # upload bytes, counted against the admission budget
    future: asyncio.Future[list[R]]
    loop: asyncio.AbstractEventLoop
    arrival: int
    results: list[Any] = field(default_factory=list)
    started: int = 0  # files handed to a worker
    running: int = 0
    finished: int = 0
    stopped: bool = False
    done: bool = False
    error: BaseException | None = None

    def wanted(self) -> bool:
        """Whether more work for this job is still worth starting."""
        return not self.stopped and time.monotonic() < self.deadline


class Inspections(Generic[R]):
    """The admitted jobs and the worker threads that run their files (started on first use)."""

    def __init__(
        self,
        work: Work[R],
        cost: Cost,
        *,
        workers: int,
        max_jobs: int,
        max_bytes: int,
        memory_budget: int,
    ) -> None:
        self._work = work
        self._cost = cost
        self._workers = workers
        self._max_jobs = max_jobs
        self._max_bytes = max_bytes
        self._memory_budget = memory_budget
        self._lock = threading.Condition()
        self._ready: list[tuple[int, int, Job[R]]] = []  # heap: (files started, arrival, job)
        self._arrivals = itertools.count()
        self._threads: list[threading.Thread] = []
        self._jobs = 0
        self._bytes = 0
        self._memory = 0
        self._closed = False

    @property
    def admitted(self) -> tuple[int, int]:
        """Jobs and upload bytes admitted now (waiting or running)."""
        with self._lock:
            return self._jobs, self._bytes

    def check_room(self, declared_bytes: int) -> None:
        """Raise :class:`Busy` when a request of this size could not be admitted now (before its body is
        read: nothing is reserved, the body may still be refused once it has arrived)."""
        with self._lock:
            self._refuse_if_full(declared_bytes)

    def submit(self, uploads: list[Upload], *, thumbnails: bool, deadline: float, size: int) -> Job[R]:
        """Admit a job (or raise :class:`Busy`); from then on it owns the uploads and closes them."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._closed:
                raise Busy("the server is shutting down")
            self._refuse_if_full(size)
            job: Job[R] = Job(
                uploads, thumbnails, deadline, size, loop.create_future(), loop, next(self._arrivals)
            )
            job.results = [None] * len(uploads)
            self._jobs += 1
            self._bytes += size
            heapq.heappush(self._ready, (0, job.arrival, job))
            self._start_workers()
            self._lock.notify_all()
        return job

    def stop(self, job: Job[R]) -> None:
        """Start no further file of this job; release it now if none is running."""
        with self._lock:
            job.stopped = True
            if job.running == 0:
                self._finish(job)
            self._lock.notify_all()

    def close(self) -> None:
        """Stop every job and let the workers end after their current file."""
        with self._lock:
            self._closed = True
            for _, _, job in self._ready:
                job.stopped = True
                if job.running == 0:
                    self._finish(job)
            self._lock.notify_all()

    def _refuse_if_full(self, size: int) -> None:
        if self._jobs >= self._max_jobs:
            raise Busy(f"the server is busy: {self._jobs} requests are waiting or being inspected")
        if self._jobs and self._bytes + size > self._max_bytes:
            raise Busy(f"the server is busy: {self._bytes:,} bytes of uploads are waiting or being inspected")

    def _start_workers(self) -> None:
        while len(self._threads) < self._workers:
            thread = threading.Thread(
                target=self._run, name=f"provenance-serve-{len(self._threads)}", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _run(self) -> None:
        while True:
            taken = self._take()
            if taken is None:
                return
            job, index = taken
            try:
                cost = self._cost(job.uploads[index], job.thumbnails)
            except Exception:  # an estimate only: never a reason to lose a worker
                cost = 0
            if not self._reserve(job, cost):
                self._end(job, index, cost, None, reserved=False)
                continue
            result: Any = None
            try:
                result = self._work(job.uploads[index], job.thumbnails, job.wanted)
            except Exception as error:  # a bug: the request gets 500, the worker goes on
                job.error = error
            self._end(job, index, cost, result, reserved=True)

    def _take(self) -> tuple[Job[R], int] | None:
        """The next file to inspect: of the job with the fewest files started (then the oldest)."""
        with self._lock:
            while True:
                if self._closed:
                    return None
                if not self._ready:
                    self._lock.wait()
                    continue
                _, _, job = heapq.heappop(self._ready)
                if job.done:
                    continue
                if not job.wanted():
                    job.stopped = True
                    if job.running == 0:
                        self._finish(job)
                    continue
                index = job.started
                job.started += 1
                job.running += 1
                if job.started < len(job.uploads):
                    heapq.heappush(self._ready, (job.started, job.arrival, job))
                return job, index

    def _reserve(self, job: Job[R], cost: int) -> bool:
        """Wait until ``cost`` fits the memory budget (or nothing else runs); False if the job stopped."""
        with self._lock:
            while self._memory and self._memory + cost > self._memory_budget:
                remaining = job.deadline - time.monotonic()
                if not job.wanted() or self._closed:
                    return False
                self._lock.wait(remaining)
            if not job.wanted():
                return False
            self._memory += cost
            return True

    def _end(self, job: Job[R], index: int, cost: int, result: Any, *, reserved: bool) -> None:
        with self._lock:
            if reserved:
                self._memory -= cost
            job.running -= 1
            if job.error is not None or not reserved:
                job.stopped = True
            else:
                job.finished += 1
                job.results[index] = result
            if job.finished == len(job.uploads) or (job.stopped and job.running == 0):
                self._finish(job)
            self._lock.notify_all()

    def _finish(self, job: Job[R]) -> None:
        """Release the job (its uploads and its admission) and settle its future. Under the lock."""
        if job.done:
            return
        job.done = True
        self._jobs -= 1
        self._bytes -= job.size
        for upload in job.uploads:
            upload.stream.close()
        if job.error is not None:
            outcome: BaseException | list[Any] = job.error
        elif job.finished == len(job.uploads):
            outcome = job.results
        else:
            outcome = Stopped()
        with contextlib.suppress(RuntimeError):  # the event loop is closed: nobody waits for it any more
            job.loop.call_soon_threadsafe(_settle, job.future, outcome)


def _settle(future: asyncio.Future[Any], outcome: BaseException | list[Any]) -> None:
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
