"""The committed figures of the benchmarks: each benchmark run with ``--save`` puts its section into
``benchmarks/figures.json`` with the machine it ran on; ``benchmarks/report.py --write`` renders
``benchmarks/README.md`` and the README's performance table from that file (never from the live machine).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

FIGURES = Path(__file__).resolve().parent / "figures.json"


def load_average() -> float:
    """The 1-minute load average (other work on the machine), or -1 where the system has none."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


_SPIN = "import time\nt = time.process_time()\nwhile time.process_time() - t < {seconds}: sum(range(1000))"


def free_cores(seconds: float = 1.0) -> float:
    """How many cores the machine gives at this moment: ``cores`` processes spin for ``seconds`` of CPU each
    at once; the CPU they got over the wall time it took (2.0 on two free cores, 1.0 when other work holds
    one of them). Wall-clock figures, and 2 workers against 1, are only as good as this."""
    cores = os.cpu_count() or 1
    start = time.perf_counter()
    code = _SPIN.format(seconds=seconds)
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(cores)]
    for proc in procs:
        proc.wait()
    return round(cores * seconds / (time.perf_counter() - start), 2)


def machine() -> dict[str, Any]:
    """What a figure depends on: cores, memory, Python, the SDK, and how busy the machine was."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory = 0.0
    try:
        sdk = metadata.version("c2pa-python")
    except metadata.PackageNotFoundError:
        sdk = "absent"
    return {
        "cores": os.cpu_count() or 1,
        "memory_gib": round(memory),
        "python": platform.python_version(),
        "c2pa_python": sdk,
        "system": f"{platform.system()} {platform.machine()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def save(section: str, data: dict[str, Any], *, load_before: float) -> None:
    """Put ``data`` under ``section`` in figures.json, with the machine and the load average around the run
    (the 2 cores of the CI kind of machine are shared: a figure measured under load must say so)."""
    figures = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
    figures[section] = {
        **data,
        "machine": machine(),
        "load": {"before": load_before, "after": load_average()},
        "command": " ".join([Path(sys.argv[0]).as_posix().split("/")[-1], *sys.argv[1:]]),
    }
    FIGURES.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"saved to {FIGURES}")
