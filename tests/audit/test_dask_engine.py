"""`provenance audit --engine dask`: the local engine's records, from a Dask cluster of two worker processes
(local folders and S3), lost workers retried, resume across engines, partitioned Parquet output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.audit.cluster_helpers import S3_ENV, audit, media_tree, records, require_cluster_extra
from tests.audit.conftest import S3
from tests.helpers import recorded_files

require_cluster_extra()


def dask_audit(cluster: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return audit(*args, "--engine", "dask", "--scheduler", cluster.scheduler_address)


def test_dask_engine_gives_the_local_engines_records(dask_cluster: Any, media: Path, tmp_path: Path) -> None:
    # Nothing is ignored but the order: both engines inspect each file by path in an isolated process,
    # so every field, the modification time included, is the same.
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert audit(str(media), "-o", str(local), "-q").returncode == 0
    result = dask_audit(dask_cluster, str(media), "-o", str(remote), "-q", "--partition-size", "5")
    assert result.returncode == 0, result.stderr
    assert records(remote) == records(local)
    assert len(records(local)) == recorded_files(media)


def test_dask_engine_reads_s3_like_the_local_engine(dask_cluster: Any, s3: S3, tmp_path: Path) -> None:
    option = ("--storage-option", f"endpoint_url={s3.endpoint}")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert audit(s3.url, "-o", str(local), "-q", *option).returncode == 0
    result = dask_audit(dask_cluster, s3.url, "-o", str(remote), "-q", "--partition-size", "7", *option)
    assert result.returncode == 0, result.stderr
    assert records(remote) == records(local)
    assert all(r["source"]["path"].startswith("s3://media/in/") for r in records(remote))


def test_resume_works_across_engines(dask_cluster: Any, media: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert audit(str(media), "-o", str(out), "-q").returncode == 0
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:20]) + "\n" + lines[20][:30])  # as a killed run leaves it
    result = dask_audit(dask_cluster, str(media), "-o", str(out), "--resume")
    assert result.returncode == 0, result.stderr
    assert "20 already recorded" in result.stderr
    rows = records(out)
    assert len(rows) == len(lines) == len({r["source"]["path"] for r in rows})


def test_parquet_output_has_the_csv_columns_and_the_full_report(
    dask_cluster: Any, media: Path, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    from provenance.formats.csv import COLUMNS

    folder, local = tmp_path / "parquet", tmp_path / "local.jsonl"
    assert audit(str(media), "-o", str(local), "-q").returncode == 0
    result = dask_audit(
        dask_cluster, str(media), "--format", "parquet", "-o", str(folder), "-q", "--partition-size", "10"
    )
    assert result.returncode == 0, result.stderr
    parts = sorted(folder.glob("part-*.parquet"))
    assert len(parts) == -(-recorded_files(media) // 10)  # 10 files per partition
    table = pq.read_table(folder)
    assert table.column_names == [name for name, _ in COLUMNS] + ["report"]
    reports = sorted(
        (json.loads(r) for r in table.column("report").to_pylist()), key=lambda r: r["source"]["path"]
    )
    assert reports == records(local)
    sizes = dict(zip(table.column("path").to_pylist(), table.column("size").to_pylist(), strict=True))
    assert sizes[str(media / "plain.jpg")] == (media / "plain.jpg").stat().st_size
    # Resuming into the same folder adds nothing when everything is recorded.
    again = dask_audit(dask_cluster, str(media), "--format", "parquet", "-o", str(folder), "--resume")
    assert again.returncode == 0, again.stderr
    assert pq.read_table(folder).num_rows == len(reports)


def test_killing_a_dask_worker_mid_run_loses_no_record(dask_cluster: Any, tmp_path: Path) -> None:
    from distributed import Client

    root, count = media_tree(tmp_path / "tree", copies=3)
    out = tmp_path / "o.jsonl"
    env = {**os.environ, **S3_ENV}
    args = [str(root), "-o", str(out), "--deep", "-q", "--partition-size", "6"]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "provenance",
            "audit",
            *args,
            "--engine",
            "dask",
            "--scheduler",
            dask_cluster.scheduler_address,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_text().count("\n") < 6):
        time.sleep(0.05)
    with Client(dask_cluster.scheduler_address) as client:
        pids = client.run(os.getpid)
    os.kill(next(iter(pids.values())), signal.SIGKILL)  # the nanny starts a new worker; Dask reruns its tasks
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == 0, stderr
    rows = records(out)
    assert len(rows) == count == len({r["source"]["path"] for r in rows})
    assert not [r for r in rows if r["error"]]


def test_inspect_partition_maps_path_bytes_pairs_to_report_rows(media: Path) -> None:
    from provenance.audit.partition import inspect_partition

    pairs = [(f"s3://b/{name}", (media / name).read_bytes(), 1.7e9) for name in ("plain.jpg", "tampered.jpg")]
    rows = inspect_partition(pairs)
    assert [r["source"]["path"] for r in rows] == ["s3://b/plain.jpg", "s3://b/tampered.jpg"]
    assert [r["source"]["modified"] for r in rows] == [1.7e9, 1.7e9]
    assert rows[1]["verdict"]["integrity"] == "tampered"
