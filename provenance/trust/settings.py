"""Trust settings: the certificate lists that decide whether a C2PA signer is trusted, as plain values.

:mod:`.load` builds them from their sources (the bundled snapshots, the cache of ``provenance trust update``,
the config file, variables and options). This module does not import c2pa; ``TrustSettings.to_sdk()``
gives the dict the reader passes to the SDK.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from .bundles import is_clean, pem_certificates, to_pem
from .published import TrustKind
from .x509 import serial_number

# Lists older than this many days make `inspect`, `audit` and `serve` say so on stderr (0: never).
DEFAULT_MAX_AGE_DAYS = 90


USER_LIST = "user"  # the name of the list the user's own files make (config, variables, options)


@dataclass(frozen=True, slots=True)
class TrustList:
    """One named list of trust anchors and/or individually allowed end-entity certificates."""

    name: str  # shown to users and used as the SDK's trust_uri: "c2pa", "interim (legacy)", "user", ...
    anchors_pem: str  # PEM bundle; "" when only allowed certificates are given
    allowed_pem: str | None  # end-entity certificates allowed one by one
    kind: TrustKind = "manifest"
    origin: str = ""  # where it was loaded from: "bundled snapshot ...", "cache (fetched 2026-11-22)", paths
    certificate_count: int = 0  # anchors + allowed
    # The day its content is known to have been current (a snapshot's date, or the day it was fetched
    # from its owner); None for the user's own files, whose age is not judged.
    as_of: date | None = None
    frozen: date | None = None  # the day its owner stopped updating it (a legacy list): never out of date


@dataclass(frozen=True, slots=True)
class TrustSettings:
    """Everything that decides trust; an empty value means "no signer is trusted".

    ``TrustSettings()`` checks no signer (every signed file reads ``not_checked``);
    :func:`~provenance.trust.load_trust_settings` gives the lists the command line uses, and
    ``InspectOptions()`` uses those by default.
    """

    lists: tuple[TrustList, ...] = ()
    eku_config: str | None = None  # text for the SDK's trust.trust_config: one extended key usage OID a line
    eku_origin: str | None = None
    # CAWG identity claims aggregators (their DIDs) whose credentials are trusted; CAWG X.509 anchors are
    # the lists of kind "cawg". Both decide only identity trust, never a claim signer's.
    ica_issuers: tuple[str, ...] = ()
    # Not part of what decides trust: when lists count as out of date, and what `trust show` should say
    # about sources that were set aside.
    max_age_days: int = field(default=DEFAULT_MAX_AGE_DAYS, compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)
    _fingerprint: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Computed once: the reader keys its SDK Context on it for every file.
        content = {
            "lists": [[t.name, t.kind, t.anchors_pem, t.allowed_pem] for t in self.lists],
            "eku_config": self.eku_config,
            "ica_issuers": list(self.ica_issuers),
        }
        digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()
        object.__setattr__(self, "_fingerprint", digest)

    @property
    def configured(self) -> bool:
        """True when at least one claim-signer (manifest) list has anchors or allowed certificates."""
        return any(_usable(t) for t in self.lists)

    def to_sdk(self) -> dict[str, object]:
        """The "trust" section of c2pa Context settings; {} when not configured.

        Uses the `trust.anchors` list form: the top-level `trust.allowed_list` key is silently ignored by the
        SDK. TSA lists are left out on purpose: c2pa-rs 0.91.3 also accepts claim signers that chain to a
        `trust_kind: "tsa"` anchor (measured), so passing the TSA roots would widen who counts as a trusted
        signer, and they changed no result on the shared corpus.
        """
        if not self.configured:
            return {}
        anchors: list[dict[str, str]] = []
        seen_anchors: set[bytes] = set()
        seen_allowed: set[bytes] = set()
        for trust_list in _naming_order(self.lists):
            # `trust_anchors` is required even when empty ("missing field `trust_anchors`").
            entry = {
                "trust_anchors": _unseen(trust_list.anchors_pem, seen_anchors),
                "trust_uri": trust_list.name,
                "trust_kind": "manifest",
            }
            if allowed := _unseen(trust_list.allowed_pem or "", seen_allowed):
                entry["allowed_list"] = allowed
            anchors.append(entry)
        section: dict[str, object] = {"anchors": anchors}
        if self.eku_config:
            section["trust_config"] = self.eku_config
        return section

    def fingerprint(self) -> str:
        """SHA-256 of everything that can change a verdict (not the origins), to key a cached SDK Context."""
        return self._fingerprint

    def allowed_lists(self) -> Mapping[str, str]:
        """Serial number (decimal, as the SDK reports a signer's) -> the name of the list that allows that
        certificate individually. The SDK names no list for such a match ("found in [] trust anchors")."""
        return _allowed_serials(_naming_order(self.lists))


def _naming_order(lists: tuple[TrustList, ...]) -> tuple[TrustList, ...]:
    """The usable claim-signer lists, published ones (c2pa, interim (legacy)) before the user's: a
    certificate on both is named by its public list, whose name carries what a moderator must know of it
    (an interim list is legacy), not as the user's."""
    usable = [t for t in lists if _usable(t)]
    return tuple(sorted(usable, key=lambda t: t.name == USER_LIST))


def _unseen(pem: str, seen: set[bytes]) -> str:
    """The certificates of ``pem`` not in an earlier list (``seen`` grows): a certificate on two lists in
    force is given to the SDK once, under the first list's name. Given twice, c2pa-rs names either list at
    random from one run to the next ("found in [user]" or "found in [interim]"), so ``trust_list`` would
    flip (measured: a user list repeating the bundled ones, on real Adobe files)."""
    ders = pem_certificates(pem, check=False)
    fresh = [der for der in ders if der not in seen]
    seen.update(fresh)
    return pem if len(fresh) == len(ders) and is_clean(pem) else to_pem(fresh)


def _usable(trust_list: TrustList) -> bool:
    return trust_list.kind == "manifest" and bool(trust_list.anchors_pem or trust_list.allowed_pem)


@lru_cache(maxsize=8)
def _allowed_serials(lists: tuple[TrustList, ...]) -> Mapping[str, str]:
    owners: dict[str, str] = {}
    for trust_list in lists:
        # Certificates checked when the list was loaded (load.py, cache.py, bundled.py): not again here, on
        # the first signed file of every run (about 10 ms for the interim list's 86).
        for der in pem_certificates(trust_list.allowed_pem or "", check=False):
            owners.setdefault(str(serial_number(der)), trust_list.name)
    return MappingProxyType(owners)


__all__ = ["DEFAULT_MAX_AGE_DAYS", "TrustKind", "TrustList", "TrustSettings"]
