"""What the audit's worker pool and its workers share: the pool's options, a task, the record of a file
that could not be inspected, and the messages between them (see :mod:`.pool` and :mod:`.worker`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from .._pipeline import path_error_report as path_error_report  # the record of a file not inspected
from ..models import HttpSource, Report
from ..options import InspectOptions

IDLE: Final = -1  # the shared index while a worker is on no file
DROP: Final = "drop"  # parent to worker: forget the files queued and not begun (Ctrl-C); answer which


@dataclass(frozen=True, slots=True)
class PoolOptions:
    jobs: int
    inspect: InspectOptions
    timeout_s: float = 120.0  # per file
    memory_limit_mb: int | None = 2048  # resident memory of one worker
    thumbnails: bool = False
    # Files queued per worker beyond the one in progress, until the time its files take is known; then
    # as many as make about QUEUE_S seconds of its work (from 1 to MAX_QUEUE files).
    prefetch: int = 8
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
