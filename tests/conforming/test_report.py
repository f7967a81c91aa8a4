"""The Conforming Products List's word in every report of a file with a manifest (``conforming_product``),
through ``provenance.inspect``: files signed here in a temporary folder with the names of listed Google
products, and the Adobe files of the shared corpus, whose signers the list does not have."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import provenance
from provenance import ProductConformance
from provenance.audit.record import row_of
from provenance.conforming import NOT_LISTED
from provenance.conforming.cache import PRODUCTS_FILE, bundled_list, products_in_force
from provenance.trust import TrustList, TrustSettings
from tests.conforming.conftest import GOOGLE_SERVICE, PIXEL, SNAPSEED, Sign
from tests.helpers import corpus, fixture

BUNDLED = "bundled snapshot: c2pa-org/conformance-public conforming-products/ at 7dbff513, 2026-08-21"


def _inspect(tmp_path: Path, name: str, signed: bytes) -> provenance.Report:
    path = tmp_path / name
    path.write_bytes(signed)
    return provenance.inspect(path)


def test_a_pixel_camera_capture_reads_as_its_conforming_product(tmp_path: Path, sign_jpeg: Sign) -> None:
    signed = sign_jpeg(PIXEL, {"name": "Pixel Camera", "version": "69307851"}, "digitalCapture")
    report = _inspect(tmp_path, "pixel.jpg", signed)
    product = report.conforming_product
    assert product is not None
    assert (product.status, product.product, product.applicant) == (
        ProductConformance.CONFORMING,
        "Pixel Camera",
        "Google LLC",
    )
    assert (product.min_version, product.version, product.assurance_level) == ("69307851", "69307851", 2)
    assert product.disallowed_claimed == ()
    assert product.summary == "Pixel Camera (Google LLC): a conforming generator product, assurance level 2"
    assert product.products_list == BUNDLED
    assert report.c2pa_signals is not None and report.c2pa_signals.signals[0].id == "capturedMedia"
    assert row_of(report).conforming_product == "conforming: Pixel Camera (Google LLC)"


def test_an_older_pixel_camera_version_is_listed_but_below_its_minimum(
    tmp_path: Path, sign_jpeg: Sign
) -> None:
    signed = sign_jpeg(PIXEL, {"name": "Pixel Camera", "version": "60000000"}, "digitalCapture")
    product = _inspect(tmp_path, "old-pixel.jpg", signed).conforming_product
    assert product is not None and product.status is ProductConformance.VERSION_BELOW_MINIMUM
    assert (product.min_version, product.version) == ("68566598", "60000000")


def test_a_google_service_file_reads_as_its_product_at_assurance_level_1(
    tmp_path: Path, sign_jpeg: Sign
) -> None:
    generator = {"name": "Google Media Processing Services"}
    report = _inspect(tmp_path, "google.jpg", sign_jpeg(GOOGLE_SERVICE, generator, "trainedAlgorithmicMedia"))
    product = report.conforming_product
    assert product is not None and product.status is ProductConformance.CONFORMING
    assert (product.product, product.min_version, product.assurance_level) == (
        "Google Media Processing Services",
        None,
        1,
    )
    assert report.verdict.origin is provenance.Origin.AI_GENERATED
    assert report.c2pa_signals is not None and report.c2pa_signals.signals[0].id == "fullyGenAIMedia"


def test_a_capture_claimed_by_a_product_that_may_not_claim_it_is_named(
    tmp_path: Path, sign_jpeg: Sign
) -> None:
    signed = sign_jpeg(SNAPSEED, {"name": "Snapseed", "version": "4.0.9"}, "digitalCapture")
    product = _inspect(tmp_path, "snapseed.jpg", signed).conforming_product
    assert product is not None and product.status is ProductConformance.CONFORMING
    assert product.disallowed_claimed == ("capturedMedia",)
    assert product.summary.endswith("it may not claim capturedMedia, which this manifest claims")


@pytest.mark.parametrize(
    "name",
    [
        "real-world/contentauth__verify-site/butteryfly.jpg",
        "real-world/digimarc-corp__c2pa-content-credentials-extension/gen-fill.jpg",
        "c2pa-public-testfiles/pdf/adobe-20240110-single_manifest_store.pdf",
        "c2pa-rs-fixtures/ocsp.jpg",
    ],
)
def test_adobe_signed_corpus_files_are_not_on_the_list(name: str) -> None:
    report = provenance.inspect(corpus(name))
    product = report.conforming_product
    assert product is not None
    assert (product.status, product.product, product.summary) == (
        ProductConformance.NOT_LISTED,
        None,
        NOT_LISTED,
    )
    assert row_of(report).conforming_product == "not_listed"


def test_a_file_without_a_manifest_has_no_word_from_the_list() -> None:
    report = provenance.inspect(fixture("plain.jpg"))
    assert report.conforming_product is None and row_of(report).conforming_product == ""


# -- which list: the bundled snapshot, or the one `provenance trust update` saved with the trust lists ------


def _cache(folder: Path, body: bytes, sha256: str | None = None) -> TrustSettings:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PRODUCTS_FILE).write_bytes(body)
    entry = {
        "url": "x",
        "sha256": sha256 or hashlib.sha256(body).hexdigest(),
        "size": len(body),
        "products": 1,
    }
    meta = {"fetched_at": "2026-12-01T00:00:00+00:00", "source": {"kind": "official", "location": None}}
    (folder / "meta.json").write_text(json.dumps({**meta, "conforming_products": entry}))
    cached = TrustList("c2pa", "", None, origin="cache (fetched 2026-12-01)")
    return TrustSettings(lists=(cached,))


NEWER_LIST = b"""[{"recordId": "r1", "applicant": "Example", "status": "conformant",
  "product": {"productType": "generatorProduct", "DN": {"CN": "Example Cam", "O": "Example"}}}]"""


def test_the_saved_list_is_in_force_when_the_cache_is(tmp_path: Path) -> None:
    trust = _cache(tmp_path, NEWER_LIST)
    listed = products_in_force(trust, tmp_path)
    assert [p.name for p in listed.products] == ["Example Cam"]
    assert listed.name == "cache (fetched 2026-12-01)"
    assert products_in_force(TrustSettings(), tmp_path) == bundled_list()  # cache not in force


def test_a_saved_list_changed_since_it_was_downloaded_leaves_the_bundled_one(tmp_path: Path) -> None:
    trust = _cache(tmp_path, NEWER_LIST, sha256="0" * 64)
    listed = products_in_force(trust, tmp_path)
    assert listed.products == bundled_list().products
    assert listed.name.startswith(BUNDLED + " (the cached list is unusable (")
    assert "changed since it was downloaded" in listed.name
