"""Thumbnails: small JPEG ``data:`` URIs for the HTML report, the audit and the web page, decoded with bounds.

Every image here comes from an untrusted file (its pixels, or the thumbnail its C2PA manifest carries), so
only common formats Pillow decodes itself are opened, the pixel count is checked from the header before
any pixel is decoded, and the result is a small re-encoded JPEG of a bounded size. A sequential JPEG is
decoded at 1/8 of each side (``draft``), so it may declare up to 64 MP; every other image (a progressive
JPEG too: libjpeg keeps every coefficient of the whole image) is decoded at full size, so it may declare
up to 16 MP. A one-colour 8000x8000 PNG (200 KB) cost 0.6 s and 250 MB to thumbnail in full; it is now
refused from its header.
"""

from __future__ import annotations

import base64
import io
import os
import re
import stat
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Final

from PIL import Image, ImageOps

from .models import Report
from .options import InspectOptions

THUMBNAIL_PREFIX: Final = "data:image/jpeg;base64,"
MAX_THUMBNAIL_CHARS: Final = 8_192  # a thumbnail_data_uri() one stays under ~6 KB; anything bigger is dropped
# Formats a thumbnail is made from: common image formats Pillow decodes itself. Not EPS (Pillow hands
# it to Ghostscript), nor the rarer scientific and legacy decoders, which untrusted files should not reach.
THUMBNAIL_FORMATS: Final = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "BMP", "AVIF")
_THUMBNAIL_QUALITIES: Final = (70, 50, 35)
_THUMBNAIL_BUDGET: Final = 6_144  # characters of data URI
_VALID_THUMBNAIL: Final = re.compile(r"data:image/jpeg;base64,[A-Za-z0-9+/]+={0,2}")
MAX_PIXELS: Final = 64_000_000  # any image, checked from its header
MAX_FULL_DECODE_PIXELS: Final = (
    16_000_000  # an image that cannot be decoded reduced (all but sequential JPEG)
)
# Peak bytes per decoded pixel: the decoded image, plus the premultiplied copy Pillow makes to reduce RGBA
# (a 16 MP RGBA PNG peaked 127 MB above the process's baseline).
_PEAK_BYTES_PER_PIXEL: Final = 8


# A manifest's thumbnail decoded in full may declare this many pixels (the SDK makes 1024 px ones; a
# sequential JPEG is decoded reduced, and may declare up to MAX_PIXELS).
MANIFEST_THUMBNAIL_MAX_PIXELS: Final = 4_000_000
# Peak memory of decoding one such image (_PEAK_BYTES_PER_PIXEL, as thumbnail_cost counts).
MANIFEST_THUMBNAIL_PEAK_BYTES: Final = MANIFEST_THUMBNAIL_MAX_PIXELS * _PEAK_BYTES_PER_PIXEL


@dataclass(frozen=True, slots=True)
class ManifestThumbnails:
    """The thumbnails a file's C2PA manifest store carries, as small JPEG ``data:`` URIs: the active
    manifest's own, and ``ingredients`` as (label of the manifest that lists the ingredient, the
    ingredient's place in that list, URI): the report's ingredient tree lists them in that order."""

    active: str | None = None
    ingredients: tuple[tuple[str, int, str], ...] = ()


def manifest_thumbnails(
    stream: IO[bytes],
    report: Report,
    options: InspectOptions,
    *,
    max_ingredients: int,
    wanted: Callable[[], bool] = lambda: True,
) -> ManifestThumbnails:
    """The manifest store's thumbnails (active manifest first, then at most ``max_ingredients``
    ingredients'), each decoded with :data:`MANIFEST_THUMBNAIL_MAX_PIXELS` as its full-decode cap;
    ``wanted()`` is asked before each. The SDK is asked only when the report found a manifest: a file
    without one (most files, which the fast path kept away from the SDK) has none."""
    if report.c2pa is None or not report.c2pa.present:
        return ManifestThumbnails()
    from .readers.c2pa.sdk import manifest_images

    active: str | None = None
    ingredients: list[tuple[str, int, str]] = []
    for image in manifest_images(stream, trust=options.trust_settings(), max_ingredients=max_ingredients):
        if not wanted():
            break
        uri = thumbnail_data_uri(io.BytesIO(image.data), max_full_decode_pixels=MANIFEST_THUMBNAIL_MAX_PIXELS)
        if uri is not None and image.manifest is None:
            active = uri
        elif uri is not None and image.manifest is not None:
            ingredients.append((image.manifest, image.index, uri))
    return ManifestThumbnails(active, tuple(ingredients))


def thumbnail_data_uri(
    path: str | Path | IO[bytes],
    *,
    max_side: int = 96,
    max_pixels: int = MAX_PIXELS,
    max_full_decode_pixels: int = MAX_FULL_DECODE_PIXELS,
) -> str | None:
    """A small JPEG thumbnail of an image file (a path, or a seekable binary stream read from its
    start) as a ``data:`` URI, or None for anything else.

    None, never an exception, for a file that is not a supported image, is damaged, or declares more than
    ``max_pixels`` pixels, or more than ``max_full_decode_pixels`` when it cannot be decoded reduced
    (checked from the header, before any pixel is decoded). Sequential JPEGs are decoded downscaled
    (``draft``), so a 50-megapixel photo costs a fraction of a full decode.
    """
    try:
        with opened(path) as image:
            if _decoded_pixels(image, max_side, max_pixels, max_full_decode_pixels) is None:
                return None
            if image.format in ("JPEG", "MPO"):
                image.draft("RGB", (max_side, max_side))
            image.thumbnail((max_side, max_side))
            small = _rgb(ImageOps.exif_transpose(image))
            for quality in _THUMBNAIL_QUALITIES:
                buffer = io.BytesIO()
                small.save(buffer, "JPEG", quality=quality, optimize=True)
                uri = THUMBNAIL_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")
                if len(uri) <= _THUMBNAIL_BUDGET:
                    return uri
            return None
    except Exception:  # Pillow raises many types for hostile input (incl. DecompressionBombError)
        return None


def thumbnail_cost(
    path: str | Path | IO[bytes],
    *,
    max_side: int = 96,
    max_pixels: int = MAX_PIXELS,
    max_full_decode_pixels: int = MAX_FULL_DECODE_PIXELS,
) -> int:
    """About how many bytes of memory :func:`thumbnail_data_uri` needs for this file, from its header
    only: 0 for a file it would refuse. Lets a server admit thumbnails against a memory budget."""
    try:
        with opened(path) as image:
            pixels = _decoded_pixels(image, max_side, max_pixels, max_full_decode_pixels)
            return 0 if pixels is None else pixels * _PEAK_BYTES_PER_PIXEL
    except Exception:
        return 0


def opened(path: str | Path | IO[bytes]) -> Image.Image:
    """The image, header read and no pixel decoded; a stream is rewound first. Raises for a non-image or
    a format not in THUMBNAIL_FORMATS. Shared with the fingerprints' bounded decode."""
    if isinstance(path, str | Path):
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ValueError("not a regular file")  # a FIFO would block the open
    else:
        path.seek(0)
    with warnings.catch_warnings():
        # Pillow warns of a bomb above its own limit at open; the caps, checked next, decide here.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(path, formats=_thumbnail_formats())


def _decoded_pixels(image: Image.Image, max_side: int, max_pixels: int, max_full_decode: int) -> int | None:
    """How many pixels making the thumbnail decodes, or None when the image declares too many."""
    width, height = image.size
    if width <= 0 or height <= 0 or width * height > max_pixels:
        return None
    if image.format in ("JPEG", "MPO") and not image.info.get("progressive"):
        # libjpeg scales by 1/2, 1/4 or 1/8 while decoding: what is left is at least max_side a side.
        scale = max(1, min(8, min(width, height) // max(max_side, 1)))
        scale = 1 << (scale.bit_length() - 1)
        return -(-width // scale) * -(-height // scale)
    return None if width * height > max_full_decode else width * height


@cache
def _thumbnail_formats() -> tuple[str, ...]:
    """THUMBNAIL_FORMATS this Pillow build can open (AVIF is optional). Loads every plugin first:
    ``Image.open`` with ``formats`` fails on a format whose plugin is not loaded yet (MPO)."""
    Image.init()
    return tuple(f for f in THUMBNAIL_FORMATS if f in Image.OPEN)


def _rgb(image: Image.Image) -> Image.Image:
    """RGB, transparent parts over white (a plain convert would show them black)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def valid_thumbnail(value: object) -> bool:
    """Whether ``value`` is a base64 JPEG data URI of a sane size, the only image the page shows."""
    if not isinstance(value, str) or len(value) > MAX_THUMBNAIL_CHARS:
        return False
    return _VALID_THUMBNAIL.fullmatch(value) is not None
