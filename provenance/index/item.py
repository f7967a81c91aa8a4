"""What the repository keeps of one file, computed where the file was inspected (an audit worker).

:func:`index_item` is the audit engine's per-file hook (:attr:`~provenance.audit.pool.PoolOptions.
after_inspect`): the worker that inspected a file calls it with the report, so fingerprints and the
manifest store are computed in parallel, in the isolated process that already has the file in its page
cache, and only a file that carries provenance pays for them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ..containers.manifest_store import ManifestStore, manifest_store
from ..fingerprints import Fingerprint, fingerprint
from ..models import Report, Strength
from ..vocab import AI_ORIGINS

C2PA = "c2pa"
AI_METADATA = "ai_metadata"


@dataclass(frozen=True, slots=True)
class IndexItem:
    """One file's entry before it is stored: why it is kept, its digest, fingerprints and manifest store.

    ``fingerprints_refused``: why it has no fingerprint (not an image or a video, over a pixel limit...).
    ``store_missing``: why its manifest store was not kept (none embedded, a remote manifest, PDF...).
    """

    path: str
    reason: str  # C2PA | AI_METADATA
    sha256: str
    size: int
    manifest_id: str | None
    fingerprints: tuple[Fingerprint, ...]
    fingerprints_refused: str | None
    store: ManifestStore | None
    store_missing: str | None


def provenance_reason(report: Report) -> str | None:
    """Why a report's file belongs in the repository: ``c2pa`` (a manifest, valid or not), ``ai_metadata``
    (unsigned metadata or a watermark that declares AI), or None (nothing to trace back to)."""
    if report.error is not None:
        return None
    if report.c2pa is not None and report.c2pa.present:
        return C2PA
    own = (Strength.UNSIGNED, Strength.WATERMARK)  # a fingerprint match is another file's statement
    declares_ai = any(e.origin in AI_ORIGINS and e.strength in own for e in report.evidence)
    return AI_METADATA if declares_ai or report.generators else None


def index_item(path: str, report: Report) -> IndexItem | None:
    """The repository's entry for the local file ``path`` inspected as ``report``; None when it carries no
    provenance. Never raises: what cannot be computed is said in the item."""
    reason = provenance_reason(report)
    if reason is None:
        return None
    try:
        sha256, size = _digest(Path(path))
    except OSError:
        return None  # gone or unreadable since it was inspected: nothing reliable to record
    try:
        found = fingerprint(path, variants=True)
        prints, refused = found.fingerprints, found.refused
    except Exception as error:  # a bug or a missing extra must cost the fingerprints, not the entry
        prints, refused = (), f"fingerprints failed: {type(error).__name__}: {error}"
    store: ManifestStore | None = None
    missing: str | None = "the file has no C2PA manifest"
    c2pa = report.c2pa
    if c2pa is not None and c2pa.present:
        store, missing = _store(Path(path), report)
    return IndexItem(
        path=path,
        reason=reason,
        sha256=sha256,
        size=size,
        manifest_id=c2pa.active_manifest if c2pa is not None else None,
        fingerprints=prints,
        fingerprints_refused=refused,
        store=store,
        store_missing=missing,
    )


def _store(path: Path, report: Report) -> tuple[ManifestStore | None, str | None]:
    """The manifest store the report was read from: embedded, or the standalone NAME.c2pa beside it."""
    c2pa = report.c2pa
    if c2pa is None or (not c2pa.embedded and c2pa.sidecar is None):
        return None, "the manifest is stored remotely, not in the file"
    extracted = manifest_store(path if c2pa.sidecar is None else path.parent / c2pa.sidecar)
    if not isinstance(extracted, ManifestStore):
        return None, extracted.reason
    # The format of the asset it describes, which the SDK needs to read it again (a standalone store's
    # own type is application/c2pa).
    return replace(extracted, media_type=report.source.media_type or extracted.media_type), None


def _digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
