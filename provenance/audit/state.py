"""The state of an audit run: progress and counters the engines update and the CLI shows, and the summary.

Progress is state, not prints: the engine calls :meth:`AuditState.add` per record; whoever shows progress
reads the state. Memory does not grow with the number of files: only counters are kept.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .record import AuditRecord

if TYPE_CHECKING:
    from .web import CrawlStats

NO_TOOL = "(none)"  # the tool counter's key for files that name no tool


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """What a run found, counted; ``--summary-json`` and the HTML report show it."""

    total: int
    resumed: int
    errors: int
    error_kinds: dict[str, int]
    elapsed_s: float
    files_per_s: float
    interrupted: bool
    replaced_workers: int
    origin: dict[str, int]
    tool: dict[str, int]
    integrity: dict[str, int]
    trust: dict[str, int]
    # Files inspected that are not media (no media signature: text, JSON, archives...): counted here and
    # not under origin, integrity, trust and tool.
    not_media: int = 0
    # Entries the run left out without a record, by reason: hidden, excluded, not included, not media.
    passed_over: dict[str, int] = field(default_factory=dict)
    # With --policy: per rule ("policy/rule"), how many files got each status (passed, failed, ...).
    policies: dict[str, dict[str, int]] = field(default_factory=dict)
    # Web sources: the network use the run made (requests, hosts, robots.txt refusals, 304 answers).
    network: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain JSON-ready data, in the documented key order."""
        return {
            "total": self.total,
            "resumed": self.resumed,
            "errors": self.errors,
            "error_kinds": dict(self.error_kinds),
            "elapsed_s": self.elapsed_s,
            "files_per_s": self.files_per_s,
            "interrupted": self.interrupted,
            "replaced_workers": self.replaced_workers,
            "origin": dict(self.origin),
            "tool": dict(self.tool),
            "integrity": dict(self.integrity),
            "trust": dict(self.trust),
            "not_media": self.not_media,
            "passed_over": dict(self.passed_over),
            "policies": {rule: dict(counts) for rule, counts in self.policies.items()},
            "network": dict(self.network),
        }


@dataclass(slots=True)
class AuditState:
    """Progress and summary counters of one run: the engine updates it, the CLI shows it."""

    started: float = field(default_factory=time.monotonic)
    total: int | None = None  # files the walk will yield, once the counting thread has finished
    done: int = 0
    errors: int = 0
    resumed: int = 0  # files skipped because an earlier run recorded them
    replaced_workers: int = 0
    interrupted: bool = False
    origin: Counter[str] = field(default_factory=Counter)
    tool: Counter[str] = field(default_factory=Counter)
    integrity: Counter[str] = field(default_factory=Counter)
    trust: Counter[str] = field(default_factory=Counter)
    error_kinds: Counter[str] = field(default_factory=Counter)
    not_media: int = 0
    passed: Counter[str] = field(default_factory=Counter)  # entries left out, by reason (the walk's too)
    policy: dict[str, Counter[str]] = field(default_factory=dict)  # rule -> status counts
    web: CrawlStats | None = None  # set when the run reads websites

    def add(self, record: AuditRecord) -> None:
        row = record.row
        self.done += 1
        for item in row.policy_results.split("; ") if row.policy_results else ():
            rule, _, status = item.rpartition("=")
            self.policy.setdefault(rule, Counter())[status] += 1
        if not row.error_kind and not row.media_type:
            self.not_media += 1  # an unsupported record, but not a provenance result: counted apart
            return
        self.origin[row.origin] += 1
        self.integrity[row.integrity] += 1
        self.trust[row.trust] += 1
        self.tool[row.tool or NO_TOOL] += 1
        if row.error_kind:
            self.errors += 1
            self.error_kinds[row.error_kind] += 1

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> AuditSummary:
        elapsed = self.elapsed_s
        return AuditSummary(
            total=self.done,
            resumed=self.resumed,
            errors=self.errors,
            error_kinds=dict(self.error_kinds.most_common()),
            elapsed_s=round(elapsed, 3),
            files_per_s=round(self.done / elapsed, 1) if elapsed > 0 else 0.0,
            interrupted=self.interrupted,
            replaced_workers=self.replaced_workers,
            origin=dict(self.origin.most_common()),
            tool=dict(self.tool.most_common()),
            integrity=dict(self.integrity.most_common()),
            trust=dict(self.trust.most_common()),
            not_media=self.not_media,
            passed_over=dict(self.passed.most_common()),
            policies={rule: dict(counts.most_common()) for rule, counts in self.policy.items()},
            network=self.web.counts() if self.web is not None else {},
        )
