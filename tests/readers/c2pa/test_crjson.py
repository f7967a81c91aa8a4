"""crJSON from the SDK: the document the C2PA asset rubrics are evaluated on."""

from __future__ import annotations

import io
from typing import Any

from provenance.readers.c2pa import sdk
from provenance.readers.c2pa.crjson import active_manifest, read_crjson, signer_subject
from provenance.trust import TrustSettings
from tests.helpers import corpus, fixture


def test_a_signed_file_gives_its_manifests_with_their_validation_results() -> None:
    document = read_crjson(fixture("ai_generated.jpg"))
    assert document is not None
    manifest = active_manifest(document)
    assert manifest is not None
    assert {"label", "assertions", "signature", "validationResults"} <= manifest.keys()
    assert "c2pa.actions.v2" in manifest["assertions"]


def test_a_file_without_a_manifest_gives_none() -> None:
    assert read_crjson(fixture("plain.jpg")) is None


def _assertions(document: dict[str, Any] | None) -> Any:
    manifest = active_manifest(document) if document is not None else None
    return manifest["assertions"] if manifest is not None else None


def test_a_stream_reads_like_its_path() -> None:
    path = fixture("ai_generated.png")
    expected = _assertions(read_crjson(path))  # the documents differ only in their validation time
    assert expected is not None
    with path.open("rb") as stream:
        assert _assertions(read_crjson(stream, name=path.name)) == expected
    assert _assertions(read_crjson(io.BytesIO(path.read_bytes()))) == expected
    assert _assertions(read_crjson(str(path))) == expected


def test_a_standalone_manifest_is_read_with_its_asset() -> None:
    assert read_crjson(fixture("sidecar.jpg")) is None
    document = read_crjson(fixture("sidecar.jpg"), manifest=fixture("sidecar.c2pa").read_bytes())
    assert document is not None and active_manifest(document) is not None


def test_the_signer_subject_is_the_claim_certificates_distinguished_name() -> None:
    document = read_crjson(fixture("ai_generated.jpg"))
    assert document is not None
    manifest = active_manifest(document)
    assert manifest is not None
    assert signer_subject(manifest) == {
        "C": "US",
        "O": "Provenance Fixtures",
        "CN": "Provenance Fixtures ES256 Signer",
    }
    assert signer_subject({}) == {}


def test_the_active_manifest_comes_first_on_every_corpus_file_with_a_manifest() -> None:
    """The rubrics read the active manifest as manifests[0]: true of every file the SDK reads."""
    checked = 0
    for path in sorted(p for p in corpus().rglob("*") if p.is_file()):
        document = read_crjson(path)
        if document is None:
            continue
        found = sdk.read(path, allow_network=False, trust=TrustSettings())
        assert found.store is not None, path
        manifest = active_manifest(document)
        assert manifest is not None and manifest["label"] == found.store.active_label, path
        checked += 1
    assert checked >= 90
