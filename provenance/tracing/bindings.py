"""A soft binding the file's own manifest declares, checked against the file's pixels: for an algorithm we
compute (``io.iscc.v0``; ``pdq``/``vpdq`` should a manifest use those names), the declared value and the
computed one are compared by Hamming distance against the algorithm's threshold."""

from __future__ import annotations

from ..fingerprints import ALGORITHMS, Fingerprint, hamming
from ..fingerprints.values import bits_of
from ..models import Report, SoftBinding, SoftBindingCheck


def declared(report: Report) -> tuple[SoftBinding, ...]:
    """The file's soft bindings of algorithms computed here."""
    if report.c2pa is None:
        return ()
    return tuple(b for b in report.c2pa.soft_bindings if b.algorithm in ALGORITHMS)


def check(binding: SoftBinding, computed: tuple[Fingerprint, ...]) -> SoftBindingCheck:
    """The declared value beside the nearest computed one of its algorithm (video: of any frame)."""
    algorithm = ALGORITHMS[binding.algorithm]
    value = binding.value or ""
    bits = bits_of(binding.algorithm, value)
    ours = [f for f in computed if f.alg == binding.algorithm and not f.variant.startswith("crop")]
    if bits is None or not ours:
        text = ours[0].value if ours else None
        return SoftBindingCheck(
            binding.algorithm, binding.manifest, value, text, None, algorithm.threshold, None
        )
    distance, nearest = min((hamming(bits, f.bits), f.value) for f in ours)
    return SoftBindingCheck(
        binding.algorithm,
        binding.manifest,
        value,
        nearest,
        distance,
        algorithm.threshold,
        distance <= algorithm.threshold,
    )
