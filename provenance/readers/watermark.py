"""The watermark reader (deep): the ``dwtDct`` invisible watermark of the Stable Diffusion reference code.

SD 1.x/2.x scripts, SDXL (generative-models, diffusers) and FLUX embed a fixed public bit pattern with the
``invisible-watermark`` package by default (:mod:`.dwtdct` decodes it). A match is positive, forgeable pixel
evidence; a miss proves nothing, because JPEG chroma subsampling, resizing and cropping erase the mark and
most front ends (ComfyUI, A1111, Forge) never embed it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import IO

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..models import Check, Evidence, Origin, Strength, Tool, Watermark
from .base import ReadContext, ReaderOutput, too_large_for_pixels
from .dwtdct import MIN_PIXELS, READINGS, Bits, fold_votes, vote_table
from .frame import FirstFrame

MAX_PIXELS = 50_000_000
_MP = MAX_PIXELS // 1_000_000
SCHEME = "dwtDct"
MISS = "not detected (a miss proves nothing: JPEG 4:2:0, resizing or cropping erase it)"


def _int_bits(value: int, width: int) -> NDArray[np.bool_]:
    """``[int(bit) for bit in bin(value)[2:]]``, as the reference code builds its list: leading zeros go."""
    text = bin(value)[2:]
    assert len(text) == width, (value, width)
    return np.array([c == "1" for c in text], dtype=np.bool_)


def _bytes_bits(text: bytes) -> NDArray[np.bool_]:
    """``WatermarkEncoder.set_watermark('bytes', ...)``: np.unpackbits, most significant bit first."""
    return np.unpackbits(np.frombuffer(text, dtype=np.uint8)).astype(np.bool_)


@dataclass(frozen=True, slots=True)
class Variant:
    """One reference embedder's pattern and the match count from which we call it detected."""

    name: str
    bits: NDArray[np.bool_]
    threshold: int
    product: str


VARIANTS: tuple[Variant, ...] = (
    # Stability-AI/generative-models sgm/inference/helpers.py and scripts/demo/detect.py (commit 07bf8251),
    # copied by diffusers pipelines/stable_diffusion_xl/watermark.py: WATERMARK_MESSAGE = 0xB3EC907BB19E.
    Variant(
        "SDXL", _int_bits(0b101100111110110010010000011110111011000110011110, 48), 40, "Stable Diffusion XL"
    ),
    # black-forest-labs/flux src/flux/util.py (commit 1f71c433): WATERMARK_MESSAGE =
    # 0b001010101111111010000111100111001111010100101110; bin()[2:] drops the two leading zeros -> 46 bits.
    Variant("FLUX", _int_bits(0b001010101111111010000111100111001111010100101110, 46), 40, "FLUX"),
    # CompVis/stable-diffusion scripts/txt2img.py (commit 0532f7a9): wm = "StableDiffusionV1", 'bytes'.
    Variant("SD1", _bytes_bits(b"StableDiffusionV1"), 110, "Stable Diffusion 1.x"),
    # Stability-AI/stablediffusion scripts/txt2img.py (commit 054294df): wm = "SDV2", 'bytes'.
    Variant("SD2", _bytes_bits(b"SDV2"), 29, "Stable Diffusion 2.x"),
)


class WatermarkReader:
    """Decodes the dwtDct watermark of each reference variant from the first frame's pixels (``--deep``)."""

    name = "watermark"
    deep = True

    def read(self, ctx: ReadContext) -> ReaderOutput:
        if ctx.media_type is not None and not ctx.media_type.startswith("image/"):
            return _check(
                False, f"not run: the dwtDct watermark is embedded in images, this is {ctx.media_type}"
            )
        try:
            pixels = _pixels(ctx.stream, ctx.size, ctx.frame)
        except Image.DecompressionBombError:
            return _check(False, f"not run: the declared size is over the {_MP} MP limit for pixel checks")
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            return _check(False, f"not run: the image could not be decoded ({type(exc).__name__})")
        if isinstance(pixels, str):
            return _check(False, pixels)
        return assess(vote_table(pixels))


def assess(table: dict[tuple[str, str], Bits]) -> ReaderOutput:
    """Judge every variant from the block votes of each reading; the best reading per variant is reported.

    Ties go to the reference reading (BGR order, uint8 decoder), which comes first in ``READINGS``.
    """
    watermarks, evidence, found = [], [], []
    for variant in VARIANTS:
        total = variant.bits.size
        matches = {r: int(np.count_nonzero(fold_votes(table[r], total) == variant.bits)) for r in READINGS}
        order, pipeline = max(READINGS, key=lambda r: matches[r])
        matched = matches[order, pipeline]
        detected = matched >= variant.threshold
        watermarks.append(Watermark(SCHEME, variant.name, detected, matched, total, order))
        if detected:
            evidence.append(_evidence(variant, matched))
            found.append(
                f"{variant.name} detected ({matched}/{total} bits, {order} order, {pipeline} reading)"
            )
    names = ", ".join(v.name for v in VARIANTS)
    detail = f"{SCHEME}: " + "; ".join(found) if found else f"{SCHEME} ({names}): {MISS}"
    return ReaderOutput(
        evidence=tuple(evidence),
        watermarks=tuple(watermarks),
        checks=(Check(name="watermark", ran=True, detail=detail),),
    )


def _evidence(variant: Variant, matched: int) -> Evidence:
    return Evidence(
        source="watermark",
        field=f"{SCHEME}/{variant.name}",
        raw=f"{matched}/{variant.bits.size} bits",
        meaning=(
            f"invisible watermark of the {variant.name} reference code detected "
            "(pixel evidence; the pattern is public and can be forged or erased)"
        ),
        strength=Strength.WATERMARK,
        origin=Origin.AI_GENERATED,
        tool=Tool(variant.product, None, "watermark", (variant.name,)),
    )


def _check(ran: bool, detail: str) -> ReaderOutput:
    return ReaderOutput(checks=(Check(name="watermark", ran=ran, detail=detail),))


def _pixels(stream: IO[bytes], size: int, frame: FirstFrame) -> NDArray[np.uint8] | str:
    """The first frame as 8-bit RGB (alpha dropped, as cv2.imread does), or why it is not decoded. The
    sizes are checked on the lazily opened image; the decode is the one ``frame`` shares."""
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own cap applies below
        image = Image.open(stream)
    width, height = image.size
    if width * height > MAX_PIXELS:
        return f"not run: {width}x{height} is over the {_MP} MP limit for pixel checks"
    if width * height < MIN_PIXELS:
        return f"not run: {width}x{height} is under the 256x256 pixels the reference embedder needs"
    if (reason := too_large_for_pixels(width, height, size)) is not None:
        return reason
    decoded = frame.decoded(stream)
    rgb = decoded if decoded.mode == "RGB" else decoded.convert("RGB")
    return np.asarray(rgb, dtype=np.uint8)
