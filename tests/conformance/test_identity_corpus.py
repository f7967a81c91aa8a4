"""The Rust SDK's CAWG identity fixtures (../shared/corpus/c2pa-rs-identity/): every file gets an identity
whose state agrees with the cawg.* codes in expected.tsv (c2pa-python 0.38.1, no network, no trust list)."""

from __future__ import annotations

import csv

import pytest

import provenance
from provenance import InspectOptions, TrustSettings
from provenance.formats.table import render
from provenance.models import IdentityState, Report, Trust

from ..helpers import corpus


def no_trust() -> InspectOptions:
    """No trust list at all: what the SDK reads on its own (expected.tsv was made so)."""
    return InspectOptions(trust=TrustSettings())


VALID, INVALID, UNVERIFIED = IdentityState.VALID, IdentityState.INVALID, IdentityState.UNVERIFIED

# The state each file's identity assertion is in, and why, from its codes in expected.tsv.
STATES = {
    "C_with_CAWG_data.jpg": VALID,  # well-formed, signature validated; the certificate on no list
    "claim_aggregation__adobe_connected_identities.jpg": UNVERIFIED,  # did:web: a network DID document
    "claim_aggregation__ica_validation__did_doc_without_assertion_method.jpg": UNVERIFIED,
    "claim_aggregation__ica_validation__invalid_content_type.jpg": INVALID,
    "claim_aggregation__ica_validation__invalid_content_type_assigned.jpg": INVALID,
    "claim_aggregation__ica_validation__invalid_cose_sign1.jpg": INVALID,
    "claim_aggregation__ica_validation__invalid_cose_sign_alg.jpg": INVALID,
    "claim_aggregation__ica_validation__invalid_issuer_did.jpg": INVALID,
    "claim_aggregation__ica_validation__invalid_time_stamp.jpg": INVALID,
    "claim_aggregation__ica_validation__invalid_vc.jpg": INVALID,
    "claim_aggregation__ica_validation__missing_content_type.jpg": INVALID,
    "claim_aggregation__ica_validation__missing_cose_sign_alg.jpg": INVALID,
    "claim_aggregation__ica_validation__missing_vc.jpg": INVALID,
    "claim_aggregation__ica_validation__signature_mismatch.jpg": INVALID,
    "claim_aggregation__ica_validation__signer_payload_mismatch.jpg": INVALID,
    "claim_aggregation__ica_validation__success.jpg": VALID,  # only cawg.ica.untrusted_issuer
    "claim_aggregation__ica_validation__unresolvable_did.jpg": UNVERIFIED,
    "claim_aggregation__ica_validation__unsupported_did_method.jpg": INVALID,
    "claim_aggregation__ica_validation__valid_from_after_time_stamp.jpg": INVALID,
    "claim_aggregation__ica_validation__valid_from_in_future.jpg": INVALID,
    "claim_aggregation__ica_validation__valid_from_missing.jpg": INVALID,
    "claim_aggregation__ica_validation__valid_time_stamp.jpg": VALID,
    "claim_aggregation__ica_validation__valid_until_in_future.jpg": VALID,
    "claim_aggregation__ica_validation__valid_until_in_past.jpg": INVALID,
    "claim_aggregation__ims_multiple_manifests.jpg": UNVERIFIED,
    "validation_method__duplicate_assertion_reference.jpg": INVALID,
    "validation_method__extra_assertion_claim_v1.jpg": INVALID,
    "validation_method__extra_field.jpg": VALID,
    "validation_method__invalid_sig_type.jpg": UNVERIFIED,  # a kind of credential the SDK does not know
    "validation_method__malformed_cbor.jpg": INVALID,  # the SDK cannot load the manifest that holds it
    "validation_method__no_hard_binding.jpg": INVALID,
    "validation_method__pad1_invalid.jpg": INVALID,
    "validation_method__pad2_invalid.jpg": INVALID,
}


def _rows() -> dict[str, dict[str, str]]:
    path = corpus("c2pa-rs-identity/expected.tsv")
    with path.open(newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def _inspect(name: str) -> Report:
    return provenance.inspect(corpus("c2pa-rs-identity") / name, options=no_trust())


def test_the_table_covers_every_file_of_the_folder() -> None:
    folder = corpus("c2pa-rs-identity")
    assert set(STATES) == {p.name for p in folder.glob("*.jpg")} == set(_rows())


@pytest.mark.parametrize("name", sorted(STATES))
def test_each_file_has_one_identity_whose_state_agrees_with_the_sdk_codes(name: str) -> None:
    report = _inspect(name)
    assert len(report.identities) == 1
    identity = report.identities[0]
    assert identity.label == "cawg.identity"
    assert identity.state is STATES[name]
    cawg = sorted(c.code for c in identity.status_codes if c.code.startswith("cawg."))
    assert cawg == sorted(code for code in _rows()[name]["cawg_codes"].split(";") if code)
    assert identity.reasons  # the codes in words, never an empty "why"
    # No CAWG list is configured: a valid identity's issuer is "not checked", never "untrusted".
    expected_trust = Trust.NOT_CHECKED if identity.state is VALID else Trust.NOT_APPLICABLE
    assert identity.trust is expected_trust


def test_the_verified_social_account_of_an_aggregation_is_shown_in_json_and_panel() -> None:
    report = _inspect("claim_aggregation__adobe_connected_identities.jpg")
    identity = report.identities[0]
    assert (identity.method, identity.issuer) == (
        "identity_claims_aggregation",
        "did:web:connected-identities.identity-stage.adobe.com",
    )
    [account] = identity.verified_identities
    assert (account.type, account.provider, account.username, account.uri) == (
        "cawg.social_media",
        "behance",
        "testuser23",
        "https://net.s2stagehance.com/testuser23",
    )
    data = report.to_dict()["identities"][0]["verified_identities"][0]
    assert (data["provider"], data["username"], data["uri"]) == (
        "behance",
        "testuser23",
        "https://net.s2stagehance.com/testuser23",
    )
    panel = _text(report)
    assert '"behance" account "testuser23"' in panel
    assert "https://net.s2stagehance.com/testuser23" in panel


def test_every_verified_identity_of_the_aggregation_success_fixture_is_read() -> None:
    identity = _inspect("claim_aggregation__ica_validation__success.jpg").identities[0]
    assert [(v.type, v.provider, v.username, v.name) for v in identity.verified_identities] == [
        ("cawg.document_verification", "Example ID Verifier", None, "First-Name Last-Name"),
        ("cawg.affiliation", "Example Affiliated Organization", None, None),
        ("cawg.social_media", "Example Social Network", "username", "Silly Cats 929"),
        ("cawg.crypto_wallet", "Example Crypto Wallet", "username", None),
    ]
    assert identity.name == "First-Name Last-Name"
    assert identity.valid_from == "2025-04-22T22:45:44.334364Z"


def test_an_x509_identity_names_the_certificate_and_its_issuing_ca() -> None:
    report = _inspect("C_with_CAWG_data.jpg")
    identity = report.identities[0]
    assert (identity.method, identity.name, identity.issuer) == (
        "x509",
        "C2PA Test Signing Cert",
        "C2PA Test Intermediate Root CA",
    )
    assert identity.referenced_assertions == ("cawg.training-mining", "c2pa.hash.data")
    assert report.verdict.summary.endswith(
        'Identity: asserted by "C2PA Test Signing Cert" with an X.509 certificate issued by "C2PA Test '
        'Intermediate Root CA" (issuer not checked: no CAWG trust list configured).'
    )


def test_an_identity_that_does_not_hold_is_said_so_in_the_summary() -> None:
    report = _inspect("validation_method__pad1_invalid.jpg")
    assert report.identities[0].reasons[0] == "its padding holds data where only zeros may be: it was altered"
    assert report.verdict.summary.endswith(
        "An identity assertion does not hold (its padding holds data where only zeros may be: it was "
        "altered): rely on none of it."
    )


def _text(report: Report) -> str:
    from rich.console import Console

    console = Console(width=100, record=True, color_system=None)
    console.print(render(report))
    return console.export_text()
