"""``provenance audit`` over the hostile corpus: one record per path the walk meets, in bounded time."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from provenance import InspectOptions
from provenance.audit.pool import PoolOptions, Task, WorkerPool
from tests.helpers import CORPUS, FIXTURES
from tests.hostile.conftest import RS_HOSTILE

HANG_GUARD_S = 600  # a hang guard, not a speed test: benchmarks/hostile.py measures the time
LIMITS = ("--timeout", "30", "--memory-limit", "1024", "--jobs", "2", "--quiet")


def _audit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provenance", "audit", *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )


def _records(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]


def _targets(folder: Path, catalogue: dict[str, str]) -> tuple[list[str], set[str]]:
    """The audit arguments (the hostile folder, then the six SDK hostile files when the corpus is there)
    and the paths expected in the records."""
    expected = {os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))) for name in catalogue}
    rs = [str(CORPUS / "c2pa-rs-fixtures" / name) for name in RS_HOSTILE] if CORPUS.is_dir() else []
    return [str(folder), *rs], expected | set(rs)


def _check_one_record_per_path(
    hostile: tuple[Path, dict[str, str]], tmp_path: Path, *extra: str
) -> list[dict]:
    args, expected = _targets(*hostile)
    out = tmp_path / "hostile.jsonl"
    done = _audit(*args, "-o", str(out), *LIMITS, *extra)
    assert done.returncode == 3, done.stderr  # 3: some files could not be inspected (and say why)
    rows = _records(out)
    paths = [row["source"]["path"] for row in rows]  # type: ignore[index]
    assert len(paths) == len(set(paths)) == len(expected)
    assert set(paths) == expected
    return rows


def test_audit_gives_one_record_per_hostile_path(
    hostile: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    rows = _check_one_record_per_path(hostile, tmp_path)
    kinds = {row["error"]["kind"] for row in rows if row.get("error")}  # type: ignore[index]
    assert not kinds & {"worker_crashed", "internal_error", "timeout", "memory_limit"}, kinds


def test_audit_with_the_sdk_on_every_file_gives_one_record_per_hostile_path(
    hostile: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    rows = _check_one_record_per_path(hostile, tmp_path, "--no-fast-path")
    failed = {
        Path(row["source"]["path"]).name: row["error"]["kind"]  # type: ignore[index]
        for row in rows
        if row.get("error")
        and row["error"]["kind"] in ("worker_crashed", "internal_error", "timeout", "memory_limit")  # type: ignore[index]
    }
    # The SDK holds a whole JPEG in memory several times over: the sparse GiB is stopped by --memory-limit.
    assert failed in ({}, {"sparse_1gb.jpg": "memory_limit"})


def _churn(folder: Path, stop: threading.Event) -> None:
    rng = random.Random(3)
    sample = (FIXTURES / "media" / "ai_generated.jpg").read_bytes()
    while not stop.is_set():
        path = folder / f"f{rng.randrange(40):02d}.jpg"
        try:
            if rng.random() < 0.3:
                path.unlink()
            else:
                path.write_bytes(sample[: rng.randrange(len(sample) + 1)])
        except OSError:
            pass
        time.sleep(0.0005)


def test_audit_of_files_changing_and_disappearing_records_each_once(tmp_path: Path) -> None:
    folder = tmp_path / "moving"
    folder.mkdir()
    for n in range(40):
        (folder / f"f{n:02d}.jpg").write_bytes((FIXTURES / "media" / "ai_generated.jpg").read_bytes())
    stop = threading.Event()
    churner = threading.Thread(target=_churn, args=(folder, stop), daemon=True)
    churner.start()
    out = tmp_path / "moving.jsonl"
    try:
        done = _audit(str(folder), "-o", str(out), "--no-fast-path", *LIMITS)
    finally:
        stop.set()
        churner.join()
    assert done.returncode in (0, 3), done.stderr
    paths = [row["source"]["path"] for row in _records(out)]  # type: ignore[index]
    assert 0 < len(paths) == len(set(paths)) <= 40


def test_a_path_removed_between_walk_and_inspection_gets_a_not_found_record(tmp_path: Path) -> None:
    kept, removed = tmp_path / "kept.jpg", tmp_path / "removed.jpg"
    for path in (kept, removed):
        path.write_bytes((FIXTURES / "media" / "plain.jpg").read_bytes())
    tasks = [Task(0, str(kept)), Task(1, str(removed))]  # what the walk met
    removed.unlink()
    pool = WorkerPool(PoolOptions(jobs=1, inspect=InspectOptions(fast_path=True), timeout_s=60))
    outcomes = {o.task.path: json.loads(o.record.json) for o in pool.run(iter(tasks))}
    assert outcomes[str(kept)].get("error") is None
    assert outcomes[str(removed)]["error"]["kind"] == "not_found"
