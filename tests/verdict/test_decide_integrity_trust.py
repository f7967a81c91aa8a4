"""Integrity (from the SDK's status codes and validation state), strength and trust, through decide()."""

from __future__ import annotations

import pytest

from provenance.models import Integrity, StatusCode, StatusScope, Strength, Trust

from .builders import codes, created, decide_store, ingredient, manifest, store

CAPTURE = manifest(created("digitalCapture"))
TRUSTED_C2PA = StatusCode("signingCredential.trusted", "signing certificate trusted, found in [C2PA] list")


@pytest.mark.parametrize(
    ("failures", "state", "integrity"),
    [
        pytest.param((), "Valid", Integrity.INTACT, id="valid"),
        pytest.param((), "Trusted", Integrity.INTACT, id="trusted-state"),
        pytest.param(("assertion.dataHash.mismatch",), "Invalid", Integrity.TAMPERED, id="data-hash"),
        pytest.param(("claimSignature.mismatch",), "Invalid", Integrity.TAMPERED, id="claim-signature"),
        pytest.param(("assertion.hashedURI.mismatch",), "Invalid", Integrity.TAMPERED, id="hashed-uri"),
        pytest.param(
            ("ingredient.manifest.missing",), "Invalid", Integrity.TAMPERED, id="ingredient-missing"
        ),
        pytest.param(("timeStamp.mismatch",), "Invalid", Integrity.TAMPERED, id="timestamp-mismatch"),
        pytest.param(("assertion.newHash.mismatch",), "Invalid", Integrity.TAMPERED, id="unknown-mismatch"),
        pytest.param(("example.part.missing",), "Invalid", Integrity.TAMPERED, id="unknown-missing"),
        pytest.param(("signingCredential.expired",), "Invalid", Integrity.CREDENTIAL_EXPIRED, id="expired"),
        pytest.param(("signingCredential.invalid",), "Invalid", Integrity.CREDENTIAL_INVALID, id="invalid"),
        pytest.param(("signingCredential.revoked",), "Invalid", Integrity.CREDENTIAL_INVALID, id="revoked"),
        pytest.param(("algorithm.unsupported",), "Invalid", Integrity.CREDENTIAL_INVALID, id="algorithm"),
        pytest.param(
            ("timeStamp.untrusted",), "Invalid", Integrity.CREDENTIAL_INVALID, id="timestamp-untrusted"
        ),
        pytest.param(
            ("signingCredential.ocsp.revoked",),
            "Invalid",
            Integrity.CREDENTIAL_INVALID,
            id="other-credential",
        ),
        pytest.param(("claim.malformed",), "Invalid", Integrity.MALFORMED, id="claim-malformed"),
        pytest.param(("assertion.action.malformed",), "Invalid", Integrity.MALFORMED, id="action-malformed"),
        pytest.param(("something.new",), "Invalid", Integrity.MALFORMED, id="unknown-code-fails-closed"),
        pytest.param(
            (
                "signingCredential.expired",
                "signingCredential.invalid",
                "claim.malformed",
                "claimSignature.mismatch",
            ),
            "Invalid",
            Integrity.TAMPERED,
            id="tampered-first",
        ),
        pytest.param(
            ("signingCredential.expired", "signingCredential.invalid", "claim.malformed"),
            "Invalid",
            Integrity.MALFORMED,
            id="malformed-before-credential-invalid",
        ),
        pytest.param(
            ("signingCredential.expired", "signingCredential.invalid"),
            "Invalid",
            Integrity.CREDENTIAL_INVALID,
            id="credential-invalid-before-expired",
        ),
        pytest.param(
            ("signingCredential.untrusted", "signingCredential.expired"),
            "Invalid",
            Integrity.CREDENTIAL_EXPIRED,
            id="expired-with-untrusted",
        ),
        pytest.param(("signingCredential.untrusted",), "Valid", Integrity.INTACT, id="neutral-untrusted"),
        pytest.param(
            ("signingCredential.ocsp.skipped",), "Valid", Integrity.INTACT, id="neutral-ocsp-skipped"
        ),
        pytest.param(("cawg.identity.mismatch",), "Valid", Integrity.INTACT, id="neutral-cawg-mismatch"),
        pytest.param((), "Invalid", Integrity.MALFORMED, id="invalid-state-alone-fails-closed"),
        pytest.param(
            ("signingCredential.untrusted", "cawg.ica.did_unavailable"),
            "Invalid",
            Integrity.INTACT,
            id="invalid-state-with-only-neutral-codes",
        ),
        # No validation state at all also fails closed (see doubts).
        pytest.param((), None, Integrity.MALFORMED, id="no-state"),
    ],
)
def test_integrity_class_from_codes_and_state(
    failures: tuple[str, ...], state: str | None, integrity: Integrity
) -> None:
    decision = decide_store(store(CAPTURE, failures=codes(*failures), validation_state=state))
    assert decision.verdict.integrity is integrity


@pytest.mark.parametrize(
    ("failures", "strength"),
    [
        pytest.param((), Strength.SIGNED, id="intact"),
        pytest.param(("signingCredential.expired",), Strength.SIGNED, id="credential-expired"),
        pytest.param(("signingCredential.invalid",), Strength.UNSIGNED, id="credential-invalid"),
        pytest.param(("assertion.dataHash.mismatch",), Strength.UNSIGNED, id="tampered"),
        pytest.param(("claim.malformed",), Strength.UNSIGNED, id="malformed"),
    ],
)
def test_strength_is_signed_only_while_the_signature_verifies(
    failures: tuple[str, ...], strength: Strength
) -> None:
    state = "Invalid" if failures else "Valid"
    decision = decide_store(store(CAPTURE, failures=codes(*failures), validation_state=state))
    assert decision.verdict.strength is strength
    assert [e.strength for e in decision.evidence] == [strength]


@pytest.mark.parametrize(
    ("ingredient_failures", "state", "problem"),
    [
        pytest.param(("assertion.hashedURI.mismatch",), "Invalid", True, id="tampered-ingredient"),
        pytest.param(("assertion.action.malformed",), "Invalid", True, id="malformed-ingredient"),
        pytest.param(("signingCredential.expired",), "Valid", True, id="expired-ingredient"),
        pytest.param(("signingCredential.untrusted",), "Valid", False, id="neutral"),
    ],
)
def test_an_ingredients_own_failures_are_its_defects_not_the_active_manifests(
    ingredient_failures: tuple[str, ...], state: str, problem: bool
) -> None:
    deltas = codes(*ingredient_failures, scope=StatusScope.INGREDIENT)
    verdict = decide_store(store(CAPTURE, ingredient_failures=deltas, validation_state=state)).verdict
    assert verdict.integrity is Integrity.INTACT
    assert verdict.status_codes == deltas
    said = f"An ingredient's credential did not validate: an ingredient: {ingredient_failures[0]}."
    assert (said in verdict.summary) is problem
    assert "malformed" not in verdict.summary.split(" An ingredient")[0]


def test_invalid_state_without_any_failure_still_fails_closed() -> None:
    assert decide_store(store(CAPTURE, validation_state="Invalid")).verdict.integrity is Integrity.MALFORMED


def test_codes_on_an_ingredient_reference_do_not_change_integrity() -> None:
    bad = codes("assertion.dataHash.mismatch", scope=StatusScope.INGREDIENT)
    active = manifest(created("digitalCapture"), ingredients=(ingredient(None, status_codes=bad),))
    verdict = decide_store(store(active)).verdict
    assert (verdict.integrity, verdict.strength) == (Integrity.INTACT, Strength.SIGNED)


@pytest.mark.parametrize(
    ("configured", "successes", "failures", "trust", "trust_list"),
    [
        pytest.param(
            False, (), ("signingCredential.untrusted",), Trust.NOT_CHECKED, None, id="off-untrusted"
        ),
        pytest.param(False, (TRUSTED_C2PA,), (), Trust.NOT_CHECKED, None, id="off-trusted"),
        pytest.param(True, (TRUSTED_C2PA,), (), Trust.TRUSTED, "C2PA", id="list-named"),
        pytest.param(
            True,
            (StatusCode("signingCredential.trusted"),),
            (),
            Trust.TRUSTED,
            "allowed certificates",
            id="no-explanation",
        ),
        pytest.param(
            True,
            (StatusCode("signingCredential.trusted", "found in [] somewhere"),),
            (),
            Trust.TRUSTED,
            "allowed certificates",
            id="empty-list-name",
        ),
        pytest.param(True, (), ("signingCredential.untrusted",), Trust.UNTRUSTED, None, id="untrusted"),
        pytest.param(
            True, (TRUSTED_C2PA,), ("signingCredential.untrusted",), Trust.TRUSTED, "C2PA", id="trusted-wins"
        ),
        # Configured, but the SDK said neither trusted nor untrusted (see doubts).
        pytest.param(True, (), (), Trust.NOT_CHECKED, None, id="configured-no-trust-code"),
        pytest.param(
            True, (TRUSTED_C2PA,), ("signingCredential.expired",), Trust.TRUSTED, "C2PA", id="trusted-expired"
        ),
        pytest.param(
            True, (TRUSTED_C2PA,), ("signingCredential.invalid",), Trust.TRUSTED, "C2PA", id="trusted-invalid"
        ),
        pytest.param(
            True,
            (TRUSTED_C2PA,),
            ("assertion.dataHash.mismatch",),
            Trust.NOT_APPLICABLE,
            None,
            id="trusted-but-tampered",
        ),
        pytest.param(
            True,
            (TRUSTED_C2PA,),
            ("claim.malformed",),
            Trust.NOT_APPLICABLE,
            None,
            id="trusted-but-malformed",
        ),
        # Schema 1.5: a statement that no longer verifies is not_applicable whatever its signer.
        pytest.param(
            True,
            (),
            ("signingCredential.untrusted", "claim.malformed"),
            Trust.NOT_APPLICABLE,
            None,
            id="untrusted-but-malformed",
        ),
        pytest.param(
            True,
            (),
            ("signingCredential.untrusted", "assertion.dataHash.mismatch"),
            Trust.NOT_APPLICABLE,
            None,
            id="untrusted-but-tampered",
        ),
        pytest.param(
            False,
            (),
            ("signingCredential.untrusted", "assertion.dataHash.mismatch"),
            Trust.NOT_APPLICABLE,
            None,
            id="not-checked-but-tampered",
        ),
    ],
)
def test_trust_and_trust_list(
    configured: bool,
    successes: tuple[StatusCode, ...],
    failures: tuple[str, ...],
    trust: Trust,
    trust_list: str | None,
) -> None:
    state = "Invalid" if failures else "Valid"
    manifests = store(CAPTURE, failures=codes(*failures), successes=successes, validation_state=state)
    verdict = decide_store(manifests, trust_configured=configured).verdict
    assert (verdict.trust, verdict.trust_list) == (trust, trust_list)


def test_untrusted_in_ingredient_deltas_alone_does_not_make_the_signer_untrusted() -> None:
    deltas = codes("signingCredential.untrusted", scope=StatusScope.INGREDIENT)
    verdict = decide_store(store(CAPTURE, ingredient_failures=deltas), trust_configured=True).verdict
    assert verdict.trust is Trust.NOT_CHECKED


@pytest.mark.parametrize("failure", ["assertion.dataHash.mismatch", "claim.malformed"])
def test_a_trusted_signature_that_no_longer_verifies_names_the_list_it_chains_to(failure: str) -> None:
    manifests = store(CAPTURE, failures=codes(failure), successes=(TRUSTED_C2PA,), validation_state="Invalid")
    verdict = decide_store(manifests, trust_configured=True).verdict
    assert verdict.summary.endswith(
        " Its certificate chains to the C2PA trust list, but that does not make the statement trusted: "
        "a real signature can be copied onto other content."
    )
