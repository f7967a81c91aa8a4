"""Local engine against the Dask engine on one machine: files/s and the Dask overhead per file.

Generates ``--files`` small plain JPEGs (default 100,000, about 1 KB each, 1,000 per folder) in a temporary
folder, then times ``provenance audit DIR -o out.jsonl`` (the local engine, ``--jobs`` workers) and
``provenance audit DIR -o out.jsonl --engine dask --jobs N`` (a LocalCluster of N worker processes), wall
clock of the whole command, Python and cluster start-up included. Each output is checked to hold one record
per file. A script, not a timed test: ``python benchmarks/dask_speed.py [--files N] [--jobs 2]``.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image


def make_tree(root: Path, files: int) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (90, 120, 150)).save(buffer, "JPEG", quality=80)
    data = buffer.getvalue()
    for index in range(files):
        folder = root / f"d{index // 1000:04d}"
        if index % 1000 == 0:
            folder.mkdir(parents=True)
        (folder / f"f{index:07d}.jpg").write_bytes(data)


def run(label: str, args: list[str], out: Path, files: int) -> dict[str, float]:
    started = time.perf_counter()
    command = [sys.executable, "-m", "provenance", "audit", *args, "-o", str(out), "-q"]
    result = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{label} failed ({result.returncode}): {result.stderr[-2000:]}")
    paths = {json.loads(line)["source"]["path"] for line in out.read_text().splitlines()}
    if len(paths) != files:
        raise SystemExit(f"{label}: {len(paths)} records for {files} files")
    rate, per_file = files / elapsed, 1000 * elapsed / files
    print(f"{label:<40} {elapsed:8.1f} s {rate:10,.0f} files/s   {per_file:.3f} ms/file")
    return {"seconds": elapsed, "files_per_s": files / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=256)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tree"
        started = time.perf_counter()
        make_tree(root, args.files)
        print(f"generated {args.files:,} files in {time.perf_counter() - started:.1f} s")
        jobs = ["--jobs", str(args.jobs)]
        local_label = f"local engine, {args.jobs} workers"
        local = run(local_label, [str(root), *jobs], Path(tmp) / "l.jsonl", args.files)
        dask = run(
            f"dask engine, LocalCluster of {args.jobs}",
            [str(root), *jobs, "--engine", "dask", "--partition-size", str(args.partition_size)],
            Path(tmp) / "d.jsonl",
            args.files,
        )
        overhead = 1000 * (dask["seconds"] - local["seconds"]) / args.files
        print(f"Dask overhead per file: {overhead:.3f} ms (start-up included)")


if __name__ == "__main__":
    main()
