"""What a fingerprint is: the algorithm, the implementation's version, the value as the algorithm writes it,
and the bits its Hamming distance is measured on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import metadata
from typing import Any

from .algorithms import ALGORITHMS


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One perceptual fingerprint of a file's content.

    ``alg``: the name (``io.iscc.v0`` as on the C2PA soft-binding algorithm list; ``pdq``, ``vpdq``).
    ``value``: the canonical text (``ISCC:EEA...``; 64 hex digits for PDQ). ``bits``: the hash compared by
    Hamming distance. ``version``: the implementation that computed it (``iscc-core 1.5.0``).
    ``variant``: ``full`` for the whole image; ``crop95``/``crop90`` for the centred crops stored when
    indexing; ``t=12.0`` for a video frame at that second. ``quality``: PDQ's own 0-100 score (a flat or
    nearly blank image hashes poorly; PDQ's authors ignore hashes under 50).
    """

    alg: str
    value: str
    bits: bytes
    version: str
    variant: str = "full"
    quality: int | None = None

    @property
    def registered(self) -> bool:
        """Whether ``alg`` is on the C2PA soft-binding algorithm list."""
        return ALGORITHMS[self.alg].registered

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, in the order a report shows it."""
        data: dict[str, Any] = {
            "alg": self.alg,
            "value": self.value,
            "version": self.version,
            "variant": self.variant,
            "registered": self.registered,
        }
        if self.quality is not None:
            data["quality"] = self.quality
        return data


def hamming(a: bytes, b: bytes) -> int:
    """The number of bits that differ between two hashes of the same length."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different lengths: {len(a)} and {len(b)} bytes")
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).bit_count()


@cache
def package_version(distribution: str) -> str:
    """``name version`` of an installed distribution (the implementation a fingerprint came from)."""
    try:
        return f"{distribution} {metadata.version(distribution)}"
    except metadata.PackageNotFoundError:
        return distribution
