"""Worker processes that inspect files, isolated so that no file can take the run down.

Each worker is a separate process (spawned, so it builds its own C2PA SDK context: contexts do not survive
fork) that inspects the files it is sent one by one. It answers in messages of several records (one per
file would cost the parent a wake-up, a read and an unpickling per file: a fifth of an audit of files
without provenance), sent at the end of each batch of files it was given, every :data:`ANSWERS` records
and at least every :data:`HOLD_S` seconds. The index of the file it is on, and when it began it, sit in
memory shared with the parent, so when a worker crashes (the native SDK has no panic guard), exceeds the
per-file time limit or the memory limit, that one file gets an error record, the worker is replaced and
its other files (answered but not yet sent, and queued) go to the queue again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import multiprocessing
import os
import select
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from .._pipeline import error_report, inspect, inspect_object, object_name
from ..models import ErrorKind, HttpSource, Report, SourceInfo
from ..options import InspectOptions
from .crjson_files import inspected_writing_crjson
from .record import AuditRecord, record_of
from .sources import FetchError

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
ANSWERS = 64  # records a worker holds at most before sending them
HOLD_S = 0.02  # how long a worker holds an answer at most while it works on the next files
_IDLE = -1  # the shared index while a worker is on no file


@dataclass(frozen=True, slots=True)
class PoolOptions:
    jobs: int
    inspect: InspectOptions
    timeout_s: float = 120.0  # per file
    memory_limit_mb: int | None = 2048  # resident memory of one worker
    thumbnails: bool = False
    prefetch: int = 8  # files queued per worker beyond the one in progress
    # fsspec storage options for URL sources (endpoint_url, anon...), as (key, value) pairs.
    storage_options: tuple[tuple[str, Any], ...] = ()
    # Called in the worker with each local file's path and report; what it returns travels with the record
    # (AuditRecord.extra). A module-level function (it is pickled to the workers); it must not raise.
    # `provenance index add` computes fingerprints and manifest stores with it, in parallel, in isolation.
    after_inspect: Callable[[str, Report], Any] | None = None
    # audit --evidence: each record's source.sha256 is the file's sha256 (the bytes inspected).
    hash_files: bool = False
    # audit --crjson-dir: the folder each file's crJSON is written to (crjson_files.py), by its worker.
    crjson_dir: str | None = None


@dataclass(frozen=True, slots=True)
class ObjectRef:
    """A source that is not a local path: an object storage URL (fetched by the worker) or given bytes.

    ``size`` and ``modified`` come from the listing (or the caller) and go into the record as they are,
    so ``--resume`` matches the record against the next listing.
    """

    size: int | None
    modified: float | None
    data: bytes | None = None  # None: the worker fetches the URL itself
    sidecar: str | None = None  # the URL of a standalone manifest beside it (read when it carries none)
    fragments: tuple[str, ...] = ()  # a fragmented MP4 init segment's fragment URLs
    http: HttpSource | None = None  # a website's file: how it was fetched (goes into its record)


@dataclass(frozen=True, slots=True)
class Task:
    index: int
    path: str
    obj: ObjectRef | None = None  # None: a local file, inspected by path


@dataclass(frozen=True, slots=True)
class Outcome:
    task: Task
    record: AuditRecord  # made in the worker: the parent neither serialises nor parses a report


def _thumbnail(path: str) -> str | None:
    from ..thumbnails import thumbnail_data_uri  # Pillow's decoders, only in runs that want thumbnails

    return thumbnail_data_uri(path)


def _worker_main(conn: Connection, current: Any) -> None:
    """Take the pool's options (the first message), then inspect every path received, ``current`` holding
    (index, monotonic start) of the file in hand; answer lists of (index, record on the wire), in order
    (see the module's docstring for when); stop on None.

    The options come through the pipe, not as the process's arguments: they hold the trust lists (a few
    hundred KB), and the parent's write of a start-up message larger than a pipe's buffer waits until the
    new process has read it, which is after its imports, so a second worker would start only once the
    first had imported everything."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop; in-flight files finish
    try:
        options: PoolOptions = conn.recv()
    except (EOFError, OSError):
        return
    conn.send(None)  # ready: imports done, so the per-file clock starts only now
    answers: list[tuple[int, tuple[Any, ...]]] = []
    held_since = 0.0
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for index, path, obj in batch:
            current[1] = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process of the machine
            current[0] = index
            try:
                task = functools.partial(_inspect_task, path, obj, options)
                report = inspected_writing_crjson(task, path, options.crjson_dir)
            except Exception as error:  # a bug must cost one record, not the run
                report = path_error_report(path, ErrorKind.INTERNAL_ERROR, f"{type(error).__name__}: {error}")
            thumb = _thumbnail(path) if options.thumbnails and obj is None else None
            extra = options.after_inspect(path, report) if options.after_inspect and obj is None else None
            current[0] = _IDLE
            if not answers:
                held_since = time.monotonic()
            answers.append((index, record_of(report, thumb, extra).to_wire()))
            if len(answers) >= ANSWERS or time.monotonic() - held_since >= HOLD_S:
                conn.send(answers)
                answers = []
        if answers:  # before waiting for more: the parent sends more when it has these
            conn.send(answers)
            answers = []


def _inspect_task(path: str, obj: ObjectRef | None, options: PoolOptions) -> Report:
    report = _inspected(path, obj, options)
    if options.hash_files and obj is None and report.error is None:
        digest = _file_sha256(path)
        if digest is not None:
            report = dataclasses.replace(report, source=dataclasses.replace(report.source, sha256=digest))
    return report


def _file_sha256(path: str) -> str | None:
    """A local file's sha256 (read again after the inspection; None if it is gone meanwhile)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _inspected(path: str, obj: ObjectRef | None, options: PoolOptions) -> Report:
    if obj is None:
        return inspect(path, options=options.inspect)
    data: bytes | FetchError | None = obj.data
    if data is None:
        from .sources import fetch  # fsspec is imported only by workers that read URLs

        data = fetch(path, obj.size, dict(options.storage_options), options.inspect.max_stream_bytes)
    if isinstance(data, FetchError):
        info = SourceInfo(path, object_name(path), obj.size, None, obj.modified)
        return error_report(info, data.kind, data.message)
    inspection = options.inspect
    if obj.http is not None and obj.http.partial:  # only the first bytes: metadata, no hash verification
        inspection = dataclasses.replace(inspection, metadata_only=True)
    with _companions(obj, options) as (sidecar, fragments):
        report = inspect_object(
            data, path=path, modified=obj.modified, options=inspection, sidecar=sidecar, fragments=fragments
        )
    if obj.http is not None:
        report = dataclasses.replace(report, source=dataclasses.replace(report.source, http=obj.http))
    if options.hash_files:  # the bytes inspected, in hand
        digest = hashlib.sha256(data).hexdigest()
        report = dataclasses.replace(report, source=dataclasses.replace(report.source, sha256=digest))
    if obj.size is None:  # inspect_object recorded len(data)
        return report
    # The listing's size, so that --resume matches the record against the next listing.
    return dataclasses.replace(report, source=dataclasses.replace(report.source, size=obj.size))


@contextlib.contextmanager
def _companions(
    obj: ObjectRef, options: PoolOptions
) -> Iterator[tuple[tuple[str, bytes] | None, list[Path]]]:
    """An object's standalone manifest (its bytes) and fragments (fetched into a temporary folder, which
    the SDK reads them from), when its listing named any."""
    if obj.sidecar is None and not obj.fragments:
        yield None, []
        return
    from .sources import fetch

    storage = dict(options.storage_options)
    sidecar = None
    if obj.sidecar is not None:
        data = fetch(obj.sidecar, None, storage, options.inspect.max_sidecar_bytes)
        sidecar = (object_name(obj.sidecar) or "manifest.c2pa", data) if isinstance(data, bytes) else None
    with tempfile.TemporaryDirectory(prefix="provenance-fragments-") as folder:
        paths = [
            Path(folder) / f"{i:05d}" / (object_name(url) or "fragment.m4s")
            for i, url in enumerate(obj.fragments)
        ]
        for url, path in zip(obj.fragments[: options.inspect.max_fragments], paths, strict=False):
            piece = fetch(url, None, storage, options.inspect.max_stream_bytes)
            path.parent.mkdir()
            # One that cannot be fetched is an empty file: the SDK cannot read it, and the report says so.
            path.write_bytes(piece if isinstance(piece, bytes) else b"")
        yield sidecar, paths  # those over the limit are not fetched: counted as not read


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    current: Any  # shared with the worker: [index of the file it is on or _IDLE, when it began it]
    inflight: deque[Task] = field(default_factory=deque)  # sent, not yet answered: in order
    last_memory_check: float = 0.0
    ready: bool = False

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as handle:
                return int(handle.read().split()[1]) * PAGE / (1024 * 1024)
        except (OSError, ValueError, IndexError):
            return 0.0


def path_error_report(path: str, kind: ErrorKind, message: str) -> Report:
    """The record of a file the audit could not inspect, known only by its path."""
    return error_report(SourceInfo(path, os.path.basename(path), None, None), kind, message)


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
        current = self._ctx.RawArray("d", [_IDLE, 0.0])
        process = self._ctx.Process(target=_worker_main, args=(child, current), daemon=True)
        process.start()
        child.close()
        for handle in (parent.fileno(), process.sentinel):
            self._poll.register(handle, select.POLLIN)
        return _Worker(process, parent, current)

    def _feed(self, worker: _Worker, tasks: Iterator[Task]) -> bool:
        """Top up one worker's queue; False when the task source is exhausted."""
        if len(worker.inflight) > self.options.prefetch // 2:
            return True  # still well supplied: top up in batches, not one message per finished file
        batch: list[Task] = []
        exhausted = False
        while self._feeding and len(worker.inflight) + len(batch) < 1 + self.options.prefetch:
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
        outcomes = []
        for index, wire in message:
            task = worker.inflight.popleft()
            assert task.index == index, "worker answered out of order"
            outcomes.append(Outcome(task, AuditRecord.from_wire(wire)))
        return outcomes

    def run(self, tasks: Iterator[Task]) -> Iterator[Outcome]:
        if not self._workers:
            self._workers = self._start_all(max(1, self.options.jobs))
        self._feeding = True
        more = True
        last_checks = 0.0
        completed = False
        try:
            while True:
                for worker in self._workers:
                    if more or self._retry:
                        more = self._feed(worker, tasks) and more
                if not any(w.inflight for w in self._workers) and (
                    not (more or self._retry) or not self._feeding
                ):
                    completed = True
                    return
                readable = {fd for fd, _ in self._poll.poll(250)}
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
        return 0.0 if worker.current[0] == _IDLE else time.monotonic() - started

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
