"""Integrity and trust from the SDK's validation status codes: small pure functions that fail closed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ..models import Integrity, StatusCode, Trust

# Codes that mean the content or the manifest changed after signing.
TAMPER_CODES = frozenset(
    {
        "claimSignature.mismatch",
        "claim.missing",
        "claim.hardBindings.missing",
        "ingredient.manifest.missing",
        "ingredient.claimSignature.mismatch",
        "ingredient.hashedURI.mismatch",
        "ingredient.manifest.mismatch",
        "assertion.missing",
        "assertion.hashedURI.mismatch",
        "assertion.dataHash.mismatch",
        "assertion.boxesHash.mismatch",
        "assertion.bmffHash.mismatch",
        "assertion.collectionHash.mismatch",
        "timeStamp.mismatch",
    }
)
# Codes about the signing certificate itself.
EXPIRED_CODES = frozenset({"signingCredential.expired"})
INVALID_CREDENTIAL_CODES = frozenset(
    {"signingCredential.invalid", "signingCredential.revoked", "algorithm.unsupported", "timeStamp.untrusted"}
)
# Codes that say nothing about integrity: trust is reported separately, and CAWG identity assertions
# (a separate, optional layer) are listed but do not decide whether the C2PA claim verifies.
NEUTRAL_CODES = frozenset({"signingCredential.untrusted", "signingCredential.ocsp.skipped"})
_NEUTRAL_PREFIXES = ("cawg.",)
_TRUSTED = "signingCredential.trusted"
_TRUST_LIST = re.compile(r"found in \[([^\]]*)\]")
_NO_ALLOWED: Mapping[str, str] = MappingProxyType({})


def is_neutral(code: str) -> bool:
    return code in NEUTRAL_CODES or code.startswith(_NEUTRAL_PREFIXES)


def _class_of(code: str) -> Integrity:
    if code in TAMPER_CODES or code.endswith(".mismatch") or code.endswith(".missing"):
        return Integrity.TAMPERED
    if code in EXPIRED_CODES:
        return Integrity.CREDENTIAL_EXPIRED
    if code in INVALID_CREDENTIAL_CODES or code.startswith("signingCredential."):
        return Integrity.CREDENTIAL_INVALID
    # claim.malformed, assertion.*.malformed, assertion.action.*, and anything this version does not know.
    return Integrity.MALFORMED


_PRECEDENCE = (
    Integrity.TAMPERED,
    Integrity.MALFORMED,
    Integrity.CREDENTIAL_INVALID,
    Integrity.CREDENTIAL_EXPIRED,
)


def integrity_of(
    failures: Iterable[StatusCode],
    validation_state: str | None,
    ingredient_failures: Iterable[StatusCode] = (),
) -> Integrity:
    """The worst integrity class among the active manifest's failures; ``Invalid`` alone fails closed,
    unless an ingredient's failures explain it (those are the ingredient's defects, reported as such)."""
    failures = tuple(failures)
    classes = {_class_of(s.code) for s in failures if not is_neutral(s.code)}
    for integrity in _PRECEDENCE:
        if integrity in classes:
            return integrity
    explained = any(not is_neutral(s.code) for s in ingredient_failures)
    invalid = validation_state not in ("Valid", "Trusted")
    if invalid and not explained and not _only_neutral(failures, validation_state):
        return Integrity.MALFORMED
    return Integrity.INTACT


def _only_neutral(failures: Iterable[StatusCode], validation_state: str | None) -> bool:
    # "Invalid" caused only by neutral codes (e.g. a CAWG identity assertion that needs the network).
    codes = [s.code for s in failures]
    return validation_state == "Invalid" and bool(codes) and all(is_neutral(c) for c in codes)


def deciding_codes(failures: Iterable[StatusCode], integrity: Integrity) -> tuple[StatusCode, ...]:
    """The failure codes that put the manifest in this integrity class, for the summary."""
    return tuple(s for s in failures if not is_neutral(s.code) and _class_of(s.code) is integrity)


def trust_of(
    successes: Iterable[StatusCode],
    failures: Iterable[StatusCode],
    *,
    configured: bool,
    signer_serial: str | None = None,
    allowed_lists: Mapping[str, str] = _NO_ALLOWED,
) -> tuple[Trust, str | None]:
    """Trust and the list that granted it. Without a configured list the SDK's 'untrusted' means nothing.

    The SDK names the list of a matching anchor ("found in [c2pa] trust anchors") but none for a certificate
    allowed individually ("found in []"): ``allowed_lists`` (serial number -> list name, from the trust
    settings) names it from the signer's serial number.
    """
    if not configured:
        return Trust.NOT_CHECKED, None
    for status in successes:
        if status.code == _TRUSTED:
            match = _TRUST_LIST.search(status.explanation or "")
            if match and match.group(1):
                return Trust.TRUSTED, match.group(1)
            owner = allowed_lists.get(signer_serial) if signer_serial else None
            return Trust.TRUSTED, owner or "allowed certificates"
    if any(s.code == "signingCredential.untrusted" for s in failures):
        return Trust.UNTRUSTED, None
    return Trust.NOT_CHECKED, None


def applicable_trust(
    trust: Trust, trust_list: str | None, integrity: Integrity
) -> tuple[Trust, str | None, str | None]:
    """(trust, trust_list, chained_to): a statement that no longer verifies (tampered, malformed) vouches for
    nothing, whoever's certificate signed it (it may be a real signature copied onto other content), so its
    trust is ``not_applicable`` whatever the lists say (schema 1.3 for trusted signers, 1.5 for the rest);
    ``chained_to`` keeps the list a trusted certificate chains to, for the summary."""
    if integrity in (Integrity.TAMPERED, Integrity.MALFORMED):
        return Trust.NOT_APPLICABLE, None, trust_list if trust is Trust.TRUSTED else None
    return trust, trust_list, None
