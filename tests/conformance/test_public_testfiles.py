"""C2PA public test files: integrity agrees with the official c2patool reports (the oracle).

The oracle (manifests/<name>/manifest_store.json) was made by an older c2patool. Where today's SDK
differs, the difference is listed below with the SDK's reason, and the report must carry that reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import provenance
from provenance.models import Integrity, StatusCode
from provenance.verdict.integrity import integrity_of
from tests.helpers import CORPUS, corpus

JPEG_DIR = "c2pa-public-testfiles/image/jpeg"

# name -> (integrity today, text the report must contain to explain the difference)
DOCUMENTED_DIFFERENCES = {
    # Today's SDK checks that the data-hash exclusion range covers exactly the manifest's location; these
    # 2023 Truepic files fail that, which the old c2patool did not check.
    "truepic-20230212-camera.jpg": (Integrity.TAMPERED, "data hash exclusion does not match"),
    "truepic-20230212-landscape.jpg": (Integrity.TAMPERED, "data hash exclusion does not match"),
    "truepic-20230212-library.jpg": (Integrity.TAMPERED, "data hash exclusion does not match"),
    # The old c2patool reported claimSignature.mismatch alongside signingCredential.expired for this
    # untimestamped Nikon file; today's SDK validates the signature (claimSignature.validated) and
    # reports only the expired certificate.
    "nikon-20221019-building.jpeg": (Integrity.CREDENTIAL_EXPIRED, "signingCredential.expired"),
    # Today's SDK places the assertion.hashedURI.mismatch in the ingredient manifest's validation deltas
    # (its URL is under the ingredient's manifest label) and finds the active manifest intact; the old
    # c2patool listed it at the top level. An ingredient's defect is reported as the ingredient's.
    "adobe-20220124-E-uri-CIE-sig-CA.jpg": (Integrity.INTACT, "An ingredient's credential did not validate"),
}


def _files() -> list[str]:
    folder = CORPUS / JPEG_DIR
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else ["(corpus absent)"]


def oracle_integrity(name: str) -> Integrity:
    folder = corpus(JPEG_DIR) / "manifests" / Path(name).stem
    if not folder.is_dir():
        return Integrity.NOT_SIGNED
    store = json.loads((folder / "manifest_store.json").read_text())
    codes = [StatusCode(s["code"], s.get("explanation")) for s in store.get("validation_status") or []]
    return integrity_of(codes, "Invalid" if codes else "Valid")


def test_all_26_jpeg_files_are_covered() -> None:
    assert len([f for f in (corpus(JPEG_DIR)).iterdir() if f.is_file()]) == 26


@pytest.mark.parametrize("name", _files())
def test_integrity_agrees_with_the_c2patool_oracle(name: str) -> None:
    path = corpus(JPEG_DIR) / name
    report = provenance.inspect(path)
    verdict = report.verdict
    if name in DOCUMENTED_DIFFERENCES:
        integrity, reason = DOCUMENTED_DIFFERENCES[name]
        assert oracle_integrity(name) is not integrity, (
            "the oracle now agrees: remove the documented difference"
        )
        assert verdict.integrity is integrity
        assert reason in verdict.summary
        return
    assert verdict.integrity is oracle_integrity(name), verdict.summary
    if verdict.integrity is Integrity.TAMPERED:
        assert verdict.status_codes, "a failed manifest must carry the SDK's status codes"


def test_ingredient_signature_failure_hidden_by_the_top_level_state_is_reported() -> None:
    # CIE-sig-CA.jpg: the SDK's top-level state is Valid, but the ingredient's claim signature failed.
    report = provenance.inspect(corpus(JPEG_DIR) / "adobe-20220124-CIE-sig-CA.jpg")
    assert report.c2pa is not None and report.c2pa.validation_state == "Valid"
    ingredient_codes = [c.code for c in report.verdict.status_codes if c.scope.value == "ingredient"]
    assert "claimSignature.mismatch" in ingredient_codes
    assert "claimSignature.mismatch" in report.verdict.summary
    [ingredient] = report.c2pa.ingredients
    assert "claimSignature.mismatch" in [c.code for c in ingredient.status_codes]


def test_deep_ingredient_history_is_walked_recursively() -> None:
    report = provenance.inspect(corpus(JPEG_DIR) / "adobe-20220124-CACAICAICICA.jpg")
    assert report.c2pa is not None

    def depth(items: tuple[provenance.Ingredient, ...]) -> int:
        return 1 + max((depth(i.ingredients) for i in items), default=0) if items else 0

    assert depth(report.c2pa.ingredients) >= 3


def test_public_pdf_reads() -> None:
    report = provenance.inspect(corpus("c2pa-public-testfiles/pdf/adobe-20240110-single_manifest_store.pdf"))
    assert report.c2pa is not None and report.c2pa.present
    assert report.verdict.integrity is Integrity.INTACT
