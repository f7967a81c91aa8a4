"""The active manifest's claim signature as ``Reader.crjson()`` decodes it: its certificate (with its expiry),
its timestamp authority, and the certificate of each CAWG identity assertion.

``Reader.json()`` names the claim signer by organisation and common name only; ``crjson()`` adds the
certificate's issuer and validity, which a timestamp's meaning depends on ("the certificate expired after
this timestamped signing"). Parsed strictly; a missing or odd field reads None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..._shapes import as_dict as _dict
from ..._shapes import as_list as _list
from ..._shapes import as_text as _str


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    """What ``crjson()`` says of a signing certificate."""

    organization: str | None
    common_name: str | None
    issuer: str | None  # the issuing CA's organisation, else its common name
    not_after: str | None


@dataclass(frozen=True, slots=True)
class SignatureFacts:
    """The active manifest's claim signature as ``crjson()`` decodes it."""

    certificate: CertificateFacts | None
    timestamp_authority: str | None  # the time-stamp authority certificate's common name
    # per assertion label, for the assertions signed on their own (CAWG identity assertions)
    identity_certificates: Mapping[str, CertificateFacts]


def _name_part(name: Any, key: str) -> str | None:
    return _str(_dict(name).get(key))


def _certificate(info: Any) -> CertificateFacts | None:
    cert = _dict(info)
    if not cert:
        return None
    subject, issuer = cert.get("subject"), cert.get("issuer")
    return CertificateFacts(
        organization=_name_part(subject, "O"),
        common_name=_name_part(subject, "CN"),
        issuer=_name_part(issuer, "O") or _name_part(issuer, "CN"),
        not_after=_str(_dict(cert.get("validity")).get("notAfter")),
    )


def signature_facts(crjson: Any, label: str | None) -> SignatureFacts | None:
    """The claim signature and identity certificates of manifest ``label`` in ``Reader.crjson()``."""
    manifest = next(
        (_dict(m) for m in _list(_dict(crjson).get("manifests")) if _dict(m).get("label") == label), None
    )
    if manifest is None:
        return None
    signature = _dict(manifest.get("signature"))
    stamp = _dict(signature.get("timeStampInfo"))
    identities = {
        name: cert
        for name, value in _dict(manifest.get("assertions")).items()
        if isinstance(name, str)
        for cert in [_certificate(_dict(_dict(value).get("signature")).get("certificateInfo"))]
        if cert is not None
    }
    return SignatureFacts(
        certificate=_certificate(signature.get("certificateInfo")),
        timestamp_authority=_name_part(_dict(stamp.get("certificateInfo")).get("subject"), "CN"),
        identity_certificates=identities,
    )
