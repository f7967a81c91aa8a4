"""One walk over a file's container, chosen by media type, into :class:`Blobs`. Never raises for bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Final

from . import Blobs, bmff, jpeg, png, riff

_WALKERS: Final[dict[str, Callable[[IO[bytes]], Blobs]]] = {
    "image/jpeg": jpeg.walk,
    "image/png": png.walk,
    "image/webp": riff.walk,
    "image/heic": bmff.walk,
    "image/heif": bmff.walk,
    "image/avif": bmff.walk,
}

# Media types no walker here understands and Pillow cannot open: nothing to extract, and no problem to
# report either (the C2PA reader still covers them).
_NOT_IMAGES: Final = ("audio/", "video/", "application/")


def extract(stream: IO[bytes], media_type: str | None) -> Blobs:
    """The metadata blobs of ``stream`` (seekable; left open, position undefined afterwards)."""
    if media_type is not None and media_type.startswith(_NOT_IMAGES):
        return Blobs()
    walker = _WALKERS.get(media_type or "")
    if walker is None:
        from . import other  # Pillow, loaded only for the formats it walks (TIFF, GIF...)

        walker = other.walk
    try:
        return walker(stream)
    except Exception as error:  # the walkers guard their input; this is the last net
        return Blobs(problems=(f"metadata: walker failed ({type(error).__name__}: {error})",))
