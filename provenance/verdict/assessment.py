"""What the C2PA part of the verdict gives the rest (:class:`C2paAssessment`), and that part for a file
without an active manifest (absent, remote, unreadable, unsupported): kept apart from :mod:`.c2pa`, which
judges a manifest store, so that a file without one loads none of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import C2paInfo, Evidence, Identity, Integrity, Origin, Strength, Trust, Verdict
from ..readers.c2pa.read import LONE_FRAGMENT, METADATA_ONLY, C2paRead, ReadStatus
from . import summary


@dataclass(frozen=True, slots=True)
class C2paAssessment:
    verdict: Verdict
    evidence: tuple[Evidence, ...]
    info: C2paInfo
    # The SDK found C2PA data (a manifest, a remote reference it followed, or data it could not read);
    # False for a file without any, or that the SDK cannot read at all.
    found: bool
    # Declarations of C2PA 2.x gathered assertions: weighed with unsigned metadata, not as the claim.
    gathered: tuple[Evidence, ...] = ()
    identities: tuple[Identity, ...] = ()  # the active manifest's CAWG identity assertions


def without_manifest(read: C2paRead, pointer: str | None) -> C2paAssessment:
    """No active manifest: why not (absent, remote, unreadable, unsupported), origin unknown."""
    found = read.status in (ReadStatus.REMOTE, ReadStatus.FAILED)
    if read.status is ReadStatus.REMOTE:
        integrity, error = Integrity.REMOTE_UNVERIFIED, read.error_message
        if error and "could not fetch" in error:
            text = summary.remote_fetch_failed(pointer, error)
        else:
            text = summary.remote_not_fetched(pointer)
    elif read.status is ReadStatus.UNSUPPORTED and read.error_kind == METADATA_ONLY:
        integrity, text = Integrity.NOT_CHECKED, summary.metadata_only(read.error_message or "")
    elif read.status is ReadStatus.UNSUPPORTED:
        lone = read.error_kind == LONE_FRAGMENT
        integrity, text = Integrity.UNSUPPORTED, summary.LONE_FRAGMENT if lone else summary.UNSUPPORTED
    elif read.status is ReadStatus.FAILED:
        integrity, text = Integrity.MALFORMED, summary.unreadable_c2pa(read.error_message)
    elif pointer is not None:
        # No manifest here, but the XMP names one stored elsewhere (the SDK was not asked to follow it).
        integrity, text = Integrity.REMOTE_UNVERIFIED, summary.xmp_pointer_not_fetched(pointer)
    else:
        integrity, text = Integrity.NOT_SIGNED, summary.NOT_SIGNED
    verdict = Verdict(Origin.UNKNOWN, None, None, integrity, Trust.NOT_APPLICABLE, None, Strength.NONE, text)
    info = C2paInfo(
        present=read.status is ReadStatus.REMOTE,
        embedded=False,
        remote_url=pointer,
        sdk_error=f"{read.error_kind}: {read.error_message}" if read.error_kind else None,
    )
    return C2paAssessment(verdict, (), info, found)
