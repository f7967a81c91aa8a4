"""A short load run against a real `provenance serve` process (the long one is benchmarks/serve_load.py).

Eight clients upload rotating fixtures for a few seconds: every response must be 200 with the verdict the
library gives for that file, and the server's memory must not balloon (a leak guard, not a speed test:
the figures live in the benchmark's output and SECURITY.md).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from types import ModuleType

from tests.helpers import REPO


def load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("serve_load", REPO / "benchmarks" / "serve_load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_concurrent_uploads_all_answer_correctly_and_memory_stays_bounded() -> None:
    bench = load_benchmark()
    truth = {name: bench.expected(name) for name in bench.FILES}
    assert len(set(truth.values())) >= 4  # the rotation really mixes different verdicts
    port = bench.free_port()
    server = bench.start_server(port, 2)
    try:
        warm = bench.Step()
        bench.client(port, time.monotonic() + 1, 0, truth, warm)
        assert warm.errors == []
        baseline = bench.rss_mb(server.pid)
        step, _ = bench.run_step(port, 8, 4.0, truth)
        assert step.errors == []
        assert len(step.latencies) >= 8 * len(bench.FILES)  # each client went through the rotation
        assert bench.rss_mb(server.pid) < baseline * 1.5 + 20
    finally:
        server.terminate()
        server.wait(10)


def test_health_and_a_normal_upload_answer_under_a_flood_and_slow_clients() -> None:
    # Issue 12 items 3 and 5: twenty clients posting twenty one-colour 8000x8000 PNGs with thumbnails, back
    # to back, and 1,100 connections that send a partial request line (reopened as the server closes them)
    # to a server allowed 1,024 open files: every 0.25 s, /v1/health and a one-file upload, each on a new
    # connection, must answer correctly. Before the fix they timed out. The bound below only says "not
    # stuck" (generous, for a busy CI machine); the latencies themselves are benchmarks/serve_load.py's
    # figures (health p50 78 ms in SECURITY.md). The probe asks one after the other: 8 s leave room for
    # five rounds even when a loaded machine makes each take 1.5 s (5 s once gave 4).
    bench = load_benchmark()
    port = bench.free_port()
    server = bench.start_server(port, 2, fd_limit=1024)
    try:
        flood = bench.run_flood(port, 8.0, clients=20, slow=1100)
        assert flood.failures == []
        assert len(flood.health) >= 5 and len(flood.uploads) >= 5
        assert max(flood.health + flood.uploads) < 15.0, (
            bench._summary(flood.health),
            bench._summary(flood.uploads),
        )
        assert flood.slow_closed > 0  # the server did close slow connections
        assert bench.peak_rss_mb(server.pid) < 400
    finally:
        server.terminate()
        server.wait(10)
