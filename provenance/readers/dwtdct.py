"""The ``dwtDct`` invisible watermark of the ``invisible-watermark`` package, in NumPy.

Stable Diffusion 1.x/2.x, SDXL and FLUX reference code embed it by default. We re-implement the package's
``imwatermark/maxDct.py`` (``EmbedMaxDct``, v0.2.0) rather than depend on it, because it pulls torch and
OpenCV. What the reference really does, read from its source (the method's name promises more than it does):

* ``cv2.cvtColor(bgr, COLOR_BGR2YUV)``; only channel 1 (U) carries bits: the loop is ``range(2)`` over
  ``scales=[0, 36, 36]`` and the Y scale is 0, so V is never touched either;
* ``pywt.dwt2(U[:rows//4*4, :cols//4*4], 'haar')``, keeping the LL band (no DCT is applied at all);
* LL is cut into 4x4 blocks in raster order; block ``k`` carries bit ``k % n_bits`` (round-robin);
* per block, the coefficient with the largest magnitude other than ``[0][0]`` is quantised so that
  ``|c| % 36`` is 9 (bit 0) or 27 (bit 1); decoding reads ``|c| % 36 > 18`` on the block's own argmax;
* a bit is the mean of its blocks' votes, set when ``mean * 255 > 127`` (a tie decodes as 1).

Because block ``k`` maps to bit ``k % n_bits``, decodings of different lengths are not prefixes of one
another; the per-block votes are shared, so :func:`vote_table` runs once and :func:`fold_votes` per length.

Besides the reference decoder (the ``"uint8"`` reading, bit-identical to it in our tests), we read U the way
the float32 embedders wrote it (the ``"float"`` reading), which the reference decoder cannot: see
:func:`vote_table`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

SCALE = 36.0  # EmbedMaxDct(scales=[0, 36, 36]): the U channel's quantisation step
BLOCK = 4  # EmbedMaxDct(block=4)
MIN_PIXELS = 256 * 256  # WatermarkEncoder/Decoder refuse images with rows * cols below this
CHANNEL_ORDERS = ("BGR", "RGB")
PIPELINES = ("uint8", "float")
READINGS = tuple((order, pipeline) for order in CHANNEL_ORDERS for pipeline in PIPELINES)
_STRIP = 512  # pixel rows per strip: a multiple of 8, so strips hold whole blocks

# pywt's 'haar' filter taps are +-1/sqrt(2) (the nearest double, as sqrt(0.5) gives).
_H = np.sqrt(0.5)
# OpenCV color_yuv.simd.hpp, BT.601 fixed point (yuv_shift = 14) and float coefficients.
_R2Y, _G2Y, _B2Y, _B2UI, _R2VI = 4899, 9617, 1868, 8061, 14369
_U2BI, _U2GI, _V2GI, _V2RI = 33292, -6472, -9519, 18678
_SHIFT, _ROUND, _DELTA = 14, 1 << 13, 128 << 14

ByteImage = NDArray[np.uint8]
Bits = NDArray[np.bool_]
Floats = NDArray[np.floating]


def _cv_planes(rgb: ByteImage, channel_order: str) -> tuple[NDArray[np.int32], ...]:
    """The (B, G, R) planes as ``cv2.cvtColor(..., COLOR_BGR2YUV)`` saw them.

    ``"BGR"``: the encoder got true BGR, as OpenCV expects (CompVis and Stability scripts, generative-models,
    FLUX, diffusers since its 2024 fix). ``"RGB"``: it got RGB and read red as blue (diffusers' SDXL
    watermarker before that fix), so we decode the same mistake.
    """
    if rgb.ndim != 3 or rgb.shape[2] < 3 or rgb.dtype != np.uint8:
        raise ValueError("expected an 8-bit (rows, cols, 3) RGB array")
    if channel_order not in CHANNEL_ORDERS:
        raise ValueError(f"channel_order must be one of {CHANNEL_ORDERS}, not {channel_order!r}")
    red, green, blue = (rgb[:, :, i].astype(np.int32) for i in range(3))
    return (blue, green, red) if channel_order == "BGR" else (red, green, blue)


def _u_plane_u8(b: NDArray[np.int32], g: NDArray[np.int32], r: NDArray[np.int32]) -> NDArray[np.int32]:
    """U exactly as OpenCV's 8-bit ``RGB2YCrCb_i<uchar>`` computes it (Y rounded first, then saturated)."""
    y = (b * _B2Y + g * _G2Y + r * _R2Y + _ROUND) >> _SHIFT
    u: NDArray[np.int32] = np.clip(((b - y) * _B2UI + _DELTA + _ROUND) >> _SHIFT, 0, 255)
    return u


def _haar_axis(x: NDArray[np.floating], axis: int) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """One Haar analysis step along ``axis``, in pywt's arithmetic order (so LL matches it bit for bit)."""
    even, odd = (x[i::2] if axis == 0 else x[:, i::2] for i in (0, 1))
    h = x.dtype.type(_H)
    return h * odd + h * even, h * even - h * odd


def _haar_ll(plane: NDArray[np.floating]) -> NDArray[np.floating]:
    """pywt.dwt2(plane, 'haar')[0]: rows first (axis 0), then columns, as ``pywt.dwtn`` orders them."""
    low, _ = _haar_axis(plane, 0)
    return _haar_axis(low, 1)[0]


def _blocks(ll: NDArray[np.floating]) -> NDArray[np.floating]:
    """The LL band's whole 4x4 blocks as rows of 16 coefficients, in the reference's raster order."""
    nr, nc = ll.shape[0] // BLOCK, ll.shape[1] // BLOCK
    tiles = ll[: nr * BLOCK, : nc * BLOCK].reshape(nr, BLOCK, nc, BLOCK).swapaxes(1, 2)
    return tiles.reshape(nr * nc, BLOCK * BLOCK)


def _carrier(blocks: NDArray[np.floating]) -> NDArray[np.intp]:
    """Per block, the flat index of the largest-magnitude coefficient but [0][0] (first one on ties)."""
    index: NDArray[np.intp] = np.argmax(np.abs(blocks[:, 1:]), axis=1) + 1
    return index


def _votes(ll: NDArray[np.floating]) -> Bits:
    """``EmbedMaxDct.infer_dct_matrix`` on every block: ``|c| % 36 > 18`` for the block's carrier ``c``."""
    blocks = _blocks(ll)
    values = np.abs(np.take_along_axis(blocks, _carrier(blocks)[:, None], axis=1)[:, 0])
    votes: Bits = (values % SCALE) > 0.5 * SCALE
    return votes


def _cell_sums(plane: NDArray[np.int32]) -> NDArray[np.int32]:
    """Sums of 2x2 pixel cells: twice the Haar LL, exact in integers."""
    sums: NDArray[np.int32] = plane[0::2, 0::2] + plane[0::2, 1::2] + plane[1::2, 0::2] + plane[1::2, 1::2]
    return sums


def _float_u_ll(sum_b: NDArray[np.int32], sum_g: NDArray[np.int32], sum_r: NDArray[np.int32]) -> Floats:
    """LL of U as the float32 embedders computed it, ``(B - Y) * 0.492 + 0.5``.

    Linear in the planes, so it is built from their 2x2 sums (shared by both channel orders); LL is half a
    sum, and the LL of the constant 0.5 offset is 2 * 0.5 = 1.
    """
    u: Floats = (0.5 * 0.492) * (sum_b - (0.114 * sum_b + 0.587 * sum_g + 0.299 * sum_r)) + 1.0
    return u


def vote_table(
    rgb: ByteImage, readings: tuple[tuple[str, str], ...] = READINGS
) -> dict[tuple[str, str], Bits]:
    """Block votes for every (channel order, pipeline) reading, sharing the work between them.

    ``"uint8"`` is the reference decoder exactly (U from OpenCV's 8-bit conversion, chroma offset 128).
    ``"float"`` reads U as the float32 embedders (SDXL, FLUX) wrote it, with a 0.5 offset: the reference
    decoder's offset differs by 127.5, which shifts LL by 255 and flips every block whose LL is negative, so
    it misses those embedders' marks on warm images (blue below luma). Only whole 8x8-pixel cells carry
    blocks, so the image is cropped to them and walked in strips of block rows to bound memory.
    """
    if rgb.ndim != 3 or rgb.shape[2] < 3 or rgb.dtype != np.uint8:
        raise ValueError("expected an 8-bit (rows, cols, 3) RGB array")
    rows, cols = rgb.shape[0] // 8 * 8, rgb.shape[1] // 8 * 8
    parts: dict[tuple[str, str], list[Bits]] = {reading: [] for reading in readings}
    for top in range(0, rows, _STRIP):
        red, green, blue = (rgb[top : min(top + _STRIP, rows), :cols, i].astype(np.int32) for i in range(3))
        if any(pipeline == "float" for _, pipeline in readings):
            sum_r, sum_g, sum_b = (_cell_sums(p) for p in (red, green, blue))
        for order, pipeline in readings:
            b, r = (blue, red) if order == "BGR" else (red, blue)
            if pipeline == "uint8":
                ll = _haar_ll(_u_plane_u8(b, green, r).astype(np.float64))
            else:
                ll = _float_u_ll(sum_b, sum_g, sum_r) if order == "BGR" else _float_u_ll(sum_r, sum_g, sum_b)
            parts[order, pipeline].append(_votes(ll))
    empty = np.zeros(0, dtype=np.bool_)
    return {key: np.concatenate(chunks) if chunks else empty for key, chunks in parts.items()}


def block_votes(rgb: ByteImage, *, channel_order: str, pipeline: str = "uint8") -> Bits:
    """One vote per 4x4 LL block in raster order, for one reading (see :func:`vote_table`)."""
    if (channel_order, pipeline) not in READINGS:
        raise ValueError(f"unknown reading {channel_order!r}/{pipeline!r}")
    return vote_table(rgb, ((channel_order, pipeline),))[channel_order, pipeline]


def fold_votes(votes: Bits, n_bits: int) -> Bits:
    """Average the votes of blocks ``k % n_bits`` per bit; a bit that no block carries decodes as 0."""
    owner = np.arange(votes.size) % n_bits
    counts = np.bincount(owner, weights=votes, minlength=n_bits)
    blocks = np.bincount(owner, minlength=n_bits)
    with np.errstate(invalid="ignore", divide="ignore"):
        bits: Bits = (counts / blocks) * 255 > 127  # EmbedMaxDct.decode: avgScores * 255 > 127
    return bits


def decode_bits(rgb: ByteImage, n_bits: int, *, channel_order: str, pipeline: str = "uint8") -> Bits:
    """The ``n_bits`` bits read from ``rgb``; with the default pipeline, what ``WatermarkDecoder('bits',
    n_bits).decode(img, 'dwtDct')`` returns for a cv2.imread of the file (bit-identical in our tests)."""
    return fold_votes(block_votes(rgb, channel_order=channel_order, pipeline=pipeline), n_bits)


def _quantise(blocks: NDArray[np.floating], bits: NDArray[np.uint8]) -> None:
    """``EmbedMaxDct.diffuse_dct_matrix`` on every block at once, in place."""
    index = _carrier(blocks)[:, None]
    val = np.take_along_axis(blocks, index, axis=1)[:, 0]
    mag = (np.abs(val) // SCALE + 0.25 + 0.5 * bits) * SCALE
    np.put_along_axis(blocks, index, np.where(val >= 0.0, mag, -mag)[:, None].astype(blocks.dtype), axis=1)


def _unhaar_axis(a: NDArray[np.floating], d: NDArray[np.floating], axis: int) -> NDArray[np.floating]:
    """One Haar synthesis step along ``axis`` (pywt's ``rec_lo = [h, h]``, ``rec_hi = [h, -h]``)."""
    h = a.dtype.type(_H)
    shape = list(a.shape)
    shape[axis] *= 2
    out = np.empty(shape, dtype=a.dtype)
    even, odd = [slice(None)] * a.ndim, [slice(None)] * a.ndim
    even[axis], odd[axis] = slice(0, None, 2), slice(1, None, 2)
    out[tuple(even)], out[tuple(odd)] = h * a + h * d, h * a - h * d
    return out


def _embed_u(u: NDArray[np.floating], pattern: NDArray[np.uint8]) -> NDArray[np.floating]:
    """dwt2, quantise LL, then ``idwt2((LL, (V, H, D)))``: the reference swaps H and V, so we do too."""
    low, high = _haar_axis(u, 0)
    ll, cv = _haar_axis(low, 1)  # pywt's cA and cV (approximation down the rows, detail across)
    ch, cd = _haar_axis(high, 1)  # pywt's cH and cD
    nr, nc = ll.shape[0] // BLOCK, ll.shape[1] // BLOCK
    blocks = _blocks(ll).copy()
    _quantise(blocks, pattern[np.arange(blocks.shape[0]) % pattern.size])
    ll[: nr * BLOCK, : nc * BLOCK] = (
        blocks.reshape(nr, nc, BLOCK, BLOCK).swapaxes(1, 2).reshape(nr * 4, nc * 4)
    )
    # maxDct.encode calls pywt.idwt2((ca1, (v1, h1, d1))): the old cV goes in as cH and the old cH as cV.
    # pywt.idwtn undoes the last axis first.
    return _unhaar_axis(_unhaar_axis(ll, ch, 1), _unhaar_axis(cv, cd, 1), 0)


def encode_bits(
    rgb: ByteImage,
    bits: NDArray[np.uint8] | Bits,
    *,
    channel_order: str = "BGR",
    pipeline: Literal["float", "uint8"] = "float",
) -> ByteImage:
    """Embed ``bits`` as ``WatermarkEncoder().encode(img, 'dwtDct')`` would, for fixtures and tests.

    ``pipeline="float"`` mirrors generative-models (SDXL), FLUX and diffusers, which hand the encoder float32
    pixels in 0..255 (so OpenCV's float YUV uses a 0.5 chroma offset) and truncate to bytes afterwards;
    ``"uint8"`` mirrors the CompVis SD1 and Stability SD2 scripts, which hand it a uint8 PIL image.
    """
    pattern: NDArray[np.uint8] = (np.asarray(bits) != 0).astype(np.uint8)
    if pipeline not in PIPELINES:
        raise ValueError(f"pipeline must be one of {PIPELINES}, not {pipeline!r}")
    if rgb.shape[0] * rgb.shape[1] < MIN_PIXELS:
        raise ValueError("image too small, should be larger than 256x256 (as the reference refuses)")
    b, g, r = _cv_planes(rgb, channel_order)
    rows, cols = rgb.shape[0] // 4 * 4, rgb.shape[1] // 4 * 4
    if pipeline == "float":
        bf, gf, rf = (p.astype(np.float32) for p in (b, g, r))
        y = bf * np.float32(0.114) + gf * np.float32(0.587) + rf * np.float32(0.299)
        u = (bf - y) * np.float32(0.492) + np.float32(0.5)
        v = (rf - y) * np.float32(0.877) + np.float32(0.5)
        u[:rows, :cols] = _embed_u(u[:rows, :cols], pattern)
        du, dv = u - np.float32(0.5), v - np.float32(0.5)
        out = [y + du * np.float32(2.032), y + du * np.float32(-0.395) + dv * np.float32(-0.581)]
        out.append(y + dv * np.float32(1.140))
        # generative-models and FLUX clamp to 0..255 and truncate (astype(np.uint8) / Tensor.byte()).
        planes = [np.clip(p, 0.0, 255.0).astype(np.uint8).astype(np.int32) for p in out]
    else:
        yi = (b * _B2Y + g * _G2Y + r * _R2Y + _ROUND) >> _SHIFT
        ui = _u_plane_u8(b, g, r)
        vi = np.clip(((r - yi) * _R2VI + _DELTA + _ROUND) >> _SHIFT, 0, 255)
        yi = np.clip(yi, 0, 255)
        new_u = _embed_u(ui[:rows, :cols].astype(np.float64), pattern)
        # Assigning float64 into the uint8 YUV array is a C cast: truncate toward zero, keep the low byte.
        ui[:rows, :cols] = np.trunc(new_u).astype(np.int64) & 0xFF
        du, dv = ui - 128, vi - 128
        planes = [
            yi + ((du * _U2BI + _ROUND) >> _SHIFT),
            yi + ((du * _U2GI + dv * _V2GI + _ROUND) >> _SHIFT),
            yi + ((dv * _V2RI + _ROUND) >> _SHIFT),
        ]
    cb, cg, cr = (np.clip(p, 0, 255).astype(np.uint8) for p in planes)
    # Undo the channel view: in "BGR" the encoder's B was our blue; in "RGB" it was our red.
    return np.dstack((cr, cg, cb) if channel_order == "BGR" else (cb, cg, cr))
