"""The ISCC image hash (``iscc_core.soft_hash_image_v0``) computed on numpy arrays, bit for bit the same.

iscc-core runs its DCT one 32-value list at a time in Python around a small compiled kernel: 3 ms an image,
three times per indexed image (the whole image and two crops). Here the same recursive DCT (Nayuki's fast
algorithm, as iscc-core's ``alg_dct``) runs on all rows, then all columns, at once: each value goes through
the same floating-point operations in the same order, with the same cosine constants (``math.cos``), so the
coefficients are identical, not merely close; the median and the comparisons are iscc-core's too.
tests/fingerprints/test_iscc_hash.py compares both on random, flat and striped images.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import numpy.typing as npt

SIDE = 32
# The 8x8 squares of the upper-left 16x16 coefficients, in iscc-core's order (x, y): 64 bits each.
_SQUARES = ((0, 0), (8, 0), (0, 8), (8, 8))


def soft_hash_image(pixels: npt.NDArray[np.uint8], bits: int = 64) -> bytes:
    """The ISCC image hash of a 32x32 grey image (its pixels, row by row), ``bits`` (64 to 256) long."""
    if pixels.shape != (SIDE, SIDE):
        raise ValueError(f"a {SIDE}x{SIDE} grey image is needed, not {pixels.shape}")
    return soft_hash_images(pixels[np.newaxis], bits)[0]


def soft_hash_images(pixels: npt.NDArray[np.uint8], bits: int = 64) -> list[bytes]:
    """:func:`soft_hash_image` of each of ``n`` 32x32 grey images (an (n, 32, 32) array), the DCTs of all
    of them at once (an indexed image and its two crops: one pass instead of three)."""
    if pixels.ndim != 3 or pixels.shape[1:] != (SIDE, SIDE):
        raise ValueError(f"32x32 grey images are needed, not {pixels.shape}")
    if bits % 64 or not 64 <= bits <= 256:
        raise ValueError(f"{bits} bits: 64, 128, 192 or 256 are computed")
    count = pixels.shape[0]
    rows = _dct(pixels.reshape(count * SIDE, SIDE).astype(np.float64))  # each row transformed
    rows = rows.reshape(count, SIDE, SIDE).transpose(0, 2, 1).reshape(count * SIDE, SIDE)
    matrix = _dct(rows.copy()).reshape(count, SIDE, SIDE).transpose(0, 2, 1)  # then each column
    return [_hash(one, bits) for one in matrix]


def _hash(matrix: npt.NDArray[np.float64], bits: int) -> bytes:
    """The bits of one image's coefficients: each 8x8 square against its median."""
    found = []
    for x, y in _SQUARES[: bits // 64]:
        square = matrix[y : y + 8, x : x + 8].ravel()
        ordered = np.sort(square)
        median = (ordered[31] + ordered[32]) / 2  # statistics.median of 64 values
        found.append(square > median)
    return np.packbits(np.concatenate(found)).tobytes()


def _dct(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """iscc-core's ``alg_dct`` applied to every row of ``v`` (rows of a power-of-two length)."""
    n = v.shape[1]
    if n == 1:
        return v
    half = n // 2
    mirrored = v[:, ::-1][:, :half]  # v[-(i + 1)] for i < half
    alpha = _dct(v[:, :half] + mirrored)
    beta = _dct((v[:, :half] - mirrored) / _divisors(n))
    result = np.empty_like(v)
    result[:, 0 : n - 2 : 2] = alpha[:, : half - 1]
    result[:, 1 : n - 1 : 2] = beta[:, : half - 1] + beta[:, 1:half]
    result[:, n - 2] = alpha[:, half - 1]
    result[:, n - 1] = beta[:, half - 1]
    return result


@cache
def _divisors(n: int) -> npt.NDArray[np.float64]:
    """``math.cos((i + 0.5) * math.pi / n) * 2.0`` for i < n / 2, as iscc-core computes them."""
    return np.array([math.cos((i + 0.5) * math.pi / n) * 2.0 for i in range(n // 2)], dtype=np.float64)
