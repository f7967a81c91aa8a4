"""Timing helper shared by the benchmark scripts."""

from __future__ import annotations

import collections
import os
import statistics
import time
from collections.abc import Callable

PAGE = os.sysconf("SC_PAGE_SIZE")


def median_ms(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn`` in milliseconds over ``runs`` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def tree_rss(root: int) -> tuple[int, int]:
    """(sum, max) resident bytes of process ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(entry))
        rss[int(entry)] = int(fields[21]) * PAGE
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo += children.get(pid, [])
    sizes = [rss.get(pid, 0) for pid in seen]
    return sum(sizes), max(sizes)
