"""Files per second of the audit walk on a tree of empty files, against os.walk as a baseline.

Run: .venv/bin/python benchmarks/walk_speed.py [files]
Builds ``files`` empty files (default 100,000) in a temporary folder, 100 per folder, folders nested ten
to a parent, then prints the best of three runs of walk(), count() and a bare os.walk() listing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from provenance.audit.walk import Skipped, count, walk


def build(root: Path, files: int) -> None:
    for index in range(files):
        folder = root / f"g{index // 1000:03d}" / f"d{index // 100 % 10}"
        if index % 100 == 0:
            folder.mkdir(parents=True)
        (folder / f"f{index:06d}.jpg").touch()


def best(fn: Callable[[], int], runs: int = 3) -> tuple[int, float]:
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = fn()
        times.append(time.perf_counter() - start)
    return found, min(times)


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root, files)
        runs: dict[str, Callable[[], int]] = {
            "walk()": lambda: sum(1 for item in walk([root]) if not isinstance(item, Skipped)),
            "count()": lambda: count([root]),
            "os.walk (baseline)": lambda: sum(len(names) for _, _, names in os.walk(root)),
        }
        for label, fn in runs.items():
            found, seconds = best(fn)
            rate = f"{found / seconds:>11,.0f} files/s"
            print(f"{label:19} {found:>9,} files in {seconds * 1000:7.1f} ms = {rate}")


if __name__ == "__main__":
    main()
