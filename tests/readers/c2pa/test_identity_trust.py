"""CAWG identity trust: checked in a read of its own, so that a CAWG anchor never makes a C2PA claim signer
trusted (c2pa-rs 0.91.3 accepts claim signers that chain to a ``trust_kind: "cawg"`` anchor)."""

from __future__ import annotations

import tomllib

from provenance.models import IdentityState, Trust
from provenance.readers.c2pa import sdk
from provenance.readers.c2pa.identity import CawgTrust
from provenance.readers.c2pa.store import C2paRead
from provenance.trust import TrustSettings
from provenance.verdict.identity import assess_identities

from ...helpers import FIXTURES, corpus, fixture

ICA_ISSUER = (
    "did:jwk:eyJhbGciOiJFZERTQSIsImt0eSI6Ik9LUCIsImNydiI6IkVkMjU1MTkiLCJ4IjoiTXA1LTBlODNuTmdRaGRoQlc4UnNoa2p5OT"
    "BzYTFBOUpJemtJdGNEcUN1SSJ9"
)


def _cawg_root() -> str:
    return (FIXTURES / "certs" / "cawg-root.pem").read_text()


def _codes(read: C2paRead) -> set[str]:
    assert read.store is not None
    return {c.code for c in (*read.store.successes, *read.store.informational, *read.store.failures)}


def _identity(read: C2paRead) -> tuple[IdentityState, Trust, str | None]:
    [identity] = assess_identities(read.identities, manifest=None, cawg=read.cawg)
    return identity.state, identity.trust, identity.trust_list


def test_an_identity_certificate_under_a_cawg_anchor_is_trusted_and_named_by_its_list() -> None:
    cawg = CawgTrust(_cawg_root(), name="newsrooms")
    read = sdk.read(fixture("identity_x509.jpg"), allow_network=False, trust=TrustSettings(), cawg=cawg)
    assert _identity(read) == (IdentityState.VALID, Trust.TRUSTED, "newsrooms")
    # The codes beside it agree: the CAWG read's cawg.* codes replace the C2PA read's.
    assert "cawg.x509.credential.trusted" in _codes(read)
    assert "cawg.x509.credential.untrusted" not in _codes(read)


def test_an_identity_certificate_under_another_root_is_untrusted_once_a_cawg_list_is_configured() -> None:
    read = sdk.read(
        fixture("identity_untrusted.jpg"),
        allow_network=False,
        trust=TrustSettings(),
        cawg=CawgTrust(_cawg_root()),
    )
    assert _identity(read) == (IdentityState.VALID, Trust.UNTRUSTED, None)


def test_without_a_cawg_list_the_issuer_is_not_checked() -> None:
    read = sdk.read(fixture("identity_untrusted.jpg"), allow_network=False, trust=TrustSettings())
    assert "cawg.x509.credential.untrusted" in _codes(read)  # what the SDK says with no list at all
    assert _identity(read) == (IdentityState.VALID, Trust.NOT_CHECKED, None)


def test_a_cawg_anchor_does_not_make_the_claim_signer_trusted() -> None:
    # The fixtures' test root given as the *CAWG* list: the C2PA claim signer chains to it, and the SDK
    # would call it trusted in a read that had it as a CAWG anchor.
    test_root = (FIXTURES / "certs" / "test-root.pem").read_text()
    read = sdk.read(
        fixture("identity_x509.jpg"), allow_network=False, trust=TrustSettings(), cawg=CawgTrust(test_root)
    )
    codes = _codes(read)
    assert "signingCredential.untrusted" in codes
    assert "signingCredential.trusted" not in codes
    assert read.store is not None and read.store.validation_state == "Valid"


def test_the_rust_sdk_test_roots_as_cawg_anchors_trust_its_x509_identity_but_not_its_claim_signer() -> None:
    settings = tomllib.loads(corpus("c2pa-rs-identity/test-trust-settings.toml").read_text())
    cawg = CawgTrust(settings["cawg_trust"]["trust_anchors"])
    read = sdk.read(
        corpus("c2pa-rs-identity/C_with_CAWG_data.jpg"), allow_network=False, trust=TrustSettings(), cawg=cawg
    )
    assert _identity(read) == (IdentityState.VALID, Trust.TRUSTED, "cawg")
    assert "signingCredential.untrusted" in _codes(read)


def test_a_trusted_identity_aggregator_is_named_by_its_did() -> None:
    path = corpus("c2pa-rs-identity/claim_aggregation__ica_validation__success.jpg")
    trusted = sdk.read(
        path, allow_network=False, trust=TrustSettings(), cawg=CawgTrust(ica_issuers=(ICA_ISSUER,))
    )
    assert _identity(trusted) == (IdentityState.VALID, Trust.TRUSTED, "cawg")
    assert "cawg.ica.credential_valid" in _codes(trusted)
    other = CawgTrust(ica_issuers=("did:web:example.com",))
    untrusted = sdk.read(path, allow_network=False, trust=TrustSettings(), cawg=other)
    assert _identity(untrusted) == (IdentityState.VALID, Trust.UNTRUSTED, None)


def test_a_file_without_identities_is_read_once() -> None:
    # No identity assertion: no second read, whatever CAWG trust is configured.
    read = sdk.read(
        fixture("captured.jpg"), allow_network=False, trust=TrustSettings(), cawg=CawgTrust(_cawg_root())
    )
    assert (read.identities, read.cawg) == ((), None)
