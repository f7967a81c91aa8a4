"""The Dask engine: the same audit, its files spread over a Dask cluster (``--engine dask``).

The client lists files lazily (the local walk, or fsspec listings of object storage), cuts the list into
partitions and keeps a bounded number of them submitted as ``distributed`` tasks. Each task runs
:func:`.partition.run_partition` on a worker: one isolated inspecting process per worker thread, started
once and kept (its SDK context is built once), so a crash or a timeout costs one file one error record,
as in the local engine. Results stream back with ``as_completed`` and go to the same sink and
:class:`~.engine.AuditState` as the local engine's, so the outputs, summary, ``--fail-on`` and
``--resume`` are the local engine's code.

A worker lost mid-partition (killed, out of memory) is Dask's business: the scheduler runs the partition
again elsewhere (``distributed.scheduler.allowed-failures`` times), and its records arrive once, when it
completes. A partition that fails every time becomes one ``worker_crashed`` record per file.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .._extras import require
from ..models import ErrorKind
from .engine import AuditOptions, Sink, audit_tasks, first_ctrl_c_stops_feeding, recorder
from .partition import run_partition
from .pool import ObjectRef, PoolOptions, Task, failure_outcome
from .record import AuditRecord
from .state import AuditState

Item = tuple[int, str, ObjectRef | None]  # a Task as plain data, cheap to pickle


@dataclass(frozen=True, slots=True)
class DaskOptions:
    scheduler: str | None = None  # tcp://host:port of a running scheduler; None starts a local cluster
    workers: int = 2  # processes of the local cluster
    partition_size: int = 256  # files per task: large enough to hide the ~1 ms scheduling cost per task
    pending_per_worker: int = 4  # partitions submitted ahead per worker thread (bounds client memory)


def _run_items(items: list[Item], options: PoolOptions) -> list[AuditRecord]:
    """The task a Dask worker runs: inspect one partition in its isolated process."""
    return run_partition([Task(i, path, obj) for i, path, obj in items], options)


def _partitions(tasks: Iterator[Task], size: int) -> Iterator[list[Item]]:
    while chunk := list(itertools.islice(tasks, size)):
        yield [(t.index, t.path, t.obj) for t in chunk]


def run_dask_audit(
    options: AuditOptions,
    sink: Sink,
    state: AuditState,
    dask: DaskOptions,
    *,
    resume: set[int] | None = None,
    on_progress: Callable[[AuditState], None] | None = None,
) -> AuditState:
    """As :func:`.engine.run_audit`, on a Dask cluster; records reach ``sink`` as partitions complete."""
    require("distributed", "--engine dask")
    import distributed

    dist: Any = distributed  # untyped: keep its calls out of mypy's strict checks

    # One isolating process per Dask worker thread: the cluster provides the parallelism.
    pool = PoolOptions(
        jobs=1,
        inspect=options.pool.inspect,
        timeout_s=options.pool.timeout_s,
        memory_limit_mb=options.pool.memory_limit_mb,
        thumbnails=options.pool.thumbnails,
        storage_options=options.pool.storage_options,
        after_inspect=options.pool.after_inspect,
    )
    skipped: list[AuditRecord] = []

    emit = recorder(sink, state, on_progress)
    cluster: Any = None
    with contextlib.ExitStack() as stack:
        stack.enter_context(first_ctrl_c_stops_feeding(state))  # submit() then sends no new partition
        if dask.scheduler is None:
            cluster = dist.LocalCluster(
                n_workers=max(1, dask.workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            stack.callback(cluster.close)
        with dist.Client(dask.scheduler or cluster, set_as_default=False) as client:
            threads = max(1, sum(client.nthreads().values()))
            parts = _partitions(audit_tasks(options, resume, state, skipped), max(1, dask.partition_size))
            pending: dict[str, list[Item]] = {}
            done = dist.as_completed(loop=client.loop)

            def submit() -> bool:
                part = None if state.interrupted else next(parts, None)
                if part is None:
                    return False
                future = client.submit(_run_items, part, pool, pure=False)
                pending[future.key] = part
                done.add(future)
                return True

            while len(pending) < threads * max(1, dask.pending_per_worker) and submit():
                pass
            for future in done:
                part = pending.pop(future.key)
                while skipped:
                    emit(skipped.pop(0))
                for record in _results(future, part):
                    emit(record)
                future.release()
                submit()
            while skipped:
                emit(skipped.pop(0))
    return state


def _results(future: Any, part: list[Item]) -> list[AuditRecord]:
    """The partition's rows; one ``worker_crashed`` record per file when Dask gave up on it."""
    try:
        records: list[AuditRecord] = future.result()
        return records
    except Exception as error:  # KilledWorker after the allowed retries, or a task that could not run
        message = f"the partition failed on the Dask cluster: {type(error).__name__}: {error}"
        crashed = ErrorKind.WORKER_CRASHED
        return [failure_outcome(Task(i, path, obj), crashed, message).record for i, path, obj in part]
