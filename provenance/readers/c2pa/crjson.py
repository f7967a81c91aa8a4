"""crJSON: the C2PA's JSON serialisation of a manifest store with each manifest's validation results, the
input the C2PA Asset Rubrics are evaluated on (the active manifest first, as ``manifests[0]``).

``read_crjson(path)`` asks the SDK (through :mod:`.sdk`, the one module that imports it, with its offline
Context and the caller's trust settings) and returns the parsed document, or None when the file carries no
manifest the SDK can read. The SDK module is imported only when called.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from ...trust import TrustSettings


def read_crjson(
    source: str | Path | IO[bytes],
    *,
    trust: TrustSettings | None = None,
    name: str | None = None,
    manifest: bytes | None = None,
) -> dict[str, Any] | None:
    """The crJSON document of ``source`` (a path or a seekable binary stream), or None without a manifest.

    ``trust``: the trust lists the signer is checked against (none by default: signers read untrusted);
    ``manifest``: a standalone manifest store (``NAME.c2pa``) read with the file; ``name``: a stream's name.
    """
    from . import sdk

    path = Path(source) if isinstance(source, str) else source
    document = sdk.crjson(path, trust=trust or TrustSettings(), name=name, manifest=manifest)
    if document is None or not isinstance(document.get("manifests"), list):
        return None
    return document


def active_manifest(document: dict[str, Any]) -> dict[str, Any] | None:
    """The active manifest of a crJSON document (its first), or None when it lists none."""
    manifests = document.get("manifests")
    first = manifests[0] if isinstance(manifests, list) and manifests else None
    return first if isinstance(first, dict) else None


def signer_subject(manifest: dict[str, Any]) -> dict[str, str]:
    """The distinguished name of a manifest's claim signer (``signature.certificateInfo.subject``):
    attribute short names (CN, O, OU, C, ...) to values; empty when crJSON gives none."""
    signature = manifest.get("signature")
    info = signature.get("certificateInfo") if isinstance(signature, dict) else None
    subject = info.get("subject") if isinstance(info, dict) else None
    if not isinstance(subject, dict):
        return {}
    return {key: value for key, value in subject.items() if isinstance(key, str) and isinstance(value, str)}
