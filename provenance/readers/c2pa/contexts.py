"""The SDK Contexts of a process: one per trust settings (and per CAWG trust), built once and reused.

Building a Context parses its trust lists (2.3 ms with the bundled lists), so it is kept; a Context does
not survive fork, so each process builds its own. :func:`narrowed_context` gives, for one file, a Context
holding only the anchors its signers could chain to (:mod:`provenance.trust.narrow` says why).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import c2pa

from ...trust import TrustSettings
from ...trust.narrow import narrowed_sdk_trust
from .identity import CawgTrust

_contexts: dict[tuple[int, str], Any] = {}
# Narrowed Contexts, one per set of candidate anchors: few in practice (one per CA a corpus's signers
# chain to), bounded against a corpus built to make many.
_narrowed: OrderedDict[tuple[int, str], Any] = OrderedDict()
_MAX_NARROWED: Final = 64
_lock = threading.Lock()


def sdk_settings(*, trust: TrustSettings) -> dict[str, Any]:
    """The SDK settings we use: no network at all (the SDK fetches remote manifests by default)."""
    settings: dict[str, Any] = {
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
        "core": {"allowed_network_hosts": []},
    }
    if trust.configured:
        settings["trust"] = trust.to_sdk()
    return settings


def context(*, trust: TrustSettings) -> Any:
    """The SDK Context for these trust settings, built once per process (contexts do not survive fork)."""
    return _context(trust.fingerprint(), lambda: sdk_settings(trust=trust))


def narrowed_context(trust: TrustSettings, chain_certificates: Iterable[bytes]) -> Any:
    """The Context of ``trust`` cut down to the anchors and allowed certificates that signers with these
    chain certificates (DER) could be trusted by: the same trust result, without the SDK parsing every
    list on every read. For ``trust`` that checks no signer: its own Context."""
    if not trust.configured:
        return context(trust=trust)
    narrowed = narrowed_sdk_trust(trust, chain_certificates)
    key = (os.getpid(), narrowed.key)
    with _lock:
        ctx = _narrowed.get(key)
        if ctx is None:
            ctx = c2pa.Context.from_dict(_with_trust(narrowed.section))
            _narrowed[key] = ctx
            if len(_narrowed) > _MAX_NARROWED:
                _narrowed.popitem(last=False)
        else:
            _narrowed.move_to_end(key)
        return ctx


def narrowed_settings(trust: TrustSettings, chain_certificates: Iterable[bytes]) -> dict[str, Any]:
    """The settings of :func:`narrowed_context`."""
    return _with_trust(narrowed_sdk_trust(trust, chain_certificates).section)


def _with_trust(section: Mapping[str, Any]) -> dict[str, Any]:
    return {**sdk_settings(trust=TrustSettings()), "trust": dict(section)}


def cawg_settings(cawg: CawgTrust) -> dict[str, Any]:
    """The settings of the read that checks CAWG identities against ``cawg``: no C2PA list, no network."""
    return {**sdk_settings(trust=TrustSettings()), "trust": cawg.to_sdk()}


def cawg_context(cawg: CawgTrust) -> Any:
    """The Context for :func:`cawg_settings`, built once per process."""
    return _context("cawg:" + cawg.fingerprint(), lambda: cawg_settings(cawg))


def _context(fingerprint: str, settings: Callable[[], dict[str, Any]]) -> Any:
    key = (os.getpid(), fingerprint)
    with _lock:
        ctx = _contexts.get(key)
        if ctx is None:
            ctx = c2pa.Context.from_dict(settings())
            _contexts[key] = ctx
        return ctx
