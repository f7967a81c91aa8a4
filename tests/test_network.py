"""Offline by default: a remote-manifest file must not make the reader connect anywhere.

libpng-test_with_url.png (c2pa-rs fixtures) points to http://localhost:5000/libpng-test.c2pa. A local
server on that port records every request it receives.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import provenance
from provenance import InspectOptions, Integrity
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


def test_remote_manifest_is_fetched_only_when_the_network_is_allowed(recorder: list[str]) -> None:
    report = provenance.inspect(
        corpus("c2pa-rs-fixtures/libpng-test_with_url.png"), options=InspectOptions(allow_network=True)
    )
    assert recorder == ["/libpng-test.c2pa"]
    assert report.verdict.integrity is Integrity.REMOTE_UNVERIFIED
    assert "could not be fetched" in report.verdict.summary
