"""The parent's side of the audit's worker processes, which inspect files isolated so that no file can take
the run down.

Each worker is a separate process (spawned, so it builds its own C2PA SDK context: contexts do not survive
fork; :mod:`.worker`) that inspects the files it is sent one by one and answers in messages of several
records. Each worker's queue holds about :data:`QUEUE_S` seconds of its work, sized from how long its
recent files took (:data:`MAX_QUEUE` files at most: a few hundred of files without provenance, each sent
batch topping it up, and one or two large videos), so that neither worker waits on the parent between
batches, nor is left with a long queue while the other has finished. The index of the file it is on, and
when it began it, sit in memory shared with the parent, so when a worker crashes (the native SDK has no
panic guard), exceeds the per-file time limit or the memory limit, that one file gets an error record, the
worker is replaced and its other files (answered but not yet sent, and queued) go to the queue again. On
Ctrl-C (:meth:`WorkerPool.stop_feeding`) the workers drop the files they have not begun: the files in
progress finish and are recorded.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import select
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any

from ..models import ErrorKind
from .record import AuditRecord, record_of
from .tasks import DROP, IDLE, ObjectRef, PoolOptions, Task, path_error_report
from .worker import worker_main

__all__ = [
    "ObjectRef",
    "Outcome",
    "PoolOptions",
    "Task",
    "WorkerPool",
    "failure_outcome",
    "path_error_report",
]

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
QUEUE_S = 0.1  # seconds of a worker's work queued beyond the file in progress (see the docstring)
MAX_QUEUE = 256  # files queued per worker at most


@dataclass(frozen=True, slots=True)
class Outcome:
    task: Task
    record: AuditRecord  # made in the worker: the parent neither serialises nor parses a report


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    current: Any  # shared with the worker: [index of the file it is on or IDLE, when it began it]
    inflight: deque[Task] = field(default_factory=deque)  # sent, not yet answered: in order
    last_memory_check: float = 0.0
    ready: bool = False
    per_file_s: float | None = None  # how long its recent files took, on average (None: none answered)

    def took(self, seconds: float, files: int) -> None:
        """Note that ``files`` answered files took ``seconds`` together (a moving average)."""
        mean = seconds / files
        self.per_file_s = mean if self.per_file_s is None else 0.7 * self.per_file_s + 0.3 * mean

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as handle:
                return int(handle.read().split()[1]) * PAGE / (1024 * 1024)
        except (OSError, ValueError, IndexError):
            return 0.0


def failure_outcome(task: Task, kind: ErrorKind, message: str) -> Outcome:
    return Outcome(task, record_of(path_error_report(task.path, kind, message)))


class WorkerPool:
    """Runs tasks on ``jobs`` isolated workers and yields outcomes as they finish (not in input order)."""

    def __init__(self, options: PoolOptions, *, persistent: bool = False) -> None:
        self.options = options
        # persistent: workers outlive one run() and serve the next (one SDK context per worker for many
        # partitions); close() stops them.
        self.persistent = persistent
        self._ctx = multiprocessing.get_context("spawn")
        self._options_message = bytes(ForkingPickler.dumps(options))  # pickled once, sent to every worker
        self._workers: list[_Worker] = []
        self._retry: deque[Task] = deque()
        self._feeding = True
        # One poll set for the whole run (pipes and process sentinels), not one per wait: the parent's
        # loop turns about once per file on plain files, so per-wait registration showed in profiles.
        self._poll = select.poll()
        self.replaced = 0  # workers replaced after a crash, a timeout or the memory limit

    def stop_feeding(self) -> None:
        """Send no new files; the files already sent finish (used on Ctrl-C)."""
        self._feeding = False

    def _start_all(self, count: int) -> list[_Worker]:
        """Start ``count`` workers, then send each the options: they import side by side, and the parent
        waits (on the first send) only until the first of them is ready to read."""
        workers = [self._spawn() for _ in range(count)]
        for worker in workers:
            # One that died already cannot take them; its death is handled where its sentinel fires.
            with contextlib.suppress(BrokenPipeError, OSError):
                worker.conn.send_bytes(self._options_message)
        return workers

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        current = self._ctx.RawArray("d", [IDLE, 0.0])
        process = self._ctx.Process(target=worker_main, args=(child, current), daemon=True)
        process.start()
        child.close()
        for handle in (parent.fileno(), process.sentinel):
            self._poll.register(handle, select.POLLIN)
        return _Worker(process, parent, current)

    def _feed(self, worker: _Worker, tasks: Iterator[Task]) -> bool:
        """Top up one worker's queue; False when the task source is exhausted."""
        depth = self._depth(worker)
        if len(worker.inflight) > depth // 2:
            return True  # still well supplied: top up in batches, not one message per finished file
        batch: list[Task] = []
        exhausted = False
        while self._feeding and len(worker.inflight) + len(batch) < 1 + depth:
            if self._retry:
                batch.append(self._retry.popleft())
                continue
            task = next(tasks, None)
            if task is None:
                exhausted = True
                break
            batch.append(task)
        if batch:
            worker.inflight.extend(batch)
            # A worker that died cannot take the batch; its death is handled where its sentinel fires.
            with contextlib.suppress(BrokenPipeError, OSError):
                worker.conn.send([(t.index, t.path, t.obj) for t in batch])
        return not exhausted

    def _depth(self, worker: _Worker) -> int:
        """How many files the worker's queue holds beyond the one in progress."""
        if worker.per_file_s is None:
            return self.options.prefetch
        return max(1, min(MAX_QUEUE, int(QUEUE_S / max(worker.per_file_s, 1e-6))))

    def _replace(self, worker: _Worker, kind: ErrorKind, message: str) -> Outcome | None:
        """Record the file the worker was on as failed, requeue the rest (those it answered without sending
        the answers too), start a new worker."""
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        for handle in (worker.conn.fileno(), worker.process.sentinel):
            self._poll.unregister(handle)
        worker.conn.close()
        on = worker.current[0]
        culprit = next((task for task in worker.inflight if task.index == on), None)
        self._retry.extendleft(reversed([task for task in worker.inflight if task is not culprit]))
        worker.inflight.clear()
        index = self._workers.index(worker)
        self._workers[index] = self._start_all(1)[0]
        self.replaced += 1
        if culprit is None:
            return None
        return failure_outcome(culprit, kind, message)

    def _receive(self, worker: _Worker) -> list[Outcome]:
        """Take one message from a worker whose pipe is readable (a dead one is left to ``_check``)."""
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            return []
        if message is None:
            worker.ready = True
            return []
        answers, seconds, dropped = message
        outcomes = []
        for index, wire in answers:
            task = worker.inflight.popleft()
            assert task.index == index, "worker answered out of order"
            outcomes.append(Outcome(task, AuditRecord.from_wire(wire)))
        if answers:
            worker.took(seconds, len(answers))
        if dropped:  # not begun (Ctrl-C): as if never sent
            gone = set(dropped)
            worker.inflight = deque(task for task in worker.inflight if task.index not in gone)
        return outcomes

    def run(self, tasks: Iterator[Task]) -> Iterator[Outcome]:
        if not self._workers:
            # Started once there is a file: a run of none waits for no worker to import (or be killed).
            first = next(tasks, None)
            if first is None and not self._retry:
                return
            tasks = itertools.chain([first] if first is not None else [], tasks)
            self._workers = self._start_all(max(1, self.options.jobs))
        self._feeding = True
        more = True
        last_checks = 0.0
        completed = False
        dropping = False
        try:
            while True:
                if not self._feeding and not dropping:  # Ctrl-C: the workers forget what they have not begun
                    dropping = True
                    for worker in self._workers:
                        if len(worker.inflight) > 1:
                            with contextlib.suppress(BrokenPipeError, OSError):
                                worker.conn.send(DROP)
                for worker in self._workers:
                    if more or self._retry:
                        more = self._feed(worker, tasks) and more
                if not any(w.inflight for w in self._workers) and (
                    not (more or self._retry) or not self._feeding
                ):
                    completed = True
                    return
                # At most 50 ms: a Ctrl-C (stop_feeding, from the signal handler) is acted on that soon.
                readable = {fd for fd, _ in self._poll.poll(50)}
                # Deaths show at once (the sentinel fires); time and memory limits are looked at 10x/s.
                now = time.monotonic()
                periodic = now - last_checks >= 0.1
                if periodic:
                    last_checks = now
                for worker in list(self._workers):
                    if worker.conn.fileno() in readable:
                        yield from self._receive(worker)
                    if periodic or worker.process.sentinel in readable:
                        yield from self._check(worker)
        finally:
            if not (self.persistent and completed):
                self.close()

    def close(self) -> None:
        """Stop the workers (after run() unless persistent; a persistent pool's owner calls it)."""
        if self._workers:
            for worker in self._workers:
                for handle in (worker.conn.fileno(), worker.process.sentinel):
                    with contextlib.suppress(KeyError, ValueError, OSError):
                        self._poll.unregister(handle)
            self._shutdown()
            self._workers = []

    def _check(self, worker: _Worker) -> Iterator[Outcome]:
        outcome: Outcome | None = None
        if not worker.process.is_alive():
            code = worker.process.exitcode
            how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            if worker.inflight:
                outcome = self._replace(
                    worker, ErrorKind.WORKER_CRASHED, f"the inspecting process died ({how})"
                )
            else:
                self._replace(worker, ErrorKind.WORKER_CRASHED, how)
        elif worker.ready and worker.inflight and self._on_one_file_for(worker) > self.options.timeout_s:
            outcome = self._replace(
                worker, ErrorKind.TIMEOUT, f"inspection took longer than {self.options.timeout_s:g} s"
            )
        elif worker.inflight and self.options.memory_limit_mb and self._over_memory(worker):
            outcome = self._replace(
                worker, ErrorKind.MEMORY_LIMIT, f"inspection used more than {self.options.memory_limit_mb} MB"
            )
        if outcome is not None:
            yield outcome

    @staticmethod
    def _on_one_file_for(worker: _Worker) -> float:
        """Seconds the worker has been on the file it is on (0 between files)."""
        started = worker.current[1]
        return 0.0 if worker.current[0] == IDLE else time.monotonic() - started

    def _over_memory(self, worker: _Worker) -> bool:
        now = time.monotonic()
        if now - worker.last_memory_check < 0.2:
            return False
        worker.last_memory_check = now
        return worker.rss_mb() > (self.options.memory_limit_mb or 0)

    def _shutdown(self) -> None:
        for worker in self._workers:
            if not worker.ready and not worker.inflight:
                worker.process.kill()  # still importing, never used (a tiny run): no need to wait for it
                continue
            with contextlib.suppress(BrokenPipeError, OSError):
                worker.conn.send(None)
        for worker in self._workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
            worker.conn.close()
