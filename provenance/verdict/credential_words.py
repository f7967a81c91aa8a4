"""The summary's sentences about credentials beside the claim signer: the signature's timestamp and the
creator identities (CAWG) bound to the manifest. Like :mod:`.summary`, nothing here decides anything; names
taken from the file are quoted.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..models import Identity, IdentityState, Timestamp, TimestampStatus, Trust, VerifiedIdentity
from ..phrasing import quoted

INTACT_BUT = "Content and signature are intact, but the signing certificate"
_VALID_THEN = "the certificate was valid when it signed"


def _day(time: str | None) -> str:
    return time[:10] if time else "an undated time"


def _by(timestamp: Timestamp) -> str:
    return f" by {quoted(timestamp.authority, 60)}" if timestamp.authority else ""


def expired_text(timestamp: Timestamp | None) -> str:
    """Why a certificate that has expired no longer vouches for the statement: the timestamp does not help."""
    if timestamp is None:
        return f"{INTACT_BUT} has expired and the signature carries no timestamp to prove {_VALID_THEN}"
    by = f",{_by(timestamp)}" if timestamp.authority else ""
    stamp = f"its timestamp ({_day(timestamp.time)}{by})"
    if timestamp.status is TimestampStatus.TRUSTED:
        return f"{INTACT_BUT} had already expired at the signing time {stamp} proves"
    if timestamp.status is TimestampStatus.INVALID:
        return f"{INTACT_BUT} has expired, and {stamp} does not verify, so nothing proves {_VALID_THEN}"
    if timestamp.status is TimestampStatus.UNTRUSTED:
        return (
            f"{INTACT_BUT} has expired, and {stamp} comes from a time-stamp authority on no trust list, "
            f"so it cannot prove {_VALID_THEN}"
        )
    return f"{INTACT_BUT} has expired, and {stamp} was not checked, so it proves nothing"


def _parse(time: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(time)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def outlived_text(timestamp: Timestamp | None, now: datetime | None = None) -> str:
    """For a certificate that expired after a signing its trusted timestamp proves: the signature holds."""
    if (
        timestamp is None
        or timestamp.status is not TimestampStatus.TRUSTED
        or not timestamp.certificate_expires
    ):
        return ""
    expires = _parse(timestamp.certificate_expires)
    if expires is None or expires > (now or datetime.now(UTC)):
        return ""
    return (
        f" The signing certificate expired on {_day(timestamp.certificate_expires)}, after the signing "
        f"time ({_day(timestamp.time)}) that a trusted timestamp{_by(timestamp)} proves: the signature "
        "still holds."
    )


def _trust_note(identity: Identity) -> str:
    if identity.trust is Trust.TRUSTED:
        return f" (on the {identity.trust_list or 'CAWG'} list)"
    if identity.trust is Trust.UNTRUSTED:
        return " (issuer on no CAWG trust list)"
    return " (issuer not checked: no CAWG trust list configured)"


def verified_text(item: VerifiedIdentity) -> str:
    """``Example Social Network account "username"``: one identity an aggregator verified, in words."""
    provider = quoted(item.provider, 40) if item.provider else "a provider"
    handle = item.username or item.name or item.address or item.uri
    if item.type == "cawg.social_media":
        return f"{provider} account {quoted(handle, 60)}" if handle else f"a {provider} account"
    if item.type == "cawg.document_verification":
        return f"a document check by {provider}"
    if item.type == "cawg.affiliation":
        return f"an affiliation confirmed by {provider}"
    if item.type == "cawg.crypto_wallet":
        return f"{provider} wallet {quoted(handle, 60)}" if handle else f"a {provider} wallet"
    if item.type == "cawg.web_site":
        return f"web site {quoted(handle, 60)}" if handle else "a web site"
    return f"{quoted(item.type, 40)} by {provider}"


def _who(identity: Identity) -> str:
    if identity.method == "x509":
        name = quoted(identity.name) if identity.name else "an unnamed party"
        issuer = f" issued by {quoted(identity.issuer)}" if identity.issuer else ""
        return f"asserted by {name} with an X.509 certificate{issuer}{_trust_note(identity)}"
    name = quoted(identity.name) if identity.name else "a creator"
    issuer = f" by {quoted(identity.issuer, 40)}" if identity.issuer else ""
    accounts = [verified_text(v) for v in identity.verified_identities[:2]]
    more = len(identity.verified_identities) - len(accounts)
    if more > 0:
        accounts.append(f"{more} more")
    listed = f" as {', '.join(accounts)}" if accounts else ""
    return f"{name}, verified{issuer}{listed}{_trust_note(identity)}"


def identities_text(identities: tuple[Identity, ...]) -> str:
    """Who the manifest's identity assertions name, for a statement that verifies; then any that fail."""
    valid = [i for i in identities if i.state is IdentityState.VALID]
    text = (" Identity: " + "; ".join(_who(i) for i in valid[:2]) + ".") if valid else ""
    invalid = [i for i in identities if i.state is IdentityState.INVALID]
    if invalid:
        which = (
            "An identity assertion does" if len(invalid) == 1 else f"{len(invalid)} identity assertions do"
        )
        why = invalid[0].reasons[0] if invalid[0].reasons else "it failed validation"
        text += f" {which} not hold ({why}): rely on none of it."
    unverified = [i for i in identities if i.state is IdentityState.UNVERIFIED]
    if unverified:
        first = unverified[0]
        why = first.reasons[0] if first.reasons else "the SDK reported nothing on it"
        naming = f" naming {quoted(first.name)}" if first.name else ""
        text += f" An identity assertion{naming} could not be checked ({why})."
    return text


# Short forms for the panel, the CSV, the HTML report (no sentence around them).

_STAMP_STATUS = {
    TimestampStatus.TRUSTED: "trusted",
    TimestampStatus.UNTRUSTED: "untrusted (its authority is on no trust list: the time is only claimed)",
    TimestampStatus.INVALID: "invalid (it does not verify)",
    TimestampStatus.NOT_CHECKED: "not checked",
}


def timestamp_label(timestamp: Timestamp | None) -> str:
    """``trusted, 2023-03-22T17:02:24+00:00, by DigiCert Timestamp 2022 - 2``; or what its absence means."""
    if timestamp is None:
        return "none (the certificate is judged against today's clock)"
    parts = [_STAMP_STATUS[timestamp.status], timestamp.time or "no time"]
    if timestamp.authority:
        parts.append(f"by {timestamp.authority}")
    return ", ".join(parts)


METHOD_WORDS = {
    "x509": "X.509 certificate",
    "identity_claims_aggregation": "identity claims aggregator",
    "unknown": "unknown kind of credential",
}
_STATE_WORDS = {
    IdentityState.VALID: "valid",
    IdentityState.INVALID: "INVALID: rely on none of it",
    IdentityState.UNVERIFIED: "not verified",
}
_TRUST_WORDS = {
    Trust.TRUSTED: "issuer trusted",
    Trust.UNTRUSTED: "issuer on no CAWG trust list",
    Trust.NOT_CHECKED: "issuer not checked (no CAWG trust list configured)",
    Trust.NOT_APPLICABLE: "",
}


def identity_label(identity: Identity) -> str:
    """``"WDR" (X.509 certificate issued by "EBU CA")``: who, and how that is vouched for (names quoted)."""
    who = quoted(identity.name) if identity.name else "(no name)"
    how = METHOD_WORDS.get(identity.method, identity.method)
    if identity.issuer:
        how += f" {'issued by' if identity.method == 'x509' else 'issuer'} {quoted(identity.issuer, 60)}"
    return f"{who} ({how})"


def identity_status(identity: Identity) -> str:
    """``valid, issuer trusted (cawg list)``: whether it holds, and whether its issuer is trusted."""
    trust = _TRUST_WORDS[identity.trust]
    if identity.trust is Trust.TRUSTED and identity.trust_list:
        trust += f" ({identity.trust_list} list)"
    return ", ".join(part for part in (_STATE_WORDS[identity.state], trust) if part)
