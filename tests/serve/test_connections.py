"""Slow clients against a real server on loopback (issue 12 item 5): a connection that never finishes
its request headers is closed after the header time limit, and past the connection cap the longest
waiting one makes room, so `/v1/health` keeps answering."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from provenance.serve import ServeSettings
from provenance.serve import uploads as uploads_module
from provenance.serve.server import FILES_RESERVED, accept_backlog
from tests.helpers import fixture
from tests.serve.servers import running

PARTIAL_REQUEST_LINE = b"GET /v1/hea"


def slow_client(port: int) -> socket.socket:
    """A connection that sends part of a request line and nothing more."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(PARTIAL_REQUEST_LINE)
    return sock


def closed_by_server(sock: socket.socket, wait: float) -> bool:
    """Whether the server closes this connection within ``wait`` seconds."""
    sock.settimeout(wait)
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                return True
    except TimeoutError:
        return False
    except OSError:  # reset
        return True


def health_seconds(port: int) -> float:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/v1/health")
        response = connection.getresponse()
        assert response.status == 200
        response.read()
    finally:
        connection.close()
    return time.monotonic() - started


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


def test_a_connection_that_never_finishes_its_headers_is_closed_after_the_time_limit() -> None:
    with running(ServeSettings(header_timeout_s=0.5)) as url:
        port = port_of(url)
        started = time.monotonic()
        sock = slow_client(port)
        with sock:
            assert closed_by_server(sock, 3.0)
        assert 0.4 < time.monotonic() - started < 2.5
        # A client trickling its headers a byte at a time gets no more time than that.
        with socket.create_connection(("127.0.0.1", port), timeout=5) as trickle:
            started = time.monotonic()
            for byte in b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n":
                try:
                    trickle.sendall(bytes([byte]))
                except OSError:
                    break
                time.sleep(0.05)
            assert closed_by_server(trickle, 3.0)
            assert time.monotonic() - started < 3.0
        assert health_seconds(port) < 2.0


def test_past_the_connection_cap_the_longest_waiting_connection_makes_room() -> None:
    settings = ServeSettings(max_connections=20, header_timeout_s=60)
    with running(settings) as url:
        port = port_of(url)
        slow = [slow_client(port) for _ in range(30)]
        try:
            time.sleep(0.3)
            closed = [s for s in slow if closed_by_server(s, 0.05)]
            assert len(closed) >= 10  # at most 20 open at once
            assert slow[0] in closed and slow[-1] not in closed  # the oldest went first
            for _ in range(3):
                assert health_seconds(port) < 2.0
        finally:
            for sock in slow:
                sock.close()


def test_the_header_time_limit_counts_from_the_previous_answer_on_a_kept_alive_connection() -> None:
    with running(ServeSettings(header_timeout_s=0.5)) as url:
        connection = http.client.HTTPConnection("127.0.0.1", port_of(url), timeout=5)
        for _ in range(4):  # 1 s on one connection, each request well within 0.5 s of the last answer
            connection.request("GET", "/v1/health")
            assert connection.getresponse().read()
            time.sleep(0.25)
        connection.close()


def test_a_request_being_inspected_is_not_closed_to_make_room(monkeypatch: pytest.MonkeyPatch) -> None:
    real = uploads_module.inspect_upload

    def slow(upload: Any, options: Any) -> Any:
        time.sleep(1.0)
        return real(upload, options)

    monkeypatch.setattr(uploads_module, "inspect_upload", slow)
    boundary = "connections-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="plain.jpg"\r\n\r\n'.encode()
        + fixture("plain.jpg").read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    with running(ServeSettings(max_connections=3, header_timeout_s=60)) as url:
        port = port_of(url)
        upload = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        upload.request(
            "POST",
            "/v1/inspect",
            body=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        time.sleep(0.3)  # the body is in, the inspection runs
        slow_clients = [slow_client(port) for _ in range(6)]
        try:
            response = upload.getresponse()
            assert response.status == 200
            assert json.loads(response.read())["source"]["name"] == "plain.jpg"
            assert sum(closed_by_server(s, 0.05) for s in slow_clients) >= 4
        finally:
            upload.close()
            for sock in slow_clients:
                sock.close()


def test_the_accept_backlog_fits_in_the_limit_of_open_files(monkeypatch: pytest.MonkeyPatch) -> None:
    # asyncio accepts up to a backlog's worth of connections in one go; past the limit of open files it
    # stops accepting for a whole second (uvicorn's 2,048 against 1,024 files: health stalled).
    import resource

    monkeypatch.setattr(resource, "getrlimit", lambda _: (1024, 1024))
    backlog = accept_backlog(128)
    assert backlog >= 64 and backlog + 2 * 128 + FILES_RESERVED <= 1024
    monkeypatch.setattr(resource, "getrlimit", lambda _: (65_536, 65_536))
    assert accept_backlog(128) == 2048


def test_files_of_a_client_that_hung_up_are_never_started(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    started: list[str] = []
    real = uploads_module.inspect_upload

    def held(upload: Any, options: Any) -> Any:
        started.append(upload.name)
        if upload.name == "blocker.jpg":
            release.wait(10)
        return real(upload, options)

    monkeypatch.setattr(uploads_module, "inspect_upload", held)
    with running(ServeSettings(workers=1)) as url:
        port = port_of(url)
        blocker = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        body, content_type = multipart_body("blocker.jpg")
        blocker.request("POST", "/v1/inspect", body=body, headers={"Content-Type": content_type})
        wait = time.monotonic() + 5
        while "blocker.jpg" not in started and time.monotonic() < wait:
            time.sleep(0.01)
        body, content_type = multipart_body("abandoned.jpg")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as gone:
            head = f"POST /v1/inspect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            gone.sendall(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body)
            time.sleep(0.3)  # the body is read and the job queued behind the blocker
        time.sleep(0.3)  # the server notices the closed connection
        release.set()
        assert blocker.getresponse().status == 200
        blocker.close()
        time.sleep(0.3)
    assert started == ["blocker.jpg"]


def multipart_body(name: str) -> tuple[bytes, str]:
    boundary = "connections-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
        + fixture("plain.jpg").read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"
