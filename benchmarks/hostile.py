"""Time and memory of the hostile corpus (scripts/make_hostile.py): `audit` over all of it, and `inspect`.

Run: .venv/bin/python benchmarks/hostile.py

Builds the corpus in a temporary folder, then prints: for `provenance audit` (default fast path, and
--no-fast-path) over it plus the six hostile files of the shared corpus (when present), the wall time, the
peak resident memory of the whole process tree (sampled every 20 ms from /proc) and of its largest process,
the record count and the error kinds; then, in one process per option set, `inspect` of every file: the
slowest files and the peak resident memory (VmHWM). Linux only (/proc).
"""

from __future__ import annotations

import collections
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import tree_rss

REPO = Path(__file__).resolve().parents[1]


def audit(paths: list[str], *extra: str) -> None:
    out = Path(tempfile.mkdtemp()) / "out.jsonl"
    args = [sys.executable, "-m", "provenance", "audit", *paths, "-o", str(out), "--quiet", *extra]
    start = time.monotonic()
    proc = subprocess.Popen(args, stderr=subprocess.DEVNULL)
    peak_sum = peak_max = 0
    while proc.poll() is None:
        total, largest = tree_rss(proc.pid)
        peak_sum, peak_max = max(peak_sum, total), max(peak_max, largest)
        time.sleep(0.02)
    wall = time.monotonic() - start
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    kinds = collections.Counter(r["error"]["kind"] for r in rows if r.get("error"))
    print(
        f"audit {' '.join(extra)}: {len(rows)} records in {wall:.1f} s, exit {proc.returncode}; "
        f"peak RSS {peak_sum / 2**20:.0f} MB for the process tree, {peak_max / 2**20:.0f} MB largest process"
    )
    print("  error kinds: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))


_INSPECT_ALL = """
import sys, time
from pathlib import Path
from provenance import InspectOptions, inspect
options = InspectOptions(fast_path=sys.argv[1] == "fast", deep=sys.argv[2] == "deep")
times = []
for path in sys.argv[4:]:
    if Path(path).name in sys.argv[3].split(","):
        continue
    start = time.monotonic()
    inspect(path, options=options)
    times.append((time.monotonic() - start, Path(path).name))
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
times.sort(reverse=True)
print(f"{len(times)} files in {sum(t for t, _ in times):.1f} s, peak RSS {hwm // 1024} MB; slowest: "
      + ", ".join(f"{name} {t:.2f} s" for t, name in times[:4]))
"""


def inspect_all(paths: list[str], fast: bool, deep: bool, skip: str = "") -> None:
    label = f"inspect fast_path={fast} deep={deep}" + (f" (without {skip})" if skip else "")
    args = [sys.executable, "-c", _INSPECT_ALL, "fast" if fast else "full", "deep" if deep else "-", skip]
    done = subprocess.run([*args, *paths], capture_output=True, text=True, cwd=REPO)
    print(f"{label}: {done.stdout.strip() or done.stderr.strip()[-300:]}")


def main() -> int:
    spec = importlib.util.spec_from_file_location("make_hostile", REPO / "scripts" / "make_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = Path(tempfile.mkdtemp()) / "hostile"
    catalogue = module.build(folder)
    corpus = REPO.parent / "shared" / "corpus" / "c2pa-rs-fixtures"
    rs = [str(corpus / n) for n in module.RS_HOSTILE] if corpus.is_dir() else []
    print(f"hostile corpus: {len(catalogue)} paths + {len(rs)} hostile files of the shared corpus")
    audit([str(folder), *rs], "--timeout", "120", "--memory-limit", "2048")
    audit([str(folder), *rs], "--timeout", "120", "--memory-limit", "2048", "--no-fast-path")
    audit([str(folder), *rs], "--timeout", "120", "--memory-limit", "2048", "--no-fast-path", "--deep")
    files = [os.fsdecode(folder / n) for n in sorted(catalogue)] + rs
    inspect_all(files, fast=True, deep=False)
    inspect_all(files, fast=False, deep=True, skip="sparse_1gb.jpg")
    inspect_all([os.fsdecode(folder / "sparse_1gb.jpg")], fast=False, deep=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
