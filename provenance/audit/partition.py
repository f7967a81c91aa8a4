"""One partition of files -> report rows: the unit of work of the Dask engine and of users' own jobs.

For people who already run a Dask or Spark job over (path, bytes) pairs::

    from provenance.audit.partition import inspect_partition
    rows = inspect_partition([("s3://bucket/a.jpg", data)])  # list of report dicts

Isolation: each file is inspected in a separate process (the audit's :class:`~.pool.WorkerPool`, one
worker), so a crash of the native SDK or a file past the time limit costs that file one record with
``error.kind`` ``worker_crashed`` or ``timeout``, exactly as in the local engine, and never the task, the
Dask worker or the Spark executor. The isolating process is started once per thread of the calling
process and kept for the next partitions, so it builds its C2PA SDK context once (starting a process per
partition would cost about a second each; a subprocess per file, far more). It exits when its parent
does: it reads its work from a pipe and stops at end-of-file.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import multiprocessing
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..options import InspectOptions
from .pool import ObjectRef, PoolOptions, Task, WorkerPool
from .record import AuditRecord

_local = threading.local()
_pools: list[WorkerPool] = []
_pools_lock = threading.Lock()


def inspect_partition(
    pairs: Iterable[tuple[str, bytes] | tuple[str, bytes, float | None]],
    options: PoolOptions | InspectOptions | None = None,
) -> list[dict[str, Any]]:
    """Inspect ``(path, bytes)`` or ``(path, bytes, modified)`` items; one report dict per item, in order.

    ``path`` is the file's name as the rows should show it (a URL, a path); ``modified`` its modification
    time in seconds since the epoch, when known (Spark's binary file source gives it). The dicts are the
    JSON reports ``provenance inspect --json`` and ``audit`` write; ``options`` may be full
    :class:`PoolOptions` (time and memory limits) or just the :class:`InspectOptions`.
    """
    tasks = [
        Task(i, str(item[0]), ObjectRef(len(item[1]), item[2] if len(item) > 2 else None, bytes(item[1])))
        for i, item in enumerate(pairs)
    ]
    return [json.loads(record.json) for record in run_partition(tasks, _pool_options(options))]


def run_partition(tasks: Sequence[Task], options: PoolOptions) -> list[AuditRecord]:
    """Inspect ``tasks`` on this thread's isolated worker; records in the order of ``tasks``."""
    records: dict[int, AuditRecord] = {}
    with _children_allowed():
        for outcome in _pool(options).run(iter(tasks)):
            records[outcome.task.index] = outcome.record
    return [records[task.index] for task in tasks]


def _pool_options(options: PoolOptions | InspectOptions | None) -> PoolOptions:
    if isinstance(options, PoolOptions):
        return options
    return PoolOptions(jobs=1, inspect=options or InspectOptions())


def _pool(options: PoolOptions) -> WorkerPool:
    pool: WorkerPool | None = getattr(_local, "pool", None)
    if pool is not None and pool.options == options:
        return pool
    if pool is not None:
        pool.close()
    pool = WorkerPool(options, persistent=True)
    _local.pool = pool
    with _pools_lock:
        _pools.append(pool)
    return pool


@contextlib.contextmanager
def _children_allowed() -> Iterator[None]:
    """Let a daemonic process (a Dask worker started by a nanny) start the isolating process.

    multiprocessing refuses children of daemonic processes so that none is orphaned; ours exits on its
    own when its parent dies (end of file on its pipe), which is what the rule protects. The flag is
    process-wide, so threads running partitions at once share one lift of it (counted).
    """
    config: dict[str, Any] = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    with _lift_lock:
        if _lift[0] == 0:
            _lift[1] = config.get("daemon")
            config["daemon"] = False
        _lift[0] += 1
    try:
        yield
    finally:
        with _lift_lock:
            _lift[0] -= 1
            if _lift[0] == 0 and _lift[1]:
                config["daemon"] = _lift[1]


_lift: list[Any] = [0, None]  # (threads inside _children_allowed, the daemon flag to put back)
_lift_lock = threading.Lock()


@atexit.register
def _close_pools() -> None:
    with _pools_lock:
        for pool in _pools:
            with contextlib.suppress(Exception):
                pool.close()
        _pools.clear()
