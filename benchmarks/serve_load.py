"""Load on `provenance serve`: concurrent uploads from a local load generator, loopback only.

Run: .venv/bin/python benchmarks/serve_load.py [--mode all|load|crafted|flood] [--seconds 20]
     [--clients 1,4,8,16] [--workers 2] [--flood-seconds 20] [--flood-clients 20] [--slow-clients 1100]

``load`` starts `provenance serve` on a free 127.0.0.1 port, then for each client count runs that many
threads that upload fixtures (one file per request, rotating through AI-generated, tampered, plain and
other formats) for a bounded time. Every response is checked against the verdict the library gives for
the same file (origin, integrity, trust); anything else, or any non-200 status, counts as an error. It
prints requests/s, latency percentiles, errors, and the server's resident memory after warm-up and at
the end of each step, so a leak shows as growth.

``crafted`` uploads each crafted image of scripts/hostile_serve.py once, with thumbnails, to a fresh
server (warmed up by one normal upload) and prints the answer, its wall time and the server's peak
resident memory (VmHWM).

``flood`` is issue 12's attack on a server with default limits: ``--flood-clients`` clients each posting
requests of twenty one-colour 8000x8000 PNGs with thumbnails, back to back, while ``--slow-clients``
connections each send a partial request line and nothing more (one reopened whenever the server closes
one), all in a process of their own; meanwhile a probe asks `/v1/health` and uploads one normal file
(with thumbnails, as the page does) every 0.25 s, each on a new connection, and must get a 200 with the
right verdict within 2 s. The server may open 1,024 files (``--server-fd-limit``), a common default:
1,100 idle sockets exhaust it.

To measure another version of the code, run this script from its folder with PYTHONPATH=that folder
(the server is `python -m provenance`, found in the current folder first).
Bounded: fixed durations and a 30 s timeout per request; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import importlib.util
import json
import multiprocessing
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM)."""
    with open(f"/proc/{pid}/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmHWM")) / 1024


def expected(name: str) -> tuple[str, str, str]:
    verdict = provenance.inspect((MEDIA / name).read_bytes()).verdict
    return (verdict.origin.value, verdict.integrity.value, verdict.trust.value)


def body(name: str, boundary: str) -> bytes:
    return multipart([(name, (MEDIA / name).read_bytes())], boundary)


def multipart(files: Sequence[tuple[str, bytes]], boundary: str) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'.encode()
        + b"Content-Type: application/octet-stream\r\n\r\n"
        + data
        + b"\r\n"
        for name, data in files
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def crafted_files() -> dict[str, tuple[str, bytes]]:
    """scripts/hostile_serve.py's make(): {name: (what it is, bytes)}."""
    path = REPO / "scripts" / "hostile_serve.py"
    spec = importlib.util.spec_from_file_location("hostile_serve", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made: dict[str, tuple[str, bytes]] = module.make()
    return made


def post(
    port: int, files: Sequence[tuple[str, bytes]], *, thumbnails: bool = False, timeout: float = 30
) -> tuple[int, bytes, float]:
    """One upload on a new connection: the status, the body and the seconds it took."""
    boundary = uuid.uuid4().hex
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(
            "POST",
            "/v1/inspect" + ("?thumbnails=true" if thumbnails else ""),
            body=multipart(files, boundary),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        response = connection.getresponse()
        return response.status, response.read(), time.perf_counter() - started
    finally:
        connection.close()


def health(port: int, timeout: float = 30) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/v1/health")
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


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


def start_server(
    port: int, workers: int, *extra: str, fd_limit: int | None = None
) -> subprocess.Popen[bytes]:
    """`provenance serve` on ``port``; ``fd_limit`` sets its RLIMIT_NOFILE (1024 is a common default)."""

    def limit_fds() -> None:
        if fd_limit is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (fd_limit, fd_limit))

    command = [
        sys.executable,
        "-m",
        "provenance",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        *extra,
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=limit_fds
    )
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


def measure_crafted(name: str, data: bytes, workers: int = 2) -> tuple[int, float, float, float]:
    """One upload of a crafted file, with thumbnails, to a fresh warmed-up server: (status, seconds,
    server peak RSS MB before, after)."""
    port = free_port()
    server = start_server(port, workers)
    try:
        warm = "ai_generated.jpg"
        post(port, [(warm, (MEDIA / warm).read_bytes())], thumbnails=True)
        before = peak_rss_mb(server.pid)
        status, _, seconds = post(port, [(name, data)], thumbnails=True, timeout=120)
        return status, seconds, before, peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(10)


@dataclass
class Flood:
    """What a flood did: the probe's latencies and failures, the answers the attackers got."""

    health: list[float] = field(default_factory=list)
    uploads: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    answers: collections.Counter[str] = field(default_factory=collections.Counter)
    slow_closed: int = 0
    slow_open: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


PARTIAL_REQUEST_LINE = b"GET /v1/hea"


def flood_client(port: int, until: float, files: Sequence[tuple[str, bytes]], flood: Flood) -> None:
    """Posts ``files`` with thumbnails, back to back, until ``until``."""
    boundary = uuid.uuid4().hex
    payload = multipart(files, boundary)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    while time.monotonic() < until:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("POST", "/v1/inspect?thumbnails=true", body=payload, headers=headers)
            response = connection.getresponse()
            response.read()
            answer = str(response.status)
        except (OSError, http.client.HTTPException) as error:
            answer = type(error).__name__
            time.sleep(0.05)
        finally:
            connection.close()
        with flood.lock:
            flood.answers[answer] += 1


def _open_slow(port: int) -> socket.socket | None:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=2)
        sock.sendall(PARTIAL_REQUEST_LINE)
        sock.setblocking(False)
        return sock
    except OSError:
        return None


def _closed(sock: socket.socket) -> bool:
    try:
        return sock.recv(4096) == b""  # an answer (a 503) is followed by the close
    except BlockingIOError:
        return False
    except OSError:
        return True


def slow_clients(port: int, count: int, until: float, flood: Flood) -> None:
    """Keeps ``count`` connections that sent a partial request line open: every 0.5 s, each one the
    server closed is replaced by a new one."""
    sockets: list[socket.socket | None] = [_open_slow(port) for _ in range(count)]
    while time.monotonic() < until:
        time.sleep(0.5)
        for index, sock in enumerate(sockets):
            if sock is not None and not _closed(sock):
                continue
            if sock is not None:
                sock.close()
                flood.slow_closed += 1
            sockets[index] = _open_slow(port)
        flood.slow_open = sum(1 for sock in sockets if sock is not None)
    for sock in sockets:
        if sock is not None:
            sock.close()


def probe(port: int, until: float, name: str, truth: tuple[str, str, str], flood: Flood) -> None:
    """Every 0.25 s: /v1/health, then an upload of ``name`` with thumbnails, each on a new connection."""
    data = (MEDIA / name).read_bytes()
    while time.monotonic() < until:
        try:
            status, seconds = health(port, timeout=10)
            flood.health.append(seconds)
            if status != 200:
                flood.failures.append(f"health: HTTP {status}")
        except (OSError, http.client.HTTPException) as error:
            flood.failures.append(f"health: {type(error).__name__}: {error}")
        try:
            status, answer, seconds = post(port, [(name, data)], thumbnails=True, timeout=10)
            flood.uploads.append(seconds)
            if status != 200:
                flood.failures.append(f"upload: HTTP {status} {answer[:120]!r}")
            else:
                verdict = json.loads(answer)["reports"][0]["verdict"]
                if (verdict["origin"], verdict["integrity"], verdict["trust"]) != truth:
                    flood.failures.append(f"upload: wrong verdict {verdict}")
        except (OSError, http.client.HTTPException) as error:
            flood.failures.append(f"upload: {type(error).__name__}: {error}")
        time.sleep(0.25)


def _attack(
    port: int, until: float, clients: int, files: Sequence[tuple[str, bytes]], slow: int, out: Any
) -> None:
    """The attackers, in a process of their own (their threads must not slow the probe's): puts what
    they saw on ``out``."""
    flood = Flood()
    attackers = [threading.Thread(target=slow_clients, args=(port, slow, until, flood))]
    attackers += [
        threading.Thread(target=flood_client, args=(port, until, files, flood)) for _ in range(clients)
    ]
    for thread in attackers:
        thread.start()
    for thread in attackers:
        thread.join()
    out.put((dict(flood.answers), flood.slow_closed, flood.slow_open))


def run_flood(
    port: int, seconds: float, *, clients: int = 20, files_per_request: int = 20, slow: int = 1100
) -> Flood:
    """Issue 12's flood and slow clients against the server on ``port``, probed for ``seconds``."""
    png = crafted_files()["serve_flat_8000x8000.png"][1]
    files = [(f"flood_{i}.png", png) for i in range(files_per_request)]
    name = "ai_generated.jpg"
    truth = expected(name)
    flood = Flood()
    until = time.monotonic() + seconds + 1.5
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    attackers = context.Process(target=_attack, args=(port, until, clients, files, slow, out), daemon=True)
    attackers.start()
    try:
        time.sleep(1.5)  # the attack is under way before the probe starts
        probe(port, until, name, truth, flood)
        answers, flood.slow_closed, flood.slow_open = out.get(timeout=60)
        flood.answers.update(answers)
    finally:
        attackers.join(10)
        if attackers.is_alive():
            attackers.kill()
    return flood


def _summary(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"{len(values)} probes, p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms"
    )


def crafted_main(workers: int) -> int:
    print(f"one upload with thumbnails per crafted file, fresh `provenance serve --workers {workers}` each")
    print(f"{'file':40} {'bytes':>8} {'HTTP':>4} {'seconds':>7} {'peak RSS MB':>11} {'warm MB':>7}")
    for name, (_, data) in crafted_files().items():
        status, seconds, before, after = measure_crafted(name, data, workers)
        print(f"{name:40} {len(data):>8,} {status:>4} {seconds:>7.3f} {after:>11.0f} {before:>7.0f}")
    return 0


def flood_main(seconds: float, clients: int, slow: int, workers: int, fd_limit: int) -> int:
    port = free_port()
    server = start_server(port, workers, fd_limit=fd_limit)
    try:
        print(
            f"flood: {clients} clients posting 20 one-colour 8000x8000 PNGs per request (thumbnails), "
            f"{slow} slow-header connections; probe for {seconds:g} s (server --workers {workers}, "
            f"other limits default, {fd_limit} file descriptors; {os.cpu_count()} cores shared by "
            "server and clients)"
        )
        flood = run_flood(port, seconds, clients=clients, slow=slow)
        print(f"  /v1/health: {_summary(flood.health)}")
        print(f"  upload of ai_generated.jpg with thumbnails: {_summary(flood.uploads)}")
        print(f"  probe failures: {len(flood.failures)}")
        for failure in flood.failures[:5]:
            print(f"    {failure}")
        print(f"  flood answers: {dict(sorted(flood.answers.items()))}")
        print(f"  slow connections closed by the server: {flood.slow_closed}; still open: {flood.slow_open}")
        print(f"  server peak RSS: {peak_rss_mb(server.pid):.0f} MB")
        slowest = max(flood.health + flood.uploads, default=0.0)
        return 1 if flood.failures or slowest > 2.0 else 0
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("all", "load", "crafted", "flood"), default="all")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of each load step")
    parser.add_argument("--clients", default="1,4,8,16", help="concurrent clients per load step")
    parser.add_argument("--workers", type=int, default=2, help="the server's --workers")
    parser.add_argument("--flood-seconds", type=float, default=20.0, help="how long the flood is probed")
    parser.add_argument("--flood-clients", type=int, default=20, help="clients posting crafted PNGs")
    parser.add_argument("--slow-clients", type=int, default=1100, help="connections sending partial headers")
    parser.add_argument(
        "--server-fd-limit", type=int, default=1024, help="the flooded server's RLIMIT_NOFILE"
    )
    args = parser.parse_args()
    status = 0
    if args.mode in ("all", "load"):
        status |= load_main(args.seconds, args.clients, args.workers)
    if args.mode in ("all", "crafted"):
        status |= crafted_main(args.workers)
    if args.mode in ("all", "flood"):
        status |= flood_main(
            args.flood_seconds, args.flood_clients, args.slow_clients, args.workers, args.server_fd_limit
        )
    return status


def load_main(step_seconds: float, clients: str, workers: int) -> int:
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
        str(workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, process)
        warm = Step()
        client(port, time.monotonic() + 3, 0, truth, warm)
        baseline = rss_mb(process.pid)
        print(f"provenance serve --workers {workers} on 127.0.0.1:{port} ({os.cpu_count()} cores)")
        print(f"server RSS after warm-up: {baseline:.0f} MB; {len(FILES)} fixtures rotated, one per request")
        print(
            f"{'clients':>7} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'errors':>6} {'RSS MB':>7}"
        )
        total_errors = 0
        for count in [int(c) for c in clients.split(",")]:
            step, seconds = run_step(port, count, step_seconds, truth)
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
