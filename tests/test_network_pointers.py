"""No unwanted network: remote-manifest pointers in XMP (`dcterms:provenance`) and the web server.

A recorder HTTP server on a free loopback port logs every request. Files are made here whose XMP points
to it, in JPEG (APP1) and PNG (iTXt after the image data). By default neither `inspect`, `audit` (whose
workers are separate processes) nor `serve` may reach it. With the network allowed, a remote manifest is
fetched only from a public address: loopback, whatever the URL spells it as and wherever a redirect
leads, is refused before anything is sent, and every failure reads the same. To prove the positive
path, tests mark one loopback (address, port) as public (`_net.UNSAFE_PUBLIC_FOR_TESTS`). The server has
no way to fetch anything on a client's behalf: a URL in the form or the query is refused.
"""

from __future__ import annotations

import io
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

import provenance
from provenance import InspectOptions, Integrity, Origin, _net
from provenance.serve import ServeSettings, create_app
from tests.helpers import FIXTURES
from tests.http_recorder import Answer, Recorder, redirect

sys.path.insert(0, str(FIXTURES))
from signals_metadata import encode, png_with_xmp_after_idat, xmp_packet

ALLOWED = InspectOptions(allow_network=True)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    with Recorder().running() as found:
        yield found


@pytest.fixture
def public_recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """A second recorder whose loopback address counts as public: a stand-in for a host on the internet."""
    with Recorder().running() as found:
        monkeypatch.setattr(_net, "UNSAFE_PUBLIC_FOR_TESTS", frozenset({("127.0.0.1", found.port)}))
        yield found


def pointing_files(url: str) -> dict[str, bytes]:
    packet = xmp_packet({"dcterms:provenance": url})
    return {
        "pointer.jpg": encode("JPEG", quality=90, xmp=packet),
        "pointer.png": png_with_xmp_after_idat(packet),
    }


def signed_with_remote_manifest(url: str) -> tuple[bytes, bytes]:
    """(JPEG, manifest store): an AI-generated image signed by the fixtures' test PKI whose manifest is
    not embedded; the JPEG's XMP points to ``url``."""
    import c2pa
    import make_fixtures as mf

    pki = mf.build_pki()
    definition = mf.created(
        "remote", "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", mf.DIFFUSION
    )
    builder = c2pa.Builder(
        definition, context=mf.builder_context(pki.root.pem.decode(), mf.eku_config_text())
    )
    builder.set_no_embed()
    builder.set_remote_url(url)
    out = io.BytesIO()
    manifest = builder.sign(pki.es256.signer(), "image/jpeg", io.BytesIO(mf.base_media("ai", "jpg")), out)
    return out.getvalue(), manifest


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def failure_text(report: Any, url: str) -> tuple[str | None, str]:
    """What a user reads about a failed fetch, with the URL itself taken out."""
    assert report.c2pa is not None
    return report.c2pa.sdk_error, report.verdict.summary.replace(url, "<url>")


# --- offline by default -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pointer.jpg", "pointer.png"])
def test_an_xmp_pointer_is_reported_not_fetched_by_default(recorder: Recorder, name: str) -> None:
    url = f"{recorder.url}/manifest.c2pa"
    report = provenance.inspect(pointing_files(url)[name])
    assert recorder.paths == []
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.c2pa is not None and report.c2pa.remote_url == url
    assert "--allow-network" in report.verdict.summary


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


# --- network allowed: private addresses are refused ------------------------------------------------------


def loopback_spellings(port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{port}/m.c2pa",
        f"http://localhost:{port}/m.c2pa",
        f"http://127.1:{port}/m.c2pa",  # inet_aton short form
        f"http://2130706433:{port}/m.c2pa",  # 127.0.0.1 as one decimal number
        f"http://0x7f000001:{port}/m.c2pa",
        f"http://[::ffff:127.0.0.1]:{port}/m.c2pa",  # IPv4-mapped IPv6
        f"http://LOCALHOST.:{port}/m.c2pa",
        f"https://127.0.0.1:{port}/m.c2pa",
    ]


@pytest.mark.parametrize("name", ["pointer.jpg", "pointer.png"])
def test_with_the_network_allowed_a_loopback_pointer_is_not_fetched(recorder: Recorder, name: str) -> None:
    url = f"{recorder.url}/manifest.c2pa"
    report = provenance.inspect(pointing_files(url)[name], options=ALLOWED)
    assert recorder.paths == []
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.c2pa is not None and report.c2pa.remote_url == url
    assert report.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}"


def test_no_spelling_of_loopback_is_fetched(recorder: Recorder) -> None:
    for url in loopback_spellings(recorder.port):
        report = provenance.inspect(pointing_files(url)["pointer.jpg"], options=ALLOWED)
        assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED, url
        assert report.c2pa is not None and report.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}", url
    assert recorder.paths == []


def test_a_public_looking_name_that_resolves_to_loopback_is_not_fetched(
    recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "manifests.example.com" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    url = f"http://manifests.example.com:{recorder.port}/m.c2pa"
    report = provenance.inspect(pointing_files(url)["pointer.jpg"], options=ALLOWED)
    assert recorder.paths == []
    assert report.c2pa is not None and report.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}"


@pytest.mark.parametrize("target", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
def test_a_redirect_from_a_public_host_to_loopback_is_not_followed(
    recorder: Recorder, public_recorder: Recorder, target: str
) -> None:
    public_recorder.routes["/m.c2pa"] = redirect(f"http://{target}:{recorder.port}/secret")
    url = f"{public_recorder.url}/m.c2pa"
    report = provenance.inspect(pointing_files(url)["pointer.jpg"], options=ALLOWED)
    assert public_recorder.paths == ["/m.c2pa"]
    assert recorder.paths == []
    assert report.c2pa is not None and report.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}"


def test_the_server_with_network_allowed_does_not_fetch_private_pointers(recorder: Recorder) -> None:
    client = TestClient(create_app(ServeSettings(inspect=ALLOWED)))
    urls = loopback_spellings(recorder.port)
    upload = [
        ("file", (f"{i}.jpg", pointing_files(url)["pointer.jpg"], "image/jpeg")) for i, url in enumerate(urls)
    ]
    upload.append(("file", ("p.png", pointing_files(urls[0])["pointer.png"], "image/png")))
    response = client.post("/v1/inspect", files=upload)
    assert response.status_code == 200
    reports = response.json()
    assert [r["verdict"]["integrity"] for r in reports] == ["remote_unverified"] * len(upload)
    assert {r["c2pa"]["sdk_error"] for r in reports} == {f"Remote: {_net.FETCH_FAILED}"}
    assert recorder.paths == []


def test_inspect_cli_with_allow_network_does_not_fetch_a_loopback_pointer(
    recorder: Recorder, tmp_path: Path
) -> None:
    path = tmp_path / "pointer.jpg"
    path.write_bytes(pointing_files(f"http://localhost:{recorder.port}/m.c2pa")["pointer.jpg"])
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "inspect", str(path), "--allow-network", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert '"remote_unverified"' in result.stdout
    assert recorder.paths == []


# --- network allowed: uniform errors, and the positive path -----------------------------------------------


def test_a_closed_port_and_an_open_port_read_alike(recorder: Recorder, public_recorder: Recorder) -> None:
    open_url = f"{public_recorder.url}/absent.c2pa"  # answered: 404
    closed_url = f"http://127.0.0.1:{closed_port()}/m.c2pa"  # refused: not public
    refused_url = f"{recorder.url}/m.c2pa"  # refused: not public, though a server listens
    texts = {
        failure_text(provenance.inspect(pointing_files(url)["pointer.jpg"], options=ALLOWED), url)
        for url in (open_url, closed_url, refused_url)
    }
    assert public_recorder.paths == ["/absent.c2pa"] and recorder.paths == []
    assert len(texts) == 1
    sdk_error, summary = texts.pop()
    assert sdk_error == f"Remote: {_net.FETCH_FAILED}"
    assert "404" not in summary and "refused" in summary and "<url>" in summary


def test_a_closed_port_of_a_public_host_reads_like_an_open_one(
    public_recorder: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = closed_port()
    exempt = {("127.0.0.1", public_recorder.port), ("127.0.0.1", closed)}
    monkeypatch.setattr(_net, "UNSAFE_PUBLIC_FOR_TESTS", frozenset(exempt))
    open_url, closed_url = f"{public_recorder.url}/absent.c2pa", f"http://127.0.0.1:{closed}/m.c2pa"
    open_text, closed_text = (
        failure_text(provenance.inspect(pointing_files(url)["pointer.jpg"], options=ALLOWED), url)
        for url in (open_url, closed_url)
    )
    assert public_recorder.paths == ["/absent.c2pa"]
    assert open_text == closed_text


def test_a_remote_manifest_on_a_public_host_is_fetched_and_validated(public_recorder: Recorder) -> None:
    url = f"{public_recorder.url}/m.c2pa"
    image, manifest = signed_with_remote_manifest(url)
    public_recorder.routes["/m.c2pa"] = Answer(body=manifest, headers={"Content-Type": "application/c2pa"})
    offline = provenance.inspect(image)
    report = provenance.inspect(image, options=ALLOWED)
    assert public_recorder.paths == ["/m.c2pa"]
    assert offline.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.verdict.integrity is Integrity.INTACT
    assert report.verdict.origin is Origin.AI_GENERATED
    assert report.c2pa is not None and report.c2pa.remote_url == url and not report.c2pa.embedded


def test_a_remote_manifest_is_followed_through_a_public_redirect(public_recorder: Recorder) -> None:
    url = f"{public_recorder.url}/m.c2pa"
    image, manifest = signed_with_remote_manifest(url)
    public_recorder.routes["/m.c2pa"] = redirect("/store/m.c2pa", 301)
    public_recorder.routes["/store/m.c2pa"] = Answer(body=manifest)
    report = provenance.inspect(image, options=ALLOWED)
    assert public_recorder.paths == ["/m.c2pa", "/store/m.c2pa"]
    assert report.verdict.integrity is Integrity.INTACT


def test_a_fetched_answer_that_is_not_a_manifest_reads_like_any_failure(public_recorder: Recorder) -> None:
    url = f"{public_recorder.url}/m.c2pa"
    public_recorder.routes["/m.c2pa"] = Answer(body=b"<html>not a manifest</html>")
    report = provenance.inspect(pointing_files(url)["pointer.jpg"], options=ALLOWED)
    assert public_recorder.paths == ["/m.c2pa"]
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.c2pa is not None and report.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}"
