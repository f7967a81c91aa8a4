"""Evidence -> verdict: pure functions, no I/O, no SDK.

:func:`decide` is the one entry point: it takes what the C2PA SDK read (:class:`~..readers.c2pa.store.
C2paRead`) and what the other readers found, and returns the verdict, the evidence behind it and the
report's C2PA section. Inside: :mod:`.c2pa` judges the manifest store (:mod:`.history` reads its origin and
edit history, :mod:`.integrity` its validation codes), :mod:`.combine` folds in unsigned metadata and
watermarks, :mod:`.summary` words it all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..models import C2paInfo, Evidence, Identity, Integrity, Origin, Strength, Trust, Verdict
from ..readers.base import ReaderOutput
from ..readers.c2pa.read import C2paRead, ReadStatus
from . import summary
from .assessment import without_manifest
from .combine import combine


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one file, the evidence it rests on, and what the C2PA reader found."""

    verdict: Verdict
    evidence: tuple[Evidence, ...]
    c2pa: C2paInfo
    identities: tuple[Identity, ...] = ()  # the active manifest's CAWG identity assertions


def decide(
    read: C2paRead,
    signals: ReaderOutput,
    *,
    trust_configured: bool,
    file_name: str | None = None,
    allowed_lists: Mapping[str, str] = MappingProxyType({}),
) -> Decision:
    """The verdict on a file from its C2PA read and every other reader's output.

    ``trust_configured``: whether a trust list was given (without one, "untrusted" means nothing);
    ``file_name``: only ever used to note that a name is not evidence; ``allowed_lists``: serial number ->
    name of the list that allows that signer certificate one by one (the SDK names no list for those).
    """
    # The remote-manifest address: the one the SDK followed, else the file's own XMP pointer.
    pointer = read.remote_url or next(iter(signals.remote_manifest_urls), None)
    if read.status is not ReadStatus.READ or read.store is None:
        c2pa = without_manifest(read, pointer)  # as assess_c2pa says of it, without loading its module
    else:
        from .c2pa import assess_c2pa  # the manifest store's judgement: only for a file with one

        c2pa = assess_c2pa(
            read, pointer=pointer, trust_configured=trust_configured, allowed_lists=allowed_lists
        )
    verdict, evidence = combine(c2pa, (*c2pa.gathered, *signals.evidence), file_name=file_name)
    return Decision(verdict, evidence, c2pa.info, c2pa.identities)


def unreadable(message: str) -> Verdict:
    """The verdict on a file that could not be inspected: nothing is known, nothing is claimed."""
    return Verdict(
        origin=Origin.UNKNOWN,
        tool=None,
        signer=None,
        integrity=Integrity.NOT_CHECKED,
        trust=Trust.NOT_APPLICABLE,
        trust_list=None,
        strength=Strength.NONE,
        summary=summary.could_not_inspect(message),
    )


__all__ = ["Decision", "decide", "unreadable"]
