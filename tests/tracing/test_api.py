"""The C2PA soft-binding resolution API of ``provenance serve --index FILE``, through the test client:
stripped copies lead to their original's manifest by binding and by content, the manifest comes back as
the stored bytes, unrelated pictures lead nowhere, and the server's token and origin checks hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from provenance.fingerprints import api_value_of, fingerprint
from provenance.index import verify_stored
from provenance.serve import ServeSettings, create_app
from tests.helpers import no_trust
from tests.index.tracing import _encoded, photo_like

from .conftest import stripped


def client(index: Path, **settings: object) -> TestClient:
    return TestClient(create_app(ServeSettings(inspect=no_trust(index=str(index)), **settings)))  # type: ignore[arg-type]


def test_the_service_names_the_registered_algorithm(repository_path: Path) -> None:
    answer = client(repository_path).get("/services/supportedAlgorithms")
    assert answer.status_code == 200
    assert answer.json() == {"watermarks": [], "fingerprints": [{"alg": "io.iscc.v0"}]}


def test_by_binding_finds_the_original_manifest_of_a_stripped_copy(repository_path: Path) -> None:
    iscc = fingerprint(stripped("ai_edited.jpg")).of("io.iscc.v0")
    assert iscc is not None
    http = client(repository_path)
    for value in (api_value_of(iscc), iscc.value):  # base64 of the binary ISCC, or its text
        answer = http.get("/matches/byBinding", params={"alg": "io.iscc.v0", "value": value})
        assert answer.status_code == 200, answer.text
        best = answer.json()["matches"][0]
        assert best["manifestId"].startswith("urn:c2pa:") and best["similarityScore"] == 100
    posted = http.post("/matches/byBinding", json={"alg": "io.iscc.v0", "value": iscc.value})
    assert posted.json()["matches"][0] == best


def test_by_content_and_the_manifest_it_names(repository_path: Path) -> None:
    http = client(repository_path)
    answer = http.post(
        "/matches/byContent", content=stripped("ai_edited.jpg"), headers={"Content-Type": "image/png"}
    )
    assert answer.status_code == 200, answer.text
    manifest_id = answer.json()["matches"][0]["manifestId"]
    fetched = http.get(f"/manifests/{manifest_id}")
    assert fetched.status_code == 200 and fetched.headers["content-type"] == "application/c2pa"
    assert verify_stored(fetched.content, "image/jpeg", no_trust().trust).state == "verified"
    assert http.get("/manifests/urn:c2pa:00000000-0000-0000-0000-000000000000").status_code == 404


def test_unrelated_pictures_and_bad_queries_find_nothing(repository_path: Path) -> None:
    http = client(repository_path)
    unrelated = _encoded(photo_like(11), "JPEG", quality=85)
    assert http.post("/matches/byContent", content=unrelated).json() == {"matches": []}
    assert http.post("/matches/byContent", content=b"plain text").status_code == 415
    assert http.get("/matches/byBinding", params={"alg": "pdq", "value": "AA=="}).status_code == 400
    assert http.get("/matches/byBinding", params={"alg": "io.iscc.v0", "value": "!!"}).status_code == 400


def test_the_api_needs_the_token_and_refuses_other_origins(repository_path: Path) -> None:
    http = client(repository_path, token="secret")
    assert http.get("/services/supportedAlgorithms").status_code == 401
    ok = http.get("/services/supportedAlgorithms", headers={"Authorization": "Bearer secret"})
    assert ok.status_code == 200
    open_server = client(repository_path)  # no token: a page of another origin may not post to it
    crossed = open_server.post(
        "/matches/byContent", content=stripped("ai_edited.jpg"), headers={"Origin": "http://attacker.example"}
    )
    assert crossed.status_code == 403


def test_without_an_index_there_is_no_resolution_api() -> None:
    pytest.importorskip("iscc_core")
    http = TestClient(create_app(ServeSettings(inspect=no_trust())))
    assert http.get("/services/supportedAlgorithms").status_code == 404


def test_the_openapi_description_lists_the_resolution_endpoints(repository_path: Path) -> None:
    paths = client(repository_path).get("/v1/openapi.json").json()["paths"]
    for path in ("/services/supportedAlgorithms", "/matches/byBinding", "/matches/byContent"):
        assert path in paths
    assert "/manifests/{manifestId}" in paths
