"""Decoding an untrusted image for fingerprinting, with bounds: the pixel count is checked before any pixel
is decoded, and what is decoded is as small as the fingerprints allow.

Bounds (the same as :mod:`provenance.thumbnails`): an image may declare at most 64 MP; a sequential JPEG
is decoded reduced by libjpeg (``draft``: 1/2, 1/4 or 1/8 a side, to no less than 512 pixels a side), every
other image (a progressive JPEG too) in full, so it may declare at most 16 MP. Only formats Pillow decodes
itself are opened. Measured peak (benchmarks/index_speed.py, ``--memory``): a 16 MP RGBA PNG, the worst
case admitted, takes about 8 bytes a decoded pixel above the process's baseline; a 64 MP sequential JPEG,
decoded at 1/8, a few MB.

What comes out: the image upright (EXIF orientation applied), its transparent parts over white, in RGB,
reduced to at most 512 pixels a side (a box filter). The ISCC grey 32x32 and the PDQ 256x256 are both made
from it, so a copy's fingerprints do not depend on how large it happens to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from PIL import Image, ImageOps

from ..thumbnails import MAX_FULL_DECODE_PIXELS, MAX_PIXELS, opened

WORKING_SIDE: Final = 512  # the decoded image is reduced to this many pixels a side at most
# Smaller images hold too little to single out: a 10x10 photo and a flat 64x64 image hashed alike.
MIN_SIDE: Final = 32


@dataclass(frozen=True, slots=True)
class Refused:
    """Why an image was not decoded: not an image Pillow reads here, damaged, or over a pixel limit."""

    reason: str


def decode(
    source: str | Path | IO[bytes],
    *,
    max_pixels: int = MAX_PIXELS,
    max_full_decode_pixels: int = MAX_FULL_DECODE_PIXELS,
) -> Image.Image | Refused:
    """The image at ``source`` (a path, or a seekable binary stream read from its start), upright, RGB,
    transparency over white, at most :data:`WORKING_SIDE` pixels a side; or why not. Never raises for bad
    input."""
    try:
        with opened(source) as image:
            width, height = image.size
            if min(width, height) < MIN_SIDE:
                return Refused(f"the image is {width}x{height} pixels: too small to fingerprint")
            if width * height > max_pixels:
                return Refused(f"the image declares {width}x{height} pixels, over the limit of {max_pixels}")
            reducible = image.format in ("JPEG", "MPO") and not image.info.get("progressive")
            if not reducible and width * height > max_full_decode_pixels:
                return Refused(
                    f"the image declares {width}x{height} pixels and cannot be decoded reduced "
                    f"(limit {max_full_decode_pixels})"
                )
            if reducible:
                image.draft("RGB", (WORKING_SIDE, WORKING_SIDE))
            image.seek(0)  # an animation: its first frame
            # Reduced in place first (a square bound, so before or after turning it upright is the same),
            # then turned: turning the full image would copy it (measured: 192 MB for a 16 MP RGBA PNG).
            image.thumbnail((WORKING_SIDE, WORKING_SIDE), Image.Resampling.BOX)
            return _rgb(ImageOps.exif_transpose(image))
    except Exception as error:  # Pillow raises many types for hostile input (incl. DecompressionBombError)
        return Refused(f"the image could not be decoded ({type(error).__name__})")


def _rgb(image: Image.Image) -> Image.Image:
    """RGB, transparent parts over white (as the ISCC's reference normalisation does)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
