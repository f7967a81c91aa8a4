"""An audit worker process: it takes the pool's options, then inspects the files it is sent one by one.

It answers in messages of several records (one per file would cost the parent a wake-up, a read and an
unpickling per file: a fifth of an audit of files without provenance), sent every :data:`ANSWERS`
records, at least every :data:`HOLD_S` seconds and whenever it runs out of files. Each message also says
how long those files took, from which the parent sizes the worker's queue (:mod:`.pool`). Between files,
at most every :data:`HOLD_S` seconds, it takes what the parent sent meanwhile: more files, or
:data:`~.tasks.DROP` (Ctrl-C), on which it forgets the files it has not begun and says which they were,
so that an interruption waits for the files in progress only, however long the queue.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import signal
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._pipeline import error_report, inspect, inspect_object, object_name
from ..models import ErrorKind, Report, SourceInfo
from .crjson_files import inspected_writing_crjson
from .record import record_of
from .tasks import DROP, IDLE, ObjectRef, PoolOptions, path_error_report

ANSWERS: Final = 32  # records a worker holds at most before sending them (a message fits a pipe's buffer)
HOLD_S: Final = 0.02  # how long a worker holds an answer at most while it works on the next files

if TYPE_CHECKING:
    from .sources import FetchError

# Not imported here, as the files of most audits need none of it: hashlib (--evidence), tempfile (object
# storage fragments), .sources (URLs, with urllib).

_Queued = tuple[int, str, ObjectRef | None]  # (index, path, object) as the parent sends them


class _Answers:
    """The records answered and not yet sent, and the seconds their files took."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.records: list[tuple[int, tuple[Any, ...]]] = []
        self.busy_s = 0.0
        self.since = 0.0

    def add(self, index: int, wire: tuple[Any, ...], seconds: float, now: float) -> None:
        if not self.records:
            self.since = now
        self.records.append((index, wire))
        self.busy_s += seconds
        if len(self.records) >= ANSWERS or now - self.since >= HOLD_S:
            self.send()

    def send(self, dropped: list[int] | None = None) -> None:
        """Send (records, seconds, indices dropped) when there is anything to say."""
        if self.records or dropped:
            self.conn.send((self.records, self.busy_s, dropped or []))
            self.records, self.busy_s = [], 0.0


def worker_main(conn: Connection, current: Any) -> None:
    """Take the pool's options (the first message), then inspect every path received, ``current`` holding
    (index, monotonic start) of the file in hand; answer in order (see the module's docstring); stop on
    None.

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
    queue: deque[_Queued] = deque()
    answers = _Answers(conn)
    looked = time.monotonic()
    while True:
        if not queue:
            answers.send()  # before waiting for more: the parent sends more when it has these
            if not _take(conn, queue, answers):
                return
            continue
        now = time.monotonic()
        if now - looked >= HOLD_S:  # what the parent sent meanwhile (a DROP is seen within HOLD_S)
            looked = now
            while conn.poll():
                if not _take(conn, queue, answers):
                    return
            if not queue:
                continue
        index, path, obj = queue.popleft()
        current[1] = started = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process
        current[0] = index
        wire = _record(path, obj, options)
        current[0] = IDLE
        now = time.monotonic()
        answers.add(index, wire, now - started, now)


def _take(conn: Connection, queue: deque[_Queued], answers: _Answers) -> bool:
    """Read one message from the parent into the queue; False when the worker is to stop."""
    try:
        message = conn.recv()
    except (EOFError, OSError):
        return False
    if message is None:
        return False
    if message == DROP:
        dropped = [index for index, _, _ in queue]
        queue.clear()
        answers.send(dropped)
    else:
        queue.extend(message)
    return True


def _record(path: str, obj: ObjectRef | None, options: PoolOptions) -> tuple[Any, ...]:
    """One file's record, on the wire: a bug must cost one record, not the run."""
    try:
        task = functools.partial(_inspect_task, path, obj, options)
        report = inspected_writing_crjson(task, path, options.crjson_dir)
    except Exception as error:
        report = path_error_report(path, ErrorKind.INTERNAL_ERROR, f"{type(error).__name__}: {error}")
    thumb = _thumbnail(path) if options.thumbnails and obj is None else None
    extra = options.after_inspect(path, report) if options.after_inspect and obj is None else None
    return record_of(report, thumb, extra).to_wire()


def _thumbnail(path: str) -> str | None:
    from ..thumbnails import thumbnail_data_uri  # Pillow's decoders, only in runs that want thumbnails

    return thumbnail_data_uri(path)


def _inspect_task(path: str, obj: ObjectRef | None, options: PoolOptions) -> Report:
    report = _inspected(path, obj, options)
    if options.hash_files and obj is None and report.error is None:
        digest = _file_sha256(path)
        if digest is not None:
            report = dataclasses.replace(report, source=dataclasses.replace(report.source, sha256=digest))
    return report


def _file_sha256(path: str) -> str | None:
    """A local file's sha256 (read again after the inspection; None if it is gone meanwhile)."""
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _inspected(path: str, obj: ObjectRef | None, options: PoolOptions) -> Report:
    if obj is None:
        return inspect(path, options=options.inspect)
    from .sources import FetchError, fetch  # fsspec is imported only by workers that read URLs

    data: bytes | FetchError | None = obj.data
    if data is None:
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
        import hashlib

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
    import tempfile

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
