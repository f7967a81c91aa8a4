"""The claim signature's RFC 3161 timestamp: what it proves, from the SDK's ``timeStamp.*`` codes.

A trusted timestamp fixes the signing time, and the SDK then judges the certificate at that time: a
certificate that expired after a timestamped signing still vouches for it. Without one (or with one whose
time-stamp authority is on no trust list) the certificate is judged against today's clock, and once it has
expired the statement reads ``credential_expired``. Pure functions; the SDK checked the token.
"""

from __future__ import annotations

from ..models import Signer, StatusCode, Timestamp, TimestampStatus
from ..readers.c2pa.signature import SignatureFacts
from ..readers.c2pa.store import ManifestStore

_PREFIX = "timeStamp."
_TRUSTED = "timeStamp.trusted"
_UNTRUSTED = "timeStamp.untrusted"
# The codes that say a timestamp holds, or only that its authority is unknown: anything else is a defect.
_HOLDS = frozenset({"timeStamp.validated", _TRUSTED, _UNTRUSTED})


def _own(codes: tuple[StatusCode, ...], label: str | None) -> list[StatusCode]:
    """The active manifest's own timestamp codes (not an ingredient's, whose URLs name their manifest)."""
    own = f"/{label}/" if label else ""
    return [c for c in codes if c.code.startswith(_PREFIX) and (not c.url or own in c.url)]


def _authority(codes: list[StatusCode]) -> str | None:
    """The authority as the SDK's explanations name it: "timestamp message digest matched: DigiCert ..."."""
    for code in codes:
        explanation = code.explanation or ""
        if ": " in explanation:
            return explanation.split(": ", 1)[1].strip() or None
    return None


def timestamp_of(
    signer: Signer | None, store: ManifestStore, facts: SignatureFacts | None
) -> Timestamp | None:
    """The active manifest's timestamp, or None when its signature carries none."""
    codes = _own((*store.successes, *store.informational, *store.failures), store.active_label)
    time = signer.signing_time if signer is not None else None
    if time is None and not codes:
        return None
    found = {c.code for c in codes}
    if found - _HOLDS:
        status = TimestampStatus.INVALID
    elif _TRUSTED in found:
        status = TimestampStatus.TRUSTED
    elif _UNTRUSTED in found:
        status = TimestampStatus.UNTRUSTED
    else:
        status = TimestampStatus.NOT_CHECKED
    certificate = facts.certificate if facts is not None else None
    return Timestamp(
        time=time,
        authority=(facts.timestamp_authority if facts is not None else None) or _authority(codes),
        status=status,
        certificate_expires=certificate.not_after if certificate is not None else None,
    )
