"""PDQ hashes of several regions of one image at once, in numpy: what the crop variants are stored as.

``pdqhash`` (Meta's C++ code) takes 1.4 ms an image at 256x256, on top of a 0.5 ms RGB resize, and an indexed
image has two crop variants beside the whole. Here each region is hashed by the same steps as
:func:`.image.pdq` (scaled to 256x256 with a box filter, then PDQ: luma, two passes of Jarosz box filters
of width 2 along each axis, every fourth pixel kept, the 16x16 low frequencies of a DCT, each bit whether
its coefficient is over the median), with the luma computed once for the whole image and each region
scaled from it: about 0.3 ms a region (measured). The arithmetic is not bit for bit the C++'s (the box
filter scales a float luma rather than RGB bytes; sums in another order), so a value may differ from
:func:`.image.pdq`'s by a bit or two: tests/fingerprints/test_pdq_regions.py measures it. The whole-image
PDQ, the one reports show and queries send, stays ``pdqhash``'s own.
"""

from __future__ import annotations

from functools import cache
from typing import Final

import numpy as np
import numpy.typing as npt
from PIL import Image

PDQ_SIDE: Final = 256  # each region is scaled to this square first, as image.pdq does
_OUT: Final = 64  # PDQ's downsampled side
_LUMA: Final = np.array([0.299, 0.587, 0.114], dtype=np.float32)

Box = tuple[int, int, int, int]


def pdq_regions(image: Image.Image, boxes: list[Box]) -> list[tuple[bytes, int]]:
    """(32-byte PDQ hash, quality 0-100) of each ``box`` (left, upper, right, lower) of the RGB ``image``,
    each at least :data:`PDQ_SIDE` pixels a side (a smaller one is scaled up with a filter that reads
    past its edges: :func:`.image.pdq` of the cropped image is the one for it)."""
    if not boxes:
        return []
    if any(right - left < PDQ_SIDE or lower - upper < PDQ_SIDE for left, upper, right, lower in boxes):
        raise ValueError(f"regions of at least {PDQ_SIDE} pixels a side are hashed here")
    rgb = np.asarray(image, dtype=np.uint8)
    luma = Image.fromarray(_LUMA[0] * rgb[..., 0] + _LUMA[1] * rgb[..., 1] + _LUMA[2] * rgb[..., 2])  # F
    # A box filter reads no pixel outside the box: the same as cropping first, without the copy.
    squares = [luma.resize((PDQ_SIDE, PDQ_SIDE), Image.Resampling.BOX, box=box) for box in boxes]
    batch = np.stack([np.asarray(square, dtype=np.float32) for square in squares])
    blurred = _decimated(_decimated(batch, axis=2), axis=1)  # (n, 64, 64)
    return [(_bits(dct), _quality(small)) for small, dct in zip(blurred, _dct16(blurred), strict=True)]


def _decimated(batch: npt.NDArray[np.float32], axis: int) -> npt.NDArray[np.float32]:
    """PDQ's two Jarosz passes along ``axis`` then the pixels it keeps there: each kept pixel a weighted
    sum of a few neighbours (gathered, not a matrix product: no BLAS, whose threads spin for nothing when
    several workers share the cores; measured, with OpenBLAS, 3.5 CPU seconds on the corpus)."""
    taps, weights = _taps(batch.shape[axis])
    result = np.zeros((*batch.shape[:axis], _OUT, *batch.shape[axis + 1 :]), dtype=np.float32)
    shape = [1] * batch.ndim
    shape[axis] = _OUT
    for tap in range(taps.shape[1]):
        result += np.take(batch, taps[:, tap], axis=axis) * weights[:, tap].reshape(shape)
    return result


@cache
def _taps(size: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """PDQ's downsampling along one axis of ``size`` pixels, as (64, k) source indices and weights: two box
    filters of the Jarosz width (windows clipped at the ends, as PDQ's box1DFloat does), then the centre
    sampling of decimateFloat."""
    window = (size + 2 * _OUT - 1) // (2 * _OUT)
    before, after = window - (window + 2) // 2, (window + 2) // 2 - 1  # pixels each side of the output
    box = np.zeros((size, size), dtype=np.float64)
    for k in range(size):
        low, high = max(0, k - before), min(size, k + after + 1)
        box[k, low:high] = 1.0 / (high - low)
    keep = [int(((i + 0.5) * size) / _OUT) for i in range(_OUT)]
    dense = np.einsum("ij,jk->ik", box[keep], box, optimize=False)  # (64, size): a few weights a row
    width = int((dense != 0).sum(axis=1).max())
    taps = np.zeros((_OUT, width), dtype=np.intp)
    weights = np.zeros((_OUT, width), dtype=np.float32)
    for i, row in enumerate(dense):
        (found,) = np.nonzero(row)
        taps[i, : len(found)], weights[i, : len(found)] = found, row[found]
    return taps, weights


@cache
def _dct_matrix() -> npt.NDArray[np.float32]:
    """PDQ's 16x64 DCT matrix: sqrt(2/64) cos(pi/2/64 (i+1)(2j+1))."""
    i, j = np.meshgrid(np.arange(16), np.arange(64), indexing="ij")
    return np.asarray(np.sqrt(2.0 / 64.0) * np.cos((np.pi / 2.0 / 64.0) * (i + 1) * (2 * j + 1)), np.float32)


def _dct16(batch: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """D A D^T of each 64x64 image, with einsum's own loops (no BLAS: see :func:`_decimated`)."""
    d = _dct_matrix()
    rows = np.einsum("ik,nkl->nil", d, batch, optimize=False)  # D A: (n, 16, 64)
    return np.asarray(np.einsum("nil,jl->nij", rows, d, optimize=False), dtype=np.float32)  # (D A) D^T


def _bits(dct: npt.NDArray[np.float32]) -> bytes:
    """The hash as pdqhash's binding hands it over (bit 255 first): each coefficient over the median."""
    flat = dct.reshape(-1)
    median = np.partition(flat, 127)[127]  # PDQ's torben median of 256 values: the 128th smallest
    return np.packbits((flat > median)[::-1]).tobytes()


def _quality(small: npt.NDArray[np.float32]) -> int:
    """PDQ's image-domain quality: the significant gradients of the 64x64 downsample, 0-100."""
    down = np.trunc((small[:-1, :] - small[1:, :]) * 100 / 255)
    across = np.trunc((small[:, :-1] - small[:, 1:]) * 100 / 255)
    return min(100, int(np.abs(down).sum() + np.abs(across).sum()) // 90)
