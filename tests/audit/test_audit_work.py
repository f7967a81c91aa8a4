"""Work an audit run does only when its output needs it (issue 16): the walk is counted for a progress
total only when progress is shown; workers answer several files per message, and a file that kills or
stalls its worker still gets the error record, however many answers the worker held."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from provenance.audit import engine
from provenance.audit.pool import Outcome, PoolOptions, Task, WorkerPool
from provenance.cli import app
from provenance.options import InspectOptions
from tests.audit.heavy_modules import heavy_loaded
from tests.helpers import FIXTURES


def _counted_walks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *flags: str) -> int:
    """How many times the audit of a small tree counted its files (the second walk of the tree)."""
    folder = tmp_path / "tree"
    folder.mkdir()
    for name in ("plain.jpg", "ai_generated.jpg"):
        shutil.copy(FIXTURES / "media" / name, folder / name)
    calls: list[object] = []
    real = engine.count

    def counting(*args: object, **kwargs: object) -> int:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "count", counting)
    out = tmp_path / "out.jsonl"
    done = CliRunner().invoke(app, ["audit", str(folder), "--jobs", "1", "-o", str(out), *flags])
    assert done.exit_code == 0, done.output
    assert len(out.read_text().splitlines()) == 2
    return len(calls)


def test_a_quiet_audit_walks_the_tree_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _counted_walks(tmp_path, monkeypatch, "--quiet") == 0


def test_an_audit_showing_progress_counts_the_files_for_its_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _counted_walks(tmp_path, monkeypatch) == 1


def _plain_tasks(tmp_path: Path, count: int, odd: str | None = None) -> list[Task]:
    """``count`` copies of a plain JPEG as tasks; the one at the middle named ``odd`` when given."""
    data = (FIXTURES / "media" / "plain.jpg").read_bytes()
    names = [f"plain{i:03d}.jpg" for i in range(count)]
    if odd is not None:
        names[count // 2] = odd
    for name in names:
        (tmp_path / name).write_bytes(data)
    return [Task(i, str(tmp_path / name)) for i, name in enumerate(names)]


class _CountingPool(WorkerPool):
    """Counts the answers the parent reads from its workers."""

    messages = 0

    def _receive(self, worker: Any) -> list[Outcome]:
        _CountingPool.messages += 1  # the worker's "ready" included
        return super()._receive(worker)


def test_workers_answer_several_files_per_message(tmp_path: Path) -> None:
    """The parent reads far fewer messages than files: one per file cost it a fifth of a plain audit."""
    tasks = _plain_tasks(tmp_path, 60)
    pool = _CountingPool(PoolOptions(jobs=1, inspect=InspectOptions()))
    outcomes = list(pool.run(iter(tasks)))
    assert sorted(o.task.index for o in outcomes) == list(range(60))
    assert all(json.loads(o.record.json).get("error") is None for o in outcomes)
    assert _CountingPool.messages <= 20


def _dies_on_odd(path: str, report: object) -> None:
    if path.endswith("odd.jpg"):
        os.kill(os.getpid(), signal.SIGKILL)  # as a crash of native code would


def _stalls_on_odd(path: str, report: object) -> None:
    if path.endswith("odd.jpg"):
        time.sleep(60)


@pytest.mark.parametrize(("hook", "kind"), [(_dies_on_odd, "worker_crashed"), (_stalls_on_odd, "timeout")])
def test_a_crash_or_a_stall_amid_quick_files_is_laid_at_that_file(
    tmp_path: Path, hook: Callable[[str, object], None], kind: str
) -> None:
    """Answers held by a worker that dies are not lost and not blamed: its other files are redone."""
    tasks = _plain_tasks(tmp_path, 30, odd="odd.jpg")
    pool = WorkerPool(PoolOptions(jobs=1, inspect=InspectOptions(), timeout_s=3, after_inspect=hook))
    records = {o.task.path: json.loads(o.record.json) for o in pool.run(iter(tasks))}
    assert len(records) == 30
    failed = {path: r["error"]["kind"] for path, r in records.items() if r.get("error")}
    assert failed == {str(tmp_path / "odd.jpg"): kind}


def test_an_audit_worker_loads_only_what_its_files_need() -> None:
    """A worker imports no command line (typer, rich), no pydantic, NumPy, Pillow, web stack or object
    storage sources; the SDK once a file may carry a manifest."""
    pool = WorkerPool(PoolOptions(jobs=1, inspect=InspectOptions(), after_inspect=heavy_loaded))
    media = FIXTURES / "media"
    tasks = [Task(0, str(media / "plain.jpg")), Task(1, str(media / "ai_generated.jpg"))]
    loaded = {o.task.index: o.record.extra for o in pool.run(iter(tasks))}
    assert loaded == {0: [], 1: ["c2pa"]}


def _takes_20_ms(path: str, report: object) -> None:
    time.sleep(0.02)


def test_on_ctrl_c_workers_drop_the_files_they_have_not_begun(tmp_path: Path) -> None:
    """Stopping waits for the files in progress, not for a worker's whole queue: here 50 files queued
    (a second of work) when the first answers arrive."""
    tasks = _plain_tasks(tmp_path, 120)
    pool = WorkerPool(PoolOptions(jobs=1, inspect=InspectOptions(), prefetch=50, after_inspect=_takes_20_ms))
    outcomes: list[Outcome] = []
    for outcome in pool.run(iter(tasks)):
        if not outcomes:
            pool.stop_feeding()
        outcomes.append(outcome)
    assert 1 <= len(outcomes) <= 20
    assert [o.task.index for o in outcomes] == list(range(len(outcomes)))  # the first ones, each once
    assert all(json.loads(o.record.json).get("error") is None for o in outcomes)


class _SpawnCounting(WorkerPool):
    """Counts the worker processes it starts."""

    spawned = 0

    def _spawn(self) -> Any:
        _SpawnCounting.spawned += 1
        return super()._spawn()


def test_a_run_of_no_files_starts_no_worker(tmp_path: Path) -> None:
    """An audit of an empty folder does not wait for workers to import (a fifth of a second)."""
    pool = _SpawnCounting(PoolOptions(jobs=2, inspect=InspectOptions()))
    assert list(pool.run(iter([]))) == []
    assert _SpawnCounting.spawned == 0
    outcomes = list(pool.run(iter(_plain_tasks(tmp_path, 1))))
    assert len(outcomes) == 1 and _SpawnCounting.spawned == 2
