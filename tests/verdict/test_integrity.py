import pytest

from provenance.models import Integrity, StatusCode, Trust
from provenance.verdict.integrity import applicable_trust, integrity_of, trust_of


def codes(*names: str) -> tuple[StatusCode, ...]:
    return tuple(StatusCode(n, f"explanation of {n}") for n in names)


def test_no_failures_on_a_valid_manifest_is_intact() -> None:
    assert integrity_of((), "Valid") is Integrity.INTACT
    assert integrity_of((), "Trusted") is Integrity.INTACT


def test_untrusted_signer_alone_does_not_touch_integrity() -> None:
    assert integrity_of(codes("signingCredential.untrusted"), "Valid") is Integrity.INTACT


def test_hash_mismatch_is_tampered() -> None:
    assert (
        integrity_of(codes("signingCredential.untrusted", "assertion.dataHash.mismatch"), "Invalid")
        is Integrity.TAMPERED
    )


def test_bad_claim_signature_is_tampered() -> None:
    assert integrity_of(codes("claimSignature.mismatch"), "Invalid") is Integrity.TAMPERED


def test_tampered_assertion_and_missing_ingredient_claim_are_tampered() -> None:
    assert integrity_of(codes("assertion.hashedURI.mismatch"), "Invalid") is Integrity.TAMPERED
    assert integrity_of(codes("ingredient.manifest.missing"), "Invalid") is Integrity.TAMPERED


def test_expired_certificate_without_other_failures_is_credential_expired() -> None:
    assert integrity_of(codes("signingCredential.expired", "signingCredential.untrusted"), "Invalid") is (
        Integrity.CREDENTIAL_EXPIRED
    )


def test_tampering_outranks_expiry() -> None:
    assert integrity_of(codes("signingCredential.expired", "assertion.dataHash.mismatch"), "Invalid") is (
        Integrity.TAMPERED
    )


def test_missing_eku_is_credential_invalid() -> None:
    assert integrity_of(codes("signingCredential.invalid"), "Invalid") is Integrity.CREDENTIAL_INVALID


def test_malformed_claim_is_malformed() -> None:
    assert integrity_of(codes("claim.malformed"), "Invalid") is Integrity.MALFORMED


def test_unknown_failure_code_fails_closed() -> None:
    assert integrity_of(codes("something.new"), "Invalid") is not Integrity.INTACT


def test_invalid_state_without_any_code_fails_closed() -> None:
    assert integrity_of((), "Invalid") is Integrity.MALFORMED


def test_cawg_identity_failure_alone_leaves_the_claim_intact() -> None:
    assert integrity_of(codes("cawg.ica.did_unavailable"), "Invalid") is Integrity.INTACT


def test_trust_is_not_checked_without_a_configured_list() -> None:
    assert trust_of((), codes("signingCredential.untrusted"), configured=False) == (Trust.NOT_CHECKED, None)


def test_trusted_names_the_list_from_the_sdk_explanation() -> None:
    ok = (
        StatusCode(
            "signingCredential.trusted", "signing certificate trusted, found in [interim] trust anchor"
        ),
    )
    assert trust_of(ok, (), configured=True) == (Trust.TRUSTED, "interim")


def test_untrusted_with_a_configured_list() -> None:
    assert trust_of((), codes("signingCredential.untrusted"), configured=True) == (Trust.UNTRUSTED, None)


def test_a_certificate_allowed_one_by_one_is_named_by_its_list_from_its_serial() -> None:
    """The SDK names no list for an allowed-list match ("found in []")."""
    ok = (StatusCode("signingCredential.trusted", "signing certificate trusted, found in [] trust anchors"),)
    allowed = {"779093970307782209133434876006471558": "interim (legacy)"}
    named = trust_of(
        ok, (), configured=True, signer_serial="779093970307782209133434876006471558", allowed_lists=allowed
    )
    assert named == (Trust.TRUSTED, "interim (legacy)")
    assert trust_of(ok, (), configured=True, signer_serial="1", allowed_lists=allowed) == (
        Trust.TRUSTED,
        "allowed certificates",
    )


@pytest.mark.parametrize("integrity", [Integrity.TAMPERED, Integrity.MALFORMED])
@pytest.mark.parametrize("trust", [Trust.TRUSTED, Trust.UNTRUSTED, Trust.NOT_CHECKED])
def test_a_statement_that_no_longer_verifies_is_not_applicable_whatever_its_signer(
    integrity: Integrity, trust: Trust
) -> None:
    listed = "c2pa" if trust is Trust.TRUSTED else None
    assert applicable_trust(trust, listed, integrity) == (Trust.NOT_APPLICABLE, None, listed)


@pytest.mark.parametrize(
    "integrity", [Integrity.INTACT, Integrity.CREDENTIAL_EXPIRED, Integrity.CREDENTIAL_INVALID]
)
def test_a_statement_that_verifies_keeps_its_trust(integrity: Integrity) -> None:
    assert applicable_trust(Trust.UNTRUSTED, None, integrity) == (Trust.UNTRUSTED, None, None)
    assert applicable_trust(Trust.TRUSTED, "c2pa", integrity) == (Trust.TRUSTED, "c2pa", None)
