"""Fixtures that pretend (fixtures/forgery.py, signals_metadata.py): none may read as trusted or intact.

- forged_firefly.jpg: "Adobe Firefly" signed by a self-made chain in Adobe's name. The signature itself is
  valid (integrity ``intact`` is the honest reading of the cryptography), so what protects the moderator
  is trust: it is never ``trusted``, and the summary says the names are unverified.
- manifest_transplant.jpg / manifest_reinserted.jpg: a real, trusted signature moved onto other bytes:
  ``tampered``, never ``trusted`` even though the certificate chains to the test root (schema 1.3).
- xmp_leica_claim.jpg: unsigned XMP claiming a Leica capture: unsigned, never signed, trusted or intact.
"""

from __future__ import annotations

import pytest

import provenance
from provenance import InspectOptions, Integrity, Origin, Strength, Trust
from tests.helpers import fixture, no_trust

MOVED = ["manifest_transplant.jpg", "manifest_reinserted.jpg"]
ALL = ["forged_firefly.jpg", *MOVED, "xmp_leica_claim.jpg"]


@pytest.fixture(params=["no trust list", "bundled lists (default)", "test root as anchor"])
def options(request: pytest.FixtureRequest, trusted: InspectOptions) -> InspectOptions:
    return {"no trust list": no_trust(), "bundled lists (default)": InspectOptions()}.get(
        request.param, trusted
    )


@pytest.mark.parametrize("name", ALL)
def test_no_forgery_reads_as_trusted(name: str, options: InspectOptions) -> None:
    verdict = provenance.inspect(fixture(name), options=options).verdict
    assert verdict.trust is not Trust.TRUSTED
    assert verdict.trust_list is None


def test_self_made_adobe_chain_is_untrusted_and_says_names_are_unverified(trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("forged_firefly.jpg"), options=trusted).verdict
    assert verdict.tool is not None and verdict.tool.name == "Adobe Firefly"  # what the file claims
    assert verdict.signer is not None and verdict.signer.organization == "Adobe Inc."
    assert verdict.trust is Trust.UNTRUSTED
    assert "signingCredential.untrusted" in [c.code for c in verdict.status_codes]
    assert 'signed by "Adobe Inc." (certificate not on a trust list)' in verdict.summary
    assert "the signer and the tool are unverified" in verdict.summary


def test_self_made_adobe_chain_is_untrusted_with_the_default_bundled_lists() -> None:
    verdict = provenance.inspect(fixture("forged_firefly.jpg")).verdict
    assert (verdict.trust, verdict.trust_list) == (Trust.UNTRUSTED, None)
    assert 'signed by "Adobe Inc." (certificate not on a trust list)' in verdict.summary


def test_self_made_adobe_chain_without_trust_lists_says_signers_were_not_checked() -> None:
    verdict = provenance.inspect(fixture("forged_firefly.jpg"), options=no_trust()).verdict
    assert verdict.trust is Trust.NOT_CHECKED
    assert "(certificate not checked: no trust list in force" in verdict.summary


@pytest.mark.parametrize("name", MOVED)
def test_moved_manifest_is_tampered_and_not_signed_evidence(name: str, options: InspectOptions) -> None:
    report = provenance.inspect(fixture(name), options=options)
    verdict = report.verdict
    assert verdict.integrity is Integrity.TAMPERED
    assert verdict.strength is not Strength.SIGNED
    assert "assertion.dataHash.mismatch" in [c.code for c in verdict.status_codes]
    assert "NO LONGER VERIFIES" in verdict.summary
    assert all(e.strength is not Strength.SIGNED for e in report.evidence)


@pytest.mark.parametrize("name", MOVED)
def test_moved_trusted_signature_names_its_list_but_not_trusted(name: str, trusted: InspectOptions) -> None:
    verdict = provenance.inspect(fixture(name), options=trusted).verdict
    assert verdict.trust is Trust.NOT_APPLICABLE
    assert "chains to the" in verdict.summary and "does not make the statement trusted" in verdict.summary


def test_the_untouched_original_still_reads_trusted(trusted: InspectOptions) -> None:
    # The control: the same signature on its own bytes is trusted, so the tests above test the move.
    verdict = provenance.inspect(fixture("ai_generated.jpg"), options=trusted).verdict
    assert (verdict.integrity, verdict.trust) == (Integrity.INTACT, Trust.TRUSTED)


def test_unsigned_camera_claim_stays_unsigned(options: InspectOptions) -> None:
    verdict = provenance.inspect(fixture("xmp_leica_claim.jpg"), options=options).verdict
    assert verdict.origin is Origin.CAPTURED
    assert (verdict.integrity, verdict.trust, verdict.strength) == (
        Integrity.NOT_SIGNED,
        Trust.NOT_APPLICABLE,
        Strength.UNSIGNED,
    )
    assert "unsigned metadata" in verdict.summary and "could be forged" in verdict.summary
