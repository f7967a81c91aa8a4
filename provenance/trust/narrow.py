"""The trust lists cut down to what one file's signers could chain to, so the SDK checks them faster.

c2pa-rs parses every anchor and allowed certificate of its settings on each read (measured: a signed
small JPEG takes 0.5 ms to read with no list and 1.4 ms with the bundled lists' 134 certificates, so
checking trust was two thirds of an audit's SDK time). A signer can only chain to an anchor whose
subject is the issuer (or subject) of a certificate in its chain, and is allowed one by one only when
its own certificate is on an allowed list. :func:`narrowed_sdk_trust` keeps, per list and in the same
order under the same names, exactly those candidates, matched on :func:`~.x509.name_keys` (coarser than
any validator's name comparison, so no anchor the SDK could use is left out). The SDK still builds and
verifies the chain and decides trust; the result is the same as with the whole lists
(tests/trust/test_narrow.py reads every corpus file both ways).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .bundles import pem_certificates, to_pem
from .settings import TrustSettings
from .x509 import NameKey, NotACertificate, name_keys


@dataclass(frozen=True, slots=True)
class _List:
    entry: Mapping[str, Any]  # the SDK settings entry of the whole list, less its certificates
    anchors: tuple[tuple[bytes, NameKey], ...]  # DER, its subject's key
    allowed: frozenset[bytes]


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: one per trust settings
class _Candidates:
    fingerprint: str  # the trust settings' (TrustSettings.fingerprint)
    lists: tuple[_List, ...]
    rest: Mapping[str, Any]  # the trust section's other keys (trust_config)


@dataclass(frozen=True, slots=True)
class Narrowed:
    """The SDK "trust" section for one file, and a key that names it (for a cached SDK Context)."""

    section: Mapping[str, Any]
    key: str


def narrowed_sdk_trust(trust: TrustSettings, chain_certificates: Iterable[bytes]) -> Narrowed:
    """``trust.to_sdk()`` with only the anchors and allowed certificates a signer whose chains hold
    ``chain_certificates`` (DER) could be trusted by. Certificates that do not parse are skipped: the
    SDK cannot chain through them either."""
    return _narrowed(_candidates(trust), frozenset(chain_certificates))


@lru_cache(maxsize=256)  # a corpus has few signers: each file's certificates were seen before
def _narrowed(candidates: _Candidates, certificates: frozenset[bytes]) -> Narrowed:
    keys: set[NameKey] = set()
    for der in certificates:
        try:
            keys.update(name_keys(der))
        except NotACertificate:
            continue
    anchors_out: list[dict[str, Any]] = []
    digest = hashlib.sha256(candidates.fingerprint.encode("ascii"))
    reachable = False
    for trust_list in candidates.lists:
        anchors = [der for der, subject in trust_list.anchors if subject in keys]
        allowed = [der for der in certificates if der in trust_list.allowed]
        entry = {**trust_list.entry, "trust_anchors": to_pem(anchors)}
        if allowed:
            entry["allowed_list"] = to_pem(sorted(allowed))
        anchors_out.append(entry)
        reachable = reachable or bool(anchors or allowed)
        for der in [*anchors, b"|", *sorted(allowed), b"||"]:
            digest.update(hashlib.sha256(der).digest())
    if not reachable:
        # No list holds anything these signers could be trusted by: no lists at all, which c2pa-rs
        # answers "untrusted" at once, where empty lists still cost it a check of every chain's own
        # signatures (0.2 ms a file, measured). The extended key usages stay: they decide "invalid".
        return Narrowed(dict(candidates.rest), digest.hexdigest())
    return Narrowed({**candidates.rest, "anchors": anchors_out}, digest.hexdigest())


# Trust settings' fingerprint -> their candidates, made once (keyed by the fingerprint, which TrustSettings
# computes once, rather than by the settings, whose hash and comparison go over their PEM text).
_CANDIDATES: dict[str, _Candidates] = {}


def _candidates(trust: TrustSettings) -> _Candidates:
    found = _CANDIDATES.get(trust.fingerprint())
    if found is None:
        if len(_CANDIDATES) >= 4:
            _CANDIDATES.clear()
        found = _CANDIDATES[trust.fingerprint()] = _candidates_of(trust)
    return found


def _candidates_of(trust: TrustSettings) -> _Candidates:
    section = trust.to_sdk()
    lists: list[_List] = []
    for entry in section.get("anchors", ()):  # type: ignore[attr-defined]
        anchors: list[tuple[bytes, NameKey]] = []
        for der in pem_certificates(entry.get("trust_anchors", ""), check=False):
            try:
                anchors.append((der, name_keys(der)[1]))
            except NotACertificate:
                continue  # refused when the list was loaded; the SDK could not use it either
        allowed = frozenset(pem_certificates(entry.get("allowed_list", ""), check=False))
        rest = {k: v for k, v in entry.items() if k not in ("trust_anchors", "allowed_list")}
        lists.append(_List(rest, tuple(anchors), allowed))
    others = {k: v for k, v in section.items() if k != "anchors"}
    return _Candidates(trust.fingerprint(), tuple(lists), others)


__all__ = ["Narrowed", "narrowed_sdk_trust"]
