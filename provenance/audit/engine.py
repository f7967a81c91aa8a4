"""The audit run: walk -> (resume filter) -> worker pool -> records streamed to a sink, progress as state.

Memory does not grow with the number of files: paths come from a lazy walk, each worker holds a few
queued files, records are handed to the sink as they finish, and the summary keeps only counters. The one
exception is ``--resume``, which keeps a 64-bit digest of every already-recorded file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import media
from ..containers import fragments
from ..models import ErrorKind
from .pairing import read_with_another
from .pool import ObjectRef, Outcome, PoolOptions, Task, WorkerPool, path_error_report
from .record import AuditRecord, record_of
from .sources import is_url, list_objects
from .state import AuditState
from .walk import Skipped, WalkOptions, count, walk_paths
from .web import WebOptions
from .web_tasks import Validators, is_web, web_tasks

Sink = Callable[[AuditRecord], None]


@dataclass(frozen=True, slots=True)
class AuditOptions:
    paths: tuple[str, ...]
    pool: PoolOptions
    walk: WalkOptions = field(default_factory=WalkOptions)
    count_total: bool = True
    # Leave out files that are not media (no media signature and no media extension): no record, counted
    # in the summary's passed_over["not media"]. Off by default: they get an `unsupported` record, counted
    # apart as "not media".
    media_only: bool = False
    # Web addresses (http, https): how to fetch them, and the validators of an earlier run (--resume).
    web: WebOptions = field(default_factory=WebOptions)
    web_validators: Validators = field(default_factory=dict)


def _digest(path: str, size: object, modified: object) -> int:
    text = f"{path}\0{size}\0{modified}".encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def load_resume_keys(jsonl: Path) -> set[int]:
    """Digests of (path, size, mtime) of every complete record in an earlier JSON Lines output.

    A last line cut short by an interruption is not a record; :func:`trim_partial_line` removes it before
    the run appends.
    """
    with jsonl.open("rb") as handle:
        return resume_keys(handle)


def resume_keys(reports: Iterable[str | bytes]) -> set[int]:
    """Digests of (path, size, mtime) of the ``source`` of each JSON report; anything else is skipped."""
    return {key for raw in reports if (key := resume_key(raw)) is not None}


def resume_key(report: str | bytes) -> int | None:
    """The digest of (path, size, mtime) of a JSON report's ``source`` (what ``--resume`` skips a file
    by), or None when it names no path."""
    try:
        source = json.loads(report).get("source")
    except (ValueError, AttributeError, TypeError):
        return None
    if isinstance(source, dict) and isinstance(source.get("path"), str):
        return _digest(source["path"], source.get("size"), source.get("modified"))
    return None


def trim_partial_line(jsonl: Path) -> None:
    """Cut a trailing incomplete line (a run killed mid-write) so appended records start on a new line."""
    with jsonl.open("rb+") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        position = size
        while position > 0:
            step = min(65536, position)
            handle.seek(position - step)
            chunk = handle.read(step)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                handle.truncate(position - step + cut + 1)
                return
            position -= step
        handle.truncate(0)


def _skipped_record(item: Skipped) -> AuditRecord:
    return record_of(path_error_report(item.path, ErrorKind(f"skipped_{item.reason}"), item.message))


def audit_tasks(
    options: AuditOptions,
    resume: set[int] | None,
    state: AuditState,
    skipped: list[AuditRecord],
) -> Iterator[Task]:
    """The tasks of a run, lazily: local paths through the walk, then URLs through their listings.

    Entries the walk passes over go to ``skipped`` as records; files an earlier run recorded (same path,
    size and modification time) are counted in ``state.resumed`` and not yielded. Both engines use it.
    """
    fragments.forget()
    local = [p for p in options.paths if not is_url(p)]
    web = [p for p in options.paths if is_web(p)]
    urls = [p for p in options.paths if is_url(p) and not is_web(p)]
    index = 0
    for path in walk_paths(local, options.walk, state.passed) if local else ():
        if isinstance(path, Skipped):
            skipped.append(_skipped_record(path))
            continue
        if read_with_another(path, options.pool.inspect):
            continue
        if options.media_only and not media.looks_like_media(Path(path)):
            state.passed["not media"] += 1
            continue
        if resume is not None:
            try:
                st = os.stat(path)
            except OSError:
                st = None
            if st is not None and _digest(path, st.st_size, st.st_mtime) in resume:
                state.resumed += 1
                continue
        yield Task(index, path)
        index += 1

    def recorded(url: str, size: int | None, modified: float | None) -> bool:
        return resume is not None and _digest(url, size, modified) in resume

    tasks = web_tasks(web, options.web, state, skipped, options.web_validators, index, recorded)
    for task in tasks if web else ():
        yield task
        index = task.index + 1
    storage = dict(options.pool.storage_options)
    for url in urls:
        for entry in list_objects(url, options.walk, storage, options.pool.inspect):
            if resume is not None and _digest(entry.url, entry.size, entry.modified) in resume:
                state.resumed += 1
                continue
            yield Task(
                index, entry.url, ObjectRef(entry.size, entry.modified, None, entry.sidecar, entry.fragments)
            )
            index += 1


def run_audit(
    options: AuditOptions,
    sink: Sink,
    state: AuditState,
    *,
    resume: set[int] | None = None,
    on_progress: Callable[[AuditState], None] | None = None,
) -> AuditState:
    """Inspect every file under ``options.paths``, handing each record to ``sink`` as it finishes.

    A KeyboardInterrupt stops feeding new files; the files in flight finish and are recorded, then
    ``state.interrupted`` is set and the interrupt is not re-raised.
    """
    if options.count_total:
        threading.Thread(target=_count, args=(options, state), daemon=True).start()
    pool = WorkerPool(options.pool)
    skipped: list[AuditRecord] = []

    emit = recorder(sink, state, on_progress)
    with first_ctrl_c_stops_feeding(state, pool.stop_feeding):
        outcomes = pool.run(audit_tasks(options, resume, state, skipped))
        for outcome in _with_skipped(outcomes, skipped, emit):
            emit(outcome.record)
        while skipped:
            emit(skipped.pop(0))
    state.replaced_workers = pool.replaced
    return state


def recorder(sink: Sink, state: AuditState, on_progress: Callable[[AuditState], None] | None) -> Sink:
    """``emit(record)``: hand a record to the sink, count it, report progress."""

    def emit(record: AuditRecord) -> None:
        sink(record)
        state.add(record)
        if on_progress is not None:
            on_progress(state)

    return emit


@contextlib.contextmanager
def first_ctrl_c_stops_feeding(state: AuditState, stop: Callable[[], None] = lambda: None) -> Iterator[None]:
    """While inside: the first Ctrl-C sets ``state.interrupted`` and calls ``stop`` (no new files; those in
    flight finish and are recorded); a second one interrupts at once. Only on the main thread."""

    def interrupt(signum: int, frame: object) -> None:
        state.interrupted = True
        stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _with_skipped(outcomes: Iterator[Outcome], skipped: list[AuditRecord], emit: Sink) -> Iterator[Outcome]:
    """Interleave the records of skipped special files with the outcomes, as the walk finds them."""
    for outcome in outcomes:
        while skipped:
            emit(skipped.pop(0))
        yield outcome


def _count(options: AuditOptions, state: AuditState) -> None:
    if not any(is_url(p) for p in options.paths):  # listing object storage twice would cost too much
        inspect = options.pool.inspect
        state.total = count(list(options.paths), options.walk, lambda p: not read_with_another(p, inspect))
