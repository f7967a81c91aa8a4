"""Offline by default: a remote-manifest file must not make the reader connect anywhere.

libpng-test_with_url.png (c2pa-rs fixtures) points to http://localhost:5000/libpng-test.c2pa. A local
server on that port records every request it receives. With the network allowed, the manifest is still
not fetched from loopback; marked public for the test, it is fetched once. cloud.jpg points to a real
manifest on the internet, which this machine may not reach: either way it is never a crash or a leak.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import provenance
from provenance import InspectOptions, Integrity, _net
from tests.helpers import corpus
from tests.http_recorder import Recorder

PORT = 5000


@pytest.fixture
def recorder() -> Iterator[list[str]]:
    try:
        found = Recorder(PORT)
    except OSError as error:
        pytest.skip(f"port {PORT} on 127.0.0.1 is busy ({error}); cannot observe the reader's requests")
    with found.running():
        yield found.paths


def test_remote_manifest_is_not_fetched_by_default(recorder: list[str]) -> None:
    report = provenance.inspect(corpus("c2pa-rs-fixtures/libpng-test_with_url.png"))
    assert recorder == []
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.c2pa is not None and report.c2pa.remote_url == "http://localhost:5000/libpng-test.c2pa"
    assert "--allow-network" in report.verdict.summary


def test_a_loopback_remote_manifest_is_not_fetched_even_with_the_network_allowed(recorder: list[str]) -> None:
    report = provenance.inspect(
        corpus("c2pa-rs-fixtures/libpng-test_with_url.png"), options=InspectOptions(allow_network=True)
    )
    assert recorder == []
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert report.c2pa is not None and report.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}"
    assert "could not be fetched" in report.verdict.summary


def test_remote_manifest_is_fetched_once_from_a_host_marked_public(
    recorder: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_net, "UNSAFE_PUBLIC_FOR_TESTS", frozenset({("127.0.0.1", PORT), ("::1", PORT)}))
    report = provenance.inspect(
        corpus("c2pa-rs-fixtures/libpng-test_with_url.png"), options=InspectOptions(allow_network=True)
    )
    assert recorder == ["/libpng-test.c2pa"]
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED  # the recorder answers 404
    assert report.c2pa is not None and report.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}"


def test_cloud_jpg_is_remote_unverified_offline_and_with_the_network_allowed() -> None:
    path = corpus("c2pa-rs-fixtures/cloud.jpg")
    url = "https://cai-manifests.adobe.com/manifests/adobe-urn-uuid-5f37e182-3687-462e-a7fb-573462780391"
    offline = provenance.inspect(path)
    assert offline.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert offline.c2pa is not None and offline.c2pa.remote_url == url
    online = provenance.inspect(path, options=InspectOptions(allow_network=True))
    assert online.c2pa is not None and online.c2pa.remote_url == url
    if online.verdict.integrity is Integrity.REMOTE_UNVERIFIED:  # no internet here: the uniform error
        assert online.c2pa.sdk_error == f"Remote: {_net.FETCH_FAILED}"
    else:  # the real manifest was reached and validated against the file
        assert online.verdict.integrity is Integrity.INTACT
