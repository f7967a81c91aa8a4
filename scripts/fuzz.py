#!/usr/bin/env python3
"""Fuzzing campaign over the project's own parsers (targets: tests/fuzz/targets.py).

Run: .venv/bin/python scripts/fuzz.py [--target jpeg --target png ...] [--seconds 120] [--out DIR]

With atheris installed (``pip install atheris``) each target runs coverage-guided under libFuzzer, in a
child process with only ``provenance`` instrumented, seeded from the fixtures and a sample of the shared
corpus; without it (or with ``--engine random``) a random mutation loop over the same seeds runs instead.
A failure is any exception a target does not document, an input running past ``--input-timeout`` seconds,
or (atheris) a process over ``--rss-limit-mb``. Failing inputs are written to ``DIR/<target>/``; after a
failure the target is restarted for the rest of its time. At the end a table prints, per target, the
inputs tried, the coverage reached (atheris: libFuzzer's ``cov`` edges and ``ft`` features) and the
failures found. Exit code 1 when anything failed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MAX_RESTARTS = 25


@dataclass
class Result:
    target: str
    inputs: int = 0
    cov: int = 0
    features: int = 0
    failures: list[str] = field(default_factory=list)


def _have_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


# ---- atheris (child process) ------------------------------------------------------------------------------


def _child(target: str, argv: list[str]) -> None:
    """Runs in the child: libFuzzer over one target, with the project's modules instrumented."""
    import atheris

    with atheris.instrument_imports(include=["provenance"]):
        from tests.fuzz.targets import TARGETS

        # Modules the targets (and the reader registry) import lazily, on first use: instrument them too,
        # or their coverage reads 0.
        for module in ("dwtdct", "watermark", "stealth", "stealth_bits"):
            importlib.import_module(f"provenance.readers.{module}")
    run = TARGETS[target]

    def one_input(data: bytes) -> None:
        run(data)

    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def _seed_dir(target: str, work: Path) -> Path:
    from tests.fuzz.mutate import seeds

    folder = work / f"corpus-{target}"
    folder.mkdir(parents=True, exist_ok=True)
    for data in seeds(target):
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    return folder


_STATUS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+)", re.MULTILINE)
_EXECUTED = re.compile(r"stat::number_of_executed_units: (\d+)")
_WRITTEN = re.compile(r"Test unit written to (\S+)")


def _atheris(target: str, seconds: float, out: Path, args: argparse.Namespace) -> Result:
    result = Result(target)
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    corpus = _seed_dir(target, work)
    artifacts = out / target
    artifacts.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + seconds
    for _ in range(MAX_RESTARTS):
        left = int(deadline - time.monotonic())
        if left < 2:
            break
        argv = [
            str(corpus),
            f"-max_total_time={left}",
            f"-timeout={args.input_timeout}",
            f"-rss_limit_mb={args.rss_limit_mb}",
            f"-malloc_limit_mb={args.rss_limit_mb}",
            f"-max_len={args.max_len}",
            f"-artifact_prefix={artifacts}/",
            "-print_final_stats=1",
        ]
        proc = subprocess.run(
            [sys.executable, __file__, "--child", target, "--", *argv],
            capture_output=True,
            text=True,
            errors="replace",
            cwd=REPO,
        )
        log = proc.stderr
        statuses = _STATUS.findall(log)
        executed = _EXECUTED.findall(log)
        result.inputs += int(executed[-1]) if executed else (int(statuses[-1][0]) if statuses else 0)
        if statuses:
            result.cov = max(result.cov, int(statuses[-1][1]))
            result.features = max(result.features, int(statuses[-1][2]))
        written = _WRITTEN.findall(log)
        if proc.returncode == 0 and not written:
            break
        reason = _failure_line(log)
        result.failures.append(f"{written[-1] if written else '(no artifact)'}: {reason}")
        print(f"  {target}: FAILURE {reason} -> {written[-1] if written else '-'}", flush=True)
    return result


def _failure_line(log: str) -> str:
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if "Uncaught Python exception" in line:
            tail = [x for x in lines[index + 1 : index + 40] if x and not x.startswith((" ", "Traceback"))]
            return tail[0] if tail else line
        if "ERROR: libFuzzer:" in line:
            return line.split("ERROR: libFuzzer:", 1)[1].strip()
    return "unknown failure (see libFuzzer log)"


# ---- random mutation loop (fallback) ----------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _random(target: str, seconds: float, out: Path, args: argparse.Namespace) -> Result:
    from tests.fuzz.mutate import mutate, random_ops, seeds
    from tests.fuzz.targets import TARGETS

    def alarm(signum: int, frame: object) -> None:
        raise _Timeout

    signal.signal(signal.SIGALRM, alarm)
    result = Result(target)
    pool, run, rng = seeds(target), TARGETS[target], random.Random(args.seed)
    artifacts = out / target
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = mutate(rng.choice(pool), random_ops(rng), rng.choice(pool))
        result.inputs += 1
        signal.alarm(args.input_timeout)
        try:
            run(data)
        except _Timeout:
            result.failures.append(_save(artifacts, data, f"timeout over {args.input_timeout} s"))
        except Exception as error:
            where = traceback.extract_tb(error.__traceback__)[-1]
            why = f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"
            result.failures.append(_save(artifacts, data, why))
        finally:
            signal.alarm(0)
    return result


def _save(folder: Path, data: bytes, why: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{hashlib.sha1(data).hexdigest()}"
    path.write_bytes(data)
    print(f"  FAILURE {why} -> {path}", flush=True)
    return f"{path}: {why}"


# ---- driver -----------------------------------------------------------------------------------------------


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[4:] if sys.argv[3:4] == ["--"] else sys.argv[3:])
        return 0
    from tests.fuzz.targets import HIGH_VOLUME, TARGETS

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", action="append", choices=sorted(TARGETS), help="repeatable; default: all")
    parser.add_argument("--seconds", type=float, default=120, help="per target (default 120)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "provenance-fuzz")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--input-timeout", type=int, default=10, help="seconds per input (default 10)")
    parser.add_argument("--rss-limit-mb", type=int, default=2048)
    parser.add_argument("--max-len", type=int, default=1 << 20, help="atheris: largest input (default 1 MB)")
    parser.add_argument("--seed", type=int, default=0, help="random engine seed")
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if _have_atheris() else "random"
    targets = args.target or list(HIGH_VOLUME)
    print(f"engine {engine}, {args.seconds:g} s per target, failures to {args.out}", flush=True)
    results = []
    for target in targets:
        started = time.monotonic()
        run = _atheris if engine == "atheris" else _random
        result = run(target, args.seconds, args.out, args)
        results.append(result)
        cov = f", cov {result.cov} ft {result.features}" if engine == "atheris" else ""
        print(
            f"{target}: {result.inputs} inputs in {time.monotonic() - started:.0f} s{cov}, "
            f"{len(result.failures)} failures",
            flush=True,
        )
    print(f"\n{'target':<18}{'inputs':>12}{'cov':>8}{'ft':>8}{'failures':>10}")
    for r in results:
        print(f"{r.target:<18}{r.inputs:>12}{r.cov:>8}{r.features:>8}{len(r.failures):>10}")
    total = sum(r.inputs for r in results)
    failures = [f for r in results for f in r.failures]
    print(f"{'total':<18}{total:>12}{'':>16}{len(failures):>10}")
    for failure in failures:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
