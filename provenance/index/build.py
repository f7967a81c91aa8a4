"""Building a repository on the audit engines: ``index add`` is an audit whose workers also compute each
provenance-carrying file's fingerprints and manifest store (the pool's ``after_inspect`` hook,
:func:`.item.index_item`), and whose sink writes entries instead of records.

So indexing a million files is an audit of a million files: the same walk, worker isolation (a file that
crashes its worker, times out or exceeds the memory limit costs that file, not the run), Ctrl-C handling,
and either engine (local worker processes, or Dask).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .item import IndexItem, index_item
from .repository import Repository

if TYPE_CHECKING:  # the audit engine loads in the process that runs one, not in every worker that
    # unpickles index_item and so imports this package (20 ms of each worker's start, measured)
    from ..audit.engine import AuditOptions
    from ..audit.record import AuditRecord
    from ..audit.state import AuditState

_COMMIT_EVERY = 500  # entries per transaction
_COMMIT_SECONDS = 2.0


@dataclass(slots=True)
class IndexCounts:
    """What an ``index add`` run did, counted (beside the audit's own state)."""

    indexed: int = 0
    with_fingerprints: int = 0
    with_store: int = 0
    without_provenance: int = 0
    refused: dict[str, int] = field(default_factory=dict)  # why files got no fingerprint, counted

    def to_dict(self) -> dict[str, Any]:
        return {
            "indexed": self.indexed,
            "with_fingerprints": self.with_fingerprints,
            "with_manifest_store": self.with_store,
            "without_provenance": self.without_provenance,
            "no_fingerprint": dict(sorted(self.refused.items(), key=lambda kv: -kv[1])),
        }


class IndexSink:
    """The audit sink of ``index add``: stores each record's :class:`IndexItem`, commits in batches."""

    def __init__(self, repository: Repository) -> None:
        from ..audit.engine import resume_key  # the parent's: not at the top (see TYPE_CHECKING above)

        self.repository = repository
        self._key = resume_key
        self.counts = IndexCounts()
        self._pending = 0
        self._last_commit = time.monotonic()

    def __call__(self, record: AuditRecord) -> None:
        item = record.extra
        if record.row.error_kind:  # a file that could not be read is tried again next time
            return
        if isinstance(item, IndexItem):
            self.repository.add(item, record, commit=False)
            self.counts.indexed += 1
            self.counts.with_fingerprints += bool(item.fingerprints)
            self.counts.with_store += item.store is not None
            if item.fingerprints_refused:
                self.counts.refused[item.fingerprints_refused] = (
                    self.counts.refused.get(item.fingerprints_refused, 0) + 1
                )
        else:
            self.counts.without_provenance += 1
        key = self._key(record.json)
        if key is not None:  # seen: the next run skips it while it stays the same (--rescan reads it)
            self.repository.mark_seen(record.row.path, key)
        self._pending += 1
        now = time.monotonic()
        if self._pending >= _COMMIT_EVERY or now - self._last_commit > _COMMIT_SECONDS:
            self.flush()

    def flush(self) -> None:
        self.repository.commit()
        self._pending = 0
        self._last_commit = time.monotonic()


def index_options(options: AuditOptions) -> AuditOptions:
    """The audit options of an ``index add`` run: the same, with the indexing hook in every worker and
    files that are not media left out."""
    pool = dataclasses.replace(options.pool, after_inspect=index_item)
    return dataclasses.replace(options, pool=pool, media_only=True)


def build_index(
    options: AuditOptions,
    repository: Repository,
    *,
    state: AuditState | None = None,
    on_progress: Callable[[AuditState], None] | None = None,
    engine: Callable[..., AuditState] | None = None,
    rescan: bool = False,
    **engine_options: Any,
) -> tuple[AuditState, IndexCounts]:
    """Index every file under ``options.paths`` that carries provenance into ``repository``.

    Files an earlier run inspected (indexed, or found to carry no provenance) and unchanged since (the
    same path, size and modification time, as ``audit --resume`` matches them) are skipped and counted in
    ``state.resumed``, unless ``rescan``: an interrupted run goes on where it stopped, and a run over a
    growing archive reads only what is new or changed.

    ``engine``: :func:`~provenance.audit.engine.run_audit` (local workers, the default) or
    :func:`~provenance.audit.dask_engine.run_dask_audit` (its ``dask`` options in ``engine_options``).
    """
    from ..audit.engine import run_audit
    from ..audit.state import AuditState

    engine = engine or run_audit
    state = state or AuditState()
    sink = IndexSink(repository)
    try:
        seen = None if rescan else repository.seen_keys() or None  # None: no file to stat for it
        engine(index_options(options), sink, state, on_progress=on_progress, resume=seen, **engine_options)
    finally:
        sink.flush()
    if sink.counts.indexed:
        repository.pack()  # the search arrays, stored once here rather than by the next lookup
    return state, sink.counts
