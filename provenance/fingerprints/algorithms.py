"""The fingerprint algorithms we compute, their names, sizes and match thresholds: one table, one place.

Names: ``io.iscc.v0`` is the C2PA soft-binding algorithm list's name for the ISO 24138 ISCC (entry 3,
type fingerprint, github.com/c2pa-org/softbinding-algorithm-list); its value is the ISCC's canonical
text, ``ISCC:`` and the base32 code. PDQ and vPDQ are not on that list (no entry names them, as of the
list of 2026-08): they are recorded under the plain names ``pdq`` and ``vpdq``, ``registered`` False, and
their value in the form ThreatExchange exchanges them (64 hex digits per hash). A soft-binding resolution
API can only be asked about a registered name; the local repository searches all three.

Thresholds are Hamming distances at or under which a stored fingerprint counts as a match, measured on the
fixtures and the shared corpus (tests/index/test_tracing.py prints the figures; the README section
"Tracing stripped copies" quotes them). They trade recall on re-encoded, resized, cropped and converted
copies for false matches between unrelated pictures: see :data:`THRESHOLDS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ISCC: Final = "io.iscc.v0"
PDQ: Final = "pdq"
VPDQ: Final = "vpdq"


@dataclass(frozen=True, slots=True)
class Algorithm:
    """One fingerprint algorithm: its name, hash size, match threshold, and whether C2PA lists it."""

    name: str
    bits: int
    threshold: int  # largest Hamming distance that counts as a match
    registered: bool  # on the C2PA soft-binding algorithm list
    media: str  # "image" | "video"
    description: str


ALGORITHMS: Final[dict[str, Algorithm]] = {
    ISCC: Algorithm(
        ISCC,
        64,
        8,
        True,
        "image",
        "ISCC Content-Code Image (ISO 24138), 64 bits: DCT of the 32x32 grey image",
    ),
    PDQ: Algorithm(
        PDQ,
        256,
        31,
        False,
        "image",
        "PDQ perceptual hash (Meta ThreatExchange), 256 bits, of the image scaled to 256x256",
    ),
    VPDQ: Algorithm(
        VPDQ,
        256,
        31,
        False,
        "video",
        "vPDQ: a PDQ hash per second of video; a video matches when most of its frames do",
    ),
}


def algorithm(name: str) -> Algorithm:
    """The algorithm called ``name``; KeyError for one we do not compute."""
    return ALGORITHMS[name]
