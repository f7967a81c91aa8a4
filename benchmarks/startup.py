"""Start-up: one file per command, as a script, a file-manager action or a shell loop runs it.

Run: .venv/bin/python benchmarks/startup.py [--runs 7] [--save]

Medians of ``--runs`` runs, interleaved (each round runs every command once, so load on the machine hits
them alike): ``provenance inspect --json`` of a signed JPEG against a bare ``c2pa.Reader(path).json()``
in a fresh Python, and ``provenance inspect`` (panel and ``--json``) of a JPEG without provenance. Wall
and CPU time of the whole process. The package's bytecode is compiled first, as ``pip install`` does (a
checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run).

Then where a signed file's run goes, in one more process instrumented for it (medians of ``--runs``): the
C2PA SDK's import (the bare read pays it too), the first ``inspect --json`` (provenance's imports, the
trust lists, rubrics and products list loaded once, and the file's own work), the same inspect again in
the now warm process (the file's own work alone), and the dataclasses created meanwhile with the time
their creation took (Python's ``dataclass`` writes and compiles each class's methods when it is
defined: the largest single part of the imports).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from figures import load_average, save

REPO = Path(__file__).resolve().parents[1]
SIGNED = REPO / "fixtures" / "media" / "ai_generated.jpg"
PLAIN = REPO / "fixtures" / "media" / "plain.jpg"
CLI = Path(sys.executable).with_name("provenance")
BARE = "import sys, c2pa; c2pa.Reader(sys.argv[1]).json()"

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "bare c2pa.Reader(path).json(), signed JPEG": [sys.executable, "-c", BARE, str(SIGNED)],
    "provenance inspect --json, signed JPEG": [str(CLI), "inspect", "--json", str(SIGNED)],
    "provenance inspect --json, no provenance": [str(CLI), "inspect", "--json", str(PLAIN)],
    "provenance inspect (panel), no provenance": [str(CLI), "inspect", str(PLAIN)],
}
# One signed inspect, twice, in a process that times the C2PA SDK's import and every dataclass created.
BREAKDOWN = """
import dataclasses, json, os, sys, time
made = [0, 0.0]
create = dataclasses._process_class
def timed(cls, *args, **kwargs):
    began = time.perf_counter()
    try:
        return create(cls, *args, **kwargs)
    finally:
        made[0] += 1
        made[1] += time.perf_counter() - began
dataclasses._process_class = timed
began = time.perf_counter()
import c2pa
sdk = time.perf_counter() - began
made[:] = [0, 0.0]  # provenance's own from here
began = time.perf_counter()
from provenance.cli.fast import run_fast
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
run_fast(["inspect", "--json", sys.argv[1]])
first = time.perf_counter() - began
created = list(made)
began = time.perf_counter()
run_fast(["inspect", "--json", sys.argv[1]])
again = time.perf_counter() - began
ms = lambda seconds: round(seconds * 1000, 1)
print(json.dumps({"sdk_import": ms(sdk), "first_inspect": ms(first), "again": ms(again),
                  "dataclasses": created[0], "dataclasses_ms": ms(created[1])}), file=sys.stderr)
"""
TARGET_RATIO = 2.0
TARGET_PLAIN_MS = 120.0


def timed(command: list[str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one run of ``command``, its output discarded."""
    env = {**os.environ, "PROVENANCE_TRUST_MAX_AGE_DAYS": "0"}  # no staleness warning in the figures
    start = time.perf_counter()
    sink = subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=REPO, stdout=sink, stderr=sink, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def breakdown(runs: int) -> dict[str, float]:
    """Medians of :data:`BREAKDOWN`'s figures over ``runs`` processes."""
    env = {**os.environ, "PROVENANCE_TRUST_MAX_AGE_DAYS": "0"}
    found: list[dict[str, float]] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", BREAKDOWN, str(SIGNED)], cwd=REPO, env=env, capture_output=True, text=True
        )
        found.append(json.loads(done.stderr.strip().splitlines()[-1]))
    return {key: statistics.median(f[key] for f in found) for key in found[0]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--save", action="store_true", help="write the figures to benchmarks/figures.json")
    args = parser.parse_args()
    compileall.compile_dir(REPO / "provenance", quiet=1)
    load_before = load_average()
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpus: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the page cache
        timed(command)
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            wall, cpu = timed(command)
            walls[name].append(wall)
            cpus[name].append(cpu)
    medians = {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in COMMANDS}
    print(f"median of {args.runs} runs (load average {load_before} before, {load_average()} after)")
    print(f"{'command':<44} {'wall ms':>8} {'CPU ms':>8}")
    for name, (wall, cpu) in medians.items():
        print(f"{name:<44} {wall:8.1f} {cpu:8.1f}")
    bare = medians["bare c2pa.Reader(path).json(), signed JPEG"][0]
    signed = medians["provenance inspect --json, signed JPEG"][0]
    plain_json = medians["provenance inspect --json, no provenance"][0]
    plain_panel = medians["provenance inspect (panel), no provenance"][0]
    ratio = signed / bare
    print(f"\ninspect --json signed JPEG vs bare SDK read: {ratio:.2f}x (target <= {TARGET_RATIO:g}x)")
    print(f"inspect --json, no provenance: {plain_json:.0f} ms (target < {TARGET_PLAIN_MS:g} ms)")
    print(f"inspect (panel), no provenance: {plain_panel:.0f} ms (target < {TARGET_PLAIN_MS:g} ms)")
    parts = breakdown(args.runs)
    print(
        f"\nwhere a signed file's run goes (median of {args.runs} instrumented runs): the SDK's import "
        f"{parts['sdk_import']:.0f} ms; the first inspect {parts['first_inspect']:.0f} ms, of which "
        f"{parts['dataclasses']:.0f} dataclasses created {parts['dataclasses_ms']:.0f} ms; the same inspect "
        f"again in the warm process {parts['again']:.0f} ms"
    )
    if args.save:
        save(
            "startup",
            {
                "runs": args.runs,
                "median_ms": {n: {"wall": round(w, 1), "cpu": round(c, 1)} for n, (w, c) in medians.items()},
                "ratio_signed_vs_bare": round(ratio, 2),
                "plain_json_ms": round(plain_json, 1),
                "plain_panel_ms": round(plain_panel, 1),
                "breakdown_ms": parts,
            },
            load_before=load_before,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
