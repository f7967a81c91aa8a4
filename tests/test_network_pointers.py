"""No unwanted network: remote-manifest pointers in XMP (`dcterms:provenance`) and the web server.

A recorder HTTP server on a free loopback port logs every request. Files are made here whose XMP points
to it, in JPEG (APP1) and PNG (iTXt after the image data). By default neither `inspect`, `audit` (whose
workers are separate processes) nor `serve` may reach it; with the network explicitly allowed the
library does fetch, which proves the recorder would have seen a request. The server has no way to fetch
anything on a client's behalf: a URL in the form or the query is refused and never requested.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import provenance
from provenance import InspectOptions, Integrity
from provenance.serve import ServeSettings, create_app
from tests.helpers import FIXTURES
from tests.http_recorder import Recorder

sys.path.insert(0, str(FIXTURES))
from signals_metadata import encode, png_with_xmp_after_idat, xmp_packet


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with Recorder().running() as found:
        yield found


def pointing_files(url: str) -> dict[str, bytes]:
    packet = xmp_packet({"dcterms:provenance": url})
    return {
        "pointer.jpg": encode("JPEG", quality=90, xmp=packet),
        "pointer.png": png_with_xmp_after_idat(packet),
    }


@pytest.mark.parametrize("name", ["pointer.jpg", "pointer.png"])
def test_an_xmp_pointer_is_reported_not_fetched_by_default(recorder: Recorder, name: str) -> None:
    url = f"{recorder.url}/manifest.c2pa"
    report = provenance.inspect(pointing_files(url)[name])
    assert recorder.paths == []
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.c2pa is not None and report.c2pa.remote_url == url
    assert "--allow-network" in report.verdict.summary


@pytest.mark.parametrize("name", ["pointer.jpg", "pointer.png"])
def test_an_xmp_pointer_is_fetched_only_when_the_network_is_allowed(recorder: Recorder, name: str) -> None:
    url = f"{recorder.url}/manifest.c2pa"
    report = provenance.inspect(pointing_files(url)[name], options=InspectOptions(allow_network=True))
    assert recorder.paths == ["/manifest.c2pa"]
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED  # the recorder answers 404
    assert f"at {url}, which could not be fetched" in report.verdict.summary


def test_audit_workers_stay_offline(recorder: Recorder, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in pointing_files(f"{recorder.url}/manifest.c2pa").items():
        (folder / name).write_bytes(data)
    out = tmp_path / "o.jsonl"
    for fast_path in ([], ["--no-fast-path"]):
        result = subprocess.run(
            [sys.executable, "-m", "provenance", "audit", str(folder), "-q", "-o", str(out), *fast_path],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert len(out.read_text().splitlines()) == 2
    assert recorder.paths == []


def test_the_server_inspects_uploads_with_pointers_without_fetching(recorder: Recorder) -> None:
    files = pointing_files(f"{recorder.url}/manifest.c2pa")
    client = TestClient(create_app(ServeSettings()))
    upload = [("file", (name, data, "application/octet-stream")) for name, data in files.items()]
    response = client.post("/v1/inspect", files=upload)
    assert response.status_code == 200
    assert [r["verdict"]["integrity"] for r in response.json()] == ["remote_unverified"] * 2
    assert recorder.paths == []


def test_the_server_never_fetches_a_url_on_a_client_behalf(recorder: Recorder) -> None:
    target = f"{recorder.url}/image.jpg"
    client = TestClient(create_app(ServeSettings(inspect=InspectOptions(allow_network=True))))
    as_form = client.post("/v1/inspect", data={"url": target})
    as_query = client.post(f"/v1/inspect?url={target}", data={"file": target})
    as_get = client.get(f"/v1/inspect?url={target}")
    assert as_form.status_code == 400 and as_query.status_code == 400
    assert as_get.status_code in (404, 405)
    assert recorder.paths == []
