"""Load on `provenance serve`: concurrent uploads from a local load generator, loopback only.

Run: .venv/bin/python benchmarks/serve_load.py [--seconds 20] [--clients 1,4,8,16] [--workers 2]

Starts `provenance serve` on a free 127.0.0.1 port, then for each client count runs that many threads
that upload fixtures (one file per request, rotating through AI-generated, tampered, plain and other
formats) for a bounded time. Every response is checked against the verdict the library gives for the
same file (origin, integrity, trust); anything else, or any non-200 status, counts as an error. It
prints requests/s, latency percentiles, errors, and the server's resident memory after warm-up and at the
end of each step, so a leak shows as growth. Bounded: a fixed duration per step and a 30 s timeout per
request; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import provenance

REPO = Path(__file__).resolve().parents[1]
MEDIA = REPO / "fixtures" / "media"
FILES = [
    "ai_generated.jpg",
    "tampered.jpg",
    "plain.jpg",
    "ai_generated.png",
    "captured.webp",
    "gen_comfyui.png",
    "xmp_iptc_ai.jpg",
    "ai_edited.jpg",
]
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * PAGE / (1024 * 1024)


def expected(name: str) -> tuple[str, str, str]:
    verdict = provenance.inspect((MEDIA / name).read_bytes()).verdict
    return (verdict.origin.value, verdict.integrity.value, verdict.trust.value)


def body(name: str, boundary: str) -> bytes:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + (MEDIA / name).read_bytes() + f"\r\n--{boundary}--\r\n".encode()


@dataclass
class Step:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(port: int, until: float, offset: int, truth: dict[str, tuple[str, str, str]], step: Step) -> None:
    boundary = uuid.uuid4().hex
    bodies = {name: body(name, boundary) for name in FILES}
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    index = offset
    while time.monotonic() < until:
        name = FILES[index % len(FILES)]
        index += 1
        start = time.perf_counter()
        try:
            connection.request("POST", "/v1/inspect", body=bodies[name], headers=headers)
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            with step.lock:
                step.errors.append(f"{name}: {type(error).__name__}: {error}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        elapsed = time.perf_counter() - start
        problem = None
        if response.status != 200:
            problem = f"{name}: HTTP {response.status} {data[:200]!r}"
        else:
            verdict = json.loads(data)["verdict"]
            got = (verdict["origin"], verdict["integrity"], verdict["trust"])
            if got != truth[name]:
                problem = f"{name}: {got} != {truth[name]}"
        with step.lock:
            step.latencies.append(elapsed)
            if problem:
                step.errors.append(problem)
    connection.close()


def wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/v1/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start in 30 s")


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "provenance", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, process)
    except BaseException:
        process.kill()
        raise
    return process


def run_step(
    port: int, clients: int, seconds: float, truth: dict[str, tuple[str, str, str]]
) -> tuple[Step, float]:
    """``clients`` threads uploading for ``seconds``; the step's results and its real duration."""
    step = Step()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(port, until, i, truth, step)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return step, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each step")
    parser.add_argument("--clients", default="1,4,8,16", help="concurrent clients per step")
    parser.add_argument("--workers", type=int, default=2, help="the server's --workers")
    args = parser.parse_args()
    truth = {name: expected(name) for name in FILES}
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "provenance",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, process)
        warm = Step()
        client(port, time.monotonic() + 3, 0, truth, warm)
        baseline = rss_mb(process.pid)
        print(f"provenance serve --workers {args.workers} on 127.0.0.1:{port} ({os.cpu_count()} cores)")
        print(f"server RSS after warm-up: {baseline:.0f} MB; {len(FILES)} fixtures rotated, one per request")
        print(
            f"{'clients':>7} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'errors':>6} {'RSS MB':>7}"
        )
        total_errors = 0
        for count in [int(c) for c in args.clients.split(",")]:
            step, seconds = run_step(port, count, args.seconds, truth)
            lat = sorted(step.latencies)
            q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [lat[0] if lat else 0.0] * 99
            print(
                f"{count:>7} {len(lat):>9} {len(lat) / seconds:>7.1f} {q[49] * 1000:>7.1f} "
                f"{q[94] * 1000:>7.1f} {q[98] * 1000:>7.1f} {len(step.errors):>6} {rss_mb(process.pid):>7.0f}"
            )
            for problem in step.errors[:5]:
                print(f"    {problem}")
            total_errors += len(step.errors)
        final = rss_mb(process.pid)
        print(
            f"server RSS: {baseline:.0f} MB after warm-up -> {final:.0f} MB at the end "
            f"({(final / baseline - 1) * 100:+.0f}%); errors: {total_errors}"
        )
        return 1 if total_errors else 0
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    sys.exit(main())
