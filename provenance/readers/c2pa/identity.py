"""CAWG identity assertions of the active manifest, parsed strictly from the SDK's JSON.

The SDK validates each ``cawg.identity`` assertion itself and reports ``cawg.*`` status codes whose URL ends
with the assertion's label. What it shows of the assertion depends on the outcome (measured with c2pa-python
0.38.1 on the Rust SDK's CAWG fixtures):

- ``Reader.json()``: a valid X.509 assertion reads ``{signer_payload, signature_info}`` (the certificate's
  organisation and common name); an identity claims aggregation (ICA) credential that decodes reads as the
  W3C verifiable credential itself (``issuer``, ``validFrom``, ``verifiedIdentities``, ``c2paAsset``), even
  when its signature could not be checked; anything else reads raw (``signer_payload``, ``signature`` bytes).
- ``Reader.crjson()``: every assertion with its COSE signature decoded, ``certificateInfo`` (subject, issuer,
  validity) included, valid or not; and the claim signature's certificate and timestamp. It costs 0.4-4 ms
  more per file, so it is read only when an X.509 identity is not decoded by ``json()`` or the claim
  signature carries a timestamp (:func:`needs_crjson`).

Nothing here decides validity or trust: :mod:`provenance.verdict.identity` does, from the codes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..._shapes import as_dict as _dict
from ..._shapes import as_list as _list
from ..._shapes import as_text as _str
from ...models import StatusCode, VerifiedIdentity
from ...trust import TrustSettings
from .signature import CertificateFacts, SignatureFacts

if TYPE_CHECKING:
    from .store import C2paRead

X509 = "cawg.x509.cose"
ICA = "cawg.identity_claims_aggregation"
_LABEL = "cawg.identity"
_ASSERTION_PATH = "/c2pa.assertions/"


def is_identity_label(label: str) -> bool:
    """``cawg.identity`` and its numbered instances (``cawg.identity__1``)."""
    return label == _LABEL or label.startswith(_LABEL + "__")


@dataclass(frozen=True, slots=True)
class IdentityRead:
    """One identity assertion as read: its declared content and the SDK's codes for it, by kind."""

    label: str
    sig_type: str | None
    referenced: tuple[str, ...]
    subject: str | None  # X.509: the certificate's organisation, else common name
    issuer: str | None  # X.509: the issuing CA; ICA: the issuer's DID
    verified: tuple[VerifiedIdentity, ...]
    valid_from: str | None
    valid_until: str | None
    successes: tuple[StatusCode, ...]
    informational: tuple[StatusCode, ...]
    failures: tuple[StatusCode, ...]
    # False when only the assertion's label is known: the SDK could not load the manifest that holds it.
    loaded: bool = True

    @property
    def codes(self) -> tuple[StatusCode, ...]:
        return (*self.successes, *self.informational, *self.failures)


def identity_labels(assertions: Iterable[Any]) -> tuple[str, ...]:
    """The identity assertion labels among a manifest's ``assertions`` (json()) entries, in order."""
    labels = (_str(_dict(a).get("label")) for a in assertions)
    return tuple(label for label in labels if label and is_identity_label(label))


def _for(label: str, codes: Iterable[StatusCode]) -> tuple[StatusCode, ...]:
    return tuple(c for c in codes if (c.url or "").endswith(_ASSERTION_PATH + label))


def _referenced(payload: dict[str, Any]) -> tuple[str, ...]:
    urls = (_str(_dict(ref).get("url")) for ref in _list(payload.get("referenced_assertions")))
    return tuple(url.rsplit("c2pa.assertions/", 1)[-1] for url in urls if url)


def _verified(items: Any) -> tuple[VerifiedIdentity, ...]:
    found = []
    for raw in _list(items):
        item = _dict(raw)
        kind = _str(item.get("type"))
        if kind is None:
            continue
        provider = _dict(item.get("provider"))
        found.append(
            VerifiedIdentity(
                type=kind,
                name=_str(item.get("name")),
                username=_str(item.get("username")),
                address=_str(item.get("address")),
                uri=_str(item.get("uri")),
                provider=_str(provider.get("name")),
                provider_id=_str(provider.get("id")),
                verified_at=_str(item.get("verifiedAt")),
            )
        )
    return tuple(found)


def _issuer_did(value: Any) -> str | None:
    # A W3C credential's issuer is a URL string or an object with an "id".
    return _str(value) or _str(_dict(value).get("id"))


def parse_identity(
    label: str,
    data: Any,
    codes: tuple[tuple[StatusCode, ...], tuple[StatusCode, ...], tuple[StatusCode, ...]],
    certificate: CertificateFacts | None = None,
) -> IdentityRead:
    """One assertion from its ``json()`` data; ``codes``: the store's (successes, informational,
    failures); ``certificate``: its X.509 certificate as ``crjson()`` decodes it, when read."""
    body = _dict(data)
    # Its own cawg.* codes, and every failure about it (an assertion.hashedURI.mismatch: it was altered).
    successes, informational = (tuple(filter(is_cawg, _for(label, group))) for group in codes[:2])
    failures = _for(label, codes[2])
    if "verifiedIdentities" in body or "c2paAsset" in body:  # a decoded ICA credential
        asset = _dict(body.get("c2paAsset"))
        # The SDK lifts the credential subject's verifiedIdentities to the top; a raw credential has them in
        # credentialSubject (an object, or a list of them).
        subjects = body.get("credentialSubject")
        first = _dict(_list(subjects)[0] if _list(subjects) else subjects)
        verified = _verified(body.get("verifiedIdentities") or first.get("verifiedIdentities"))
        return IdentityRead(
            label=label,
            sig_type=_str(asset.get("sig_type")) or ICA,
            referenced=_referenced(asset),
            subject=next((v.name or v.username for v in verified if v.name or v.username), None),
            issuer=_issuer_did(body.get("issuer")),
            verified=verified,
            valid_from=_str(body.get("validFrom")),
            valid_until=_str(body.get("validUntil")),
            successes=successes,
            informational=informational,
            failures=failures,
        )
    payload = _dict(body.get("signer_payload"))
    sig_type = _str(payload.get("sig_type"))
    info = _dict(body.get("signature_info"))
    subject = _str(info.get("issuer")) or _str(info.get("common_name"))  # json() calls the subject O "issuer"
    if certificate is not None and sig_type == X509:
        subject = subject or certificate.organization or certificate.common_name
    return IdentityRead(
        label=label,
        sig_type=sig_type,
        referenced=_referenced(payload),
        subject=subject if sig_type == X509 else None,
        issuer=certificate.issuer if certificate is not None and sig_type == X509 else None,
        verified=(),
        valid_from=None,
        valid_until=None,
        successes=successes,
        informational=informational,
        failures=failures,
    )


def unloaded_identity(label: str, failures: tuple[StatusCode, ...]) -> IdentityRead:
    """An assertion of a manifest the SDK could not load: only its label is known; ``failures`` say why."""
    return IdentityRead(label, None, (), None, None, (), None, None, (), (), failures, loaded=False)


def has_identities(active: Any) -> bool:
    """Whether the active manifest (``json()``) has identity assertions: ``crjson()`` then names the
    certificate of each, which ``json()`` shows only for a valid X.509 one and without its issuer."""
    return bool(identity_labels(_list(_dict(active).get("assertions"))))


def identity_assertion_labels(detailed: Any, label: str | None) -> tuple[str, ...]:
    """Identity assertion labels of manifest ``label`` in ``Reader.detailed_json()``: the only place they
    show when the SDK could not load that manifest (it is then missing from ``json()``)."""
    store = _dict(_dict(_dict(_dict(detailed).get("manifests")).get(label or "")).get("assertion_store"))
    return tuple(sorted(name for name in store if isinstance(name, str) and is_identity_label(name)))


Codes = tuple[tuple[StatusCode, ...], tuple[StatusCode, ...], tuple[StatusCode, ...]]


def read_identities(
    data: Any, codes: Codes, facts: SignatureFacts | None, detailed: Callable[[], Any]
) -> tuple[IdentityRead, ...]:
    """The identity assertions of the active manifest of ``Reader.json()`` (``data``).

    ``codes``: the store's (successes, informational, failures) of the active manifest; ``detailed``: gives
    ``Reader.detailed_json()``, asked for only when the SDK could not load the active manifest.
    """
    root = _dict(data)
    label = _str(root.get("active_manifest"))
    manifests = _dict(root.get("manifests"))
    if label is not None and label not in manifests:
        problems = tuple(c for c in codes[2] if not c.code.startswith("signingCredential."))
        return tuple(
            unloaded_identity(name, problems) for name in identity_assertion_labels(detailed(), label)
        )
    certificates = facts.identity_certificates if facts is not None else {}
    found = []
    for assertion in _list(_dict(manifests.get(label or "")).get("assertions")):
        entry = _dict(assertion)
        name = _str(entry.get("label"))
        if name and is_identity_label(name):
            found.append(parse_identity(name, entry.get("data"), codes, certificates.get(name)))
    return tuple(found)


def is_cawg(code: StatusCode) -> bool:
    return code.code.startswith("cawg.")


@dataclass(frozen=True, slots=True)
class CawgTrust:
    """Who may vouch for a creator's identity: CAWG trust, kept apart from the C2PA signer lists.

    ``anchors_pem``: root CAs of X.509 identity certificates; ``allowed_pem``: identity certificates allowed
    one by one; ``ica_issuers``: the DIDs of identity claims aggregators whose credentials are trusted.
    """

    anchors_pem: str = ""
    allowed_pem: str | None = None
    ica_issuers: tuple[str, ...] = ()
    name: str = "cawg"  # the list's name in reports (the SDK's trust_uri)

    @property
    def configured(self) -> bool:
        return bool(self.anchors_pem or self.allowed_pem or self.ica_issuers)

    def fingerprint(self) -> str:
        """SHA-256 of everything that can change a result, to key a cached SDK Context."""
        content = [self.anchors_pem, self.allowed_pem, list(self.ica_issuers), self.name]
        return hashlib.sha256(json.dumps(content).encode("utf-8")).hexdigest()

    def to_sdk(self) -> dict[str, Any]:
        """The SDK's ``trust`` section: one anchor entry of kind ``cawg``.

        It must go to a read of its own (see :mod:`.sdk`): c2pa-rs 0.91.3 also accepts claim signers that
        chain to a ``cawg`` anchor (measured: the Rust SDK's test signer reads ``signingCredential.trusted``
        with its roots given only as CAWG anchors), so in the C2PA read they would widen who counts as a
        trusted signer. The top-level ``cawg_trust`` section is ignored by this SDK (measured).
        """
        entry: dict[str, Any] = {
            "trust_anchors": self.anchors_pem,
            "trust_kind": "cawg",
            "trust_uri": self.name,
        }
        if self.allowed_pem:
            entry["allowed_list"] = self.allowed_pem
        if self.ica_issuers:
            entry["trusted_ica_issuers"] = list(self.ica_issuers)
        return {"anchors": [entry]}


def cawg_trust_of(trust: TrustSettings) -> CawgTrust | None:
    """The CAWG trust in ``trust`` (its lists of kind "cawg" and its identity claims aggregators), or None."""
    lists = [t for t in trust.lists if t.kind == "cawg" and (t.anchors_pem or t.allowed_pem)]
    if not lists and not trust.ica_issuers:
        return None
    allowed = "".join(t.allowed_pem or "" for t in lists)
    return CawgTrust(
        anchors_pem="".join(t.anchors_pem for t in lists),
        allowed_pem=allowed or None,
        ica_issuers=trust.ica_issuers,
        name=" + ".join(t.name for t in lists) or "cawg",
    )


def with_identity_codes(found: C2paRead, checked: C2paRead) -> C2paRead:
    """``found`` (the C2PA read) with the cawg.* codes and identities of ``checked`` (the CAWG read of the
    same file), so that every code shown agrees with the identity trust reported beside it."""
    if found.store is None or checked.store is None:
        return found

    def swap(mine: tuple[StatusCode, ...], theirs: tuple[StatusCode, ...]) -> tuple[StatusCode, ...]:
        return (*(c for c in mine if not is_cawg(c)), *(c for c in theirs if is_cawg(c)))

    mine, theirs = found.store, checked.store
    store = replace(
        mine,
        successes=swap(mine.successes, theirs.successes),
        informational=swap(mine.informational, theirs.informational),
        failures=swap(mine.failures, theirs.failures),
    )
    return replace(found, store=store, identities=checked.identities, cawg=checked.cawg)
