"""The HTTP API of `provenance serve`, through Starlette's TestClient (and raw ASGI where a client cannot
misbehave enough): reports, status codes, limits, token, temporary files, offline by default."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from starlette import formparsers
from starlette.testclient import TestClient

from provenance import InspectOptions, inspect
from provenance.cli.serve import build_settings
from provenance.serve import ServeSettings, create_app, is_loopback
from provenance.serve import app as app_module
from provenance.serve import previews as previews_module
from tests.helpers import fixture

BOUNDARY = "provenance-test-boundary"


def client(**settings: Any) -> TestClient:
    return TestClient(create_app(ServeSettings(**settings)))


def upload(*names: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("file", (name, fixture(name).read_bytes(), "application/octet-stream")) for name in names]


def multipart(name: str, data: bytes) -> bytes:
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def test_health_says_ok_offline_and_gives_the_limits() -> None:
    body = client(max_files=7).get("/v1/health").json()
    assert body["status"] == "ok"
    assert body["network_allowed"] is False
    assert body["token_required"] is False
    assert body["max_files"] == 7
    assert body["max_upload_bytes"] == 50 * 1024 * 1024


def test_openapi_describes_the_endpoints_and_the_upload_field() -> None:
    spec = client().get("/v1/openapi.json").json()
    assert {"/v1/inspect", "/v1/health"} <= set(spec["paths"])
    post = spec["paths"]["/v1/inspect"]["post"]
    form = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert {"400", "401", "408", "413", "415", "504"} <= set(post["responses"])


def test_the_report_schema_is_served() -> None:
    schema = client().get("/v1/report-schema").json()
    assert "verdict" in schema["properties"]


def test_one_file_gives_the_same_report_as_inspect_json() -> None:
    response = client().post("/v1/inspect", files=upload("ai_generated.jpg"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    got = response.json()
    expected = inspect(fixture("ai_generated.jpg").read_bytes()).to_dict()
    expected["source"]["name"] = "ai_generated.jpg"  # the upload's name; never a server path
    assert got == expected
    assert got["verdict"]["origin"] == "ai_generated"


def test_several_files_give_an_array_in_upload_order() -> None:
    response = client().post("/v1/inspect", files=upload("tampered.jpg", "plain.png", "ai_generated.png"))
    assert response.status_code == 200
    reports = response.json()
    assert [r["source"]["name"] for r in reports] == ["tampered.jpg", "plain.png", "ai_generated.png"]
    assert [r["verdict"]["integrity"] for r in reports] == ["tampered", "not_signed", "intact"]
    assert reports[1]["verdict"]["origin"] == "unknown"  # no provenance is unknown, never "not AI"


def test_reports_validate_against_the_report_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    api = client()
    schema = api.get("/v1/report-schema").json()
    for report in api.post("/v1/inspect", files=upload("ai_edited.jpg", "plain.jpg")).json():
        jsonschema.validate(report, schema)


def test_thumbnails_come_beside_the_reports_and_prefer_the_manifest_own() -> None:
    response = client().post("/v1/inspect?thumbnails=true", files=upload("ai_generated.jpg", "plain.png"))
    body = response.json()
    assert [r["verdict"]["origin"] for r in body["reports"]] == ["ai_generated", "unknown"]
    signed, plain = body["thumbnails"]
    assert signed["source"] == "c2pa_manifest" and signed["data"].startswith("data:image/jpeg;base64,")
    assert plain["source"] == "file"


def test_previews_give_the_file_and_its_manifest_thumbnail_apart() -> None:
    response = client().post("/v1/inspect?thumbnails=true", files=upload("tampered.jpg", "plain.png"))
    tampered, plain = response.json()["previews"]
    assert tampered["file"].startswith("data:image/jpeg;base64,")
    assert tampered["manifest"].startswith("data:image/jpeg;base64,")
    assert tampered["file"] != tampered["manifest"]  # the file's pixels were changed after signing
    assert plain == {"file": plain["file"], "manifest": None, "ingredients": []} and plain["file"]


def test_previews_give_each_ingredient_thumbnail_by_its_manifest_and_place() -> None:
    body = client().post("/v1/inspect?thumbnails=true", files=upload("ai_edited.jpg")).json()
    [report], [preview] = body["reports"], body["previews"]
    [ingredient] = report["c2pa"]["ingredients"]
    [thumb] = preview["ingredients"]
    assert (thumb["manifest"], thumb["index"]) == (report["c2pa"]["active_manifest"], 0)
    assert thumb["data"].startswith("data:image/jpeg;base64,") and ingredient["title"] == "captured.jpg"


def test_ingredient_thumbnails_are_bounded_in_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(previews_module, "MAX_INGREDIENT_THUMBNAILS", 0)
    [preview] = client().post("/v1/inspect?thumbnails=true", files=upload("ai_edited.jpg")).json()["previews"]
    assert preview["ingredients"] == [] and preview["manifest"]


def test_a_file_name_is_reduced_to_its_last_component() -> None:
    files = [("file", ("../../etc/x\\evil.jpg", fixture("plain.jpg").read_bytes(), "image/jpeg"))]
    report = client().post("/v1/inspect", files=files).json()
    assert report["source"]["name"] == "evil.jpg" and report["source"]["path"] is None


def test_not_multipart_is_400() -> None:
    response = client().post("/v1/inspect", json={"file": "x"})
    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["message"]


def test_multipart_without_a_file_field_is_400() -> None:
    files = [("upload", ("plain.jpg", fixture("plain.jpg").read_bytes(), "image/jpeg"))]
    response = client().post("/v1/inspect", files=files)
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "error": "bad_request",
        "message": "no file: send one or more files in the multipart field 'file'",
    }


def test_a_text_value_in_the_file_field_is_400() -> None:
    response = client().post("/v1/inspect", data={"file": "not a file"})
    assert response.status_code == 400


def test_a_broken_multipart_body_is_400() -> None:
    response = client().post(
        "/v1/inspect",
        content=b"--nonsense\r\nno headers here",
        headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_more_files_than_allowed_is_400() -> None:
    response = client(max_files=2).post("/v1/inspect", files=upload("plain.jpg", "plain.png", "plain.jpg"))
    assert response.status_code == 400
    assert "Too many files" in response.json()["message"]


def test_an_empty_file_is_400() -> None:
    response = client().post("/v1/inspect", files=[("file", ("empty.jpg", b"", "image/jpeg"))])
    assert response.status_code == 400
    assert "empty" in response.json()["message"]


def test_a_bad_query_value_is_400_json() -> None:
    response = client().post("/v1/inspect?thumbnails=perhaps", files=upload("plain.jpg"))
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_bytes_that_are_not_media_are_415_whatever_the_declared_type() -> None:
    files = [("file", ("photo.jpg", b"just some text, not an image", "image/jpeg"))]
    response = client().post("/v1/inspect", files=files)
    assert response.status_code == 415
    body = response.json()
    assert body["error"] == "unsupported_media_type" and "photo.jpg" in body["message"]


def test_a_file_that_is_not_media_among_media_gets_its_report_and_the_others_are_inspected() -> None:
    files = [
        *upload("ai_generated.jpg"),
        ("file", ("notes.txt", b"hello", "text/plain")),
        *upload("plain.png"),
    ]
    response = client().post("/v1/inspect", files=files)
    assert response.status_code == 200
    generated, notes, plain = response.json()
    assert generated["verdict"]["origin"] == "ai_generated" and plain["source"]["name"] == "plain.png"
    assert notes["source"]["name"] == "notes.txt" and notes["source"]["media_type"] is None
    assert (notes["verdict"]["integrity"], notes["verdict"]["origin"], notes["error"]) == (
        "unsupported",
        "unknown",
        None,
    )


def test_an_empty_file_among_media_gets_an_empty_error_report() -> None:
    files = [("file", ("empty.jpg", b"", "image/jpeg")), *upload("plain.jpg")]
    empty, plain = client().post("/v1/inspect", files=files).json()
    assert empty["error"]["kind"] == "empty" and plain["verdict"]["integrity"] == "not_signed"


def test_only_files_that_are_not_media_are_still_refused_by_the_first() -> None:
    files = [("file", ("notes.txt", b"hello", "text/plain")), ("file", ("empty.jpg", b"", "image/jpeg"))]
    response = client().post("/v1/inspect", files=files)
    assert response.status_code == 415 and "'notes.txt'" in response.json()["message"]


def test_media_declared_as_text_is_still_inspected() -> None:
    files = [("file", ("x.txt", fixture("ai_generated.png").read_bytes(), "text/plain"))]
    response = client().post("/v1/inspect", files=files)
    assert response.status_code == 200 and response.json()["verdict"]["origin"] == "ai_generated"


def test_a_body_over_the_limit_is_413_from_content_length() -> None:
    response = client(max_upload_bytes=4000).post("/v1/inspect", files=upload("ai_generated.jpg"))
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_a_streamed_body_without_content_length_is_stopped_at_the_limit() -> None:
    body = multipart("big.jpg", fixture("plain.jpg").read_bytes() + b"\0" * 200_000)
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 8192):
            sent.append(start)
            yield body[start : start + 8192]

    response = client(max_upload_bytes=50_000).post(
        "/v1/inspect",
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert response.status_code == 413
    assert "50,000" in response.json()["message"]


def _asgi_call(app: Any, headers: list[tuple[bytes, bytes]], chunks: list[bytes], delay: float = 0.0) -> dict:
    """Run one POST /v1/inspect through the ASGI app with a hand-made receive; count chunks read."""
    state: dict[str, Any] = {"read": 0, "status": None, "body": b""}

    async def receive() -> dict[str, Any]:
        if delay:
            await asyncio.sleep(delay)
        index = state["read"]
        state["read"] += 1
        if index >= len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[index], "more_body": index < len(chunks) - 1}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            state["status"] = message["status"]
        elif message["type"] == "http.response.body":
            state["body"] += message.get("body", b"")

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
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 1234),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))
    return state


def test_a_lying_content_length_does_not_get_past_the_limit() -> None:
    app = create_app(ServeSettings(max_upload_bytes=20_000))
    body = multipart("big.jpg", fixture("plain.jpg").read_bytes() + b"\0" * 100_000)
    chunks = [body[i : i + 4096] for i in range(0, len(body), 4096)]
    headers = [
        (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
        (b"content-length", b"100"),
    ]
    state = _asgi_call(app, headers, chunks)
    assert state["status"] == 413
    assert state["read"] <= 20_000 // 4096 + 2  # stopped reading right after the limit
    assert json.loads(state["body"])["error"] == "too_large"


def test_an_upload_slower_than_the_time_limit_is_408() -> None:
    app = create_app(ServeSettings(timeout_s=0.3))
    body = multipart("plain.jpg", fixture("plain.jpg").read_bytes())
    chunks = [body[i : i + 256] for i in range(0, len(body), 256)]
    headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
    state = _asgi_call(app, headers, chunks, delay=0.05)
    assert state["status"] == 408
    assert json.loads(state["body"])["error"] == "request_timeout"


@pytest.fixture
def release(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Inspection waits (up to 5 s) until the returned event is set."""
    event = threading.Event()
    real = app_module.inspect_file

    def slow(*args: Any, **kwargs: Any) -> Any:
        event.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "inspect_file", slow)
    return event


def test_an_inspection_slower_than_the_time_limit_is_504(release: threading.Event) -> None:
    started = time.monotonic()
    response = client(timeout_s=0.3).post("/v1/inspect", files=upload("plain.jpg"))
    release.set()
    assert response.status_code == 504
    assert response.json()["error"] == "timeout"
    assert time.monotonic() - started < 3


class _Recorder(formparsers.SpooledTemporaryFile):  # type: ignore[type-arg]
    made: ClassVar[list[Any]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _Recorder.made.append(self)


@pytest.fixture
def recorded_uploads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """Every upload's spooled file, with temporary files created in tmp_path."""
    import tempfile

    _Recorder.made = []
    monkeypatch.setattr(formparsers, "SpooledTemporaryFile", _Recorder)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return _Recorder.made


def test_uploads_are_released_and_leave_no_file(recorded_uploads: list[Any], tmp_path: Path) -> None:
    big = fixture("ai_generated.jpg").read_bytes() + b"\0" * (1_200_000)  # past the 1 MB in-memory spool
    files = [("file", ("big.jpg", big, "image/jpeg")), *upload("plain.png")]
    response = client().post("/v1/inspect", files=files)
    assert response.status_code == 200
    assert len(recorded_uploads) == 2
    assert recorded_uploads[0]._rolled  # the big one went to a temporary file...
    assert all(f.closed for f in recorded_uploads)  # ...and every upload was closed
    assert list(tmp_path.iterdir()) == []  # no named file was ever left behind


def test_rejected_uploads_are_released_too(recorded_uploads: list[Any]) -> None:
    files = [("file", ("x.txt", b"hello", "text/plain")), ("file", ("y.txt", b"hello", "text/plain"))]
    assert client().post("/v1/inspect", files=files).status_code == 415
    assert recorded_uploads and all(f.closed for f in recorded_uploads)


def test_after_a_timeout_the_upload_is_released_when_the_worker_ends(
    recorded_uploads: list[Any], release: threading.Event
) -> None:
    with client(timeout_s=0.2) as api:
        assert api.post("/v1/inspect", files=upload("plain.jpg")).status_code == 504
        assert not recorded_uploads[0].closed  # the worker still reads it
        release.set()
        deadline = time.monotonic() + 5
        while not recorded_uploads[0].closed and time.monotonic() < deadline:
            time.sleep(0.02)
    assert recorded_uploads[0].closed


def test_a_token_server_refuses_requests_without_it() -> None:
    response = client(token="s3cret").post("/v1/inspect", files=upload("plain.jpg"))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"] == "unauthorized"


def test_a_token_server_refuses_a_wrong_token() -> None:
    response = client(token="s3cret").post(
        "/v1/inspect", files=upload("plain.jpg"), headers={"Authorization": "Bearer s3cre"}
    )
    assert response.status_code == 401


def test_a_token_server_accepts_the_right_token() -> None:
    api = client(token="s3cret")
    response = api.post("/v1/inspect", files=upload("plain.jpg"), headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200
    assert api.get("/v1/health").json()["token_required"] is True


def test_tokens_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = app_module.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(app_module.hmac, "compare_digest", spy)
    api = client(token="s3cret")
    api.post("/v1/inspect", files=upload("plain.jpg"), headers={"Authorization": "Bearer x"})
    assert calls == [(b"x", b"s3cret")]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_which_bind_addresses_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_non_loopback_address_needs_a_token() -> None:
    import typer

    options = {"inspect": InspectOptions(), "max_upload_mb": 1, "max_files": 1, "timeout": 1, "workers": 1}
    with pytest.raises(typer.BadParameter, match="token"):
        build_settings("0.0.0.0", None, **options)  # type: ignore[arg-type]
    settings = build_settings("0.0.0.0", "s3cret", **options)  # type: ignore[arg-type]
    assert settings.token == "s3cret" and settings.allowed_hosts is None
    local = build_settings("127.0.0.1", None, **options)  # type: ignore[arg-type]
    assert local.token is None and local.allowed_hosts is not None


def test_serve_refuses_to_start_on_a_public_address_without_a_token() -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != "PROVENANCE_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "serve", "--host", "0.0.0.0", "--port", "9"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "COLUMNS": "200"},
    )
    assert result.returncode == 2
    assert "token" in result.stderr and "PROVENANCE_TOKEN" in result.stderr


def test_a_loopback_server_refuses_foreign_host_headers() -> None:
    api = client(allowed_hosts=("127.0.0.1", "localhost"))
    assert api.get("/v1/health", headers={"host": "127.0.0.1:8000"}).status_code == 200
    response = api.get("/v1/health", headers={"host": "attacker.example"})
    assert response.status_code == 400 and response.json()["error"] == "bad_request"


def test_the_server_is_offline_by_default() -> None:
    report = client().post("/v1/inspect", files=upload("xmp_remote_manifest.jpg")).json()
    assert report["verdict"]["integrity"] == "remote_unverified"  # the pointer was reported, not followed
    assert report["c2pa"]["remote_url"] == "http://127.0.0.1:9/manifest.c2pa"
    c2pa_check = next(c for c in report["checks"] if c["name"] == "c2pa")
    assert "offline" in c2pa_check["detail"]


def test_the_network_setting_reaches_the_inspection(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = app_module.inspect_file

    def spy(upload: Any, options: InspectOptions, **kwargs: Any) -> Any:
        seen.append(options.allow_network)
        return real(upload, options, **kwargs)

    monkeypatch.setattr(app_module, "inspect_file", spy)
    client().post("/v1/inspect", files=upload("plain.jpg"))
    client(inspect=InspectOptions(allow_network=True)).post("/v1/inspect", files=upload("plain.jpg"))
    assert seen == [False, True]


def test_every_response_carries_the_security_headers() -> None:
    api = client()
    for response in (api.get("/"), api.get("/static/app.js"), api.get("/v1/health"), api.get("/nowhere")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_page_and_its_assets_are_served_without_external_resources() -> None:
    api = client()
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text and "http://" not in page.text and "https://" not in page.text
    script = api.get("/static/app.js").text
    assert ".innerHTML" not in script and "insertAdjacentHTML" not in script and "https://" not in script
    assert api.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert api.get("/static/secret.txt").status_code == 404


def test_no_file_names_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="provenance.serve")
    files = [("file", ("secret-name.jpg", fixture("plain.jpg").read_bytes(), "image/jpeg"))]
    client().post("/v1/inspect", files=files)
    assert "inspected 1 file(s), 0 unreadable" in caplog.text
    assert "secret-name" not in caplog.text


def test_other_commands_do_not_load_the_web_framework() -> None:
    code = "import sys, provenance.cli; print(sorted(m for m in ('fastapi', 'uvicorn') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_an_ingredient_of_an_ingredient_has_its_thumbnail_under_its_own_manifest() -> None:
    body = client().post("/v1/inspect?thumbnails=true", files=upload("broadcast_chain.jpg")).json()
    [report], [preview] = body["reports"], body["previews"]
    [first] = report["c2pa"]["ingredients"]
    [second] = first["ingredients"]
    keys = [(t["manifest"], t["index"]) for t in preview["ingredients"]]
    assert keys == [(report["c2pa"]["active_manifest"], 0), (first["manifest"], 0)]
    assert second["manifest"] and first["manifest"] != report["c2pa"]["active_manifest"]
