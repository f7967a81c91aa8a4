"""The identity rules (verdict/identity.py) on identity assertions as the reader parses them: state and trust
from the cawg.* codes, failing closed, and the reasons in words."""

from __future__ import annotations

import pytest

from provenance.models import IdentityState, StatusCode, Trust, VerifiedIdentity
from provenance.readers.c2pa.identity import ICA, X509, CawgTrust, IdentityRead, parse_identity
from provenance.verdict.credential_words import identities_text
from provenance.verdict.identity import assess_identities

URL = "self#jumbf=/c2pa/urn:c2pa:active/c2pa.assertions/cawg.identity"


def code(name: str, explanation: str | None = None) -> StatusCode:
    return StatusCode(name, explanation, URL)


def read(
    *,
    successes: tuple[str, ...] = (),
    informational: tuple[str, ...] = (),
    failures: tuple[str, ...] = (),
    sig_type: str = X509,
    loaded: bool = True,
) -> IdentityRead:
    return IdentityRead(
        label="cawg.identity",
        sig_type=sig_type,
        referenced=("c2pa.hash.data",),
        subject="Example Newsroom",
        issuer="Example CA",
        verified=(),
        valid_from=None,
        valid_until=None,
        successes=tuple(map(code, successes)),
        informational=tuple(map(code, informational)),
        failures=tuple(map(code, failures)),
        loaded=loaded,
    )


VALIDATED = ("cawg.x509.signature.validated", "cawg.identity.well-formed")


@pytest.mark.parametrize(
    ("identity", "cawg", "state", "trust"),
    [
        pytest.param(read(successes=VALIDATED), None, IdentityState.VALID, Trust.NOT_CHECKED, id="no-list"),
        pytest.param(
            read(successes=VALIDATED, failures=("cawg.x509.credential.untrusted",)),
            CawgTrust("PEM"),
            IdentityState.VALID,
            Trust.UNTRUSTED,
            id="listed-elsewhere",
        ),
        pytest.param(
            read(successes=VALIDATED, failures=("cawg.x509.credential.untrusted",)),
            CawgTrust(
                ica_issuers=("did:web:example.com",)
            ),  # a list of aggregators says nothing of certificates
            IdentityState.VALID,
            Trust.NOT_CHECKED,
            id="x509-with-only-an-issuer-list",
        ),
        pytest.param(
            read(successes=(*VALIDATED, "cawg.x509.credential.trusted")),
            CawgTrust("PEM", name="newsrooms"),
            IdentityState.VALID,
            Trust.TRUSTED,
            id="trusted",
        ),
        pytest.param(
            read(successes=VALIDATED, failures=("cawg.x509.signature.mismatch",)),
            CawgTrust("PEM"),
            IdentityState.INVALID,
            Trust.NOT_APPLICABLE,
            id="signature-mismatch",
        ),
        pytest.param(
            read(successes=VALIDATED, failures=("cawg.identity.some_future_failure",)),
            None,
            IdentityState.INVALID,
            Trust.NOT_APPLICABLE,
            id="an-unknown-failure-fails-closed",
        ),
        pytest.param(
            read(failures=("cawg.ica.did_unavailable",), sig_type=ICA),
            None,
            IdentityState.UNVERIFIED,
            Trust.NOT_APPLICABLE,
            id="did-not-fetched",
        ),
        pytest.param(read(), None, IdentityState.UNVERIFIED, Trust.NOT_APPLICABLE, id="the-sdk-said-nothing"),
        pytest.param(
            read(failures=("assertion.required.missing",), loaded=False),
            None,
            IdentityState.INVALID,
            Trust.NOT_APPLICABLE,
            id="manifest-not-loaded",
        ),
        pytest.param(
            read(informational=("cawg.ica.untrusted_issuer",), sig_type=ICA),
            CawgTrust(ica_issuers=("did:web:example.com",)),
            IdentityState.VALID,
            Trust.UNTRUSTED,
            id="aggregator-not-on-the-list",
        ),
    ],
)
def test_state_and_trust(
    identity: IdentityRead, cawg: CawgTrust | None, state: IdentityState, trust: Trust
) -> None:
    [found] = assess_identities((identity,), manifest="urn:c2pa:active", cawg=cawg)
    assert (found.state, found.trust) == (state, trust)
    assert found.manifest == "urn:c2pa:active"


def test_the_reasons_of_a_valid_identity_say_its_trust_then_what_verified() -> None:
    identity = read(successes=VALIDATED, failures=("cawg.x509.credential.untrusted",))
    [found] = assess_identities((identity,), manifest=None, cawg=CawgTrust("PEM"))
    assert found.reasons == (
        "its certificate chains to no configured CAWG trust list",
        "its X.509 signature verifies",
        "it is well formed and bound to this manifest's assertions",
    )


def test_the_reasons_of_an_identity_that_does_not_hold_put_the_failure_first_and_leave_trust_out() -> None:
    identity = read(
        successes=VALIDATED, failures=("cawg.x509.credential.untrusted", "cawg.identity.assertion.duplicate")
    )
    [found] = assess_identities((identity,), manifest=None, cawg=None)
    assert found.reasons == (
        "it refers to the same assertion twice",
        "its X.509 signature verifies",
        "it is well formed and bound to this manifest's assertions",
    )
    assert identities_text((found,)) == (
        " An identity assertion does not hold (it refers to the same assertion twice): rely on none of it."
    )


def test_an_unknown_code_reads_as_the_sdk_explains_it() -> None:
    [found] = assess_identities((read(failures=("cawg.identity.new_check",)),), manifest=None, cawg=None)
    assert found.reasons == ("cawg.identity.new_check: no explanation",)


def test_a_decoded_aggregation_credential_is_read_with_its_verified_identities() -> None:
    data = {
        "issuer": {"id": "did:web:aggregator.example"},
        "validFrom": "2025-04-09T22:46:13Z",
        "credentialSubject": {
            "verifiedIdentities": [
                {
                    "type": "cawg.social_media",
                    "username": "newsdesk",
                    "uri": "https://social.example/newsdesk",
                    "verifiedAt": "2025-04-09T22:45:26Z",
                    "provider": {"id": "https://social.example", "name": "Social Example"},
                },
                {"name": "no type: dropped"},
            ]
        },
        "c2paAsset": {
            "sig_type": ICA,
            "referenced_assertions": [{"url": "self#jumbf=c2pa.assertions/c2pa.hash.data"}],
        },
    }
    parsed = parse_identity("cawg.identity", data, ((), (), ()))
    assert (parsed.sig_type, parsed.issuer, parsed.subject, parsed.referenced) == (
        ICA,
        "did:web:aggregator.example",
        "newsdesk",
        ("c2pa.hash.data",),
    )
    assert parsed.verified == (
        VerifiedIdentity(
            "cawg.social_media",
            None,
            "newsdesk",
            None,
            "https://social.example/newsdesk",
            "Social Example",
            "https://social.example",
            "2025-04-09T22:45:26Z",
        ),
    )


@pytest.mark.parametrize(
    "data", [None, [], "text", {"signer_payload": "not an object"}, {"verifiedIdentities": 7}]
)
def test_odd_shapes_are_dropped_never_guessed(data: object) -> None:
    parsed = parse_identity("cawg.identity", data, ((), (), ()))
    assert (parsed.subject, parsed.issuer, parsed.verified) == (None, None, ())
