"""Per-file cost of the C2PA's official reading in every report of a file with a manifest (issue 20): the
crJSON the read now asks the SDK for, the bundled signals and integrity rubrics, the Conforming Products
List, over the signed files of the shared corpus.

Run: .venv/bin/python benchmarks/rubric_cost.py [FOLDER]   (default: the shared corpus)
Prints, over the files, the median of each file's fastest time: ``inspect`` with and without the official
reading (for "without", the SDK's ``Reader.crjson()`` and the evaluation are switched off, as before issue
20: a v2 claim's gathered assertions then come from ``detailed_json()`` again), and each part on its own. The
bundled rubrics and the list load once per process, before the clock starts (the first file's warm-up).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

from timing import median_ms  # benchmarks/timing.py (scripts run from this folder)

import provenance
from provenance import _official
from provenance._official import capture_crjson
from provenance.conforming.cache import bundled_list
from provenance.conforming.report import conforming_part
from provenance.readers.c2pa import sdk
from provenance.rubrics import INTEGRITY, evaluate, load_bundled, official_signals

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RUNS = 9


def signed_files(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        with capture_crjson() as captured:
            report = provenance.inspect(path)
        if report.c2pa_signals is not None and captured.document is not None:
            found.append((path, dict(captured.document)))
    return found


def paired_ms(path: Path) -> tuple[float, float]:
    """The fastest of RUNS inspections of ``path`` with and without the official reading, alternated so that
    both see the same load (the machine is shared: the fastest run is the one least disturbed)."""
    keep = (_official.with_official, sdk._crjson)
    times: tuple[list[float], list[float]] = ([], [])
    provenance.inspect(path)
    for _ in range(RUNS):
        for without, found in enumerate(times):
            if without:
                _official.with_official = lambda report, read, options: report  # type: ignore[assignment]
                sdk._crjson = lambda reader: None  # type: ignore[assignment]
            try:
                start = time.perf_counter()
                provenance.inspect(path)
                found.append((time.perf_counter() - start) * 1000)
            finally:
                _official.with_official, sdk._crjson = keep
    return min(times[0]), min(times[1])


def row(name: str, values: list[float], digits: int = 2) -> str:
    return f"| {name} | {statistics.median(values):.{digits}f} | {max(values):.{digits}f} |"


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    if not folder.is_dir():
        print(f"no folder {folder}", file=sys.stderr)
        return 2
    files = signed_files(folder)
    paired = [paired_ms(path) for path, _ in files]
    with_reading, without = [a for a, _ in paired], [b for _, b in paired]
    products, integrity = bundled_list(), load_bundled(INTEGRITY)
    parts = {
        "signals rubric (every manifest)": [
            median_ms(lambda d=d: official_signals(d), RUNS) for _, d in files
        ],
        "integrity rubric": [median_ms(lambda d=d: evaluate(integrity, d), RUNS) for _, d in files],
        "conforming products list": [
            median_ms(lambda d=d: conforming_part(d, (), products), RUNS) for _, d in files
        ],
    }
    print(f"{len(files)} files of {folder} with a manifest; ms per file (fastest of {RUNS} runs)\n")
    print("| what | median over the files | max |\n|---|---:|---:|")
    print(row("inspect, with the official reading", with_reading))
    print(row("inspect, without it (no crJSON asked for)", without))
    print(row("difference, file by file", [a - b for a, b in paired]))
    for name, costs in parts.items():
        print(row(name + " (median of runs)", costs, 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
