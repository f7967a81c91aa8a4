"""Time and memory of each crafted file of the hostile corpus (scripts/make_hostile.py), then in bulk.

Run: .venv/bin/python benchmarks/hostile.py [--only SUBSTRING] [--no-bulk]

Builds the corpus in a temporary folder. For each regular file (and the six hostile files of the shared
corpus, when present) it measures, each in a fresh process, the wall time and peak resident memory of:
``inspect --json``, ``inspect --json --deep``, one ``audit`` worker (``--jobs 1``; the peak of its largest
process, sampled every 20 ms from /proc) and one ``serve`` upload with thumbnails (a fresh, warmed-up
server per file; its VmHWM after the upload). The targets are 300 MB and 10 s for every cell; a cell over
either is marked ``!``. Then, unless ``--no-bulk``: ``audit`` over the whole corpus (fast path, and
--no-fast-path, and --deep) and ``inspect`` of every file in one process. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from serve_load import measure_crafted
from timing import tree_rss

REPO = Path(__file__).resolve().parents[1]
LIMIT_MB, LIMIT_S = 300.0, 10.0
SERVE_UPLOAD_LIMIT = 50 * 1024 * 1024  # provenance serve's default request limit


def make_hostile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_hostile", REPO / "scripts" / "make_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cell(seconds: float, megabytes: float) -> str:
    flag = "!" if seconds > LIMIT_S or megabytes > LIMIT_MB else " "
    return f"{seconds:6.2f} s {megabytes:6.0f} MB{flag}"


def inspect_once(path: str, *extra: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``provenance inspect --json`` on one file, in a fresh process.

    Measured by GNU time, whose own small process starts the command: a child forked from this script
    would count the script's memory in its peak."""
    command = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "provenance", "inspect", "--json"]
    done = subprocess.run(
        [*command, *extra, path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    seconds, kilobytes = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024


def audit_once(path: str) -> tuple[float, float]:
    """Wall seconds and the largest process's peak RSS (MB) of a one-worker audit of one file."""
    out = Path(tempfile.mkdtemp()) / "out.jsonl"
    args = [sys.executable, "-m", "provenance", "audit", path, "--jobs", "1", "-o", str(out), "--quiet"]
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid)[1])
        time.sleep(0.02)
    return time.monotonic() - started, peak / 2**20


def serve_once(path: Path) -> str:
    size = path.stat().st_size
    if size > SERVE_UPLOAD_LIMIT:
        return f"{'refused: over the upload limit':>22}"
    name = path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")  # a form field is text
    status, seconds, _, after = measure_crafted(name, path.read_bytes())
    return _cell(seconds, after) + ("" if status == 200 else f" {status}")


def per_file(files: list[Path]) -> None:
    header = f"{'file':<44} {'inspect':>19} {'inspect --deep':>19} {'audit worker':>19} {'serve upload':>19}"
    print(header)
    print("-" * len(header))
    worst: dict[str, tuple[float, float]] = collections.defaultdict(lambda: (0.0, 0.0))
    for path in files:
        cells = []
        for name, measure in (
            ("inspect", lambda p=path: inspect_once(str(p))),
            ("deep", lambda p=path: inspect_once(str(p), "--deep")),
            ("audit", lambda p=path: audit_once(str(p))),
        ):
            seconds, megabytes = measure()
            worst[name] = (max(worst[name][0], seconds), max(worst[name][1], megabytes))
            cells.append(_cell(seconds, megabytes))
        cells.append(serve_once(path))
        print(f"{path.name[:44]:<44} " + " ".join(f"{c:>19}" for c in cells), flush=True)
    print("worst: " + "; ".join(f"{k} {s:.2f} s, {m:.0f} MB" for k, (s, m) in worst.items()))


def audit_bulk(paths: list[str], *extra: str) -> None:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="measure only files whose name contains this")
    parser.add_argument("--no-bulk", action="store_true", help="skip the whole-corpus audit runs")
    args = parser.parse_args()
    module = make_hostile()
    folder = Path(tempfile.mkdtemp()) / "hostile"
    catalogue = module.build(folder)
    corpus = REPO.parent / "shared" / "corpus" / "c2pa-rs-fixtures"
    rs = [corpus / n for n in module.RS_HOSTILE] if corpus.is_dir() else []
    print(f"hostile corpus: {len(catalogue)} paths + {len(rs)} hostile files of the shared corpus")
    files = [
        folder / name
        for name in sorted(catalogue)
        if stat.S_ISREG((folder / name).lstat().st_mode) and (args.only or "") in name
    ] + [p for p in rs if (args.only or "") in p.name]
    per_file(files)
    if not args.no_bulk:
        paths = [str(folder), *map(str, rs)]
        audit_bulk(paths, "--timeout", "120", "--memory-limit", "2048")
        audit_bulk(paths, "--timeout", "120", "--memory-limit", "2048", "--no-fast-path")
        audit_bulk(paths, "--timeout", "120", "--memory-limit", "2048", "--no-fast-path", "--deep")
    return 0


if __name__ == "__main__":
    sys.exit(main())
