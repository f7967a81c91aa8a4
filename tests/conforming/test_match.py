"""Matching signers against the Conforming Products List: distinguished names, minimum versions, status
and disallowed signals, on records of the bundled snapshot and on signed files."""

from __future__ import annotations

import io
from typing import Any

from provenance.conforming import (
    NOT_LISTED,
    Conformance,
    bundled_products,
    conforming_product,
    dn_matches,
    match_signer,
    version_key,
)
from provenance.readers.c2pa.crjson import read_crjson
from tests.conforming.conftest import GOOGLE_SERVICE, PIXEL, SNAPSEED, Sign
from tests.helpers import corpus


def _manifest(name: str, version: str | None) -> dict[str, Any]:
    entry = {"name": name} if version is None else {"name": name, "version": version}
    return {"claim.v2": {"claim_generator_info": [entry]}}


def test_the_bundled_list_is_the_snapshot_of_174_products() -> None:
    products = bundled_products()
    assert len(products) == 174
    assert sum(p.product_type == "generatorProduct" for p in products) == 153
    assert {p.status for p in products} == {"conformant"}


def test_a_dn_matches_ignoring_case_spacing_and_attributes_the_list_does_not_give() -> None:
    listed = {"CN": "Pixel Camera", "O": "Google LLC", "OU": "", "C": "US"}
    assert dn_matches(listed, {"CN": "pixel  camera", "O": " Google LLC", "C": "US", "L": "Mountain View"})
    assert not dn_matches(listed, {"CN": "Pixel Camera", "O": "Google LLC", "C": "US", "OU": "Other"})
    assert not dn_matches(listed, {"CN": "Pixel Camera", "O": "Google LLC"})


def test_versions_compare_part_by_part() -> None:
    assert version_key("10.1") > version_key("9.12") and version_key("v1.1") == version_key("1.1")
    assert version_key("69307851") > version_key("69134609")


def test_the_pixel_camera_record_of_the_highest_minimum_the_version_reaches_is_chosen() -> None:
    match = match_signer(PIXEL, _manifest("Pixel Camera", "69200000"), ())
    assert match.conformance is Conformance.CONFORMING
    assert match.product is not None and match.product.min_version == "69134609"
    assert match.product.max_assurance_level == 2
    assert match.summary == "Pixel Camera (Google LLC): a conforming generator product, assurance level 2"


def test_a_version_below_every_minimum_is_not_conforming() -> None:
    match = match_signer(PIXEL, _manifest("Pixel Camera", "60000000"), ())
    assert match.conformance is Conformance.VERSION_BELOW_MINIMUM
    assert match.summary == (
        "Pixel Camera (Google LLC) is listed from version 68566598; this manifest's is 60000000"
    )
    assert match_signer(PIXEL, {}, ()).conformance is Conformance.VERSION_UNKNOWN


def test_a_product_listed_without_minimum_conforms_at_any_version() -> None:
    subject = {"CN": "Google Media Processing Services", "O": "Google LLC", "OU": "Google System 90291"}
    match = match_signer({**subject, "C": "US"}, {}, ())
    assert match.conformance is Conformance.CONFORMING and match.product is not None
    assert match.product.max_assurance_level == 1


def test_claimed_signals_the_product_may_not_claim_are_reported() -> None:
    snapseed = {"CN": "Snapseed", "O": "Google LLC", "C": "US", "OU": "Snapseed iOS"}
    match = match_signer(snapseed, _manifest("Snapseed", "4.1"), ("capturedMedia", "ambiguousActions"))
    assert match.conformance is Conformance.CONFORMING
    assert match.disallowed_claimed == ("capturedMedia",)
    assert match.summary.endswith("it may not claim capturedMedia, which this manifest claims")


def test_an_unknown_signer_is_not_on_the_list() -> None:
    match = match_signer({"CN": "Somebody", "O": "Else"}, {}, ())
    assert (match.conformance, match.product, match.summary) == (Conformance.NOT_LISTED, None, NOT_LISTED)
    assert NOT_LISTED == "not on the conforming products list"


def test_a_validator_product_is_not_a_signer_match() -> None:
    adobe_inspect = {"CN": "Adobe Content Authenticity Inspect", "O": "Adobe Inc.", "C": "US"}
    assert match_signer(adobe_inspect, {}, ()).conformance is Conformance.NOT_LISTED


def test_adobe_signed_corpus_files_read_not_on_the_list_which_has_no_adobe_generator() -> None:
    adobe = [
        "real-world/contentauth__verify-site/butteryfly.jpg",  # firefly-prod
        "real-world/digimarc-corp__c2pa-content-credentials-extension/gen-fill.jpg",  # cai-prod
        "c2pa-public-testfiles/pdf/adobe-20240110-single_manifest_store.pdf",
        "c2pa-rs-fixtures/ocsp.jpg",  # Adobe C2PA
    ]
    for name in adobe:
        document = read_crjson(corpus(name))
        assert document is not None, name
        match = conforming_product(document)
        assert match is not None and match.summary == NOT_LISTED, name
    assert not [
        p for p in bundled_products() if p.product_type == "generatorProduct" and "Adobe" in p.applicant
    ]


# -- signed files: the shared corpus has no Google or Pixel file, so they are made here (conftest.py) -------


def _signed(
    sign: Sign, subject: dict[str, str], generator: dict[str, str], source_type: str
) -> dict[str, Any]:
    document = read_crjson(io.BytesIO(sign(subject, generator, source_type)), name="listed.jpg")
    assert document is not None
    return document


def test_a_signed_pixel_camera_capture_matches_its_conforming_product(sign_jpeg: Sign) -> None:
    document = _signed(sign_jpeg, PIXEL, {"name": "Pixel Camera", "version": "69307851"}, "digitalCapture")
    match = conforming_product(document)
    assert match is not None and match.conformance is Conformance.CONFORMING
    assert match.product is not None and match.product.min_version == "69307851"
    assert match.disallowed_claimed == ()


def test_a_signed_google_service_file_matches_by_its_organisational_unit(sign_jpeg: Sign) -> None:
    generator = {"name": "Google Media Processing Services"}
    document = _signed(sign_jpeg, GOOGLE_SERVICE, generator, "trainedAlgorithmicMedia")
    match = conforming_product(document)
    assert match is not None and match.conformance is Conformance.CONFORMING
    assert match.product is not None and match.product.dn["OU"] == "Google System 90291"


def test_a_signed_capture_by_a_product_that_may_not_claim_captures_is_flagged(sign_jpeg: Sign) -> None:
    document = _signed(sign_jpeg, SNAPSEED, {"name": "Snapseed", "version": "4.0.9"}, "digitalCapture")
    match = conforming_product(document)
    assert match is not None and match.conformance is Conformance.CONFORMING
    assert match.disallowed_claimed == ("capturedMedia",)
