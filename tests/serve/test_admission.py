"""Work the server takes on: requests past the admission limits get 503 with Retry-After, abandoned work
is never started, and one request's files cannot hold another request behind them (issue 12 item 3)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from provenance.serve import ServeSettings, create_app
from provenance.serve import uploads as uploads_module
from tests.helpers import fixture


def upload(name: str, count: int = 1, label: str = "") -> list[tuple[str, tuple[str, bytes, str]]]:
    data = fixture(name).read_bytes()
    return [("file", (f"{label}{i}_{name}", data, "application/octet-stream")) for i in range(count)]


class Inspected:
    """Records each file inspected (by upload name), optionally slowed down or held until released."""

    def __init__(self, delay: float = 0.0) -> None:
        self.names: list[str] = []
        self.delay = delay
        self.release = threading.Event()
        self.hold = False
        self.lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0

    def __call__(self, real: Callable[..., Any], upload: Any, options: Any) -> Any:
        with self.lock:
            self.names.append(upload.name)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            if self.hold:
                self.release.wait(5)
            time.sleep(self.delay)
            return real(upload, options)
        finally:
            with self.lock:
                self.running -= 1

    def count(self, prefix: str) -> int:
        with self.lock:
            return sum(1 for n in self.names if n.startswith(prefix))


@pytest.fixture
def inspected(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inspected]:
    recorder = Inspected()
    real = uploads_module.inspect_upload
    monkeypatch.setattr(uploads_module, "inspect_upload", lambda u, o: recorder(real, u, o))
    yield recorder
    recorder.release.set()


def post_in_thread(
    api: TestClient, files: list[Any], out: dict[str, Any], key: str, **kwargs: Any
) -> threading.Thread:
    def run() -> None:
        started = time.monotonic()
        out[key] = api.post("/v1/inspect", files=files, **kwargs)
        out[key + "_s"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def test_a_timed_out_request_gets_no_further_file_started(inspected: Inspected) -> None:
    inspected.delay = 0.2
    with TestClient(create_app(ServeSettings(timeout_s=0.5, workers=1))) as api:
        response = api.post("/v1/inspect", files=upload("plain.jpg", 20, "slow"))
        assert response.status_code == 504
        time.sleep(0.3)  # the file running at the deadline ends
        after_deadline = inspected.count("slow")
        time.sleep(0.6)
        assert inspected.count("slow") == after_deadline  # nothing more started
    assert after_deadline <= 4  # files started in the first 0.5 s at 0.2 s each, not all 20


def test_no_thumbnail_is_made_once_the_request_has_timed_out(
    inspected: Inspected, monkeypatch: pytest.MonkeyPatch
) -> None:
    thumbnails: list[object] = []
    monkeypatch.setattr(uploads_module, "previews", lambda *a, **k: thumbnails.append(a))
    inspected.delay = 0.5
    with TestClient(create_app(ServeSettings(timeout_s=0.2))) as api:
        response = api.post("/v1/inspect?thumbnails=true", files=upload("plain.jpg"))
        assert response.status_code == 504
        wait_until(lambda: inspected.running == 0)
        time.sleep(0.05)
    assert inspected.count("0_") == 1
    assert thumbnails == []


def test_a_queued_request_whose_time_ran_out_is_never_started(inspected: Inspected) -> None:
    inspected.hold = True  # the first request occupies the only worker
    out: dict[str, Any] = {}
    with TestClient(create_app(ServeSettings(timeout_s=0.5, workers=1))) as api:
        first = post_in_thread(api, upload("plain.jpg", 1, "first"), out, "first")
        wait_until(lambda: inspected.count("first") == 1)
        second = post_in_thread(api, upload("plain.jpg", 3, "queued"), out, "queued")
        first.join(5)
        second.join(5)
        assert out["first"].status_code == 504 and out["queued"].status_code == 504
        inspected.release.set()
        wait_until(lambda: inspected.running == 0)
        time.sleep(0.2)
    assert inspected.count("queued") == 0


def test_past_the_queue_limit_a_request_gets_503_with_retry_after(inspected: Inspected) -> None:
    inspected.hold = True
    out: dict[str, Any] = {}
    with TestClient(create_app(ServeSettings(workers=1, max_queue=2))) as api:
        threads = [post_in_thread(api, upload("plain.jpg", 1, f"r{i}"), out, f"r{i}") for i in range(2)]
        wait_until(lambda: api.app.state.inspections.admitted[0] == 2)
        refused = api.post("/v1/inspect", files=upload("plain.jpg"))
        assert refused.status_code == 503
        assert refused.json()["error"] == "unavailable"
        assert refused.headers["retry-after"] == "2"
        assert api.get("/v1/health").status_code == 200  # the page still answers
        inspected.release.set()
        for thread in threads:
            thread.join(5)
    assert [out[f"r{i}"].status_code for i in range(2)] == [200, 200]


def test_past_the_byte_budget_a_request_gets_503_before_its_body_is_read(inspected: Inspected) -> None:
    inspected.hold = True
    data = fixture("plain.jpg").read_bytes()
    big = data + b"\0" * (150_000 - len(data))
    settings = ServeSettings(max_upload_bytes=200_000, max_queued_bytes=200_000)
    out: dict[str, Any] = {}
    with TestClient(create_app(settings)) as api:
        thread = post_in_thread(api, [("file", ("held.jpg", big, "image/jpeg"))], out, "held")
        wait_until(lambda: inspected.count("held") == 1)
        refused = api.post("/v1/inspect", files=[("file", ("more.jpg", big, "image/jpeg"))])
        assert refused.status_code == 503 and refused.headers["retry-after"] == "2"
        assert "bytes" in refused.json()["message"]
        small = post_in_thread(api, upload("plain.jpg"), out, "small")  # 40 KB still fits
        inspected.release.set()
        thread.join(5)
        small.join(5)
    assert out["held"].status_code == 200 and out["small"].status_code == 200
    assert inspected.count("more") == 0


def test_a_one_file_request_is_not_held_behind_a_twenty_file_request(inspected: Inspected) -> None:
    inspected.delay = 0.1
    out: dict[str, Any] = {}
    with TestClient(create_app(ServeSettings(workers=1))) as api:
        heavy = post_in_thread(api, upload("plain.jpg", 20, "heavy"), out, "heavy")
        wait_until(lambda: inspected.count("heavy") >= 2)
        light = post_in_thread(api, upload("plain.jpg", 1, "light"), out, "light")
        light.join(5)
        heavy_done = inspected.count("heavy")
        heavy.join(10)
    assert out["light"].status_code == 200 and out["heavy"].status_code == 200
    assert out["light_s"] < 0.6  # its one file ran next, not after the other nineteen (2 s)
    assert heavy_done < 10
    assert [r["source"]["name"] for r in out["heavy"].json()] == [f"heavy{i}_plain.jpg" for i in range(20)]


def test_files_past_the_memory_budget_run_one_at_a_time(inspected: Inspected) -> None:
    inspected.delay = 0.1
    for budget, expected in ((1, 1), (256 * 1024 * 1024, 2)):
        inspected.most_at_once = 0
        with TestClient(create_app(ServeSettings(workers=2, memory_budget_bytes=budget))) as api:
            assert api.post("/v1/inspect", files=upload("plain.jpg", 6)).status_code == 200
        assert inspected.most_at_once == expected, budget


def test_a_request_whose_client_went_away_gets_no_file_started(inspected: Inspected) -> None:
    import asyncio

    inspected.hold = True
    app = create_app(ServeSettings(workers=1))
    body, boundary = _multipart([("gone.jpg", fixture("plain.jpg").read_bytes())])

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        blocker = loop.run_in_executor(None, lambda: _post_blocking(app, "blocker.jpg"))
        await asyncio.to_thread(wait_until, lambda: inspected.count("blocker") == 1)
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}  # the client closed its connection after sending

        async def send(message: dict[str, Any]) -> None:
            pass

        headers = [
            (b"host", b"127.0.0.1"),
            (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
        ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/inspect",
            "raw_path": b"/v1/inspect",
            "query_string": b"",
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 1234),
            "server": ("127.0.0.1", 80),
        }
        await asyncio.wait_for(app(scope, receive, send), 3)  # returns without waiting for the worker
        assert app.state.inspections.admitted[0] == 1  # only the blocker is left
        inspected.release.set()
        await blocker

    asyncio.run(scenario())
    time.sleep(0.2)
    assert inspected.count("gone") == 0


def _multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "admission-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
        for name, data in files
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def _post_blocking(app: Any, name: str) -> int:
    files = [("file", (name, fixture("plain.jpg").read_bytes(), "image/jpeg"))]
    return TestClient(app).post("/v1/inspect", files=files).status_code  # no lifespan: the app goes on
