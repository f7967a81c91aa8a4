"""CAWG identity assertions -> the report's ``identities``: whether each holds, whether its issuer is trusted,
and why, in words. Pure functions over what the reader parsed; the SDK did the cryptography.

State, from the assertion's codes (fail closed: a failure this version does not know makes it invalid):

- ``invalid``: any failure other than a trust code or one below (a signature that does not match, a
  reference to an assertion not in the claim, no hard binding, padding that holds data, a credential that
  is malformed or outside its validity dates), or a manifest the SDK could not load;
- ``unverified``: it could not be checked: ``cawg.ica.did_unavailable`` (the issuer's DID document is on
  the network) or ``cawg.identity.sig_type.unknown`` (a kind of credential the SDK does not know), or the
  SDK reported nothing on it;
- ``valid`` otherwise.

Trust, for a valid assertion: ``trusted`` on ``cawg.x509.credential.trusted`` / ``cawg.ica.credential_valid``;
``untrusted`` on ``cawg.x509.credential.untrusted`` / ``cawg.ica.untrusted_issuer`` when a CAWG list of that
kind is configured, ``not_checked`` when none is (the SDK then reports every issuer untrusted, which says
nothing); ``not_applicable`` for an assertion that is not valid.
"""

from __future__ import annotations

import re

from ..models import Identity, IdentityState, StatusCode, Trust
from ..readers.c2pa.identity import ICA, X509, CawgTrust, IdentityRead

_TRUSTED = frozenset({"cawg.x509.credential.trusted", "cawg.ica.credential_valid", "cawg.identity.trusted"})
_UNTRUSTED = frozenset({"cawg.x509.credential.untrusted", "cawg.ica.untrusted_issuer"})
_UNVERIFIED = frozenset({"cawg.ica.did_unavailable", "cawg.identity.sig_type.unknown"})
_TRUST_LIST = re.compile(r"found in \[([^\]]*)\]")

# The codes in words. A code not listed reads as the SDK's own explanation.
_WORDS = {
    "cawg.identity.well-formed": "it is well formed and bound to this manifest's assertions",
    "cawg.identity.trusted": "its credential is trusted",
    "cawg.identity.cbor.invalid": "it cannot be decoded (malformed CBOR)",
    "cawg.identity.assertion.mismatch": "it refers to an assertion that is not in the claim",
    "cawg.identity.assertion.duplicate": "it refers to the same assertion twice",
    "cawg.identity.hard_binding_missing": "it does not cover the manifest's hard binding, so it is not bound "
    "to this content",
    "cawg.identity.sig_type.unknown": "its kind of signature is one the C2PA SDK cannot check",
    "cawg.identity.pad.invalid": "its padding holds data where only zeros may be: it was altered",
    "cawg.x509.signature.validated": "its X.509 signature verifies",
    "cawg.x509.signature.mismatch": "its signature does not match the certificate: it was not made with "
    "that certificate's key, or what it signs changed",
    "cawg.x509.signature.outside_validity": "its certificate was not valid when it signed",
    "cawg.x509.algorithm.unsupported": "it is signed with an algorithm the SDK does not support",
    "cawg.x509.credential.trusted": "its certificate chains to a CAWG trust list",
    "cawg.ica.credential_valid": "the aggregator's credential verifies and its issuer is trusted",
    "cawg.ica.did_unavailable": "the aggregator's DID document is on the network and was not fetched, so "
    "its signature was not checked",
    "cawg.ica.invalid_issuer": "the aggregator's DID is invalid or of a method the SDK does not support",
    "cawg.ica.invalid_cose_sign1": "the credential's COSE signature is malformed",
    "cawg.ica.invalid_alg": "the credential's signature algorithm is missing or not allowed",
    "cawg.ica.invalid_content_type": "the credential's content type is missing or wrong",
    "cawg.ica.invalid_verifiable_credential": "the verifiable credential is missing or malformed",
    "cawg.ica.signature_mismatch": "the credential's signature does not match",
    "cawg.ica.signer_payload.mismatch": "the credential vouches for other assertions than the identity "
    "assertion names",
    "cawg.ica.time_stamp.validated": "its time stamp verifies",
    "cawg.ica.time_stamp.invalid": "its time stamp does not match the credential",
    "cawg.ica.valid_from.missing": "the credential states no start of validity",
    "cawg.ica.valid_from.invalid": "the credential's start of validity is in the future or after its time "
    "stamp",
    "cawg.ica.valid_until.invalid": "the credential has expired",
    "assertion.hashedURI.mismatch": "it changed after the manifest was signed",
    "assertion.required.missing": "the manifest that holds it could not be loaded",
}


def _method(sig_type: str | None) -> str:
    return {X509: "x509", ICA: "identity_claims_aggregation"}.get(sig_type or "", "unknown")


def _state(read: IdentityRead) -> IdentityState:
    if not read.loaded:
        return IdentityState.INVALID
    problems = [c.code for c in read.failures if c.code not in _UNTRUSTED]
    if any(code not in _UNVERIFIED for code in problems):
        return IdentityState.INVALID
    if problems or not any(c.code.startswith("cawg.") for c in read.codes):
        return IdentityState.UNVERIFIED
    return IdentityState.VALID


def _configured(method: str, cawg: CawgTrust | None) -> bool:
    if cawg is None:
        return False
    if method == "x509":
        return bool(cawg.anchors_pem or cawg.allowed_pem)
    return method == "identity_claims_aggregation" and bool(cawg.ica_issuers)


def _trust(read: IdentityRead, state: IdentityState, cawg: CawgTrust | None) -> tuple[Trust, str | None]:
    if state is not IdentityState.VALID:
        return Trust.NOT_APPLICABLE, None
    for code in read.codes:
        if code.code in _TRUSTED:
            match = _TRUST_LIST.search(code.explanation or "")
            return Trust.TRUSTED, match.group(1) if match else (cawg.name if cawg else None)
    if not _configured(_method(read.sig_type), cawg):
        return Trust.NOT_CHECKED, None
    if any(c.code in _UNTRUSTED for c in read.codes):
        return Trust.UNTRUSTED, None
    return Trust.NOT_CHECKED, None


def _reason(code: StatusCode, configured: bool) -> str:
    if code.code == "cawg.x509.credential.untrusted":
        return (
            "its certificate chains to no configured CAWG trust list"
            if configured
            else "its certificate was not checked against a CAWG trust list (none configured)"
        )
    if code.code == "cawg.ica.untrusted_issuer":
        return (
            "the aggregator is not on the list of trusted identity issuers"
            if configured
            else "the aggregator was not checked against a list of trusted issuers (none configured)"
        )
    return _WORDS.get(code.code) or f"{code.code}: {code.explanation or 'no explanation'}"


def _reasons(read: IdentityRead, state: IdentityState, cawg: CawgTrust | None) -> tuple[str, ...]:
    """Failures first (the why), then trust (for a valid assertion: of another, trust is not the question)
    and other notes, then what verified."""
    configured = _configured(_method(read.sig_type), cawg)
    failures = [c for c in read.failures if c.code not in _UNTRUSTED]
    notes = [c for c in (*read.failures, *read.informational) if c not in failures]
    if state is not IdentityState.VALID:
        notes = [c for c in notes if c.code not in _UNTRUSTED]
    ordered = (*failures, *notes, *read.successes)
    return tuple(dict.fromkeys(_reason(code, configured) for code in ordered))


def assess_identities(
    reads: tuple[IdentityRead, ...], *, manifest: str | None, cawg: CawgTrust | None
) -> tuple[Identity, ...]:
    """The report's identities of the active manifest ``manifest``, checked against ``cawg`` (or none)."""
    found = []
    for read in reads:
        state = _state(read)
        trust, trust_list = _trust(read, state, cawg)
        found.append(
            Identity(
                label=read.label,
                manifest=manifest,
                method=_method(read.sig_type),
                sig_type=read.sig_type,
                name=read.subject,
                issuer=read.issuer,
                state=state,
                trust=trust,
                trust_list=trust_list,
                reasons=_reasons(read, state, cawg),
                status_codes=tuple(dict.fromkeys(read.codes)),
                verified_identities=read.verified,
                referenced_assertions=read.referenced,
                valid_from=read.valid_from,
                valid_until=read.valid_until,
            )
        )
    return tuple(found)
